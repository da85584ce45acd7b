// Package capgen builds the synthetic packet captures kept in
// testdata/captures, and larger ones for benchmarks. Its output depends on
// nothing but its code: the same bytes on every run and every machine.
package capgen

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net"
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// A File is one generated capture.
type File struct {
	Name string
	Data []byte
}

// Files returns every capture of testdata/captures, in a fixed order.
func Files() ([]File, error) {
	gens := []struct {
		name string
		fn   func() ([]byte, error)
	}{
		{"technote.pcapng", Technote},
		{"after-workaround.pcap", afterWorkaround},
		{"tcp.pcapng", tcpCapture},
		{"ipv6.pcap", ipv6Capture},
		{"sll.pcap", sllCapture},
		{"loopback.pcap", loopbackCapture},
		{"multi-interface.pcapng", multiInterface},
		{"truncated.pcapng", truncated},
		{"huge-length.pcap", hugeLength},
		{"absurd-snaplen.pcap", absurdSnaplen},
		{"not-a-capture.pcap", notACapture},
	}
	var files []File
	for _, g := range gens {
		b, err := g.fn()
		if err != nil {
			return nil, fmt.Errorf("%s: %v", g.name, err)
		}
		files = append(files, File{g.name, b})
	}
	return files, nil
}

var (
	serOpts = gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	macA    = net.HardwareAddr{0x00, 0x50, 0x56, 0x8a, 0x1f, 0x02}
	macB    = net.HardwareAddr{0x00, 0x1b, 0x54, 0xc2, 0x61, 0x41}
)

func ip(s string) net.IP { return netip.MustParseAddr(s).AsSlice() }

// dnsMsg returns a DNS message. A zero rcode with answers makes a response
// carrying A or AAAA records for the addresses.
func dnsMsg(id uint16, name string, qtype layers.DNSType, response bool, rcode layers.DNSResponseCode, answers ...string) *layers.DNS {
	d := &layers.DNS{
		ID: id, QR: response, OpCode: layers.DNSOpCodeQuery, RD: true, RA: response,
		ResponseCode: rcode,
		Questions:    []layers.DNSQuestion{{Name: []byte(name), Type: qtype, Class: layers.DNSClassIN}},
	}
	for _, a := range answers {
		addr := netip.MustParseAddr(a)
		rr := layers.DNSResourceRecord{Name: []byte(name), Class: layers.DNSClassIN, TTL: 300, IP: addr.AsSlice()}
		rr.Type = layers.DNSTypeA
		if addr.Is6() {
			rr.Type = layers.DNSTypeAAAA
		}
		d.Answers = append(d.Answers, rr)
	}
	return d
}

// ipLayers returns the IPv4 or IPv6 header for src to dst.
func ipLayer(src, dst string, proto layers.IPProtocol, ipid uint16) gopacket.NetworkLayer {
	if netip.MustParseAddr(src).Is4() {
		return &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Id: ipid, Flags: layers.IPv4DontFragment, Protocol: proto, SrcIP: ip(src), DstIP: ip(dst)}
	}
	return &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: proto, SrcIP: ip(src), DstIP: ip(dst)}
}

// udpPacket serializes an IP/UDP packet carrying payload, below link.
func udpPacket(link []gopacket.SerializableLayer, src, dst string, sport, dport uint16, ipid uint16, payload gopacket.SerializableLayer) ([]byte, error) {
	nl := ipLayer(src, dst, layers.IPProtocolUDP, ipid)
	udp := &layers.UDP{SrcPort: layers.UDPPort(sport), DstPort: layers.UDPPort(dport)}
	if err := udp.SetNetworkLayerForChecksum(nl); err != nil {
		return nil, err
	}
	ls := append(append([]gopacket.SerializableLayer{}, link...), nl.(gopacket.SerializableLayer), udp, payload)
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, serOpts, ls...); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

// tcpPacket serializes an IP/TCP segment.
func tcpPacket(link []gopacket.SerializableLayer, src, dst string, sport, dport uint16, ipid uint16, tcp layers.TCP, payload []byte) ([]byte, error) {
	nl := ipLayer(src, dst, layers.IPProtocolTCP, ipid)
	tcp.SrcPort, tcp.DstPort = layers.TCPPort(sport), layers.TCPPort(dport)
	if tcp.Window == 0 {
		tcp.Window = 64240
	}
	if err := tcp.SetNetworkLayerForChecksum(nl); err != nil {
		return nil, err
	}
	ls := append(append([]gopacket.SerializableLayer{}, link...), nl.(gopacket.SerializableLayer), &tcp, gopacket.Payload(payload))
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, serOpts, ls...); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil
}

func eth(src, dst net.HardwareAddr, typ layers.EthernetType) []gopacket.SerializableLayer {
	return []gopacket.SerializableLayer{&layers.Ethernet{SrcMAC: src, DstMAC: dst, EthernetType: typ}}
}

func arpRequest(senderIP, targetIP string) ([]byte, error) {
	buf := gopacket.NewSerializeBuffer()
	err := gopacket.SerializeLayers(buf, serOpts,
		&layers.Ethernet{SrcMAC: macB, DstMAC: net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, EthernetType: layers.EthernetTypeARP},
		&layers.ARP{AddrType: layers.LinkTypeEthernet, Protocol: layers.EthernetTypeIPv4, HwAddressSize: 6, ProtAddressSize: 4,
			Operation: layers.ARPRequest, SourceHwAddress: macB, SourceProtAddress: ip(senderIP).To4(),
			DstHwAddress: make([]byte, 6), DstProtAddress: ip(targetIP).To4()})
	if err != nil {
		return nil, err
	}
	b := bytes.Clone(buf.Bytes())
	for len(b) < 60 { // Ethernet minimum frame without FCS
		b = append(b, 0)
	}
	return b, nil
}

// packet is one frame to write.
type packet struct {
	t    time.Time
	data []byte
}

func writeNg(pkts []packet, lt layers.LinkType) ([]byte, error) {
	var out bytes.Buffer
	w, err := pcapgo.NewNgWriterInterface(&out,
		pcapgo.NgInterface{Name: "eth0", LinkType: lt, SnapLength: 262144},
		pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "gencaptures"}})
	if err != nil {
		return nil, err
	}
	for _, p := range pkts {
		ci := gopacket.CaptureInfo{Timestamp: p.t, CaptureLength: len(p.data), Length: len(p.data)}
		if err := w.WritePacket(ci, p.data); err != nil {
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func writePcap(pkts []packet, lt layers.LinkType, nanos bool) ([]byte, error) {
	var out bytes.Buffer
	w := pcapgo.NewWriter(&out)
	if nanos {
		w = pcapgo.NewWriterNanos(&out)
	}
	if err := w.WriteFileHeader(262144, lt); err != nil {
		return nil, err
	}
	for _, p := range pkts {
		ci := gopacket.CaptureInfo{Timestamp: p.t, CaptureLength: len(p.data), Length: len(p.data)}
		if err := w.WritePacket(ci, p.data); err != nil {
			return nil, err
		}
	}
	return out.Bytes(), nil
}

// filler returns a non-DNS frame: mostly TLS traffic on TCP/443, now and
// then an ARP request.
func filler(i int, client string) ([]byte, error) {
	if i%7 == 0 {
		return arpRequest("10.31.121.1", fmt.Sprintf("10.31.121.%d", 10+i%200))
	}
	payload := make([]byte, 40+i%60)
	for j := range payload {
		payload[j] = byte(i*31 + j*7)
	}
	seq := uint32(100000 + i*1000)
	if i%2 == 0 {
		return tcpPacket(eth(macA, macB, layers.EthernetTypeIPv4), client, "72.163.4.161", 50432, 443, uint16(i),
			layers.TCP{Seq: seq, Ack: 777000, ACK: true, PSH: true}, payload)
	}
	return tcpPacket(eth(macB, macA, layers.EthernetTypeIPv4), "72.163.4.161", client, 443, 50432, uint16(i),
		layers.TCP{Seq: 777000, Ack: seq, ACK: true, PSH: true}, payload)
}

// technoteRows is the packet table of the TechNote "Troubleshoot
// AnyConnect DNS queries to mus.cisco.com": frame, time, and whether the
// frame is the response.
var technoteRows = []struct {
	frame int
	time  string
	id    uint16
	resp  bool
}{
	{2, "20:21:32.289178", 0x03a7, false}, {18, "20:21:43.662753", 0x03a7, true},
	{26, "20:21:47.336418", 0x03d8, false}, {59, "20:21:59.069648", 0x03d8, true},
	{66, "20:22:02.385726", 0x0409, false}, {88, "20:22:13.570386", 0x0409, true},
	{96, "20:22:17.426213", 0x043a, false}, {117, "20:22:28.977132", 0x043a, true},
	{135, "20:22:32.478764", 0x046b, false}, {159, "20:22:43.477717", 0x046b, true},
	{167, "20:22:47.526516", 0x049c, false}, {197, "20:22:59.790911", 0x049c, true},
	{203, "20:23:02.572275", 0x04cd, false}, {225, "20:23:14.291503", 0x04cd, true},
	{232, "20:23:17.615747", 0x04fe, false}, {251, "20:23:29.698518", 0x04fe, true},
}

// technoteFrames is the number of frames in technote.pcapng.
const technoteFrames = 260

// Technote returns technote.pcapng: the TechNote's exchange, A queries for
// mus.cisco.com from 10.31.121.202 to 10.88.240.69 every 15 s, each
// answered "Server failure" about 11 s later, at the TechNote's frame
// numbers and times (taken as UTC on 2020-06-17), with TLS and ARP frames
// in between.
func Technote() ([]byte, error) {
	const client, server = "10.31.121.202", "10.88.240.69"
	type at struct {
		t    time.Time
		data []byte
	}
	dns := map[int]at{}
	for i, r := range technoteRows {
		t, err := time.Parse("2006-01-02 15:04:05.000000", "2020-06-17 "+r.time)
		if err != nil {
			return nil, err
		}
		port := uint16(56000 + 17*(i/2))
		var b []byte
		if r.resp {
			b, err = udpPacket(eth(macB, macA, layers.EthernetTypeIPv4), server, client, 53, port, uint16(0x4000+i),
				dnsMsg(r.id, "mus.cisco.com", layers.DNSTypeA, true, layers.DNSResponseCodeServFail))
		} else {
			b, err = udpPacket(eth(macA, macB, layers.EthernetTypeIPv4), client, server, port, 53, uint16(0x2000+i),
				dnsMsg(r.id, "mus.cisco.com", layers.DNSTypeA, false, 0))
		}
		if err != nil {
			return nil, err
		}
		dns[r.frame] = at{t, b}
	}
	start := time.Date(2020, 6, 17, 20, 21, 32, 100000000, time.UTC)
	end := time.Date(2020, 6, 17, 20, 23, 30, 500000000, time.UTC)
	// Filler frames get times spread evenly between the DNS frames around them.
	var pkts []packet
	prevFrame, prevTime := 0, start
	for f := 1; f <= technoteFrames; f++ {
		if d, ok := dns[f]; ok {
			pkts = append(pkts, packet(d))
			prevFrame, prevTime = f, d.t
			continue
		}
		nextFrame, nextTime := technoteFrames+1, end
		for g := f + 1; g <= technoteFrames; g++ {
			if d, ok := dns[g]; ok {
				nextFrame, nextTime = g, d.t
				break
			}
		}
		step := nextTime.Sub(prevTime) / time.Duration(nextFrame-prevFrame)
		step = step.Truncate(time.Microsecond)
		b, err := filler(f, client)
		if err != nil {
			return nil, err
		}
		pkts = append(pkts, packet{t: prevTime.Add(step * time.Duration(f-prevFrame)), data: b})
	}
	return writeNg(pkts, layers.LinkTypeEthernet)
}

// afterWorkaround returns after-workaround.pcap: the TechNote's second
// table, once mus.cisco.com resolves: only Windows Update and settings
// queries to 10.4.9.1, retried with the same ID at 1, 2 and 4 s, each
// series answered NOERROR after its last retry. The TechNote gives times
// relative to the start of its capture and frame numbers around 16,400;
// here the capture starts at 2020-06-17 21:00:00 UTC and frames are
// renumbered from 1, with a filler frame between DNS frames.
func afterWorkaround() ([]byte, error) {
	const client, server = "10.4.9.62", "10.4.9.1"
	base := time.Date(2020, 6, 17, 21, 0, 0, 0, time.UTC)
	rows := []struct {
		rel     string
		id      uint16
		name    string
		resp    bool
		answers []string
	}{
		{"866.042487", 0xc729, "sls.update.microsoft.com", false, nil},
		{"866.151743", 0xad6f, "settings-win.data.microsoft.com", false, nil},
		{"867.058085", 0xc729, "sls.update.microsoft.com", false, nil},
		{"867.151917", 0xad6f, "settings-win.data.microsoft.com", false, nil},
		{"869.058089", 0xc729, "sls.update.microsoft.com", false, nil},
		{"869.167454", 0xad6f, "settings-win.data.microsoft.com", false, nil},
		{"873.058065", 0xc729, "sls.update.microsoft.com", false, nil},
		{"873.101402", 0xc729, "sls.update.microsoft.com", true, []string{"20.72.205.209"}},
		{"873.183053", 0xad6f, "settings-win.data.microsoft.com", false, nil},
		{"873.229610", 0xad6f, "settings-win.data.microsoft.com", true, []string{"20.42.65.92", "20.42.65.88"}},
		{"877.080933", 0x9902, "sls.update.microsoft.com", false, nil},
		{"878.073865", 0x9902, "sls.update.microsoft.com", false, nil},
		{"879.073732", 0x9902, "sls.update.microsoft.com", false, nil},
		{"881.089368", 0x9902, "sls.update.microsoft.com", false, nil},
		{"885.104894", 0x9902, "sls.update.microsoft.com", false, nil},
		{"885.150021", 0x9902, "sls.update.microsoft.com", true, []string{"20.72.205.209"}},
	}
	ports := map[uint16]uint16{0xc729: 61001, 0xad6f: 61002, 0x9902: 61003}
	var pkts []packet
	for i, r := range rows {
		d, err := time.ParseDuration(r.rel + "s")
		if err != nil {
			return nil, err
		}
		t := base.Add(d)
		fb, err := filler(i*3+1, client)
		if err != nil {
			return nil, err
		}
		pkts = append(pkts, packet{t: t.Add(-20 * time.Millisecond), data: fb})
		var b []byte
		if r.resp {
			b, err = udpPacket(eth(macB, macA, layers.EthernetTypeIPv4), server, client, 53, ports[r.id], uint16(i),
				dnsMsg(r.id, r.name, layers.DNSTypeA, true, 0, r.answers...))
		} else {
			b, err = udpPacket(eth(macA, macB, layers.EthernetTypeIPv4), client, server, ports[r.id], 53, uint16(i),
				dnsMsg(r.id, r.name, layers.DNSTypeA, false, 0))
		}
		if err != nil {
			return nil, err
		}
		pkts = append(pkts, packet{t: t, data: b})
	}
	return writePcap(pkts, layers.LinkTypeEthernet, false)
}

// wire returns a DNS message in wire format with its TCP length prefix.
func wire(d *layers.DNS) ([]byte, error) {
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, serOpts, d); err != nil {
		return nil, err
	}
	m := buf.Bytes()
	return append(binary.BigEndian.AppendUint16(nil, uint16(len(m))), m...), nil
}

// tcpCapture returns tcp.pcapng: DNS over one TCP connection, with a
// response split over two segments, a query whose length prefix is split,
// a retransmitted segment, and two messages in one segment.
func tcpCapture() ([]byte, error) {
	const c, s = "192.168.1.10", "192.168.1.1"
	const cp, sp = 40000, 53
	base := time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC)
	q1, err := wire(dnsMsg(0x1001, "example.com", layers.DNSTypeA, false, 0))
	if err != nil {
		return nil, err
	}
	r1, _ := wire(dnsMsg(0x1001, "example.com", layers.DNSTypeA, true, 0, "192.0.2.80"))
	q2, _ := wire(dnsMsg(0x1002, "www.example.com", layers.DNSTypeAAAA, false, 0))
	r2, _ := wire(dnsMsg(0x1002, "www.example.com", layers.DNSTypeAAAA, true, 0, "2001:db8::80", "2001:db8::81"))
	q3, _ := wire(dnsMsg(0x1003, "a.example.com", layers.DNSTypeA, false, 0))
	q4, _ := wire(dnsMsg(0x1004, "b.example.com", layers.DNSTypeA, false, 0))
	r3, _ := wire(dnsMsg(0x1003, "a.example.com", layers.DNSTypeA, true, layers.DNSResponseCodeNXDomain))
	r4, _ := wire(dnsMsg(0x1004, "b.example.com", layers.DNSTypeA, true, layers.DNSResponseCodeServFail))

	cseq, sseq := uint32(1000), uint32(5000)
	type seg struct {
		fromClient bool
		tcp        layers.TCP
		data       []byte
	}
	var segs []seg
	cs := func(tcp layers.TCP, data []byte) {
		tcp.Seq, tcp.Ack = cseq, sseq
		segs = append(segs, seg{true, tcp, data})
		cseq += uint32(len(data))
		if tcp.SYN || tcp.FIN {
			cseq++
		}
	}
	ss := func(tcp layers.TCP, data []byte) {
		tcp.Seq, tcp.Ack = sseq, cseq
		segs = append(segs, seg{false, tcp, data})
		sseq += uint32(len(data))
		if tcp.SYN || tcp.FIN {
			sseq++
		}
	}
	cs(layers.TCP{SYN: true}, nil)
	ss(layers.TCP{SYN: true, ACK: true}, nil)
	cs(layers.TCP{ACK: true}, nil)
	cs(layers.TCP{ACK: true, PSH: true}, q1)
	ss(layers.TCP{ACK: true}, r1[:12])
	ss(layers.TCP{ACK: true, PSH: true}, r1[12:])
	cs(layers.TCP{ACK: true}, q2[:1])
	cs(layers.TCP{ACK: true, PSH: true}, q2[1:])
	dup := segs[len(segs)-1] // retransmitted
	segs = append(segs, dup)
	ss(layers.TCP{ACK: true, PSH: true}, r2)
	cs(layers.TCP{ACK: true, PSH: true}, append(append([]byte{}, q3...), q4...))
	ss(layers.TCP{ACK: true, PSH: true}, append(append([]byte{}, r3...), r4[:5]...))
	ss(layers.TCP{ACK: true, PSH: true}, r4[5:])
	cs(layers.TCP{ACK: true, FIN: true}, nil)
	ss(layers.TCP{ACK: true, FIN: true}, nil)
	cs(layers.TCP{ACK: true}, nil)

	var pkts []packet
	t := base
	for i, sg := range segs {
		var b []byte
		if sg.fromClient {
			b, err = tcpPacket(eth(macA, macB, layers.EthernetTypeIPv4), c, s, cp, sp, uint16(100+i), sg.tcp, sg.data)
		} else {
			b, err = tcpPacket(eth(macB, macA, layers.EthernetTypeIPv4), s, c, sp, cp, uint16(200+i), sg.tcp, sg.data)
		}
		if err != nil {
			return nil, err
		}
		pkts = append(pkts, packet{t: t, data: b})
		t = t.Add(7*time.Millisecond + time.Duration(i)*311*time.Microsecond)
	}
	return writeNg(pkts, layers.LinkTypeEthernet)
}

// ipv6Capture returns ipv6.pcap (nanosecond timestamps): AAAA and A queries
// over IPv6, one with a destination-options extension header, and an
// NXDOMAIN.
func ipv6Capture() ([]byte, error) {
	const c, s = "2001:db8:1::10", "2001:db8:1::53"
	base := time.Date(2024, 3, 1, 11, 0, 0, 123456789, time.UTC)
	link := eth(macA, macB, layers.EthernetTypeIPv6)
	back := eth(macB, macA, layers.EthernetTypeIPv6)
	type ex struct {
		id      uint16
		name    string
		qtype   layers.DNSType
		rcode   layers.DNSResponseCode
		answers []string
	}
	exs := []ex{
		{0x6001, "www.example.com", layers.DNSTypeAAAA, 0, []string{"2001:db8::80", "2001:db8::81"}},
		{0x6002, "www.example.com", layers.DNSTypeA, 0, []string{"192.0.2.80"}},
		{0x6003, "nx.example.com", layers.DNSTypeAAAA, layers.DNSResponseCodeNXDomain, nil},
	}
	var pkts []packet
	t := base
	for i, e := range exs {
		q, err := udpPacket(link, c, s, uint16(52000+i), 53, 0, dnsMsg(e.id, e.name, e.qtype, false, 0))
		if err != nil {
			return nil, err
		}
		r, err := udpPacket(back, s, c, 53, uint16(52000+i), 0, dnsMsg(e.id, e.name, e.qtype, true, e.rcode, e.answers...))
		if err != nil {
			return nil, err
		}
		pkts = append(pkts, packet{t: t, data: q}, packet{t: t.Add(23456789 * time.Nanosecond), data: r})
		t = t.Add(time.Second)
	}
	// A query with a destination-options header (PadN) between IPv6 and UDP.
	ip6 := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocolIPv6Destination, SrcIP: ip(c), DstIP: ip(s)}
	udp := &layers.UDP{SrcPort: 52010, DstPort: 53}
	if err := udp.SetNetworkLayerForChecksum(ip6); err != nil {
		return nil, err
	}
	buf := gopacket.NewSerializeBuffer()
	err := gopacket.SerializeLayers(buf, serOpts, link[0], ip6,
		gopacket.Payload{byte(layers.IPProtocolUDP), 0, 1, 4, 0, 0, 0, 0}, udp,
		dnsMsg(0x6004, "ext.example.com", layers.DNSTypeAAAA, false, 0))
	if err != nil {
		return nil, err
	}
	q := bytes.Clone(buf.Bytes())
	r, err := udpPacket(back, s, c, 53, 52010, 0, dnsMsg(0x6004, "ext.example.com", layers.DNSTypeAAAA, true, 0, "2001:db8::e"))
	if err != nil {
		return nil, err
	}
	pkts = append(pkts, packet{t: t, data: q}, packet{t: t.Add(5 * time.Millisecond), data: r})
	return writePcap(pkts, layers.LinkTypeEthernet, true)
}

// sllHeader returns a Linux cooked (SLL) header.
func sllHeader(outgoing bool, proto layers.EthernetType) gopacket.Payload {
	h := make([]byte, 16)
	if outgoing {
		binary.BigEndian.PutUint16(h[0:2], 4)
	}
	binary.BigEndian.PutUint16(h[2:4], 1) // ARPHRD_ETHER
	binary.BigEndian.PutUint16(h[4:6], 6)
	copy(h[6:12], macA)
	binary.BigEndian.PutUint16(h[14:16], uint16(proto))
	return h
}

// sllCapture returns sll.pcap (Linux cooked capture): a REFUSED, an
// NXDOMAIN, and a query that gets no response within 30 s while other
// traffic goes on.
func sllCapture() ([]byte, error) {
	const c, s = "172.16.5.20", "172.16.0.2"
	base := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	out := []gopacket.SerializableLayer{sllHeader(true, layers.EthernetTypeIPv4)}
	in := []gopacket.SerializableLayer{sllHeader(false, layers.EthernetTypeIPv4)}
	type step struct {
		at       time.Duration
		outgoing bool
		src, dst string
		sp, dp   uint16
		payload  gopacket.SerializableLayer
	}
	steps := []step{
		{0, true, c, s, 41000, 53, dnsMsg(0x7001, "vpn.example.net", layers.DNSTypeA, false, 0)},
		{4 * time.Millisecond, false, s, c, 53, 41000, dnsMsg(0x7001, "vpn.example.net", layers.DNSTypeA, true, layers.DNSResponseCodeRefused)},
		{time.Second, true, c, s, 41001, 53, dnsMsg(0x7002, "missing.example.net", layers.DNSTypeA, false, 0)},
		{time.Second + 9*time.Millisecond, false, s, c, 53, 41001, dnsMsg(0x7002, "missing.example.net", layers.DNSTypeA, true, layers.DNSResponseCodeNXDomain)},
		{2 * time.Second, true, c, s, 41002, 53, dnsMsg(0x7003, "silent.example.net", layers.DNSTypeA, false, 0)},
		{20 * time.Second, true, c, "172.16.0.9", 41003, 123, gopacket.Payload(make([]byte, 48))},
		{40 * time.Second, true, c, "172.16.0.9", 41003, 123, gopacket.Payload(make([]byte, 48))},
		{41 * time.Second, true, c, s, 41004, 53, dnsMsg(0x7004, "late.example.net", layers.DNSTypeA, false, 0)},
		{41*time.Second + 2*time.Millisecond, false, s, c, 53, 41002, dnsMsg(0x7003, "silent.example.net", layers.DNSTypeA, true, 0, "192.0.2.7")},
		{41*time.Second + 3*time.Millisecond, false, s, c, 53, 41004, dnsMsg(0x7004, "late.example.net", layers.DNSTypeA, true, 0, "192.0.2.8")},
	}
	var pkts []packet
	for i, st := range steps {
		link := in
		if st.outgoing {
			link = out
		}
		b, err := udpPacket(link, st.src, st.dst, st.sp, st.dp, uint16(i+1), st.payload)
		if err != nil {
			return nil, err
		}
		pkts = append(pkts, packet{t: base.Add(st.at), data: b})
	}
	return writePcap(pkts, layers.LinkTypeLinuxSLL, false)
}

// pcapBE writes a big-endian microsecond pcap file by hand: pcapgo writes
// little-endian only.
func pcapBE(pkts []packet, lt uint32) []byte {
	var b []byte
	be := binary.BigEndian
	b = be.AppendUint32(b, 0xa1b2c3d4)
	b = be.AppendUint16(b, 2)
	b = be.AppendUint16(b, 4)
	b = be.AppendUint32(b, 0)
	b = be.AppendUint32(b, 0)
	b = be.AppendUint32(b, 65535)
	b = be.AppendUint32(b, lt)
	for _, p := range pkts {
		b = be.AppendUint32(b, uint32(p.t.Unix()))
		b = be.AppendUint32(b, uint32(p.t.Nanosecond()/1000))
		b = be.AppendUint32(b, uint32(len(p.data)))
		b = be.AppendUint32(b, uint32(len(p.data)))
		b = append(b, p.data...)
	}
	return b
}

// loopbackCapture returns loopback.pcap: a big-endian pcap with BSD
// loopback (null) framing, as a macOS host querying a local resolver over
// IPv4 and IPv6 would produce.
func loopbackCapture() ([]byte, error) {
	base := time.Date(2024, 3, 1, 13, 0, 0, 0, time.UTC)
	fam := func(f uint32) []gopacket.SerializableLayer {
		return []gopacket.SerializableLayer{gopacket.Payload(binary.BigEndian.AppendUint32(nil, f))}
	}
	var pkts []packet
	for i, e := range []struct {
		fam      uint32
		c, s     string
		name     string
		qtype    layers.DNSType
		answer   string
		delayMS  int
		clientPt uint16
	}{
		{2, "127.0.0.1", "127.0.0.53", "intranet.example.org", layers.DNSTypeA, "10.1.2.3", 1, 60001},
		{30, "::1", "::1", "intranet.example.org", layers.DNSTypeAAAA, "fd00::1:2:3", 2, 60002},
	} {
		q, err := udpPacket(fam(e.fam), e.c, e.s, e.clientPt, 53, uint16(i), dnsMsg(uint16(0x8001+i), e.name, e.qtype, false, 0))
		if err != nil {
			return nil, err
		}
		r, err := udpPacket(fam(e.fam), e.s, e.c, 53, e.clientPt, uint16(i), dnsMsg(uint16(0x8001+i), e.name, e.qtype, true, 0, e.answer))
		if err != nil {
			return nil, err
		}
		t := base.Add(time.Duration(i) * time.Second)
		pkts = append(pkts, packet{t: t, data: q}, packet{t: t.Add(time.Duration(e.delayMS) * time.Millisecond), data: r})
	}
	return pcapBE(pkts, 0), nil
}

// ngBlock appends a pcapng block of type typ and body to b.
func ngBlock(b []byte, order binary.AppendByteOrder, typ uint32, body []byte) []byte {
	for len(body)%4 != 0 {
		body = append(body, 0)
	}
	n := uint32(12 + len(body))
	b = order.AppendUint32(b, typ)
	b = order.AppendUint32(b, n)
	b = append(b, body...)
	return order.AppendUint32(b, n)
}

func ngSHB(b []byte, order binary.AppendByteOrder) []byte {
	var body []byte
	body = order.AppendUint32(body, 0x1a2b3c4d)
	body = order.AppendUint16(body, 1)
	body = order.AppendUint16(body, 0)
	body = order.AppendUint64(body, 0xffffffffffffffff)
	return ngBlock(b, order, 0x0a0d0d0a, body)
}

// ngIDB appends an interface description block; tsresol 0 omits the
// if_tsresol option (microseconds).
func ngIDB(b []byte, order binary.AppendByteOrder, lt uint16, tsresol byte) []byte {
	var body []byte
	body = order.AppendUint16(body, lt)
	body = order.AppendUint16(body, 0)
	body = order.AppendUint32(body, 262144)
	if tsresol != 0 {
		body = order.AppendUint16(body, 9) // if_tsresol
		body = order.AppendUint16(body, 1)
		body = append(body, tsresol, 0, 0, 0)
		body = order.AppendUint32(body, 0) // opt_endofopt
	}
	return ngBlock(b, order, 1, body)
}

// ngEPB appends an enhanced packet block with a timestamp in units of
// 1/units seconds.
func ngEPB(b []byte, order binary.AppendByteOrder, ifc uint32, t time.Time, units int64, data []byte) []byte {
	ts := uint64(t.Unix())*uint64(units) + uint64(int64(t.Nanosecond())*units/1e9)
	var body []byte
	body = order.AppendUint32(body, ifc)
	body = order.AppendUint32(body, uint32(ts>>32))
	body = order.AppendUint32(body, uint32(ts))
	body = order.AppendUint32(body, uint32(len(data)))
	body = order.AppendUint32(body, uint32(len(data)))
	body = append(body, data...)
	return ngBlock(b, order, 6, body)
}

// multiInterface returns multi-interface.pcapng: one section with five
// interfaces of different link types and timestamp resolutions (Ethernet
// with a VLAN tag in microseconds, LINKTYPE_RAW in nanoseconds, SLL2 with
// the default resolution, DLT_RAW 12 in milliseconds, LINKTYPE_LOOP in
// nanoseconds), then a big-endian section. pcapgo's NgWriter fixes every
// interface at nanoseconds, so the blocks are written by hand.
func multiInterface() ([]byte, error) {
	le, be := binary.AppendByteOrder(binary.LittleEndian), binary.AppendByteOrder(binary.BigEndian)
	base := time.Date(2024, 3, 1, 14, 0, 0, 0, time.UTC)
	var b []byte
	b = ngSHB(b, le)
	b = ngIDB(b, le, uint16(layers.LinkTypeEthernet), 6)
	b = ngIDB(b, le, uint16(layers.LinkTypeRaw), 9)
	b = ngIDB(b, le, uint16(layers.LinkTypeLinuxSLL2), 0)
	b = ngIDB(b, le, 12, 3)
	b = ngIDB(b, le, uint16(layers.LinkTypeLoop), 9)
	units := []int64{1e6, 1e9, 1e6, 1e3, 1e9}
	vlan := []gopacket.SerializableLayer{
		&layers.Ethernet{SrcMAC: macA, DstMAC: macB, EthernetType: layers.EthernetTypeDot1Q},
		&layers.Dot1Q{VLANIdentifier: 42, Type: layers.EthernetTypeIPv4},
	}
	vlanBack := []gopacket.SerializableLayer{
		&layers.Ethernet{SrcMAC: macB, DstMAC: macA, EthernetType: layers.EthernetTypeDot1Q},
		&layers.Dot1Q{VLANIdentifier: 42, Type: layers.EthernetTypeIPv4},
	}
	sll2 := func(proto layers.EthernetType, outgoing bool) []gopacket.SerializableLayer {
		h := make([]byte, 20)
		binary.BigEndian.PutUint16(h[0:2], uint16(proto))
		binary.BigEndian.PutUint32(h[4:8], 3) // interface index
		binary.BigEndian.PutUint16(h[8:10], 1)
		if outgoing {
			h[10] = 4
		}
		h[11] = 6
		copy(h[12:18], macA)
		return []gopacket.SerializableLayer{gopacket.Payload(h)}
	}
	loop := func(f uint32) []gopacket.SerializableLayer {
		return []gopacket.SerializableLayer{gopacket.Payload(binary.BigEndian.AppendUint32(nil, f))}
	}
	ex := []struct {
		ifc       uint32
		out, back []gopacket.SerializableLayer
		c, s      string
		name      string
		qtype     layers.DNSType
		rcode     layers.DNSResponseCode
		answer    []string
	}{
		{0, vlan, vlanBack, "192.0.2.10", "192.0.2.53", "vlan.example", layers.DNSTypeA, 0, []string{"192.0.2.100"}},
		{1, nil, nil, "198.51.100.10", "198.51.100.53", "raw.example", layers.DNSTypeA, 0, []string{"198.51.100.100"}},
		{2, sll2(layers.EthernetTypeIPv6, true), sll2(layers.EthernetTypeIPv6, false), "2001:db8:2::10", "2001:db8:2::53", "sll2.example", layers.DNSTypeAAAA, 0, []string{"2001:db8:2::100"}},
		{3, nil, nil, "203.0.113.10", "203.0.113.53", "dlt12.example", layers.DNSTypeTXT, layers.DNSResponseCodeNXDomain, nil},
		{4, loop(2), loop(2), "127.0.0.1", "127.0.0.1", "loop.example", layers.DNSTypeA, 0, []string{"127.0.0.2"}},
	}
	t := base
	for i, e := range ex {
		q, err := udpPacket(e.out, e.c, e.s, uint16(53000+i), 53, uint16(i), dnsMsg(uint16(0x9001+i), e.name, e.qtype, false, 0))
		if err != nil {
			return nil, err
		}
		r, err := udpPacket(e.back, e.s, e.c, 53, uint16(53000+i), uint16(i), dnsMsg(uint16(0x9001+i), e.name, e.qtype, true, e.rcode, e.answer...))
		if err != nil {
			return nil, err
		}
		b = ngEPB(b, le, e.ifc, t, units[e.ifc], q)
		b = ngEPB(b, le, e.ifc, t.Add(12345678*time.Nanosecond), units[e.ifc], r)
		t = t.Add(time.Second)
	}
	// A second section, big-endian, Ethernet in microseconds.
	b = ngSHB(b, be)
	b = ngIDB(b, be, uint16(layers.LinkTypeEthernet), 0)
	q, err := udpPacket(eth(macA, macB, layers.EthernetTypeIPv4), "192.0.2.11", "192.0.2.53", 53100, 53, 1, dnsMsg(0x9101, "bigendian.example", layers.DNSTypeA, false, 0))
	if err != nil {
		return nil, err
	}
	r, err := udpPacket(eth(macB, macA, layers.EthernetTypeIPv4), "192.0.2.53", "192.0.2.11", 53, 53100, 2, dnsMsg(0x9101, "bigendian.example", layers.DNSTypeA, true, 0, "192.0.2.101"))
	if err != nil {
		return nil, err
	}
	b = ngEPB(b, be, 0, t, 1e6, q)
	b = ngEPB(b, be, 0, t.Add(3*time.Millisecond), 1e6, r)
	return b, nil
}

// truncatedFrame is the frame of technote.pcapng in whose middle
// truncated.pcapng ends.
const truncatedFrame = 150

// truncated returns technote.pcapng cut in the middle of the block of
// frame 150.
func truncated() ([]byte, error) {
	b, err := Technote()
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	frames := 0
	for off := 0; off+8 <= len(b); {
		typ, n := le.Uint32(b[off:]), int(le.Uint32(b[off+4:]))
		if typ == 6 {
			frames++
			if frames == truncatedFrame {
				return b[:off+n/2], nil
			}
		}
		off += n
	}
	return nil, fmt.Errorf("fewer than %d frames", truncatedFrame)
}

// hugeLength returns huge-length.pcap: one good query, then a record
// header claiming a 2 GiB packet, followed by a few bytes.
func hugeLength() ([]byte, error) {
	q, err := udpPacket(eth(macA, macB, layers.EthernetTypeIPv4), "10.0.0.2", "10.0.0.1", 40000, 53, 1,
		dnsMsg(0xa001, "before.example", layers.DNSTypeA, false, 0))
	if err != nil {
		return nil, err
	}
	b, err := writePcap([]packet{{t: time.Date(2024, 3, 1, 15, 0, 0, 0, time.UTC), data: q}}, layers.LinkTypeEthernet, false)
	if err != nil {
		return nil, err
	}
	le := binary.LittleEndian
	b = le.AppendUint32(b, uint32(time.Date(2024, 3, 1, 15, 0, 1, 0, time.UTC).Unix()))
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, 1<<31)
	b = le.AppendUint32(b, 1<<31)
	return append(b, "only a few bytes follow"...), nil
}

// absurdSnaplen returns absurd-snaplen.pcap: a valid exchange under a file
// header whose snap length is 0xffffffff.
func absurdSnaplen() ([]byte, error) {
	t := time.Date(2024, 3, 1, 16, 0, 0, 0, time.UTC)
	q, err := udpPacket(eth(macA, macB, layers.EthernetTypeIPv4), "10.0.0.2", "10.0.0.1", 40001, 53, 1,
		dnsMsg(0xb001, "snaplen.example", layers.DNSTypeA, false, 0))
	if err != nil {
		return nil, err
	}
	r, err := udpPacket(eth(macB, macA, layers.EthernetTypeIPv4), "10.0.0.1", "10.0.0.2", 53, 40001, 2,
		dnsMsg(0xb001, "snaplen.example", layers.DNSTypeA, true, 0, "10.0.0.80"))
	if err != nil {
		return nil, err
	}
	b, err := writePcap([]packet{{t: t, data: q}, {t: t.Add(time.Millisecond), data: r}}, layers.LinkTypeEthernet, false)
	if err != nil {
		return nil, err
	}
	binary.LittleEndian.PutUint32(b[16:20], 0xffffffff)
	return b, nil
}

func notACapture() ([]byte, error) {
	return []byte("This is not a packet capture.\nIt is a text file with a .pcap name.\n"), nil
}

// Bench writes to w a pcap file of n packets for benchmarks: a client
// asking a resolver for names from a set of 1,000, one packet every
// 100 µs. Of every 10 packets, 2 are DNS (a query and, mostly, its
// response) and 8 are TLS or ARP. One query in 50 is never answered. The
// output is deterministic.
func Bench(w io.Writer, n int) error {
	pw := pcapgo.NewWriter(w)
	if err := pw.WriteFileHeader(262144, layers.LinkTypeEthernet); err != nil {
		return err
	}
	const client, server = "10.20.30.40", "10.20.0.53"
	base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	fillers := make([][]byte, 64)
	for i := range fillers {
		b, err := filler(i, client)
		if err != nil {
			return err
		}
		fillers[i] = b
	}
	// Queries and responses are built once per name and patched with the
	// ID and port of each use, as serializing a million packets would
	// dominate the benchmark's setup.
	const names = 1000
	queries := make([][]byte, names)
	responses := make([][]byte, names)
	for i := range names {
		name := fmt.Sprintf("host%d.bench.example", i)
		q, err := udpPacket(eth(macA, macB, layers.EthernetTypeIPv4), client, server, 50000, 53, 0,
			dnsMsg(0, name, layers.DNSTypeA, false, 0))
		if err != nil {
			return err
		}
		r, err := udpPacket(eth(macB, macA, layers.EthernetTypeIPv4), server, client, 53, 50000, 0,
			dnsMsg(0, name, layers.DNSTypeA, true, 0, fmt.Sprintf("10.99.%d.%d", i/256, i%256)))
		if err != nil {
			return err
		}
		queries[i], responses[i] = q, r
	}
	const udpOff = 14 + 20 // Ethernet and IPv4 headers
	patch := func(b []byte, id uint16, port uint16, resp bool) []byte {
		b = bytes.Clone(b)
		if resp {
			binary.BigEndian.PutUint16(b[udpOff+2:], port)
		} else {
			binary.BigEndian.PutUint16(b[udpOff:], port)
		}
		binary.BigEndian.PutUint16(b[udpOff+6:], 0) // no UDP checksum
		binary.BigEndian.PutUint16(b[udpOff+8:], id)
		return b
	}
	var pendingResp []byte
	for i := range n {
		t := base.Add(time.Duration(i) * 100 * time.Microsecond)
		var data []byte
		switch i % 10 {
		case 0:
			k := i / 10
			id, port := uint16(k*7919), uint16(49152+k%16384)
			data = patch(queries[k%names], id, port, false)
			pendingResp = nil
			if k%50 != 49 {
				pendingResp = patch(responses[k%names], id, port, true)
			}
		case 3:
			if pendingResp != nil {
				data = pendingResp
				break
			}
			fallthrough
		default:
			data = fillers[i%len(fillers)]
		}
		ci := gopacket.CaptureInfo{Timestamp: t, CaptureLength: len(data), Length: len(data)}
		if err := pw.WritePacket(ci, data); err != nil {
			return err
		}
	}
	return nil
}
