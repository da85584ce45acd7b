package dart

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestLimitFileSize(t *testing.T) {
	big := strings.Repeat(syslogText, 100) // ~12 KB
	data := makeZip(t, tfile{"logs/system.log", big}, tfile{"hosts", hostsText})
	opts := &Options{Limits: Limits{MaxFileSize: 1000}}
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", opts)
	if err != nil {
		t.Fatal(err)
	}
	// The index already knows the declared size is too big.
	var le *LimitError
	if !anyProblemAs(b, &le) || le.Limit != "MaxFileSize" || le.File != "logs/system.log" || le.Value != 1000 {
		t.Errorf("problems = %v, want a MaxFileSize LimitError for logs/system.log", b.Problems())
	}
	var walkErr error
	var n int
	err = b.Walk(context.Background(), func(f File, r io.Reader) error {
		if f.Name != "logs/system.log" {
			return nil
		}
		got, err := io.ReadAll(r)
		n, walkErr = len(got), err
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !errors.As(walkErr, &le) || !errors.Is(walkErr, ErrLimit) {
		t.Fatalf("read error = %v, want *LimitError", walkErr)
	}
	if got, want := walkErr.Error(), "logs/system.log: MaxFileSize limit of 1000 exceeded"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	if n != 1000 {
		t.Errorf("read %d bytes before the limit, want 1000", n)
	}
	if _, err := b.ReadFile("logs/system.log"); !errors.As(err, &le) {
		t.Errorf("ReadFile error = %v, want *LimitError", err)
	}
	if got, err := b.ReadFile("hosts"); err != nil || string(got) != hostsText {
		t.Errorf("ReadFile(hosts) = %q, %v", got, err)
	}
}

func anyProblemAs(b *Bundle, le **LimitError) bool {
	for _, p := range b.Problems() {
		if errors.As(p, le) {
			return true
		}
	}
	return false
}

// A zip bomb: a 100 MB entry of zeros, ~100 KB deflated. Reading stops at
// compressed size × MaxRatio, long before 100 MB.
func TestLimitRatio(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("bomb.log")
	if err != nil {
		t.Fatal(err)
	}
	zeros := make([]byte, 1<<20)
	for range 100 {
		w.Write(zeros)
	}
	zw.Close()
	data := buf.Bytes()
	opts := &Options{Limits: Limits{MaxRatio: 10}}
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "bomb.zip", opts)
	if err != nil {
		t.Fatal(err)
	}
	var le *LimitError
	if !anyProblemAs(b, &le) || le.Limit != "MaxRatio" {
		t.Errorf("problems = %v, want a MaxRatio LimitError", b.Problems())
	}
	var n int64
	err = b.Walk(context.Background(), func(f File, r io.Reader) error {
		var err error
		n, err = io.Copy(io.Discard, r)
		if !errors.As(err, &le) || le.Limit != "MaxRatio" || le.File != "bomb.log" {
			t.Errorf("read error = %v, want MaxRatio LimitError", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if max := int64(len(data)) * 10; n > max || n == 0 {
		t.Errorf("read %d bytes, want at most %d", n, max)
	}
}

func TestLimitTotalSize(t *testing.T) {
	data := makeZip(t, tfile{"a.log", syslogText}, tfile{"b.log", syslogText}, tfile{"c.log", syslogText})
	max := int64(len(syslogText)*2 + 10)
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", &Options{Limits: Limits{MaxTotalSize: max}})
	if err != nil {
		t.Fatal(err)
	}
	var errs []error
	b.Walk(context.Background(), func(f File, r io.Reader) error {
		_, err := io.Copy(io.Discard, r)
		errs = append(errs, err)
		return nil
	})
	var le *LimitError
	if len(errs) != 3 || errs[0] != nil || errs[1] != nil || !errors.As(errs[2], &le) || le.Limit != "MaxTotalSize" {
		t.Errorf("read errors = %v, want nil, nil, MaxTotalSize", errs)
	}
}

func TestLimitDepth(t *testing.T) {
	// hosts in a zip in a zip in a zip in a tar.gz: four levels.
	z1 := makeZip(t, tfile{"hosts", hostsText})
	z2 := makeZip(t, tfile{"l2.zip", string(z1)})
	z3 := makeZip(t, tfile{"l1.zip", string(z2)})
	tgz := gzipped(t, makeTar(t, tfile{"l0.zip", string(z3)}))
	for _, tt := range []struct {
		depth int
		want  string
		kind  Kind
	}{
		{3, "l0.zip/l1.zip/l2.zip/hosts", KindHosts},
		{2, "l0.zip/l1.zip/l2.zip", KindArchive},
		{1, "l0.zip/l1.zip", KindArchive},
	} {
		b, err := NewReader(context.Background(), bytes.NewReader(tgz), int64(len(tgz)), "deep.tgz", &Options{Limits: Limits{MaxDepth: tt.depth}})
		if err != nil {
			t.Fatal(err)
		}
		files := b.Files()
		if len(files) != 1 || files[0].Name != tt.want || files[0].Kind != tt.kind {
			t.Errorf("MaxDepth %d: files = %+v, want %s (%v)", tt.depth, files, tt.want, tt.kind)
		}
		if tt.kind == KindArchive {
			var le *LimitError
			if !anyProblemAs(b, &le) || le.Limit != "MaxDepth" || !errors.Is(b.Problems()[0], ErrNotOpened) {
				t.Errorf("MaxDepth %d: problems = %v", tt.depth, b.Problems())
			}
			// The archive not opened reads as its raw bytes.
			got, err := b.ReadFile(tt.want)
			if err != nil || !bytes.HasPrefix(got, []byte("PK\x03\x04")) {
				t.Errorf("MaxDepth %d: ReadFile = %.10q, %v", tt.depth, got, err)
			}
		}
	}
}

func TestLimitNestedSize(t *testing.T) {
	inner := dartZip(t)
	data := makeZip(t, tfile{"DART.zip", string(inner)})
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", &Options{Limits: Limits{MaxNestedSize: 100}})
	if err != nil {
		t.Fatal(err)
	}
	files := b.Files()
	if len(files) != 1 || files[0].Kind != KindArchive {
		t.Errorf("files = %+v", files)
	}
	var le *LimitError
	if !anyProblemAs(b, &le) || le.Limit != "MaxNestedSize" || le.File != "DART.zip" {
		t.Errorf("problems = %v", b.Problems())
	}
}

func TestLimitEntries(t *testing.T) {
	var files []tfile
	for _, n := range []string{"a", "b", "c", "d", "e"} {
		files = append(files, tfile{n + ".log", syslogText})
	}
	data := makeZip(t, files...)
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", &Options{Limits: Limits{MaxEntries: 3}})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Files()) != 3 {
		t.Errorf("files = %v", b.Files())
	}
	var le *LimitError
	if !anyProblemAs(b, &le) || le.Limit != "MaxEntries" {
		t.Errorf("problems = %v", b.Problems())
	}
	n := 0
	b.Walk(context.Background(), func(File, io.Reader) error { n++; return nil })
	if n != 3 {
		t.Errorf("Walk visited %d files, want 3", n)
	}
}

func TestLimitsDefaults(t *testing.T) {
	got := (*Options)(nil).limits()
	want := Limits{2 << 30, 8 << 30, 1000, 3, 100000, 512 << 20, 4 << 20}
	if got != want {
		t.Errorf("defaults = %+v, want %+v", got, want)
	}
}

func TestLimitReader(t *testing.T) {
	for _, n := range []int{0, 1, 9, 10, 11, 100} {
		src := strings.Repeat("x", n)
		lr := newLimitReader(strings.NewReader(src), "f", 10, "MaxFileSize", &passCounter{max: 1 << 20})
		got, err := io.ReadAll(lr)
		if n <= 10 && (err != nil || len(got) != n) {
			t.Errorf("n=%d: got %d, %v", n, len(got), err)
		}
		if n > 10 && (!errors.Is(err, ErrLimit) || len(got) != 10) {
			t.Errorf("n=%d: got %d, %v", n, len(got), err)
		}
	}
}
