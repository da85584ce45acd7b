package dart

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/logparse"
)

const factsDir = "testdata/facts"

// factInputs returns the input files under testdata/facts: the directory
// names the kind (system-info/ipconfig-all.txt is of KindSystemInfo).
func factInputs(t testing.TB) []string {
	var files []string
	err := filepath.WalkDir(factsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "golden" {
			return fs.SkipDir
		}
		if !d.IsDir() {
			files = append(files, filepath.ToSlash(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func kindOfDir(dir string) Kind {
	for k := KindOther; k <= KindArchive; k++ {
		if k.String() == dir {
			return k
		}
	}
	return KindOther
}

// fileFor returns the File of an input: its name relative to testdata/facts
// with the kind directory dropped.
func fileFor(p string) File {
	rel := strings.TrimPrefix(p, factsDir+"/")
	dir, name, _ := strings.Cut(rel, "/")
	return File{Name: name, Kind: kindOfDir(dir)}
}

// dumpFacts writes facts as text, one fact a line, for golden files.
func dumpFacts(f *Facts) string {
	var b strings.Builder
	fmt.Fprintf(&b, "platform: %s %s\n", f.Platform, f.PlatformSource)
	for _, h := range f.PlatformHints {
		fmt.Fprintf(&b, "  hint: %s %d %q %s\n", h.Platform, h.Weight, h.What, h.Source)
	}
	p := f.Product
	fmt.Fprintf(&b, "product: %q %s from=%s %s\n", p.Name, p.Version, p.VersionFrom, p.Source)
	for _, s := range f.Versions {
		tm := ""
		if !s.Time.IsZero() {
			tm = " " + s.Time.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "version: %s %s %s%s %q\n", s.Version, s.Component, s.Source, tm, s.Text)
	}
	if !f.DART.Version.IsZero() {
		fmt.Fprintf(&b, "dart: %s %s\n", f.DART.Version, f.DART.Source)
	}
	for _, p := range f.Profiles {
		fmt.Fprintf(&b, "profile: %s kind=%s servers=%q service-disable=%v\n", p.File, p.Kind, p.Servers, p.ServiceDisable)
		for _, e := range p.Entries {
			fmt.Fprintf(&b, "  entry: name=%q address=%q\n", e.Name, e.Address)
		}
		if p.Malformed != "" {
			fmt.Fprintf(&b, "  malformed: %s\n", p.Malformed)
		}
	}
	for _, h := range f.Hosts {
		fmt.Fprintf(&b, "hosts: %s %q %q %s\n", h.Address, h.Names, h.Comment, h.Source)
	}
	for _, d := range f.DNSServers {
		fmt.Fprintf(&b, "dns: %s %s\n", d.Value, d.Source)
	}
	if f.Hostname.Value != "" {
		fmt.Fprintf(&b, "hostname: %s %s\n", f.Hostname.Value, f.Hostname.Source)
	}
	if f.TimeZone.Value != "" {
		loc, ok := f.Location()
		name := "-"
		if ok {
			name = loc.String()
		}
		fmt.Fprintf(&b, "timezone: %q %s location=%s\n", f.TimeZone.Value, f.TimeZone.Source, name)
	}
	return b.String()
}

// TestFactsGolden runs each input of testdata/facts through a FactBuilder of
// its own, whole, one byte at a time and with LF line ends, and compares the
// facts with testdata/facts/golden/<input>.golden.
func TestFactsGolden(t *testing.T) {
	for _, p := range factInputs(t) {
		t.Run(strings.TrimPrefix(p, factsDir+"/"), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			f := fileFor(p)
			run := func(r io.Reader) string {
				b := NewFactBuilder()
				if err := b.AddFile(f, r); err != nil {
					t.Fatal(err)
				}
				return dumpFacts(b.Facts())
			}
			got := run(strings.NewReader(string(data)))
			golden.Check(t, path.Join(factsDir, "golden", strings.TrimPrefix(p, factsDir+"/")+".golden"), []byte(got))
			if again := run(iotest.OneByteReader(strings.NewReader(string(data)))); again != got {
				t.Errorf("one byte at a time:\n%s\nwhole:\n%s", again, got)
			}
			if lf := run(strings.NewReader(strings.ReplaceAll(string(data), "\r\n", "\n"))); lf != got {
				t.Errorf("with LF:\n%s\nwith CRLF:\n%s", lf, got)
			}
		})
	}
}

// TestFactsGoldenAll gives every input to one FactBuilder, forwards and
// backwards: the decisions must not depend on the order of files.
func TestFactsGoldenAll(t *testing.T) {
	inputs := factInputs(t)
	run := func(order []string) *Facts {
		b := NewFactBuilder()
		for _, p := range order {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.AddFile(fileFor(p), strings.NewReader(string(data))); err != nil {
				t.Fatal(err)
			}
		}
		return b.Facts()
	}
	fwd := run(inputs)
	golden.Check(t, path.Join(factsDir, "golden", "all.golden"), []byte(dumpFacts(fwd)))
	rev := run(reversed(inputs))
	if fwd.Platform != rev.Platform || fwd.PlatformSource != rev.PlatformSource || fwd.Product != rev.Product || !slices.Equal(fwd.PlatformHints, rev.PlatformHints) {
		t.Errorf("order matters:\nforwards  %v %v %+v\nbackwards %v %v %+v", fwd.Platform, fwd.PlatformSource, fwd.Product, rev.Platform, rev.PlatformSource, rev.Product)
	}
}

func reversed(s []string) []string {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}

var _ logparse.Record
