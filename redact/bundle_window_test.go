package redact

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"regexp"
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
	r.frozen.Add(1) // as Bundle does while it writes
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

// collidingText returns text of many windows, with secrets of every sort
// (host names, users, e-mail addresses, MAC and IP addresses, serial
// numbers): new ones in the middle of two windows out of three, and
// others met two windows before or earlier, so that some windows hold only
// secrets a speculative redaction finds. Host names of the pairs, in the
// order given, whose pseudonyms collide straddle the windows that start
// two new ones: the first near the end of the first window, the second
// near the start of the next, which a redaction of the two at once not in
// the order of the text would give its pseudonym first.
func collidingText(pairs [][2]string) []byte {
	rng := rand.New(rand.NewPCG(20, 7))
	var buf bytes.Buffer
	n, hosts := 0, 0 // secrets of each sort, host names in the domain
	var known [][2]int
	planted := -1
	for line := 0; buf.Len() < 3<<20; line++ {
		// The windows are cut at line ends, a little before the
		// multiples of window: new secrets keep away from them.
		k, off := buf.Len()/window, buf.Len()%window
		for len(known) <= k {
			known = append(known, [2]int{n, hosts})
		}
		fmt.Fprintf(&buf, "12:%02d:%02d", line/60%60, line%60)
		if k%3 == 0 && off > window-window/4 && planted < k && k/3 < len(pairs) {
			fmt.Fprintf(&buf, "\tComputer: %s\r\n", pairs[k/3][0])
			planted = k
			continue
		}
		if k%3 == 1 && off > window/32 && planted == k-1 {
			// As a key's value, or a label of a DNS name.
			format := "\tComputer: %s\r\n"
			if k/3%2 == 1 {
				format = "\tto %s.corp.acme-corp.net\r\n"
			}
			fmt.Fprintf(&buf, format, pairs[k/3][1])
			planted = k
			continue
		}
		var h, u, m int
		var pcs [5]int
		switch lim := known[max(k-1, 0)]; {
		case k%3 != 2 && off >= window/4 && off < window*3/4:
			h, u, m = n, n, n
			n++
			for i := range pcs {
				pcs[i] = hosts
				hosts++
			}
		case k < 2 || lim[0] == 0:
			buf.WriteString("\tnothing yet\r\n")
			continue
		case k%9 == 8 || k%9 == 7 && off >= window*3/4:
			// Addresses alone, whose pseudonyms no window changes: a
			// speculative redaction of the window always goes through.
			// (The window's lines start a little before the multiple of
			// window, by what the windows before it left of their last
			// line: the end of the window before is of addresses too.)
			fmt.Fprintf(&buf, "\tpeer 10.%d.%d.%d and 81.2.%d.%d\r\n", rng.IntN(256), rng.IntN(256), 1+rng.IntN(254), rng.IntN(256), 1+rng.IntN(254))
			continue
		default:
			h, u, m = rng.IntN(lim[0]), rng.IntN(lim[0]), rng.IntN(lim[0])
			for i := range pcs {
				pcs[i] = rng.IntN(lim[1])
			}
		}
		fmt.Fprintf(&buf, "\tComputer: WS%05d\tfrom <u%05d@acme-corp.net> mac 00:1a:2b:%02x:%02x:%02x\tSerial: %08x\tUser: jdoe%05d\tpeer 10.%d.%d.%d\tto",
			h, u, m>>16&255, m>>8&255, m&255, 0x5eed0000+h, u, h>>8&255, h&255, 1+h%250)
		for _, pc := range pcs {
			fmt.Fprintf(&buf, " pc%05d.corp.acme-corp.net", pc)
		}
		buf.WriteString("\r\n")
	}
	return buf.Bytes()
}

// collidingHosts returns n pairs of host names whose pseudonyms of r's
// key collide.
func collidingHosts(r *Redactor, n int) [][2]string {
	seen := map[[3]byte]string{}
	var pairs [][2]string
	for i := 0; len(pairs) < n; i++ {
		name := fmt.Sprintf("lab%07d", i)
		sum := r.sum(KindHost, name, 0)
		c := [3]byte(sum[:3])
		if first, ok := seen[c]; ok {
			pairs = append(pairs, [2]string{first, name})
			delete(seen, c)
			continue
		}
		seen[c] = name
	}
	return pairs
}

// The windows of a file redacted on two goroutines, speculatively, give
// the bytes and the map of one Redact of the whole text, whatever the
// scheduling: the secret met first in the text keeps the first pseudonym
// when two collide.
func TestBundleWindowsSpeculative(t *testing.T) {
	want, err := New(&Options{Key: bundleKey})
	if err != nil {
		t.Fatal(err)
	}
	want.frozen.Add(1)
	pairs := collidingHosts(want, 16)
	data := collidingText(pairs)
	wantOut := want.Redact(nil, data, "a.log")
	wantMap := want.Map()

	// The order matters: the second host name of a pair has not the
	// pseudonym of its first candidate.
	collided := 0
	for canon, e := range want.names[KindHost] {
		sum := want.sum(KindHost, canon, 0)
		if e.pseudonym != namePrefix[KindHost]+hex.EncodeToString(sum[:3]) {
			collided++
		}
	}
	if collided < len(pairs) {
		t.Fatalf("%d colliding host names, want at least %d", collided, len(pairs))
	}

	reps := 10
	if testing.Short() {
		reps = 2
	}
	var spec, redone int64
	for _, procs := range []int{2, 4} {
		for rep := range reps {
			// Whether a window is redacted speculatively depends on the
			// scheduling (a slow machine may redact each in its turn):
			// in half the runs every window is, so that both paths are
			// taken whatever it is (the windows of addresses alone go
			// through, those with new names give up).
			speculateAlways = rep%2 == 1
			spec0, redone0 := windowCounts.spec.Load(), windowCounts.redone.Load()
			out, _, m := redactFile(t, data, procs)
			speculateAlways = false
			if rep%2 == 1 {
				spec += windowCounts.spec.Load() - spec0
				redone += windowCounts.redone.Load() - redone0
			}
			if !bytes.Equal(out, wantOut) {
				i := firstDiff(out, wantOut)
				t.Fatalf("GOMAXPROCS %d, run %d: output differs at %d: %q, want %q", procs, rep, i, out[i:min(i+60, len(out))], wantOut[i:min(i+60, len(wantOut))])
			}
			if !reflect.DeepEqual(m, wantMap) {
				t.Fatalf("GOMAXPROCS %d, run %d: maps differ: %d entries, want %d", procs, rep, len(m.Entries), len(wantMap.Entries))
			}
		}
	}
	if spec == 0 || redone == 0 {
		t.Errorf("%d windows redacted speculatively, %d redone: both paths must be taken", spec, redone)
	}
	t.Logf("%d collisions; %d windows speculative, %d redone", collided, spec, redone)
}

// BenchmarkWindows redacts the largest file of the big bundle through the
// pipeline of windows, on one processor and on two: with a new Redactor,
// whose speculative windows give up at every new address, and with one
// that redacted the file before, whose windows find every secret.
func BenchmarkWindows(b *testing.B) {
	path := filepath.Join("..", "testdata", "big", "DARTBundle_big.zip")
	zr, err := zip.OpenReader(path)
	if err != nil {
		b.Skipf("no big bundle: make one with go run ./bench/cmd/genbig (%v)", err)
	}
	defer zr.Close()
	var f *zip.File
	for _, zf := range zr.File {
		if f == nil || zf.UncompressedSize64 > f.UncompressedSize64 {
			f = zf
		}
	}
	redactOnce := func(b *testing.B, r *Redactor) {
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		defer rc.Close()
		r.frozen.Add(1) // as Bundle does while it writes
		defer r.frozen.Add(-1)
		bu := &bundler{ctx: context.Background(), r: r, lim: limits()}
		if _, err := bu.file(bu.limit(rc, f.Name, 1<<40, "MaxFileSize"), f.Name, 0, func() (io.Writer, error) { return io.Discard, nil }); err != nil {
			b.Fatal(err)
		}
	}
	for _, warm := range []bool{false, true} {
		for _, procs := range []int{1, 2} {
			b.Run(fmt.Sprintf("warm=%v/procs=%d", warm, procs), func(b *testing.B) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				r, _ := New(&Options{Key: bundleKey})
				if warm {
					redactOnce(b, r)
				}
				spec, redone := windowCounts.spec.Load(), windowCounts.redone.Load()
				b.SetBytes(int64(f.UncompressedSize64))
				for b.Loop() {
					if !warm {
						r, _ = New(&Options{Key: bundleKey})
					}
					redactOnce(b, r)
				}
				b.ReportMetric(float64(windowCounts.spec.Load()-spec)/float64(b.N), "spec-windows/op")
				b.ReportMetric(float64(windowCounts.redone.Load()-redone)/float64(b.N), "redone-windows/op")
			})
		}
	}
}

// A speculative redaction of a frozen Redactor (as Bundle's) gives up at
// a secret the table has no entry for, making none, and redacts as Redact
// does once the table has them; what is kept whatever the table holds,
// and addresses, whose pseudonyms no other window changes, it decides at
// once. A value whose being kept may depend on the pseudonyms given so
// far makes it give up always.
func TestRedactWindowSpeculative(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		kept       bool // nothing in it to replace, decided at once
		always     bool // given up at, even when the table has its entry
		pure       bool // replaced at once: addresses only
	}{
		{"dns name", "resolved vpn.acme-corp.net\n", false, false, false},
		{"e-mail", "from <jdoe@acme-corp.net>\n", false, false, false},
		{"mac", "mac 00:1a:2b:3c:4d:5e\n", false, false, false},
		{"cisco mac", "mac 001a.2b3c.4d5e\n", false, false, false},
		{"serial", "\tSerial: 0a1b2c3d\n", false, false, false},
		{"host key", "\tComputer: WS123\n", false, false, false},
		{"host key, a name", "\tHost Name: ws1.acme-corp.net\n", false, true, false},
		{"host key, an address", "\tComputer: 10.1.2.4\n", false, false, true},
		{"user path", `C:\Users\jdoe\AppData` + "\n", false, false, false},
		{"ipv4", "peer 10.1.2.3:443\n", false, false, true},
		{"ipv6", "peer 2001:470::1\n", false, false, true},
		{"pattern", "opened TICKET-4711\n", false, true, false},
		{"loopback", "peer 127.0.0.1 and ::1\n", true, false, false},
		{"kept address", "dns 8.8.8.8, 192.0.2.7\n", true, false, false},
		{"group mac", "mac ff:ff:ff:ff:ff:ff\n", true, false, false},
		{"kept name", "update from www.cisco.com\n", true, false, false},
		{"nothing", "12:00:01 connected\n", true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := New(&Options{Key: bundleKey, Patterns: []Pattern{{Kind: KindOther, Regexp: regexp.MustCompile(`TICKET-\d+`)}}})
			if err != nil {
				t.Fatal(err)
			}
			r.frozen.Add(1)
			src := []byte(tc.text)
			out, ok := r.redactWindow(nil, src, "a.log", true)
			if ok != (tc.kept || tc.pure) {
				t.Fatalf("speculative redaction of a new table: ok %v, want %v", ok, tc.kept || tc.pure)
			}
			if r.nEntries != 0 {
				t.Fatalf("speculative redaction made %d entries", r.nEntries)
			}
			if n := len(r.Map().Entries); n != 0 && !tc.pure {
				t.Fatalf("speculative redaction counted %d secrets", n)
			}
			if ok && !tc.pure && string(out) != tc.text {
				t.Fatalf("kept text redacted: %q", out)
			}
			if tc.pure {
				if want := r.Redact(nil, src, "a.log"); !bytes.Equal(out, want) {
					t.Fatalf("speculative redaction %q, Redact %q", out, want)
				}
				// Not frozen, whether an address is a pseudonym given
				// depends on what other windows met: it gives up.
				live, _ := New(&Options{Key: bundleKey})
				if out, ok := live.redactWindow(nil, src, "a.log", true); ok {
					t.Fatalf("speculative redaction of a Redactor not frozen went through: %q", out)
				}
				return
			}
			want := r.Redact(nil, src, "a.log")
			if tc.kept != bytes.Equal(want, src) {
				t.Fatalf("Redact: %q", want)
			}
			out, ok = r.redactWindow(nil, src, "a.log", true)
			if tc.always {
				if ok {
					t.Fatalf("speculative redaction went through: %q", out)
				}
				return
			}
			if !ok || !bytes.Equal(out, want) {
				t.Fatalf("speculative redaction once the table has the entries: %q, %v; want %q", out, ok, want)
			}
			if m := r.Map(); !tc.kept && m.Entries[0].Count != 2 {
				t.Errorf("count %d after two redactions, want 2", m.Entries[0].Count)
			}
		})
	}
}

// A domain glued after an e-mail address the table has is a secret of
// its own: a speculative redaction gives up at it rather than make its
// entry.
func TestRedactWindowSpeculativeGluedDomain(t *testing.T) {
	r, err := New(&Options{Key: bundleKey})
	if err != nil {
		t.Fatal(err)
	}
	r.frozen.Add(1)
	r.Redact(nil, []byte("from jdoe@acme-corp.net\n"), "a.log")
	n := r.nEntries
	src := []byte("to jdoe@acme-corp.net@vpn2.acme-corp.net\n")
	if out, ok := r.redactWindow(nil, src, "a.log", true); ok {
		t.Fatalf("speculative redaction went through a new domain: %q", out)
	}
	if r.nEntries != n {
		t.Fatalf("speculative redaction made %d entries", r.nEntries-n)
	}
	want := r.Redact(nil, src, "a.log")
	if out, ok := r.redactWindow(nil, src, "a.log", true); !ok || !bytes.Equal(out, want) {
		t.Fatalf("speculative redaction once the table has the domain: %q, %v; want %q", out, ok, want)
	}
}
