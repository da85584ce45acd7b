package redact

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/dnscapture"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

var captureKey = []byte("capture-test-key-0123456789")

func newCaptureRedactor(t testing.TB) *Redactor {
	t.Helper()
	r, err := New(&Options{Key: captureKey})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// redactCapture redacts in with a fresh Redactor of captureKey.
func redactCapture(t testing.TB, in []byte) ([]byte, *Redactor, CaptureCounts, error) {
	t.Helper()
	r := newCaptureRedactor(t)
	var out bytes.Buffer
	n, err := CaptureCount(r, &out, bytes.NewReader(in))
	return out.Bytes(), r, n, err
}

// transactions reads every DNS transaction of a capture, and the error
// that ended the reading, if any.
func transactions(t *testing.T, data []byte) ([]dnscapture.Transaction, error) {
	t.Helper()
	rd, err := dnscapture.NewReader(bytes.NewReader(data), nil)
	if err != nil {
		return nil, err
	}
	var txs []dnscapture.Transaction
	for {
		tx, err := rd.Next()
		if err == io.EOF {
			return txs, nil
		}
		if err != nil {
			return txs, err
		}
		txs = append(txs, tx)
	}
}

// wantName returns what the redaction of the DNS name n must be.
func wantName(r *Redactor, n string) string {
	if a, suffix, ok := reverseAddr(n); ok {
		return reverseName(r.Addr(a)) + suffix
	}
	return r.Name(n)
}

func wantAddrPort(r *Redactor, ap netip.AddrPort) netip.AddrPort {
	return netip.AddrPortFrom(r.Addr(ap.Addr()), ap.Port())
}

// checkTransactions checks that the redacted capture gives the same DNS
// transactions as the original, with redacted names and addresses.
func checkTransactions(t *testing.T, r *Redactor, orig, red []byte) {
	t.Helper()
	want, werr := transactions(t, orig)
	got, gerr := transactions(t, red)
	if gerr != nil {
		t.Errorf("reading the redacted capture: %v", gerr)
	}
	if len(want) == 0 {
		t.Errorf("no transaction in the original")
	}
	if len(got) != len(want) {
		t.Fatalf("%d transactions, want %d (original read ended with %v)", len(got), len(want), werr)
	}
	for i, w := range want {
		g := got[i]
		if g.Name != wantName(r, w.Name) {
			t.Errorf("transaction %d: name %q, want %q (of %q)", i, g.Name, wantName(r, w.Name), w.Name)
		}
		if g.Client != wantAddrPort(r, w.Client) || g.Server != wantAddrPort(r, w.Server) {
			t.Errorf("transaction %d: %v -> %v, want %v -> %v", i, g.Client, g.Server, wantAddrPort(r, w.Client), wantAddrPort(r, w.Server))
		}
		if g.RCode != w.RCode || g.Type != w.Type || g.Transport != w.Transport || g.Truncated != w.Truncated ||
			g.Retransmissions != w.Retransmissions || g.ID != w.ID {
			t.Errorf("transaction %d: %+v, want %+v", i, g, w)
		}
		if !g.QueryTime.Equal(w.QueryTime) || !g.ResponseTime.Equal(w.ResponseTime) {
			t.Errorf("transaction %d: times %v %v, want %v %v", i, g.QueryTime, g.ResponseTime, w.QueryTime, w.ResponseTime)
		}
		if len(g.Answers) != len(w.Answers) {
			t.Errorf("transaction %d: answers %v, want those of %v", i, g.Answers, w.Answers)
			continue
		}
		for j, a := range w.Answers {
			if g.Answers[j] != r.Addr(a) {
				t.Errorf("transaction %d: answer %v, want %v", i, g.Answers[j], r.Addr(a))
			}
		}
	}
}

// packets reads every packet of a capture with pcapgo, and its link type.
func packets(t *testing.T, data []byte) (pkts []gopacket.Packet, err error) {
	t.Helper()
	var src interface {
		ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
	}
	lt := layers.LinkTypeEthernet
	if len(data) >= 4 && binary.LittleEndian.Uint32(data) == magicNg {
		ng, err := pcapgo.NewNgReader(bytes.NewReader(data), pcapgo.NgReaderOptions{WantMixedLinkType: true})
		if err != nil {
			return nil, err
		}
		src = ng
	} else {
		pr, err := pcapgo.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		lt = pr.LinkType()
		src = pr
	}
	for {
		d, ci, err := src.ReadPacketData()
		if err == io.EOF {
			return pkts, nil
		}
		if err != nil {
			return pkts, err
		}
		l := lt
		if len(ci.AncillaryData) > 0 {
			l = ci.AncillaryData[0].(layers.LinkType)
		}
		p := gopacket.NewPacket(d, l, gopacket.Default)
		p.Metadata().CaptureInfo = ci
		pkts = append(pkts, p)
	}
}

// secrets are what a capture holds that redaction must replace or keep.
type secrets struct {
	addrs map[netip.Addr]bool
	macs  map[[6]byte]bool
	names map[string]bool
}

func (s *secrets) name(n []byte) {
	if len(n) > 0 {
		s.names[strings.ToLower(string(n))] = true
	}
}

func (s *secrets) ip(ip net.IP) {
	if a, ok := netip.AddrFromSlice(ip); ok {
		s.addrs[a] = true
	}
}

func (s *secrets) mac(hw net.HardwareAddr) {
	if len(hw) == 6 {
		s.macs[[6]byte(hw)] = true
	}
}

func collectSecrets(t *testing.T, data []byte) *secrets {
	t.Helper()
	s := &secrets{addrs: map[netip.Addr]bool{}, macs: map[[6]byte]bool{}, names: map[string]bool{}}
	pkts, _ := packets(t, data)
	streams := map[string][]byte{}
	for _, p := range pkts {
		ls := p.Layers()
		for i := 0; i < len(ls); i++ {
			switch l := ls[i].(type) {
			case *layers.TCP:
				// DNS over TCP: the messages of each direction, in order.
				if l.SrcPort != 53 && l.DstPort != 53 || p.NetworkLayer() == nil {
					continue
				}
				k := p.NetworkLayer().NetworkFlow().String() + " " + l.TransportFlow().String()
				buf := append(streams[k], l.Payload...)
				for len(buf) >= 2 && len(buf) >= 2+int(binary.BigEndian.Uint16(buf)) {
					n := 2 + int(binary.BigEndian.Uint16(buf))
					d := &layers.DNS{}
					if d.DecodeFromBytes(buf[2:n], gopacket.NilDecodeFeedback) == nil {
						ls = append(ls, d)
					}
					buf = buf[n:]
				}
				streams[k] = buf
			case *layers.Ethernet:
				s.mac(l.SrcMAC)
				s.mac(l.DstMAC)
			case *layers.LinuxSLL:
				s.mac(l.Addr)
			case *layers.LinuxSLL2:
				s.mac(l.Addr)
			case *layers.ARP:
				s.mac(l.SourceHwAddress)
				s.mac(l.DstHwAddress)
				s.ip(l.SourceProtAddress)
				s.ip(l.DstProtAddress)
			case *layers.IPv4:
				s.ip(l.SrcIP)
				s.ip(l.DstIP)
			case *layers.IPv6:
				s.ip(l.SrcIP)
				s.ip(l.DstIP)
			case *layers.DNS:
				for _, q := range l.Questions {
					s.name(q.Name)
				}
				for _, rrs := range [][]layers.DNSResourceRecord{l.Answers, l.Authorities, l.Additionals} {
					for _, rr := range rrs {
						s.name(rr.Name)
						s.name(rr.CNAME)
						s.name(rr.NS)
						s.name(rr.PTR)
						s.name(rr.MX.Name)
						s.name(rr.SRV.Name)
						if rr.Type == layers.DNSTypeA || rr.Type == layers.DNSTypeAAAA {
							s.ip(rr.IP)
						}
					}
				}
			}
		}
	}
	return s
}

// wire returns the DNS wire form of a name, without its root label.
func wire(name string) []byte {
	var b []byte
	for _, l := range strings.Split(strings.Trim(name, "."), ".") {
		b = append(b, byte(len(l)))
		b = append(b, l...)
	}
	return b
}

// checkSecrets checks that no secret of orig is left in red, and that
// what is kept is still there.
func checkSecrets(t *testing.T, r *Redactor, orig, red []byte) {
	t.Helper()
	s := collectSecrets(t, orig)
	if len(s.addrs) == 0 {
		t.Errorf("no address found in the original")
	}
	lower := bytes.ToLower(red)
	for a := range s.addrs {
		raw := a.AsSlice()
		if r.Addr(a) == a {
			if !bytes.Contains(red, raw) {
				t.Errorf("kept address %v missing", a)
			}
			continue
		}
		if bytes.Contains(red, raw) {
			t.Errorf("address %v left in the output", a)
		}
	}
	for m := range s.macs {
		hw := net.HardwareAddr(m[:])
		if m[0]&1 == 1 || m == [6]byte{} {
			continue // broadcast, multicast, none: kept
		}
		if bytes.Contains(red, m[:]) {
			t.Errorf("MAC %v left in the output", hw)
		}
	}
	for n := range s.names {
		if a, _, ok := reverseAddr(n); ok && r.Addr(a) == a {
			continue
		}
		if r.Kept(n) {
			if !bytes.Contains(lower, wire(n)) {
				t.Errorf("kept name %q missing", n)
			}
			continue
		}
		if bytes.Contains(lower, wire(n)) || strings.Contains(n, ".") && bytes.Contains(lower, []byte(n)) {
			t.Errorf("name %q left in the output", n)
		}
	}
}

// checkChecksums checks every IPv4, UDP, TCP and ICMP checksum of a
// capture.
func checkChecksums(t *testing.T, data []byte) {
	t.Helper()
	pkts, err := packets(t, data)
	if err != nil {
		t.Errorf("pcapgo reading the redacted capture: %v", err)
	}
	for i, p := range pkts {
		var pseudo uint32
		for _, l := range p.Layers() {
			switch l := l.(type) {
			case *layers.IPv4:
				if fold(sum(l.Contents)) != 0xffff {
					t.Errorf("packet %d: bad IPv4 header checksum", i+1)
				}
				pseudo = sum(l.SrcIP) + sum(l.DstIP) + uint32(l.Protocol) + uint32(len(l.Payload))
				if l.Protocol == layers.IPProtocolICMPv4 {
					pseudo = 0
				}
			case *layers.IPv6:
				pseudo = sum(l.SrcIP) + sum(l.DstIP) + uint32(len(l.Payload))
			case *layers.IPv6HopByHop, *layers.IPv6Destination:
				pseudo -= uint32(len(l.LayerContents()))
			case *layers.UDP, *layers.TCP, *layers.ICMPv4, *layers.ICMPv6:
				seg := append(append([]byte(nil), l.LayerContents()...), l.LayerPayload()...)
				next := map[gopacket.LayerType]uint32{layers.LayerTypeUDP: 17, layers.LayerTypeTCP: 6, layers.LayerTypeICMPv6: 58}[l.LayerType()]
				if _, v6 := p.NetworkLayer().(*layers.IPv6); v6 {
					pseudo += next
				}
				if fold(pseudo+sum(seg)) != 0xffff {
					t.Errorf("packet %d: bad %v checksum", i+1, l.LayerType())
				}
			}
		}
	}
}

var captureFiles = []struct {
	name    string
	damaged bool
}{
	{"technote.pcapng", false},
	{"after-workaround.pcap", false},
	{"ipv6.pcap", false},
	{"sll.pcap", false},
	{"loopback.pcap", false},
	{"tcp.pcapng", false},
	{"multi-interface.pcapng", false},
	{"truncated.pcapng", true},
	{"huge-length.pcap", true},
	{"absurd-snaplen.pcap", false},
}

func TestCaptureFiles(t *testing.T) {
	for _, tc := range captureFiles {
		t.Run(tc.name, func(t *testing.T) {
			orig, err := os.ReadFile(filepath.Join("..", "testdata", "captures", tc.name))
			if err != nil {
				t.Fatal(err)
			}
			red, r, n, err := redactCapture(t, orig)
			if tc.damaged {
				var ce *CaptureError
				if !errors.Is(err, ErrCaptureDamaged) || !errors.As(err, &ce) || ce.Packet == 0 {
					t.Errorf("error %v, want a positioned ErrCaptureDamaged", err)
				}
			} else if err != nil {
				t.Fatalf("Capture: %v", err)
			}
			if n.Written == 0 || n.Written+n.Dropped() != n.Packets {
				t.Errorf("counts %+v", n)
			}
			if s := collectSecrets(t, orig); len(s.names) == 0 {
				t.Errorf("no DNS name found in the original")
			}
			checkTransactions(t, r, orig, red)
			checkSecrets(t, r, orig, red)
			checkChecksums(t, red)

			again, _, _, _ := redactCapture(t, orig)
			if !bytes.Equal(again, red) {
				t.Errorf("same key, different output")
			}
			checkIdempotent(t, r, red)
		})
	}
}

// checkIdempotent checks that redacting red again changes nothing, once
// the second Redactor knows the pseudonyms: the names from r.Pseudonyms,
// the addresses and MACs as the output shows them (a list of pseudonyms
// holds no address, so a second pass without them would map the
// addresses again).
func checkIdempotent(t *testing.T, r *Redactor, red []byte) {
	t.Helper()
	r2 := newCaptureRedactor(t)
	r2.AddPseudonyms(r.Pseudonyms()...)
	s := collectSecrets(t, red)
	for a := range s.addrs {
		r2.AddPseudonyms(a.String())
	}
	for m := range s.macs {
		r2.AddPseudonyms(net.HardwareAddr(m[:]).String())
	}
	var out bytes.Buffer
	Capture(r2, &out, bytes.NewReader(red))
	if !bytes.Equal(out.Bytes(), red) {
		t.Errorf("a second redaction changed the capture: %d bytes, then %d", len(red), out.Len())
	}
}
