package logparse

import "time"

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
