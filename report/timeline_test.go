package report

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/logparse"
)

// recordedTimeline analyses a sample bundle, with a capture if one is
// named, and returns its report and timeline.
func recordedTimeline(t *testing.T, bundle, capture string) (*findings.Report, *Timeline) {
	t.Helper()
	ctx := context.Background()
	opts := &findings.Options{}
	if capture != "" {
		f, err := os.Open("../testdata/captures/" + capture)
		require.NoError(t, err)
		defer f.Close()
		opts.Capture, err = findings.ReadCapture(ctx, f, capture)
		require.NoError(t, err)
	}
	rec := NewTimelineRecorder()
	rec.Attach(opts)
	b, err := dart.Open(ctx, "../testdata/bundles/"+bundle, nil)
	require.NoError(t, err)
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, rules.All(), opts)
	require.NoError(t, err)
	return rep, rec.Timeline(rep)
}

// checkCounts checks that the timeline counts every record the report
// read once, in bins of the same number, and spans its marks.
func checkCounts(t *testing.T, rep *findings.Report, tl *Timeline) {
	t.Helper()
	read := 0
	for _, f := range rep.Files {
		read += f.Records
	}
	counted := tl.Untimed + tl.Earlier
	for _, s := range tl.Sources {
		require.Len(t, s.Counts, tl.Bins(), s.Source)
		for _, c := range s.Counts {
			counted += c
		}
	}
	assert.Equal(t, read, counted)
	assert.LessOrEqual(t, tl.Bins(), MaxBins)
	assert.True(t, slices.IsSortedFunc(tl.Marks, func(a, b Mark) int { return a.Time.Compare(b.Time) }))
	for _, m := range tl.Marks {
		assert.GreaterOrEqual(t, tl.BinOf(m.Time), 0, "%v", m)
	}
}

// TestTimelineTechNote checks the timeline of the TechNote's bundle with
// its capture: the agent's records and the GUI's, the messages the user
// saw, and the capture's failures to resolve mus.cisco.com every 15 s.
func TestTimelineTechNote(t *testing.T) {
	rep, tl := recordedTimeline(t, "dart-windows-technote.zip", "technote.pcapng")
	checkCounts(t, rep, tl)
	// The period of the failures, not the month of the system's logs.
	assert.LessOrEqual(t, tl.Bin, 5*time.Second)
	assert.Positive(t, tl.Earlier)
	var sources []string
	for _, s := range tl.Sources {
		sources = append(sources, s.Source)
	}
	assert.Contains(t, sources, "acvpnagent")
	assert.Contains(t, sources, "acvpnui")
	assert.Empty(t, tl.Cut)

	var told []string
	var failBins []int
	queries := 0
	for _, m := range tl.Marks {
		switch m.Kind {
		case MarkMessage:
			told = append(told, m.Text)
			assert.Equal(t, "Cisco AnyConnect Secure Mobility Client/AnyConnect.evtx", m.File)
			assert.Positive(t, m.Line)
		case MarkDNSFailure:
			assert.Equal(t, "technote.pcapng", m.File)
			if strings.Contains(m.Text, "mus.cisco.com") {
				assert.Equal(t, "A mus.cisco.com: Server failure", m.Text)
				failBins = append(failBins, tl.BinOf(m.Time))
			}
		case MarkDNSQuery:
			queries++
		}
	}
	assert.Contains(t, told, "Network error. Unable to lookup host names.")
	assert.Contains(t, told, "Ready to connect.")
	assert.Positive(t, queries)
	require.GreaterOrEqual(t, len(failBins), 8)
	for i := 1; i < len(failBins); i++ {
		d := time.Duration(failBins[i]-failBins[i-1]) * tl.Bin
		assert.InDelta(t, 15, d.Seconds(), 2, "failure %d, bins %v", i, failBins)
	}
	// The agent's failures, in its bins, come every 15 s too.
	var agent []int
	for _, s := range tl.Sources {
		if s.Source != "acvpnagent" {
			continue
		}
		for i, c := range s.Counts {
			if c > 0 {
				agent = append(agent, i)
			}
		}
	}
	require.GreaterOrEqual(t, len(agent), 8)
	last := agent[len(agent)-8:]
	for i := 1; i < len(last); i++ {
		d := time.Duration(last[i]-last[i-1]) * tl.Bin
		assert.InDelta(t, 15, d.Seconds(), 2, "agent bins %v", last)
	}
}

// TestTimelineSamples checks the counts on other samples, without a
// capture: text exports listed newest first, syslog, evtx only.
func TestTimelineSamples(t *testing.T) {
	for _, name := range []string{"DARTBundle_0617_2021.zip", "dart-linux-technote.zip", "macos-syslog.zip", "dart-windows-evtx-only.zip", "clean.zip"} {
		t.Run(name, func(t *testing.T) {
			rep, tl := recordedTimeline(t, name, "")
			checkCounts(t, rep, tl)
			assert.NotEmpty(t, tl.Sources)
			for _, m := range tl.Marks {
				assert.Equal(t, MarkMessage, m.Kind)
			}
		})
	}
}

// TestTimelineMessages checks which records are marks of messages the
// user saw.
func TestTimelineMessages(t *testing.T) {
	at := time.Date(2020, 6, 17, 20, 21, 33, 0, time.UTC)
	for _, c := range []struct {
		source, msg, want string
	}{
		{"acvpnui", "Message type error sent to the user: Network error. Unable to lookup host names.", "Network error. Unable to lookup host names."},
		{"csc_vpnapi", "Message type prompt sent to the user: Please enter your username and password.", "Please enter your username and password."},
		{"vpnui", "Message type information sent to the user: Ready to connect. ", "Ready to connect."},
		{"acvpnui", "네트워크 오류. 호스트 이름 조회 불가", "네트워크 오류. 호스트 이름 조회 불가"},
		{"acvpnui", "Message type error sent to the user: 네트워크 오류. 호스트 이름 조회 불가.", "네트워크 오류. 호스트 이름 조회 불가."},
		{"acvpnui", "Untrusted Server Blocked! AnyConnect cannot verify server: vpn.example.com", "Untrusted Server Blocked! AnyConnect cannot verify server: vpn.example.com"},
		{"csc_ui", "Message type warning sent to the user: Connection attempt has failed.", "Connection attempt has failed."},
		{"acvpnagent", "Timeout (per request) while trying to resolve [A] query mus.cisco.com", ""},
		{"acvpnagent", "Network error. Unable to lookup host names.", ""}, // the agent shows nothing
		{"acvpnui", "No profile is available.", ""},
	} {
		rec := NewTimelineRecorder()
		rec.record(&logparse.Record{Time: at, Source: c.source, Message: c.msg, Pos: logparse.Position{File: "log", Line: 7}})
		tl := rec.Timeline(nil)
		if c.want == "" {
			assert.Empty(t, tl.Marks, c.msg)
			continue
		}
		assert.Equal(t, []Mark{{Time: at, Kind: MarkMessage, Text: c.want, File: "log", Line: 7}}, tl.Marks, c.msg)
	}
}

// TestTimelineBins checks the counts against the records' times, whatever
// order they come in and however far apart: each record is in the bin
// Start + i*Bin that holds its time.
func TestTimelineBins(t *testing.T) {
	start := time.Date(2020, 6, 17, 20, 21, 33, 0, time.UTC)
	for _, span := range []time.Duration{90 * time.Second, time.Hour, 50 * time.Hour, 21 * 24 * time.Hour} {
		t.Run(span.String(), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(2, uint64(span)))
			rec := NewTimelineRecorder()
			var times []time.Time
			for range 5000 {
				at := start.Add(time.Duration(rng.Int64N(int64(span))))
				times = append(times, at)
				rec.record(&logparse.Record{Time: at, Source: "acvpnagent"})
			}
			tl := rec.Timeline(nil)
			require.Len(t, tl.Sources, 1)
			assert.LessOrEqual(t, tl.Bins(), MaxBins)
			assert.Greater(t, tl.Bins(), min(MaxBins/10, int(span/time.Second)-1))
			assert.Zero(t, tl.Earlier)
			assert.False(t, tl.Start.After(slices.MinFunc(times, time.Time.Compare)))
			assert.Equal(t, slices.MaxFunc(times, time.Time.Compare), tl.End)
			want := make([]int, tl.Bins())
			for _, at := range times {
				want[tl.BinOf(at)]++
			}
			assert.Equal(t, want, tl.Sources[0].Counts)
		})
	}
}

// TestTimelineBounds feeds a recorder a million records of weeks, from
// hundreds of sources, with thousands of messages, and checks that what it
// keeps stays within its bounds and says what was cut.
func TestTimelineBounds(t *testing.T) {
	const n = 1_000_000
	start := time.Date(2020, 6, 1, 0, 0, 0, 0, time.UTC)
	rec := NewTimelineRecorder()
	r := logparse.Record{Pos: logparse.Position{File: "log"}}
	untimed := 0
	for i := range n {
		r.Pos.Line = i + 1
		r.Time = start.Add(time.Duration(i) * 2 * time.Second)
		if i%1000 == 999 {
			r.Time = time.Time{}
			untimed++
		}
		r.Source, r.Message = fmt.Sprintf("proc%d", i%300), "routine"
		switch {
		case i%50 == 0:
			r.Source, r.Message = "acvpnui", "Message type error sent to the user: Network error. Unable to lookup host names."
		case i%997 == 0:
			r.Source, r.Message = "acvpnui", fmt.Sprintf("Message type information sent to the user: Contacting vpn%d.example.com.", i)
		case i == n/2+1:
			r.Source, r.Message = "acvpnui", "Message type error sent to the user: Untrusted Server Blocked!"
		}
		rec.record(&r)
	}
	tl := rec.Timeline(nil)
	assert.Equal(t, untimed, tl.Untimed)
	assert.LessOrEqual(t, tl.Bins(), MaxBins)
	assert.LessOrEqual(t, len(tl.Sources), MaxSources+1)
	assert.Equal(t, OtherSources, tl.Sources[len(tl.Sources)-1].Source)
	counted := tl.Untimed
	for _, s := range tl.Sources {
		require.Len(t, s.Counts, tl.Bins())
		for _, c := range s.Counts {
			counted += c
		}
	}
	assert.Equal(t, n, counted)
	assert.LessOrEqual(t, len(tl.Marks), MaxMarks)
	assert.True(t, slices.ContainsFunc(tl.Marks, func(m Mark) bool { return m.Text == "Untrusted Server Blocked!" }), "the rare message is kept")
	assert.True(t, slices.ContainsFunc(tl.Marks, func(m Mark) bool { return m.Text == "Network error. Unable to lookup host names." }))
	assert.Len(t, tl.Cut, 2, "%q", tl.Cut)

	// A record of a known source costs no allocation.
	r.Source, r.Message, r.Time = "proc7", "routine", start.Add(time.Hour)
	assert.Zero(t, testing.AllocsPerRun(1000, func() { rec.record(&r) }))
}

// TestTimelinePeriod checks that a timeline spans the last period of
// activity: records weeks older are counted as earlier, whether the period
// is short enough to be binned from the seconds counted one by one or
// not, and the period's records are each in their bin.
func TestTimelinePeriod(t *testing.T) {
	end := time.Date(2020, 6, 17, 20, 31, 22, 0, time.UTC)
	for _, c := range []struct {
		period, step time.Duration
		bin          time.Duration
	}{
		{16 * time.Minute, 15 * time.Second, time.Second},  // by the second
		{30 * time.Hour, 7 * time.Second, 2 * time.Minute}, // by the minute
		{4 * 24 * time.Hour, time.Minute, 6 * time.Hour},   // in the wide bins of a year
	} {
		t.Run(c.period.String(), func(t *testing.T) {
			rec := NewTimelineRecorder()
			var times []time.Time
			for at := end; !at.Before(end.Add(-c.period)); at = at.Add(-c.step) {
				times = append(times, at)
			}
			old := []time.Time{end.AddDate(0, -1, 0), end.AddDate(0, -1, 1), end.AddDate(-1, 0, 0)}
			for i, at := range times {
				if i < len(old) {
					rec.record(&logparse.Record{Time: old[i], Source: "MsiInstaller"})
				}
				rec.record(&logparse.Record{Time: at, Source: "acvpnagent"})
			}
			tl := rec.Timeline(nil)
			assert.Equal(t, len(old), tl.Earlier)
			assert.Equal(t, c.bin, tl.Bin)
			assert.Equal(t, end, tl.End)
			first := times[len(times)-1]
			assert.Equal(t, 0, tl.BinOf(first), "start %v, first %v", tl.Start, first)
			require.Len(t, tl.Sources, 1)
			want := make([]int, tl.Bins())
			for _, at := range times {
				want[tl.BinOf(at)]++
			}
			assert.Equal(t, want, tl.Sources[0].Counts)
		})
	}
}

// BenchmarkTimelineRecord measures what the recorder adds to each record
// of an analysis: records of a few sources, a second apart.
func BenchmarkTimelineRecord(b *testing.B) {
	rec := NewTimelineRecorder()
	start := time.Date(2020, 6, 17, 20, 0, 0, 0, time.UTC)
	sources := []string{"acvpnagent", "acvpnui", "Service Control Manager", "acvpndownloader"}
	recs := make([]logparse.Record, 4096)
	for i := range recs {
		recs[i] = logparse.Record{Source: sources[i%len(sources)], Message: "Function: CDNSRequest::OnSocketReadComplete routine text of a record", Pos: logparse.Position{File: "log", Line: i + 1}}
	}
	i := 0
	for b.Loop() {
		r := &recs[i%len(recs)]
		r.Time = start.Add(time.Duration(i) * time.Second)
		rec.record(r)
		i++
	}
}

// TestTimelineHistory checks the marks of the GUI's history: its times
// with a date or without, those marked already from a record left out,
// and those before the period of the records left out too.
func TestTimelineHistory(t *testing.T) {
	rec := NewTimelineRecorder()
	day := func(h, m, s int) time.Time { return time.Date(2020, 6, 17, h, m, s, 0, time.UTC) }
	rec.record(&logparse.Record{Time: day(20, 2, 10), Source: "EventLog", Pos: logparse.Position{File: "System.evtx", Line: 1}})
	rec.record(&logparse.Record{Time: day(20, 21, 33), Source: "acvpnui", Message: "Message type error sent to the user: Network error. Unable to lookup host names.", Pos: logparse.Position{File: "AnyConnect.evtx", Line: 9}})
	rec.record(&logparse.Record{Time: day(20, 31, 22), Source: "DART", Pos: logparse.Position{File: "DART.evtx", Line: 2}})
	src := func(line int) dart.Source { return dart.Source{File: "UIHistory_1.txt", Line: line} }
	rep := &findings.Report{Facts: &dart.Facts{UIHistory: []dart.UIMessage{
		{Time: "11:50:00 PM", Text: "Ready to connect.", Source: src(1)}, // the day before
		{Time: "8:15:32 PM", Text: "Ready to connect.", Source: src(2)},
		{Time: "8:21:33 PM", Text: "Network error. Unable to lookup host names.", Source: src(3)}, // a record says it
		{Time: "6/17/2020 8:22:18 PM", Text: "Network error. Unable to lookup host names.", Source: src(4)},
		{Time: "t1", Text: "no time", Source: src(5)},
	}}}
	tl := rec.Timeline(rep)
	assert.Equal(t, []Mark{
		{Time: day(20, 15, 32), Kind: MarkMessage, Text: "Ready to connect.", File: "UIHistory_1.txt", Line: 2},
		{Time: day(20, 21, 33), Kind: MarkMessage, Text: "Network error. Unable to lookup host names.", File: "AnyConnect.evtx", Line: 9},
		{Time: day(20, 22, 18), Kind: MarkMessage, Text: "Network error. Unable to lookup host names.", File: "UIHistory_1.txt", Line: 4},
	}, tl.Marks)
	assert.Len(t, tl.Cut, 1, "the mark of the day before: %q", tl.Cut)
}
