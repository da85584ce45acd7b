package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// memoryLimit is the soft memory limit dartscan gives the Go runtime
// while the heap is small (see limitMemory). On a zip of 100,000 small
// entries (bench/many.sh), whose index, zip directory and profiles are
// live through the walk (30 to 35 MB at most), the collector's goal,
// twice what is live, took dartscan's peak RSS to 79-81 MB; with this
// limit it was 54-56 MB, for the same CPU time (with 52 MiB, 58-62 MB).
// The program, its globals and stacks take the rest of the RSS.
const memoryLimit = 48 << 20

// limitMemory sets memoryLimit, and lifts it for good once a collection
// finds more than three quarters of it live: the collector would then
// run several times as often as it does without a limit (and up to half
// the CPU time once the live heap reaches the limit), for a big bundle
// or several analysed at once (-j). The library sets no limit: it does
// not know what else its program holds; dartscan reads its bundles and
// exits.
func limitMemory() {
	debug.SetMemoryLimit(memoryLimit)
	watchCollections()
}

// A gcWatch is an object made to be collected: its finalizer runs after
// each collection. It holds a pointer so that it is not one of the tiny
// objects allocated together, whose finalizers may not run.
type gcWatch struct{ _ *int }

// watchCollections checks the live heap after the next collection, and
// watches the one after while the limit stands.
func watchCollections() {
	runtime.SetFinalizer(new(gcWatch), func(*gcWatch) {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(s)
		if s[0].Value.Kind() == metrics.KindUint64 && s[0].Value.Uint64() > memoryLimit/4*3 {
			debug.SetMemoryLimit(math.MaxInt64)
			return
		}
		watchCollections()
	})
}
