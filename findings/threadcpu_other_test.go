//go:build !linux

package findings_test

import "time"

// threadCPU reports that the CPU time of one thread is not known here.
func threadCPU() (time.Duration, bool) { return 0, false }
