// Package cputime reads the CPU time the benchmarks report beside elapsed
// time: on a machine of two cores, an analysis that runs its stages on
// goroutines of their own can take less time than the floor while using
// more CPU, and the CPU is what a busy host pays.
package cputime

import "time"

// Process returns the user and system CPU time the process has used, all
// threads together, or -1 where it cannot be read.
func Process() time.Duration { return process() }

// Thread returns the user and system CPU time the calling thread has used,
// and false where the system does not say. A benchmark that measures one
// goroutine calls runtime.LockOSThread first.
func Thread() (time.Duration, bool) { return thread() }
