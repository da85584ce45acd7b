//go:build !unix

package evtx_test

import "time"

// cpuTime returns -1: the CPU time is read on Unix only.
func cpuTime() time.Duration { return -1 }
