package dart

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/internal/hostile"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestClassifyEVTX checks that an EVTX file is an event log in format
// evtx, binary, by its signature and whatever its name.
func TestClassifyEVTX(t *testing.T) {
	data := evtxgen.Bytes(evtxgen.TechNote())
	z := hostile.Zip(hostile.Entry{Name: "logs/AnyConnect.evtx", Data: data}, hostile.Entry{Name: "renamed.bin", Data: data})
	b, err := NewReader(context.Background(), bytes.NewReader(z), int64(len(z)), "b.zip", nil)
	require.NoError(t, err)
	defer b.Close()
	for _, f := range b.Files() {
		assert.Equal(t, KindEventLog, f.Kind, f.Name)
		assert.Equal(t, logparse.FormatEVTX, f.Format, f.Name)
		assert.Empty(t, f.Encoding, f.Name)
	}
	assert.Equal(t, "evtx", logparse.FormatEVTX.String())
	assert.Equal(t, KindOther, Classify("AnyConnect.evtx", []byte("ElfFil")), "a cut signature is no EVTX")
}

// readersAt walks b and returns, for each file, the type of what ReaderAt
// gave, checking that it reads the file's bytes and counting the temporary
// files it left while open.
func readersAt(t *testing.T, b *Bundle, want []byte, tmp string) (kinds []string, tempsOpen []int) {
	t.Helper()
	err := b.Walk(context.Background(), func(f File, r io.Reader) error {
		ra, size, err := b.ReaderAt(context.Background(), f, r)
		require.NoError(t, err)
		defer ra.Close()
		got := make([]byte, size)
		_, err = ra.ReadAt(got, 0)
		require.NoError(t, err)
		assert.Equal(t, want, got)
		left, _ := os.ReadDir(tmp)
		tempsOpen = append(tempsOpen, len(left))
		switch ra.(type) {
		case *os.File:
			kinds = append(kinds, "in place")
		case memReaderAt:
			kinds = append(kinds, "memory")
		case tempReaderAt:
			kinds = append(kinds, "temporary file")
		}
		return nil
	})
	require.NoError(t, err)
	return kinds, tempsOpen
}

func TestReaderAt(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	data := evtxgen.Bytes(evtxgen.TechNote())
	z := hostile.Zip(hostile.Entry{Name: "AnyConnect.evtx", Data: data})
	nested := hostile.Zip(hostile.Entry{Name: "inner.zip", Data: z})
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "AnyConnect.evtx"), data, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "inner.zip"), z, 0o644))

	tests := []struct {
		name  string
		open  func(opts *Options) (*Bundle, error)
		limit int64
		want  []string
		temps []int
	}{
		{"zip", zipOpener(z), 0, []string{"memory"}, []int{0}},
		{"zip over the limit", zipOpener(z), 1024, []string{"temporary file"}, []int{1}},
		{"nested zip over the limit", zipOpener(nested), 1024, []string{"temporary file"}, []int{1}},
		{"folder, and a zip in it", func(opts *Options) (*Bundle, error) { return Open(context.Background(), dir, opts) }, 1024,
			[]string{"in place", "temporary file"}, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := tt.open(&Options{Limits: Limits{MaxEVTXMemory: tt.limit}})
			require.NoError(t, err)
			defer b.Close()
			kinds, temps := readersAt(t, b, data, tmp)
			assert.Equal(t, tt.want, kinds)
			assert.Equal(t, tt.temps, temps)
			left, err := os.ReadDir(tmp)
			require.NoError(t, err)
			assert.Empty(t, left, "temporary files removed on Close")
		})
	}
}

func zipOpener(z []byte) func(*Options) (*Bundle, error) {
	return func(opts *Options) (*Bundle, error) {
		return NewReader(context.Background(), bytes.NewReader(z), int64(len(z)), "b.zip", opts)
	}
}

// TestSpoolCancelled checks that a copy cut short by a cancelled context
// leaves no temporary file.
func TestSpoolCancelled(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	ctx, cancel := context.WithCancel(context.Background())
	r := io.MultiReader(bytes.NewReader(make([]byte, 4096)), cancelReader{cancel}, bytes.NewReader(make([]byte, 4096)))
	ra, _, err := spool(ctx, r, 1024)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Nil(t, ra)
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left)
}

// cancelReader cancels its context when read.
type cancelReader struct{ cancel context.CancelFunc }

func (c cancelReader) Read([]byte) (int, error) { c.cancel(); return 0, io.EOF }

// TestSpoolDamaged checks that a read that fails gives what was read with
// the error.
func TestSpoolDamaged(t *testing.T) {
	boom := io.ErrUnexpectedEOF
	for _, limit := range []int64{1 << 20, 10} {
		ra, size, err := spool(context.Background(), io.MultiReader(bytes.NewReader([]byte("ElfFile\x00abc")), errReader{boom}), limit)
		assert.ErrorIs(t, err, boom)
		require.NotNil(t, ra)
		assert.Equal(t, int64(11), size)
		ra.Close()
	}
	ra, _, err := spool(context.Background(), errReader{boom}, 10)
	assert.ErrorIs(t, err, boom)
	assert.Nil(t, ra, "nothing read")
}

// TestForwardReaderAt checks reads in order, a gap skipped, the end, and a
// read that goes back.
func TestForwardReaderAt(t *testing.T) {
	data := []byte("0123456789abcdef")
	z := hostile.Zip(hostile.Entry{Name: "x.bin", Data: data})
	b, err := zipOpener(z)(nil)
	require.NoError(t, err)
	defer b.Close()
	err = b.Walk(context.Background(), func(f File, r io.Reader) error {
		ra, size, err := b.ForwardReaderAt(context.Background(), f, r)
		require.NoError(t, err)
		defer ra.Close()
		assert.Equal(t, int64(len(data)), size)
		p := make([]byte, 4)
		n, err := ra.ReadAt(p, 2)
		assert.Equal(t, "2345", string(p[:n]))
		assert.NoError(t, err)
		n, err = ra.ReadAt(p, 10)
		assert.Equal(t, "abcd", string(p[:n]))
		assert.NoError(t, err)
		_, err = ra.ReadAt(p, 3)
		assert.ErrorIs(t, err, ErrNotForward)
		n, err = ra.ReadAt(p, 14)
		assert.Equal(t, "ef", string(p[:n]))
		assert.Equal(t, io.EOF, err)
		return nil
	})
	require.NoError(t, err)
}
