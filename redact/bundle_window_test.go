package redact

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// manyWindows returns text of many windows, with secrets of their own on
// every line, some of them cut by the end of a window.
func manyWindows() string {
	var sb strings.Builder
	for i := 0; sb.Len() < 9*window+123; i++ {
		fmt.Fprintf(&sb, "12:%02d:%02d user%d <u%d@corp%d.wxq-intra.net> from 10.%d.%d.%d %s\r\n",
			i/60%60, i%60, i, i, i%97, i>>16&255, i>>8&255, i&255, strings.Repeat("-", i%211))
	}
	return sb.String() + "last line, no line end, " + plantEmail
}

// redactFile redacts data as the file name of a bundle with a new
// Redactor, on procs processors, and returns the bytes written, the
// action and the Redactor's map.
func redactFile(t *testing.T, data []byte, procs int) ([]byte, string, Map) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	r, err := New(&Options{Key: bundleKey})
	if err != nil {
		t.Fatal(err)
	}
	b := &bundler{ctx: context.Background(), r: r, lim: limits()}
	var out bytes.Buffer
	action, err := b.file(b.limit(bytes.NewReader(data), "a.log", 1<<40, "MaxFileSize"), "a.log", 0, func() (io.Writer, error) { return &out, nil })
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), action, r.Map()
}

// The pipeline of windows writes what redacting them one after another
// does, and counts the same.
func TestBundleWindowsPipelined(t *testing.T) {
	text := manyWindows()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"utf-8", []byte(text)},
		{"utf-16le", utf16LE(text, true)},
		{"utf-16be", encodeUTF16([]byte{0xFE, 0xFF}, []byte(text), true)},
		{"utf-16le odd byte", append(utf16LE(text, true), 'x')},
	} {
		t.Run(tc.name, func(t *testing.T) {
			one, action1, map1 := redactFile(t, tc.data, 1)
			two, action2, map2 := redactFile(t, tc.data, 2)
			if action1 != ActionRedacted || action2 != ActionRedacted {
				t.Fatalf("actions %q and %q", action1, action2)
			}
			if !bytes.Equal(one, two) {
				t.Fatalf("%d bytes on one processor, %d on two, first differing at %d", len(one), len(two), firstDiff(one, two))
			}
			if !reflect.DeepEqual(map1, map2) {
				t.Errorf("maps differ: %d entries on one processor, %d on two", len(map1.Entries), len(map2.Entries))
			}
			if len(map2.Entries) < 1000 {
				t.Errorf("only %d secrets replaced", len(map2.Entries))
			}
			text, _ := io.ReadAll(mustDecode(two))
			for _, s := range []string{plantEmail, "corp1.wxq-intra.net", "10.0.1.2 "} {
				if strings.Contains(string(text), s) {
					t.Errorf("%s left in", s)
				}
			}
			if tc.name == "utf-16le odd byte" && two[len(two)-1] != 'x' {
				t.Errorf("odd byte at the end lost")
			}
		})
	}
}

// failing reads data, then fails with err, calling before first.
type failing struct {
	data   []byte
	err    error
	before func()
}

func (f *failing) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		if f.before != nil {
			f.before()
		}
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// failWriter fails once more than n bytes are written to it.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	w.n -= len(p)
	if w.n < 0 {
		return 0, errBroken
	}
	return len(p), nil
}

var errBroken = errors.New("broken")

// A file whose reading or writing fails in its middle, or whose context
// is done there, fails with the cause, and leaves nothing running.
func TestBundleWindowsFail(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	data := []byte(manyWindows())
	base := runtime.NumGoroutine()
	for _, tc := range []struct {
		name string
		src  func(cancel func()) io.Reader
		dst  io.Writer
		want error
	}{
		{"read", func(func()) io.Reader { return &failing{data: data[:5*window], err: errBroken} }, io.Discard, errBroken},
		{"write", func(func()) io.Reader { return bytes.NewReader(data) }, &failWriter{n: 3 * window}, errBroken},
		{"cancel", func(cancel func()) io.Reader {
			return io.MultiReader(&failing{data: data[:5*window], err: io.EOF, before: cancel}, bytes.NewReader(data[5*window:]))
		}, io.Discard, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r, _ := New(&Options{Key: bundleKey})
			b := &bundler{ctx: ctx, r: r, lim: limits()}
			_, err := b.file(b.limit(tc.src(cancel), "a.log", 1<<40, "MaxFileSize"), "a.log", 0, func() (io.Writer, error) { return tc.dst, nil })
			if !errors.Is(err, tc.want) || !strings.HasPrefix(fmt.Sprint(err), "a.log: ") {
				t.Fatalf("error %v, want a.log: %v", err, tc.want)
			}
		})
	}
	for i := 0; runtime.NumGoroutine() > base; i++ {
		if i == 100 {
			t.Fatalf("%d goroutines left running, %d before", runtime.NumGoroutine(), base)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
