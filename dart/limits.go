package dart

import (
	"io"
	"math"
)

// Default limits, used for the zero fields of [Limits].
const (
	DefaultMaxFileSize   int64 = 2 << 30   // 2 GiB
	DefaultMaxTotalSize  int64 = 8 << 30   // 8 GiB
	DefaultMaxRatio      int64 = 1000      // uncompressed bytes per compressed byte
	DefaultMaxDepth            = 3         // archives inside archives
	DefaultMaxEntries          = 100000    // files in the bundle
	DefaultMaxNestedSize int64 = 512 << 20 // 512 MiB
	DefaultMaxEVTXMemory int64 = 4 << 20   // 4 MiB
)

// Options configure [Open] and [NewReader]. A nil *Options means the
// defaults.
type Options struct {
	Limits Limits
}

// Limits bound the work and memory spent on one bundle, which is untrusted
// input. A zero field means the default given in its comment (see the
// Default constants); a negative field is treated as zero.
//
// Sizes count uncompressed bytes as they are read. A read that would go past
// a limit returns a [*LimitError]; limits met while indexing are recorded in
// [Bundle.Problems].
type Limits struct {
	// MaxFileSize bounds the uncompressed bytes of one file (default 2 GiB).
	MaxFileSize int64
	// MaxTotalSize bounds the uncompressed bytes read in one pass over the
	// whole bundle, nested archives included (default 8 GiB).
	MaxTotalSize int64
	// MaxRatio bounds the uncompressed/compressed size ratio of one entry
	// when the archive says its compressed size (zip): reading stops after
	// compressed size × MaxRatio bytes (default 1000).
	MaxRatio int64
	// MaxDepth bounds how deep archives nest in archives; a single
	// compressed file (system.log.0.gz) counts as one level (default 3).
	// Deeper archives are listed as KindArchive files, not opened.
	MaxDepth int
	// MaxEntries bounds the number of files in the bundle (default
	// 100000). Files past it are left out of the index. It bounds the
	// folders kept for EmptyFolders alike, without a problem reported.
	// A zip's directory is read for at most twice MaxEntries records,
	// files and folders: a zip of a million entries costs what one of
	// twice MaxEntries does, and what its directory lists past that is
	// left out, with a MaxEntries problem.
	MaxEntries int
	// MaxNestedSize bounds the bytes of a nested zip or 7z archive, which
	// are read into memory to get random access (default 512 MiB).
	MaxNestedSize int64
	// MaxEVTXMemory bounds the bytes of a binary file of an archive held
	// in memory for random access by [Bundle.ReaderAt] (and by
	// [Bundle.ForwardReaderAt] for a file whose size is not known); a
	// larger one is copied to a temporary file (default 4 MiB, which
	// holds the AnyConnect channel's log at its default size of 1 MiB and
	// DART.evtx, and not System.evtx, 20 MiB by default).
	MaxEVTXMemory int64
}

// withDefaults returns l with zero fields set to their defaults.
func (l Limits) withDefaults() Limits {
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultMaxFileSize
	}
	if l.MaxTotalSize <= 0 {
		l.MaxTotalSize = DefaultMaxTotalSize
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = DefaultMaxRatio
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxNestedSize <= 0 {
		l.MaxNestedSize = DefaultMaxNestedSize
	}
	if l.MaxEVTXMemory <= 0 {
		l.MaxEVTXMemory = DefaultMaxEVTXMemory
	}
	return l
}

func (o *Options) limits() Limits {
	if o == nil {
		return Limits{}.withDefaults()
	}
	return o.Limits.withDefaults()
}

// fileLimit returns the byte limit for one entry and the name of the limit
// that sets it: the smaller of MaxFileSize and csize×MaxRatio (when the
// compressed size csize is known and positive).
func (l Limits) fileLimit(csize int64) (int64, string) {
	max, name := l.MaxFileSize, "MaxFileSize"
	if csize > 0 {
		r := int64(math.MaxInt64)
		if csize <= math.MaxInt64/l.MaxRatio {
			r = csize * l.MaxRatio
		}
		if r < max {
			max, name = r, "MaxRatio"
		}
	}
	return max, name
}

// A passCounter counts the bytes read in one pass over a bundle, to enforce
// MaxTotalSize. It is not safe for concurrent use: a pass runs on one
// goroutine.
type passCounter struct {
	n, max int64
	bundle string
}

// limitReader yields at most max bytes of r, then a *LimitError naming the
// file; it also charges every byte to the pass counter.
type limitReader struct {
	r     io.Reader
	n     int64
	max   int64
	limit string // the limit that sets max, named in the error when n would exceed it
	file  string
	pass  *passCounter
	err   error // sticky
}

// newLimitReader returns a limitReader. The *LimitError is made only when
// a limit is hit: an index of many small files makes one reader a file.
func newLimitReader(r io.Reader, file string, max int64, limit string, pass *passCounter) *limitReader {
	return &limitReader{r: r, max: max, limit: limit, file: file, pass: pass}
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if len(p) == 0 {
		return 0, nil
	}
	if l.pass != nil && l.pass.n > l.pass.max {
		l.err = &LimitError{Limit: "MaxTotalSize", Value: l.pass.max, File: l.file}
		return 0, l.err
	}
	// Allow one byte past each limit so that reaching a limit exactly is not
	// an error, but going past it is.
	if room := l.max - l.n + 1; int64(len(p)) > room {
		p = p[:room]
	}
	if l.pass != nil {
		if room := l.pass.max - l.pass.n + 1; int64(len(p)) > room {
			p = p[:room]
		}
	}
	k, err := l.r.Read(p)
	l.n += int64(k)
	if l.pass != nil {
		l.pass.n += int64(k)
	}
	if l.n > l.max {
		k -= int(l.n - l.max)
		l.err = &LimitError{Limit: l.limit, Value: l.max, File: l.file}
		return k, l.err
	}
	if l.pass != nil && l.pass.n > l.pass.max {
		over := int(l.pass.n - l.pass.max)
		if over > k {
			over = k
		}
		k -= over
		l.err = &LimitError{Limit: "MaxTotalSize", Value: l.pass.max, File: l.file}
		return k, l.err
	}
	if err != nil && err != io.EOF {
		l.err = err
	}
	return k, err
}
