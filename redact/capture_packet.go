package redact

import (
	"encoding/binary"
	"net"
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// maxRaw bounds the addresses and MACs whose bytes are searched for in
// payloads.
const maxRaw = 1 << 16

// capturer redacts the packets of one capture.
type capturer struct {
	r      *Redactor
	counts CaptureCounts
	raw    map[string]string // bytes of the addresses and MACs replaced, for payloads
	rawLen [17]int           // how many of raw have each length
	tcp    map[tcpKey]*tcpStream
	learnt map[string]bool // names learnt from the capture's DNS
	buf    gopacket.SerializeBuffer
}

// maxLearnt bounds the names one capture teaches its Redactor.
const maxLearnt = 4096

func newCapturer(r *Redactor) *capturer {
	return &capturer{
		r:      r,
		raw:    map[string]string{},
		tcp:    map[tcpKey]*tcpStream{},
		learnt: map[string]bool{},
		buf:    gopacket.NewSerializeBuffer(),
	}
}

var serializeOpts = gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}

// frame returns the redacted form of a packet of link type lt, or false
// when it is dropped.
func (c *capturer) frame(lt layers.LinkType, data []byte) (out []byte, ok bool) {
	c.counts.Packets++
	defer func() {
		if p := recover(); p != nil {
			out, ok = nil, false
		}
		switch {
		case ok:
			c.counts.Written++
		case out == nil:
			c.counts.Undecodable++
		}
	}()
	hdr, first, rest, known := c.link(lt, data)
	if !known {
		c.counts.Unsupported++
		return []byte{}, false
	}
	if first == gopacket.LayerTypeZero {
		return nil, false
	}
	pkt, ok := c.network(first, rest)
	if !ok {
		return nil, false
	}
	return append(hdr, pkt...), true
}

// link returns the redacted link-layer header of data, the type of the
// layer that follows and its bytes. known is false for a link type or a
// protocol Capture does not rewrite; first is zero for a packet too short
// for its link header.
func (c *capturer) link(lt layers.LinkType, data []byte) (hdr []byte, first gopacket.LayerType, rest []byte, known bool) {
	var proto uint16
	off := 0
	switch lt {
	case layers.LinkTypeEthernet:
		if len(data) < 14 {
			return nil, 0, nil, true
		}
		hdr = append([]byte(nil), data[:14]...)
		c.mac(hdr[0:6])
		c.mac(hdr[6:12])
		proto, off = binary.BigEndian.Uint16(data[12:]), 14
		for proto == 0x8100 || proto == 0x88a8 {
			if len(data) < off+4 {
				return nil, 0, nil, true
			}
			proto = binary.BigEndian.Uint16(data[off+2:])
			off += 4
		}
		hdr = append(hdr, data[14:off]...)
	case layers.LinkTypeLinuxSLL:
		if len(data) < 16 {
			return nil, 0, nil, true
		}
		hdr = append([]byte(nil), data[:16]...)
		c.linkAddr(hdr[6:14], int(binary.BigEndian.Uint16(data[4:])))
		proto, off = binary.BigEndian.Uint16(data[14:]), 16
	case layers.LinkTypeLinuxSLL2:
		if len(data) < 20 {
			return nil, 0, nil, true
		}
		hdr = append([]byte(nil), data[:20]...)
		c.linkAddr(hdr[12:20], int(data[11]))
		proto, off = binary.BigEndian.Uint16(data), 20
	case layers.LinkTypeNull, layers.LinkTypeLoop:
		if len(data) < 4 {
			return nil, 0, nil, true
		}
		fam := binary.LittleEndian.Uint32(data)
		if lt == layers.LinkTypeLoop || fam > 0xffff {
			fam = binary.BigEndian.Uint32(data)
		}
		switch fam {
		case 2:
			proto = 0x0800
		case 10, 24, 28, 30:
			proto = 0x86dd
		}
		hdr, off = append([]byte(nil), data[:4]...), 4
	case layers.LinkTypeRaw, 12, 14, layers.LinkTypeIPv4, layers.LinkTypeIPv6:
		if len(data) == 0 {
			return nil, 0, nil, true
		}
		switch data[0] >> 4 {
		case 4:
			proto = 0x0800
		case 6:
			proto = 0x86dd
		}
	default:
		return nil, 0, nil, false
	}
	switch proto {
	case 0x0800:
		first = layers.LayerTypeIPv4
	case 0x86dd:
		first = layers.LayerTypeIPv6
	case 0x0806:
		first = layers.LayerTypeARP
	default:
		// Other protocols (LLDP, CDP, IPX, 802.2) name hosts and
		// ports in ways Capture does not rewrite.
		return nil, 0, nil, false
	}
	return hdr, first, data[off:], true
}

// linkAddr redacts a link-layer address of n bytes in the 8-byte field b:
// a MAC is replaced, anything else zeroed.
func (c *capturer) linkAddr(b []byte, n int) {
	if n == 6 {
		c.mac(b[:6])
		clear(b[6:])
		return
	}
	clear(b)
}

// mac replaces the MAC in b (6 bytes) with its pseudonym. Broadcast,
// multicast and zero MACs are not secrets and are kept.
func (c *capturer) mac(b []byte) {
	hw := net.HardwareAddr(b)
	if b[0]&1 == 1 || [6]byte(b) == [6]byte{} || c.r.Kept(hw.String()) {
		return
	}
	old := string(b)
	copy(b, c.r.MAC(hw))
	c.replaced(old, b)
}

// replaced records that the bytes old became new.
func (c *capturer) replaced(old string, new []byte) {
	if old != string(new) && len(c.raw) < maxRaw {
		if _, ok := c.raw[old]; !ok {
			c.rawLen[len(old)]++
		}
		c.raw[old] = string(new)
	}
}

// addr replaces the address in b (4 or 16 bytes) with its pseudonym.
func (c *capturer) addr(b []byte) {
	a, ok := netip.AddrFromSlice(b)
	if !ok {
		clear(b)
		return
	}
	n := c.r.Addr(a)
	if n == a {
		return
	}
	old := string(b)
	if len(b) == 4 {
		n = n.Unmap()
		if !n.Is4() {
			clear(b)
			return
		}
		copy(b, n.AsSlice())
	} else {
		nb := n.As16()
		copy(b, nb[:])
	}
	c.replaced(old, b)
}

// ip returns a redacted copy of an address field.
func (c *capturer) ip(ip net.IP) net.IP {
	if len(ip) != 4 && len(ip) != 16 {
		return ip
	}
	b := append(net.IP(nil), ip...)
	c.addr(b)
	return b
}

// network returns the redacted form of a packet from its network layer
// on, or false when it is dropped.
func (c *capturer) network(first gopacket.LayerType, data []byte) ([]byte, bool) {
	p := gopacket.NewPacket(data, first, gopacket.DecodeOptions{NoCopy: true})
	if p.ErrorLayer() != nil || p.Metadata().Truncated {
		return nil, false
	}
	var (
		ls    []gopacket.SerializableLayer
		net   gopacket.NetworkLayer
		trail int // bytes after the network packet: Ethernet padding, FCS
	)
loop:
	for _, l := range p.Layers() {
		switch l := l.(type) {
		case *layers.IPv4:
			l.SrcIP, l.DstIP = c.ip(l.SrcIP), c.ip(l.DstIP)
			if !ipv4Options(l) {
				return nil, false
			}
			trail = len(data) - int(l.Length)
			net = l
			ls = append(ls, l)
			continue
		case *layers.IPv6:
			l.SrcIP, l.DstIP = c.ip(l.SrcIP), c.ip(l.DstIP)
			if l.Length != 0 {
				trail = len(data) - 40 - int(l.Length)
			}
			net = l
			ls = append(ls, l)
			continue
		case *layers.IPv6HopByHop, *layers.IPv6Fragment:
			ls = append(ls, l.(gopacket.SerializableLayer))
			continue
		case *layers.IPv6Destination:
			for _, o := range l.Options {
				if o.OptionType == 0xc9 { // home address
					return nil, false
				}
			}
			ls = append(ls, l)
			continue
		case *layers.ARP:
			if l.HwAddressSize == 6 {
				l.SourceHwAddress = c.macCopy(l.SourceHwAddress)
				l.DstHwAddress = c.macCopy(l.DstHwAddress)
			}
			l.SourceProtAddress = c.ip(l.SourceProtAddress)
			l.DstProtAddress = c.ip(l.DstProtAddress)
			trail = len(data) - 8 - 2*int(l.HwAddressSize) - 2*int(l.ProtAddressSize)
			ls = append(ls, l)
		case *layers.UDP:
			if net == nil {
				return nil, false
			}
			l.SetNetworkLayerForChecksum(net)
			payload, ok := c.udp(l)
			if !ok {
				return nil, false
			}
			ls = append(ls, l, gopacket.Payload(payload))
		case *layers.TCP:
			if net == nil {
				return nil, false
			}
			l.SetNetworkLayerForChecksum(net)
			payload := c.tcpSegment(net, l)
			ls = append(ls, l, gopacket.Payload(payload))
		case *layers.ICMPv4:
			ls = append(ls, l, gopacket.Payload(c.icmp4(l)))
		case *layers.ICMPv6:
			if net == nil {
				return nil, false
			}
			l.SetNetworkLayerForChecksum(net)
			ls = append(ls, l, gopacket.Payload(c.icmp6(l)))
		default:
			// Anything else above the network layer (fragments, IGMP,
			// ESP, GRE) is redacted as opaque bytes.
			b := append(append([]byte(nil), l.LayerContents()...), l.LayerPayload()...)
			ls = append(ls, gopacket.Payload(c.payload(b)))
		}
		break loop
	}
	if len(ls) == 0 {
		return nil, false
	}
	if err := gopacket.SerializeLayers(c.buf, serializeOpts, ls...); err != nil {
		return nil, false
	}
	out := append([]byte(nil), c.buf.Bytes()...)
	if trail > 0 && len(out)+trail == len(data) {
		// Padding and frame check sequence, zeroed, so that a packet
		// that kept its length keeps its captured length.
		out = append(out, make([]byte, trail)...)
	}
	return out, true
}

func (c *capturer) macCopy(hw []byte) []byte {
	b := append([]byte(nil), hw...)
	if len(b) == 6 {
		c.mac(b)
	}
	return b
}

// ipv4Options drops the IPv4 options that carry addresses (record route,
// timestamps, source routes) and reports whether the header is sound.
func ipv4Options(ip *layers.IPv4) bool {
	opts := ip.Options[:0]
	for _, o := range ip.Options {
		switch o.OptionType {
		case 0: // end of options
		case 1: // no operation
		case 7, 68, 131, 137: // record route, timestamp, loose and strict source route
			continue
		}
		opts = append(opts, o)
	}
	ip.Options = opts
	ip.Padding = nil
	return true
}

// dnsPort reports whether a UDP or TCP port carries DNS: DNS, mDNS,
// LLMNR.
func dnsPort(p uint16) bool { return p == 53 || p == 5353 || p == 5355 }

func (c *capturer) udp(u *layers.UDP) ([]byte, bool) {
	if dnsPort(uint16(u.SrcPort)) || dnsPort(uint16(u.DstPort)) {
		return c.dns(u.Payload)
	}
	return c.payload(u.Payload), true
}

// icmp4 redacts an ICMPv4 message's body, and the gateway of a redirect.
func (c *capturer) icmp4(m *layers.ICMPv4) []byte {
	body := append([]byte(nil), m.Payload...)
	switch m.TypeCode.Type() {
	case layers.ICMPv4TypeRedirect:
		var gw [4]byte
		binary.BigEndian.PutUint16(gw[:], m.Id)
		binary.BigEndian.PutUint16(gw[2:], m.Seq)
		c.addr(gw[:])
		m.Id, m.Seq = binary.BigEndian.Uint16(gw[:]), binary.BigEndian.Uint16(gw[2:])
		fallthrough
	case layers.ICMPv4TypeDestinationUnreachable, layers.ICMPv4TypeSourceQuench,
		layers.ICMPv4TypeTimeExceeded, layers.ICMPv4TypeParameterProblem:
		return c.quoted(body)
	}
	return c.payload(body)
}

// icmp6 redacts an ICMPv6 message's body (after type, code and checksum).
func (c *capturer) icmp6(m *layers.ICMPv6) []byte {
	body := append([]byte(nil), m.Payload...)
	t := m.TypeCode.Type()
	switch {
	case t < 128 && len(body) >= 4: // errors quote the packet that caused them
		copy(body[4:], c.quoted(body[4:]))
		return body
	case t == layers.ICMPv6TypeNeighborSolicitation || t == layers.ICMPv6TypeNeighborAdvertisement:
		if len(body) >= 20 {
			c.addr(body[4:20])
			c.ndOptions(body[20:])
		}
		return body
	case t == layers.ICMPv6TypeRedirect:
		if len(body) >= 36 {
			c.addr(body[4:20])
			c.addr(body[20:36])
			c.ndOptions(body[36:])
		}
		return body
	case t == layers.ICMPv6TypeRouterSolicitation:
		if len(body) >= 4 {
			c.ndOptions(body[4:])
		}
		return body
	case t == layers.ICMPv6TypeRouterAdvertisement:
		if len(body) >= 12 {
			c.ndOptions(body[12:])
		}
		return body
	}
	return c.payload(body)
}

// ndOptions redacts neighbour discovery options in place: link-layer
// addresses, prefixes; other options' bytes as opaque bytes.
func (c *capturer) ndOptions(b []byte) {
	for len(b) >= 8 {
		n := int(b[1]) * 8
		if n == 0 || n > len(b) {
			clear(b)
			return
		}
		o := b[:n]
		switch o[0] {
		case 1, 2: // source, target link-layer address
			if n == 8 {
				c.mac(o[2:8])
			} else {
				clear(o[2:])
			}
		case 3: // prefix information
			if n == 32 {
				c.addr(o[16:32])
			}
		case 5: // MTU
		default:
			copy(o[2:], c.payload(o[2:]))
		}
		b = b[n:]
	}
	clear(b)
}

// quoted redacts in place the start of a packet an ICMP error quotes: its
// IP header, the ports after it, the rest as opaque bytes.
func (c *capturer) quoted(b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	hl := 0
	switch b[0] >> 4 {
	case 4:
		hl = int(b[0]&0x0f) * 4
		if len(b) < 20 || hl < 20 || hl > len(b) {
			return c.payload(b)
		}
		c.addr(b[12:16])
		c.addr(b[16:20])
		clear(b[20:hl]) // options may carry addresses
		b[10], b[11] = 0, 0
		binary.BigEndian.PutUint16(b[10:], ^fold(sum(b[:hl])))
	case 6:
		hl = 40
		if len(b) < hl {
			return c.payload(b)
		}
		c.addr(b[8:24])
		c.addr(b[24:40])
	default:
		return c.payload(b)
	}
	rest := b[hl:]
	if len(rest) <= 8 {
		return b
	}
	if dnsPort(binary.BigEndian.Uint16(rest)) || dnsPort(binary.BigEndian.Uint16(rest[2:])) {
		// A quoted DNS message is cut short: its names cannot be
		// re-encoded, so they go.
		clear(rest[8:])
		return b
	}
	copy(rest[8:], c.payload(rest[8:]))
	return b
}

func sum(b []byte) uint32 {
	var s uint32
	for i := 0; i+1 < len(b); i += 2 {
		s += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	if len(b)%2 == 1 {
		s += uint32(b[len(b)-1]) << 8
	}
	return s
}

func fold(s uint32) uint16 {
	for s > 0xffff {
		s = s>>16 + s&0xffff
	}
	return uint16(s)
}

// payload returns a copy of b, opaque bytes, with the bytes of the
// addresses and MACs seen so far replaced, and its printable text
// redacted in place.
func (c *capturer) payload(b []byte) []byte {
	out := append([]byte(nil), b...)
	for _, n := range [...]int{16, 6, 4} {
		if c.rawLen[n] == 0 {
			continue
		}
		for i := 0; i+n <= len(out); i++ {
			if v, ok := c.raw[string(out[i:i+n])]; ok {
				copy(out[i:], v)
				i += n - 1
			}
		}
	}
	c.wireNames(out)
	for i := 0; i < len(out); {
		if !printable(out[i]) {
			i++
			continue
		}
		j := i
		for j < len(out) && printable(out[j]) {
			j++
		}
		if j-i >= 4 {
			s := c.r.SameLength(string(out[i:j]), "")
			n := copy(out[i:j], s)
			for k := i + n; k < j; k++ {
				out[k] = 'x'
			}
		}
		i = j
	}
	return out
}

func printable(b byte) bool { return b >= 0x20 && b < 0x7f || b == '\t' || b == '\r' || b == '\n' }

// wireNames replaces in place the DNS names in wire form that opaque bytes
// hold (a fragment of a DNS datagram, a protocol that carries names): two
// labels or more of name characters, ended by the root label, a
// compression pointer or the end of the bytes. A name that is not kept
// gets its pseudonym, fitted to its length.
func (c *capturer) wireNames(b []byte) {
	for i := 0; i < len(b); i++ {
		end, labels := wireName(b, i)
		if labels < 2 {
			continue
		}
		dotted := make([]byte, 0, end-i)
		for j := i; j < end; j += 1 + int(b[j]) {
			if j > i {
				dotted = append(dotted, '.')
			}
			dotted = append(dotted, b[j+1:j+1+int(b[j])]...)
		}
		name := string(dotted)
		if p := c.r.Name(name); p != name {
			fit := []byte(p)
			for len(fit) < len(dotted) {
				fit = append(fit, 'x')
			}
			// The label bytes of the wire form sit where the dotted form
			// has the same characters; its length bytes where it has dots.
			for j := i; j < end; j += 1 + int(b[j]) {
				copy(b[j+1:j+1+int(b[j])], fit[j-i:])
			}
		}
		i = end - 1
	}
}

// wireName returns the end of the labels of a name in wire form at i in
// b, and how many there are.
func wireName(b []byte, i int) (end, labels int) {
	j := i
	for j < len(b) {
		n := int(b[j])
		if n == 0 || n&0xc0 == 0xc0 {
			break
		}
		if n > 63 || j+1+n > len(b) {
			return 0, 0
		}
		for _, ch := range b[j+1 : j+1+n] {
			if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_') {
				return 0, 0
			}
		}
		labels++
		j += 1 + n
	}
	return j, labels
}
