package redact

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// dns returns the redacted form of the DNS message msg, or false when it
// cannot be read at all. A message gopacket cannot decode whole keeps its
// header and first question.
func (c *capturer) dns(msg []byte) ([]byte, bool) {
	var d layers.DNS
	if !decodeDNS(&d, msg) {
		if !dnsHeader(&d, msg) {
			return nil, false
		}
	}
	for i := range d.Questions {
		d.Questions[i].Name = c.name(d.Questions[i].Name)
	}
	d.Answers = c.records(d.Answers)
	d.Authorities = c.records(d.Authorities)
	d.Additionals = c.records(d.Additionals)
	buf := gopacket.NewSerializeBuffer()
	if err := serializeDNS(&d, buf); err != nil {
		return nil, false
	}
	return buf.Bytes(), true
}

func decodeDNS(d *layers.DNS, msg []byte) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return d.DecodeFromBytes(msg, gopacket.NilDecodeFeedback) == nil
}

func serializeDNS(d *layers.DNS, buf gopacket.SerializeBuffer) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errDNS
		}
	}()
	return d.SerializeTo(buf, gopacket.SerializeOptions{FixLengths: true})
}

var errDNS = &CaptureError{Err: ErrCaptureDamaged}

// dnsHeader decodes into d the header and first question of msg, a
// message whose later records do not decode.
func dnsHeader(d *layers.DNS, msg []byte) bool {
	*d = layers.DNS{}
	if len(msg) < 12 {
		return false
	}
	head := append([]byte(nil), msg...)
	if binary.BigEndian.Uint16(head[4:]) > 0 {
		binary.BigEndian.PutUint16(head[4:], 1)
	}
	clear(head[6:12])
	return decodeDNS(d, head)
}

// records redacts resource records in place, and drops those whose data
// Capture cannot rewrite.
func (c *capturer) records(rrs []layers.DNSResourceRecord) []layers.DNSResourceRecord {
	out := rrs[:0]
	for _, rr := range rrs {
		if rr.Type != layers.DNSTypeOPT {
			rr.Name = c.name(rr.Name)
		}
		switch rr.Type {
		case layers.DNSTypeA, layers.DNSTypeAAAA:
			rr.IP = c.ip(rr.IP)
		case layers.DNSTypeNS:
			rr.NS = c.name(rr.NS)
		case layers.DNSTypeCNAME:
			rr.CNAME = c.name(rr.CNAME)
		case layers.DNSTypePTR:
			rr.PTR = c.name(rr.PTR)
		case layers.DNSTypeSOA:
			rr.SOA.MName = c.name(rr.SOA.MName)
			rr.SOA.RName = c.name(rr.SOA.RName)
		case layers.DNSTypeMX:
			rr.MX.Name = c.name(rr.MX.Name)
		case layers.DNSTypeSRV:
			rr.SRV.Name = c.name(rr.SRV.Name)
		case layers.DNSTypeTXT:
			for i, t := range rr.TXTs {
				rr.TXTs[i] = c.payload(t)
			}
		case layers.DNSTypeOPT:
			// EDNS client subnet carries a prefix of the client's
			// address; the other options carry none.
			opts := rr.OPT[:0]
			for _, o := range rr.OPT {
				if o.Code != layers.DNSOptionCodeEDNSClientSubnet {
					opts = append(opts, o)
				}
			}
			rr.OPT = opts
		default:
			continue
		}
		out = append(out, rr)
	}
	return out
}

// name returns the pseudonym of a DNS name: a reverse-lookup name spells
// the pseudonym of its address.
func (c *capturer) name(n []byte) []byte {
	s := string(n)
	if s == "" {
		return n
	}
	if a, suffix, ok := reverseAddr(s); ok {
		return []byte(reverseName(c.r.Addr(a)) + suffix)
	}
	p := c.r.Name(s)
	if p != s && !c.learnt[s] && len(c.learnt) < maxLearnt &&
		strings.Contains(strings.Trim(s, "."), ".") && !strings.HasSuffix(strings.ToLower(s), ".arpa") {
		c.learnt[s] = true
		c.r.Learn(KindDomain, s)
	}
	return []byte(p)
}

// reverseAddr returns the address a name under in-addr.arpa or ip6.arpa
// spells, and the suffix as written.
func reverseAddr(s string) (netip.Addr, string, bool) {
	lower := strings.ToLower(strings.TrimSuffix(s, "."))
	switch {
	case strings.HasSuffix(lower, ".in-addr.arpa"):
		labels := strings.Split(lower[:len(lower)-len(".in-addr.arpa")], ".")
		if len(labels) != 4 {
			return netip.Addr{}, "", false
		}
		var b [4]byte
		for i, l := range labels {
			v, err := strconv.ParseUint(l, 10, 8)
			if err != nil || strconv.FormatUint(v, 10) != l {
				return netip.Addr{}, "", false
			}
			b[3-i] = byte(v)
		}
		return netip.AddrFrom4(b), s[len(lower)-len(".in-addr.arpa"):], true
	case strings.HasSuffix(lower, ".ip6.arpa"):
		labels := strings.Split(lower[:len(lower)-len(".ip6.arpa")], ".")
		if len(labels) != 32 {
			return netip.Addr{}, "", false
		}
		var b [16]byte
		for i, l := range labels {
			v, err := strconv.ParseUint(l, 16, 4)
			if err != nil || len(l) != 1 {
				return netip.Addr{}, "", false
			}
			b[15-i/2] |= byte(v) << (4 * (i % 2))
		}
		return netip.AddrFrom16(b), s[len(lower)-len(".ip6.arpa"):], true
	}
	return netip.Addr{}, "", false
}

// reverseName returns the labels of a's reverse-lookup name, without the
// suffix.
func reverseName(a netip.Addr) string {
	var sb strings.Builder
	if a.Is4() {
		b := a.As4()
		for i := 3; i >= 0; i-- {
			if i < 3 {
				sb.WriteByte('.')
			}
			sb.WriteString(strconv.Itoa(int(b[i])))
		}
		return sb.String()
	}
	b := a.As16()
	const hex = "0123456789abcdef"
	for i := 15; i >= 0; i-- {
		if i < 15 {
			sb.WriteByte('.')
		}
		sb.WriteByte(hex[b[i]&0x0f])
		sb.WriteByte('.')
		sb.WriteByte(hex[b[i]>>4])
	}
	return sb.String()
}
