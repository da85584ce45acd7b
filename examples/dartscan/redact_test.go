package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/redact"
	"github.com/dartkit/dartkit/report"
)

const technote = bundles + "dart-windows-technote.zip"

// The key of the goldens, in hexadecimal as a key file holds it.
const testKeyFile = "testdata/redact.key"

// secrets are what the planted bundle holds that no redacted output may:
// its host name, user, addresses, MAC address, e-mail address, and its
// VPN profile's server and entry name. Its domain is not one of the names
// reserved for documentation (example.com, .example), which are kept.
var secrets = []string{
	"WIN10-LAB-07", "jdoe", "10.31.121.202", "10.88.240.69", "10.88.240.70",
	"A1-2B-3C", "a1:2b:3c", "acme-secret", "Corp Secret VPN",
}

// plantedRecord is a record of the event-log export of the TechNote sample
// holding a secret of each kind.
const plantedRecord = `*****
Date : 06/17/2020
Time : 20:23:20
Type : Error
Source : acvpnagent
Description : Function : CCertStore::Verify
File: c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\common\cert\certstore.cpp
Line: 412
Certificate of jdoe.smith@acme-secret.net on WIN10-LAB-07 (10.31.121.202, 00:50:56:a1:2b:3c) rejected by vpn.acme-secret.net, from C:\Users\jdoe\AppData\Local\Cisco
`

const plantedProfile = `<?xml version="1.0" encoding="UTF-8"?>
<AnyConnectProfile xmlns="http://schemas.xmlsoap.org/encoding/">
  <ServerList>
    <HostEntry>
      <HostName>Corp Secret VPN</HostName>
      <HostAddress>vpn.acme-secret.net</HostAddress>
    </HostEntry>
  </ServerList>
</AnyConnectProfile>
`

// plantedBundle writes a copy of the TechNote sample with secrets planted
// in its event-log export, in a VPN profile and in a file name, and
// returns its path.
func plantedBundle(t *testing.T) string {
	t.Helper()
	zr, err := zip.OpenReader(technote)
	require.NoError(t, err)
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		if strings.HasSuffix(f.Name, "/AnyConnect.txt") {
			data = append(data, plantedRecord...)
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	for name, data := range map[string]string{
		"Cisco AnyConnect Secure Mobility Client/Profile/corp.xml":       plantedProfile,
		"Cisco AnyConnect Secure Mobility Client/WIN10-LAB-07/notes.txt": "Called jdoe about vpn.acme-secret.net.\n",
	} {
		w, err := zw.Create(name)
		require.NoError(t, err)
		_, err = io.WriteString(w, data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	path := filepath.Join(t.TempDir(), "planted.zip")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	return path
}

// assertNoSecret checks that out, in any case and HTML-unescaped, holds
// none of the secrets.
func assertNoSecret(t *testing.T, out string) {
	t.Helper()
	lower := strings.ToLower(html.UnescapeString(out))
	for _, s := range secrets {
		if i := strings.Index(lower, strings.ToLower(s)); i >= 0 {
			t.Errorf("%q left: %q", s, lower[max(i-80, 0):min(i+80, len(lower))])
		}
	}
}

// findingsOf returns the rule, severity and evidence count of every
// finding of a JSON report, and the records read.
func findingsOf(t *testing.T, out string) []string {
	t.Helper()
	var doc struct {
		Bundles []struct {
			Findings []struct {
				Rule     string            `json:"rule"`
				Severity string            `json:"severity"`
				Evidence []json.RawMessage `json:"evidence"`
			} `json:"findings"`
			Coverage struct {
				Records map[string]int `json:"records"`
			} `json:"coverage"`
		} `json:"bundles"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc), out)
	var got []string
	for _, b := range doc.Bundles {
		for _, f := range b.Findings {
			got = append(got, f.Rule+" "+f.Severity+" "+strconv.Itoa(len(f.Evidence)))
		}
		rec, _ := json.Marshal(b.Coverage.Records)
		got = append(got, string(rec))
	}
	return got
}

// TestRedactReportFormats writes the report of a bundle full of secrets
// in every format with -redact, and checks that none is left and that the
// findings are those of the report not redacted.
func TestRedactReportFormats(t *testing.T) {
	planted := plantedBundle(t)
	code, plain, stderr := dartscan(t, "-format", "json", planted)
	require.Equal(t, exitOK, code, stderr)
	want := findingsOf(t, plain)
	require.NotEmpty(t, want)
	for _, s := range secrets {
		if s != "A1-2B-3C" { // ipconfig's, a file no report cites
			require.Contains(t, strings.ToLower(plain), strings.ToLower(s), "the secret is not in the report to begin with")
		}
	}

	for _, args := range [][]string{
		{"-format", "text"}, {"-format", "markdown"}, {"-format", "json"}, {"-format", "html"}, {"-format", "ndjson"},
		{"-summary", "-format", "text"}, {"-summary", "-format", "markdown"}, {"-summary", "-format", "csv"}, {"-summary", "-format", "json"},
		{"-format", "json", "-key", testKeyFile},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, out, stderr := dartscan(t, append(append([]string{"-redact"}, args...), planted)...)
			require.Equal(t, exitOK, code, stderr)
			require.NotEmpty(t, out)
			assertNoSecret(t, out)
			if len(args) >= 2 && args[0] == "-format" && args[1] == "json" {
				assert.Equal(t, want, findingsOf(t, out))
			}
		})
	}
	for _, f := range []string{"text", "markdown", "json", "html", "ndjson"} {
		t.Run("diff "+f, func(t *testing.T) {
			code, out, stderr := dartscan(t, "diff", "-redact", "-format", f, bundles+"DARTBundle_0617_2021.zip", planted)
			require.Equal(t, exitOK, code, stderr)
			assertNoSecret(t, out)
		})
	}
}

// TestRedactNDJSON checks that -redact streams the same records, findings
// and summary, one a line, with their secrets replaced.
func TestRedactNDJSON(t *testing.T) {
	planted := plantedBundle(t)
	_, plain, _ := dartscan(t, "-format", "ndjson", planted)
	code, out, stderr := dartscan(t, "-redact", "-format", "ndjson", planted)
	require.Equal(t, exitOK, code, stderr)
	assertNoSecret(t, out)
	kinds := func(s string) map[string]int {
		n := map[string]int{}
		for line := range strings.Lines(s) {
			var ev struct {
				Kind    string `json:"event.kind"`
				Dataset string `json:"event.dataset"`
				Rule    string `json:"rule.id"`
			}
			require.NoError(t, json.Unmarshal([]byte(line), &ev), line)
			n[ev.Kind+" "+ev.Dataset+" "+ev.Rule]++
		}
		return n
	}
	assert.Equal(t, kinds(plain), kinds(out))
	assert.Contains(t, out, `"message":"Certificate of `, "the planted record, redacted")
}

// TestRedactSchema checks that the redacted JSON is valid against the
// published schema.
func TestRedactSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../../schema/report.v2.json")
	require.NoError(t, err)
	code, out, stderr := dartscan(t, "-redact", "-format", "json", "-capture", "../../testdata/captures/technote.pcapng", plantedBundle(t), technote)
	require.Equal(t, exitOK, code, stderr)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
	require.NoError(t, err)
	assert.NoError(t, sch.Validate(inst))
}

// TestRedactGolden checks the redacted report of the TechNote sample, with
// the fixed key, in text and JSON.
func TestRedactGolden(t *testing.T) {
	for _, f := range []string{"text", "json"} {
		t.Run(f, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-redact", "-key", testKeyFile, "-format", f, technote)
			require.Equal(t, exitOK, code, stderr)
			ext := map[string]string{"text": "txt", "json": "json"}[f]
			golden.Check(t, filepath.Join("testdata", "redact-technote."+ext), []byte(out))
		})
	}
}

// mapDoc is the map dartscan redact writes.
type mapDoc struct {
	Key     string `json:"key"`
	Entries []struct {
		Kind      string `json:"kind"`
		Pseudonym string `json:"pseudonym"`
		Original  string `json:"original"`
		Count     int    `json:"count"`
	} `json:"entries"`
}

// TestRedactCommand redacts the planted bundle, checks the copy, the map
// beside it and what the command says, and that the report of the copy
// and the redacted report of the original, with the map as key file, name
// the same DNS servers.
func TestRedactCommand(t *testing.T) {
	planted := plantedBundle(t)
	before, err := os.ReadFile(planted)
	require.NoError(t, err)
	dir := t.TempDir()
	out := filepath.Join(dir, "shared.zip")
	code, stdout, stderr := dartscan(t, "redact", planted, out)
	require.Equal(t, exitOK, code, stderr)
	assert.Empty(t, stdout)
	assertNoSecret(t, stderr)
	for _, kind := range []string{"user", "host", "address", "mac", "email"} {
		assert.Regexp(t, `(?m)^dartscan redact: `+kind+`: \d+ distinct, \d+ replaced$`, stderr)
	}
	assert.Regexp(t, `(?m)^dartscan redact: 21 files: \d+ redacted`, stderr)
	assert.Contains(t, stderr, "map written to "+out+".map.json")

	after, err := os.ReadFile(planted)
	require.NoError(t, err)
	assert.Equal(t, before, after, "the input changed")

	// The map is beside the copy, readable by its owner alone, and holds
	// the key and the originals.
	mapPath := out + ".map.json"
	st, err := os.Stat(mapPath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	data, err := os.ReadFile(mapPath)
	require.NoError(t, err)
	var m mapDoc
	require.NoError(t, json.Unmarshal(data, &m))
	assert.Regexp(t, `^[0-9a-f]{64}$`, m.Key)
	originals := map[string]bool{}
	for _, e := range m.Entries {
		originals[strings.ToLower(e.Original)] = true
	}
	assert.True(t, originals["win10-lab-07"], "host name in the map")
	assert.True(t, originals["jdoe.smith@acme-secret.net"], "e-mail in the map")

	// The copy's text files hold no secret, nor do its names. The .evtx,
	// UTF-16 in a binary layout, is the bundle writer's to check.
	zr, err := zip.OpenReader(out)
	require.NoError(t, err)
	defer zr.Close()
	require.GreaterOrEqual(t, len(zr.File), 21, "the files of the input")
	for _, f := range zr.File {
		assertNoSecret(t, f.Name)
		if strings.HasSuffix(f.Name, ".evtx") {
			continue
		}
		rc, err := f.Open()
		require.NoError(t, err)
		b, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		assertNoSecret(t, string(b))
	}

	// The report of the copy and the report of the original redacted
	// with the map's key name the same servers and host.
	servers := regexp.MustCompile(`(?m)^\s*DNS servers:.*$`)
	_, ofCopy, _ := dartscan(t, out)
	code, ofOriginal, stderr := dartscan(t, "-redact", "-key", mapPath, planted)
	require.Equal(t, exitOK, code, stderr)
	require.NotEmpty(t, servers.FindString(ofCopy))
	assert.Equal(t, servers.FindString(ofCopy), servers.FindString(ofOriginal))
	var js struct {
		Bundles []struct {
			Facts struct {
				Hostname struct {
					Value string `json:"value"`
				} `json:"hostname"`
			} `json:"facts"`
		} `json:"bundles"`
	}
	for _, args := range [][]string{{"-format", "json", out}, {"-format", "json", "-redact", "-key", mapPath, planted}} {
		_, o, _ := dartscan(t, args...)
		require.NoError(t, json.Unmarshal([]byte(o), &js))
		host := js.Bundles[0].Facts.Hostname.Value
		assert.Regexp(t, `^host-[0-9a-f]{6}$`, host, args)
		assert.Contains(t, string(data), `"pseudonym": "`+host+`"`)
	}
}

// TestRedactDeterministic checks that one key gives one copy.
func TestRedactDeterministic(t *testing.T) {
	dir := t.TempDir()
	var copies [2][]byte
	for i := range copies {
		out := filepath.Join(dir, string(rune('a'+i))+".zip")
		code, _, stderr := dartscan(t, "redact", "-key", testKeyFile, technote, out)
		require.Equal(t, exitOK, code, stderr)
		var err error
		copies[i], err = os.ReadFile(out)
		require.NoError(t, err)
	}
	assert.Equal(t, copies[0], copies[1])
}

// TestRedactRefusals checks what dartscan redact refuses, and that it
// then writes nothing and leaves the input as it was.
func TestRedactRefusals(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.zip")
	data, err := os.ReadFile(technote)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(in, data, 0o644))
	folder := filepath.Join(dir, "extracted")
	require.NoError(t, os.Mkdir(folder, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(folder, "summary.txt"), []byte("DART BUNDLE SUMMARY\n"), 0o644))
	outDir := filepath.Join(dir, "outdir")
	require.NoError(t, os.Mkdir(outDir, 0o755))
	short := filepath.Join(dir, "short.key")
	require.NoError(t, os.WriteFile(short, []byte("00112233445566778899aabbccddee\n"), 0o644))
	notHex := filepath.Join(dir, "nothex.key")
	require.NoError(t, os.WriteFile(notHex, []byte("this is not a key at all, but long\n"), 0o644))
	link := filepath.Join(dir, "link.zip")
	require.NoError(t, os.Symlink(in, link))
	out := filepath.Join(dir, "out.zip")

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"out is in", []string{in, in}, "is the input"},
		{"out is in by a link", []string{in, link}, "is the input"},
		{"out inside in", []string{folder, filepath.Join(folder, "out.zip")}, "is inside the input"},
		{"in inside out", []string{filepath.Join(folder, "summary.txt"), folder}, "is inside the output"},
		{"map over in", []string{"-map", in, in, out}, "would overwrite the input"},
		{"map over out", []string{"-map", out, in, out}, "would overwrite the redacted copy"},
		{"map inside out", []string{"-map", filepath.Join(outDir, "m.json"), in, outDir}, "inside the output"},
		{"map inside in", []string{"-map", filepath.Join(folder, "m.json"), folder, out}, "inside the input"},
		{"map over key", []string{"-key", testKeyFile, "-map", testKeyFile, in, out}, "would overwrite the key file"},
		{"no such input", []string{filepath.Join(dir, "none.zip"), out}, "no such file"},
		{"no such key", []string{"-key", filepath.Join(dir, "none.key"), in, out}, "no such file"},
		{"short key", []string{"-key", short, in, out}, "not a key"},
		{"key not hex", []string{"-key", notHex, in, out}, "not a key"},
		{"one name", []string{in}, "usage: dartscan redact"},
		{"three names", []string{in, out, out}, "usage: dartscan redact"},
		{"unknown flag", []string{"-nothing", in, out}, "flag provided but not defined"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := dartscan(t, append([]string{"redact"}, tt.args...)...)
			assert.Equal(t, exitError, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tt.want)
			_, err := os.Stat(out)
			assert.ErrorIs(t, err, os.ErrNotExist, "the output was written")
			got, err := os.ReadFile(in)
			require.NoError(t, err)
			assert.Equal(t, data, got, "the input changed")
		})
	}
}

// TestRedactKeyFlags checks -key without -redact, and a key too short.
func TestRedactKeyFlags(t *testing.T) {
	code, _, stderr := dartscan(t, "-key", testKeyFile, technote)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "-key is for -redact")
	short := filepath.Join(t.TempDir(), "short.key")
	require.NoError(t, os.WriteFile(short, []byte("0011223344"), 0o644))
	code, _, stderr = dartscan(t, "-redact", "-key", short, technote)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "not a key")
	code, _, stderr = dartscan(t, "diff", "-redact", "-key", short, technote, technote)
	assert.Equal(t, exitError, code)
	assert.Contains(t, stderr, "not a key")
}

// TestRedactKorean runs dartscan redact in Korean: every text it prints
// must have its Korean.
func TestRedactKorean(t *testing.T) {
	stop := i18n.Record()
	defer stop()
	dir := t.TempDir()
	out := filepath.Join(dir, "out.zip")
	for _, args := range [][]string{
		{"redact", "help"}, {"redact"}, {"redact", technote, out}, {"redact", technote, technote},
		{"redact", "-map", technote, technote, out}, {"redact", "-map", out, technote, out},
		{"redact", "-map", filepath.Join(dir, "d", "m"), technote, filepath.Join(dir, "d")},
		{"redact", technote, filepath.Join(dir, "x.zip"), "-key", filepath.Join(dir, "none")},
		{"redact", "-key", testKeyFile, "-map", testKeyFile, technote, out},
		{"redact", "-key", "redact_test.go", technote, out},
		{"-key", testKeyFile, technote}, {"-redact", technote},
	} {
		dartscan(t, append([]string{"-lang", "ko"}, args...)...)
	}
	code, usage, _ := dartscan(t, "-lang", "ko", "redact", "help")
	assert.Equal(t, exitOK, code)
	assert.True(t, strings.HasPrefix(usage, "사용법: dartscan redact"), usage)
	for _, k := range stop() {
		t.Errorf("no Korean for %q", k)
	}
}

// TestRedactTimeline checks that what the HTML page draws of a bundle's
// records, its sources, marks and notes, is redacted with the report.
func TestRedactTimeline(t *testing.T) {
	rr, err := newReportRedactor(true, testKeyFile, i18n.NewPrinter(language.English))
	require.NoError(t, err)
	rr.r.Learn(redact.KindHost, "WIN10-LAB-07")
	tl := &report.Timeline{
		Sources: []report.SourceCounts{{Source: "agent on WIN10-LAB-07", Counts: []int{1, 2}}},
		Marks:   []report.Mark{{Kind: report.MarkMessage, Text: "mail jdoe.smith@acme-secret.net", File: "WIN10-LAB-07/notes.txt", Line: 3}},
		Cut:     []string{"a query of 10.88.240.69 left out"},
	}
	b := rr.bundle(report.Bundle{Path: "C:/WIN10-LAB-07/b.zip", Timeline: tl, Err: errors.New("WIN10-LAB-07: broken")})
	got, err := json.Marshal(struct {
		report.Bundle
		Err string
	}{b, b.Err.Error()})
	require.NoError(t, err)
	assertNoSecret(t, string(got))
	assert.Equal(t, []int{1, 2}, b.Timeline.Sources[0].Counts)
	assert.Equal(t, 3, b.Timeline.Marks[0].Line)
	assert.Equal(t, "agent on WIN10-LAB-07", tl.Sources[0].Source, "the original changed")
}

// TestRedactRedacted checks that the report of a bundle dartkit redacted,
// redacted again, keeps the pseudonyms its redaction note lists rather
// than taking them for secrets.
func TestRedactRedacted(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.zip")
	code, _, stderr := dartscan(t, "redact", "-key", testKeyFile, technote, first)
	require.Equal(t, exitOK, code, stderr)
	data, err := os.ReadFile(first + ".map.json")
	require.NoError(t, err)
	var m mapDoc
	require.NoError(t, json.Unmarshal(data, &m))
	var host string
	var note strings.Builder
	note.WriteString("Redacted by dartkit. Pseudonyms:\n")
	for _, e := range m.Entries {
		note.WriteString(e.Pseudonym + "\n")
		if e.Kind == "host" {
			host = e.Pseudonym
		}
	}
	require.NotEmpty(t, host)

	// The bundle as a redaction that writes its note leaves it.
	zr, err := zip.OpenReader(first)
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		require.NoError(t, zw.Copy(f))
	}
	zr.Close()
	w, err := zw.Create(redact.NoteName)
	require.NoError(t, err)
	_, err = io.WriteString(w, note.String())
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	noted := filepath.Join(dir, "noted.zip")
	require.NoError(t, os.WriteFile(noted, buf.Bytes(), 0o644))

	for _, f := range []string{"json", "ndjson"} {
		code, out, stderr := dartscan(t, "-redact", "-format", f, noted)
		require.Equal(t, exitOK, code, stderr)
		assert.Contains(t, out, `"`+host+`"`, "the host's pseudonym, kept")
	}
	code, out, stderr := dartscan(t, "redact", noted, filepath.Join(dir, "second.zip"))
	require.Equal(t, exitOK, code, stderr+out)
	assert.NotContains(t, stderr, "dartscan redact: host:", "the host's pseudonym taken for a host")
}

// TestRedactCapture redacts the TechNote's capture and checks that it
// gives the same findings, that its server is gone, as text and as the
// bytes of an address, and that the report of the capture redacted with
// the map as key names the server as the redacted capture does.
func TestRedactCapture(t *testing.T) {
	const capture = "../../testdata/captures/technote.pcapng"
	dir := t.TempDir()
	out := filepath.Join(dir, "shared.pcapng")
	code, _, stderr := dartscan(t, "redact", capture, out)
	require.Equal(t, exitOK, code, stderr)
	assert.Regexp(t, `(?m)^dartscan redact: address: \d+ distinct, \d+ replaced$`, stderr)
	assert.NotContains(t, stderr, "files:", "a capture has no files")
	assert.NotContains(t, stderr, "10.88.240.69")

	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.NotContains(t, string(data), string([]byte{10, 88, 240, 69}), "the server's address left in the capture")

	type capReport struct {
		Bundles []struct {
			Capture struct {
				Servers []string `json:"servers"`
			} `json:"capture"`
		} `json:"bundles"`
	}
	servers := func(args ...string) []string {
		code, o, stderr := dartscan(t, append([]string{"-format", "json"}, args...)...)
		require.Equal(t, exitOK, code, stderr)
		var r capReport
		require.NoError(t, json.Unmarshal([]byte(o), &r))
		return r.Bundles[0].Capture.Servers
	}
	original := servers("-capture", capture)
	require.Equal(t, []string{"10.88.240.69"}, original)
	redacted := servers("-capture", out)
	assert.NotEqual(t, original, redacted)
	assert.Equal(t, redacted, servers("-redact", "-key", out+".map.json", "-capture", capture))

	_, plain, _ := dartscan(t, "-format", "json", "-capture", capture)
	_, ofCopy, _ := dartscan(t, "-format", "json", "-capture", out)
	assert.Equal(t, findingsOf(t, plain), findingsOf(t, ofCopy))
}

// TestRedactFailure checks that a redaction that fails leaves neither a
// copy nor a map, and never removes a folder that was there.
func TestRedactFailure(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "notes.zip")
	require.NoError(t, os.WriteFile(in, []byte("not an archive at all\n"), 0o644))
	folder := filepath.Join(dir, "folder")
	require.NoError(t, os.Mkdir(folder, 0o755))
	for _, out := range []string{filepath.Join(dir, "out.zip"), folder} {
		code, _, stderr := dartscan(t, "redact", in, out)
		assert.Equal(t, exitError, code)
		assert.Contains(t, stderr, "dartscan redact: ")
		_, err := os.Stat(out + ".map.json")
		assert.ErrorIs(t, err, os.ErrNotExist, "the map was left")
	}
	_, err := os.Stat(filepath.Join(dir, "out.zip"))
	assert.ErrorIs(t, err, os.ErrNotExist, "the copy was left")
	st, err := os.Stat(folder)
	require.NoError(t, err, "the folder was removed")
	assert.True(t, st.IsDir())
}
