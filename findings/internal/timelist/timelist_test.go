package timelist

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestListKeepsTimes checks that a List gives back the times added, in
// order and sorted, both while it keeps nanoseconds and once a time it
// cannot keep so has made it keep time.Time values.
func TestListKeepsTimes(t *testing.T) {
	t0 := time.Date(2021, 6, 17, 9, 0, 0, 0, time.UTC)
	for name, extra := range map[string]time.Time{
		"nanoseconds": t0.Add(-time.Hour),
		"other zone":  t0.In(time.FixedZone("", -7*3600)),
		"year 3000":   time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC),
		"monotonic":   time.Now(),
	} {
		t.Run(name, func(t *testing.T) {
			in := []time.Time{t0, t0.Add(2 * time.Second), t0.Add(time.Second), extra}
			var l List
			for _, tm := range in {
				l.Add(tm)
			}
			assert.Equal(t, len(in), l.Len())
			for i, tm := range in {
				assert.True(t, tm.Equal(l.At(i)), "At(%d) = %v, want %v", i, l.At(i), tm)
			}
			want := slices.Clone(in)
			slices.SortFunc(want, time.Time.Compare)
			v := l.SortedView()
			for i, tm := range l.Sorted() {
				assert.True(t, tm.Equal(want[i]), "Sorted()[%d]", i)
				assert.True(t, v.At(i).Equal(want[i]), "SortedView().At(%d)", i)
			}
			assert.Equal(t, want[1].Sub(want[0]), v.Sub(1, 0))
		})
	}
}

// TestListSubSaturates checks that Sub, like time.Time.Sub, gives the
// largest duration when the difference does not fit.
func TestListSubSaturates(t *testing.T) {
	var l List
	l.Add(time.Unix(0, math.MinInt64/2-1))
	l.Add(time.Unix(0, math.MaxInt64/2+1))
	assert.Equal(t, time.Duration(math.MaxInt64), l.Sub(1, 0))
	assert.Equal(t, time.Duration(math.MinInt64), l.Sub(0, 1))
}

// TestListGrow checks that times added after Grow cost no allocation.
func TestListGrow(t *testing.T) {
	var l List
	l.Add(time.Unix(0, 0))
	l.Grow(200)
	assert.Zero(t, testing.AllocsPerRun(100, func() { l.Add(time.Unix(1, 0)) }))
}
