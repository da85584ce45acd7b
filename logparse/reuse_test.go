package logparse_test

import (
	"github.com/dartkit/dartkit/internal/logreuse"
	"github.com/dartkit/dartkit/logparse"
)

// reusing returns o set up to write new input over the memory of a record
// once n more are returned, as the analysis sets up its readers.
func reusing(o *logparse.Options, n int) *logparse.Options {
	logreuse.ReuseAfter(o, n)
	return o
}
