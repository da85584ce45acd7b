package logparse

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestHourCache checks that the cached hour gives the very time.Time that
// time.Date gives, as records move within an hour, across hours, days and
// years, on a leap second and in a zone with daylight saving.
func TestHourCache(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		berlin = time.FixedZone("CET", 3600) // no zone database here
	}
	clocks := []clock{
		{2020, 6, 10, 20, 21, 32, 0},
		{2020, 6, 10, 20, 21, 33, 0},
		{2020, 6, 10, 20, 59, 59, 999_999_999},
		{2020, 6, 10, 21, 0, 0, 0},
		{2020, 6, 10, 20, 0, 1, 0}, // back to the hour before
		{2020, 6, 11, 20, 5, 0, 0}, // same hour, next day
		{2020, 7, 11, 20, 5, 0, 0},
		{2021, 7, 11, 20, 5, 0, 0},
		{2016, 12, 31, 23, 59, 60, 0}, // a leap second, read as the next minute
		{2020, 3, 29, 2, 30, 0, 0},    // no such time in Berlin
		{2020, 10, 25, 2, 30, 0, 0},   // twice in Berlin
		{1, 1, 1, 0, 0, 0, 0},
		{9999, 12, 31, 23, 59, 59, 0},
	}
	for _, loc := range []*time.Location{time.UTC, berlin} {
		var h hourCache
		for _, c := range clocks {
			got, want := h.time(&c, loc), c.time(loc)
			if got != want {
				t.Errorf("%v in %v: got %v, want %v", c, loc, got, want)
			}
		}
	}
}

// TestParseLocalTime reads every form of date and time that Windows
// locales, Event Viewer, wevtutil and PowerShell write, in each order.
func TestParseLocalTime(t *testing.T) {
	loc := time.FixedZone("here", -5*3600)
	utc := func(y, mo, d, h, mi, s, ns int) time.Time { return time.Date(y, time.Month(mo), d, h, mi, s, ns, loc) }
	zone := func(off int, y, mo, d, h, mi, s, ns int) time.Time {
		return time.Date(y, time.Month(mo), d, h, mi, s, ns, time.FixedZone("", off))
	}
	tests := []struct {
		date, clock string
		order       dateOrder
		want        time.Time
		zoned       bool
		err         string // "" when none
	}{
		{"06-Jan-18 5:03:40 PM", "", orderUnknown, utc(2018, 1, 6, 17, 3, 40, 0), false, ""},
		{"06-JAN-2018 5:03:40 pm", "", orderDayFirst, utc(2018, 1, 6, 17, 3, 40, 0), false, ""},
		{"6-January-2018 05:03 a.m.", "", orderMonthFirst, utc(2018, 1, 6, 5, 3, 0, 0), false, ""},
		{"6/17/2020 8:21:57 PM", "", orderUnknown, utc(2020, 6, 17, 20, 21, 57, 0), false, ""},
		{"6/17/2020 8:21:57PM", "", orderMonthFirst, utc(2020, 6, 17, 20, 21, 57, 0), false, ""},
		{"6/17/2020 8:21 p.m.", "", orderMonthFirst, utc(2020, 6, 17, 20, 21, 0, 0), false, ""},
		{"6/17/2020 12:00:01 AM", "", orderMonthFirst, utc(2020, 6, 17, 0, 0, 1, 0), false, ""},
		{"6/17/2020 12:00:01 PM", "", orderMonthFirst, utc(2020, 6, 17, 12, 0, 1, 0), false, ""},
		{"06/17/2020 20:21:57", "", orderUnknown, utc(2020, 6, 17, 20, 21, 57, 0), false, ""},
		{"06/17/2020", "20:21:57", orderUnknown, utc(2020, 6, 17, 20, 21, 57, 0), false, ""},
		{"06/17/20", "8:21 PM", orderUnknown, utc(2020, 6, 17, 20, 21, 0, 0), false, ""},
		{"17.06.2020 20:21:57", "", orderUnknown, utc(2020, 6, 17, 20, 21, 57, 0), false, ""},
		{"06.07.2020 20:21:57", "", orderMonthFirst, utc(2020, 7, 6, 20, 21, 57, 0), false, ""}, // dots: always day-first
		{"17/06/2020", "", orderUnknown, utc(2020, 6, 17, 0, 0, 0, 0), false, ""},
		{"17/06/2020", "", orderDayFirst, utc(2020, 6, 17, 0, 0, 0, 0), false, ""},
		{"06/07/2020", "", orderDayFirst, utc(2020, 7, 6, 0, 0, 0, 0), false, ""},
		{"06/07/2020", "", orderMonthFirst, utc(2020, 6, 7, 0, 0, 0, 0), false, ""},
		{"06/07/2020", "", orderUnknown, utc(2020, 6, 7, 0, 0, 0, 0), false, ""},
		{"06-07-2020", "", orderDayFirst, utc(2020, 7, 6, 0, 0, 0, 0), false, ""},
		{"2020/06/17", "", orderDayFirst, utc(2020, 6, 17, 0, 0, 0, 0), false, ""},
		{"2020-06-17", "", orderDayFirst, utc(2020, 6, 17, 0, 0, 0, 0), false, ""},
		{"2020-06-17", "20:21:57", orderUnknown, utc(2020, 6, 17, 20, 21, 57, 0), false, ""},
		{"2020-06-17T20:21:30.123", "", orderUnknown, utc(2020, 6, 17, 20, 21, 30, 123e6), false, ""},
		{"2020-06-17 20:21:30,5", "", orderUnknown, utc(2020, 6, 17, 20, 21, 30, 5e8), false, ""},
		{"2020-06-17T20:21:30.123Z", "", orderUnknown, zone(0, 2020, 6, 17, 20, 21, 30, 123e6), true, ""},
		{"2020-06-17T20:21:30.1234567+02:00", "", orderUnknown, zone(7200, 2020, 6, 17, 20, 21, 30, 123456700), true, ""},
		{"2020-06-17T20:21:30-0700", "", orderUnknown, zone(-7*3600, 2020, 6, 17, 20, 21, 30, 0), true, ""},
		{"6/17/2020 8:21:57 PM +05", "", orderUnknown, zone(5*3600, 2020, 6, 17, 20, 21, 57, 0), true, ""},
		{"6/17/2020", "8:21:57 PM Z", orderUnknown, zone(0, 2020, 6, 17, 20, 21, 57, 0), true, ""},
		{"2016-12-31", "23:59:60", orderUnknown, utc(2017, 1, 1, 0, 0, 0, 0), false, ""}, // a leap second

		{"17/06/2020", "", orderMonthFirst, time.Time{}, false, `date "17/06/2020" is day-first, but the file's dates are month-first`},
		{"06/17/2020 20:21:57", "", orderDayFirst, time.Time{}, false, `date "06/17/2020 20:21:57" is month-first, but the file's dates are day-first`},
		{"13/13/2020", "", orderUnknown, time.Time{}, false, `date "13/13/2020" names no real time`},
		{"02/30/2020", "", orderUnknown, time.Time{}, false, `date "02/30/2020" names no real time`},
		{"06/17/2020", "25:00:00", orderUnknown, time.Time{}, false, `time "25:00:00" names no real time`},
		{"06/17/2020", "13:00:00 PM", orderUnknown, time.Time{}, false, `time "13:00:00 PM" does not parse`},
		{"06/17/2020", "0:10 AM", orderUnknown, time.Time{}, false, `time "0:10 AM" does not parse`},
		{"06/17/2020", "20:21:57 x", orderUnknown, time.Time{}, false, `time "20:21:57 x" does not parse`},
		{"06/17/2020", "20:2", orderUnknown, time.Time{}, false, `time "20:2" does not parse`},
		{"06/17/2020 x", "20:21:57", orderUnknown, time.Time{}, false, `date "06/17/2020 x" does not parse`},
		{"06/17/2020x", "", orderUnknown, time.Time{}, false, `date "06/17/2020x" does not parse`},
		{"06/17/20201", "", orderUnknown, time.Time{}, false, `date "06/17/20201" does not parse`},
		{"06/17/202", "", orderUnknown, time.Time{}, false, `date "06/17/202" does not parse`},
		{"2020-06-177", "", orderUnknown, time.Time{}, false, `date "2020-06-177" does not parse`},
		{"06-Jun-18", "", orderUnknown, utc(2018, 6, 6, 0, 0, 0, 0), false, ""},
		{"06-Jux-18", "", orderUnknown, time.Time{}, false, `date "06-Jux-18" does not parse`},
		{"06/Jan/18", "", orderUnknown, utc(2018, 1, 6, 0, 0, 0, 0), false, ""},
		{"2020-06-17TT20:21:30", "", orderUnknown, time.Time{}, false, `date "2020-06-17TT20:21:30" does not parse`},
		{"6/17/2020 8:21:57 PMx", "", orderUnknown, time.Time{}, false, `date "6/17/2020 8:21:57 PMx" does not parse`},
		{"", "", orderUnknown, time.Time{}, false, `date "" does not parse`},
		{"Monday", "", orderUnknown, time.Time{}, false, `date "Monday" does not parse`},
	}
	for _, tt := range tests {
		got, zoned, err := parseLocalTime(tt.date, tt.clock, tt.order, loc)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err || !errors.Is(err, ErrBadTime) {
				t.Errorf("parseLocalTime(%q, %q, %v) = %v, %v; want error %s", tt.date, tt.clock, tt.order, got, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) || got.Location().String() != tt.want.Location().String() || zoned != tt.zoned {
			t.Errorf("parseLocalTime(%q, %q, %v) = %v, %v, %v; want %v, %v", tt.date, tt.clock, tt.order, got, zoned, err, tt.want, tt.zoned)
		}
	}
}

// TestDateOrders decides the order of a file's dates from the dates shown
// ahead (see) and the dates read (use), in turn.
func TestDateOrders(t *testing.T) {
	tests := []struct {
		name  string
		seen  []string    // shown ahead
		read  []string    // then read
		order []dateOrder // the order use returns for each
	}{
		{"nothing decides: month-first", nil, []string{"06/07/2020", "2020-06-17"}, []dateOrder{orderMonthFirst, orderMonthFirst}},
		{"a later date proves day-first", []string{"06/07/2020", "x", "17/06/2020 5:00 PM"}, []string{"06/07/2020"}, []dateOrder{orderDayFirst}},
		{"a later date proves month-first", []string{"06/07/2020", "06/17/2020"}, []string{"06/07/2020"}, []dateOrder{orderMonthFirst}},
		{"the first proof decides", []string{"17/06/2020", "06/17/2020"}, []string{"06/17/2020"}, []dateOrder{orderDayFirst}},
		{"ISO, dots and names decide nothing", []string{"2020-06-17", "17.06.2020", "17-Jun-20", "06/06/2020"}, []string{"2020-06-17", "17/06/2020"}, []dateOrder{orderUnknown, orderDayFirst}},
		{"read before any proof: the default holds", nil, []string{"06/07/2020", "17/06/2020"}, []dateOrder{orderMonthFirst, orderMonthFirst}},
		{"a proof read first decides", nil, []string{"17/06/2020", "06/07/2020"}, []dateOrder{orderDayFirst, orderDayFirst}},
		{"nonsense decides nothing", []string{"13/13/2020", "Date", ""}, []string{"x", "06/07/2020"}, []dateOrder{orderUnknown, orderMonthFirst}},
	}
	for _, tt := range tests {
		var d dateOrders
		for _, s := range tt.seen {
			d.see(s)
		}
		for i, s := range tt.read {
			if got := d.use(s); got != tt.order[i] {
				t.Errorf("%s: use(%q) = %v, want %v", tt.name, s, got, tt.order[i])
			}
		}
	}
	for s, want := range map[string]dateOrder{
		"17/06/2020": orderDayFirst, "06/17/2020 8:00 PM": orderMonthFirst, "06/07/2020": orderUnknown, "13/13/2020": orderUnknown,
		"17-06-20": orderDayFirst, "17.06.2020": orderUnknown, "2020/06/17": orderUnknown, "17-Jun-20": orderUnknown, "": orderUnknown,
	} {
		if got := voteDateOrder(s); got != want {
			t.Errorf("voteDateOrder(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzParseLocalTime checks what parseLocalTime promises of any text: no
// panic; an error is ErrBadTime and names the value; a date that proves
// an order fails in the other; and a time read without an offset reads
// again the same from its ISO form.
func FuzzParseLocalTime(f *testing.F) {
	for _, s := range [][2]string{
		{"06-Jan-18 5:03:40 PM", ""}, {"6/17/2020 8:21:57 PM", ""}, {"06/17/2020", "20:21:57"},
		{"17.06.2020 20:21:57", ""}, {"17/06/2020", ""}, {"2020/06/17", ""}, {"2020-06-17T20:21:30.123", ""},
		{"2020-06-17T20:21:30.1234567+02:00", ""}, {"06/07/20", "8:21 a.m."}, {"6/17/2020", "8:21:57 PM Z"},
	} {
		f.Add(s[0], s[1], uint8(0))
	}
	loc := time.FixedZone("here", 3600)
	f.Fuzz(func(t *testing.T, date, clockText string, o uint8) {
		order := dateOrder(o % 3)
		got, zoned, err := parseLocalTime(date, clockText, order, loc)
		if err != nil {
			if !errors.Is(err, ErrBadTime) {
				t.Fatalf("error %v is not ErrBadTime", err)
			}
			if !strings.Contains(err.Error(), quote(date)) && !strings.Contains(err.Error(), quote(clockText)) {
				t.Fatalf("error %q names neither value", err)
			}
			return
		}
		if got.Year() < 1 || got.Year() > 10000 {
			t.Fatalf("year %d", got.Year())
		}
		if p := voteDateOrder(date); p != orderUnknown {
			other := orderDayFirst
			if p == orderDayFirst {
				other = orderMonthFirst
			}
			if _, _, err := parseLocalTime(date, clockText, other, loc); err == nil {
				t.Fatalf("%q proves %v, and reads %v too", date, p, other)
			}
		}
		if zoned || got.Year() > 9999 {
			return
		}
		iso := got.Format("2006-01-02T15:04:05.999999999")
		again, _, err := parseLocalTime(iso, "", order, loc)
		if err != nil || !again.Equal(got) {
			t.Fatalf("%q %q read as %v; its ISO form %q as %v, %v", date, clockText, got, iso, again, err)
		}
	})
}

// FuzzTimeMemo checks the reading of a time after another (timeMemo)
// against parseLocalTimeIn reading it whole: whatever the two texts, a
// time recall gives is the one parseLocalTimeIn gives, in UTC (through the
// hour cache) and in a zone.
func FuzzTimeMemo(f *testing.F) {
	for _, s := range [][2]string{
		{"6/10/2020 8:21:32 PM", "6/10/2020 8:21:34 PM"}, {"6/10/2020 8:21:32 PM", "6/10/2020 11:59:59 PM"},
		{"17.06.2020 20:21:57", "17.06.2020 20:22:03"}, {"06-Jan-18 5:03:40 PM", "06-Jan-18 5:03:41 AM"},
		{"2020-06-17T20:21:30.123", "2020-06-17T20:21:31.5"}, {"2020-06-17 20:21:30", "2020-06-17 20:21:30+02:00"},
		{"6/10/2020 8:21:32 PM", "6/10/2020 13:21:32 PM"}, {"2/28/2021 8:00:00", "2/28/2021 24:00:00"},
		{"6/10/2020 8:21:32 PM", "6/10/2020 8:21:32 PM x"}, {"6/10/2020\t8:21 PM", "6/10/2020\t8:21:60 PM"},
		{"6/10/2020 8:21:32 PM", "6/10/2020 8:21:32 PM"}, {"2020-06-17 20:21:30+02:00", "2020-06-17 20:21:30+02:00"},
		{"6/10/2020 8:21:59 PM", "6/10/2020 8:21:00 PM"}, {"17.06.2020 20:21:57", "17.06.2020 20:21:60"},
		{"2020-06-17 20:21:30.5", "2020-06-17 20:21:31.5"}, {"6/10/2020 8:21:32", "6/10/2020 8:21:3"},
	} {
		f.Add(s[0], s[1], uint8(0))
	}
	zone := time.FixedZone("here", 3600)
	f.Fuzz(func(t *testing.T, a, b string, o uint8) {
		loc := time.UTC
		if o&4 != 0 {
			loc = zone
		}
		var m timeMemo
		orders := dateOrders{order: dateOrder(o % 3)}
		ta, zoned, err := parseLocalTimeIn(a, "", orders.use(a), loc, &m.hours)
		if err != nil {
			return
		}
		m.note(a, ta, zoned, orders.order)
		if o&8 != 0 {
			orders.order = dateOrder(o / 16 % 3) // decided otherwise since
		}
		// Each text in turn, as a log's times come, and each time
		// read from the memo as parseLocalTimeIn reads it.
		for i, s := range []string{b, a, b, a + "x"} {
			got, ok := m.recall(s, orders.order, loc)
			if !ok {
				continue
			}
			want, zoned, err := parseLocalTimeIn(s, "", orders.use(s), loc, nil)
			if err != nil || zoned || want != got {
				t.Fatalf("after %q and %q, %d: %q read as %v; whole, as %v, %v, %v", a, b, i, s, got, want, zoned, err)
			}
		}
	})
}
