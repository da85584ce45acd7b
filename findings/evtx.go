package findings

import (
	"context"
	"errors"
	"hash/maphash"
	"io"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// A recordSource is what Analyze needs of a logparse.RecordReader.
type recordSource interface {
	ReadInto(dst *logparse.Record) error
}

// newRecordReader returns a reader of the records of log file f, which r
// reads, and a func that releases what it holds. An EVTX file is read
// through [dart.Bundle.ReaderAt]: a failed read of the bundle that left
// part of the file is returned by the reader once that part is read.
func newRecordReader(ctx context.Context, b *dart.Bundle, f dart.File, r io.Reader, opts *logparse.Options) (recordSource, func(), error) {
	if f.Format != logparse.FormatEVTX {
		rd, err := logparse.NewReader(r, f.Format, opts)
		return rd, func() {}, err
	}
	ra, size, rerr := b.ForwardReaderAt(ctx, f, r) // evtx.Reader reads forward
	if ra == nil {
		return &errRecords{err: rerr}, func() {}, nil
	}
	release := func() { ra.Close() }
	rd, err := evtx.NewReader(ra, size, opts)
	if err != nil {
		// The file was classified by its signature: one refused now is
		// cut inside its header, by the bundle's damage or its own, and
		// its records are lost.
		release()
		if rerr != nil {
			err = rerr
		}
		return &errRecords{err: err}, func() {}, nil
	}
	if rerr != nil {
		return &thenErr{rd, rerr}, release, nil
	}
	return rd, release, nil
}

// errRecords is a reader whose input failed before its first record: it
// returns the error, then io.EOF.
type errRecords struct{ err error }

func (e *errRecords) ReadInto(dst *logparse.Record) error {
	*dst = logparse.Record{}
	err := e.err
	if err == nil {
		return io.EOF
	}
	e.err = nil
	return err
}

// thenErr reads the records of rd, then returns err instead of io.EOF.
type thenErr struct {
	*evtx.Reader
	err error
}

func (t *thenErr) ReadInto(rec *logparse.Record) error {
	err := t.Reader.ReadInto(rec)
	if err == io.EOF {
		return t.err
	}
	return err
}

// A text export and a binary log of the same event channel hold the same
// events: DART writes AnyConnect.txt and AnyConnect.evtx side by side. The
// binary copy is authoritative (times in UTC to the 100 ns, event record
// ids), so its records are all read; the text copy's records are read only
// for what the binary lacks, older events from before the binary log
// wrapped say, and a text record that matches one of the binary's is left
// out, so that no event counts twice.
//
// The two are paired by folder and base name: the same path but for the
// extension, .evtx beside .txt (or .evt.txt), any case. The binary copy is
// read before the walk, for keys only.
//
// Matching. The text export writes local times without an offset; the
// bundle's time zone may be unknown when the text is read (systeminfo can
// come later in the walk, or not at all), and is the zone of the machine
// when DART ran, which need not be the one of old events. So a key does
// not use the day and hour: it is the source, the start of the message
// (its first messageKeyLen bytes, blanks collapsed) and the time's seconds
// modulo 15 minutes, which every zone offset in use (whole hours, half
// hours, and Nepal's and the Chatham Islands' quarters) leaves unchanged.
// A text time must also lie within 14 hours, the largest offset, of the
// binary copy's span. Keys are counted, not only noted: a text record
// matches a binary record at most once, so that an event that happened
// twice in the same second is kept twice if the text has it twice and the
// binary once. Event ids are not in the key, since text exports may lack
// them.
//
// Bound: at most maxCopyKeys keys are held, 16 bytes each in a map (a few
// MiB); an AnyConnect channel log of the default 1 MiB holds a few
// thousand events. Past the bound, the binary copy's later records have no
// key and the text records that would have matched them are read, and a
// note says so.
var maxCopyKeys = 1 << 18 // a variable for tests

const (
	messageKeyLen = 96
	keyPeriod     = 15 * 60        // seconds; every zone offset is a multiple
	maxOffset     = 14 * 60 * 60   // seconds; the largest zone offset
	unset         = int64(1) << 62 // no time seen yet
)

// A copySet holds the keys of a binary log's records, for its text copy.
type copySet struct {
	binary   string // the binary copy's name
	keys     map[uint64]uint32
	min, max int64 // the binary records' span, Unix seconds
	full     bool  // keys were left out at maxCopyKeys
	matched  int   // text records left out
}

var copySeed = maphash.MakeSeed()

// copyKey returns the key of a record whose time is sec seconds.
func copyKey(r *logparse.Record, sec int64) uint64 {
	var h maphash.Hash
	h.SetSeed(copySeed)
	h.WriteString(strings.ToLower(r.Source))
	h.WriteByte(0)
	n, space := 0, false
	for i := 0; i < len(r.Message) && n < messageKeyLen; i++ {
		c := r.Message[i]
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			space = n > 0
			continue
		}
		if space {
			h.WriteByte(' ')
			n++
			space = false
		}
		h.WriteByte(c)
		n++
	}
	h.WriteByte(0)
	m := sec % keyPeriod
	if m < 0 {
		m += keyPeriod
	}
	h.WriteByte(byte(m))
	h.WriteByte(byte(m >> 8))
	return h.Sum64()
}

// wallSeconds returns a text record's time in Unix seconds: its clock
// read as UTC when it has no zone.
func wallSeconds(t time.Time, hasZone bool) int64 {
	if hasZone {
		return t.Unix()
	}
	_, off := t.Zone()
	return t.Unix() + int64(off)
}

// pairCopies finds the text exports of b that have a binary copy, and reads
// each binary copy's keys. The map is keyed by the text file's name.
// Problems reading a binary copy are left for the walk, which reads it
// again and reports them; its keys are those read before.
func pairCopies(ctx context.Context, b *dart.Bundle, opts *logparse.Options) (map[string]*copySet, error) {
	files := b.Index()
	binaries := map[string]string{} // lower-case name without extension -> name
	for _, f := range files {
		if f.Format == logparse.FormatEVTX {
			binaries[strings.ToLower(stem(f.Name))] = f.Name
		}
	}
	if len(binaries) == 0 {
		return nil, nil
	}
	out := map[string]*copySet{}
	for _, f := range files {
		if !f.Kind.IsLog() || f.Format == logparse.FormatEVTX {
			continue
		}
		bin, ok := binaries[strings.ToLower(stem(f.Name))]
		if !ok {
			continue
		}
		cs := &copySet{binary: bin, keys: map[uint64]uint32{}, min: unset, max: -unset}
		o := *opts
		o.File = bin
		err := b.Open(ctx, bin, func(bf dart.File, r io.Reader) error {
			rd, release, err := newRecordReader(ctx, b, bf, r, &o)
			if err != nil {
				return nil
			}
			defer release()
			var rec logparse.Record
			for n := 0; ; n++ {
				err := rd.ReadInto(&rec)
				if err == io.EOF {
					return nil
				}
				if err != nil {
					if !errors.As(err, new(*logparse.ParseError)) {
						return nil // the input failed: keep the keys read
					}
					if rec.Pos.Line == 0 {
						continue // nothing of the record was read
					}
				}
				if n&0x3fff == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				cs.add(&rec)
			}
		})
		if err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if len(cs.keys) > 0 {
			out[f.Name] = cs
		}
	}
	return out, nil
}

// stem returns name without its extension (.txt, .evt.txt, .evtx).
func stem(name string) string {
	dir, base := path.Split(name)
	lower := strings.ToLower(base)
	for _, ext := range []string{".evt.txt", ".txt", ".evtx", ".log"} {
		if strings.HasSuffix(lower, ext) {
			return dir + base[:len(base)-len(ext)]
		}
	}
	return name
}

// add notes a binary record's key.
func (c *copySet) add(r *logparse.Record) {
	sec := r.Time.Unix()
	c.min, c.max = min(c.min, sec), max(c.max, sec)
	k := copyKey(r, sec)
	if _, ok := c.keys[k]; !ok && len(c.keys) >= maxCopyKeys {
		c.full = true
		return
	}
	c.keys[k]++
}

// seen reports whether a text record matches a binary record not matched
// before, and uses that record up.
func (c *copySet) seen(r *logparse.Record) bool {
	if r.Time.IsZero() {
		return false
	}
	sec := wallSeconds(r.Time, r.HasZone)
	if sec < c.min-maxOffset || sec > c.max+maxOffset {
		return false
	}
	k := copyKey(r, sec)
	n := c.keys[k]
	if n == 0 {
		return false
	}
	if n == 1 {
		delete(c.keys, k)
	} else {
		c.keys[k] = n - 1
	}
	c.matched++
	return true
}

// note says what became of text export name's records found in the
// binary copy.
func (c *copySet) note(pr *i18n.Printer, name string, n int) string {
	msg := pr.Sprintf("%s: read; %s records also in %s, not counted twice", name, thousands(n), c.binary)
	if c.full {
		msg += pr.Sprintf(" (keys of %s kept for its first %s distinct events only: later events of both files may count twice)", c.binary, thousands(maxCopyKeys))
	}
	return msg
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// lostRecords reports whether a parse error of a log in format f means
// that records or text of it were not read. In an EVTX file, damage
// (a chunk without its signature, skipped; a record whose frame is
// broken, passed over) loses the records it held, while a checksum that
// does not match is a doubt: the chunk is read, each record checked on its
// own.
func lostRecords(f logparse.Format, err error) bool {
	if f == logparse.FormatEVTX {
		return !errors.Is(err, evtx.ErrChecksum)
	}
	return lostText(err)
}
