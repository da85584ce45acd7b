package redact

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/hostile"
)

var bundleKey = []byte("dartkit-redaction-test-key")

// samples returns the paths of the sample bundles.
func samples(t testing.TB) []string {
	t.Helper()
	dir := filepath.Join("..", "testdata", "bundles")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.Name() == "README.md" {
			continue
		}
		out = append(out, filepath.Join(dir, e.Name()))
	}
	if len(out) < 10 {
		t.Fatalf("only %d samples in %s", len(out), dir)
	}
	return out
}

// damaged reports whether the sample is a zip cut short, whose files dart
// recovers but whose layout is lost: Bundle rebuilds it, and secrets
// cannot be planted in it as in the others.
func damaged(p string) bool { return filepath.Base(p) == "truncated.zip" }

// redactTo redacts in to a new path in dir with a new Redactor of
// bundleKey.
func redactTo(t testing.TB, in, dir, name string) (string, *Result) {
	t.Helper()
	out, res, _ := redactWith(t, in, dir, name)
	return out, res
}

// redactWith is redactTo, and returns the Redactor too.
func redactWith(t testing.TB, in, dir, name string) (string, *Result, *Redactor) {
	t.Helper()
	r, err := New(&Options{Key: bundleKey})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, name)
	res, err := Bundle(context.Background(), r, in, out)
	if err != nil {
		t.Fatalf("%s: %v", in, err)
	}
	return out, res, r
}

// originals returns the secrets r replaced that are not addresses, whose
// pseudonyms may hold an original by chance.
func originals(r *Redactor) []string {
	var out []string
	for _, e := range r.Map().Entries {
		if e.Kind != KindAddress.String() && len(e.Original) >= 4 {
			out = append(out, e.Original)
		}
	}
	return out
}

func TestBundleSampleSecrets(t *testing.T) {
	// Beside the planted secrets, those each sample holds of its own,
	// the damaged one included.
	for _, s := range samples(t) {
		t.Run(filepath.Base(s), func(t *testing.T) {
			out, res, r := redactWith(t, s, t.TempDir(), "out")
			secrets := originals(r)
			if damaged(s) && (res.Converted == "" || len(secrets) == 0) {
				t.Errorf("damaged: Converted %q, %d secrets", res.Converted, len(secrets))
			}
			if got := leaks(t, out, secrets); len(got) > 0 {
				t.Errorf("secrets left:\n%s", strings.Join(got, "\n"))
			}
		})
	}
}

func TestBundlePlantedSecrets(t *testing.T) {
	for _, s := range samples(t) {
		if damaged(s) {
			continue
		}
		t.Run(filepath.Base(s), func(t *testing.T) {
			dir := t.TempDir()
			in := plant(t, s, dir)
			if got := leaks(t, in, plantedSecrets); len(got) < len(plantedSecrets) {
				t.Fatalf("the planted bundle shows only %d secrets: %q", len(got), got)
			}
			out, res := redactTo(t, in, dir, "out")
			if got := leaks(t, out, plantedSecrets); len(got) > 0 {
				t.Errorf("secrets left:\n%s", strings.Join(got, "\n"))
			}
			// Every planted file is still there, redacted.
			var planted []FileResult
			for _, f := range res.Files {
				if (strings.Contains(f.Name, "Planted/") || strings.Contains(f.Name, "planted.log")) && !strings.HasSuffix(f.Name, "/") {
					planted = append(planted, f)
				}
			}
			if len(planted) != 6 { // 4 files, 2 of them in the nested zip
				t.Fatalf("planted files: %+v", planted)
			}
			for _, f := range planted {
				if f.Action != ActionRedacted && f.Action != ActionArchive || f.Action == ActionRedacted && f.Replacements == 0 {
					t.Errorf("%s: %s, %d replacements", f.Name, f.Action, f.Replacements)
				}
			}
		})
	}
}

// shape is what the same-findings test compares of a finding.
type shape struct {
	Rule     string
	Severity findings.Severity
	Evidence []string // file, line and time of each
}

// report returns the analysis of the bundle at p with every rule.
func report(p string) (*findings.Report, error) {
	b, err := dart.Open(context.Background(), p, nil)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	return findings.Analyze(context.Background(), b, rules.All(), nil)
}

func analyze(t testing.TB, p string) []shape {
	t.Helper()
	rep, err := report(p)
	if err != nil {
		t.Fatal(err)
	}
	var out []shape
	for _, f := range rep.Findings {
		s := shape{Rule: f.Rule, Severity: f.Severity}
		for _, e := range f.Evidence {
			s.Evidence = append(s.Evidence, fmt.Sprintf("line %d frame %d at %s", e.Line, e.Frame, e.Time.Format("2006-01-02T15:04:05.000")))
		}
		out = append(out, s)
	}
	return out
}

func TestBundleSameFindings(t *testing.T) {
	for _, s := range samples(t) {
		t.Run(filepath.Base(s), func(t *testing.T) {
			out, _ := redactTo(t, s, t.TempDir(), "out")
			want, got := analyze(t, s), analyze(t, out)
			why, known := differ[filepath.Base(s)]
			switch same := fmt.Sprint(got) == fmt.Sprint(want); {
			case !same && !known:
				t.Errorf("findings differ:\n got %v\nwant %v", got, want)
			case same && known:
				t.Errorf("findings are the same: take the sample out of differ (%s)", why)
			}
		})
	}
}

// differ lists the samples whose findings redaction changes, and why:
// none does.
var differ = map[string]string{}

// tree returns the bytes of the bundle at p, or for a folder its files'
// names, modes, times and bytes.
func tree(t testing.TB, p string) string {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !info.IsDir() {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	var b strings.Builder
	filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(p, q)
		if rel == "." {
			return nil
		}
		fmt.Fprintf(&b, "%s %v %s\n", rel, info.Mode(), info.ModTime().UTC())
		if !d.IsDir() {
			data, _ := os.ReadFile(q)
			b.Write(data)
		}
		return nil
	})
	return b.String()
}

func TestBundleDeterministicAndIdempotent(t *testing.T) {
	for _, s := range samples(t) {
		t.Run(filepath.Base(s), func(t *testing.T) {
			dir := t.TempDir()
			in := s
			if !damaged(s) {
				in = plant(t, s, dir)
			}
			first, _ := redactTo(t, in, dir, "first")
			second, _ := redactTo(t, in, dir, "second")
			if tree(t, first) != tree(t, second) {
				t.Fatal("the same key gave different bytes")
			}
			again, res := redactTo(t, first, dir, "again")
			if tree(t, again) != tree(t, first) {
				for _, f := range res.Files {
					if f.Replacements > 0 {
						t.Logf("%s: %d replaced again", f.Name, f.Replacements)
					}
				}
				t.Fatal("redacting a redacted bundle changed it")
			}
			note := walkText(t, first)[NoteName]
			for _, want := range []string{noteHead, noteKinds + " ", "host-", "user-"} {
				if !strings.Contains(note, want) {
					t.Errorf("note lacks %q:\n%s", want, note)
				}
			}
			if strings.Contains(note, string(bundleKey)) || strings.Contains(note, fmt.Sprintf("%x", bundleKey)) {
				t.Error("the note holds the key")
			}
		})
	}
}

func TestBundleZipLayout(t *testing.T) {
	dir := t.TempDir()
	in := plant(t, filepath.Join("..", "testdata", "bundles", "utf16-eventlog.zip"), dir)
	out, _ := redactTo(t, in, dir, "out.zip")
	zin, err := zip.OpenReader(in)
	if err != nil {
		t.Fatal(err)
	}
	defer zin.Close()
	zout, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zout.Close()
	if len(zout.File) != len(zin.File)+1 || zout.File[len(zin.File)].Name != NoteName {
		t.Fatalf("%d entries out of %d, the note not last", len(zout.File), len(zin.File))
	}
	for i, a := range zin.File {
		b := zout.File[i]
		if b.Method != a.Method || !b.Modified.Equal(a.Modified) {
			t.Errorf("%s: method %d at %v, want %d at %v", a.Name, b.Method, b.Modified, a.Method, a.Modified)
		}
		if !strings.Contains(a.Name, plantUser) && !strings.Contains(a.Name, plantHost) && b.Name != a.Name {
			t.Errorf("%s renamed %s", a.Name, b.Name)
		}
		if strings.Contains(a.Name, plantUser) && b.Name == a.Name {
			t.Errorf("%s not renamed", a.Name)
		}
		ain, bout := readEntry(t, a), readEntry(t, b)
		switch {
		case bytes.HasPrefix(ain, []byte{0xFF, 0xFE}) && !strings.Contains(a.Name, "Planted"):
			if !bytes.HasPrefix(bout, []byte{0xFF, 0xFE}) || len(bout)%2 != 0 {
				t.Errorf("%s: no longer UTF-16LE with its mark", a.Name)
			}
			// Lines with nothing to replace keep their bytes.
			lines := bytes.Split(ain[2:], []byte("\n\x00"))
			kept := 0
			for _, l := range lines {
				if !bytes.Contains(bytes.ToLower(l), bytes.ToLower(utf16LE(plantUser, false))) && len(l) > 40 && bytes.Contains(bout, l) {
					kept++
				}
			}
			if kept == 0 {
				t.Errorf("%s: no line kept its bytes", a.Name)
			}
		case dart.DetectEncoding(ain) == dart.EncodingUTF8:
			if bytes.Count(ain, []byte("\n")) != bytes.Count(bout, []byte("\n")) {
				t.Errorf("%s: %d lines, want %d", a.Name, bytes.Count(bout, []byte("\n")), bytes.Count(ain, []byte("\n")))
			}
		}
	}
}

func readEntry(t testing.TB, f *zip.File) []byte {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestBundleTextCut(t *testing.T) {
	long := strings.Repeat("word ", window/5+100) + "mail " + plantEmail + " " + strings.Repeat("x", 2*window) + "\n"
	r, _ := New(&Options{Key: bundleKey})
	b := &bundler{ctx: context.Background(), r: r}
	for _, enc := range []string{"utf-8", "utf-16le", "utf-16be"} {
		var in []byte
		switch enc {
		case "utf-8":
			in = []byte(long)
		case "utf-16le":
			in = utf16LE(long, true)
		default:
			in = encodeUTF16([]byte{0xFE, 0xFF}[:0], []byte("\uFEFF"+long), true)
		}
		var out bytes.Buffer
		action, err := b.file(bytes.NewReader(in), "long.txt", 0, func() (io.Writer, error) { return &out, nil })
		if err != nil {
			t.Fatal(err)
		}
		text, _ := io.ReadAll(mustDecode(out.Bytes()))
		if action != ActionRedacted || strings.Contains(string(text), "planted") || !strings.HasSuffix(string(text), strings.Repeat("x", 2*window)+"\n") {
			t.Errorf("%s: %s, %d bytes, secret left: %v", enc, action, len(text), strings.Contains(string(text), "planted"))
		}
	}
}

func mustDecode(b []byte) io.Reader {
	r, _ := dart.DecodeText(bytes.NewReader(b), b[:min(len(b), 4096)])
	return r
}

func TestBundleBinaryInPlace(t *testing.T) {
	r, _ := New(&Options{Key: bundleKey})
	b := &bundler{ctx: context.Background(), r: r}
	in := append([]byte{0, 1, 2, 3, 0xFE}, "user at "+plantPrivate+" now"...)
	in = append(in, 0, 0, 7)
	in = append(in, utf16LE("mail "+plantEmail, false)...)
	in = append(in, 0, 0, 9, 9)
	var out bytes.Buffer
	action, err := b.file(bytes.NewReader(in), "blob.bin", 0, func() (io.Writer, error) { return &out, nil })
	if err != nil {
		t.Fatal(err)
	}
	if action != ActionBinary || out.Len() != len(in) {
		t.Fatalf("%s, %d bytes of %d", action, out.Len(), len(in))
	}
	if bytes.Contains(out.Bytes(), []byte(plantPrivate)) || bytes.Contains(out.Bytes(), utf16LE(plantEmail, false)) {
		t.Errorf("secret left: %q", out.Bytes())
	}
	if !bytes.HasPrefix(out.Bytes(), in[:5]) || !bytes.HasSuffix(out.Bytes(), []byte{0, 0, 9, 9}) {
		t.Errorf("bytes around the runs moved: %q", out.Bytes())
	}
}

func TestBundleErrors(t *testing.T) {
	dir := t.TempDir()
	sample := filepath.Join("..", "testdata", "bundles", "DARTBundle_0617_2021.zip")
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		in   string
		out  string
		want error
		text string
	}{
		{"cancelled", cancelled, sample, "c.zip", context.Canceled, ""},
		{"out is a folder", context.Background(), sample, ".", ErrExist, ""},
		{"out is in", context.Background(), sample, sample, ErrExist, ""},
		{"not a bundle", context.Background(), write("plain.zip", []byte("just text\n")), "p.zip", dart.ErrNotBundle, ""},
		{"too deep", context.Background(), write("deep.zip", hostile.Zip(hostile.E("a.txt", "x\n"), hostile.Entry{Name: "deep.zip", Data: hostile.Nested(5, hostile.E("deep.txt", "x\n"))})), "d.zip", dart.ErrLimit, "deep.zip"},
		{"bomb", context.Background(), write("bomb.zip", hostile.Bomb("big.log", 3<<30)), "b.zip", dart.ErrLimit, "big.log"},
		{"bz2 inside", context.Background(), write("bz.zip", hostile.Zip(hostile.E("a.txt", "x\n"), hostile.Entry{Name: "x.bz2", Data: []byte("BZh91AY&SY" + strings.Repeat("\x00", 40))})), "z.zip", dart.ErrNotBundle, "x.bz2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, _ := New(&Options{Key: bundleKey})
			out := tt.out
			if !filepath.IsAbs(out) && out != sample {
				out = filepath.Join(dir, out)
			}
			var ms runtime.MemStats
			res, err := Bundle(tt.ctx, r, tt.in, out)
			runtime.ReadMemStats(&ms)
			if !errors.Is(err, tt.want) || !strings.Contains(fmt.Sprint(err), tt.text) {
				t.Fatalf("got %v, %v; want %v naming %q", res, err, tt.want, tt.text)
			}
			if out != sample && tt.want != ErrExist {
				if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("%s left behind: %v", out, err)
				}
			}
			if left, _ := filepath.Glob(filepath.Join(dir, ".*partial*")); len(left) > 0 {
				t.Errorf("left behind: %v", left)
			}
			if ms.HeapInuse > 256<<20 {
				t.Errorf("heap in use %d MiB", ms.HeapInuse>>20)
			}
		})
	}
}

func TestBundleNestedGzip(t *testing.T) {
	// A .gz log nested in the zip stays a .gz log, redacted.
	dir := t.TempDir()
	var gz bytes.Buffer
	if err := gzipTo(&gz, "syslog.1", []byte(plantedText())); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "gz.zip")
	os.WriteFile(in, hostile.Zip(hostile.E("a.txt", "hello\n"), hostile.Entry{Name: "var/log/syslog.1.gz", Data: gz.Bytes()}), 0o644)
	out, res := redactTo(t, in, dir, "out.zip")
	if got := leaks(t, out, []string{plantPrivate, plantEmail}); len(got) > 0 {
		t.Errorf("secrets left: %q", got)
	}
	i := slices.IndexFunc(res.Files, func(f FileResult) bool { return f.Name == "var/log/syslog.1.gz" })
	if i < 0 || res.Files[i].Action != ActionArchive || res.Files[i+1].Action != ActionRedacted {
		t.Errorf("results: %+v", res.Files)
	}
}

func TestBundleNoteUnderstood(t *testing.T) {
	out, _ := redactTo(t, filepath.Join("..", "testdata", "bundles", "bundle-in-targz.tar.gz"), t.TempDir(), "out.tar.gz")
	rep, err := report(out)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Facts.Redacted.File != NoteName {
		t.Errorf("Facts.Redacted = %+v", rep.Facts.Redacted)
	}
	i := slices.IndexFunc(rep.Files, func(f findings.FileReport) bool { return f.Name == NoteName })
	if i < 0 || rep.Files[i].State != findings.StateFacts {
		t.Errorf("the note is not understood: %+v", rep.Files)
	}
}

func TestBundleSevenZip(t *testing.T) {
	in := filepath.Join("..", "dart", "testdata", "bundle.7z")
	out, res := redactTo(t, in, t.TempDir(), "out.zip")
	if res.Format != "zip" || res.Converted == "" {
		t.Errorf("Format %q, Converted %q", res.Format, res.Converted)
	}
	if _, err := zip.OpenReader(out); err != nil {
		t.Fatal(err)
	}
	want, got := walkText(t, in), walkText(t, out)
	if len(got) != len(want)+1 || got[NoteName] == "" {
		t.Fatalf("%d files, want %d and the note", len(got), len(want))
	}
	if fmt.Sprint(analyze(t, out)) != fmt.Sprint(analyze(t, in)) {
		t.Errorf("findings differ: %v, want %v", analyze(t, out), analyze(t, in))
	}
}

func TestBundleHostile(t *testing.T) {
	dir := t.TempDir()
	z := hostile.Zip(hostile.E("Logs/a.log", "connect to "+plantPrivate+"\n"), hostile.E("Logs/b.log", strings.Repeat("line\n", 100)), hostile.E("c.txt", "c\n"))
	tests := map[string][]byte{
		"garbled":          hostile.Garbled(z),
		"misplaced":        hostile.Misplaced(z),
		"sent twice":       hostile.SentTwice(z, "Logs/b.log"),
		"lost descriptors": hostile.LostDescriptors(z),
		"nested bomb":      hostile.NestedBomb(3, 4, 1<<20),
		"false signatures": hostile.FalseSignatures(50),
		"long name":        hostile.Zip(hostile.E(hostile.LongName(4000), "x\n")),
	}
	for name, data := range tests {
		t.Run(name, func(t *testing.T) {
			in := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".zip")
			if err := os.WriteFile(in, data, 0o644); err != nil {
				t.Fatal(err)
			}
			r, _ := New(&Options{Key: bundleKey})
			out := in + ".out"
			_, err := Bundle(context.Background(), r, in, out)
			if err != nil {
				if !strings.HasPrefix(err.Error(), in) && !strings.Contains(err.Error(), ": ") {
					t.Errorf("error names no file: %v", err)
				}
				if _, serr := os.Stat(out); serr == nil {
					t.Errorf("%s left behind after %v", out, err)
				}
				return
			}
			if got := leaks(t, out, []string{plantPrivate}); len(got) > 0 {
				t.Errorf("secret left: %q", got)
			}
		})
	}
}

func TestBundleBinaryAcrossWindows(t *testing.T) {
	// Runs cut by the end of a window, at every offset near it, are
	// redacted whole.
	r, _ := New(&Options{Key: bundleKey})
	b := &bundler{ctx: context.Background(), r: r}
	for _, wide := range []bool{false, true} {
		for off := -16; off <= 2; off++ {
			secret := []byte(" " + plantPrivate + " ")
			if wide {
				secret = utf16LE(string(secret), false)
			}
			in := make([]byte, window+off)
			in = append(in, secret...)
			in = append(in, make([]byte, 100)...)
			var out bytes.Buffer
			if _, err := b.file(bytes.NewReader(in), "blob.bin", 0, func() (io.Writer, error) { return &out, nil }); err != nil {
				t.Fatal(err)
			}
			if out.Len() != len(in) || bytes.Contains(out.Bytes(), []byte(plantPrivate)) || bytes.Contains(out.Bytes(), utf16LE(plantPrivate, false)) {
				t.Errorf("wide %v at %d: %d bytes of %d, secret left: %v", wide, off, out.Len(), len(in), !bytes.Contains(out.Bytes(), []byte("x")))
			}
		}
	}
}

// A bundle of many addresses has a note larger than the files of system
// information the first pass reads: it is read whole, so that redacting
// the copy again keeps every pseudonym and changes nothing.
func TestBundleLargeNote(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 14 MB log")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.zip")
	f, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, err := zw.Create("Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Logs/AnyConnectVPN.txt")
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriter(w)
	const n = 700_000
	for i := range n {
		fmt.Fprintf(bw, "peer 10.%d.%d.%d\n", 100+i/(150*150)%150, 100+i/150%150, 100+i%150)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	first, _ := redactTo(t, in, dir, "first.zip")
	note := walkText(t, first)[NoteName]
	if len(note) <= learnMax || strings.Count(note, "\n10.") != n {
		t.Fatalf("note of %d bytes lists %d addresses, want more than %d bytes and %d", len(note), strings.Count(note, "\n10."), learnMax, n)
	}
	again, _ := redactTo(t, first, dir, "again.zip")
	if tree(t, again) != tree(t, first) {
		t.Fatal("redacting a redacted bundle changed it")
	}
}

// The host a bundle's analysis names, from a file of system information
// or from the records of its logs alone (a macOS system.log), is nowhere
// in the redacted copy.
func TestBundleHostName(t *testing.T) {
	checked := 0
	for _, s := range samples(t) {
		rep, err := report(s)
		if err != nil || rep.Facts == nil || rep.Facts.Hostname.Value == "" {
			continue // damaged on purpose (other tests cover them), or no host
		}
		host := strings.ToLower(rep.Facts.Hostname.Value)
		t.Run(filepath.Base(s), func(t *testing.T) {
			out, _ := redactTo(t, s, t.TempDir(), "out")
			for name, text := range walkText(t, out) {
				if i := strings.Index(strings.ToLower(text), host); i >= 0 {
					t.Errorf("%s: host %q (from %s) left: %q", name, host, rep.Facts.Hostname.Source.File, text[max(i-40, 0):min(i+40, len(text))])
				}
			}
		})
		checked++
	}
	if checked < 10 {
		t.Fatalf("only %d samples name a host", checked)
	}
}
