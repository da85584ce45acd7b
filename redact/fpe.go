package redact

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"math/bits"
	"net/netip"
	"sync"
	"sync/atomic"
)

// permLabel derives the key of the address permutation from the
// Redactor's key, apart from the HMACs of names.
const permLabel = "dartkit address permutation v1"

// feistelRounds is the number of rounds of the Feistel network: more
// than enough for a pseudorandom permutation of a small domain.
const feistelRounds = 8

// A perm4 maps an IPv4 address to its pseudonym: a keyed permutation of
// the address's domain, its class block with each octet kept in its
// width, that leaves no address where it was.
type perm4 struct {
	block cipher.Block
	// rounds holds, by domain, the round function of a domain met
	// often: a bundle's addresses are mostly in a few domains, which a
	// table of their rounds serves without AES.
	rounds *roundTables
}

// roundTables are the tables of a perm4's rounds, by domain: its lo and
// hi octets.
type roundTables struct {
	mu sync.RWMutex
	m  map[[8]byte]*roundTable
}

// A roundTable is the round function of one domain, once its domain was
// met enough to pay for it.
type roundTable struct {
	uses atomic.Int32
	tab  atomic.Pointer[[]uint16] // by round<<half | half value
}

// maxTableHalf bounds the domains given a table: 2^12 values of each
// round, 64 KiB. The domains of private blocks all fit.
const maxTableHalf = 12

func newPerm4(key []byte) perm4 {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(permLabel))
	b, err := aes.NewCipher(m.Sum(nil)[:16])
	if err != nil {
		panic(err) // a 16-byte key is always valid
	}
	return perm4{block: b, rounds: &roundTables{m: map[[8]byte]*roundTable{}}}
}

// table returns the table of d's rounds, or nil while d was not met
// often enough that making it costs less than the AES it saves.
func (p *perm4) table(d *domain4) []uint16 {
	if d.half > maxTableHalf {
		return nil
	}
	var k [8]byte
	copy(k[:4], d.lo[:])
	copy(k[4:], d.hi[:])
	p.rounds.mu.RLock()
	rt := p.rounds.m[k]
	p.rounds.mu.RUnlock()
	if rt == nil {
		p.rounds.mu.Lock()
		if rt = p.rounds.m[k]; rt == nil {
			rt = new(roundTable)
			p.rounds.m[k] = rt
		}
		p.rounds.mu.Unlock()
	}
	if t := rt.tab.Load(); t != nil {
		return *t
	}
	// A use costs some twenty rounds of AES; the table, one per value of
	// a half and round: it is made once it would have cost a few times
	// the AES the domain's uses cost so far.
	if rt.uses.Add(1) != max(int32(1)<<d.half>>4, 1) {
		return nil
	}
	t := make([]uint16, feistelRounds<<d.half)
	for i := range feistelRounds {
		for v := range uint32(1) << d.half {
			t[i<<d.half|int(v)] = uint16(p.aesRound(d, i, v))
		}
	}
	rt.tab.Store(&t)
	return t
}

// A domain4 is the set of addresses an IPv4 address's pseudonym is drawn
// from: every octet between lo and hi (a fixed octet has lo == hi). It is
// numbered in mixed radix, the last octet the least significant.
type domain4 struct {
	lo, hi [4]byte
	public bool   // the public class: every address that is not public is excluded
	n      uint32 // the number of addresses
	half   uint   // bits in each half of the Feistel network
	buf    *permBuf
	tab    []uint16 // the table of the rounds, or nil
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

// domainOf returns the domain of the IPv4 address o: its class block,
// its free octets in their widths, so that the text keeps its length. A
// last octet of 0 or 255 is fixed, so that a network or broadcast address
// stays one.
func domainOf(o [4]byte) domain4 {
	var d domain4
	d.lo, d.hi = o, o
	mid := func(i, lo, hi int) { d.lo[i], d.hi[i] = widthOf(o[i], lo, hi) }
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
	b := uint(bits.Len32(d.n - 1))
	d.half = (b + 1) / 2
	if d.half == 0 {
		d.half = 1
	}
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
func (p *perm4) round(d *domain4, i int, v uint32) uint32 {
	if d.tab != nil {
		return uint32(d.tab[i<<d.half|int(v)])
	}
	return p.aesRound(d, i, v)
}

// aesRound returns the round function of round i on the half v: AES of
// the domain, the round and v.
func (p *perm4) aesRound(d *domain4, i int, v uint32) uint32 {
	b := d.buf
	b.in[8] = byte(i)
	binary.BigEndian.PutUint32(b.in[10:14], v)
	p.block.Encrypt(b.out[:], b.in[:])
	return binary.BigEndian.Uint32(b.out[:4]) & (1<<d.half - 1)
}

// feistel permutes [0, 2^(2*half)) one way or back.
func (p *perm4) feistel(d *domain4, x uint32, back bool) uint32 {
	mask := uint32(1)<<d.half - 1
	l, r := x>>d.half, x&mask
	if !back {
		for i := range feistelRounds {
			l, r = r, l^p.round(d, i, r)
		}
	} else {
		for i := feistelRounds - 1; i >= 0; i-- {
			l, r = r^p.round(d, i, l), l
		}
	}
	return l<<d.half | r
}

// sigma is the keyed permutation of [0, d.n), or its inverse: the
// Feistel network, walked again while it leaves the range.
func (p *perm4) sigma(d *domain4, x uint32, back bool) uint32 {
	for {
		x = p.feistel(d, x, back)
		if x < d.n {
			return x
		}
	}
}

// step returns the address after x on the one cycle through d, or
// before it when back is set: sigma's successor, brought back.
func (p *perm4) step(d *domain4, x uint32, back bool) uint32 {
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
// but o itself. buf is the caller's, or nil.
func (p *perm4) walk(d *domain4, o [4]byte, back bool, buf *permBuf) ([4]byte, bool) {
	if buf == nil {
		buf = new(permBuf)
	}
	d.buf = buf
	copy(d.buf.in[0:4], d.lo[:])
	copy(d.buf.in[4:8], d.hi[:])
	d.buf.in[9] = byte(d.half)
	d.tab = p.table(d)
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
	d := domainOf(o)
	return p.walk(&d, o, false, buf)
}

// original returns the address whose pseudonym is o, or false when o is
// the pseudonym of no address.
func (p *perm4) original(o [4]byte, buf *permBuf) ([4]byte, bool) {
	if keptClass(netip.AddrFrom4(o)) {
		return o, false
	}
	d := domainOf(o)
	if d.excluded(o) {
		return o, false
	}
	return p.walk(&d, o, true, buf)
}
