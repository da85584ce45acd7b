// Package logreuse lets the analysis in findings read logs with readers
// that write new input over the memory of the records it is done with, and
// that cut records from the buffers dart's read-ahead lends without
// copying them. Public readers never do either: a string of a record they
// return never changes. The records of a reader set up here are valid only
// for a window of later records, a lifetime rule that only this module's
// own code can opt into, since only it can import this package.
//
// The package imports nothing of the module: logparse imports it to
// install ReuseAfter, and findings and dart import it to use it.
package logreuse

import "io"

// ReuseAfter, installed by logparse, makes a reader made with opts, a
// *logparse.Options, write new input over the memory that a record it
// returned points into, once it has returned n more records; results
// that hold no record (its Pos.Line is 0) do not count. A caller must be
// done with a record by then, or keep what it needs as copies
// (logparse.Record.Clone). Zero, the default, never reuses memory.
var ReuseAfter func(opts any, n int)

// A BlockReader is an io.Reader that can also lend the buffers it reads
// into. A reader set up by ReuseAfter, reading a BlockReader, cuts the
// lines of each lent buffer from the buffer itself rather than from a
// copy, and gives the buffer back once the records cut from it are
// released. A pipe between two goroutines, which fills buffers on one
// side, can so hand them over without a copy.
type BlockReader interface {
	io.Reader

	// ReadBlock returns the next bytes of input, in a buffer the caller
	// may read, and not write, until it gives it to Release. The error
	// that ends the input (io.EOF at its end) comes with the last bytes
	// or with none, as Read returns it.
	ReadBlock() ([]byte, error)

	// Release gives back a buffer that ReadBlock returned. A caller may
	// also keep a buffer, and never give it back.
	Release(b []byte)
}
