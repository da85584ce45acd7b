package findings

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings/internal/feed"
	"github.com/dartkit/dartkit/internal/sample"
	"github.com/dartkit/dartkit/logparse"
)

// TestAnalyzeReusesMemory analyses a bundle whose event log holds many
// times feed.Window records, with the readers reusing their memory as
// Analyze has them do and without, and requires the same report: no
// record is overwritten while the feed still reads it.
func TestAnalyzeReusesMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("makes a 12 MB bundle")
	}
	path := filepath.Join(t.TempDir(), "big.zip")
	require.NoError(t, os.WriteFile(path, manyEvents(4*feed.Window), 0o644))
	ctx := context.Background()
	analyse := func(reuse int) (*Report, []byte) {
		t.Helper()
		defer func(old int) { feed.ReuseAfter = old }(feed.ReuseAfter)
		feed.ReuseAfter = reuse
		b, err := dart.Open(ctx, path, nil)
		require.NoError(t, err)
		defer b.Close()
		rep, err := Analyze(ctx, b, nil, nil)
		require.NoError(t, err)
		out, err := json.Marshal(rep)
		require.NoError(t, err)
		return rep, out
	}
	rep, want := analyse(0)
	require.GreaterOrEqual(t, rep.Coverage.Records[logparse.FormatEventLog.String()], 4*feed.Window, "the records read")
	for range 3 {
		if _, got := analyse(feed.Window); !bytes.Equal(got, want) {
			i := 0
			for i < min(len(got), len(want)) && got[i] == want[i] {
				i++
			}
			t.Fatalf("the report differs when memory is reused, from byte %d:\n%.300s\nwithout:\n%.300s", i, got[i:], want[i:])
		}
	}
}

// manyEvents returns a Windows bundle whose event log holds n records of
// the agent and the GUI, each of its own text, so that a record read from
// memory written over since would not go unseen; every 500th is a failure
// to resolve mus.cisco.com, for a rule to keep.
func manyEvents(n int) []byte {
	l, _ := sample.LayoutByName("dart-sep-around-crlf-tabs-blank/utf-8")
	b := l.Begin()
	t0 := time.Date(2021, 6, 17, 9, 0, 0, 0, time.UTC)
	for i := range n {
		e := sample.Event{Time: t0.Add(time.Duration(i) * 15 * time.Second), Type: "Information", Source: "acvpnagent",
			Body: sample.Debug("CHostConfigMgr::poll", "HostConfigMgr.cpp", i%900, "Poll "+strconv.Itoa(i)+" of the host configuration")}
		switch {
		case i%500 == 0:
			e.Type, e.Body = "Error", sample.Debug("CHttpProbe::lookup", "HttpProbe.cpp", 712, "Failed to resolve mus.cisco.com, error "+strconv.Itoa(11001+i%3))
		case i%7 == 0:
			e.Source, e.Body = "acvpnui", "Message type information sent to the user: Ready to connect, step "+strconv.Itoa(i)
		}
		b = l.AppendEvent(b, e)
	}
	b = append(b, l.End()...)
	return sample.Zip([]sample.File{{Name: "Cisco AnyConnect Secure Mobility Client/AnyConnect.txt", Data: b, Mod: t0}})
}
