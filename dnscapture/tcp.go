package dnscapture

import (
	"container/list"
	"encoding/binary"
	"net/netip"
	"time"
)

// maxTCPMessage is the longest DNS message over TCP with its 2-byte length
// prefix; it bounds the buffer of a flow.
const maxTCPMessage = 2 + 65535

// flowKey is one direction of one TCP connection.
type flowKey struct {
	src, dst netip.AddrPort
}

// flow reassembles one direction of a TCP connection on port 53. It
// handles segments in order, drops duplicates and trims overlaps; after a
// gap it drops what it had and restarts at the next segment, on the bet
// that a message starts there.
type flow struct {
	key  flowKey
	next uint32 // sequence number expected next
	buf  []byte // bytes of the message being assembled
	elem *list.Element
}

// segment handles one TCP segment to or from port 53.
func (r *Reader) segment(p decodedPacket, ts time.Time) {
	t := p.tcp
	key := flowKey{p.src, p.dst}
	f := r.flows[key]
	if t.SYN {
		if f != nil {
			r.dropFlow(f)
		}
		f = r.newFlow(key)
		f.next = t.Seq + 1
	}
	payload := p.payload
	if len(payload) == 0 {
		if (t.FIN || t.RST) && f != nil {
			r.dropFlow(f)
		}
		r.stats.NonDNS++
		return
	}
	if f == nil {
		f = r.newFlow(key)
		f.next = t.Seq
	}
	seq := t.Seq
	if t.SYN { // data on a SYN follows the sequence number the SYN takes
		seq++
	}
	switch d := int32(seq - f.next); {
	case d < 0: // retransmitted or overlapping
		if int(-d) >= len(payload) {
			payload = nil
		} else {
			payload = payload[-d:]
		}
	case d > 0: // gap: start again here
		f.buf = f.buf[:0]
	}
	f.next = seq + uint32(len(p.payload))
	ok := true
	f.buf = append(f.buf, payload...)
	for len(f.buf) >= 2 {
		n := 2 + int(binary.BigEndian.Uint16(f.buf))
		if len(f.buf) < n {
			break
		}
		if !r.message(p.src, p.dst, TCP, f.buf[2:n], ts) {
			ok = false
		}
		f.buf = f.buf[:copy(f.buf, f.buf[n:])]
	}
	if len(f.buf) > maxTCPMessage { // cannot happen: a message is consumed as soon as complete
		f.buf = f.buf[:0]
	}
	if cap(f.buf) > maxTCPMessage && len(f.buf) == 0 {
		f.buf = nil
	}
	if ok {
		r.stats.DNS++
	} else {
		r.stats.Undecodable++
	}
	if t.FIN || t.RST {
		r.dropFlow(f)
	}
}

func (r *Reader) newFlow(key flowKey) *flow {
	if r.flowAge.Len() >= r.opts.MaxFlows {
		r.dropFlow(r.flowAge.Front().Value.(*flow))
	}
	f := &flow{key: key}
	f.elem = r.flowAge.PushBack(f)
	if r.flows == nil {
		r.flows = make(map[flowKey]*flow)
	}
	r.flows[key] = f
	return f
}

func (r *Reader) dropFlow(f *flow) {
	r.flowAge.Remove(f.elem)
	delete(r.flows, f.key)
}
