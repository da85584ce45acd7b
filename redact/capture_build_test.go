package redact

import (
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// Addresses and names of the small captures the tests build.
var (
	macClient = net.HardwareAddr{0x00, 0x50, 0x56, 0xa1, 0xb2, 0xc3}
	macRouter = net.HardwareAddr{0x3c, 0x22, 0xfb, 0x11, 0x22, 0x33}
	ipClient  = net.IP{10, 20, 30, 40}
	ipServer  = net.IP{192, 168, 77, 1}
	ipWeb     = net.IP{10, 1, 2, 3}
	ipPublic  = net.IP{203, 0, 113, 9}
	ip6Client = net.ParseIP("2a02:6b8:aaaa::10")
	ip6Server = net.ParseIP("2a02:6b8:aaaa::53")
	ip6Web    = net.ParseIP("2a02:6b8:bbbb::80")
)

var captureStart = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// serialize returns the bytes of a packet made of ls, with lengths and
// checksums computed.
func serialize(t testing.TB, ls ...gopacket.SerializableLayer) []byte {
	t.Helper()
	for i, l := range ls {
		var net gopacket.NetworkLayer
		for _, n := range ls[:i] {
			if nl, ok := n.(gopacket.NetworkLayer); ok {
				net = nl
			}
		}
		switch l := l.(type) {
		case *layers.UDP:
			l.SetNetworkLayerForChecksum(net)
		case *layers.TCP:
			l.SetNetworkLayerForChecksum(net)
		case *layers.ICMPv6:
			l.SetNetworkLayerForChecksum(net)
		}
	}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, serializeOpts, ls...); err != nil {
		t.Fatal(err)
	}
	return append([]byte(nil), buf.Bytes()...)
}

func eth(src, dst net.HardwareAddr, typ layers.EthernetType) *layers.Ethernet {
	return &layers.Ethernet{SrcMAC: src, DstMAC: dst, EthernetType: typ}
}

func ipv4(src, dst net.IP, proto layers.IPProtocol) *layers.IPv4 {
	return &layers.IPv4{Version: 4, TTL: 64, Protocol: proto, SrcIP: src, DstIP: dst}
}

func ipv6(src, dst net.IP, next layers.IPProtocol) *layers.IPv6 {
	return &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: next, SrcIP: src, DstIP: dst}
}

func udp(src, dst uint16) *layers.UDP {
	return &layers.UDP{SrcPort: layers.UDPPort(src), DstPort: layers.UDPPort(dst)}
}

// udpDNS returns an Ethernet frame carrying msg from src to dst.
func udpDNS(t testing.TB, src, dst net.IP, sport, dport uint16, msg *layers.DNS) []byte {
	t.Helper()
	if src.To4() == nil {
		return serialize(t, eth(macClient, macRouter, layers.EthernetTypeIPv6), ipv6(src, dst, layers.IPProtocolUDP), udp(sport, dport), msg)
	}
	return serialize(t, eth(macClient, macRouter, layers.EthernetTypeIPv4), ipv4(src, dst, layers.IPProtocolUDP), udp(sport, dport), msg)
}

func question(name string, typ layers.DNSType) layers.DNSQuestion {
	return layers.DNSQuestion{Name: []byte(name), Type: typ, Class: layers.DNSClassIN}
}

func query(id uint16, name string, typ layers.DNSType) *layers.DNS {
	return &layers.DNS{ID: id, RD: true, Questions: []layers.DNSQuestion{question(name, typ)}}
}

func response(id uint16, name string, typ layers.DNSType, rcode layers.DNSResponseCode, answers ...layers.DNSResourceRecord) *layers.DNS {
	return &layers.DNS{ID: id, QR: true, RD: true, RA: true, ResponseCode: rcode,
		Questions: []layers.DNSQuestion{question(name, typ)}, Answers: answers}
}

func rr(name string, typ layers.DNSType) layers.DNSResourceRecord {
	return layers.DNSResourceRecord{Name: []byte(name), Type: typ, Class: layers.DNSClassIN, TTL: 300}
}

// pcapOf returns a pcap file of link type lt holding frames, a
// millisecond apart.
func pcapOf(t testing.TB, lt layers.LinkType, frames ...[]byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := pcapgo.NewWriter(&b)
	if err := w.WriteFileHeader(65535, lt); err != nil {
		t.Fatal(err)
	}
	for i, f := range frames {
		ci := gopacket.CaptureInfo{Timestamp: captureStart.Add(time.Duration(i) * time.Millisecond), CaptureLength: len(f), Length: len(f)}
		if err := w.WritePacket(ci, f); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// decodeFrames returns the packets of a capture, failing the test when
// pcapgo cannot read it.
func decodeFrames(t *testing.T, data []byte) []gopacket.Packet {
	t.Helper()
	pkts, err := packets(t, data)
	if err != nil {
		t.Fatalf("reading the redacted capture: %v", err)
	}
	return pkts
}

// dnsOf returns the DNS layer of p, or fails.
func dnsOf(t *testing.T, p gopacket.Packet) *layers.DNS {
	t.Helper()
	d, ok := p.Layer(layers.LayerTypeDNS).(*layers.DNS)
	if !ok {
		t.Fatalf("no DNS in %v", p)
	}
	return d
}

// checkAll runs the checks every redacted capture must pass.
func checkAll(t *testing.T, r *Redactor, orig, red []byte) {
	t.Helper()
	checkTransactions(t, r, orig, red)
	checkSecrets(t, r, orig, red)
	checkChecksums(t, red)
	checkIdempotent(t, r, red)
}
