package report

import (
	"encoding/binary"
	"io"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/internal/recordtap"
	"github.com/dartkit/dartkit/logparse"
)

// ECSVersion is the version of the Elastic Common Schema whose field names
// NDJSONWriter writes, the value of every event's "ecs.version".
const ECSVersion = "9.4.0"

// An NDJSONWriter writes analyses as newline-delimited JSON: one JSON
// object a line, each an event named in the fields of the Elastic Common
// Schema (ECS) version ECSVersion, for a log store such as Elasticsearch
// or OpenSearch to ingest. Keys are ECS's dotted flat names
// ("log.file.path"), as ECS logging libraries write them.
//
// For each bundle it writes, in order:
//
//   - every record the analysis reads, as it reads it, when Attach was
//     called: "event.kind" "event", "event.dataset" "anyconnect.log";
//   - every finding: "event.kind" "alert", "event.dataset"
//     "anyconnect.finding", with "rule.id", "rule.name", "rule.reference"
//     and "event.severity", the finding's findings.Severity as a number
//     (1 info, 2 low, 3 medium, 4 high, 5 critical), and its
//     findings.Finding.Fingerprint in "anyconnect.finding.fingerprint";
//   - a summary of the bundle: "event.dataset" "anyconnect.bundle", its
//     host, product, version and whether the analysis is incomplete, or
//     "error.message" when it could not be analysed.
//
// Every event carries the bundle's path in "anyconnect.bundle.path", so
// that the events of several bundles can share a stream. Fields ECS does
// not define (the AnyConnect header's invoked function and description,
// a log's format and line, the evidence of a finding) are under
// "anyconnect.", a name ECS does not use.
//
// A record's time is "@timestamp", in RFC 3339 with the offset the log
// gave, when its log gives a zone. Many logs of a bundle do not (the
// Windows event-log export, BSD syslog): their local time is written
// without an offset in "anyconnect.local_time", and "@timestamp" is left
// out, since a date without an offset is read as UTC by Elasticsearch and
// would be hours off. The zone of the endpoint is known, if at all, only
// once the bundle is read; the summary gives it in "event.timezone", for
// a pipeline to set "@timestamp" from "anyconnect.local_time". Findings and
// summaries have no time of their own: the ingest time stands for when
// they were made.
//
// An NDJSONWriter writes one bundle at a time, and is not safe for
// concurrent use. The first error of writing stops the stream; Finish returns it.
type NDJSONWriter struct {
	w    io.Writer
	p    *i18n.Printer
	err  error
	e    ecsEncoder
	path string // the bundle's path, in every event

	// The index of the attached bundle, sorted by name: a log's
	// records come one after the other, and the fields of its file are
	// encoded once.
	index []dart.File
	// The fields of the last record's file, encoded, and the
	// bundle's path, as the last field of an event.
	lastFile   string
	fileFields []byte
	pathField  []byte

	// The strings of a record that repeat from record to record (its
	// process, the function and source file of AnyConnect's header, the
	// last often a long Windows path whose every '\\' is escaped),
	// encoded.
	seen stringCache
	time timeCache

	redact func(string) string // Options.Redact
}

// NewNDJSONWriter returns an NDJSONWriter writing to w in the language of
// opts, for the texts of rules and summaries; field names and enumerations
// are English in every language. It writes to w in blocks of 64 KiB, and
// the rest in Finish.
func NewNDJSONWriter(w io.Writer, opts *Options) *NDJSONWriter {
	n := &NDJSONWriter{w: w, p: opts.printer(), e: ecsEncoder{b: make([]byte, 0, bufferSize+4<<10)}}
	if opts != nil {
		n.redact = opts.Redact
	}
	return n
}

// Attach makes the analysis that runs with fo write each record it reads
// as an event of the bundle b, named path as the user gave it, while it
// reads it: the records are never held. Finish must be called once the
// analysis is done, with the same path. An analysis gives its records to
// one watcher: Attach takes the place of a TimelineRecorder attached to
// fo before.
func (n *NDJSONWriter) Attach(fo *findings.Options, b *dart.Bundle, path string) {
	n.path = path
	if n.redact != nil {
		path = n.redact(path)
	}
	n.pathField = append(appendJSONString(append(n.pathField[:0], `,"anyconnect.bundle.path":`...), path), '}', '\n')
	n.lastFile, n.fileFields = "", n.fileFields[:0]
	n.index = nil
	if b != nil {
		n.index = b.Index()
	}
	recordtap.Set(fo, n.record)
}

// Finish writes b's findings and the summary of b, and flushes what was
// written. It returns the first error of writing, of b's records or of
// the events it writes.
func (n *NDJSONWriter) Finish(b Bundle) error {
	n.path = b.Path
	n.finish(b)
	n.index = nil
	if n.err == nil {
		n.flush()
	}
	return n.err
}

// bufferSize is how many bytes of events are written at once: the events
// are encoded into the buffer that is written, with no copy between.
const bufferSize = 64 << 10

// write ends the event encoded in n.e, unless it ends, and writes the
// buffer once it holds bufferSize bytes.
func (n *NDJSONWriter) write() {
	if n.e.b[len(n.e.b)-1] != '\n' {
		n.e.b = append(n.e.b, '}', '\n')
	}
	if len(n.e.b) >= bufferSize {
		n.flush()
	}
}

// flush writes the buffer.
func (n *NDJSONWriter) flush() {
	if n.err == nil && len(n.e.b) > 0 {
		_, n.err = n.w.Write(n.e.b)
	}
	n.e.b = n.e.b[:0]
}

// common writes the fields that begin every event: its kind and dataset.
func (e *ecsEncoder) common(kind, dataset string) {
	e.str("ecs.version", ECSVersion)
	e.str("event.kind", kind)
	e.str("event.module", "anyconnect")
	e.str("event.dataset", dataset)
}

// record writes r as an event. Its fields are written each after a
// comma, the first of which begins the event.
func (n *NDJSONWriter) record(r *logparse.Record) {
	if n.err != nil {
		return
	}
	if n.redact != nil {
		c := *r
		h := &c.Header
		for _, s := range [...]*string{&c.Source, &c.Host, &c.Sender, &c.Subsystem, &c.Message,
			&h.Function, &h.File, &h.InvokedFunction, &h.Description} {
			*s = n.redact(*s)
		}
		r = &c // its Pos.File still finds the file in the index
	}
	e := &n.e
	start := len(e.b)
	if !r.Time.IsZero() {
		if r.HasZone {
			e.b = append(e.b, `,"@timestamp":"`...)
		} else {
			e.b = append(e.b, `,"anyconnect.local_time":"`...)
		}
		e.b = n.time.append(e.b, r.Time, r.HasZone)
		e.b = append(e.b, '"')
	}
	if r.Level > logparse.LevelUnknown && int(r.Level) < len(levelValues) {
		e.b = append(e.b, levelValues[r.Level]...)
	}
	e.b = appendJSONString(append(e.b, `,"message":`...), r.Message)
	e.b[start] = '{'
	// The fields every record of a file shares, encoded once for its
	// records, and the bundle's path.
	if r.Pos.File != n.lastFile || len(n.fileFields) == 0 {
		n.fileFields = n.encodeFileFields(n.fileFields[:0], r.Pos.File)
	}
	e.b = append(e.b, n.fileFields...)
	if r.Pos.Line > 0 {
		e.b = appendCount(append(e.b, `,"anyconnect.log.line":`...), uint64(r.Pos.Line))
	}
	n.optCached(`,"process.name":`, r.Source)
	if r.PID > 0 {
		e.b = appendCount(append(e.b, `,"process.pid":`...), uint64(r.PID))
	}
	n.optCached(`,"host.hostname":`, r.Host)
	if r.EventID > 0 {
		e.b = appendCount(append(e.b, `,"event.code":"`...), uint64(r.EventID))
		e.b = append(e.b, '"')
	}
	n.optCached(`,"log.logger":`, r.Subsystem)
	n.optCached(`,"anyconnect.sender":`, r.Sender)
	h := &r.Header
	if !h.IsZero() {
		n.optCached(`,"log.origin.function":`, h.Function)
		n.optCached(`,"log.origin.file.name":`, h.File)
		if h.Line > 0 {
			e.b = appendCount(append(e.b, `,"log.origin.file.line":`...), uint64(h.Line))
		}
	}
	if h.HasReturnCode {
		// As AnyConnect writes it beside the decimal: 0xFE25000C.
		e.b = append(e.b, `,"error.code":"0x`...)
		e.b = appendHex8(e.b, uint32(h.ReturnCode))
		e.b = append(e.b, '"')
	}
	if h.InvokedFunction != "" {
		e.b = appendJSONString(append(e.b, `,"anyconnect.invoked_function":`...), h.InvokedFunction)
	}
	if h.Description != "" {
		e.b = appendJSONString(append(e.b, `,"anyconnect.description":`...), h.Description)
	}
	if r.Repeat > 1 {
		e.b = appendCount(append(e.b, `,"anyconnect.repeat":`...), uint64(r.Repeat))
	}
	e.b = append(e.b, n.pathField...)
	n.write()
}

// optCached writes a string field unless v is empty, from n.seen; key is
// the field's key with the comma before it, encoded.
func (n *NDJSONWriter) optCached(key, v string) {
	if v != "" {
		n.e.b = n.seen.appendJSONString(append(n.e.b, key...), v)
	}
}

// A stringCache holds the JSON encodings of strings that were encoded
// before, for the strings that repeat from one record to the next: a
// table indexed by a hash of the string (see cacheSlot), whose entry is
// replaced on a miss. The strings are copied, since a record's are valid
// only during the call; the entries' buffers are reused, so that a cache
// that misses does not allocate once it has grown.
type stringCache struct {
	keys [1 << cacheBits][]byte
	vals [1 << cacheBits][]byte
}

// cacheBits is the size of a stringCache's table, in bits.
const cacheBits = 8

// Strings shorter than minCached cost no more to encode than to find;
// strings longer than maxCached are not kept, so that the table stays
// small whatever the records hold.
const (
	minCached = 16
	maxCached = 512
)

// appendJSONString appends s as a JSON string, as appendJSONString does.
func (c *stringCache) appendJSONString(b []byte, s string) []byte {
	if len(s) < minCached || len(s) > maxCached {
		return appendJSONString(b, s)
	}
	h := cacheSlot(s)
	if string(c.keys[h]) == s {
		return append(b, c.vals[h]...)
	}
	start := len(b)
	b = appendJSONString(b, s)
	c.keys[h] = append(c.keys[h][:0], s...)
	c.vals[h] = append(c.vals[h][:0], b[start:]...)
	return b
}

// cacheSlot returns the entry of a stringCache for s, of minCached bytes
// or more: a hash of its length and of eight bytes at its end and eight
// in its middle. The source files of one build share their start and
// often their end and length ("...\vpn\common\ip\dnsrequest.cpp"),
// and a hash of a few bytes sent the files and functions of a busy log to
// the same entries.
func cacheSlot(s string) uint64 {
	x := load64(s[len(s)-8:]) ^ load64(s[len(s)/2-4:])*31 ^ uint64(len(s))
	return (x * 0x9E3779B97F4A7C15) >> (64 - cacheBits)
}

// levelValues are the "log.level" fields of each level, encoded, with
// the comma before.
var levelValues = func() []string {
	values := make([]string, logparse.LevelCritical+1)
	for l := range values {
		values[l] = `,"log.level":"` + logparse.Level(l).String() + `"`
	}
	return values
}()

// encodeFileFields appends the fields of the records of the bundle's
// file name: the event's kind and dataset, the file's path and format.
func (n *NDJSONWriter) encodeFileFields(b []byte, name string) []byte {
	e := ecsEncoder{b: append(b, '{')}
	e.common("event", "anyconnect.log")
	e.str("log.file.path", name)
	// The record's strings are valid only during the call (see
	// internal/recordtap): the name is kept as a copy.
	n.lastFile = strings.Clone(name)
	i, ok := slices.BinarySearchFunc(n.index, name, func(f dart.File, name string) int { return strings.Compare(f.Name, name) })
	if ok && n.index[i].Format != logparse.FormatUnknown {
		e.str("anyconnect.log.format", n.index[i].Format.String())
	}
	e.b[len(b)] = ','
	return e.b
}

// appendTime appends t in RFC 3339, to the nanosecond without trailing
// zeros, with its offset if zoned: as t.AppendFormat(b, time.RFC3339Nano)
// does, or without the zone, but several times faster.
func appendTime(b []byte, t time.Time, zoned bool) []byte {
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		if zoned {
			return t.AppendFormat(b, time.RFC3339Nano)
		}
		return t.AppendFormat(b, localTime)
	}
	hour, minute, sec := t.Clock()
	b = append(b, byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-')
	b = append2(b, int(month), '-')
	b = append2(b, day, 'T')
	b = append2(b, hour, ':')
	b = append2(b, minute, ':')
	b = append(b, byte('0'+sec/10), byte('0'+sec%10))
	b = appendFraction(b, t.Nanosecond())
	if !zoned {
		return b
	}
	_, off := t.Zone()
	if off == 0 {
		return append(b, 'Z')
	}
	// In whole minutes, as time.Time.AppendFormat writes it: an offset
	// of less than a minute west is "+00:00".
	off /= 60
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	b = append(b, sign)
	b = append2(b, off/60, ':')
	return append(b, byte('0'+off%60/10), byte('0'+off%10))
}

// appendFraction appends the fraction of a second of ns nanoseconds, a
// point and up to nine digits without trailing zeros, unless ns is 0.
func appendFraction(b []byte, ns int) []byte {
	if ns == 0 {
		return b
	}
	var frac [10]byte
	frac[0] = '.'
	for i := 9; i > 0; i-- {
		frac[i] = byte('0' + ns%10)
		ns /= 10
	}
	n := 10
	for frac[n-1] == '0' {
		n--
	}
	return append(b, frac[:n]...)
}

// A timeCache holds the encoding of the last minute a time was in, for
// the records of a log that share it. What appendTime writes of a time is
// a function of its clock in its zone and of its offset alone: two times
// of the same minute of the clock and the same offset differ in their
// seconds and fraction only.
type timeCache struct {
	min int64 // the minute of the clock, in minutes since 1970 as if in UTC
	off int   // the offset of the zone, in seconds east of UTC
	// b is the minute, as appendTime writes it with its colon (17
	// bytes), then two bytes of seconds, then the offset; empty when
	// there is none.
	b []byte
}

// append appends t as appendTime does.
func (c *timeCache) append(b []byte, t time.Time, zoned bool) []byte {
	_, off := t.Zone()
	clock := t.Unix() + int64(off)
	m := clock / 60
	if clock%60 < 0 {
		m-- // the minute begins before clock
	}
	if m != c.min || off != c.off || len(c.b) == 0 {
		if y := t.Year(); y < 0 || y > 9999 {
			return appendTime(b, t, zoned)
		}
		c.min, c.off = m, off
		c.b = appendTime(c.b[:0], t.Add(-time.Duration(t.Nanosecond())), true)
	}
	sec := clock - m*60
	b = append(b, c.b[:17]...)
	b = append(b, byte('0'+sec/10), byte('0'+sec%10))
	b = appendFraction(b, t.Nanosecond())
	if zoned {
		b = append(b, c.b[19:]...)
	}
	return b
}

// appendCount appends v in decimal, as strconv.AppendUint does, in place
// rather than copied from a buffer of its own: the record's numbers are
// short and many. Its digits are written two at a time from the end, as
// strconv writes them.
func appendCount(b []byte, v uint64) []byte {
	// The number of digits, from that of bits: log10(2) is about
	// 1233/4096.
	t := bits.Len64(v) * 1233 >> 12
	n := t + 1
	if t > 0 && v < pow10[t] {
		n = t
	}
	b = slices.Grow(b, n)
	end := len(b) + n
	b = b[:end]
	i := end
	for v >= 100 {
		q := v / 100
		d := (v - q*100) * 2
		i -= 2
		b[i], b[i+1] = digitPairs[d], digitPairs[d+1]
		v = q
	}
	if v >= 10 {
		b[i-2], b[i-1] = digitPairs[v*2], digitPairs[v*2+1]
	} else {
		b[i-1] = byte('0' + v)
	}
	return b
}

// pow10 are the powers of ten a uint64 holds.
var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// digitPairs holds the numbers 00 to 99 in two digits each.
const digitPairs = "00010203040506070809" +
	"10111213141516171819" +
	"20212223242526272829" +
	"30313233343536373839" +
	"40414243444546474849" +
	"50515253545556575859" +
	"60616263646566676869" +
	"70717273747576777879" +
	"80818283848586878889" +
	"90919293949596979899"

// append2 appends v, 0 to 99, in two digits, then sep.
func append2(b []byte, v int, sep byte) []byte {
	return append(b, byte('0'+v/10), byte('0'+v%10), sep)
}

// localTime is the layout of a time without a zone.
const localTime = "2006-01-02T15:04:05.999999999"

// appendHex8 appends v in eight upper-case hexadecimal digits.
func appendHex8(b []byte, v uint32) []byte {
	const digits = "0123456789ABCDEF"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, digits[v>>shift&0xF])
	}
	return b
}

// finish writes b's findings and summary.
func (n *NDJSONWriter) finish(b Bundle) {
	rep := b.Report
	host := ""
	if rep != nil && rep.Facts != nil {
		host = rep.Facts.Hostname.Value
	}
	if rep != nil {
		for i := range rep.Findings {
			n.finding(&rep.Findings[i], host)
		}
	}
	n.summary(b, host)
}

// finding writes f as an alert.
func (n *NDJSONWriter) finding(f *findings.Finding, host string) {
	e := &n.e
	e.begin()
	e.str("message", f.Summary)
	e.common("alert", "anyconnect.finding")
	e.int("event.severity", int64(f.Severity))
	e.str("rule.id", f.Rule)
	e.str("rule.name", n.p.Text(f.Title))
	for _, r := range f.References {
		if r.URL != "" {
			e.str("rule.reference", r.URL)
			break
		}
	}
	e.optStr("host.hostname", host)
	e.str("anyconnect.finding.severity", f.Severity.String())
	e.optStr("anyconnect.finding.fingerprint", f.Fingerprint)
	e.list("anyconnect.finding.evidence", len(f.Evidence), func(i int) {
		ev := &f.Evidence[i]
		e.object()
		e.str("file", ev.File)
		if ev.Line > 0 {
			e.int("line", int64(ev.Line))
		}
		if ev.Frame > 0 {
			e.int("frame", int64(ev.Frame))
		}
		if !ev.Time.IsZero() {
			if ev.Zoned {
				e.time("time", ev.Time, time.RFC3339Nano)
			} else {
				e.time("local_time", ev.Time, localTime)
			}
		}
		e.str("text", ev.Text)
		e.optStr("note", ev.Note)
		e.end()
	})
	if len(f.Facts) > 0 {
		e.list("anyconnect.finding.facts", len(f.Facts), func(i int) {
			fr := &f.Facts[i]
			e.object()
			e.str("name", fr.Name)
			e.str("value", fr.Value)
			e.optStr("file", fr.File)
			if fr.Line > 0 {
				e.int("line", int64(fr.Line))
			}
			e.end()
		})
	}
	if len(f.Remediation) > 0 {
		e.list("anyconnect.finding.remediation", len(f.Remediation), func(i int) {
			e.b = appendJSONString(e.b, n.p.Text(f.Remediation[i]))
		})
	}
	if len(f.References) > 0 {
		e.list("anyconnect.finding.references", len(f.References), func(i int) {
			r := &f.References[i]
			e.object()
			e.str("kind", r.Kind)
			e.optStr("id", r.ID)
			e.optStr("title", r.Title)
			e.optStr("url", r.URL)
			e.end()
		})
	}
	e.str("anyconnect.bundle.path", n.path)
	n.write()
}

// summary writes the event that sums b up.
func (n *NDJSONWriter) summary(b Bundle, host string) {
	e := &n.e
	e.begin()
	rep := b.Report
	switch {
	case rep == nil:
		msg := n.p.Sprintf("%s could not be analysed", b.Path)
		if b.Err != nil {
			msg = b.Err.Error()
		}
		e.str("message", msg)
	case rep.NotBundle:
		e.str("message", rep.Err().Error())
	default:
		msg := n.p.Sprintf("%s: records read: %d; findings: %d", b.Path, recordsOf(rep), len(rep.Findings))
		if rep.Incomplete {
			msg += n.p.Sprintf("; incomplete: part of the bundle could not be read")
		}
		e.str("message", msg)
	}
	e.common("event", "anyconnect.bundle")
	if rep == nil || rep.NotBundle {
		e.str("event.outcome", "failure")
	} else {
		e.str("event.outcome", "success")
	}
	if rep == nil {
		if b.Err != nil {
			e.str("error.message", b.Err.Error())
		}
		e.str("anyconnect.bundle.path", n.path)
		n.write()
		return
	}
	e.optStr("host.hostname", host)
	if rep.Platform != "" && rep.Platform != dart.PlatformUnknown {
		e.str("host.os.platform", string(rep.Platform))
	}
	if f := rep.Facts; f != nil {
		e.optStr("host.os.full", f.OSName.Value)
		e.optStr("host.os.version", f.OSVersion.Value)
		if loc, ok := f.Location(); ok {
			e.str("event.timezone", timezone(loc))
		}
	}
	e.optStr("package.name", rep.Product.Name)
	e.optStr("package.version", rep.Product.Version)
	e.str("anyconnect.bundle.path", n.path)
	e.optStr("anyconnect.bundle.format", rep.Format)
	e.bool("anyconnect.bundle.incomplete", rep.Incomplete)
	e.bool("anyconnect.bundle.not_bundle", rep.NotBundle)
	e.int("anyconnect.bundle.findings", int64(len(rep.Findings)))
	e.int("anyconnect.bundle.records", int64(recordsOf(rep)))
	e.int("anyconnect.bundle.files_understood", int64(rep.Coverage.Understood))
	e.int("anyconnect.bundle.files_expected", int64(rep.Coverage.Expected))
	if len(rep.Errors) > 0 {
		e.list("anyconnect.bundle.errors", len(rep.Errors), func(i int) {
			e.b = appendJSONString(e.b, rep.Errors[i])
		})
	}
	if rep.Capture != nil {
		e.str("anyconnect.capture.path", rep.Capture.Path)
	}
	n.write()
}

// timezone returns loc as event.timezone writes a zone: its name in the
// time zone database, or for a fixed zone its offset, "-08:00".
func timezone(loc *time.Location) string {
	if name := loc.String(); strings.Contains(name, "/") {
		return name
	}
	_, off := time.Date(2000, 1, 1, 0, 0, 0, 0, loc).Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	b := []byte{sign}
	b = append(b, byte('0'+off/36000), byte('0'+off/3600%10), ':', byte('0'+off/600%6), byte('0'+off/60%10))
	return string(b)
}

// recordsOf returns how many records rep's analysis read.
func recordsOf(rep *findings.Report) int {
	n := 0
	for _, c := range rep.Coverage.Records {
		n += c
	}
	return n
}

// WriteNDJSON writes the findings and summary of each bundle as an NDJSONWriter
// does, without their records, which only an NDJSONWriter attached to the
// analysis sees.
func WriteNDJSON(w io.Writer, bundles []Bundle, opts *Options) error {
	n := NewNDJSONWriter(w, opts)
	for _, b := range bundles {
		if err := n.Finish(b); err != nil {
			return err
		}
	}
	return nil
}

// load64 returns the first eight bytes of s as a little-endian word, in
// one load.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// plain reports whether none of the bytes of w needs a look: none is
// above 0x7F, a control character, '"' or '\\'.
func plain(w uint64) bool {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	q := w ^ (lo * '"')
	bs := w ^ (lo * '\\')
	return (w|(w-lo*0x20)&^w|(q-lo)&^q|(bs-lo)&^bs)&hi == 0
}

// An ecsEncoder encodes events, JSON objects, at the end of a buffer.
type ecsEncoder struct {
	b []byte
}

// begin starts an event.
func (e *ecsEncoder) begin() { e.b = append(e.b, '{') }

// object starts an object within the event, and end ends it.
func (e *ecsEncoder) object() { e.b = append(e.b, '{') }
func (e *ecsEncoder) end()    { e.b = append(e.b, '}') }

// list writes a field whose value is an array of n elements, each written
// by elem.
func (e *ecsEncoder) list(key string, n int, elem func(i int)) {
	e.key(key)
	e.b = append(e.b, '[')
	for i := range n {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		elem(i)
	}
	e.b = append(e.b, ']')
}

// key writes the key of the next field; key needs no escaping.
func (e *ecsEncoder) key(key string) {
	if e.b[len(e.b)-1] != '{' {
		e.b = append(e.b, ',')
	}
	e.b = append(e.b, '"')
	e.b = append(e.b, key...)
	e.b = append(e.b, '"', ':')
}

// str writes a string field.
func (e *ecsEncoder) str(key, v string) {
	e.key(key)
	e.b = appendJSONString(e.b, v)
}

// optStr writes a string field unless v is empty.
func (e *ecsEncoder) optStr(key, v string) {
	if v != "" {
		e.str(key, v)
	}
}

// int writes a number field.
func (e *ecsEncoder) int(key string, v int64) {
	e.key(key)
	e.b = strconv.AppendInt(e.b, v, 10)
}

// bool writes a boolean field.
func (e *ecsEncoder) bool(key string, v bool) {
	e.key(key)
	e.b = strconv.AppendBool(e.b, v)
}

// time writes t in layout as a string field.
func (e *ecsEncoder) time(key string, t time.Time, layout string) {
	e.key(key)
	e.b = append(e.b, '"')
	e.b = t.AppendFormat(e.b, layout)
	e.b = append(e.b, '"')
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// with HTML escaping off: '"', '\\' and control characters escaped, bytes
// not valid in UTF-8 as U+FFFD, and U+2028 and U+2029 escaped, since
// JavaScript reads them as line ends.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	// The plain words at the start, most often the whole string, are
	// copied as they are tested, in one pass over them.
	b = slices.Grow(b, len(s)+1)
	n := len(b)
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := load64(s[i : i+8])
		if !plain(w) {
			break
		}
		binary.LittleEndian.PutUint64(b[n+i:n+i+8], w)
	}
	if i+8 > len(s) && len(s) >= 8 {
		// The last bytes, as the last word, which overlaps the one before.
		if w := load64(s[len(s)-8:]); plain(w) {
			binary.LittleEndian.PutUint64(b[n+len(s)-8:n+len(s)], w)
			return append(b[:n+len(s)], '"')
		}
	}
	b = b[:n+i]
	start := i
	for i < len(s) {
		// Eight bytes at a time while none needs a look (most of the
		// text of a log is plain ASCII), tested together as bytes of a
		// word: none is above 0x7F, a control character, '"' or '\\'
		// (see "Determine if a word has a byte less than n" in Sean
		// Anderson's Bit Twiddling Hacks).
		for ; i+8 <= len(s) && plain(load64(s[i:i+8])); i += 8 {
		}
		if i == len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				const hex = "0123456789abcdef"
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', byte('0'+r-'\u2028'+8))
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
