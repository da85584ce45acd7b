package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/dnscapture"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/recordtap"
	"github.com/dartkit/dartkit/logparse"
)

// Bounds on a Timeline, so that its memory and its drawing do not grow
// with the bundle: a week of records at one a second, or a capture of a
// day, makes a timeline of the same size as ten minutes of them.
const (
	// MaxBins is the most bins a Timeline has. Its bin is the shortest
	// of 1, 2, 5, 10, 15 and 30 seconds, 1, 2, 5, 10, 15 and 30 minutes,
	// 1, 2, 3, 6 and 12 hours, 1, 2 and 7 days (and so on) that gives at
	// most MaxBins, and is a multiple of the width the recorder counted
	// in.
	MaxBins = 1000
	// MaxSources is how many sources a Timeline counts apart; the
	// records of the others are counted together, as OtherSources.
	MaxSources = 64
	// MaxMarks is the most marks of each kind a Timeline keeps.
	MaxMarks = 1000
	// maxSourceNames is how many names of sources a recorder remembers.
	maxSourceNames = 16 * MaxSources
	// maxMarkText is the most bytes of a mark's text.
	maxMarkText = 512
)

// OtherSources names the counts of the sources past MaxSources.
const OtherSources = "(other sources)"

// fineBins is how many bins a recorder counts in while it reads: when
// the records span more, it counts in wider ones. A power of two, so a
// bin's place in the ring is its number's low bits.
const fineBins = 2048

// A level counts records in units of width seconds over the size units
// up to the latest record's: the period a bundle was made for is usually
// its last, and its cadence must show however old the bundle's first
// records are. The finest level that holds the whole period bins it.
// Sizes are powers of two, as fineBins.
type level struct{ width, size int64 }

// levels count by the second over 68 minutes, and by the minute over
// 34 hours.
var levels = [...]level{{1, 4096}, {60, 2048}}

// minGap is the shortest gap in the records that ends the last period
// of activity, whatever its length (see Timeline.Start).
const minGap = time.Hour

// A TimelineRecorder collects a Timeline while an analysis reads a bundle.
// It records one analysis.
//
// It counts each source's records in bins of a second while they span at
// most fineBins seconds, then in wider bins (5 s, 10 s, 30 s, 1 min, ...,
// each a multiple of the one before), adding up the counts of the bins
// each wider one covers; and, at each of the levels, over the last units
// before the latest record. Timeline finds the last period of activity in
// the first, and bins it from the finest level that holds all of it, if
// one does. Its memory is bounded by MaxSources times the bins and units
// (some 56 KiB a source), and by MaxMarks marks.
type TimelineRecorder struct {
	width  int64 // of a bin, in seconds
	lo, hi int64 // the bins spanned, numbered from the Unix epoch; valid when timed > 0
	top    int64 // the second of the latest record (Unix time)
	base   int64 // the second of the first record, from which stamps count
	// topUnit and baseUnit are the units of top and base at each level.
	topUnit, baseUnit [len(levels)]int64
	// sec is the second of the last record with a time, bin and unit
	// its bin and its units.
	sec, bin int64
	unit     [len(levels)]int64
	// lastSource is the counts of the last record's source, unless
	// those are other.
	lastSource *sourceBins
	first      time.Time
	last       time.Time
	timed      int
	untimed    int
	sources    map[string]*sourceBins // by Source
	list       []*sourceBins          // each once, other last if it is made
	other      *sourceBins            // the sources past MaxSources
	otherNames int                    // how many those are, up to maxSourceNames
	otherMore  bool                   // more than that
	scratch    []int32
	messages   markSet
}

// sourceBins are the counts of one source's records.
type sourceBins struct {
	name string
	// bins is a ring of fineBins: bin n is at n%fineBins. All the rings
	// are made at the source's first record with a time.
	bins  []int32
	units [len(levels)]unitRing
	total int  // records with a time
	ui    bool // the source is the client's GUI or its API
}

// A unitRing counts a source's records at one level: unit u at u%size,
// if stamp there is u less the first record's unit.
type unitRing struct {
	counts, stamp []int32
}

// NewTimelineRecorder returns a recorder with nothing recorded.
func NewTimelineRecorder() *TimelineRecorder {
	return &TimelineRecorder{width: 1, sources: map[string]*sourceBins{}, messages: markSet{kind: MarkMessage}}
}

// Attach makes the analysis with opts feed the recorder. The recorder
// records on the analysis's goroutine: it must not be read until Analyze
// has returned.
func (t *TimelineRecorder) Attach(opts *findings.Options) {
	recordtap.Set(opts, t.record)
}

// record counts r in its source's bins, and marks it when it is a
// message the user saw.
func (t *TimelineRecorder) record(r *logparse.Record) {
	// A log's records come in runs of one source, and of one second.
	sb := t.lastSource
	if sb == nil || r.Source != sb.name {
		if sb = t.sources[r.Source]; sb == nil {
			sb = t.source(r)
		}
		t.lastSource = sb
		if sb == t.other {
			t.lastSource = nil // named otherwise
		}
	}
	if sb.ui {
		t.message(r)
	}
	if r.Time.IsZero() {
		t.untimed++
		return
	}
	sec := r.Time.Unix()
	if t.timed == 0 {
		t.start(r.Time)
	}
	if sec != t.sec {
		t.second(sec, r.Time)
	} else {
		if r.Time.Before(t.first) {
			t.first = r.Time
		}
		if r.Time.After(t.last) {
			t.last = r.Time
		}
	}
	t.timed++
	sb.total++
	if sb.bins == nil {
		sb.bins = make([]int32, fineBins)
		for l, lv := range levels {
			sb.units[l] = unitRing{make([]int32, lv.size), make([]int32, lv.size)}
		}
	}
	sb.bins[t.bin&(fineBins-1)]++
	for l, lv := range levels {
		u := t.unit[l]
		d := u - t.baseUnit[l]
		if u <= t.topUnit[l]-lv.size || d != int64(int32(d)) {
			continue // before the level's units
		}
		ring := &sb.units[l]
		i := u & (lv.size - 1)
		if ring.stamp[i] != int32(d) {
			ring.stamp[i], ring.counts[i] = int32(d), 0
		}
		ring.counts[i]++
	}
}

// start notes the first record with a time, at.
func (t *TimelineRecorder) start(at time.Time) {
	sec := at.Unix()
	t.lo, t.hi, t.top, t.base, t.first, t.last = sec, sec, sec, sec, at, at
	t.sec, t.bin = sec, sec
	for l, lv := range levels {
		u := floorDiv(sec, lv.width)
		t.topUnit[l], t.baseUnit[l], t.unit[l] = u, u, u
	}
}

// second makes sec, of a record at at, the current second: its bin and
// units, and the span of the records.
func (t *TimelineRecorder) second(sec int64, at time.Time) {
	t.sec = sec
	n := floorDiv(sec, t.width)
	if n < t.lo || n > t.hi {
		t.widen(min(n, t.lo), max(n, t.hi))
		n = floorDiv(sec, t.width)
	}
	t.bin = n
	for l, lv := range levels {
		t.unit[l] = floorDiv(sec, lv.width)
	}
	if at.Before(t.first) {
		t.first = at
	}
	if at.After(t.last) {
		t.last = at
	}
	if sec > t.top {
		t.top = sec
		t.topUnit = t.unit
	}
}

// unitAt returns the records of sb in unit u of level l, one of its units
// up to top's.
func (t *TimelineRecorder) unitAt(sb *sourceBins, l int, u int64) int32 {
	lv, ring := levels[l], &sb.units[l]
	if ring.counts == nil {
		return 0
	}
	i := u & (lv.size - 1)
	if ring.stamp[i] != int32(u-t.baseUnit[l]) {
		return 0
	}
	return ring.counts[i]
}

// units returns the units of level l from the one that holds second
// from, or the level's first, to top's.
func (t *TimelineRecorder) units(l int, from int64) (lo, hi int64) {
	hi = t.topUnit[l]
	return max(floorDiv(from, levels[l].width), hi-levels[l].size+1), hi
}

// source returns the counts of r's source, new.
func (t *TimelineRecorder) source(r *logparse.Record) *sourceBins {
	if len(t.sources) < MaxSources {
		sb := &sourceBins{name: strings.Clone(r.Source), ui: findings.SourceIs(r, uiSources...)}
		t.sources[sb.name] = sb
		t.list = append(t.list, sb)
		return sb
	}
	if t.other == nil {
		t.other = &sourceBins{name: OtherSources}
		t.list = append(t.list, t.other)
	}
	// The first names past MaxSources are remembered, to be counted
	// once and found at once next time; their records go to other, as
	// do those of the names past them, which are looked for each time.
	if len(t.sources) < maxSourceNames {
		t.otherNames++
		t.sources[strings.Clone(r.Source)] = t.other
	} else {
		t.otherMore = true
	}
	return t.other
}

// widen makes the bins wide enough for bins lo to hi, of the current
// width, to fit in fineBins.
func (t *TimelineRecorder) widen(lo, hi int64) {
	w := t.width
	for floorDiv(hi*t.width, w)-floorDiv(lo*t.width, w) >= fineBins {
		w = wider(w)
	}
	if w != t.width {
		if t.scratch == nil {
			t.scratch = make([]int32, fineBins)
		}
		for _, sb := range t.list {
			if sb.bins == nil {
				continue
			}
			clear(t.scratch)
			for n := t.lo; n <= t.hi; n++ {
				t.scratch[floorDiv(n*t.width, w)&(fineBins-1)] += sb.bins[n&(fineBins-1)]
			}
			copy(sb.bins, t.scratch)
		}
		lo, hi = floorDiv(lo*t.width, w), floorDiv(hi*t.width, w)
		t.width = w
	}
	t.lo, t.hi = lo, hi
}

// wider returns the width the recorder counts in after w seconds: each a
// multiple of the one before, and each a width Timeline may choose.
func wider(w int64) int64 {
	for _, x := range []int64{5, 10, 30, 60, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400, 7 * 86400, 28 * 86400} {
		if x > w {
			return x
		}
	}
	return 2 * w
}

// binWidths are the widths a Timeline's bin may have, in seconds, up to
// four weeks; the widths past them double.
var binWidths = []int64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400}

// floorDiv returns a/b rounded down, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// Timeline returns the timeline of what was recorded, with the capture's
// DNS transactions of rep (if any) as marks, and the messages of the GUI's
// history in its facts (a time of day without a date taken to be of the
// records' last day, or of a day before it). It spans the bundle's last
// period of activity: the records before the last gap longer than both
// minGap and the period after it are counted in Earlier, and marks
// before it are left out. Its bin is the shortest that keeps its bins to
// MaxBins.
func (t *TimelineRecorder) Timeline(rep *findings.Report) *Timeline {
	tl := &Timeline{Untimed: t.untimed}
	var c *findings.Capture
	if rep != nil {
		c = rep.Capture.Capture()
	}
	dns, cut := dnsMarks(c)
	marks := t.messages.marks()
	if rep != nil && rep.Facts != nil {
		marks = append(marks, t.historyMarks(rep.Facts.UIHistory, marks)...)
	}
	marks = append(marks, dns...)
	tl.Cut = append(t.messages.cutNote(), cut...)
	if t.otherNames > 0 {
		more := ""
		if t.otherMore {
			more = "more than "
		}
		tl.Cut = append(tl.Cut, fmt.Sprintf("%s%d sources past the first %d counted together as %s", more, t.otherNames, MaxSources, OtherSources))
	}
	slices.SortStableFunc(marks, func(a, b Mark) int { return a.Time.Compare(b.Time) })
	if t.timed == 0 && len(marks) == 0 {
		tl.Marks = marks
		return tl
	}
	// The span: from the start of the last period of activity (or the
	// first mark, without records) to the last record or mark.
	var first, last time.Time
	lvl := -1 // the level that bins the span, or the wide bins
	if t.timed > 0 {
		first, lvl = t.periodStart()
		last = t.last
	} else {
		first, last = marks[0].Time, marks[0].Time
	}
	kept := marks[:0]
	early := 0
	for _, m := range marks {
		if m.Time.Before(first) {
			early++
			continue
		}
		last = latest(last, m.Time)
		kept = append(kept, m)
	}
	tl.Marks = kept
	if early > 0 {
		tl.Cut = append(tl.Cut, fmt.Sprintf("%d marks before %s, the start of the last period of activity, left out", early, first.Format(time.DateTime)))
	}
	lo, hi := first.Unix(), last.Unix()
	base := t.width
	if lvl >= 0 {
		base = levels[lvl].width
	}
	width := int64(0)
	for _, w := range binWidths {
		if w%base == 0 && floorDiv(hi, w)-floorDiv(lo, w) < MaxBins {
			width = w
			break
		}
	}
	if width == 0 {
		width = binWidths[len(binWidths)-1]
		for floorDiv(hi, width)-floorDiv(lo, width) >= MaxBins || width%base != 0 {
			width *= 2
		}
	}
	start := floorDiv(lo, width)
	tl.Start = time.Unix(start*width, 0).In(first.Location())
	tl.End = last
	tl.Bin = time.Duration(width) * time.Second
	n := int(floorDiv(hi, width) - start + 1)
	binned := 0
	for _, sb := range t.list {
		if sb.total == 0 {
			continue
		}
		sc := SourceCounts{Source: sb.name, Counts: make([]int, n)}
		add := func(at int64, v int32) {
			if i := floorDiv(at, width) - start; v != 0 && i >= 0 && i < int64(n) {
				sc.Counts[i] += int(v)
				binned += int(v)
			}
		}
		if lvl >= 0 {
			ulo, uhi := t.units(lvl, lo)
			for u := ulo; u <= uhi; u++ {
				add(u*levels[lvl].width, t.unitAt(sb, lvl, u))
			}
		} else {
			for b := max(t.lo, floorDiv(lo, t.width)); b <= t.hi; b++ {
				add(b*t.width, sb.bins[b&(fineBins-1)])
			}
		}
		if slices.ContainsFunc(sc.Counts, func(c int) bool { return c > 0 }) {
			tl.Sources = append(tl.Sources, sc) // not if all its records are earlier
		}
	}
	tl.Earlier = t.timed - binned
	total := func(s SourceCounts) int {
		n := 0
		for _, c := range s.Counts {
			n += c
		}
		return n
	}
	slices.SortStableFunc(tl.Sources, func(a, b SourceCounts) int {
		if (a.Source == OtherSources) != (b.Source == OtherSources) {
			if a.Source == OtherSources {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(total(b), total(a)); c != 0 {
			return c
		}
		return strings.Compare(a.Source, b.Source)
	})
	return tl
}

// periodStart returns the time the last period of activity starts, and
// the finest level that holds all of it, or -1 if none does. The period
// is found in the wide bins: back from the latest, it takes in each
// earlier bin that holds records until the gap to the next is longer than
// both minGap and the period so far.
func (t *TimelineRecorder) periodStart() (time.Time, int) {
	sum := func(b int64) int {
		n := 0
		for _, sb := range t.list {
			if sb.bins != nil {
				n += int(sb.bins[b&(fineBins-1)])
			}
		}
		return n
	}
	from := t.hi
	in := sum(t.hi) // the records of the period
	for b := t.hi - 1; b >= t.lo; b-- {
		n := sum(b)
		if n == 0 {
			continue
		}
		gap := time.Duration((from-b-1)*t.width) * time.Second
		period := time.Duration((t.hi+1-from)*t.width) * time.Second
		if gap > minGap && gap > period {
			break
		}
		from, in = b, in+n
	}
	start, exact := time.Unix(from*t.width, 0).In(t.last.Location()), false
	if from == t.lo {
		start, exact = t.first, true
	}
	for l, lv := range levels {
		lo, hi := t.units(l, start.Unix())
		n, firstU, found := 0, int64(0), false
		for u := lo; u <= hi; u++ {
			for _, sb := range t.list {
				if c := t.unitAt(sb, l, u); c > 0 {
					n += int(c)
					if !found {
						firstU, found = u, true
					}
				}
			}
		}
		if n != in {
			continue // some of the period is before the level's units
		}
		if !exact && found {
			start = time.Unix(firstU*lv.width, 0).In(t.last.Location())
		}
		return start, l
	}
	return start, -1
}

// latest returns the later of a and b.
func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// BinOf returns the bin that holds time x, or -1 when x is outside the
// timeline.
func (tl *Timeline) BinOf(x time.Time) int {
	if tl.Bin <= 0 || x.Before(tl.Start) {
		return -1
	}
	if x.After(tl.End) {
		return -1
	}
	return int(x.Sub(tl.Start) / tl.Bin)
}

// Bins returns how many bins the timeline has.
func (tl *Timeline) Bins() int {
	if tl.Bin <= 0 {
		return 0
	}
	return int(tl.End.Sub(tl.Start)/tl.Bin) + 1
}

// uiSources are the sources whose records may be what the user saw: the
// GUI, and the API that tells it what to show (on 5.x).
var uiSources = append(slices.Clone(findings.GUISources()), "csc_ui")

// toldMarker is in the line the GUI (or API) logs for each message it
// shows: "Message type error sent to the user: <text>", the type being
// information, warning, error or prompt.
const toldMarker = " sent to the user: "

// guiTexts are messages the GUI shows that its records may hold without
// toldMarker: the titles of its certificate popups, and the message of
// the TechNote on CSCvu39643, in English and in the words of its Korean
// translation.
var guiTexts = findings.NewTextSet(
	"Unable to lookup host names", "호스트 이름 조회 불가",
	"Untrusted Server Blocked", "Untrusted VPN Server Certificate",
)

// message marks r, a record of the GUI or its API, when it is a message
// the user saw.
func (t *TimelineRecorder) message(r *logparse.Record) {
	var text string
	told := -1
	if strings.HasPrefix(r.Message, "Message type ") {
		told = strings.Index(r.Message, toldMarker)
	}
	if told >= 0 {
		text = r.Message[told+len(toldMarker):]
	} else if guiTexts.In(r.Message) {
		text = r.Message
	} else {
		return
	}
	t.messages.add(r.Time, strings.TrimSpace(text), r.Pos.File, r.Pos.Line)
}

// uiTimeLayouts are the forms of a time in the GUI's history, with a date
// and without.
var uiTimeLayouts = []string{
	"1/2/2006 3:04:05 PM", "1/2/2006 15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "02.01.2006 15:04:05",
	"3:04:05 PM", "15:04:05",
}

// historyMarks returns the marks of the messages of the GUI's history
// (dart.Facts.UIHistory) that have a time and are not marked already
// from a record: the same text within two seconds. The history's times
// have no zone, as the event log's, and are read as the records' are. A
// time without a date takes the date of the bundle's last record, or of
// the day before when it would come after it; going back through the
// history, a time later than the next message's is of the day before.
// Without records, a time without a date is not marked.
func (t *TimelineRecorder) historyMarks(history []dart.UIMessage, told []Mark) []Mark {
	if len(history) == 0 {
		return nil
	}
	out := make([]Mark, len(history))
	next := t.last.Add(time.Minute) // a message is no later than the bundle
	n := 0
	for i := len(history) - 1; i >= 0; i-- {
		m := history[i]
		at, ok := time.Time{}, false
		for j, layout := range uiTimeLayouts {
			var err error
			if at, err = time.Parse(layout, strings.TrimSpace(m.Time)); err != nil {
				continue
			}
			ok = true
			if j >= len(uiTimeLayouts)-2 { // a time of day
				if t.timed == 0 {
					ok = false // no day to take
					break
				}
				y, mo, d := next.Date()
				at = time.Date(y, mo, d, at.Hour(), at.Minute(), at.Second(), 0, time.UTC)
				if at.After(next) {
					at = at.AddDate(0, 0, -1)
				}
			}
			break
		}
		if !ok {
			continue
		}
		next = at
		if slices.ContainsFunc(told, func(k Mark) bool {
			return k.Text == m.Text && k.Time.Sub(at).Abs() <= 2*time.Second
		}) {
			continue
		}
		out[n] = Mark{Time: at, Kind: MarkMessage, Text: m.Text, File: m.Source.File, Line: m.Source.Line}
		n++
	}
	return out[:n]
}

// dnsMarks returns the marks of the capture's queries and failures, and
// what was left out of them.
func dnsMarks(c *findings.Capture) ([]Mark, []string) {
	if c == nil {
		return nil, nil
	}
	var notes []string
	qs, nq := c.Queries()
	fs, nf := c.Failures()
	for _, s := range []struct {
		what   string
		kept   []dnscapture.Transaction
		n      int
		failed bool
	}{{"DNS transactions", qs, nq, false}, {"failed DNS transactions", fs, nf, true}} {
		if len(s.kept) < s.n {
			notes = append(notes, fmt.Sprintf("%d of the capture's %d %s sampled, evenly", len(s.kept), s.n, s.what))
		}
	}
	queries, failures := markSet{kind: MarkDNSQuery}, markSet{kind: MarkDNSFailure}
	for _, tx := range qs {
		queries.add(tx.QueryTime, "query "+tx.Type.String()+" "+tx.Name+" to "+tx.Server.Addr().String(), c.Name, tx.QueryFrame)
	}
	for _, tx := range fs {
		at, frame, what := tx.QueryTime, tx.QueryFrame, "no response"
		if tx.Answered() {
			at, frame, what = tx.ResponseTime, tx.ResponseFrame, tx.RCode.String()
		}
		failures.add(at, tx.Type.String()+" "+tx.Name+": "+what, c.Name, frame)
	}
	notes = append(notes, queries.cutNote()...)
	notes = append(notes, failures.cutNote()...)
	return append(queries.marks(), failures.marks()...), notes
}

// A markSet keeps at most MaxMarks marks of one kind. The first mark of
// each text (up to MaxMarks/2 texts) is kept, so that a rare message is
// never lost among a frequent one; of the marks that repeat a text, the
// n-th (from 1) is kept when n is a multiple of stride, which doubles,
// halving what is kept, when more than MaxMarks are.
type markSet struct {
	kind     MarkKind
	kept     []keptMark
	texts    map[string]*textMarks // by text
	stride   int
	seen     int
	cut      int
	lastFile string // the file of the last mark kept, a copy
}

// textMarks are the marks seen of one text, whose first was kept.
type textMarks struct {
	text string // a copy, which the marks share
	n    int
}

// A keptMark is a mark with its number among those of its text.
type keptMark struct {
	Mark
	n int
}

// add adds a mark of s's kind.
func (s *markSet) add(at time.Time, text, file string, line int) {
	s.seen++
	if at.IsZero() {
		s.cut++ // it has no place on the timeline
		return
	}
	text = cutText(text, maxMarkText)
	if s.texts == nil {
		s.texts, s.stride = map[string]*textMarks{}, 1
	}
	tm := s.texts[text]
	switch {
	case tm == nil && len(s.texts) >= MaxMarks/2:
		s.cut++
		return
	case tm == nil:
		tm = &textMarks{text: strings.Clone(text)}
		s.texts[tm.text] = tm
	case tm.n%s.stride != 0:
		tm.n++
		s.cut++
		return
	}
	n := tm.n
	tm.n++
	if file != s.lastFile {
		s.lastFile = strings.Clone(file)
	}
	s.kept = append(s.kept, keptMark{Mark{Time: at, Kind: s.kind, Text: tm.text, File: s.lastFile, Line: line}, n})
	for len(s.kept) > MaxMarks {
		s.stride *= 2
		out := s.kept[:0]
		for _, m := range s.kept {
			if m.n == 0 || m.n%s.stride == 0 {
				out = append(out, m)
			} else {
				s.cut++
			}
		}
		clear(s.kept[len(out):])
		s.kept = out
	}
}

// marks returns the marks kept.
func (s *markSet) marks() []Mark {
	out := make([]Mark, len(s.kept))
	for i, m := range s.kept {
		out[i] = m.Mark
	}
	return out
}

// cutNote says how many marks were left out, if any.
func (s *markSet) cutNote() []string {
	if s.cut == 0 {
		return nil
	}
	return []string{fmt.Sprintf("%d of %d %s marks left out", s.cut, s.seen, s.kind)}
}

// cutText returns s cut to at most n bytes, at the start of a character,
// followed by "…", or s if it is not longer.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
