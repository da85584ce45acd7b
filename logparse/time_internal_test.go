package logparse

import (
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
