package dart

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"
)

// storedZip returns files as a zip of stored entries whose sizes are in
// their local headers (no data descriptors), as some writers make them.
func storedZip(t testing.TB, files ...tfile) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Store,
			CRC32: crc32.ChecksumIEEE([]byte(f.data)), CompressedSize64: uint64(len(f.data)), UncompressedSize64: uint64(len(f.data))}
		w, err := zw.CreateRaw(h)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, f.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// walkAll returns the content Walk yields for each file, and the read
// error of each file that had one.
func walkAll(t *testing.T, b *Bundle) (map[string]string, map[string]error) {
	t.Helper()
	got, errs := map[string]string{}, map[string]error{}
	err := b.Walk(context.Background(), func(f File, r io.Reader) error {
		data, err := io.ReadAll(r)
		got[f.Name] = string(data)
		if err != nil {
			errs[f.Name] = err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Walk: %v", err)
	}
	return got, errs
}

func TestZipRecovery(t *testing.T) {
	var sb strings.Builder
	for i := range 400 {
		fmt.Fprintf(&sb, "Jun 17 10:%02d:%02d pc acvpnagent[%d]: line %d, value %x\n", i/60%60, i%60, 1000+i*7919%997, i, uint32(i)*2654435761)
	}
	long := sb.String()
	files := []tfile{{"a/hosts", hostsText}, {"a/dir/", ""}, {"b/system.log", long}, {"c/hosts", hostsText}}
	deflated := makeZip(t, files...)
	stored := storedZip(t, files...)
	// offsetOf is the offset of the local header of the file name.
	offsetOf := func(z []byte, name string) int { return bytes.Index(z, []byte(name)) - zipLocalLen }
	// cdOf is the offset of the central directory.
	cdOf := func(z []byte) int { return bytes.Index(z, []byte("PK\x01\x02")) }
	corrupt := func(z []byte) []byte {
		// Change a byte of c/hosts' stored data, and cut the directory.
		z = bytes.Clone(z[:cdOf(z)+10])
		i := bytes.LastIndex(z, []byte("127.0.0.1"))
		z[i] = '%'
		return z
	}
	tests := []struct {
		name     string
		data     []byte
		whole    []string          // files read whole, as written
		cut      map[string]string // files cut short: a prefix of their content
		readErr  map[string]error  // the read error of these files
		problem  string            // a substring of the bundle's damage problem
		problems []error
	}{
		{
			name:    "deflated, cut inside the log",
			data:    deflated[:offsetOf(deflated, "b/system.log")+300],
			whole:   []string{"a/hosts"},
			cut:     map[string]string{"b/system.log": long},
			readErr: map[string]error{"b/system.log": io.ErrUnexpectedEOF},
			problem: `zip without a readable central directory: entry "b/system.log" at offset`,
		},
		{
			name:    "stored, cut inside the log",
			data:    stored[:offsetOf(stored, "b/system.log")+3000],
			whole:   []string{"a/hosts"},
			cut:     map[string]string{"b/system.log": long},
			readErr: map[string]error{"b/system.log": io.ErrUnexpectedEOF},
			problem: `entry "b/system.log" at offset`,
		},
		{
			name:    "deflated, cut in the central directory",
			data:    deflated[:cdOf(deflated)+20],
			whole:   []string{"a/hosts", "b/system.log", "c/hosts"},
			problem: "central directory at offset",
		},
		{
			name:    "stored, no central directory at all",
			data:    stored[:cdOf(stored)],
			whole:   []string{"a/hosts", "b/system.log", "c/hosts"},
			problem: "no central directory at the end of the file",
		},
		{
			name:    "cut in a local header",
			data:    deflated[:offsetOf(deflated, "c/hosts")+10],
			whole:   []string{"a/hosts", "b/system.log"},
			problem: "local header at offset",
		},
		{
			name:    "junk after the entries",
			data:    append(bytes.Clone(stored[:cdOf(stored)]), "garbage that is no header"...),
			whole:   []string{"a/hosts", "b/system.log", "c/hosts"},
			problem: "no local header at offset",
		},
		{
			name:    "checksum mismatch in a recovered entry",
			data:    corrupt(stored),
			whole:   []string{"a/hosts", "b/system.log"},
			cut:     map[string]string{"c/hosts": ""},
			readErr: map[string]error{"c/hosts": zip.ErrChecksum},
			problem: "central directory at offset",
		},
	}
	content := map[string]string{}
	for _, f := range files {
		content[f.name] = f.data
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := NewReader(context.Background(), bytes.NewReader(tt.data), int64(len(tt.data)), "cut.zip", nil)
			if err != nil {
				t.Fatalf("NewReader: %v", err)
			}
			defer b.Close()
			if b.Format() != "zip" {
				t.Errorf("Format = %q", b.Format())
			}
			if n := len(b.Files()); n != len(tt.whole)+len(tt.cut) {
				t.Errorf("Files = %v, want %d files", b.Files(), len(tt.whole)+len(tt.cut))
			}
			got, errs := walkAll(t, b)
			for _, name := range tt.whole {
				if got[name] != content[name] || errs[name] != nil {
					t.Errorf("%s: %d bytes, error %v; want %d bytes", name, len(got[name]), errs[name], len(content[name]))
				}
				if data, err := b.ReadFile(name); err != nil || string(data) != content[name] {
					t.Errorf("ReadFile(%s) = %d bytes, %v", name, len(data), err)
				}
			}
			for name, full := range tt.cut {
				if !strings.HasPrefix(full, got[name]) && full != "" {
					t.Errorf("%s: %q is not a prefix of its content", name, got[name])
				}
			}
			for name, want := range tt.readErr {
				if !errors.Is(errs[name], want) {
					t.Errorf("%s: read error %v, want %v", name, errs[name], want)
				}
			}
			var damage error
			for _, p := range b.Problems() {
				if strings.Contains(p.Error(), "zip without a readable central directory") {
					damage = p
				}
			}
			if damage == nil || !errors.Is(damage, ErrDamaged) || !strings.Contains(damage.Error(), tt.problem) ||
				!strings.HasPrefix(damage.Error(), "cut.zip: ") {
				t.Errorf("damage problem %v; want cut.zip: ... %q wrapping ErrDamaged; problems: %v", damage, tt.problem, b.Problems())
			}
			for name := range tt.readErr {
				found := false
				for _, p := range b.Problems() {
					found = found || (strings.HasPrefix(p.Error(), name+": ") && errors.Is(p, ErrDamaged))
				}
				if !found {
					t.Errorf("no problem names %s: %v", name, b.Problems())
				}
			}
		})
	}
}

// The files a recovered zip yields are those archive/zip yields from the
// whole zip, with the same sizes and times.
func TestZipRecoveryMatchesWhole(t *testing.T) {
	z := dartZip(t)
	whole := must(NewReader(context.Background(), bytes.NewReader(z), int64(len(z)), "b.zip", nil))
	cut := z[:bytes.LastIndex(z, []byte("PK\x01\x02"))]
	rec, err := NewReader(context.Background(), bytes.NewReader(cut), int64(len(cut)), "b.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	wf, rf := whole.Files(), rec.Files()
	if len(wf) != len(rf) {
		t.Fatalf("recovered %v, want %v", rf, wf)
	}
	for i := range wf {
		if wf[i].Name != rf[i].Name || wf[i].Size != rf[i].Size || !wf[i].Modified.Equal(rf[i].Modified) ||
			wf[i].Kind != rf[i].Kind || wf[i].Encoding != rf[i].Encoding {
			t.Errorf("recovered %+v, want %+v", rf[i], wf[i])
		}
	}
}

// A recovered entry is still bounded by the limits: a bomb without a
// central directory stops at MaxRatio.
func TestZipRecoveryLimits(t *testing.T) {
	bomb := makeZip(t, tfile{"bomb.log", strings.Repeat("\x00", 4<<20)})
	cut := bomb[:bytes.LastIndex(bomb, []byte("PK\x01\x02"))]
	b, err := NewReader(context.Background(), bytes.NewReader(cut), int64(len(cut)), "bomb.zip", &Options{Limits: Limits{MaxRatio: 10}})
	if err != nil {
		t.Fatal(err)
	}
	var le *LimitError
	for _, p := range b.Problems() {
		if errors.As(p, &le) {
			break
		}
	}
	if le == nil || le.Limit != "MaxRatio" || le.File != "bomb.log" {
		t.Fatalf("problems %v; want a MaxRatio LimitError for bomb.log", b.Problems())
	}
}
