package redact

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
)

// addrText is a log of addresses, some met more than once, some the
// pseudonym of another.
func addrText(t *testing.T) []string {
	t.Helper()
	r := newTest(t, nil)
	var addrs, ps []string
	for i := range 200 {
		a := fmt.Sprintf("10.%d.%d.%d", 100+i%50, i%7*30, 1+i%200)
		addrs = append(addrs, a)
		ps = append(ps, r.Addr(netip.MustParseAddr(a)).String())
	}
	// Each line names an address and the pseudonym of the next line's.
	var lines []string
	for i, a := range addrs {
		lines = append(lines, fmt.Sprintf("route %s via %s and %s, back to 10.0.0.0 mask 255.0.0.0\n", a, ps[(i+1)%len(ps)], "fd12:3456::"+fmt.Sprint(i%9+1)))
	}
	return lines
}

// TestFrozenWindows checks that a frozen Redactor gives each part of a
// text the same bytes whatever it met before, so that the windows of a
// file may be redacted in any order.
func TestFrozenWindows(t *testing.T) {
	lines := addrText(t)
	redactAll := func(order []int) [][]byte {
		r := newTest(t, nil)
		r.frozen.Add(1)
		out := make([][]byte, len(lines))
		for _, i := range order {
			out[i] = r.Redact(nil, []byte(lines[i]), "log.txt")
		}
		return out
	}
	n := len(lines)
	forward, backward, shuffled := make([]int, n), make([]int, n), make([]int, n)
	for i := range n {
		forward[i], backward[i], shuffled[i] = i, n-1-i, i*37%n
	}
	want := redactAll(forward)
	for _, order := range [][]int{backward, shuffled} {
		got := redactAll(order)
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("line %d: %q in one order, %q in another", i, got[i], want[i])
			}
		}
	}
	// Frozen, an address that is the pseudonym of one met before is
	// replaced all the same.
	for i, l := range lines {
		f := strings.Fields(l)
		if g := strings.Fields(string(want[i])); g[3] == f[3] {
			t.Fatalf("frozen: the pseudonym %s of another address left as it is", f[3])
		}
	}
}

// TestLiveRule checks that, not frozen, an address r gave as a pseudonym
// is kept, so that redacting a redacted text changes nothing, and that
// a former redaction's pseudonyms are kept even frozen.
func TestLiveRule(t *testing.T) {
	r := newTest(t, nil)
	text := strings.Join(addrText(t), "")
	once := r.String(text)
	if once == text {
		t.Fatal("nothing replaced")
	}
	if twice := r.String(once); twice != once {
		t.Errorf("a second redaction changed the text:\n%s\nto\n%s", once, twice)
	}
	a := netip.MustParseAddr("192.168.44.55")
	p := r.Addr(a)
	if !r.Kept(p.String()) || r.Addr(p) != p {
		t.Errorf("the pseudonym %s of %s is not kept", p, a)
	}
	for _, s := range []string{"::ffff:10.9.8.7", "2a00:1450::5", "fd00:1::2"} {
		a := netip.MustParseAddr(s)
		if p := r.Addr(a); p == a || r.Addr(p) != p {
			t.Errorf("%s -> %s, kept as %s", a, p, r.Addr(p))
		}
	}
	r.frozen.Add(1)
	if r.Addr(p) == p {
		t.Errorf("frozen, the pseudonym %s is kept", p)
	}
	r.frozen.Add(-1)

	fresh := newTest(t, nil)
	fresh.AddPseudonyms(r.Pseudonyms()...)
	fresh.frozen.Add(1)
	if again := fresh.String(once); again != once {
		t.Errorf("frozen with the former pseudonyms, the text changed:\n%s\nto\n%s", once, again)
	}
}

// TestWriteMap checks that WriteMap writes what Map's WriteJSON writes.
func TestWriteMap(t *testing.T) {
	r := newTest(t, nil)
	for i, c := range goldenCases {
		name := fmt.Sprintf("dir/<%s> & \u00e9t\u00e9 %d.txt", c.name, i)
		r.Redact(nil, readCase(t, c.name), name)
		r.Redact(nil, readCase(t, "address"), name)
	}
	r.Addr(netip.MustParseAddr("fe80::1%eth0"))
	r.Addr(netip.MustParseAddr("2a00:1450::5"))
	r.Addr(netip.MustParseAddr("::ffff:10.9.8.7"))
	r.Pseudonym(KindHost, "printer-7")
	var want, got bytes.Buffer
	m := r.Map()
	if err := m.WriteJSON(&want); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteMap(&got); err != nil {
		t.Fatal(err)
	}
	if got.String() != want.String() {
		t.Errorf("WriteMap differs from Map().WriteJSON:\n%s\nwant\n%s", got.String(), want.String())
	}
	// The addresses come first, IPv4 before IPv6, in numeric order.
	var addrs []netip.Addr
	for _, e := range m.Entries {
		if a, err := netip.ParseAddr(e.Pseudonym); err == nil {
			if len(addrs) < len(m.Entries) && e.Kind != "address" {
				t.Fatalf("%s: an address of kind %s", e.Pseudonym, e.Kind)
			}
			addrs = append(addrs, a)
		}
	}
	if len(addrs) < 10 || !slices.IsSortedFunc(addrs, netip.Addr.Compare) || !addrs[0].Is4() || !addrs[len(addrs)-1].Is6() {
		t.Errorf("addresses not in numeric order, IPv4 first: %v", addrs)
	}
	totals := r.Totals()
	if !slices.Equal(totals, m.Totals) {
		t.Errorf("Totals %v, the map's %v", totals, m.Totals)
	}

	var empty bytes.Buffer
	e := newTest(t, nil)
	want.Reset()
	e.Map().WriteJSON(&want)
	e.WriteMap(&empty)
	if empty.String() != want.String() {
		t.Errorf("empty map:\n%s\nwant\n%s", empty.String(), want.String())
	}
}

// TestNoteRoundTrip checks that the note lists every pseudonym given
// and those of the former note, once each, and reads back as written.
func TestNoteRoundTrip(t *testing.T) {
	r := newTest(t, nil)
	for _, c := range goldenCases {
		r.Redact(nil, readCase(t, c.name), c.name)
	}
	b := &bundler{r: r, note: note{kinds: []string{"ssid"}, pseudonyms: []string{"10.200.1.1", "host-000001", r.Pseudonyms()[0]}}}
	text := b.noteText()
	n := parseNote(text)
	want := append(r.Pseudonyms(), "10.200.1.1", "host-000001")
	slices.Sort(want)
	want = slices.Compact(want)
	got := slices.Clone(n.pseudonyms)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("note lists %d pseudonyms, want %d:\n%s", len(got), len(want), text)
	}
	if len(slices.Compact(got)) != len(n.pseudonyms) {
		t.Errorf("note lists a pseudonym twice:\n%s", text)
	}
	if !slices.Contains(n.kinds, "ssid") || !slices.Contains(n.kinds, "address") {
		t.Errorf("note kinds %v", n.kinds)
	}
	if again := b.noteText(); !bytes.Equal(again, text) {
		t.Errorf("the note changed when written again")
	}
}

// TestAddrTableFiles checks the counts per file of an address met in
// several files.
func TestAddrTableFiles(t *testing.T) {
	tb := newAddrTable()
	a, p := netip.MustParseAddr("10.1.2.3"), netip.MustParseAddr("10.4.5.6")
	tb.add(a, p, 0, 0)
	tb.add(a, p, 3, 2)
	tb.add(a, p, 1, 1)
	tb.add(a, p, 3, 1)
	var got []fileCount
	for fc := range func(yield func(fileCount) bool) { tb.files(tb.lookup(a), yield) } {
		got = append(got, fc)
	}
	if want := []fileCount{{3, 3}, {1, 1}}; !slices.Equal(got, want) {
		t.Errorf("files %v, want %v", got, want)
	}
	if r := tb.rec(tb.lookup(a)); r.count != 4 {
		t.Errorf("count %d, want 4", r.count)
	}
}
