package redact

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/gopacket/gopacket/layers"
)

// Limits on what Capture reads; a record beyond them is an error and its
// bytes are never allocated.
const (
	// MaxCapturePacket is the longest packet Capture accepts, libpcap's
	// MAXIMUM_SNAPLEN.
	MaxCapturePacket = 262144
	// MaxCaptureBlock is the longest pcapng block Capture accepts.
	MaxCaptureBlock = 16 << 20
)

// Errors of Capture, wrapped in a *CaptureError.
var (
	// ErrNotCapture reports input that is neither pcap nor pcapng.
	ErrNotCapture = errors.New("not a pcap or pcapng capture")
	// ErrCaptureDamaged reports a capture cut short or with a record
	// whose lengths cannot be.
	ErrCaptureDamaged = errors.New("damaged capture")
)

// A CaptureError is an unreadable capture: where reading stopped. What
// came before it was written.
type CaptureError struct {
	Packet int   // number of the packet being read, from 1 (of the next one, in a record that holds none); 0 in a pcap file header
	Offset int64 // offset of the record in the input
	Err    error
}

func (e *CaptureError) Error() string {
	return fmt.Sprintf("redact: capture packet %d at offset %d: %v", e.Packet, e.Offset, e.Err)
}

func (e *CaptureError) Unwrap() error { return e.Err }

// CaptureCounts counts what Capture did with the records of a capture.
type CaptureCounts struct {
	Packets     int // packet records read
	Written     int // packet records written, redacted
	Unsupported int // packets dropped: a link type Capture does not rewrite
	Undecodable int // packets dropped: truncated, cut by the snapshot length, or damaged
	Blocks      int // pcapng blocks dropped: name resolution, statistics, secrets, custom
}

// Dropped returns how many packets were dropped.
func (c CaptureCounts) Dropped() int { return c.Unsupported + c.Undecodable }

// Capture writes to dst the capture read from src, a pcap file (either
// byte order, micro- or nanosecond timestamps) or a pcapng file, in the
// same format with its secrets replaced by r's pseudonyms.
//
// Addresses in IPv4, IPv6, ARP and ICMP-quoted headers are replaced with
// r.Addr, Ethernet and link-layer MAC addresses with r.MAC (broadcast and
// multicast ones are kept). DNS messages (port 53 over UDP and TCP, mDNS,
// LLMNR) are decoded and encoded again with their names replaced by
// r.Name, reverse-lookup names by the name of the redacted address, and
// A and AAAA data by r.Addr; records that could hold secrets Capture cannot
// rewrite (SVCB hints, signatures) are dropped. The names a capture's DNS
// traffic carries are learnt (see [Redactor.Learn]), so that they are
// replaced in payloads and in the bundle's text too. Other payloads keep
// their length: the addresses and MACs seen in headers are replaced where
// their bytes appear, and printable text is redacted with r.SameLength.
// Lengths and IPv4, UDP, TCP and ICMP checksums are computed again; TCP
// sequence numbers follow DNS messages that changed length.
//
// Packets of other link types and packets that cannot be decoded
// (truncated, cut by the snapshot length) are dropped, never copied.
// pcapng interface names, descriptions, addresses and comments are dropped,
// as are name resolution, statistics and decryption-secrets blocks.
// Timestamps, interfaces and the order of packets are kept.
//
// An unreadable capture gives a *CaptureError wrapping ErrNotCapture or
// ErrCaptureDamaged, after what could be read was written.
func Capture(r *Redactor, dst io.Writer, src io.Reader) error {
	_, err := CaptureCount(r, dst, src)
	return err
}

// CaptureCount is Capture, and returns what it did with the packets.
func CaptureCount(r *Redactor, dst io.Writer, src io.Reader) (CaptureCounts, error) {
	c := newCapturer(r)
	br := bufio.NewReaderSize(src, 64<<10)
	bw := bufio.NewWriterSize(dst, 64<<10)
	f := &capFile{c: c, br: br, bw: bw}
	err := f.run()
	if ferr := bw.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	return c.counts, err
}

const (
	magicMicro = 0xa1b2c3d4
	magicNano  = 0xa1b23c4d
	magicNg    = 0x0a0d0d0a
	ngBOM      = 0x1a2b3c4d
)

// capFile reads records from br and writes their redacted form to bw.
type capFile struct {
	c      *capturer
	br     *bufio.Reader
	bw     *bufio.Writer
	order  binary.ByteOrder
	off    int64 // input offset of the next record
	packet int   // packet records started
	cur    int   // packet number errors report
	ifaces []layers.LinkType
}

func (f *capFile) errorf(sentinel error, format string, args ...any) error {
	return &CaptureError{Packet: f.cur, Offset: f.off, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// read reads exactly n bytes of a record called what; io.EOF only when the
// input ends before its first byte and atStart is set.
func (f *capFile) read(n int, what string, atStart bool) ([]byte, error) {
	buf := make([]byte, n)
	got, err := io.ReadFull(f.br, buf)
	if err == nil {
		return buf, nil
	}
	if got == 0 && err == io.EOF && atStart {
		return nil, io.EOF
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return nil, f.errorf(ErrCaptureDamaged, "%s cut after %d of %d bytes", what, got, n)
	}
	return nil, &CaptureError{Packet: f.cur, Offset: f.off, Err: err}
}

func (f *capFile) run() error {
	magic, err := f.br.Peek(4)
	if len(magic) < 4 {
		if err != nil && err != io.EOF {
			return &CaptureError{Err: err}
		}
		return f.errorf(ErrNotCapture, "%d bytes", len(magic))
	}
	switch {
	case binary.LittleEndian.Uint32(magic) == magicNg:
		return f.pcapng()
	case binary.LittleEndian.Uint32(magic) == magicMicro || binary.LittleEndian.Uint32(magic) == magicNano:
		f.order = binary.LittleEndian
	case binary.BigEndian.Uint32(magic) == magicMicro || binary.BigEndian.Uint32(magic) == magicNano:
		f.order = binary.BigEndian
	default:
		return f.errorf(ErrNotCapture, "magic %x", magic)
	}
	return f.pcap()
}

// snaplen is the snapshot length written for one read: large enough for
// a packet that grew when its DNS names were replaced.
func snaplen(n uint32) uint32 {
	if n != 0 && n < MaxCapturePacket {
		return MaxCapturePacket
	}
	return n
}

func (f *capFile) pcap() error {
	hdr, err := f.read(24, "file header", false)
	if err != nil {
		return err
	}
	lt := layers.LinkType(f.order.Uint32(hdr[20:]) & 0x0fffffff)
	f.order.PutUint32(hdr[16:], snaplen(f.order.Uint32(hdr[16:])))
	f.bw.Write(hdr)
	f.off += 24
	for {
		f.cur = f.packet + 1
		rec, err := f.read(16, "record header", true)
		if err == io.EOF {
			return nil
		}
		f.packet++
		if err != nil {
			return err
		}
		caplen, origlen := f.order.Uint32(rec[8:]), f.order.Uint32(rec[12:])
		if caplen > MaxCapturePacket {
			return f.errorf(ErrCaptureDamaged, "record claims %d bytes, more than %d", caplen, MaxCapturePacket)
		}
		data, err := f.read(int(caplen), "packet", false)
		if err != nil {
			return err
		}
		f.off += 16 + int64(caplen)
		out, ok := f.c.frame(lt, data)
		if !ok {
			continue
		}
		f.order.PutUint32(rec[8:], uint32(len(out)))
		f.order.PutUint32(rec[12:], grown(origlen, len(data), len(out)))
		f.bw.Write(rec)
		f.bw.Write(out)
	}
}

// grown returns the original length of a packet whose captured bytes went
// from was to now.
func grown(origlen uint32, was, now int) uint32 {
	n := int64(origlen) + int64(now) - int64(was)
	if n < int64(now) {
		n = int64(now)
	}
	return uint32(n)
}

// pcapng block types.
const (
	ngIDB = 1
	ngOPB = 2
	ngSPB = 3
	ngEPB = 6
)

func (f *capFile) pcapng() error {
	for first := true; ; first = false {
		f.cur = f.packet + 1
		b, err := f.read(8, "block header", true)
		if err == io.EOF {
			if first {
				return f.errorf(ErrCaptureDamaged, "empty file")
			}
			return nil
		}
		if err != nil {
			return err
		}
		var bom []byte
		if binary.LittleEndian.Uint32(b) == magicNg {
			if bom, err = f.read(4, "section header", false); err != nil {
				return err
			}
			switch {
			case binary.LittleEndian.Uint32(bom) == ngBOM:
				f.order = binary.LittleEndian
			case binary.BigEndian.Uint32(bom) == ngBOM:
				f.order = binary.BigEndian
			default:
				return f.errorf(ErrCaptureDamaged, "bad byte-order magic in section header")
			}
			f.ifaces = f.ifaces[:0]
		} else if first {
			return f.errorf(ErrNotCapture, "no section header")
		}
		typ, length := f.order.Uint32(b), f.order.Uint32(b[4:])
		isPacket := typ == ngEPB || typ == ngSPB || typ == ngOPB
		if isPacket {
			f.packet++
		}
		if length < 12+uint32(len(bom)) || length%4 != 0 {
			return f.errorf(ErrCaptureDamaged, "block length %d", length)
		}
		if length > MaxCaptureBlock {
			return f.errorf(ErrCaptureDamaged, "block claims %d bytes, more than %d", length, MaxCaptureBlock)
		}
		body, err := f.read(int(length)-8-len(bom), "block", false)
		if err != nil {
			return err
		}
		if f.order.Uint32(body[len(body)-4:]) != length {
			return f.errorf(ErrCaptureDamaged, "block length %d not repeated at its end", length)
		}
		body = body[:len(body)-4]
		if err := f.block(typ, bom, body); err != nil {
			return err
		}
		f.off += int64(length)
	}
}

// block writes the redacted form of one pcapng block, without its header,
// or nothing.
func (f *capFile) block(typ uint32, bom, body []byte) error {
	o := f.order
	switch typ {
	case magicNg:
		// Version, and an unknown section length: the section's blocks
		// change length. The options (hardware, system, application,
		// comments) are dropped.
		if len(body) < 12 {
			return f.errorf(ErrCaptureDamaged, "section header of %d bytes", len(body))
		}
		out := append(append([]byte(nil), bom...), body[:4]...)
		out = append(out, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)
		f.write(typ, out)
	case ngIDB:
		if len(body) < 8 {
			return f.errorf(ErrCaptureDamaged, "interface description of %d bytes", len(body))
		}
		f.ifaces = append(f.ifaces, layers.LinkType(o.Uint16(body)))
		out := append([]byte(nil), body[:8]...)
		o.PutUint32(out[4:], snaplen(o.Uint32(out[4:])))
		// Only the options that say how to read the packets are kept:
		// speed, timestamp resolution, FCS length, timestamp offset. Names,
		// descriptions, addresses, filters, systems and comments go.
		out = f.options(out, body[8:], 8, 9, 13, 14)
		f.write(typ, out)
	case ngEPB, ngOPB:
		if len(body) < 20 {
			return f.errorf(ErrCaptureDamaged, "packet block of %d bytes", len(body))
		}
		caplen := o.Uint32(body[12:])
		if caplen > MaxCapturePacket || int64(caplen) > int64(len(body)-20) {
			return f.errorf(ErrCaptureDamaged, "packet of %d bytes in a block of %d", caplen, len(body)+12)
		}
		var ifid uint32
		if typ == ngEPB {
			ifid = o.Uint32(body)
		} else {
			ifid = uint32(o.Uint16(body))
		}
		lt, ok := f.linkType(ifid)
		if !ok {
			return nil
		}
		data := body[20 : 20+caplen]
		pkt, ok := f.c.frame(lt, data)
		if !ok {
			return nil
		}
		out := make([]byte, 20, 20+len(pkt)+16)
		o.PutUint32(out, ifid)
		copy(out[4:12], body[4:12])
		o.PutUint32(out[12:], uint32(len(pkt)))
		o.PutUint32(out[16:], grown(o.Uint32(body[16:]), len(data), len(pkt)))
		out = append(out, pkt...)
		out = append(out, make([]byte, pad4(len(pkt)))...)
		// Flags and drop counts stay; comments, hashes (of the original
		// bytes) and verdicts go.
		out = f.options(out, body[20+pad(int(caplen)):], 2, 4)
		f.write(ngEPB, out)
	case ngSPB:
		if len(body) < 4 {
			return f.errorf(ErrCaptureDamaged, "simple packet block of %d bytes", len(body))
		}
		lt, ok := f.linkType(0)
		if !ok {
			return nil
		}
		origlen := o.Uint32(body)
		data := body[4:]
		if int64(origlen) < int64(len(data)) {
			data = data[:origlen]
		}
		pkt, ok := f.c.frame(lt, data)
		if !ok {
			return nil
		}
		out := make([]byte, 4, 4+len(pkt)+4)
		o.PutUint32(out, grown(origlen, len(data), len(pkt)))
		out = append(out, pkt...)
		out = append(out, make([]byte, pad4(len(pkt)))...)
		f.write(typ, out)
	default:
		f.c.counts.Blocks++
	}
	return nil
}

// linkType returns the link type of interface id, counting the packet as
// undecodable when there is no such interface.
func (f *capFile) linkType(id uint32) (layers.LinkType, bool) {
	if int64(id) >= int64(len(f.ifaces)) {
		f.c.counts.Packets++
		f.c.counts.Undecodable++
		return 0, false
	}
	return f.ifaces[id], true
}

func pad4(n int) int { return (4 - n%4) % 4 }
func pad(n int) int  { return n + pad4(n) }

// options appends to out the options in opts whose codes are in keep, and
// the end of options when any was kept.
func (f *capFile) options(out, opts []byte, keep ...uint16) []byte {
	o := f.order
	kept := false
	for len(opts) >= 4 {
		code, n := o.Uint16(opts), int(o.Uint16(opts[2:]))
		if code == 0 || 4+pad(n) > len(opts) {
			break
		}
		for _, k := range keep {
			if code == k {
				out = append(out, opts[:4+pad(n)]...)
				kept = true
			}
		}
		opts = opts[4+pad(n):]
	}
	if kept {
		out = append(out, 0, 0, 0, 0)
	}
	return out
}

// write writes a block of type typ and body body.
func (f *capFile) write(typ uint32, body []byte) {
	n := uint32(12 + len(body))
	var h [8]byte
	f.order.PutUint32(h[:], typ)
	f.order.PutUint32(h[4:], n)
	f.bw.Write(h[:])
	f.bw.Write(body)
	f.bw.Write(h[4:])
}
