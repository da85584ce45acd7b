//go:build unix

package redact

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU reports the CPU time of the process, user and system, per
// operation of b since the call, when b ends: on a shared machine it
// varies less than the time on the clock.
func reportCPU(b *testing.B) {
	start := cpuTime()
	b.Cleanup(func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	})
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
