package redact

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"math/bits"
	"net/netip"
	"sync/atomic"
)

// permLabel derives the key of the address permutation from the
// Redactor's key, apart from the HMACs of names.
const permLabel = "dartkit address permutation v2"

// feistelRounds is the number of rounds of the Feistel network: more
// than enough for a pseudorandom permutation of a small domain.
const feistelRounds = 8

// A perm4 maps an IPv4 address to its pseudonym: a keyed permutation of
// the address's domain, its class block with each octet kept in its
// width, that leaves no address where it was.
//
// The permutation is a Feistel network on the fewest bits that number
// the domain, its halves a bit apart when those are odd, walked again
// while it leaves the domain, which it does at most half the time:
// balanced halves of an odd number of bits would leave it up to three
// times in four.
//
// The round function of round i in a domain d, from a half of s bits, is
// f(v) = F(s, v^a) ^ b, cut to the other half: F is AES of s and its
// argument, a and b are AES of d's bounds and i. The round functions are
// secret, each of their bits from AES under the key, and a Feistel
// network of secret round functions is what makes the permutation
// pseudorandom. F is shared by the rounds and by every domain of halves
// of that size, so that one table of it serves them all: the domains of
// the private blocks are of 2^24 addresses or fewer, their tables of F a
// few KiB, and those a bundle's addresses use stay in the caches beside
// the inflater's and deflater's tables, where a table per domain and
// round did not. The secret shifts a and b
// make the rounds and the domains differ; what sharing F gives up is
// their independence: one who learned F would know every permutation of
// its size up to the shifts, but F is learnt only from far more pairs of
// an address and its pseudonym than a bundle shows.
type perm4 struct {
	block cipher.Block
	// halves holds F of each size of halves, once met often enough to
	// pay for its table.
	halves *[maxTableHalf + 1]halfTable
	// domains holds the domains met, with their shifts, by slot: a
	// bundle's addresses are in a few domains, each made once.
	domains *[domainSlots]atomic.Pointer[domain4]
}

// A halfTable is F of one size of halves, by argument.
type halfTable struct {
	uses atomic.Int32
	tab  atomic.Pointer[[]uint16]
}

// domainShifts are a domain's a and b of each round, a masked to the
// round's half in and b to its half out.
type domainShifts struct {
	a, b [feistelRounds]uint32
}

// maxTableHalf bounds the sizes of halves given a table: 2^12 values,
// 8 KiB. The domains of private blocks all fit.
const maxTableHalf = 12

// Tags of the blocks AES encrypts, so that those of F and those of the
// shifts differ.
const (
	tagRound = iota
	tagShift
)

func newPerm4(key []byte) perm4 {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(permLabel))
	b, err := aes.NewCipher(m.Sum(nil)[:16])
	if err != nil {
		panic(err) // a 16-byte key is always valid
	}
	return perm4{block: b, halves: new([maxTableHalf + 1]halfTable), domains: new([domainSlots]atomic.Pointer[domain4])}
}

// table returns the table of F for halves of s bits, or nil while that
// size was not met often enough that making it costs less than the AES
// it saves.
func (p *perm4) table(d *permWalk, s uint) []uint16 {
	if s > maxTableHalf {
		return nil
	}
	ht := &p.halves[s]
	if t := ht.tab.Load(); t != nil {
		return *t
	}
	// A use costs some twenty rounds of AES; the table, one per value of
	// a half: it is made once the uses so far cost about as much.
	if ht.uses.Add(1) != max(int32(1)<<s>>4, 1) {
		return nil
	}
	t := make([]uint16, 1<<s)
	for v := range uint32(1) << s {
		t[v] = uint16(p.aesF(d, s, v))
	}
	ht.tab.Store(&t)
	return t
}

// shiftsOf returns the shifts of d's rounds.
func (p *perm4) shiftsOf(d *permWalk) *domainShifts {
	var s domainShifts
	b := d.buf
	clear(b.in[:])
	b.in[0] = tagShift
	copy(b.in[1:5], d.lo[:])
	copy(b.in[5:9], d.hi[:])
	for j, dst := range []*[feistelRounds]uint32{&s.a, &s.b} {
		b.in[9] = byte(j)
		p.block.Encrypt(b.out[:], b.in[:])
		for i := range feistelRounds {
			// Round i maps a half of d.in[i%2] bits to one of d.in[(i+1)%2].
			mask := uint32(1)<<d.in[(i+j)%2] - 1
			dst[i] = uint32(binary.BigEndian.Uint16(b.out[2*i:])) & mask
		}
	}
	return &s
}

// walker returns the walk through the domain of o, with buf, the
// caller's or nil. The domains met are kept, with their shifts.
func (p *perm4) walker(o [4]byte, buf *permBuf) permWalk {
	if buf == nil {
		buf = new(permBuf)
	}
	slot := &p.domains[domainSlot(o)]
	if d := slot.Load(); d != nil {
		return permWalk{domain4: d, buf: buf}
	}
	d := domainOf(o)
	w := permWalk{domain4: &d, buf: buf}
	d.shifts = p.shiftsOf(&w)
	slot.Store(&d)
	return w
}

// A domain4 is the set of addresses an IPv4 address's pseudonym is drawn
// from: every octet between lo and hi (a fixed octet has lo == hi). It is
// numbered in mixed radix, the last octet the least significant.
type domain4 struct {
	lo, hi [4]byte
	public bool    // the public class: every address that is not public is excluded
	n      uint32  // the number of addresses
	in     [2]uint // bits of the half the even rounds, and the odd ones, take
	slot   int     // the domain's slot in perm4.domains
	shifts *domainShifts
}

// A permWalk is a domain walked through: the domain, a caller's buffer,
// and the tables of F of its halves, or nil.
type permWalk struct {
	*domain4
	buf  *permBuf
	tabs [2][]uint16
}

// domainSlots is the number of domains: one per class, number of digits
// of each of the first three octets, and last octet (0, 255 or its
// number of digits), which are what domainOf makes a domain of.
const domainSlots = 5 * 3 * 3 * 3 * 5

// digits returns the number of decimal digits of v, less one.
func digits(v byte) int {
	switch {
	case v >= 100:
		return 2
	case v >= 10:
		return 1
	}
	return 0
}

// Classes of IPv4 addresses, by the block their pseudonyms stay in.
const (
	class10 = iota
	class172
	class192
	classShared
	classPublic
)

// class4 returns the class of the IPv4 address o.
func class4(o [4]byte) int {
	switch {
	case o[0] == 10:
		return class10
	case o[0] == 172 && o[1]&0xf0 == 16:
		return class172
	case o[0] == 192 && o[1] == 168:
		return class192
	case o[0] == 100 && o[1]&0xc0 == 64:
		return classShared
	}
	return classPublic
}

// widthOf returns the range of the values of v's number of decimal
// digits within [lo, hi].
func widthOf(v byte, lo, hi int) (byte, byte) {
	wlo, whi := 0, 9
	switch {
	case v >= 100:
		wlo, whi = 100, 255
	case v >= 10:
		wlo, whi = 10, 99
	}
	return byte(max(wlo, lo)), byte(min(whi, hi))
}

// domainSlot returns the slot of o's domain: its class, its first
// octets' numbers of digits, and its last octet's, or whether that is 0
// or 255, which are what domainOf makes the domain of.
func domainSlot(o [4]byte) int {
	last := 2 + digits(o[3])
	switch o[3] {
	case 0:
		last = 0
	case 255:
		last = 1
	}
	return (((class4(o)*3+digits(o[0]))*3+digits(o[1]))*3+digits(o[2]))*5 + last
}

// domainOf returns the domain of the IPv4 address o: its class block,
// its free octets in their widths, so that the text keeps its length. A
// last octet of 0 or 255 is fixed, so that a network or broadcast address
// stays one.
func domainOf(o [4]byte) domain4 {
	var d domain4
	d.lo, d.hi = o, o
	mid := func(i, lo, hi int) { d.lo[i], d.hi[i] = widthOf(o[i], lo, hi) }
	d.slot = domainSlot(o)
	switch class4(o) {
	case class10:
		mid(1, 0, 255)
		mid(2, 0, 255)
	case class172:
		d.lo[1], d.hi[1] = 16, 31
		mid(2, 0, 255)
	case class192:
		mid(2, 0, 255)
	case classShared:
		mid(1, 64, 127)
		mid(2, 0, 255)
	default:
		d.public = true
		mid(0, 1, 223)
		mid(1, 0, 255)
		mid(2, 0, 255)
	}
	if o[3] != 0 && o[3] != 255 {
		mid(3, 1, 254)
	}
	d.n = 1
	for i := range 4 {
		d.n *= uint32(d.hi[i]-d.lo[i]) + 1
	}
	b := max(uint(bits.Len32(d.n-1)), 2)
	d.in = [2]uint{b / 2, (b + 1) / 2}
	return d
}

// index returns the number of o in d.
func (d *domain4) index(o [4]byte) uint32 {
	var x uint32
	for i := range 4 {
		x = x*(uint32(d.hi[i]-d.lo[i])+1) + uint32(o[i]-d.lo[i])
	}
	return x
}

// addr returns the address numbered x in d.
func (d *domain4) addr(x uint32) [4]byte {
	var o [4]byte
	for i := 3; i >= 0; i-- {
		r := uint32(d.hi[i]-d.lo[i]) + 1
		o[i] = d.lo[i] + byte(x%r)
		x /= r
	}
	return o
}

// excluded reports whether o may not be a pseudonym: an address kept for
// its class, or, in the public class, one that is not public.
func (d *domain4) excluded(o [4]byte) bool {
	// keptClass excludes what is not global unicast.
	return keptClass4(binary.BigEndian.Uint32(o[:])) || d.public && class4(o) != classPublic
}

// A permBuf holds the blocks the round function encrypts: the cipher
// is an interface, which its arguments escape through, and a buffer
// reused (a scanner keeps one) costs no allocation per address.
type permBuf struct {
	in, out [aes.BlockSize]byte
}

// round returns the round function of round i on the half v.
func (p *perm4) round(d *permWalk, i int, v uint32) uint32 {
	u := v ^ d.shifts.a[i]
	out := uint32(1)<<d.in[(i+1)&1] - 1
	if t := d.tabs[i&1]; t != nil {
		return uint32(t[u])&out ^ d.shifts.b[i]
	}
	return p.aesF(d, d.in[i&1], u)&out ^ d.shifts.b[i]
}

// aesF returns F of halves of s bits on u.
func (p *perm4) aesF(d *permWalk, s uint, u uint32) uint32 {
	b := d.buf
	clear(b.in[:])
	b.in[0] = tagRound
	b.in[1] = byte(s)
	binary.BigEndian.PutUint32(b.in[4:8], u)
	p.block.Encrypt(b.out[:], b.in[:])
	return uint32(binary.BigEndian.Uint16(b.out[:2]))
}

// feistel permutes [0, 2^(d.in[0]+d.in[1])) one way or back.
func (p *perm4) feistel(d *permWalk, x uint32, back bool) uint32 {
	// The left half is of d.in[1] bits, the right of d.in[0]: each round
	// takes the right, and swaps their sizes.
	l, r := x>>d.in[0], x&(1<<d.in[0]-1)
	if !back {
		for i := range feistelRounds {
			l, r = r, l^p.round(d, i, r)
		}
	} else {
		for i := feistelRounds - 1; i >= 0; i-- {
			l, r = r^p.round(d, i, l), l
		}
	}
	return l<<d.in[0] | r
}

// sigma is the keyed permutation of [0, d.n), or its inverse: the
// Feistel network, walked again while it leaves the range.
func (p *perm4) sigma(d *permWalk, x uint32, back bool) uint32 {
	for {
		x = p.feistel(d, x, back)
		if x < d.n {
			return x
		}
	}
}

// step returns the address after x on the one cycle through d, or
// before it when back is set: sigma's successor, brought back.
func (p *perm4) step(d *permWalk, x uint32, back bool) uint32 {
	y := p.sigma(d, x, false)
	if back {
		y = (y + d.n - 1) % d.n
	} else {
		y = (y + 1) % d.n
	}
	return p.sigma(d, y, true)
}

// walk returns the first address after o (before o when back is set) on
// the cycle through d that is not excluded, and false when there is none
// but o itself.
func (p *perm4) walk(d *permWalk, o [4]byte, back bool) ([4]byte, bool) {
	d.tabs = [2][]uint16{p.table(d, d.in[0]), p.table(d, d.in[1])}
	x0 := d.index(o)
	x := x0
	for range d.n {
		x = p.step(d, x, back)
		if x == x0 {
			return o, false
		}
		if q := d.addr(x); !d.excluded(q) {
			return q, true
		}
	}
	return o, false
}

// pseudonym returns the pseudonym of the IPv4 address o, which is not
// kept for its class, or false when its domain has no other address it
// may take: then o is kept. (Each domain has nine addresses or more, of
// which only a few may be excluded: it does not happen.)
func (p *perm4) pseudonym(o [4]byte, buf *permBuf) ([4]byte, bool) {
	w := p.walker(o, buf)
	return p.walk(&w, o, false)
}

// original returns the address whose pseudonym is o, or false when o is
// the pseudonym of no address.
func (p *perm4) original(o [4]byte, buf *permBuf) ([4]byte, bool) {
	if keptClass(netip.AddrFrom4(o)) {
		return o, false
	}
	w := p.walker(o, buf)
	if w.excluded(o) {
		return o, false
	}
	return p.walk(&w, o, true)
}
