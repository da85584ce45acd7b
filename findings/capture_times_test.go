package findings

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/dnscapture"
)

// TestCaptureTimes checks the transactions a Capture keeps for a
// timeline: every one of the TechNote's capture, whose failures to resolve
// mus.cisco.com come every 15 s.
func TestCaptureTimes(t *testing.T) {
	f, err := os.Open("../testdata/captures/technote.pcapng")
	require.NoError(t, err)
	defer f.Close()
	c, err := ReadCapture(context.Background(), f, "technote.pcapng")
	require.NoError(t, err)
	qs, nq := c.Queries()
	fs, nf := c.Failures()
	sum, _ := c.Lookup("mus.cisco.com")
	assert.Equal(t, len(qs), nq)
	assert.Equal(t, len(fs), nf)
	assert.GreaterOrEqual(t, nq, sum.Queries)
	var mus []time.Time
	for _, tx := range fs {
		assert.True(t, Failed(tx))
		if tx.Name == "mus.cisco.com" {
			assert.Equal(t, dnscapture.RCodeServFail, tx.RCode)
			mus = append(mus, tx.ResponseTime)
		}
	}
	require.Equal(t, sum.RCodes[dnscapture.RCodeServFail], len(mus))
	require.GreaterOrEqual(t, len(mus), 8)
	for i := 1; i < len(mus); i++ {
		assert.InDelta(t, 15, mus[i].Sub(mus[i-1]).Seconds(), 1.5, "failure %d", i)
	}
	var none *Capture
	got, n := none.Queries()
	assert.Nil(t, got)
	assert.Zero(t, n)
}

// TestCaptureTimesBound checks that a capture of many transactions keeps
// at most MaxCaptureTimes of them, spread evenly from the first.
func TestCaptureTimesBound(t *testing.T) {
	c := &Capture{names: map[string]*captureName{}}
	start := time.Date(2020, 6, 17, 20, 0, 0, 0, time.UTC)
	const n = 10*MaxCaptureTimes + 7
	for i := range n {
		tx := dnscapture.Transaction{Name: "mus.cisco.com", QueryFrame: i + 1, QueryTime: start.Add(time.Duration(i) * time.Second)}
		if i%3 == 0 {
			tx.ResponseFrame, tx.ResponseTime = i+2, tx.QueryTime.Add(time.Second)
		}
		c.add(tx)
	}
	for _, s := range []struct {
		name  string
		get   func() ([]dnscapture.Transaction, int)
		total int
	}{{"queries", c.Queries, n}, {"failures", c.Failures, n - (n+2)/3}} {
		kept, total := s.get()
		assert.Equal(t, s.total, total, s.name)
		require.LessOrEqual(t, len(kept), MaxCaptureTimes, s.name)
		require.Greater(t, len(kept), MaxCaptureTimes/2, s.name)
		step := kept[1].QueryFrame - kept[0].QueryFrame
		for i := 1; i < len(kept); i++ {
			assert.Equal(t, step, kept[i].QueryFrame-kept[i-1].QueryFrame, "%s %d", s.name, i)
		}
	}
	kept, _ := c.Queries()
	assert.Equal(t, 1, kept[0].QueryFrame)
}
