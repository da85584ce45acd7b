package redact

import (
	"encoding/binary"
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// maxTCPStreams bounds the directions of TCP connections on DNS ports
// whose messages are being reassembled.
const maxTCPStreams = 1024

// tcpKey is one direction of a TCP connection, by its original
// addresses.
type tcpKey struct {
	src, dst netip.AddrPort
}

// tcpStream rewrites one direction of a DNS-over-TCP connection. A message
// that changes length moves every later byte, so the stream is cut again:
// each segment carries the redacted messages completed in it, and the
// sequence numbers count the bytes written, not those read.
type tcpStream struct {
	in  uint32 // next sequence number expected in the input
	out uint32 // sequence number it maps to in the output
	buf []byte // input bytes of the message not yet complete
}

// mapAck returns the output form of ack, which acknowledges bytes of s.
func (s *tcpStream) mapAck(ack uint32) uint32 {
	consumed := s.in - uint32(len(s.buf))
	if d := int32(ack - consumed); d <= 0 {
		return s.out + uint32(d)
	}
	return s.out
}

// tcpSegment redacts a TCP segment's payload, and its sequence numbers
// when it belongs to a DNS connection.
func (c *capturer) tcpSegment(net gopacket.NetworkLayer, t *layers.TCP) []byte {
	if !dnsPort(uint16(t.SrcPort)) && !dnsPort(uint16(t.DstPort)) {
		return c.payload(t.Payload)
	}
	src, dst := net.NetworkFlow().Endpoints()
	// The addresses are already redacted: the key only has to tell
	// directions apart consistently.
	sa, _ := netip.AddrFromSlice(src.Raw())
	da, _ := netip.AddrFromSlice(dst.Raw())
	key := tcpKey{netip.AddrPortFrom(sa, uint16(t.SrcPort)), netip.AddrPortFrom(da, uint16(t.DstPort))}
	if t.ACK {
		if rs := c.tcp[tcpKey{key.dst, key.src}]; rs != nil {
			t.Ack = rs.mapAck(t.Ack)
		}
	}
	s := c.tcp[key]
	if t.SYN || s == nil {
		if len(c.tcp) >= maxTCPStreams {
			clear(c.tcp)
		}
		s = &tcpStream{in: t.Seq, out: t.Seq}
		if t.SYN {
			s.in++
			s.out++
		}
		c.tcp[key] = s
	}
	seq := t.Seq
	if t.SYN {
		seq++
	}
	var out []byte
	d := int32(seq - s.in)
	switch {
	case len(t.Payload) == 0:
		t.Seq = s.out + uint32(d)
	case d < 0:
		// A retransmission: what it carries was written already.
		t.Seq = s.out + uint32(d)
		if int(-d) < len(t.Payload) {
			t.Seq = s.out
		}
		return nil
	default:
		if d > 0 { // a gap: restart at this segment, as a reader would
			s.buf = s.buf[:0]
			s.in += uint32(d)
			s.out += uint32(d)
		}
		t.Seq = s.out
		s.in += uint32(len(t.Payload))
		s.buf = append(s.buf, t.Payload...)
		for len(s.buf) >= 2 {
			n := 2 + int(binary.BigEndian.Uint16(s.buf))
			if len(s.buf) < n {
				break
			}
			if m, ok := c.dns(s.buf[2:n]); ok && len(m) <= 0xffff {
				out = binary.BigEndian.AppendUint16(out, uint16(len(m)))
				out = append(out, m...)
			}
			s.buf = s.buf[:copy(s.buf, s.buf[n:])]
		}
		s.out += uint32(len(out))
	}
	if t.SYN {
		t.Seq--
	}
	if t.FIN && d >= 0 {
		s.in++
		s.out++
	}
	if t.RST {
		delete(c.tcp, key)
	}
	return out
}
