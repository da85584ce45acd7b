package logparse

import (
	"strconv"
	"time"
)

// text is the type set of the hand-written scanners below, so that they work
// on a line still in the read buffer as well as on a string.
type text interface{ ~string | ~[]byte }

// num reads up to max decimal digits at s[i:]. It returns the value, the index
// after the digits and the number of digits read.
func num[T text](s T, i, max int) (v, j, n int) {
	for j = i; j < len(s) && j-i < max && s[j] >= '0' && s[j] <= '9'; j++ {
		v = v*10 + int(s[j]-'0')
	}
	return v, j, j - i
}

// atoi parses s, all digits, at most 18 of them.
func atoi[T text](s T) (int, bool) {
	v, j, n := num(s, 0, 18)
	return v, n > 0 && j == len(s)
}

// date is a calendar date and a clock time with no zone.
type clock struct {
	year, month, day int
	hour, min, sec   int
	nsec             int
}

// valid reports whether c names a real date and time.
func (c *clock) valid() bool {
	if c.month < 1 || c.month > 12 || c.day < 1 || c.day > daysIn(c.month, c.year) ||
		c.hour > 23 || c.min > 59 || c.sec > 60 || c.year < 1 || c.year > 9999 {
		return false
	}
	return true
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func (c *clock) time(loc *time.Location) time.Time {
	return time.Date(c.year, time.Month(c.month), c.day, c.hour, c.min, c.sec, c.nsec, loc)
}

// hourCache makes the times of a log's records, most of which fall in the
// same hour as the record before them: the start of that hour is made once
// and the minutes and seconds added to it. It does so in UTC only, where
// an hour holds no change of offset; other zones go to time.Date.
type hourCache struct {
	year, month, day, hour int
	start                  time.Time // zero when nothing is cached
}

// time returns c.time(loc).
func (h *hourCache) time(c *clock, loc *time.Location) time.Time {
	if loc != time.UTC {
		return c.time(loc)
	}
	if h.start.IsZero() || c.hour != h.hour || c.day != h.day || c.month != h.month || c.year != h.year {
		h.year, h.month, h.day, h.hour = c.year, c.month, c.day, c.hour
		h.start = time.Date(c.year, time.Month(c.month), c.day, c.hour, 0, 0, 0, time.UTC)
	}
	return h.start.Add(time.Duration(c.min)*time.Minute + time.Duration(c.sec)*time.Second + time.Duration(c.nsec))
}

// A timeMemo spares a reader the work that repeats from one record's time
// to the next: several records a second have the same text, and the records
// of a day the same date. It remembers the last time read without a zone
// (see note) and gives the time of a text that it tells as well as
// parseLocalTimeIn would (see recall); parseLocalTimeIn reads the others,
// making its times through hours.
type timeMemo struct {
	hours hourCache
	// The last time noted, read in order; text is a copy of its text.
	text  []byte
	t     time.Time
	order dateOrder
	// clockAt is where the time of day starts in text, after the date
	// and its blanks, or 0; date holds that date. A time of the same day
	// has the same text up to there, and only its time of day is read.
	clockAt int
	date    clock
	// secAt is where the two digits of the seconds start in text, when
	// its time of day has them without a fraction, and t is in UTC;
	// else 0. A time of the same minute differs from text in those digits
	// only, and is t moved by as many seconds.
	secAt int
}

// recall returns the time s names, as parseLocalTimeIn would read it in
// loc with the file's order of dates decided as order, when s is the text
// of the last time noted or has its date: the date is not read again, nor
// the order looked at, which that date has decided as far as it can. It
// reports false for any other text, or one with a zone.
func (m *timeMemo) recall(s string, order dateOrder, loc *time.Location) (time.Time, bool) {
	if order != m.order || len(s) == 0 {
		return time.Time{}, false
	}
	if s == string(m.text) {
		return m.t, true
	}
	if k := m.secAt; k > 0 && loc == time.UTC && len(s) == len(m.text) && s[:k] == string(m.text[:k]) &&
		s[k+2:] == string(m.text[k+2:]) && isDigit(s[k]) && isDigit(s[k+1]) && s[k] <= '5' {
		sec := int(s[k]-'0')*10 + int(s[k+1]-'0')
		t := m.t.Add(time.Duration(sec-m.sec()) * time.Second)
		m.text[k], m.text[k+1], m.t = s[k], s[k+1], t
		return t, true
	}
	n := m.clockAt
	if n == 0 || len(s) <= n || s[:n] != string(m.text[:n]) {
		return time.Time{}, false
	}
	c := m.date
	k, ok := scanLocalClock(s, n, &c)
	if !ok {
		return time.Time{}, false
	}
	if _, k, ok = scanZone(s, k); ok || k != len(s) || !c.valid() {
		return time.Time{}, false
	}
	t := m.hours.time(&c, loc)
	m.text, m.t = append(m.text[:0], s...), t
	m.secAt = secondsAt(s, n, loc)
	return t, true
}

// sec returns the seconds of the time noted, whose text holds them at
// secAt.
func (m *timeMemo) sec() int { return int(m.text[m.secAt]-'0')*10 + int(m.text[m.secAt+1]-'0') }

// secondsAt returns where the two digits of the seconds start in s, a time
// of day that starts at i as parseLocalTimeIn reads it, H:MM:SS or
// HH:MM:SS without a fraction; or 0 when it has none such, or loc is not
// UTC, where the hours cache makes times (see timeMemo.secAt).
func secondsAt(s string, i int, loc *time.Location) int {
	if loc != time.UTC {
		return 0
	}
	for j := 0; j < 2 && i < len(s) && isDigit(s[i]); j++ {
		i++
	}
	if i+6 > len(s) || s[i] != ':' || !isDigit(s[i+1]) || !isDigit(s[i+2]) || s[i+3] != ':' {
		return 0
	}
	k := i + 4
	if !isDigit(s[k]) || !isDigit(s[k+1]) || k+2 < len(s) && (isDigit(s[k+2]) || s[k+2] == '.' || s[k+2] == ',') {
		return 0
	}
	return k
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// note remembers t, which parseLocalTimeIn read from s with the file's
// order of dates decided as order; zoned tells that s has a zone, which
// recall does not tell: the memo is then cleared.
func (m *timeMemo) note(s string, t time.Time, zoned bool, order dateOrder) {
	m.text, m.clockAt, m.secAt = m.text[:0], 0, 0
	if zoned {
		return
	}
	m.text, m.t, m.order = append(m.text, s...), t, order
	m.clockAt = clockStart(s, order, &m.date)
	if m.clockAt > 0 && t.Location() == time.UTC {
		m.secAt = secondsAt(s, m.clockAt, time.UTC)
	}
}

// clockStart returns where the time of day starts in s, a time without a
// zone that parseLocalTimeIn has read in order, and stores its date in c;
// it returns 0 when s has no time of day after its date and blanks.
func clockStart(s string, order dateOrder, c *clock) int {
	j, _, _, ok := scanLocalDate(s, 0, order, c)
	if !ok {
		return 0
	}
	k := j
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if k < len(s) && s[k] == 'T' && k == j {
		k++
	}
	if k == j || k >= len(s) {
		return 0
	}
	return k
}

// parseDate reads a date at s[i:]: MM/DD/YYYY (DD/MM/YYYY when the first
// number exceeds 12), M/D/YY, DD.MM.YYYY or YYYY-MM-DD. It returns the index
// after the date.
func parseDate[T text](s T, i int, c *clock) (int, bool) {
	a, j, n := num(s, i, 4)
	if n == 0 || j >= len(s) {
		return 0, false
	}
	sep := s[j]
	if n == 4 {
		if sep != '-' && sep != '/' {
			return 0, false
		}
		m, k, n2 := num(s, j+1, 2)
		if n2 == 0 || k >= len(s) || s[k] != sep {
			return 0, false
		}
		d, k2, n3 := num(s, k+1, 2)
		if n3 == 0 {
			return 0, false
		}
		c.year, c.month, c.day = a, m, d
		return k2, true
	}
	if n > 2 || (sep != '/' && sep != '.' && sep != '-') {
		return 0, false
	}
	b, k, n2 := num(s, j+1, 2)
	if n2 == 0 || k >= len(s) || s[k] != sep {
		return 0, false
	}
	y, k2, n3 := num(s, k+1, 4)
	switch n3 {
	case 2:
		y += 2000
	case 4:
	default:
		return 0, false
	}
	if sep == '.' || a > 12 {
		a, b = b, a // day first
	}
	c.year, c.month, c.day = y, a, b
	return k2, true
}

// parseClock reads H:MM:SS with an optional fraction and, when ampm is set,
// an optional AM/PM (with or without a space before it) at s[i:]. It returns
// the index after it.
func parseClock[T text](s T, i int, c *clock, ampm bool) (int, bool) {
	h, j, n := num(s, i, 2)
	if n == 0 || j >= len(s) || s[j] != ':' {
		return 0, false
	}
	m, j, n := num(s, j+1, 2)
	if n != 2 || j >= len(s) || s[j] != ':' {
		return 0, false
	}
	sec, j, n := num(s, j+1, 2)
	if n != 2 {
		return 0, false
	}
	ns := 0
	if j < len(s) && (s[j] == '.' || s[j] == ',') && j+1 < len(s) && s[j+1] >= '0' && s[j+1] <= '9' {
		k := j + 1
		scale := 100000000
		for ; k < len(s) && s[k] >= '0' && s[k] <= '9'; k++ {
			ns += int(s[k]-'0') * scale
			scale /= 10
		}
		j = k
	}
	// 12-hour clock.
	k := j
	if k < len(s) && s[k] == ' ' {
		k++
	}
	if ampm && k+1 < len(s) && (k+2 == len(s) || s[k+2] == ' ' || s[k+2] == '\t') && (s[k+1] == 'M' || s[k+1] == 'm') {
		switch s[k] {
		case 'A', 'a':
			if h < 1 || h > 12 {
				return 0, false
			}
			if h == 12 {
				h = 0
			}
			j = k + 2
		case 'P', 'p':
			if h < 1 || h > 12 {
				return 0, false
			}
			if h != 12 {
				h += 12
			}
			j = k + 2
		}
	}
	c.hour, c.min, c.sec, c.nsec = h, m, sec, ns
	return j, true
}

// parseZone reads Z, +hh:mm, +hhmm or +hh at s[i:]. It returns the offset in
// seconds east of UTC and the index after the zone; n is false when there is
// no zone at s[i].
func parseZone[T text](s T, i int) (off, j int, ok bool) {
	if i >= len(s) {
		return 0, i, false
	}
	switch s[i] {
	case 'Z', 'z':
		return 0, i + 1, true
	case '+', '-':
	default:
		return 0, i, false
	}
	h, j, n := num(s, i+1, 2)
	if n != 2 {
		return 0, i, false
	}
	m := 0
	if j < len(s) && s[j] == ':' {
		var n2 int
		m, j, n2 = num(s, j+1, 2)
		if n2 != 2 {
			return 0, i, false
		}
	} else if j+1 < len(s) && s[j] >= '0' && s[j] <= '9' {
		var n2 int
		m, j, n2 = num(s, j, 2)
		if n2 != 2 {
			return 0, i, false
		}
	}
	if h > 14 || m > 59 {
		return 0, i, false
	}
	off = (h*60 + m) * 60
	if s[i] == '-' {
		off = -off
	}
	return off, j, true
}

// parseISO reads YYYY-MM-DD, 'T' or a space, a clock time and an optional
// zone at s[i:].
func parseISO[T text](s T, i int, c *clock) (j, off int, zoned, ok bool) {
	if len(s)-i < 19 || s[i+4] != '-' {
		return 0, 0, false, false
	}
	j, ok = parseDate(s, i, c)
	if !ok || j >= len(s) || (s[j] != 'T' && s[j] != ' ') || j-i != 10 {
		return 0, 0, false, false
	}
	j, ok = parseClock(s, j+1, c, false)
	if !ok {
		return 0, 0, false, false
	}
	off, j, zoned = parseZone(s, j)
	return j, off, zoned, true
}

// zones caches the fixed zones of the offsets met in one input.
type zones map[int]*time.Location

func (z zones) get(off int) *time.Location {
	if off == 0 {
		return time.UTC
	}
	if l, ok := z[off]; ok {
		return l
	}
	l := time.FixedZone("", off)
	z[off] = l
	return l
}

// A dateOrder is the order of the day and the month in a numeric date
// whose year comes last, as Windows locales write it: 06/07/2020 is the
// 7th of June in the United States and the 6th of July in most of Europe.
// A file holds the dates of one locale, so its order is decided once for
// the file (see dateOrders).
type dateOrder uint8

// Orders of a numeric date.
const (
	orderUnknown    dateOrder = iota // nothing decided: read month-first
	orderMonthFirst                  // 6/17/2020
	orderDayFirst                    // 17/06/2020
)

var orderNames = [...]string{"unknown", "month-first", "day-first"}

func (o dateOrder) String() string {
	if int(o) < len(orderNames) {
		return orderNames[o]
	}
	return "dateOrder(" + strconv.Itoa(int(o)) + ")"
}

// voteDateOrder returns the order that the date at the start of s proves:
// orderDayFirst when its first number exceeds 12, orderMonthFirst when its
// second does. It returns orderUnknown when neither does, when both do, and
// when s does not start with a numeric date whose year comes last: a year
// first, a month name or dots (17.06.2020, always day-first) say nothing of
// the order of the others.
func voteDateOrder(s string) dateOrder {
	var c clock
	_, proves, _, _ := scanLocalDate(s, 0, orderUnknown, &c)
	return proves
}

// dateOrders decides the order of the numeric dates of one file by
// consistency. A reader shows it the dates it has buffered before it
// returns its first record (see), so that dates further on decide for
// earlier ones; then it asks, for each date it reads, the order to read it
// in (use). The first date that proves an order decides it; a date that
// proves nothing, read while nothing is decided, decides month-first, the
// default. Once decided the order never changes: parseLocalTime reports a
// date that contradicts it.
type dateOrders struct {
	order dateOrder
}

// see decides the order from date, if date proves one and nothing is
// decided yet. It reports whether the order is decided.
func (d *dateOrders) see(date string) bool {
	if d.order == orderUnknown {
		d.order = voteDateOrder(date)
	}
	return d.order != orderUnknown
}

// use returns the order in which to read date, deciding it first when
// nothing is decided: from date, or month-first if date is numeric and
// proves nothing.
func (d *dateOrders) use(date string) dateOrder {
	if d.order == orderUnknown {
		var c clock
		_, proves, ambiguous, _ := scanLocalDate(date, 0, orderUnknown, &c)
		switch {
		case proves != orderUnknown:
			d.order = proves
		case ambiguous:
			d.order = orderMonthFirst
		}
	}
	return d.order
}

// parseLocalTime parses a date and a time of day as Windows locales,
// Event Viewer, wevtutil and PowerShell write them:
//
//	06-Jan-18 5:03:40 PM     6/17/2020 8:21:57 PM     06/17/2020 20:21:57
//	17.06.2020 20:21:57      17/06/2020               2020/06/17
//	2020-06-17               2020-06-17T20:21:30.123  2020-06-17T20:21:30.1230000+02:00
//
// The time is in clock, or after the date in date when clock is empty,
// separated from it by blanks or a 'T'; with no time at all the result is
// the start of the day. Years may have two digits (2000 is added: the logs
// this package reads were written after it), hours are 24-hour or 12-hour
// followed by AM or PM (in either case, or a.m. and p.m.), seconds and
// their fraction are optional, and an offset or Z may follow the time.
// Numeric dates whose year comes last are read in the given order,
// month-first when it is orderUnknown; dotted ones are always day-first.
//
// Times with no offset are in loc, and hasZone is false. An error wraps
// ErrBadTime and its text says what is wrong, naming the value, for the
// Msg of a ParseError: a value that does not parse, names no real time, or
// is a date that proves the order contrary to order.
func parseLocalTime(date, clockText string, order dateOrder, loc *time.Location) (t time.Time, hasZone bool, err error) {
	return parseLocalTimeIn(date, clockText, order, loc, nil)
}

// parseLocalTimeIn is parseLocalTime making a time without a zone through
// hours, when not nil, as the readers of many records do.
func parseLocalTimeIn(date, clockText string, order dateOrder, loc *time.Location, hours *hourCache) (t time.Time, hasZone bool, err error) {
	var c clock
	j, proves, _, ok := scanLocalDate(date, 0, order, &c)
	if !ok {
		return time.Time{}, false, badTime("date", date, "")
	}
	if order != orderUnknown && proves != orderUnknown && proves != order {
		return time.Time{}, false, badTime("date", date, "is "+proves.String()+", but the file's dates are "+order.String())
	}
	s, what, k := date, "date", j
	if clockText != "" {
		if j != len(date) {
			return time.Time{}, false, badTime("date", date, "")
		}
		s, what, k = clockText, "time", 0
	} else if j < len(date) {
		for j < len(date) && (date[j] == ' ' || date[j] == '\t') {
			j++
		}
		if j < len(date) && date[j] == 'T' && j == k {
			j++
		}
		if j == k {
			return time.Time{}, false, badTime("date", date, "")
		}
		k = j
	}
	off, zoned := 0, false
	if k < len(s) {
		if k, ok = scanLocalClock(s, k, &c); ok {
			off, k, zoned = scanZone(s, k)
		}
		if !ok || k != len(s) {
			return time.Time{}, false, badTime(what, s, "")
		}
	}
	if !c.valid() {
		return time.Time{}, false, badTime(what, s, "names no real time")
	}
	if zoned {
		return c.time(time.FixedZone("", off)), true, nil
	}
	if hours != nil {
		return hours.time(&c, loc), false, nil
	}
	return c.time(loc), false, nil
}

// A timeError is an error of parseLocalTime: its text is the detail of a
// ParseError, and it is ErrBadTime.
type timeError struct{ msg string }

func (e *timeError) Error() string        { return e.msg }
func (e *timeError) Is(target error) bool { return target == ErrBadTime }

func badTime(what, value, why string) error {
	return &timeError{badTimeText(what, value, why)}
}

// badTimeText says what is wrong with a date or time: why, or that it
// does not parse when why is empty.
func badTimeText(what, value, why string) string {
	if why == "" {
		why = "does not parse"
	}
	return what + " " + quote(value) + " " + why
}

// scanLocalDate reads at s[i:] a date in one of the forms parseLocalTime
// takes, into c: its year, month and day. It returns the index after the
// date, the order the date proves (see voteDateOrder), and whether it is
// a numeric date that reads as two different days in the two orders. A numeric date whose year
// comes last is read in order, month-first when it is orderUnknown, unless
// it proves the other order: then it is read as it proves, and the caller
// decides what a contradiction means.
func scanLocalDate[T text](s T, i int, order dateOrder, c *clock) (j int, proves dateOrder, ambiguous, ok bool) {
	a, j, n := num(s, i, 4)
	if n == 0 || j >= len(s) {
		return 0, orderUnknown, false, false
	}
	sep := s[j]
	if sep != '/' && sep != '-' && sep != '.' {
		return 0, orderUnknown, false, false
	}
	if n == 4 {
		// Year first: 2020-06-17, 2020/06/17, 2020.06.17.
		m, k, n2 := num(s, j+1, 2)
		if n2 == 0 || k >= len(s) || s[k] != sep {
			return 0, orderUnknown, false, false
		}
		d, k2, n3 := num(s, k+1, 2)
		if n3 == 0 || endsInDigit(s, k2) {
			return 0, orderUnknown, false, false
		}
		c.year, c.month, c.day = a, m, d
		return k2, orderUnknown, false, true
	}
	if n > 2 {
		return 0, orderUnknown, false, false
	}
	// The month by name: 06-Jan-18, 6-January-2018, 06 Jan 2018 is not taken.
	if m, k := monthName(s, j+1); m > 0 {
		if k >= len(s) || s[k] != sep {
			return 0, orderUnknown, false, false
		}
		y, k2, ok := scanYear(s, k+1)
		if !ok {
			return 0, orderUnknown, false, false
		}
		c.year, c.month, c.day = y, m, a
		return k2, orderUnknown, false, true
	}
	b, k, n2 := num(s, j+1, 2)
	if n2 == 0 || k >= len(s) || s[k] != sep {
		return 0, orderUnknown, false, false
	}
	y, k2, ok := scanYear(s, k+1)
	if !ok {
		return 0, orderUnknown, false, false
	}
	c.year = y
	if sep == '.' {
		c.month, c.day = b, a
		return k2, orderUnknown, false, true
	}
	switch {
	case a > 12 && b <= 12:
		proves = orderDayFirst
	case b > 12 && a <= 12:
		proves = orderMonthFirst
	case a <= 12 && b <= 12 && a != b:
		ambiguous = true
	}
	if proves == orderDayFirst || proves == orderUnknown && order == orderDayFirst {
		a, b = b, a
	}
	c.month, c.day = a, b
	return k2, proves, ambiguous, true
}

// scanYear reads a year of two or four digits at s[i:].
func scanYear[T text](s T, i int) (y, j int, ok bool) {
	y, j, n := num(s, i, 4)
	switch {
	case n == 2:
		y += 2000
	case n != 4:
		return 0, 0, false
	}
	if endsInDigit(s, j) {
		return 0, 0, false
	}
	return y, j, true
}

// endsInDigit reports whether a digit follows a number that ends at s[j].
func endsInDigit[T text](s T, j int) bool {
	return j < len(s) && s[j] >= '0' && s[j] <= '9'
}

// monthName reads an English month name at s[i:], its first three letters
// or all of it, in any case. It returns the month, 0 when there is none,
// and the index after the name.
func monthName[T text](s T, i int) (month, j int) {
	j = i
	for j < len(s) && (s[j]|0x20 >= 'a' && s[j]|0x20 <= 'z') {
		j++
	}
	if j-i < 3 {
		return 0, i
	}
	for m, name := range monthNames {
		if j-i != 3 && j-i != len(name) {
			continue
		}
		k := 0
		for k < j-i && s[i+k]|0x20 == name[k]|0x20 {
			k++
		}
		if k == j-i {
			return m + 1, j
		}
	}
	return 0, i
}

var monthNames = [...]string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}

// scanLocalClock reads at s[i:] a time of day, H:MM with optional seconds
// and fraction (after '.' or ','), and an optional AM or PM after blanks or
// none: "AM", "pm", "a.m.", "P.M.". It returns the index after it.
func scanLocalClock[T text](s T, i int, c *clock) (int, bool) {
	h, j, n := num(s, i, 2)
	if n == 0 || j >= len(s) || s[j] != ':' {
		return 0, false
	}
	m, j, n := num(s, j+1, 2)
	if n != 2 {
		return 0, false
	}
	sec, ns := 0, 0
	if j < len(s) && s[j] == ':' {
		if sec, j, n = num(s, j+1, 2); n != 2 {
			return 0, false
		}
		if j+1 < len(s) && (s[j] == '.' || s[j] == ',') && s[j+1] >= '0' && s[j+1] <= '9' {
			j++
			for scale := 100000000; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
				ns += int(s[j]-'0') * scale
				scale /= 10
			}
		}
	}
	if endsInDigit(s, j) {
		return 0, false
	}
	k := j
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if pm, e, ok := scanMeridiem(s, k); ok {
		if h < 1 || h > 12 {
			return 0, false
		}
		h %= 12
		if pm {
			h += 12
		}
		j = e
	}
	c.hour, c.min, c.sec, c.nsec = h, m, sec, ns
	return j, true
}

// scanMeridiem reads AM or PM at s[i:] in the forms scanLocalClock takes,
// followed by the end, a blank, or an offset.
func scanMeridiem[T text](s T, i int) (pm bool, j int, ok bool) {
	if i >= len(s) {
		return false, 0, false
	}
	switch s[i] | 0x20 {
	case 'a':
	case 'p':
		pm = true
	default:
		return false, 0, false
	}
	j = i + 1
	dot := j < len(s) && s[j] == '.'
	if dot {
		j++
	}
	if j >= len(s) || s[j]|0x20 != 'm' {
		return false, 0, false
	}
	j++
	if dot {
		if j >= len(s) || s[j] != '.' {
			return false, 0, false
		}
		j++
	}
	if j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '+' && s[j] != '-' && s[j] != 'Z' {
		return false, 0, false
	}
	return pm, j, true
}

// scanZone reads an optional offset after a time at s[i:]: Z, +hh:mm,
// +hhmm or +hh, after blanks or none. It returns the offset in seconds east
// of UTC, the index after it, and whether there was one; without one, j is
// i.
func scanZone[T text](s T, i int) (off, j int, ok bool) {
	k := i
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if off, j, ok = parseZone(s, k); ok && !endsInDigit(s, j) {
		return off, j, true
	}
	return 0, i, false
}
