//go:build unix

package findings_test

import (
	"syscall"
	"time"
)

// processCPU returns the CPU time, user and system, of all the process's
// threads: an analysis parses and matches on two goroutines.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
