package redact

import (
	"net/netip"
	"slices"
	"sync/atomic"
)

// An addrRec is what the table counts of one address. The pseudonym is a
// function of the address, kept only so that the map and the note list
// the addresses in their pseudonyms' order without deriving them again.
type addrRec struct {
	a, p  uint32 // IPv4: the address and its pseudonym; IPv6: their index in addrTable.six, and six6
	count uint32
	// The replacements in the first file met; those in other files are
	// in addrTable.more: most addresses are in one file.
	file  int32
	fileN uint32
}

// six6 marks the record of an IPv6 address: 255.255.255.255, a netmask,
// is the pseudonym of no IPv4 address.
const six6 = ^uint32(0)

// An addr6 is an IPv6 address of the table and its pseudonym.
type addr6 struct {
	a, p netip.Addr
}

// addrBlock is the number of records in a block of addrTable.recs: the
// table grows by blocks, never copying what it holds.
const addrBlock = 4096

// An addrTable counts the addresses replaced, under Redactor.mu. A bundle
// may hold an address per line: a record is a few words, not an entry.
type addrTable struct {
	v4  map[uint32]int32   // an IPv4 address's record
	v6  map[[16]byte]int32 // an IPv6 address's record, 4-in-6 ones included
	six []addr6            // the IPv6 addresses, by addrRec.a
	// given6 are the pseudonyms of six: an IPv6 pseudonym is a hash,
	// not a permutation that can be undone.
	given6 map[[16]byte]bool
	recs   [][]addrRec           // the records, in blocks
	n      int                   // records
	more   map[int32][]fileCount // replacements of a record in its other files
}

func newAddrTable() addrTable {
	return addrTable{v4: map[uint32]int32{}, v6: map[[16]byte]int32{}, given6: map[[16]byte]bool{}, more: map[int32][]fileCount{}}
}

// rec returns the record numbered i.
func (t *addrTable) rec(i int32) *addrRec { return &t.recs[i/addrBlock][i%addrBlock] }

// newRec adds a record of no replacement.
func (t *addrTable) newRec(a, p uint32) int32 {
	if t.n%addrBlock == 0 {
		t.recs = append(t.recs, make([]addrRec, 0, addrBlock))
	}
	b := &t.recs[len(t.recs)-1]
	*b = append(*b, addrRec{a: a, p: p, file: -1})
	t.n++
	return int32(t.n - 1)
}

// lookup returns the record of a, or -1.
func (t *addrTable) lookup(a netip.Addr) int32 {
	if a.Is4() {
		if i, ok := t.v4[u32(a)]; ok {
			return i
		}
		return -1
	}
	if i, ok := t.v6[a.As16()]; ok {
		return i
	}
	return -1
}

// add counts n replacements of a by p in the file numbered file.
func (t *addrTable) add(a, p netip.Addr, file int32, n uint32) {
	i := t.lookup(a)
	if i < 0 {
		if a.Is4() {
			i = t.newRec(u32(a), u32(p))
			t.v4[u32(a)] = i
		} else {
			i = t.newRec(uint32(len(t.six)), six6)
			t.six = append(t.six, addr6{a, p})
			t.given6[p.As16()] = true
			t.v6[a.As16()] = i
		}
	}
	t.count(i, file, n)
}

// count counts n replacements of the record i in the file numbered file.
func (t *addrTable) count(i, file int32, n uint32) {
	r := t.rec(i)
	r.count += n
	if r.fileN == 0 || r.file == file {
		r.file = file
		r.fileN += n
		return
	}
	more := t.more[i]
	for j := len(more) - 1; j >= 0; j-- {
		if more[j].file == file {
			more[j].n += int(n)
			return
		}
	}
	t.more[i] = append(more, fileCount{file, int(n)})
}

// files calls yield with the counts of the record i per file.
func (t *addrTable) files(i int32, yield func(fileCount) bool) {
	r := t.rec(i)
	if r.fileN == 0 || !yield(fileCount{r.file, int(r.fileN)}) {
		return
	}
	for _, fc := range t.more[i] {
		if !yield(fc) {
			return
		}
	}
}

// addrs returns the original and the pseudonym of the record i.
func (t *addrTable) addrs(i int32) (a, p netip.Addr) {
	r := t.rec(i)
	if r.p == six6 {
		return t.six[r.a].a, t.six[r.a].p
	}
	return addrFrom32(r.a), addrFrom32(r.p)
}

// sorted returns the records in the order of their pseudonyms: the
// IPv4 addresses', in numeric order, each its pseudonym<<32 | its
// record's number; then the numbers of the IPv6 addresses' records.
func (t *addrTable) sorted() (four []uint64, six []int32) {
	four = make([]uint64, 0, len(t.v4))
	six = make([]int32, 0, len(t.v6))
	for bi, b := range t.recs {
		for j := range b {
			i := int32(bi*addrBlock + j)
			if b[j].p != six6 {
				four = append(four, uint64(b[j].p)<<32|uint64(i))
			} else {
				six = append(six, i)
			}
		}
	}
	slices.Sort(four)
	slices.SortFunc(six, func(x, y int32) int {
		return t.six[t.rec(x).a].p.Compare(t.six[t.rec(y).a].p)
	})
	return four, six
}

// each calls yield with the number of every record, in the order of
// their pseudonyms, and the pseudonym.
func (t *addrTable) each(yield func(i int32, p netip.Addr) bool) {
	four, six := t.sorted()
	for _, k := range four {
		if !yield(int32(uint32(k)), addrFrom32(uint32(k>>32))) {
			return
		}
	}
	for _, i := range six {
		if !yield(i, t.six[t.rec(i).a].p) {
			return
		}
	}
}

// u32 returns the IPv4 address a as a number.
func u32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// addrFrom32 returns the IPv4 address numbered v.
func addrFrom32(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// An addrHit is an address a scan replaced, and its pseudonym.
type addrHit struct {
	a, p netip.Addr
}

// An addrCache holds the pseudonyms of the IPv4 addresses a scanner met
// last, while its Redactor is frozen: a log names the same addresses
// line after line, and a pseudonym is a function of the address then.
type addrCache struct {
	gen   uint64 // the Redactor's addrGen when the slots were filled
	slots [1024]addrSlot
	buf   permBuf
}

type addrSlot struct {
	a, p uint32
	ok   bool // a is replaced
	set  bool
}

// addrGens numbers the states of every Redactor's kept addresses: a
// cache filled under one is of no use under another.
var addrGens atomic.Uint64

// pseudonym returns the pseudonym of a, an address without a zone, or
// false when it is kept.
func (s *scanner) pseudonym(a netip.Addr) (netip.Addr, bool) {
	r := s.r
	c := s.addrCache
	if c == nil {
		c = new(addrCache)
		s.addrCache = c
	}
	if !a.Is4() || r.frozen.Load() == 0 {
		return r.addrPseudonym(a, &c.buf)
	}
	if gen := r.addrGen.Load(); c.gen != gen {
		clear(c.slots[:])
		c.gen = gen
	}
	v := u32(a)
	slot := &c.slots[(v*2654435761)>>22]
	if slot.set && slot.a == v {
		return addrFrom32(slot.p), slot.ok
	}
	p, ok := r.addrPseudonym(a, &c.buf)
	*slot = addrSlot{a: v, p: u32(p), ok: ok, set: true}
	return p, ok
}
