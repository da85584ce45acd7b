package findings

import (
	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/logparse"
)

// FeedWork returns what the feed goroutine of an analysis does with each
// record, for benchmarks outside the package: the fact builder's and the
// rules' signals' work, or either alone.
func FeedWork(rules []*Rule, facts, signals bool) func(*logparse.Record) {
	fb := dart.NewFactBuilder()
	e := newEngine(rules)
	switch {
	case facts && signals:
		return func(r *logparse.Record) { fb.AddRecord(r); e.observe(r) }
	case facts:
		return fb.AddRecord
	}
	return e.observe
}
