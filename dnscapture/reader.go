package dnscapture

import (
	"bufio"
	"compress/gzip"
	"container/list"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// Defaults for the zero fields of [Options].
const (
	DefaultTimeout    = 30 * time.Second
	DefaultMaxPending = 65536
	DefaultMaxFlows   = 1024
)

// Options configures a [Reader]. A nil *Options, and every zero field,
// means the documented default.
type Options struct {
	// Timeout is how long, in capture time, a query waits for its response
	// before it is emitted unanswered. Default DefaultTimeout.
	Timeout time.Duration
	// MaxPending caps the queries waiting for a response. When a new query
	// would exceed it, the oldest waiting query is emitted unanswered.
	// Default DefaultMaxPending.
	MaxPending int
	// MaxFlows caps the directions of TCP connections on port 53 whose
	// streams are being reassembled; each buffers at most one DNS message
	// (64 KiB). When a new one would exceed it, the oldest is dropped.
	// Default DefaultMaxFlows.
	MaxFlows int
}

// Stats counts what a [Reader] has read so far. Packets is the sum of DNS,
// NonDNS and Undecodable.
type Stats struct {
	Packets     int64 // packet records read (frames)
	DNS         int64 // UDP datagrams and TCP segments on port 53 carrying DNS
	NonDNS      int64 // other packets: other ports, ARP, TCP control segments, ...
	Undecodable int64 // packets with an unsupported link type, bad headers or a malformed DNS message
	Unmatched   int64 // responses for which no query was waiting
}

// A Reader reads DNS transactions from a pcap or pcapng capture.
//
// A Reader is not safe for concurrent use.
type Reader struct {
	opts    Options
	br      *bufio.Reader // what pcapgo reads
	fr      *framer
	src     packetSource
	pcapLT  layers.LinkType // link type of a pcap file
	stats   Stats
	frame   int
	now     time.Time // latest capture time seen
	ready   []Transaction
	head    int
	err     error // terminal error, returned once ready is drained
	done    bool  // no more packets
	pending map[pendingKey][]*pending
	order   list.List // of *pending, oldest first
	flows   map[flowKey]*flow
	flowAge list.List // of *flow, oldest first
	dec     decoder
	dns     layers.DNS
	name    []byte // scratch for parseHeader
}

type packetSource interface {
	ZeroCopyReadPacketData() ([]byte, gopacket.CaptureInfo, error)
}

type pendingKey struct {
	client, server netip.AddrPort
	id             uint16
	tr             Transport
}

type pending struct {
	key  pendingKey
	tx   Transaction
	elem *list.Element
}

// NewReader returns a Reader that reads the capture in r, a pcap file in
// either byte order with micro- or nanosecond timestamps, or a pcapng file,
// optionally gzip-compressed. The format is told by the magic number, not
// by the file name. NewReader reads the file header; if the input is not a
// capture, the error wraps [ErrNotCapture]. opts may be nil.
func NewReader(r io.Reader, opts *Options) (*Reader, error) {
	rd := &Reader{
		pending: make(map[pendingKey][]*pending),
		flows:   make(map[flowKey]*flow),
	}
	if opts != nil {
		rd.opts = *opts
	}
	if rd.opts.Timeout <= 0 {
		rd.opts.Timeout = DefaultTimeout
	}
	if rd.opts.MaxPending <= 0 {
		rd.opts.MaxPending = DefaultMaxPending
	}
	if rd.opts.MaxFlows <= 0 {
		rd.opts.MaxFlows = DefaultMaxFlows
	}
	rd.dec.init()

	src := bufio.NewReaderSize(r, 64<<10)
	magic, err := src.Peek(4)
	if len(magic) >= 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, zerr := gzip.NewReader(src)
		if zerr != nil {
			return nil, &Error{Err: fmt.Errorf("%w: gzip: %v", ErrNotCapture, zerr)}
		}
		src = bufio.NewReaderSize(zr, 64<<10)
		magic, err = src.Peek(4)
		if len(magic) < 4 && err != nil && err != io.EOF {
			return nil, &Error{Err: fmt.Errorf("%w: gzip: %v", ErrMalformed, err)}
		}
	}
	if len(magic) < 4 {
		if err == nil || err == io.EOF {
			return nil, &Error{Err: fmt.Errorf("%w: %d bytes", ErrNotCapture, len(magic))}
		}
		return nil, err
	}
	fr := &framer{src: src}
	switch m := binary.LittleEndian.Uint32(magic); {
	case m == magicPcapMicro || m == magicPcapNano:
		fr.order = binary.LittleEndian
	case binary.BigEndian.Uint32(magic) == magicPcapMicro || binary.BigEndian.Uint32(magic) == magicPcapNano:
		fr.order = binary.BigEndian
	case m == magicPcapng:
		fr.ng = true
		fr.order = binary.LittleEndian
	default:
		return nil, &Error{Err: fmt.Errorf("%w: magic %02x", ErrNotCapture, magic)}
	}
	rd.fr = fr
	// pcapgo wraps its input in a bufio.Reader unless it already is one of
	// at least 4 KiB; handing it rd.br lets the Reader see how far pcapgo
	// has read.
	rd.br = bufio.NewReaderSize(fr, 64<<10)
	if fr.ng {
		ng, err := pcapgo.NewNgReader(rd.br, pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			return nil, rd.fileError(err, 0, 1)
		}
		rd.src = ng
	} else {
		pr, err := pcapgo.NewReader(rd.br)
		if err != nil {
			return nil, rd.fileError(err, 0, 0)
		}
		rd.pcapLT = pr.LinkType()
		rd.src = pr
	}
	return rd, nil
}

// fileError turns an error from pcapgo, which began reading at offset at
// for frame, into an *Error. The framer's own error, if any, is the
// precise one.
func (r *Reader) fileError(err error, at int64, frame int) error {
	var e *Error
	if errors.As(r.fr.err, &e) {
		return e
	}
	if r.fr.err != nil && r.fr.err != io.EOF {
		return &Error{Frame: frame, Offset: at, Err: r.fr.err}
	}
	if err == io.ErrUnexpectedEOF {
		return &Error{Frame: frame, Offset: at, Err: ErrTruncated}
	}
	return &Error{Frame: frame, Offset: at, Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
}

// Next returns the next completed transaction: a query that got its
// response, or one that got none within the timeout, or, at the end of the
// capture, one still waiting. It returns io.EOF after the last transaction.
// If the capture is damaged, Next first returns the transactions read
// before the damage, then an *Error; after an error it keeps returning it.
func (r *Reader) Next() (Transaction, error) {
	for {
		if r.head < len(r.ready) {
			tx := r.ready[r.head]
			r.ready[r.head] = Transaction{}
			r.head++
			if r.head == len(r.ready) {
				r.ready, r.head = r.ready[:0], 0
			}
			return tx, nil
		}
		if r.done {
			if r.err != nil {
				return Transaction{}, r.err
			}
			return Transaction{}, io.EOF
		}
		r.step()
	}
}

// All returns an iterator over the transactions of the capture, in the
// order [Reader.Next] returns them. An error ends the iteration: it is
// yielded once, with a zero Transaction. It returns a single-use iterator.
func (r *Reader) All() iter.Seq2[Transaction, error] {
	return func(yield func(Transaction, error) bool) {
		for {
			tx, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Transaction{}, err)
				return
			}
			if !yield(tx, nil) {
				return
			}
		}
	}
}

// Stats returns the counts so far.
func (r *Reader) Stats() Stats { return r.stats }

// step reads one packet, or ends the capture.
func (r *Reader) step() {
	at := r.fr.off - int64(r.br.Buffered())
	data, ci, err := r.read()
	if err != nil {
		r.done = true
		if err != io.EOF {
			r.err = r.fileError(err, at, r.frame+1)
		}
		r.flush()
		return
	}
	r.frame++
	r.stats.Packets++
	lt := r.pcapLT
	if len(ci.AncillaryData) > 0 {
		if l, ok := ci.AncillaryData[0].(layers.LinkType); ok {
			lt = l
		}
	}
	ts := ci.Timestamp.UTC()
	if ts.After(r.now) {
		r.now = ts
		r.expire()
	}
	r.packet(lt, data, ts)
}

// read returns the next packet from pcapgo, turning a panic in it into an
// error.
func (r *Reader) read() (data []byte, ci gopacket.CaptureInfo, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %v", ErrMalformed, p)
		}
	}()
	return r.src.ZeroCopyReadPacketData()
}

// packet handles one frame.
func (r *Reader) packet(lt layers.LinkType, data []byte, ts time.Time) {
	p, ok := r.dec.decode(lt, data)
	if !ok {
		r.stats.Undecodable++
		return
	}
	if p.tr == 0 || (p.src.Port() != 53 && p.dst.Port() != 53) {
		r.stats.NonDNS++
		return
	}
	if p.tr == UDP {
		if r.message(p.src, p.dst, UDP, p.payload, ts) {
			r.stats.DNS++
		} else {
			r.stats.Undecodable++
		}
		return
	}
	r.segment(p, ts)
}

// message handles one DNS message and reports whether it decoded.
func (r *Reader) message(src, dst netip.AddrPort, tr Transport, msg []byte, ts time.Time) bool {
	m, ok := r.parse(msg)
	if !ok {
		return false
	}
	if !m.qr {
		if m.hasQ {
			r.query(src, dst, tr, m, ts)
		}
		return true
	}
	r.response(src, dst, tr, m, ts)
	return true
}

// msgInfo is what the Reader needs from a DNS message.
type msgInfo struct {
	id    uint16
	qr    bool
	tc    bool
	rcode RCode
	hasQ  bool
	name  []byte // first question's name, valid until the next message
	qtype Type
	dns   *layers.DNS // the full decoding, or nil
}

// parse decodes msg with gopacket. If that fails, it falls back to the
// header and first question alone, so that a response whose later
// sections gopacket rejects still answers its query.
func (r *Reader) parse(msg []byte) (msgInfo, bool) {
	d := &r.dns
	if decodeDNS(d, msg) {
		m := msgInfo{id: d.ID, qr: d.QR, tc: d.TC, rcode: RCode(d.ResponseCode), dns: d}
		if len(d.Questions) > 0 {
			m.hasQ, m.name, m.qtype = true, d.Questions[0].Name, Type(d.Questions[0].Type)
		}
		return m, true
	}
	return r.parseHeader(msg)
}

func decodeDNS(d *layers.DNS, msg []byte) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return d.DecodeFromBytes(msg, gopacket.NilDecodeFeedback) == nil
}

// parseHeader decodes the header and the first question of msg.
func (r *Reader) parseHeader(msg []byte) (msgInfo, bool) {
	var m msgInfo
	if len(msg) < 12 {
		return m, false
	}
	m.id = binary.BigEndian.Uint16(msg)
	m.qr = msg[2]&0x80 != 0
	m.tc = msg[2]&0x02 != 0
	m.rcode = RCode(msg[3] & 0x0f)
	if binary.BigEndian.Uint16(msg[4:]) == 0 {
		return m, true
	}
	name, end, ok := readName(msg, 12, r.name[:0])
	if !ok || end+4 > len(msg) {
		return m, false
	}
	r.name = name
	m.hasQ, m.name, m.qtype = true, name, Type(binary.BigEndian.Uint16(msg[end:]))
	return m, true
}

// readName appends to buf the dotted form of the domain name at off in
// msg, following compression pointers, and returns the offset just past
// the name where it starts.
func readName(msg []byte, off int, buf []byte) (name []byte, end int, ok bool) {
	end = -1
	for jumps := 0; ; {
		if off >= len(msg) {
			return nil, 0, false
		}
		n := int(msg[off])
		switch {
		case n == 0:
			if end < 0 {
				end = off + 1
			}
			return buf, end, true
		case n&0xc0 == 0xc0:
			if off+1 >= len(msg) || jumps > 64 {
				return nil, 0, false
			}
			if end < 0 {
				end = off + 2
			}
			off = int(binary.BigEndian.Uint16(msg[off:]) & 0x3fff)
			jumps++
		case n&0xc0 != 0:
			return nil, 0, false
		default:
			if off+1+n > len(msg) || len(buf)+n+1 > 255 {
				return nil, 0, false
			}
			if len(buf) > 0 {
				buf = append(buf, '.')
			}
			buf = append(buf, msg[off+1:off+1+n]...)
			off += 1 + n
		}
	}
}

// sameQuestion reports whether tx asks the question name, qtype; names
// compare without regard to ASCII case.
func sameQuestion(tx *Transaction, name []byte, qtype Type) bool {
	if tx.Type != qtype || len(tx.Name) != len(name) {
		return false
	}
	for i := range len(name) {
		a, b := tx.Name[i], name[i]
		if a != b && lower(a) != lower(b) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func (r *Reader) query(client, server netip.AddrPort, tr Transport, m msgInfo, ts time.Time) {
	key := pendingKey{client: client, server: server, id: m.id, tr: tr}
	for _, p := range r.pending[key] {
		if sameQuestion(&p.tx, m.name, m.qtype) {
			p.tx.Retransmissions++
			return
		}
	}
	if r.order.Len() >= r.opts.MaxPending {
		r.emit(r.order.Front().Value.(*pending))
	}
	p := &pending{key: key, tx: Transaction{
		ID:         m.id,
		Name:       string(m.name),
		Type:       m.qtype,
		Transport:  tr,
		Client:     client,
		Server:     server,
		QueryFrame: r.frame,
		QueryTime:  ts,
	}}
	p.elem = r.order.PushBack(p)
	r.pending[key] = append(r.pending[key], p)
}

func (r *Reader) response(server, client netip.AddrPort, tr Transport, m msgInfo, ts time.Time) {
	key := pendingKey{client: client, server: server, id: m.id, tr: tr}
	var match *pending
	for _, p := range r.pending[key] {
		if !m.hasQ || sameQuestion(&p.tx, m.name, m.qtype) {
			match = p
			break
		}
	}
	if match == nil {
		r.stats.Unmatched++
		return
	}
	tx := &match.tx
	tx.ResponseFrame = r.frame
	tx.ResponseTime = ts
	tx.RCode = m.rcode
	tx.Truncated = m.tc
	if d := m.dns; d != nil {
		for i := range d.Answers {
			a := &d.Answers[i]
			if a.Type != layers.DNSTypeA && a.Type != layers.DNSTypeAAAA {
				continue
			}
			if ip, ok := netip.AddrFromSlice(a.IP); ok {
				if a.Type == layers.DNSTypeA {
					ip = ip.Unmap()
				}
				tx.Answers = append(tx.Answers, ip)
			}
		}
	}
	r.emit(match)
}

// emit moves p from the waiting queries to the ready transactions.
func (r *Reader) emit(p *pending) {
	r.order.Remove(p.elem)
	ps := r.pending[p.key]
	for i, q := range ps {
		if q == p {
			ps = append(ps[:i], ps[i+1:]...)
			break
		}
	}
	if len(ps) == 0 {
		delete(r.pending, p.key)
	} else {
		r.pending[p.key] = ps
	}
	r.ready = append(r.ready, p.tx)
}

// expire emits the queries that waited longer than the timeout.
func (r *Reader) expire() {
	for e := r.order.Front(); e != nil; e = r.order.Front() {
		p := e.Value.(*pending)
		if r.now.Sub(p.tx.QueryTime) <= r.opts.Timeout {
			return
		}
		r.emit(p)
	}
}

// flush emits every waiting query, oldest first.
func (r *Reader) flush() {
	for e := r.order.Front(); e != nil; e = r.order.Front() {
		r.emit(e.Value.(*pending))
	}
	r.flows = nil
	r.flowAge.Init()
}
