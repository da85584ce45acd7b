package redact

import (
	"net"
	"net/netip"
	"slices"
	"strings"
	"unsafe"
)

// parseIPv4 parses a dotted quad of decimal octets without leading
// zeros, as netip.ParseAddr does, without making a string.
func parseIPv4(b []byte) (netip.Addr, bool) {
	var out [4]byte
	part, digits := 0, 0
	v := 0
	for i := 0; i <= len(b); i++ {
		if i == len(b) || b[i] == '.' {
			if digits == 0 || part > 3 {
				return netip.Addr{}, false
			}
			out[part] = byte(v)
			part++
			v, digits = 0, 0
			continue
		}
		c := b[i]
		if c < '0' || c > '9' || digits > 0 && v == 0 {
			return netip.Addr{}, false
		}
		v = v*10 + int(c-'0')
		digits++
		if v > 255 {
			return netip.Addr{}, false
		}
	}
	if part != 4 {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4(out), true
}

// parseAddrBytes parses an IPv4 or IPv6 address without a zone.
func parseAddrBytes(b []byte) (netip.Addr, bool) {
	if len(b) == 0 {
		return netip.Addr{}, false
	}
	if a, ok := parseIPv4(b); ok {
		return a, true
	}
	if len(b) > 45 || !maybeIPv6(b) {
		return netip.Addr{}, false
	}
	// ParseAddr keeps no reference to a zoneless argument: the string
	// only lives for the call, and the line is not copied.
	a, err := netip.ParseAddr(unsafe.String(&b[0], len(b)))
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return a, true
}

// maybeIPv6 reports whether b has the colons of an IPv6 address: a "::",
// or seven colons, or six before an IPv4 address. ParseAddr makes an
// error value for every failure, which a scan of log times cannot
// afford.
func maybeIPv6(b []byte) bool {
	colons, dots := 0, 0
	for i, c := range b {
		switch c {
		case ':':
			if i > 0 && b[i-1] == ':' {
				return true
			}
			colons++
		case '.':
			dots++
		}
	}
	return colons == 7 || colons == 6 && dots == 3
}

// parseAddrZone parses an address with an optional %zone, returning the
// address without its zone and the zone as written.
func parseAddrZone(s string) (netip.Addr, string, bool) {
	zone := ""
	if i := strings.IndexByte(s, '%'); i >= 0 {
		s, zone = s[:i], s[i:]
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, "", false
	}
	return a, zone, true
}

// special4 are IPv4 ranges kept as they are, since they name nobody, and
// never given as pseudonyms of public addresses.
var special4 = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("192.0.2.0/24"),
	netip.MustParsePrefix("192.88.99.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("198.51.100.0/24"),
	netip.MustParsePrefix("203.0.113.0/24"),
	netip.MustParsePrefix("240.0.0.0/4"),
}

var (
	shared4  = netip.MustParsePrefix("100.64.0.0/10")
	doc6     = netip.MustParsePrefix("2001:db8::/32")
	ula6     = netip.MustParsePrefix("fc00::/7")
	keepAddr = map[netip.Addr]bool{}
	// The IPv4 ranges kept, as numbers: the permutation asks of every
	// address it walks past whether it is kept.
	special4n []prefix4
	keep4     = map[uint32]bool{}
)

// A prefix4 is an IPv4 prefix as numbers.
type prefix4 struct{ base, mask uint32 }

func init() {
	for _, s := range keptResolvers {
		a := netip.MustParseAddr(s)
		keepAddr[a] = true
		if a.Is4() {
			keep4[u32(a)] = true
		}
	}
	for _, p := range special4 {
		special4n = append(special4n, prefix4{u32(p.Addr()), ^uint32(0) << (32 - p.Bits())})
	}
}

// isNetmask4 reports whether the IPv4 address numbered v is a mask of
// contiguous ones.
func isNetmask4(v uint32) bool {
	v = ^v
	return v&(v+1) == 0
}

// keptClass reports whether a is kept for its class alone: loopback,
// link-local, unspecified, multicast, broadcast and netmasks, special
// ranges, the private blocks' bases, the documentation prefix of IPv6.
func keptClass(a netip.Addr) bool {
	if a.Is4() {
		return keptClass4(u32(a))
	}
	if a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsUnspecified() || a.IsMulticast() || a.IsInterfaceLocalMulticast() {
		return true
	}
	if keepAddr[a] {
		return true
	}
	if a.Is4In6() {
		return keptClass(a.Unmap())
	}
	return doc6.Contains(a)
}

// keptClass4 is keptClass of the IPv4 address numbered v.
func keptClass4(v uint32) bool {
	switch {
	case v>>24 == 127, v>>16 == 0xa9fe, v>>28 == 0xe, isNetmask4(v): // loopback, link-local, multicast
		return true
	}
	switch v {
	case 0x0a000000, 0xac100000, 0xc0a80000, 0x64400000: // the private blocks' bases
		return true
	}
	for _, p := range special4n {
		if v&p.mask == p.base {
			return true
		}
	}
	return keep4[v]
}

// keptAddr reports whether a, an address without a zone, is left as it
// is: kept for its class or by Options.Keep, a pseudonym of a former
// redaction (AddPseudonyms), or, unless r is frozen, a pseudonym r has
// given already, so that redacting a redacted text changes nothing.
func (r *Redactor) keptAddr(a netip.Addr) bool { return r.keptAddrBuf(a, nil) }

// keptAddrBuf is keptAddr with the caller's permBuf, or nil.
func (r *Redactor) keptAddrBuf(a netip.Addr, buf *permBuf) bool {
	if r.keptStatic(a) || a.Is4In6() && r.keptAddrBuf(a.Unmap(), buf) {
		return true
	}
	if r.hasFormer.Load() && r.isFormer(a) {
		return true
	}
	return r.frozen.Load() == 0 && r.given(a, buf)
}

// keptStatic reports whether the address a is kept for its class or by
// Options.Keep: what no redaction changes.
func (r *Redactor) keptStatic(a netip.Addr) bool {
	return keptClass(a) || slices.ContainsFunc(r.keepPrefixes, func(p netip.Prefix) bool { return p.Contains(a) })
}

// isFormer reports whether a is a pseudonym of a former redaction.
func (r *Redactor) isFormer(a netip.Addr) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if a.Is4() {
		return r.former4[u32(a)]
	}
	return r.former6[a.As16()]
}

// given reports whether a is the pseudonym of an address r has met: for
// IPv4, whether the address the permutation maps to a was counted; for
// IPv6 (4-in-6 too), whether the table holds it as a pseudonym.
func (r *Redactor) given(a netip.Addr, buf *permBuf) bool {
	if a.Is4() {
		o, ok := r.perm.original(a.As4(), buf)
		if !ok {
			return false
		}
		r.mu.RLock()
		_, met := r.addrs.v4[u32(netip.AddrFrom4(o))]
		r.mu.RUnlock()
		return met
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.addrs.given6[a.As16()]
}

// addrPseudonym returns the pseudonym of a, an address without a zone,
// or false when a is kept. buf is the caller's, or nil.
func (r *Redactor) addrPseudonym(a netip.Addr, buf *permBuf) (netip.Addr, bool) {
	if r.keptAddrBuf(a, buf) {
		return a, false
	}
	return r.pseudonymOf(a, buf)
}

// pseudonymOf returns the pseudonym of a, which is not kept, or false
// when it has none: a function of a and the key alone, of the same
// class. An IPv4 address is mapped by a keyed permutation of its domain
// (see domainOf) that leaves no address where it was; a 4-in-6 address
// through its IPv4 address; a unique local IPv6 address into fd00::/8,
// any other into 2001:db8::/32, from the address's HMAC.
func (r *Redactor) pseudonymOf(a netip.Addr, buf *permBuf) (netip.Addr, bool) {
	switch {
	case a.Is4():
		q, ok := r.perm.pseudonym(a.As4(), buf)
		return netip.AddrFrom4(q), ok
	case a.Is4In6():
		q, ok := r.pseudonymOf(a.Unmap(), buf)
		return netip.AddrFrom16(q.As16()), ok
	}
	canon := a.String()
	for attempt := 0; attempt <= maxAttempts; attempt++ {
		sum := r.sum(KindAddress, canon, attempt)
		var b [16]byte
		copy(b[:], sum[:])
		if ula6.Contains(a) {
			b[0] = 0xfd
		} else {
			b[0], b[1], b[2], b[3] = 0x20, 0x01, 0x0d, 0xb8
		}
		if p := netip.AddrFrom16(b); p != a {
			return p, true
		}
	}
	return a, false
}

// addrEntry returns an entry of a and its pseudonym, or nil when a is
// kept: what the paths that handle secrets of any kind (learnt values,
// values of keys, reverse names) take. The entry is not in the table,
// but the address is, replaced or not yet: its pseudonym is given.
func (r *Redactor) addrEntry(a netip.Addr) *entry {
	a = a.WithZone("")
	p, ok := r.addrPseudonym(a, nil)
	if !ok {
		return nil
	}
	r.mu.Lock()
	r.countAddr(a, p, r.fileID(""), 0)
	r.mu.Unlock()
	return &entry{kind: KindAddress, original: a.String(), pseudonym: p.String()}
}

// countAddr counts n replacements of a by p in the file numbered file,
// under r.mu.
func (r *Redactor) countAddr(a, p netip.Addr, file int32, n uint32) {
	r.addrs.add(a, p, file, n)
}

// parseMAC parses 6 bytes written 00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E
// or 001a.2b3c.4d5e.
func parseMAC(b []byte) ([6]byte, bool) {
	var hw [6]byte
	switch len(b) {
	case 17:
		sep := b[2]
		if sep != ':' && sep != '-' {
			return hw, false
		}
		for i := 0; i < 6; i++ {
			if i > 0 && b[3*i-1] != sep {
				return hw, false
			}
			h, ok := hexByte(b[3*i], b[3*i+1])
			if !ok {
				return hw, false
			}
			hw[i] = h
		}
		return hw, true
	case 14:
		if b[4] != '.' || b[9] != '.' {
			return hw, false
		}
		for i := 0; i < 6; i++ {
			j := 2*i + i/2
			h, ok := hexByte(b[j], b[j+1])
			if !ok {
				return hw, false
			}
			hw[i] = h
		}
		return hw, true
	}
	return hw, false
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func hexByte(a, b byte) (byte, bool) {
	x, ok1 := unhex(a)
	y, ok2 := unhex(b)
	return x<<4 | y, ok1 && ok2
}

// keptMAC reports whether hw names no device: all zeros, broadcast, or
// a group address.
func keptMAC(hw [6]byte) bool {
	return hw == [6]byte{} || hw[0]&1 == 1
}

// macEntry returns the entry of hw, or nil when it is kept: the
// vendor's prefix (its first three bytes) kept, or only the first byte of
// a locally administered address, the rest from the HMAC.
func (r *Redactor) macEntry(hw [6]byte) *entry {
	if keptMAC(hw) {
		return nil
	}
	r.mu.RLock()
	e, taken := r.macs[hw], r.takenMAC[hw]
	r.mu.RUnlock()
	if e != nil {
		return e
	}
	if taken {
		return nil
	}
	canon := net.HardwareAddr(hw[:]).String()
	for attempt := 0; ; attempt++ {
		sum := r.sum(KindMAC, canon, attempt)
		p := hw
		keep := 3
		if hw[0]&2 != 0 {
			keep = 1
		}
		copy(p[keep:], sum[:6-keep])
		r.mu.Lock()
		if e := r.macs[hw]; e != nil {
			r.mu.Unlock()
			return e
		}
		if p != hw && !r.takenMAC[p] && r.macs[p] == nil || attempt > maxAttempts {
			e := r.add(entry{kind: KindMAC, original: canon, pseudonym: net.HardwareAddr(p[:]).String(), sum: sum, mac: p})
			r.macs[hw] = e
			r.takenMAC[p] = true
			r.mu.Unlock()
			return e
		}
		r.mu.Unlock()
	}
}

// appendMAC appends hw written in the form of orig: its separators, its
// grouping and its letters' case.
func appendMAC(dst []byte, hw [6]byte, orig []byte) []byte {
	const lower, upper = "0123456789abcdef", "0123456789ABCDEF"
	digits := lower
	if upperHex(orig) {
		digits = upper
	}
	n := 0
	for _, c := range orig {
		if _, ok := unhex(c); !ok {
			dst = append(dst, c)
			continue
		}
		b := hw[n/2]
		if n%2 == 0 {
			b >>= 4
		}
		dst = append(dst, digits[b&15])
		n++
	}
	return dst
}

// upperHex reports whether the hex letters of b are mostly upper case.
func upperHex(b []byte) bool {
	up, low := 0, 0
	for _, c := range b {
		switch {
		case 'A' <= c && c <= 'F':
			up++
		case 'a' <= c && c <= 'f':
			low++
		}
	}
	return up > low
}
