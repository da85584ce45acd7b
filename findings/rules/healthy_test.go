package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The healthy corpus (testdata/healthy, described in its README.md) holds
// the routine records of working sessions on Windows, macOS and Linux:
// client start, profile loading, the certificate-store scan that finds no
// client certificate, successful lookups, TND finding an untrusted network,
// the downloader exiting with return code 0, the tunnel with DTLS and
// routes, a reconnect after sleep, a disconnect by the user. No rule may
// report on it.
var healthyLogs = []struct {
	file     string
	format   logparse.Format
	platform dart.Platform
	version  string
}{
	{"windows.txt", logparse.FormatEventLog, dart.PlatformWindows, "4.10.07073"},
	{"macos.log", logparse.FormatSyslog, dart.PlatformMacOS, "4.9.05042"},
	{"linux.log", logparse.FormatSyslog, dart.PlatformLinux, "5.1.2.42"},
}

// healthyRoutine are the texts each healthy log must hold, so that the
// corpus keeps the lines that used to make false alarms.
var healthyRoutine = []string{
	certNotFound, noCertsFound, "Resolved mus.cisco.com", "Ready to connect.",
	"Establishing VPN session...", establishedText, "DTLS connection has been established",
	"return code 0", "not on a trusted network", "Low level reconnect reason code 6",
	transportTimeout, "has been requested by the user", "Termination reason code 5",
}

// readHealthy returns the records of one healthy log with its facts: the
// platform, the version and a VPN profile.
func readHealthy(t *testing.T, file string, format logparse.Format, p dart.Platform, version string) ([]logparse.Record, *dart.Facts) {
	t.Helper()
	path := filepath.Join("testdata", "healthy", file)
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	rd, err := logparse.NewReader(f, format, &logparse.Options{File: file, Reference: time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)})
	require.NoError(t, err)
	var recs []logparse.Record
	for r, err := range rd.All() {
		require.NoError(t, err, "%s", file)
		recs = append(recs, r)
	}
	facts := platform(p, version)
	facts.Profiles = []dart.Profile{{File: "Profile/vpn-example.xml", Kind: dart.KindVPNProfile, Servers: []string{"vpn.example.com"}}}
	return recs, facts
}

// TestHealthyCorpusQuiet gives every rule each healthy log as a near miss
// made only of routine records: none may report.
func TestHealthyCorpusQuiet(t *testing.T) {
	for _, h := range healthyLogs {
		recs, facts := readHealthy(t, h.file, h.format, h.platform, h.version)
		for _, want := range healthyRoutine {
			assert.True(t, slices.ContainsFunc(recs, func(r logparse.Record) bool { return strings.Contains(r.Text(), want) }),
				"%s lacks the routine text %q", h.file, want)
		}
		for _, rule := range All() {
			t.Run(rule.ID+"/"+h.file, func(t *testing.T) {
				got, _, err := findings.Evaluate([]*findings.Rule{rule}, slices.Values(recs), &findings.EvaluateOptions{Facts: facts})
				require.NoError(t, err)
				for _, f := range got {
					t.Errorf("fires on a healthy session: %s", f.Summary)
				}
			})
		}
	}
}

// healthyMatches are the signals that match routine records of the healthy
// corpus, by rule. Each rule's Doc says that it reads these records and why
// they do not make a finding alone. The shared signals of a connection and
// a connection request (connectedSignal, attemptSignal) match in every
// rule that declares them and are left out.
var healthyMatches = map[string][]string{
	"cscvu39643-mus-dns-queries":   {"ok"},
	"dns-mus-lookup-failing":       {"ok"},
	"client-cert-not-found":        {"notfound", "zero", "code", "reason", "cancelled"},
	"vpn-adapter-error":            {"activating"},
	"downloader-agent-unreachable": {"ack"},
	"gateway-unreachable":          {"timeout", "initiating"},
	"headend-dns-failure":          {"initiating"},
	"gateway-connect-failed":       {"code", "reason"},
}

// TestHealthySignalsDocumented checks which signals match the healthy
// corpus: exactly those of healthyMatches, and each only on records whose
// matching text (the return code's symbol, or the signal's string) the
// rule's Doc names.
func TestHealthySignalsDocumented(t *testing.T) {
	var all []logparse.Record
	for _, h := range healthyLogs {
		recs, _ := readHealthy(t, h.file, h.format, h.platform, h.version)
		all = append(all, recs...)
	}
	for _, rule := range All() {
		var matched []string
		doc := strings.Join(strings.Fields(rule.Doc), " ")
		for _, s := range rule.Signals {
			if s.Name == connectedSignal.Name || s.Name == attemptSignal.Name {
				continue
			}
			for _, r := range all {
				if !signalMatches(&s, &r) {
					continue
				}
				if !slices.Contains(matched, s.Name) {
					matched = append(matched, s.Name)
				}
				key := s.Contains
				if d := r.Header.Description; strings.Contains(d, s.Contains) && d != s.Contains {
					key = strings.Fields(d)[0]
				}
				if !strings.Contains(doc, key) {
					t.Errorf("%s: signal %s matches the routine record %q; the rule's Doc does not name %q", rule.ID, s.Name, r.Text(), key)
				}
			}
		}
		slices.Sort(matched)
		want := slices.Clone(healthyMatches[rule.ID])
		slices.Sort(want)
		assert.Equal(t, want, matched, "%s: signals matching the healthy corpus", rule.ID)
	}
}

// signalMatches reports whether s selects r, as an analysis does.
func signalMatches(s *findings.Signal, r *logparse.Record) bool {
	if !findings.RecordContains(r, s.Contains) {
		return false
	}
	if len(s.Sources) > 0 && !findings.SourceIs(r, s.Sources...) {
		return false
	}
	return s.Match == nil || s.Match(r)
}
