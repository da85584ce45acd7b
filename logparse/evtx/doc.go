// Package evtx reads Windows event log files (.evtx) into logparse
// records.
package evtx
