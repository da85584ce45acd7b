//go:build !unix

package dartkit_test

import "time"

// cpuTime reports that the process's CPU time is not known here.
func cpuTime() time.Duration { return -1 }
