package rules

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readCapture(t *testing.T, name string) *findings.Capture {
	t.Helper()
	f, err := os.Open("../../testdata/captures/" + name)
	require.NoError(t, err)
	defer f.Close()
	c, err := findings.ReadCapture(context.Background(), f, name)
	require.NoError(t, err)
	return c
}

// shifted returns the TechNote failures as a log in zone off would write
// them: the capture's UTC times moved to local wall-clock time.
func shifted(off time.Duration) []logparse.Record {
	r := every15s(8)
	for i := range r {
		r[i].Time = r[i].Time.Add(off)
	}
	return r
}

func TestMusWithCapture(t *testing.T) {
	technote := readCapture(t, "technote.pcapng")
	after := readCapture(t, "after-workaround.pcap")
	pacific := func(f *dart.Facts) {
		f.TimeZone = dart.Value{Value: "(UTC-08:00) Pacific Time (US & Canada)", Source: dart.Source{File: "systeminfo.txt", Line: 14}}
		f.DNSServers = []dart.Value{{Value: "10.88.240.69", Source: dart.Source{File: "ipconfig.txt", Line: 22}}}
	}
	tests := []struct {
		name     string
		facts    *dart.Facts
		records  []logparse.Record
		capture  *findings.Capture
		rule     string
		severity findings.Severity
		contains []string
	}{
		{"aligned by zone", facts("4.8.03052", pacific), shifted(-8 * time.Hour), technote, MusLookupCSCvu39643.ID, findings.SeverityMedium, []string{
			"8 queries, one every 15.0 s, 20:21:32 to 20:23:17, all Server failure, server 10.88.240.69",
			"They go to the server the agent names (10.88.240.69), one of the DNS servers the bundle lists (10.88.240.69, ipconfig.txt:22)",
			"In UTC, the log's failures (2020-06-17 20:21:32 to 20:23:17 UTC",
			"overlap"}},
		{"other time", facts("4.8.03052", pacific), every15s(8), technote, MusLookupCSCvu39643.ID, findings.SeverityMedium, []string{
			"do not overlap: the capture was taken at another time"}},
		{"no zone: cadence only", facts("4.8.03052"), every15s(8), technote, MusLookupCSCvu39643.ID, findings.SeverityMedium, []string{
			"compared by cadence only: one failure every 15.0 s in the log, one query every 15.0 s on the wire",
			"the bundle's network information lists no DNS server"}},
		{"workaround took effect", facts("4.8.03052"), every15s(8), after, MusLookupCSCvu39643.ID, findings.SeverityInfo, []string{
			"holds no query for mus.cisco.com: the periodic queries have stopped"}},
		{"fixed version cites the capture too", facts("4.10.00093"), every15s(8), technote, MusLookupFailing.ID, findings.SeverityLow, []string{
			"8 queries, one every 15.0 s"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := findings.Evaluate(All(), slices.Values(tt.records), &findings.EvaluateOptions{Facts: tt.facts, Capture: tt.capture})
			require.NoError(t, err)
			require.Len(t, got, 1)
			f := got[0]
			assert.Equal(t, tt.rule, f.Rule)
			assert.Equal(t, tt.severity, f.Severity)
			for _, c := range tt.contains {
				assert.Contains(t, f.Summary, c)
			}
			frames := 0
			for _, e := range f.Evidence {
				if e.Frame > 0 {
					frames++
					assert.Equal(t, tt.capture.Name, e.File)
				}
			}
			if tt.capture == technote {
				assert.Equal(t, 4, frames, "the capture's frames are cited beside the log's records")
			}
		})
	}
}

func TestMusCaptureOnly(t *testing.T) {
	got, skips, err := findings.Evaluate(All(), slices.Values([]logparse.Record(nil)), &findings.EvaluateOptions{Capture: readCapture(t, "technote.pcapng")})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, MusCaptureOnly.ID, got[0].Rule)
	assert.Contains(t, got[0].Summary, "8 queries, one every 15.0 s, 20:21:32 to 20:23:17, all Server failure, server 10.88.240.69; 8 of them failed")
	assert.Contains(t, got[0].Summary, "matches Cisco bug CSCvu39643")
	assert.Equal(t, 2, got[0].Evidence[0].Frame, "frame numbers as Wireshark shows them")
	assert.NotEmpty(t, skips, "rules that need the bundle say why they did not run")

	got, _, err = findings.Evaluate(All(), slices.Values([]logparse.Record(nil)), &findings.EvaluateOptions{Capture: readCapture(t, "after-workaround.pcap")})
	require.NoError(t, err)
	assert.Empty(t, got, "no mus.cisco.com queries, nothing to report")
}
