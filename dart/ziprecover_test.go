package dart

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/internal/hostile"
)

// storedZip returns files as a zip of stored entries whose sizes are in
// their local headers (no data descriptors), as some writers make them.
func storedZip(t testing.TB, files ...tfile) []byte {
	return writeZip(t, files, func(f tfile) (*zip.FileHeader, bool) {
		return &zip.FileHeader{Name: f.name, Method: zip.Store, CRC32: crc32.ChecksumIEEE([]byte(f.data)),
			CompressedSize64: uint64(len(f.data)), UncompressedSize64: uint64(len(f.data))}, true
	})
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
	// insert returns z without its central directory, if it has one, with
	// junk inserted before the local header of name.
	insert := func(z []byte, name string, junk string) []byte {
		at, end := offsetOf(z, name), cdOf(z)
		if end < 0 {
			end = len(z)
		}
		return slices.Concat(z[:at], []byte(junk), z[at:end])
	}
	// zero returns a copy of z with n bytes zeroed from offset at, and
	// without its central directory.
	zero := func(z []byte, at, n int) []byte {
		z = bytes.Clone(z[:cdOf(z)])
		clear(z[at : at+n])
		return z
	}
	// skipped is the damage of the bytes from offset from to offset to.
	skipped := func(from, to int) string {
		return fmt.Sprintf("no local header from offset %d to offset %d, skipped; ", from, to)
	}
	// Garbage holding signatures that are no plausible header.
	junk := strings.Repeat("garbage PK\x03\x04 PK\x03\x04\x14\x00\x00\x00\x63\x00 ", 40)
	// A signature and a header that would do but for the file's end.
	cutHeader := "PK\x03\x04\x14\x00\x00\x00\x08\x00" + strings.Repeat("\x00", 16) + "\x10\x00\x00\x00short"
	dataOf := func(z []byte, name string) int { return offsetOf(z, name) + zipLocalLen + len(name) }
	// The entries of a zip.Writer, stored or deflated, are followed by a
	// data descriptor of 16 bytes, signature first.
	storedDesc := descriptorZip(t, zip.Store, files...)
	// unsigned returns z without its central directory and without the
	// signature of each data descriptor.
	unsigned := func(z []byte) []byte {
		return bytes.ReplaceAll(z[:cdOf(z)], []byte("PK\x07\x08"), nil)
	}
	// descOf is the offset of the data descriptor of the entry before name.
	descOf := func(z []byte, name string) int { return offsetOf(z, name) - 16 }
	lostDesc := func(z []byte, before, name string) string {
		return fmt.Sprintf("no data descriptor for entry %q at offset %d, its data taken up to the local header at offset %d; ",
			name, offsetOf(z, name), offsetOf(z, before))
	}
	tests := []struct {
		name     string
		data     []byte
		whole    []string          // files read whole, as written
		cut      map[string]string // files cut short: a prefix of their content
		readErr  map[string]error  // the read error of these files
		broken   []string          // files read with some error
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
		{
			name:  "deflated, garbage between the log and c/hosts",
			data:  insert(deflated, "c/hosts", junk),
			whole: []string{"a/hosts", "b/system.log", "c/hosts"},
			problem: skipped(offsetOf(deflated, "c/hosts"), offsetOf(deflated, "c/hosts")+len(junk)) +
				"no central directory at the end of the file",
		},
		{
			name:    "stored, garbage between the log and c/hosts",
			data:    insert(stored, "c/hosts", junk),
			whole:   []string{"a/hosts", "b/system.log", "c/hosts"},
			problem: skipped(offsetOf(stored, "c/hosts"), offsetOf(stored, "c/hosts")+len(junk)),
		},
		{
			name:    "deflated, zeroes in the log's data",
			data:    zero(deflated, dataOf(deflated, "b/system.log")+200, 300),
			whole:   []string{"a/hosts", "c/hosts"},
			broken:  []string{"b/system.log"},
			problem: "no central directory at the end of the file",
		},
		{
			name:    "stored, zeroes in the log's data",
			data:    zero(stored, dataOf(stored, "b/system.log")+200, 300),
			whole:   []string{"a/hosts", "c/hosts"},
			readErr: map[string]error{"b/system.log": zip.ErrChecksum},
			problem: "no central directory at the end of the file",
		},
		{
			name:    "zeroes over the log's local header",
			data:    zero(stored, offsetOf(stored, "b/system.log"), zipLocalLen),
			whole:   []string{"a/hosts", "c/hosts"},
			problem: skipped(offsetOf(stored, "b/system.log"), offsetOf(stored, "c/hosts")),
		},
		{
			name: "a name length past the end of the file in the log's header",
			data: func() []byte {
				z := zero(stored, offsetOf(stored, "b/system.log")+26, 2)
				z[offsetOf(stored, "b/system.log")+27] = 0xff
				return z
			}(),
			whole:   []string{"a/hosts", "c/hosts"},
			problem: skipped(offsetOf(stored, "b/system.log"), offsetOf(stored, "c/hosts")),
		},
		{
			name:    "deflated, descriptors without their signature",
			data:    unsigned(deflated),
			whole:   []string{"a/hosts", "b/system.log", "c/hosts"},
			problem: "no central directory at the end of the file",
		},
		{
			name:    "stored, descriptors without their signature",
			data:    unsigned(storedDesc),
			whole:   []string{"a/hosts", "b/system.log", "c/hosts"},
			problem: "no central directory at the end of the file",
		},
		{
			name:    "deflated, the log's descriptor lost",
			data:    zero(deflated, descOf(deflated, "c/hosts"), 16),
			whole:   []string{"a/hosts", "c/hosts"},
			cut:     map[string]string{"b/system.log": long},
			readErr: map[string]error{"b/system.log": zip.ErrFormat},
			problem: lostDesc(deflated, "c/hosts", "b/system.log") + "no central directory at the end of the file",
		},
		{
			name:    "stored, the log's descriptor lost",
			data:    zero(storedDesc, descOf(storedDesc, "c/hosts"), 16),
			whole:   []string{"a/hosts", "c/hosts"},
			broken:  []string{"b/system.log"},
			problem: lostDesc(storedDesc, "c/hosts", "b/system.log") + "no central directory at the end of the file",
		},
		{
			name:    "garbage and a cut header at the end",
			data:    append(bytes.Clone(deflated[:cdOf(deflated)]), junk+cutHeader...),
			whole:   []string{"a/hosts", "b/system.log", "c/hosts"},
			problem: fmt.Sprintf("no local header at offset %d; 3 files", cdOf(deflated)),
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
			want := map[string]bool{}
			for _, name := range slices.Concat(tt.whole, slices.Collect(maps.Keys(tt.cut)), slices.Collect(maps.Keys(tt.readErr)), tt.broken) {
				want[name] = true
			}
			if n := len(b.Files()); n != len(want) {
				t.Errorf("Files = %v, want %d files", b.Files(), len(want))
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
			for _, name := range tt.broken {
				if _, ok := got[name]; !ok || errs[name] == nil {
					t.Errorf("%s: walked %v, read error %v; want an error", name, ok, errs[name])
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
			for _, name := range slices.Concat(slices.Collect(maps.Keys(tt.readErr)), tt.broken) {
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

// descriptorZip returns files as a zip whose entries, compressed with
// method, are each followed by a data descriptor, as zip.Writer writes
// them.
func descriptorZip(t testing.TB, method uint16, files ...tfile) []byte {
	return writeZip(t, files, func(f tfile) (*zip.FileHeader, bool) {
		return &zip.FileHeader{Name: f.name, Method: method}, false
	})
}

// Entries whose data descriptors were all lost are each taken up to the
// next local header; the searches for the descriptors read the file a
// bounded number of times, however many entries lost theirs.
func TestZipRecoveryLostDescriptors(t *testing.T) {
	const n = 300
	var files []tfile
	for i := range n {
		// Text that deflate does not shrink much: the zip is larger
		// than what readAt keeps, so a search of each entry to the
		// end would read it again.
		var sb strings.Builder
		for j := range 100 {
			fmt.Fprintf(&sb, "%d %x\n", j, uint32(i*100+j)*2654435761)
		}
		files = append(files, tfile{fmt.Sprintf("f%03d.log", i), sb.String()})
	}
	z := descriptorZip(t, zip.Deflate, files...)
	z = bytes.Clone(z[:bytes.Index(z, []byte("PK\x01\x02"))])
	for i := 1; i < n; i++ {
		at := bytes.Index(z, []byte(files[i].name)) - zipLocalLen - 16
		if !bytes.HasPrefix(z[at:], []byte("PK\x07\x08")) {
			t.Fatalf("no descriptor before %s", files[i].name)
		}
		clear(z[at : at+16])
	}
	r := &countingReaderAt{r: bytes.NewReader(z)}
	zs, ok := newZipRecoverSource("lost.zip", r, int64(len(z)), nil)
	if !ok {
		t.Fatal("not recoverable")
	}
	listed := 0
	lr := &localReader{zipRecoverSource: zs}
	lr.locals(context.Background(), func(*localFile) error { listed++; return nil })
	// The searches look at the bytes of the file descriptorScanBudget
	// (4) times, and once more in the search that passes the budget. Were
	// the budget not kept, each entry's search would look at the rest of
	// the file: 150 times its size. The reads are twice what readAt is
	// asked for, and the headers are read besides.
	size := int64(len(z))
	if max := 5*size + n*1024; lr.scanned > max {
		t.Errorf("looked at %d bytes of a %d-byte file, want at most %d", lr.scanned, size, max)
	}
	if max := 2 * 6 * size; r.n > max {
		t.Errorf("read %d bytes of a %d-byte file, want at most %d", r.n, size, max)
	}
	if listed != n {
		t.Errorf("listed %d entries, want %d", listed, n)
	}
	b, err := NewReader(context.Background(), bytes.NewReader(z), size, "lost.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, errs := walkAll(t, b)
	for i, f := range files {
		switch {
		case got[f.name] != f.data:
			t.Errorf("%s: %q, want %q", f.name, got[f.name], f.data)
		case i < n-1 && !errors.Is(errs[f.name], zip.ErrFormat):
			t.Errorf("%s: read error %v, want zip.ErrFormat", f.name, errs[f.name])
		case i == n-1 && errs[f.name] != nil:
			t.Errorf("%s (its descriptor whole): read error %v", f.name, errs[f.name])
		}
	}
	var damage error
	for _, p := range b.Problems() {
		if strings.HasPrefix(p.Error(), "lost.zip: ") {
			damage = p
		}
	}
	if want := fmt.Sprintf("%d more entries without a data descriptor; ", n-1-maxListed); damage == nil ||
		!strings.Contains(damage.Error(), want) || !errors.Is(damage, ErrDamaged) {
		t.Errorf("damage %v, want it to say %q", damage, want)
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

// Each run of garbage is skipped and counted; the damage lists the first
// few by their offsets.
func TestZipRecoveryManySkips(t *testing.T) {
	var files []tfile
	for i := range 8 {
		files = append(files, tfile{fmt.Sprintf("f%d.log", i), strings.Repeat(fmt.Sprintf("line %d\n", i), 50)})
	}
	z := makeZip(t, files...)
	var damaged []byte
	for i, f := range files {
		start := bytes.Index(z, []byte(f.name)) - zipLocalLen
		end := bytes.Index(z, []byte("PK\x01\x02"))
		if i+1 < len(files) {
			end = bytes.Index(z, []byte(files[i+1].name)) - zipLocalLen
		}
		if i > 0 {
			damaged = append(damaged, "\x00\x00PK\x00"...)
		}
		damaged = append(damaged, z[start:end]...)
	}
	b, err := NewReader(context.Background(), bytes.NewReader(damaged), int64(len(damaged)), "skips.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	got, errs := walkAll(t, b)
	for _, f := range files {
		if got[f.name] != f.data || errs[f.name] != nil {
			t.Errorf("%s: %d bytes, error %v", f.name, len(got[f.name]), errs[f.name])
		}
	}
	first := bytes.Index(damaged, []byte(files[1].name)) - zipLocalLen - 5
	want := fmt.Sprintf("zip without a readable central directory: no local header from offset %d to offset %d, skipped; ", first, first+5)
	if ps := b.Problems(); len(ps) != 1 || !strings.Contains(ps[0].Error(), want) ||
		!strings.Contains(ps[0].Error(), "; 3 more damaged ranges skipped; no central directory at the end of the file") ||
		strings.Count(ps[0].Error(), "no local header from") != maxListed || !errors.Is(ps[0], ErrDamaged) {
		t.Errorf("problems %v; want one starting %q", ps, want)
	}
}

// countingReaderAt counts the bytes read through it, and calls after, if
// set, once a read reaches offset at.
type countingReaderAt struct {
	r     io.ReaderAt
	n     int64
	at    int64
	after func()
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n += int64(n)
	if c.after != nil && off+int64(n) >= c.at {
		c.after()
		c.after = nil
	}
	return n, err
}

// Looking for a header past damage reads each byte a bounded number of
// times, however many false signatures the bytes hold, and stops when the
// context is done.
func TestZipRecoveryFalseSignatures(t *testing.T) {
	data := hostile.FalseSignatures(4 << 20)
	r := &countingReaderAt{r: bytes.NewReader(data)}
	b, err := NewReader(context.Background(), r, int64(len(data)), "false.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	if files := b.Files(); len(files) != 1 || files[0].Name != "hosts" {
		t.Errorf("Files = %v, want hosts alone", files)
	}
	// The index reads the file a few times: archive/zip, then one pass.
	if r.n > 4*int64(len(data)) {
		t.Errorf("read %d bytes of a %d-byte file", r.n, len(data))
	}
	ps := b.Problems()
	if len(ps) != 1 || !errors.Is(ps[0], ErrDamaged) || !strings.Contains(ps[0].Error(), "no local header at offset ") ||
		strings.Contains(ps[0].Error(), "skipped") {
		t.Errorf("problems %v; want one, of no local header", ps)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r = &countingReaderAt{r: bytes.NewReader(data), at: 1 << 20, after: cancel}
	if _, err := NewReader(ctx, r, int64(len(data)), "false.zip", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("NewReader with a context done mid-search = %v, want context.Canceled", err)
	}
	if r.n > 2*int64(len(data)) {
		t.Errorf("read %d bytes after the context was done", r.n)
	}
}

// Bytes inserted between two entries of a zip whose central directory is
// whole move the later entries and the directory: archive/zip then looks
// for the earlier entries past their headers. They are found from their
// local headers, and the damage names them.
func TestZipMisplacedEntries(t *testing.T) {
	var sb strings.Builder
	for i := range 300 {
		fmt.Fprintf(&sb, "Jun 17 10:%02d:%02d pc acvpnagent[%d]: line %d\n", i/60%60, i%60, 1000+i, i)
	}
	files := []tfile{{"a/hosts", hostsText}, {"b/system.log", sb.String()}, {"c/hosts", hostsText + "# c\n"}}
	z := makeZip(t, files...)
	at := bytes.Index(z, []byte("c/hosts")) - zipLocalLen
	offsetB := bytes.Index(z, []byte("b/system.log")) - zipLocalLen
	tests := []struct {
		name    string
		junk    string
		damaged []string // files that cannot be read
		problem string
	}{
		{
			name:    "junk before the last entry",
			junk:    strings.Repeat("junk ", 20),
			problem: fmt.Sprintf(`moved.zip: central directory gives wrong offsets; found from their local headers: "a/hosts" at offset 0, "b/system.log" at offset %d`, offsetB),
		},
		{
			name:    "junk holding a false signature",
			junk:    "PK\x03\x04 and more junk",
			problem: fmt.Sprintf(`"b/system.log" at offset %d`, offsetB),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := slices.Concat(z[:at], []byte(tt.junk), z[at:])
			b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "moved.zip", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			got, errs := walkAll(t, b)
			for _, f := range files {
				if got[f.name] != f.data || errs[f.name] != nil {
					t.Errorf("%s: %d bytes, error %v; want %d bytes", f.name, len(got[f.name]), errs[f.name], len(f.data))
				}
				if data, err := b.ReadFile(f.name); err != nil || string(data) != f.data {
					t.Errorf("ReadFile(%s) = %d bytes, %v", f.name, len(data), err)
				}
			}
			if ps := b.Problems(); len(ps) != 1 || !strings.Contains(ps[0].Error(), tt.problem) ||
				!errors.Is(ps[0], ErrDamaged) || !errors.Is(ps[0], ErrRepaired) {
				t.Errorf("problems %v, want one holding %q", ps, tt.problem)
			}
		})
	}
	// The damage lists the first few and counts the others.
	var many []tfile
	for i := range maxListed + 3 {
		many = append(many, tfile{fmt.Sprintf("f%d", i), hostsText})
	}
	mz := makeZip(t, many...)
	mz = hostile.Misplaced(mz)
	mb, err := NewReader(context.Background(), bytes.NewReader(mz), int64(len(mz)), "many.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer mb.Close()
	if got, errs := walkAll(t, mb); len(got) != len(many) || len(errs) != 0 {
		t.Errorf("walked %d files, errors %v", len(got), errs)
	}
	if ps := mb.Problems(); len(ps) != 1 || !strings.HasSuffix(ps[0].Error(), fmt.Sprintf(`"f3" at offset %d, 2 more`, 3*(bytes.Index(mz, []byte("f1"))-zipLocalLen))) ||
		strings.Count(ps[0].Error(), " at offset ") != maxListed {
		t.Errorf("problems %v, want one listing %d entries and counting 2 more", ps, maxListed)
	}
	// A misplaced entry whose local header is gone too stays damaged.
	data := slices.Concat(z[:at], []byte("junk"), z[at:])
	clear(data[offsetB : offsetB+4])
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "moved.zip", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	got, errs := walkAll(t, b)
	if !errors.Is(errs["b/system.log"], ErrDamaged) || got["a/hosts"] != hostsText {
		t.Errorf("b/system.log: error %v; a/hosts %q", errs["b/system.log"], got["a/hosts"])
	}
}

// Looking for a misplaced entry reads at most 1,024 more local headers
// than the directory lists, however many the bytes inserted hold, and
// stops when its context is done.
func TestZipMisplacedBound(t *testing.T) {
	z := makeZip(t, tfile{"target", hostsText}, tfile{"last", hostsText})
	many := hostile.ManyEntries(3000)
	junk := many[:bytes.Index(many, []byte("PK\x01\x02"))]
	at := bytes.Index(z, []byte("last")) - zipLocalLen
	data := slices.Concat(z[:at], junk, z[at:])
	c, err := newZipSource("bound.zip", bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	zs := c.(*zipSource)
	// A search stopped by its context finds nothing, and keeps nothing
	// for the next.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var m misplaced
	first := zs.zr.entry(0)
	if rc, err := zs.open(ctx, &first, &m); err == nil || !errors.Is(err, zip.ErrFormat) || zs.local != nil {
		t.Errorf("open with a done context = %v, %v; %d names kept", rc, err, len(zs.local))
	}
	got := map[string]string{}
	err = zs.entries(context.Background(), func(_ int, e entry) error {
		rc, err := e.open()
		if err != nil {
			return err
		}
		defer rc.Close()
		b, err := io.ReadAll(rc)
		got[e.name] = string(b)
		return err
	})
	if err == nil || !errors.Is(err, ErrRepaired) || got["target"] != hostsText || got["last"] != hostsText {
		t.Errorf("entries: %v; read %q", err, got)
	}
	n := 0
	for _, lfs := range zs.local {
		n += len(lfs)
	}
	if want := 2 + 1024; n != want {
		t.Errorf("read %d local headers, want %d", n, want)
	}
}

// A part of a zip sent twice moves the later entries and the directory as
// bytes inserted do. When the entry before the part is as long as the
// part, archive/zip finds that entry at the local header of the first
// copy, and would read the other entry's data as its own. It is read from
// its own header instead, and never with the other entry's data.
func TestZipEntrySentTwice(t *testing.T) {
	z := hostile.Zip(hostile.Entry{Name: "a.txt", Data: []byte("first entry\n"), Store: true},
		hostile.Entry{Name: "b.txt", Data: []byte("other entry\n"), Store: true},
		hostile.E("c.txt", "last\n"))
	twice := hostile.SentTwice(z, "b.txt")
	zr, err := zip.NewReader(bytes.NewReader(twice), int64(len(twice)))
	if err != nil {
		t.Fatal(err)
	}
	if rc, err := zr.File[0].Open(); err != nil {
		t.Fatal(err)
	} else if data, _ := io.ReadAll(rc); string(data) != "other entry\n" {
		t.Fatalf("archive/zip reads a.txt as %q; the case no longer tests what it says", data)
	}
	want := map[string]string{"a.txt": "first entry\n", "b.txt": "other entry\n", "c.txt": "last\n"}
	tests := []struct {
		name    string
		data    []byte
		damaged string // the file that cannot be read
		problem string
	}{
		{
			name:    "whole",
			data:    twice,
			problem: `twice.zip: central directory gives wrong offsets; found from their local headers: "a.txt" at offset 0`,
		},
		{
			name:    "own header damaged",
			data:    slices.Concat(twice[:14], []byte("junk"), twice[18:]), // its checksum
			damaged: "a.txt",
			problem: `a.txt: cannot read entry: zip: not a valid zip file: the directory's offset leads to the local header of "b.txt"`,
		},
		{
			// Some writers name an entry differently in its local header:
			// a name the directory does not list is taken as such.
			name: "local name not listed",
			data: bytes.Replace(z, []byte("a.txt"), []byte("A.TXT"), 1),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := NewReader(context.Background(), bytes.NewReader(tt.data), int64(len(tt.data)), "twice.zip", nil)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			got, errs := walkAll(t, b)
			for name, text := range want {
				if name == tt.damaged {
					if got[name] != "" || !errors.Is(errs[name], ErrDamaged) {
						t.Errorf("%s: read %q, error %v; want nothing read and ErrDamaged", name, got[name], errs[name])
					}
					continue
				}
				if got[name] != text || errs[name] != nil {
					t.Errorf("%s: read %q, error %v; want %q", name, got[name], errs[name], text)
				}
			}
			ps := b.Problems()
			if tt.problem == "" && len(ps) > 0 {
				t.Errorf("problems %v, want none", ps)
			}
			if tt.problem != "" && !slices.ContainsFunc(ps, func(p error) bool { return strings.Contains(p.Error(), tt.problem) }) {
				t.Errorf("problems %v, want one holding %q", ps, tt.problem)
			}
		})
	}
}
