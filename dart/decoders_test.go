package dart

import (
	"bytes"
	"compress/flate"
	"errors"
	"io"
	"strings"
	"testing"
)

func deflate(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	fw.Close()
	return buf.Bytes()
}

// An inflater reused after a corrupt stream, a stream left half read and a
// whole one inflates the next stream as a new one would, with no byte of
// the streams before.
func TestFlateReaderReuse(t *testing.T) {
	long := bytes.Repeat([]byte("the first stream, repeated for a window's worth\n"), 2000)
	good := deflate(t, []byte("the next stream\n"))
	corrupt := deflate(t, long)
	corrupt[len(corrupt)/2] ^= 0xFF
	// A back-reference to the previous stream's window, which a fresh
	// inflater refuses.
	backref := []byte{0x03, 0x02, 0x00} // fixed Huffman: a match of length 3 at distance 1, first

	streams := [][]byte{corrupt, deflate(t, long), good, backref, good}
	for round := range 3 {
		for i, s := range streams {
			fr := newFlateReader(bytes.NewReader(s))
			if i == 1 && round == 1 {
				// Read only part, then give it back.
				buf := make([]byte, 100)
				if _, err := io.ReadFull(fr, buf); err != nil || !bytes.Equal(buf, long[:100]) {
					t.Fatalf("round %d, stream %d: %q, %v", round, i, buf, err)
				}
				fr.Close()
				continue
			}
			got, err := io.ReadAll(fr)
			fr.Close()
			switch i {
			case 0, 3:
				if err == nil {
					t.Errorf("round %d, stream %d: no error for a corrupt stream (%d bytes)", round, i, len(got))
				}
			case 1:
				if err != nil || !bytes.Equal(got, long) {
					t.Errorf("round %d, stream %d: %d bytes, %v; want %d bytes", round, i, len(got), err, len(long))
				}
			default:
				if err != nil || string(got) != "the next stream\n" {
					t.Errorf("round %d, stream %d: %q, %v", round, i, got, err)
				}
			}
		}
	}
}

// A decoder's reader fails once closed: its decoder may be decompressing
// another file by then.
func TestFlateReaderReadAfterClose(t *testing.T) {
	fr := newFlateReader(bytes.NewReader(deflate(t, []byte(strings.Repeat("text\n", 100)))))
	buf := make([]byte, 10)
	if _, err := fr.Read(buf); err != nil {
		t.Fatal(err)
	}
	if err := fr.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if n, err := fr.Read(buf); n != 0 || !errors.Is(err, errDecoderClosed) {
		t.Errorf("read after close: %d bytes, %v", n, err)
	}
	if err := fr.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
}

// The decoders of every format, reused after a damaged stream, a stream
// left half read and a whole one, decompress the next stream as new ones
// would.
func TestDecoderReuse(t *testing.T) {
	long := strings.Repeat("a line of the first stream, long enough to span buffers\n", 20000)
	for _, format := range []string{"gz", "bz2", "xz", "zst"} {
		t.Run(format, func(t *testing.T) {
			whole, next := compress(t, format, []byte(long)), compress(t, format, []byte("the next stream\n"))
			damaged := bytes.Clone(whole)
			for i := len(damaged) / 3; i < len(damaged)/2; i++ {
				damaged[i] ^= 0x55
			}
			notCompressed := []byte("plain text, not a compressed stream at all\n")
			for round := range 3 {
				// Open and read a stream; open errors count as read errors.
				read := func(data []byte, limit int) (string, error) {
					rc, err := openDecoder(format, bytes.NewReader(data))
					if err != nil {
						return "", err
					}
					defer rc.Close()
					got, err := io.ReadAll(io.LimitReader(rc, int64(limit)))
					return string(got), err
				}
				if got, err := read(damaged, len(long)); err == nil && got == long {
					t.Errorf("round %d: damaged stream read whole without error", round)
				}
				if got, err := read(whole, 100); err != nil || got != long[:100] {
					t.Errorf("round %d: half read: %q, %v", round, got, err)
				}
				if got, err := read(whole, len(long)+1); err != nil || got != long {
					t.Errorf("round %d: whole: %d bytes, %v; want %d", round, len(got), err, len(long))
				}
				if _, err := read(notCompressed, 1000); err == nil {
					t.Errorf("round %d: plain text read without error", round)
				}
				if got, err := read(next, 1000); err != nil || got != "the next stream\n" {
					t.Errorf("round %d: next: %q, %v", round, got, err)
				}
			}
		})
	}
}
