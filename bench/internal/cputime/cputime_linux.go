package cputime

import "time"

// rusageThread is Linux's RUSAGE_THREAD, which package syscall does not
// name: the resources used by the calling thread alone.
const rusageThread = 1

func thread() (time.Duration, bool) {
	d := rusage(rusageThread)
	return d, d >= 0
}
