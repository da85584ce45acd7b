package redact

import (
	"fmt"
	"net/netip"
	"testing"
	"time"
)

func testPerm() perm4 { return newPerm4([]byte("0123456789abcdef0123456789abcdef")) }

// permOver checks that the pseudonyms of every address of each domain
// listed are a bijection of the domain's addresses that are not excluded,
// with no fixed point, of the same class and widths, undone by original.
func permOver(t *testing.T, p *perm4, addrs [][4]byte) {
	t.Helper()
	seen := map[[4]byte][4]byte{}
	for _, o := range addrs {
		a := netip.AddrFrom4(o)
		if keptClass(a) {
			continue
		}
		q, ok := p.pseudonym(o, nil)
		if !ok {
			t.Fatalf("%v: no pseudonym", a)
		}
		pa := netip.AddrFrom4(q)
		if q == o {
			t.Fatalf("%v: fixed point", a)
		}
		if keptClass(pa) || class4(q) != class4(o) || class4(o) == classPublic && !pa.IsGlobalUnicast() {
			t.Fatalf("%v -> %v: out of its class or excluded", a, pa)
		}
		if len(pa.String()) != len(a.String()) || domainOf(q).lo != domainOf(o).lo || domainOf(q).hi != domainOf(o).hi {
			t.Fatalf("%v -> %v: widths not kept", a, pa)
		}
		if prev, dup := seen[q]; dup {
			t.Fatalf("%v and %v both -> %v", netip.AddrFrom4(prev), a, pa)
		}
		seen[q] = o
		back, ok := p.original(q, nil)
		if !ok || back != o {
			t.Fatalf("original(%v) = %v, %v; want %v", pa, netip.AddrFrom4(back), ok, a)
		}
	}
	for q := range seen {
		found := false
		for _, o := range addrs {
			if o == q {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("%v is a pseudonym outside the domain", netip.AddrFrom4(q))
		}
	}
}

func TestPermWholeDomains(t *testing.T) {
	p := testPerm()
	// 192.168.0-9.x: the domains of one-digit third octets, whole,
	// with their fixed network and broadcast addresses.
	var all [][4]byte
	for c := 0; c <= 9; c++ {
		for d := 0; d <= 255; d++ {
			all = append(all, [4]byte{192, 168, byte(c), byte(d)})
		}
	}
	permOver(t, &p, all)
	// 172.16-31.0-9.10-99: one whole domain.
	var d172 [][4]byte
	for b := 16; b <= 31; b++ {
		for c := 0; c <= 9; c++ {
			for d := 10; d <= 99; d++ {
				d172 = append(d172, [4]byte{172, byte(b), byte(c), byte(d)})
			}
		}
	}
	permOver(t, &p, d172)
}

func TestPermClasses(t *testing.T) {
	p := testPerm()
	for _, s := range []string{
		"10.1.2.3", "10.200.30.4", "10.71.222.0", "10.71.222.255", "172.20.1.1",
		"192.168.1.254", "100.64.5.6", "100.100.100.100", "100.127.255.254",
		"8.8.4.5", "1.1.1.2", "93.184.216.34", "203.0.114.9", "223.255.255.254",
		"11.0.0.1", "126.255.255.254", "169.253.1.1", "198.20.0.1",
	} {
		a := netip.MustParseAddr(s)
		q, ok := p.pseudonym(a.As4(), nil)
		if !ok {
			t.Fatalf("%s: no pseudonym", s)
		}
		pa := netip.AddrFrom4(q)
		switch {
		case pa == a, keptClass(pa), class4(q) != class4(a.As4()), len(pa.String()) != len(s):
			t.Errorf("%s -> %s", s, pa)
		case class4(q) == classPublic && (pa.IsPrivate() || !pa.IsGlobalUnicast() || shared4.Contains(pa)):
			t.Errorf("%s -> %s: not public", s, pa)
		case s[len(s)-2:] == ".0" && q[3] != 0, s[len(s)-4:] == ".255" && q[3] != 255:
			t.Errorf("%s -> %s: network or broadcast address moved", s, pa)
		}
		if back, ok := p.original(q, nil); !ok || back != a.As4() {
			t.Errorf("original(%s) = %v, want %s", pa, netip.AddrFrom4(back), s)
		}
	}
	// An excluded address is the pseudonym of none.
	for _, s := range []string{"10.0.0.0", "192.168.0.0", "8.8.8.8", "127.0.0.1", "255.255.255.0"} {
		if _, ok := p.original(netip.MustParseAddr(s).As4(), nil); ok {
			t.Errorf("original(%s) found", s)
		}
	}
}

// TestPermTable checks that the table of F, made once a size of halves
// is met often, is F and gives the pseudonyms AES gave before it.
func TestPermTable(t *testing.T) {
	p := testPerm()
	first := map[[4]byte][4]byte{}
	for i := range 3 {
		o := [4]byte{10, 200, 100 + byte(i), 123}
		first[o], _ = p.pseudonym(o, nil)
	}
	d := domainOf([4]byte{10, 200, 100, 123})
	half := d.in[1]
	if d.in[0] != half {
		t.Fatalf("halves of %d and %d bits", d.in[0], half)
	}
	if p.halves[half].tab.Load() != nil {
		t.Fatal("a table made at the first uses")
	}
	// Domains of the same size of halves share the table.
	for i := 0; i < 1<<half; i++ {
		p.pseudonym([4]byte{10, 20 + byte(i%80), 100 + byte(i%150), 100 + byte(i%150)}, nil)
	}
	tab := p.halves[half].tab.Load()
	if tab == nil {
		t.Fatal("no table made for a size of halves met often")
	}
	w := permWalk{domain4: &d, buf: new(permBuf)}
	for u := range uint32(1) << half {
		if got, want := uint32((*tab)[u]), p.aesF(&w, half, u); got != want {
			t.Fatalf("table at %d = %d, F = %d", u, got, want)
		}
	}
	for o, want := range first {
		if got, _ := p.pseudonym(o, nil); got != want {
			t.Errorf("%v: %v with the table, %v before", o, got, want)
		}
		if back, _ := p.original(want, nil); back != o {
			t.Errorf("original(%v) = %v with the table, want %v", want, back, o)
		}
	}
}

// TestPermDomainsDiffer checks that two domains of one size of halves,
// which share F, are permuted apart.
func TestPermDomainsDiffer(t *testing.T) {
	p := testPerm()
	d1, d2 := domainOf([4]byte{10, 200, 100, 123}), domainOf([4]byte{10, 200, 10, 123})
	if d1.in != d2.in || d1.slot == d2.slot {
		t.Fatalf("domains of halves %v and %v, slots %d and %d", d1.in, d2.in, d1.slot, d2.slot)
	}
	w1, w2 := permWalk{domain4: &d1, buf: new(permBuf)}, permWalk{domain4: &d2, buf: new(permBuf)}
	for _, w := range []*permWalk{&w1, &w2} {
		w.shifts = p.shiftsOf(w)
	}
	same := 0
	for x := range uint32(1000) {
		if p.feistel(&w1, x, false) == p.feistel(&w2, x, false) {
			same++
		}
	}
	if same > 5 {
		t.Errorf("%d of 1000 images the same in two domains", same)
	}
}

// TestPermDomainSlots checks that the domains kept by slot are those of
// the addresses met: that a slot holds one domain.
func TestPermDomainSlots(t *testing.T) {
	p := testPerm()
	for v := uint64(0); v < 1<<32; v += 20011 {
		o := [4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
		for _, last := range []byte{o[3], 0, 255} {
			o[3] = last
			got, want := p.walker(o, nil), domainOf(o)
			if got.lo != want.lo || got.hi != want.hi || got.n != want.n || got.in != want.in || got.public != want.public {
				t.Fatalf("%v: domain %v-%v, want %v-%v", netip.AddrFrom4(o), got.lo, got.hi, want.lo, want.hi)
			}
		}
	}
}

func TestPermKeyed(t *testing.T) {
	p, q := testPerm(), newPerm4([]byte("another key, another permutation"))
	same := 0
	for i := range 100 {
		o := [4]byte{10, byte(i), 20, 30}
		a, _ := p.pseudonym(o, nil)
		b, _ := q.pseudonym(o, nil)
		if a == b {
			same++
		}
	}
	if same > 5 {
		t.Errorf("%d of 100 pseudonyms the same under two keys", same)
	}
}

func BenchmarkPerm(b *testing.B) {
	p := testPerm()
	buf := new(permBuf)
	for i := 0; b.Loop(); i++ {
		o := [4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}
		if o[3] == 0 {
			o[3] = 1
		}
		if _, ok := p.pseudonym(o, buf); !ok {
			b.Fatal(fmt.Sprint(o))
		}
	}
}

// evictBuf is the working set BenchmarkPermEvicted touches between
// addresses: a bundle's inflater and deflater run beside the scan, and
// what the permutation keeps in the caches does not stay there.
var evictBuf = make([]byte, 2<<20)

// evict touches the next n cache lines of evictBuf from line i on.
func evict(i, n int) int {
	for range n {
		evictBuf[i*64%len(evictBuf)]++
		i++
	}
	return i
}

// BenchmarkPermEvicted measures an address met for the first time, its
// original (is it a pseudonym given?) and its pseudonym, among random
// addresses of 10/8 while a competing working set evicts the caches; the
// time spent evicting is measured apart and not counted in ns/addr.
func BenchmarkPermEvicted(b *testing.B) {
	const lines = 64 // 4 KiB between addresses
	p := testPerm()
	buf := new(permBuf)
	x := uint32(2463534242)
	next := func() [4]byte {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		o := [4]byte{10, byte(x >> 16), byte(x >> 8), byte(x)}
		if o[3] == 0 || o[3] == 255 {
			o[3] = 1
		}
		return o
	}
	// Warm up: the tables a Redactor makes for the domains it meets.
	for range 1 << 20 {
		p.pseudonym(next(), buf)
	}
	line := 0
	const calib = 1 << 16
	start := time.Now()
	for range calib {
		line = evict(line, lines)
	}
	evictNs := float64(time.Since(start).Nanoseconds()) / calib
	n := 0
	for b.Loop() {
		line = evict(line, lines)
		o := next()
		p.original(o, buf)
		if _, ok := p.pseudonym(o, buf); !ok {
			b.Fatal(fmt.Sprint(o))
		}
		n++
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n)-evictNs, "ns/addr")
	b.ReportMetric(evictNs, "evict-ns/op")
}
