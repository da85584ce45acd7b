package dnscapture_test

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dnscapture"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// rawMsg builds a DNS message by hand: header, one question (unless name
// is "-"), and the given raw bytes after it.
func rawMsg(id uint16, response bool, rcode byte, name string, qtype uint16, ancount uint16, rest []byte) []byte {
	b := binary.BigEndian.AppendUint16(nil, id)
	flags := byte(0x01)
	if response {
		flags |= 0x80
	}
	b = append(b, flags, rcode)
	qd := uint16(1)
	if name == "-" {
		qd = 0
	}
	b = binary.BigEndian.AppendUint16(b, qd)
	b = binary.BigEndian.AppendUint16(b, ancount)
	b = append(b, 0, 0, 0, 0)
	if qd == 1 {
		for _, l := range strings.Split(name, ".") {
			b = append(b, byte(len(l)))
			b = append(b, l...)
		}
		b = append(b, 0)
		b = binary.BigEndian.AppendUint16(b, qtype)
		b = binary.BigEndian.AppendUint16(b, 1)
	}
	return append(b, rest...)
}

// ipUDP builds an IPv4/UDP packet by hand, without checksums.
func ipUDP(src, dst string, sport, dport uint16, payload []byte) []byte {
	b := []byte{0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0}
	binary.BigEndian.PutUint16(b[2:], uint16(20+8+len(payload)))
	b = append(b, netip.MustParseAddr(src).AsSlice()...)
	b = append(b, netip.MustParseAddr(dst).AsSlice()...)
	b = binary.BigEndian.AppendUint16(b, sport)
	b = binary.BigEndian.AppendUint16(b, dport)
	b = binary.BigEndian.AppendUint16(b, uint16(8+len(payload)))
	b = append(b, 0, 0)
	return append(b, payload...)
}

// rawPcap writes packets as a LINKTYPE_RAW pcap, one every 10 ms.
func rawPcap(t *testing.T, pkts ...[]byte) []byte {
	t.Helper()
	var out bytes.Buffer
	w := pcapgo.NewWriter(&out)
	if err := w.WriteFileHeader(65535, layers.LinkTypeRaw); err != nil {
		t.Fatal(err)
	}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, p := range pkts {
		ci := gopacket.CaptureInfo{Timestamp: base.Add(time.Duration(i) * 10 * time.Millisecond), CaptureLength: len(p), Length: len(p)}
		if err := w.WritePacket(ci, p); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

func TestMatching(t *testing.T) {
	const c, s = "10.0.0.2", "10.0.0.1"
	q := func(id uint16, name string, port uint16) []byte {
		return ipUDP(c, s, port, 53, rawMsg(id, false, 0, name, 1, 0, nil))
	}
	resp := func(id uint16, name string, rcode byte, port uint16, from string) []byte {
		return ipUDP(from, c, 53, port, rawMsg(id, true, rcode, name, 1, 0, nil))
	}
	for _, tc := range []struct {
		name      string
		pkts      [][]byte
		want      []string // Transaction.String of each, in order
		unmatched int64
	}{
		{
			name: "case differs (0x20 randomization)",
			pkts: [][]byte{q(1, "WwW.Example.COM", 1000), resp(1, "www.example.com", 0, 1000, s)},
			want: []string{"frame 1, 00:00:00.000, query 0x0001 A WwW.Example.COM to 10.0.0.1 → frame 2, No error after 0.0 s"},
		},
		{
			name: "response without question",
			pkts: [][]byte{q(2, "a.example", 1000), resp(2, "-", 1, 1000, s)},
			want: []string{"frame 1, 00:00:00.000, query 0x0002 A a.example to 10.0.0.1 → frame 2, Format error after 0.0 s"},
		},
		{
			name:      "response from another server",
			pkts:      [][]byte{q(3, "a.example", 1000), resp(3, "a.example", 0, 1000, "10.0.0.9")},
			want:      []string{"frame 1, 00:00:00.000, query 0x0003 A a.example to 10.0.0.1 → no response"},
			unmatched: 1,
		},
		{
			name:      "other question, same ID",
			pkts:      [][]byte{q(4, "a.example", 1000), resp(4, "b.example", 0, 1000, s)},
			want:      []string{"frame 1, 00:00:00.000, query 0x0004 A a.example to 10.0.0.1 → no response"},
			unmatched: 1,
		},
		{
			name: "ID reused after the answer",
			pkts: [][]byte{q(5, "a.example", 1000), resp(5, "a.example", 0, 1000, s), q(5, "a.example", 1000), resp(5, "a.example", 3, 1000, s)},
			want: []string{
				"frame 1, 00:00:00.000, query 0x0005 A a.example to 10.0.0.1 → frame 2, No error after 0.0 s",
				"frame 3, 00:00:00.020, query 0x0005 A a.example to 10.0.0.1 → frame 4, No such name after 0.0 s",
			},
		},
		{
			name: "retransmission",
			pkts: [][]byte{q(6, "a.example", 1000), q(6, "a.example", 1000), resp(6, "a.example", 2, 1000, s)},
			want: []string{"frame 1, 00:00:00.000, query 0x0006 A a.example to 10.0.0.1 (1 retransmission) → frame 3, Server failure after 0.0 s"},
		},
		{
			name: "same ID from another port is another query",
			pkts: [][]byte{q(7, "a.example", 1000), q(7, "a.example", 1001), resp(7, "a.example", 0, 1001, s)},
			want: []string{
				"frame 2, 00:00:00.010, query 0x0007 A a.example to 10.0.0.1 → frame 3, No error after 0.0 s",
				"frame 1, 00:00:00.000, query 0x0007 A a.example to 10.0.0.1 → no response",
			},
		},
		{
			// An answer record cut short: gopacket rejects the message,
			// the header and question still answer the query.
			name: "response with a malformed answer",
			pkts: [][]byte{q(8, "a.example", 1000), ipUDP(s, c, 53, 1000, rawMsg(8, true, 2, "a.example", 1, 1, []byte{0xc0, 0x0c, 0, 1}))},
			want: []string{"frame 1, 00:00:00.000, query 0x0008 A a.example to 10.0.0.1 → frame 2, Server failure after 0.0 s"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			txs, r, err := readAll(t, rawPcap(t, tc.pkts...), nil)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, tx := range txs {
				got = append(got, tx.String())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if n := r.Stats().Unmatched; n != tc.unmatched {
				t.Errorf("Unmatched = %d, want %d", n, tc.unmatched)
			}
		})
	}
}

// TestUndecodable checks the counting of packets that are not DNS or not
// decodable.
func TestUndecodable(t *testing.T) {
	data := rawPcap(t,
		ipUDP("10.0.0.2", "10.0.0.1", 1000, 53, []byte("short")),   // UDP/53, not DNS
		ipUDP("10.0.0.2", "10.0.0.1", 1000, 123, make([]byte, 48)), // NTP
		[]byte{0x45, 0, 0},    // cut IPv4 header
		[]byte{0x00, 1, 2, 3}, // neither IPv4 nor IPv6
	)
	_, r, err := readAll(t, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := dnscapture.Stats{Packets: 4, NonDNS: 1, Undecodable: 3}
	if got := r.Stats(); got != want {
		t.Errorf("Stats = %+v, want %+v", got, want)
	}
}
