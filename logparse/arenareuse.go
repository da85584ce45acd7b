package logparse

// An arena set up to reuse its memory, for the analysis alone (see
// recycle.go): the records of a PowerShellReader, and the descriptions of
// an EventCSVReader put together from several lines, are written in its
// buffers, which the analysis would otherwise allocate anew for every 64
// KiB of records, some 200 MB for a log of a million events.
//
// A full buffer may hold the strings of the records queued until then and
// of the record being read; it is written again only once the reader has
// returned config.reuse records after the last of those.

// reused is the state of an arena that reuses its memory.
type reused struct {
	reuse int
	count *counts // the reader's records
	full  []held  // buffers filled, oldest first
	bytes int     // their size
	again int     // buffers reused, for tests to see
}

// reuseAfter makes a reuse its buffers once n more records have been
// returned, if n (config.reuse) is positive, for a reader that counts its
// records in count.
func (a *arena) reuseAfter(n int, count *counts) {
	if n > 0 {
		a.reuse, a.count = n, count
	}
}

// next returns an empty buffer of at least size bytes that no string points
// into: the oldest full one if the records that may point into it are
// released, or else a new one.
func (a *arena) next(size int) []byte {
	if a.reuse > 0 && len(a.full) > 0 && a.full[0].until <= a.count.returned && cap(a.full[0].buf) >= size {
		b := a.full[0].buf
		a.bytes -= cap(b)
		a.full = a.full[:copy(a.full, a.full[1:])]
		a.again++
		if testOverwrite {
			b = b[:cap(b)]
			for i := range b {
				b[i] = '#'
			}
		}
		return b[:0]
	}
	return make([]byte, 0, size)
}

// retire keeps b, a buffer filled, for next to reuse. Past maxHeldBytes
// the oldest are let go of, for the collector to free.
func (a *arena) retire(b []byte) {
	if a.reuse == 0 || cap(b) == 0 {
		return
	}
	a.full = append(a.full, held{buf: b, until: a.count.queued + 1 + a.reuse})
	a.bytes += cap(b)
	for a.bytes > maxHeldBytes {
		a.bytes -= cap(a.full[0].buf)
		a.full = a.full[:copy(a.full, a.full[1:])]
	}
}

// testArenaSize, when positive, is the size of an arena's buffers: tests
// make it small, so that buffers are retired and reused at nearly every
// record.
var testArenaSize int
