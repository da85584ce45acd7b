package dnscapture_test

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/dartkit/dartkit/dnscapture"
)

func readCapture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(capturesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readAll(t *testing.T, data []byte, opts *dnscapture.Options) ([]dnscapture.Transaction, *dnscapture.Reader, error) {
	t.Helper()
	r, err := dnscapture.NewReader(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	var txs []dnscapture.Transaction
	for tx, err := range r.All() {
		if err != nil {
			return txs, r, err
		}
		txs = append(txs, tx)
	}
	return txs, r, nil
}

// TestChunking checks that the way the input is cut into reads changes
// nothing.
func TestChunking(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(capturesDir, "*.pcap*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := render(data, nil)
		for name, r := range map[string]io.Reader{
			"OneByte": iotest.OneByteReader(bytes.NewReader(data)),
			"Half":    iotest.HalfReader(bytes.NewReader(data)),
			"DataErr": iotest.DataErrReader(bytes.NewReader(data)),
		} {
			if got := renderFrom(r, nil); !bytes.Equal(got, want) {
				t.Errorf("%s with %s reader:\n%s\nwant:\n%s", filepath.Base(f), name, got, want)
			}
		}
	}
}

func TestGzip(t *testing.T) {
	data := readCapture(t, "technote.pcapng")
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(data)
	zw.Close()
	if got, want := render(z.Bytes(), nil), render(data, nil); !bytes.Equal(got, want) {
		t.Errorf("gzip-compressed capture reads differently:\n%s", got)
	}
}

func TestNotCapture(t *testing.T) {
	for _, in := range []string{"", "\xd4\xc3", "hello world", "PK\x03\x04 not a capture", "\x1f\x8b garbage"} {
		_, err := dnscapture.NewReader(strings.NewReader(in), nil)
		if !errors.Is(err, dnscapture.ErrNotCapture) {
			t.Errorf("NewReader(%q) error = %v, want ErrNotCapture", in, err)
		}
	}
}

func TestBadRecords(t *testing.T) {
	technote := readCapture(t, "technote.pcapng")
	// The section header and interface blocks of technote.pcapng.
	le := binary.LittleEndian
	shb := int(le.Uint32(technote[4:]))
	idb := int(le.Uint32(technote[shb+4:]))
	head := technote[:shb+idb]
	epb := func(blockLen, caplen uint32) []byte {
		b := append([]byte{}, head...)
		b = le.AppendUint32(b, 6)
		b = le.AppendUint32(b, blockLen)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, 0)
		b = le.AppendUint32(b, caplen)
		b = le.AppendUint32(b, caplen)
		return append(b, make([]byte, 64)...)
	}
	pcap := readCapture(t, "absurd-snaplen.pcap")
	for _, c := range []struct {
		name  string
		data  []byte
		want  error
		frame int
	}{
		{"pcapng 2 GiB packet", epb(0x80000020, 0x80000000), dnscapture.ErrTooLarge, 1},
		{"pcapng 2 GiB packet in a small block", epb(96, 0x80000000), dnscapture.ErrTooLarge, 1},
		{"pcapng packet longer than its block", epb(96, 1000), dnscapture.ErrMalformed, 1},
		{"pcapng odd block length", epb(97, 10), dnscapture.ErrMalformed, 1},
		{"pcapng cut in a block header", technote[:shb+idb+5], dnscapture.ErrTruncated, 1},
		{"pcap cut in the file header", pcap[:10], dnscapture.ErrTruncated, 0},
		{"pcap cut in a record header", pcap[:24+8], dnscapture.ErrTruncated, 1},
		{"pcap cut in a record", pcap[:len(pcap)-3], dnscapture.ErrTruncated, 2},
		{"huge-length.pcap", readCapture(t, "huge-length.pcap"), dnscapture.ErrTooLarge, 2},
		{"truncated.pcapng", readCapture(t, "truncated.pcapng"), dnscapture.ErrTruncated, 150},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			r, err := dnscapture.NewReader(bytes.NewReader(c.data), nil)
			if err == nil {
				for _, err = range r.All() {
					if err != nil {
						break
					}
				}
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("error = %v, want %v", err, c.want)
			}
			var e *dnscapture.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T is not an *Error", err)
			}
			if e.Frame != c.frame {
				t.Errorf("error frame = %d, want %d (%v)", e.Frame, c.frame, err)
			}
		})
	}
}

// TestHugeLengthAllocates checks that a record claiming 2 GiB is refused
// before anything of that size is allocated.
func TestHugeLengthAllocates(t *testing.T) {
	data := readCapture(t, "huge-length.pcap")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, _, err := readAll(t, data, nil)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, dnscapture.ErrTooLarge) {
		t.Fatalf("error = %v, want ErrTooLarge", err)
	}
	if d := after.TotalAlloc - before.TotalAlloc; d > 8<<20 {
		t.Errorf("reading huge-length.pcap allocated %d bytes", d)
	}
}

func TestErrorString(t *testing.T) {
	e := &dnscapture.Error{Frame: 150, Offset: 21296, Err: dnscapture.ErrTruncated}
	if got, want := e.Error(), "frame 150 (offset 21296): dnscapture: capture truncated"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(e, dnscapture.ErrTruncated) {
		t.Error("errors.Is(e, ErrTruncated) = false")
	}
}

func TestErrorIsSticky(t *testing.T) {
	r, err := dnscapture.NewReader(bytes.NewReader(readCapture(t, "truncated.pcapng")), nil)
	if err != nil {
		t.Fatal(err)
	}
	var first error
	for first == nil {
		_, first = r.Next()
	}
	if _, err := r.Next(); err != first {
		t.Errorf("Next after error = %v, want %v", err, first)
	}
}

func TestTimeout(t *testing.T) {
	sll := readCapture(t, "sll.pcap")
	txs, r, err := readAll(t, sll, &dnscapture.Options{Timeout: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	for _, tx := range txs {
		if !tx.Answered() {
			t.Errorf("with a 1 min timeout, %v is unanswered", tx)
		}
	}
	if n := r.Stats().Unmatched; n != 0 {
		t.Errorf("Unmatched = %d, want 0", n)
	}

	txs, r, err = readAll(t, readCapture(t, "technote.pcapng"), &dnscapture.Options{Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(txs) != 8 {
		t.Fatalf("got %d transactions, want 8", len(txs))
	}
	for _, tx := range txs {
		if tx.Answered() {
			t.Errorf("with a 5 s timeout, %v is answered", tx)
		}
	}
	if n := r.Stats().Unmatched; n != 8 {
		t.Errorf("Unmatched = %d, want 8", n)
	}
}

func TestMaxPending(t *testing.T) {
	txs, r, err := readAll(t, readCapture(t, "after-workaround.pcap"), &dnscapture.Options{MaxPending: 1})
	if err != nil {
		t.Fatal(err)
	}
	// 0xc729 and 0xad6f alternate: each query pushes out the other.
	unanswered := 0
	for _, tx := range txs {
		if !tx.Answered() {
			unanswered++
		}
	}
	if unanswered == 0 {
		t.Errorf("with MaxPending 1: no query was pushed out unanswered")
	}
	if len(txs) <= 3 {
		t.Errorf("with MaxPending 1: %d transactions, want more than the 3 of the default", len(txs))
	}
	_ = r
}

func TestMaxFlows(t *testing.T) {
	want, _, err := readAll(t, readCapture(t, "tcp.pcapng"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := readAll(t, readCapture(t, "tcp.pcapng"), &dnscapture.Options{MaxFlows: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Both directions cannot be followed at once, but each message sits in
	// consecutive segments of its direction, so every transaction is found.
	if len(got) != len(want) {
		t.Errorf("MaxFlows 1: %d transactions, want %d", len(got), len(want))
	}
}

func TestStrings(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{dnscapture.RCodeNoError.String(), "No error"},
		{dnscapture.RCodeNXDomain.String(), "No such name"},
		{dnscapture.RCodeServFail.String(), "Server failure"},
		{dnscapture.RCodeRefused.String(), "Refused"},
		{dnscapture.RCode(12).String(), "Unknown (12)"},
		{dnscapture.RCodeNXDomain.Mnemonic(), "NXDOMAIN"},
		{dnscapture.RCode(4095).Mnemonic(), "RCODE4095"},
		{dnscapture.TypeAAAA.String(), "AAAA"},
		{dnscapture.Type(65280).String(), "TYPE65280"},
		{dnscapture.UDP.String(), "udp"},
		{dnscapture.TCP.String(), "tcp"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestTransactionString(t *testing.T) {
	q := time.Date(2020, 6, 17, 20, 21, 32, 289178000, time.UTC)
	tx := dnscapture.Transaction{
		ID: 0x03a7, Name: "mus.cisco.com", Type: dnscapture.TypeA, Transport: dnscapture.UDP,
		Client:     netip.MustParseAddrPort("10.31.121.202:56000"),
		Server:     netip.MustParseAddrPort("10.88.240.69:53"),
		QueryFrame: 2, QueryTime: q,
		ResponseFrame: 18, ResponseTime: q.Add(11373575 * time.Microsecond), RCode: dnscapture.RCodeServFail,
	}
	if got, want := tx.String(), "frame 2, 20:21:32.289, query 0x03a7 A mus.cisco.com to 10.88.240.69 → frame 18, Server failure after 11.4 s"; got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
	tx.ResponseFrame, tx.ResponseTime = 0, time.Time{}
	tx.Name, tx.Transport, tx.Retransmissions = "", dnscapture.TCP, 2
	tx.Server = netip.MustParseAddrPort("[2001:db8::53]:5353")
	if got, want := tx.String(), "frame 2, 20:21:32.289, query 0x03a7 A <Root> to [2001:db8::53]:5353 over TCP (2 retransmissions) → no response"; got != want {
		t.Errorf("String() =\n%s\nwant\n%s", got, want)
	}
}

func TestSummary(t *testing.T) {
	if got := dnscapture.Summarize(nil, "x").String(); got != "no queries" {
		t.Errorf("empty summary = %q", got)
	}
	txs, _, err := readAll(t, readCapture(t, "technote.pcapng"), nil)
	if err != nil {
		t.Fatal(err)
	}
	s := dnscapture.Summarize(txs, "MUS.cisco.com.")
	if s.Queries != 8 || s.Interval.Round(100*time.Millisecond) != 15*time.Second || s.RCodes[dnscapture.RCodeServFail] != 8 {
		t.Errorf("summary = %+v", s)
	}
	if got := dnscapture.Summarize(txs, "other.example").Queries; got != 0 {
		t.Errorf("other name: %d queries", got)
	}
}
