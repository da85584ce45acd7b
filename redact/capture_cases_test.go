package redact

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dnscapture"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

func addrOf(ip net.IP) netip.Addr {
	a, _ := netip.AddrFromSlice(ip)
	return a.Unmap()
}

func TestCaptureDNSRecords(t *testing.T) {
	cname := rr("www.acme-corp.net", layers.DNSTypeCNAME)
	cname.CNAME = []byte("web.acme-corp.net")
	a := rr("web.acme-corp.net", layers.DNSTypeA)
	a.IP = ipWeb
	aaaa := rr("v6.acme-corp.net", layers.DNSTypeAAAA)
	aaaa.IP = ip6Web
	ptr := rr("3.2.1.10.in-addr.arpa", layers.DNSTypePTR)
	ptr.PTR = []byte("web.acme-corp.net")
	ptr6 := rr("0.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.b.b.b.b.8.b.6.0.2.0.a.2.ip6.arpa", layers.DNSTypePTR)
	ptr6.PTR = []byte("v6.acme-corp.net")
	ns := rr("acme-corp.net", layers.DNSTypeNS)
	ns.NS = []byte("ns1.acme-corp.net")
	soa := rr("acme-corp.net", layers.DNSTypeSOA)
	soa.SOA = layers.DNSSOA{MName: []byte("ns1.acme-corp.net"), RName: []byte("hostmaster.acme-corp.net"), Serial: 7}
	mx := rr("acme-corp.net", layers.DNSTypeMX)
	mx.MX = layers.DNSMX{Preference: 10, Name: []byte("mail.acme-corp.net")}
	srv := rr("_ldap._tcp.acme-corp.net", layers.DNSTypeSRV)
	srv.SRV = layers.DNSSRV{Priority: 1, Weight: 1, Port: 389, Name: []byte("dc1.acme-corp.net")}
	kept := rr("mus.cisco.com", layers.DNSTypeA)
	kept.IP = ipPublic

	nsResp := response(6, "acme-corp.net", layers.DNSTypeNS, layers.DNSResponseCodeNoErr, ns)
	nsResp.Authorities = []layers.DNSResourceRecord{soa}
	nsResp.Additionals = []layers.DNSResourceRecord{mx, srv}
	frames := [][]byte{
		udpDNS(t, ipClient, ipServer, 40001, 53, query(1, "www.acme-corp.net", layers.DNSTypeA)),
		udpDNS(t, ipServer, ipClient, 53, 40001, response(1, "www.acme-corp.net", layers.DNSTypeA, layers.DNSResponseCodeNoErr, cname, a)),
		udpDNS(t, ip6Client, ip6Server, 40002, 53, query(2, "v6.acme-corp.net", layers.DNSTypeAAAA)),
		udpDNS(t, ip6Server, ip6Client, 53, 40002, response(2, "v6.acme-corp.net", layers.DNSTypeAAAA, layers.DNSResponseCodeNoErr, aaaa)),
		udpDNS(t, ipClient, ipServer, 40003, 53, query(3, "3.2.1.10.in-addr.arpa", layers.DNSTypePTR)),
		udpDNS(t, ipServer, ipClient, 53, 40003, response(3, "3.2.1.10.in-addr.arpa", layers.DNSTypePTR, layers.DNSResponseCodeNoErr, ptr)),
		udpDNS(t, ip6Client, ip6Server, 40004, 53, query(4, string(ptr6.Name), layers.DNSTypePTR)),
		udpDNS(t, ip6Server, ip6Client, 53, 40004, response(4, string(ptr6.Name), layers.DNSTypePTR, layers.DNSResponseCodeNoErr, ptr6)),
		udpDNS(t, ipClient, ipServer, 40005, 53, query(5, "mus.cisco.com", layers.DNSTypeA)),
		udpDNS(t, ipServer, ipClient, 53, 40005, response(5, "mus.cisco.com", layers.DNSTypeA, layers.DNSResponseCodeServFail, kept)),
		udpDNS(t, ipClient, ipServer, 40006, 53, query(6, "acme-corp.net", layers.DNSTypeNS)),
		udpDNS(t, ipServer, ipClient, 53, 40006, nsResp),
	}
	orig := pcapOf(t, layers.LinkTypeEthernet, frames...)
	red, r, n, err := redactCapture(t, orig)
	if err != nil || n.Written != len(frames) {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkAll(t, r, orig, red)

	pkts := decodeFrames(t, red)
	resp := dnsOf(t, pkts[1])
	if got, want := string(resp.Answers[0].CNAME), r.Name("web.acme-corp.net"); got != want {
		t.Errorf("CNAME %q, want %q", got, want)
	}
	if got, want := addrOf(resp.Answers[1].IP), r.Addr(addrOf(ipWeb)); got != want {
		t.Errorf("A %v, want %v", got, want)
	}
	if got := addrOf(dnsOf(t, pkts[3]).Answers[0].IP); got != r.Addr(addrOf(ip6Web)) || got == addrOf(ip6Web) {
		t.Errorf("AAAA %v, want %v", got, r.Addr(addrOf(ip6Web)))
	}
	// A reverse lookup spells the pseudonym of the address it asks for.
	for _, i := range []int{5, 7} {
		q := string(dnsOf(t, pkts[i]).Questions[0].Name)
		back, _, ok := reverseAddr(q)
		want := r.Addr(addrOf(ipWeb))
		if i == 7 {
			want = r.Addr(addrOf(ip6Web))
		}
		if !ok || back != want {
			t.Errorf("PTR question %q, want the name of %v", q, want)
		}
	}
	if got, want := string(dnsOf(t, pkts[5]).Answers[0].PTR), r.Name("web.acme-corp.net"); got != want {
		t.Errorf("PTR %q, want %q", got, want)
	}
	if d := dnsOf(t, pkts[9]); string(d.Questions[0].Name) != "mus.cisco.com" || d.ResponseCode != layers.DNSResponseCodeServFail {
		t.Errorf("kept name: %q %v", d.Questions[0].Name, d.ResponseCode)
	}
	d := dnsOf(t, pkts[11])
	for got, want := range map[string]string{
		string(d.Answers[0].NS):            r.Name("ns1.acme-corp.net"),
		string(d.Authorities[0].SOA.MName): r.Name("ns1.acme-corp.net"),
		string(d.Authorities[0].SOA.RName): r.Name("hostmaster.acme-corp.net"),
		string(d.Additionals[0].MX.Name):   r.Name("mail.acme-corp.net"),
		string(d.Additionals[1].SRV.Name):  r.Name("dc1.acme-corp.net"),
		string(d.Additionals[1].Name):      r.Name("_ldap._tcp.acme-corp.net"),
	} {
		if got != want {
			t.Errorf("record data %q, want %q", got, want)
		}
	}
}

func TestCaptureARP(t *testing.T) {
	arp := func(op uint16, sm, dm net.HardwareAddr, sip, dip net.IP) []byte {
		return serialize(t, eth(sm, net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, layers.EthernetTypeARP),
			&layers.ARP{AddrType: layers.LinkTypeEthernet, Protocol: layers.EthernetTypeIPv4, HwAddressSize: 6, ProtAddressSize: 4,
				Operation: op, SourceHwAddress: sm, SourceProtAddress: sip, DstHwAddress: dm, DstProtAddress: dip})
	}
	orig := pcapOf(t, layers.LinkTypeEthernet,
		arp(layers.ARPRequest, macClient, net.HardwareAddr{0, 0, 0, 0, 0, 0}, ipClient, ipServer),
		arp(layers.ARPReply, macRouter, macClient, ipServer, ipClient))
	red, r, n, err := redactCapture(t, orig)
	if err != nil || n.Written != 2 {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkSecrets(t, r, orig, red)
	pkts := decodeFrames(t, red)
	origPkts := decodeFrames(t, orig)
	for i := range pkts {
		if len(pkts[i].Data()) != len(origPkts[i].Data()) {
			t.Errorf("packet %d: %d bytes, was %d", i+1, len(pkts[i].Data()), len(origPkts[i].Data()))
		}
	}
	a := pkts[1].Layer(layers.LayerTypeARP).(*layers.ARP)
	if !bytes.Equal(a.SourceHwAddress, r.MAC(macRouter)) || !bytes.Equal(a.SourceHwAddress[:3], macRouter[:3]) {
		t.Errorf("ARP sender %v, want %v with the vendor prefix of %v", net.HardwareAddr(a.SourceHwAddress), r.MAC(macRouter), macRouter)
	}
	if addrOf(a.SourceProtAddress) != r.Addr(addrOf(ipServer)) || addrOf(a.DstProtAddress) != r.Addr(addrOf(ipClient)) {
		t.Errorf("ARP addresses %v %v", net.IP(a.SourceProtAddress), net.IP(a.DstProtAddress))
	}
	e := pkts[1].Layer(layers.LayerTypeEthernet).(*layers.Ethernet)
	if !bytes.Equal(e.SrcMAC, r.MAC(macRouter)) || e.DstMAC.String() != "ff:ff:ff:ff:ff:ff" {
		t.Errorf("Ethernet %v -> %v", e.SrcMAC, e.DstMAC)
	}
}

func TestCapturePayloadText(t *testing.T) {
	const host = "portal.acme-corp.net"
	// A ClientHello cut to what matters: record and handshake headers,
	// then the server_name extension.
	hello := []byte{0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00, 0x00, 0x3c, 0x03, 0x03}
	hello = append(hello, make([]byte, 32)...)
	hello = append(hello, 0x00, 0x00, byte(len(host)+9), 0x00, 0x00, 0x00, byte(len(host)+5), 0x00, byte(len(host)+3), 0x00, 0x00, byte(len(host)))
	hello = append(hello, host...)
	httpReq := []byte("GET / HTTP/1.1\r\nHost: " + host + "\r\nX-Forwarded-For: 10.20.30.40\r\n\r\n")
	tcp := func(dport uint16, payload []byte) []byte {
		return serialize(t, eth(macClient, macRouter, layers.EthernetTypeIPv4), ipv4(ipClient, ipWeb, layers.IPProtocolTCP),
			&layers.TCP{SrcPort: 50000, DstPort: layers.TCPPort(dport), Seq: 1000, Ack: 1, ACK: true, PSH: true, Window: 512}, gopacket.Payload(payload))
	}
	orig := pcapOf(t, layers.LinkTypeEthernet,
		udpDNS(t, ipClient, ipServer, 40001, 53, query(1, host, layers.DNSTypeA)),
		tcp(443, hello),
		tcp(80, httpReq))
	red, r, n, err := redactCapture(t, orig)
	if err != nil || n.Written != 3 {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkAll(t, r, orig, red)
	if bytes.Contains(bytes.ToLower(red), []byte(host)) || bytes.Contains(red, []byte("10.20.30.40")) {
		t.Errorf("a secret is left in a payload")
	}
	pkts := decodeFrames(t, red)
	for i, want := range [][]byte{hello, httpReq} {
		got := pkts[i+1].ApplicationLayer().Payload()
		if len(got) != len(want) {
			t.Errorf("payload %d: %d bytes, want %d", i, len(got), len(want))
		}
		if !bytes.Equal(got[:5], want[:5]) {
			t.Errorf("payload %d: starts % x, want % x", i, got[:5], want[:5])
		}
	}
}

// tcpFrame returns a TCP segment of a DNS connection.
func tcpFrame(t testing.TB, src, dst net.IP, sport, dport uint16, seq, ack uint32, flags string, payload []byte) []byte {
	tcp := &layers.TCP{SrcPort: layers.TCPPort(sport), DstPort: layers.TCPPort(dport), Seq: seq, Ack: ack, Window: 512,
		SYN: strings.Contains(flags, "S"), ACK: strings.Contains(flags, "A"), FIN: strings.Contains(flags, "F"), PSH: len(payload) > 0}
	return serialize(t, eth(macClient, macRouter, layers.EthernetTypeIPv4), ipv4(src, dst, layers.IPProtocolTCP), tcp, gopacket.Payload(payload))
}

func tcpMessage(t testing.TB, d *layers.DNS) []byte {
	buf := gopacket.NewSerializeBuffer()
	if err := d.SerializeTo(buf, gopacket.SerializeOptions{FixLengths: true}); err != nil {
		t.Fatal(err)
	}
	return append(binary.BigEndian.AppendUint16(nil, uint16(len(buf.Bytes()))), buf.Bytes()...)
}

func TestCaptureDNSOverTCP(t *testing.T) {
	a := rr("files.acme-corp.net", layers.DNSTypeA)
	a.IP = ipWeb
	q := tcpMessage(t, query(7, "files.acme-corp.net", layers.DNSTypeA))
	resp := tcpMessage(t, response(7, "files.acme-corp.net", layers.DNSTypeA, layers.DNSResponseCodeNoErr, a))
	c, s := uint32(100), uint32(5000)
	qn, rn := uint32(len(q)), uint32(len(resp))
	orig := pcapOf(t, layers.LinkTypeEthernet,
		tcpFrame(t, ipClient, ipServer, 41000, 53, c, 0, "S", nil),
		tcpFrame(t, ipServer, ipClient, 53, 41000, s, c+1, "SA", nil),
		tcpFrame(t, ipClient, ipServer, 41000, 53, c+1, s+1, "A", nil),
		tcpFrame(t, ipClient, ipServer, 41000, 53, c+1, s+1, "A", q[:10]), // the query, cut in two
		tcpFrame(t, ipClient, ipServer, 41000, 53, c+11, s+1, "A", q[10:]),
		tcpFrame(t, ipServer, ipClient, 53, 41000, s+1, c+1+qn, "A", nil),
		tcpFrame(t, ipServer, ipClient, 53, 41000, s+1, c+1+qn, "A", resp),
		tcpFrame(t, ipClient, ipServer, 41000, 53, c+1+qn, s+1+rn, "FA", nil),
		tcpFrame(t, ipServer, ipClient, 53, 41000, s+1+rn, c+2+qn, "FA", nil),
		tcpFrame(t, ipClient, ipServer, 41000, 53, c+2+qn, s+2+rn, "A", nil),
	)
	red, r, n, err := redactCapture(t, orig)
	if err != nil || n.Written != 10 {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkAll(t, r, orig, red)
	txs, _ := transactions(t, red)
	if len(txs) != 1 || len(txs[0].Answers) != 1 || txs[0].Answers[0] != r.Addr(addrOf(ipWeb)) {
		t.Fatalf("transactions %+v", txs)
	}
	// Each acknowledgement still acknowledges what the other side sent.
	var segs []*layers.TCP
	for _, p := range decodeFrames(t, red) {
		segs = append(segs, p.Layer(layers.LayerTypeTCP).(*layers.TCP))
	}
	end := func(i int) uint32 { return segs[i].Seq + uint32(len(segs[i].Payload)) }
	for _, pair := range [][2]int{{1, 0}, {5, 4}, {7, 6}, {8, 7}, {9, 8}} {
		want := end(pair[1])
		if segs[pair[1]].SYN || segs[pair[1]].FIN {
			want++
		}
		if segs[pair[0]].Ack != want {
			t.Errorf("segment %d acknowledges %d, want %d", pair[0]+1, segs[pair[0]].Ack, want)
		}
	}
}

func TestCaptureICMPQuote(t *testing.T) {
	inner := serialize(t, ipv4(ipClient, ipServer, layers.IPProtocolUDP), udp(40001, 53), query(1, "quoted.acme-corp.net", layers.DNSTypeA))
	unreach := serialize(t, eth(macRouter, macClient, layers.EthernetTypeIPv4), ipv4(ipServer, ipClient, layers.IPProtocolICMPv4),
		&layers.ICMPv4{TypeCode: layers.CreateICMPv4TypeCode(layers.ICMPv4TypeDestinationUnreachable, layers.ICMPv4CodePort)}, gopacket.Payload(inner))
	orig := pcapOf(t, layers.LinkTypeEthernet, udpDNS(t, ipClient, ipServer, 40001, 53, query(1, "quoted.acme-corp.net", layers.DNSTypeA)), unreach)
	red, r, n, err := redactCapture(t, orig)
	if err != nil || n.Written != 2 {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkAll(t, r, orig, red)
	icmp := decodeFrames(t, red)[1].Layer(layers.LayerTypeICMPv4).(*layers.ICMPv4)
	q := icmp.Payload
	if len(q) != len(inner) {
		t.Fatalf("quote of %d bytes, want %d", len(q), len(inner))
	}
	if fold(sum(q[:20])) != 0xffff {
		t.Errorf("quoted IPv4 header checksum wrong")
	}
	if addrOf(q[12:16]) != r.Addr(addrOf(ipClient)) || addrOf(q[16:20]) != r.Addr(addrOf(ipServer)) {
		t.Errorf("quoted addresses %v -> %v", net.IP(q[12:16]), net.IP(q[16:20]))
	}
}

// pcapng returns a pcapng capture with secrets in its options: two
// interfaces, and a name resolution block.
func pcapng(t *testing.T, frames ...[]byte) []byte {
	var b bytes.Buffer
	w, err := pcapgo.NewNgWriterInterface(&b, pcapgo.NgInterface{
		Name: "eth-secret-ifname", Description: "secret-description", Filter: "host 10.20.30.40",
		OS: "secret-os", LinkType: layers.LinkTypeEthernet, SnapLength: 65535,
	}, pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Hardware: "secret-hardware", OS: "secret-os", Application: "secret-app", Comment: "secret-comment"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.AddInterface(pcapgo.NgInterface{Name: "raw-secret-ifname", LinkType: layers.LinkTypeRaw, SnapLength: 65535}); err != nil {
		t.Fatal(err)
	}
	for i, f := range frames {
		ci := gopacket.CaptureInfo{Timestamp: captureStart.Add(time.Duration(i) * time.Millisecond), CaptureLength: len(f), Length: len(f)}
		if i%2 == 1 { // on the raw interface, without the Ethernet header
			ci.InterfaceIndex = 1
			f = f[14:]
			ci.CaptureLength, ci.Length = len(f), len(f)
		}
		if err := w.WritePacket(ci, f); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	// A name resolution block: 10.20.30.40 is secret-nrb-host.
	rec := append([]byte{1, 0, 20, 0, 10, 20, 30, 40}, "secret-nrb-host\x00"...)
	rec = append(rec, make([]byte, pad4(len(rec)))...)
	rec = append(rec, 0, 0, 0, 0)
	blk := binary.LittleEndian.AppendUint32(nil, 4)
	blk = binary.LittleEndian.AppendUint32(blk, uint32(12+len(rec)))
	blk = append(blk, rec...)
	blk = binary.LittleEndian.AppendUint32(blk, uint32(12+len(rec)))
	return append(b.Bytes(), blk...)
}

func TestCapturePcapngOptions(t *testing.T) {
	a := rr("ng.acme-corp.net", layers.DNSTypeA)
	a.IP = ipWeb
	orig := pcapng(t,
		udpDNS(t, ipClient, ipServer, 40001, 53, query(1, "ng.acme-corp.net", layers.DNSTypeA)),
		udpDNS(t, ipServer, ipClient, 53, 40001, response(1, "ng.acme-corp.net", layers.DNSTypeA, layers.DNSResponseCodeNoErr, a)),
		udpDNS(t, ipClient, ipServer, 40002, 53, query(2, "ng2.acme-corp.net", layers.DNSTypeA)),
	)
	if !bytes.Contains(orig, []byte("secret-nrb-host")) || !bytes.Contains(orig, []byte("secret-comment")) {
		t.Fatal("the test capture lacks its secrets")
	}
	red, r, n, err := redactCapture(t, orig)
	if err != nil || n.Written != 3 || n.Blocks != 1 {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkAll(t, r, orig, red)
	if bytes.Contains(red, []byte("secret")) {
		t.Errorf("an option or a block is left: %q", red)
	}
	ng, err := pcapgo.NewNgReader(bytes.NewReader(red), pcapgo.NgReaderOptions{WantMixedLinkType: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []layers.LinkType{layers.LinkTypeEthernet, layers.LinkTypeRaw, layers.LinkTypeEthernet} {
		_, ci, err := ng.ReadPacketData()
		if err != nil {
			t.Fatal(err)
		}
		if ci.InterfaceIndex != i%2 || ci.AncillaryData[0] != want || !ci.Timestamp.Equal(captureStart.Add(time.Duration(i)*time.Millisecond)) {
			t.Errorf("packet %d: interface %d, link type %v, time %v", i+1, ci.InterfaceIndex, ci.AncillaryData[0], ci.Timestamp)
		}
	}
}

func TestCaptureFragment(t *testing.T) {
	// The second fragment of a large response: opaque bytes, whose DNS
	// names in wire form must go all the same.
	tail := append([]byte{0, 1, 0, 1}, wire("backup.acme-corp.net")...)
	tail = append(tail, 0, 0, 1, 0, 1)
	tail = append(tail, wire("mus.cisco.com")...)
	tail = append(tail, 0)
	ip := ipv4(ipServer, ipClient, layers.IPProtocolUDP)
	ip.FragOffset = 185
	frag := serialize(t, eth(macRouter, macClient, layers.EthernetTypeIPv4), ip, gopacket.Payload(tail))
	orig := pcapOf(t, layers.LinkTypeEthernet, frag)
	red, _, n, err := redactCapture(t, orig)
	if err != nil || n.Written != 1 {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkChecksums(t, red)
	if bytes.Contains(bytes.ToLower(red), wire("backup.acme-corp.net")[1:7]) {
		t.Errorf("a name is left in a fragment")
	}
	if !bytes.Contains(red, wire("mus.cisco.com")) {
		t.Errorf("a kept name is gone from a fragment")
	}
	if got := decodeFrames(t, red)[0].Data(); len(got) != len(frag) {
		t.Errorf("%d bytes, want %d", len(got), len(frag))
	}
}

// bigEndian returns a little-endian pcap file in big-endian byte order.
func bigEndian(le []byte) []byte {
	b := append([]byte(nil), le...)
	swap := func(p []byte) {
		for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
			p[i], p[j] = p[j], p[i]
		}
	}
	swap(b[0:4])
	swap(b[4:6])
	swap(b[6:8])
	for i := 8; i < 24; i += 4 {
		swap(b[i : i+4])
	}
	for off := 24; off+16 <= len(b); {
		n := int(binary.LittleEndian.Uint32(b[off+8:]))
		for i := off; i < off+16; i += 4 {
			swap(b[i : i+4])
		}
		off += 16 + n
	}
	return b
}

func TestCaptureFormats(t *testing.T) {
	a := rr("fmt.acme-corp.net", layers.DNSTypeA)
	a.IP = ipWeb
	frames := [][]byte{
		udpDNS(t, ipClient, ipServer, 40001, 53, query(1, "fmt.acme-corp.net", layers.DNSTypeA)),
		udpDNS(t, ipServer, ipClient, 53, 40001, response(1, "fmt.acme-corp.net", layers.DNSTypeA, layers.DNSResponseCodeNXDomain, a)),
	}
	le := pcapOf(t, layers.LinkTypeEthernet, frames...)
	var nano bytes.Buffer
	w := pcapgo.NewWriterNanos(&nano)
	w.WriteFileHeader(65535, layers.LinkTypeEthernet)
	for i, f := range frames {
		w.WritePacket(gopacket.CaptureInfo{Timestamp: captureStart.Add(time.Duration(i)*time.Millisecond + 7), CaptureLength: len(f), Length: len(f)}, f)
	}
	for name, orig := range map[string][]byte{"little-endian": le, "big-endian": bigEndian(le), "nanoseconds": nano.Bytes(), "big-endian nanoseconds": bigEndian(nano.Bytes())} {
		t.Run(name, func(t *testing.T) {
			red, r, n, err := redactCapture(t, orig)
			if err != nil || n.Written != 2 {
				t.Fatalf("Capture: %v, %+v", err, n)
			}
			if !bytes.Equal(red[:4], orig[:4]) {
				t.Errorf("magic % x, want % x", red[:4], orig[:4])
			}
			checkAll(t, r, orig, red)
		})
	}
}

func TestCaptureDropped(t *testing.T) {
	q := udpDNS(t, ipClient, ipServer, 40001, 53, query(1, "drop.acme-corp.net", layers.DNSTypeA))
	var cut bytes.Buffer
	w := pcapgo.NewWriter(&cut)
	w.WriteFileHeader(40, layers.LinkTypeEthernet)
	w.WritePacket(gopacket.CaptureInfo{Timestamp: captureStart, CaptureLength: 40, Length: len(q)}, q[:40])
	w.WritePacket(gopacket.CaptureInfo{Timestamp: captureStart, CaptureLength: 10, Length: 10}, q[:10])
	lldp := append(append([]byte(nil), q[:12]...), 0x88, 0xcc, 2, 7, 4)
	lldp = append(lldp, "secret-switch-port"...)
	for _, tc := range []struct {
		name string
		in   []byte
		want CaptureCounts
	}{
		{"snaplen-cut", cut.Bytes(), CaptureCounts{Packets: 2, Undecodable: 2}},
		{"802.11", pcapOf(t, layers.LinkTypeIEEE802_11, q), CaptureCounts{Packets: 1, Unsupported: 1}},
		{"LLDP", pcapOf(t, layers.LinkTypeEthernet, lldp), CaptureCounts{Packets: 1, Unsupported: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			red, _, n, err := redactCapture(t, tc.in)
			if err != nil || n != tc.want {
				t.Fatalf("Capture: %v, %+v, want %+v", err, n, tc.want)
			}
			if len(red) != 24 || bytes.Contains(red, []byte("drop")) || bytes.Contains(red, []byte("secret")) {
				t.Errorf("output % x, want the file header alone", red)
			}
		})
	}
}

func TestCaptureUnreadable(t *testing.T) {
	first := udpDNS(t, ipClient, ipServer, 40001, 53, query(1, "cut.acme-corp.net", layers.DNSTypeA))
	good := pcapOf(t, layers.LinkTypeEthernet, first,
		udpDNS(t, ipClient, ipServer, 40002, 53, query(2, "cut2.acme-corp.net", layers.DNSTypeA)))
	ng := pcapng(t, udpDNS(t, ipClient, ipServer, 40001, 53, query(1, "cut.acme-corp.net", layers.DNSTypeA)))
	huge := append([]byte(nil), ng[:len(ng)-40]...) // a block claiming 2 GiB where the NRB was
	huge = binary.LittleEndian.AppendUint32(huge, 4)
	huge = binary.LittleEndian.AppendUint32(huge, 1<<31)
	for _, tc := range []struct {
		name    string
		in      []byte
		want    error
		packet  int
		written int
	}{
		{"empty", nil, ErrNotCapture, 0, 0},
		{"text", []byte("this is not a capture at all"), ErrNotCapture, 0, 0},
		{"cut header", good[:20], ErrCaptureDamaged, 0, 0},
		{"cut packet", good[:len(good)-5], ErrCaptureDamaged, 2, 1},
		{"cut record header", good[:24+16+len(first)+8], ErrCaptureDamaged, 2, 1},
		{"pcapng cut", ng[:len(ng)-30], ErrCaptureDamaged, 2, 1},
		{"pcapng huge block", huge, ErrCaptureDamaged, 2, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			red, _, n, err := redactCapture(t, tc.in)
			var ce *CaptureError
			if !errors.Is(err, tc.want) || !errors.As(err, &ce) || ce.Packet != tc.packet {
				t.Fatalf("error %v, want %v at packet %d", err, tc.want, tc.packet)
			}
			if n.Written != tc.written {
				t.Errorf("%d packets written, want %d", n.Written, tc.written)
			}
			if tc.written > 0 {
				if pkts, _ := packets(t, red); len(pkts) != tc.written {
					t.Errorf("%d packets readable in the output, want %d", len(pkts), tc.written)
				}
			}
		})
	}
}

func TestCaptureMalformedDNS(t *testing.T) {
	// A response whose records gopacket rejects still answers its query,
	// as dnscapture reads it: its header and question are kept.
	buf := gopacket.NewSerializeBuffer()
	response(9, "broken.acme-corp.net", layers.DNSTypeA, layers.DNSResponseCodeServFail).SerializeTo(buf, gopacket.SerializeOptions{FixLengths: true})
	msg := append([]byte(nil), buf.Bytes()...)
	binary.BigEndian.PutUint16(msg[6:], 3)
	msg = append(msg, 0xc0, 0x0c, 0, 1)
	bad := serialize(t, eth(macRouter, macClient, layers.EthernetTypeIPv4), ipv4(ipServer, ipClient, layers.IPProtocolUDP), udp(53, 40009), gopacket.Payload(msg))
	orig := pcapOf(t, layers.LinkTypeEthernet, udpDNS(t, ipClient, ipServer, 40009, 53, query(9, "broken.acme-corp.net", layers.DNSTypeA)), bad)
	red, r, n, err := redactCapture(t, orig)
	if err != nil || n.Written != 2 {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkAll(t, r, orig, red)
	if txs, _ := transactions(t, red); len(txs) != 1 || txs[0].RCode != dnscapture.RCode(layers.DNSResponseCodeServFail) {
		t.Errorf("transactions %+v", txs)
	}
}

func TestCaptureMDNS(t *testing.T) {
	a := rr("laptop-jdoe.local", layers.DNSTypeA)
	a.IP = ipClient
	mdns := &layers.DNS{QR: true, AA: true, Answers: []layers.DNSResourceRecord{a}}
	group := net.IP{224, 0, 0, 251}
	orig := pcapOf(t, layers.LinkTypeEthernet,
		serialize(t, eth(macClient, net.HardwareAddr{0x01, 0x00, 0x5e, 0, 0, 0xfb}, layers.EthernetTypeIPv4), ipv4(ipClient, group, layers.IPProtocolUDP), udp(5353, 5353), mdns),
		serialize(t, eth(macClient, macRouter, layers.EthernetTypeIPv4), ipv4(ipClient, ipServer, layers.IPProtocolUDP), udp(50123, 5355), query(3, "printer-3f", layers.DNSTypeA)))
	red, r, n, err := redactCapture(t, orig)
	if err != nil || n.Written != 2 {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkChecksums(t, red)
	for _, secret := range [][]byte{wire("laptop-jdoe.local"), []byte("printer-3f"), ipClient} {
		if bytes.Contains(red, secret) {
			t.Errorf("%q left in the output", secret)
		}
	}
	if !bytes.Contains(red, group) || !bytes.Contains(red, []byte{0x01, 0x00, 0x5e, 0, 0, 0xfb}) {
		t.Errorf("the multicast group's addresses are not kept")
	}
	var d layers.DNS
	pkt := decodeFrames(t, red)[0]
	if err := d.DecodeFromBytes(pkt.Layer(layers.LayerTypeUDP).LayerPayload(), gopacket.NilDecodeFeedback); err != nil {
		t.Fatal(err)
	}
	if string(d.Answers[0].Name) != r.Name("laptop-jdoe.local") || addrOf(d.Answers[0].IP) != r.Addr(addrOf(ipClient)) {
		t.Errorf("mDNS answer %s %v", d.Answers[0].Name, d.Answers[0].IP)
	}
}

// dhcpRequest returns a DHCP request frame, secrets in its options.
func dhcpRequest(t testing.TB) []byte {
	opt := func(typ layers.DHCPOpt, data []byte) layers.DHCPOption { return layers.NewDHCPOption(typ, data) }
	req := &layers.DHCPv4{Operation: layers.DHCPOpRequest, HardwareType: layers.LinkTypeEthernet, Xid: 0x1234,
		ClientIP: net.IPv4zero, YourClientIP: net.IPv4zero, NextServerIP: net.IPv4zero, RelayAgentIP: ipServer,
		ClientHWAddr: macClient, Options: layers.DHCPOptions{
			opt(layers.DHCPOptMessageType, []byte{byte(layers.DHCPMsgTypeRequest)}),
			opt(layers.DHCPOptClientID, append([]byte{1}, macClient...)),
			opt(layers.DHCPOptRequestIP, ipClient),
			opt(layers.DHCPOptServerID, ipServer),
			opt(layers.DHCPOptHostname, []byte("LAPTOP-JDOE")),
			opt(81, append([]byte{0, 0, 0}, "laptop-jdoe.corp.acme-corp.net"...)),
			opt(layers.DHCPOptClassID, []byte("MSFT 5.0")),
		}}
	return serialize(t, eth(macClient, net.HardwareAddr{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, layers.EthernetTypeIPv4),
		ipv4(net.IPv4zero, net.IPv4bcast, layers.IPProtocolUDP), udp(68, 67), req)
}

func TestCaptureDHCP(t *testing.T) {
	orig := pcapOf(t, layers.LinkTypeEthernet, dhcpRequest(t))
	red, r, n, err := redactCapture(t, orig)
	if err != nil || n.Written != 1 {
		t.Fatalf("Capture: %v, %+v", err, n)
	}
	checkChecksums(t, red)
	for _, secret := range [][]byte{[]byte("jdoe"), []byte("JDOE"), []byte("acme"), ipClient, ipServer, macClient} {
		if bytes.Contains(red, secret) {
			t.Errorf("%q left in the output", secret)
		}
	}
	d, ok := decodeFrames(t, red)[0].Layer(layers.LayerTypeDHCPv4).(*layers.DHCPv4)
	if !ok {
		t.Fatal("the redacted DHCP request does not decode")
	}
	if !bytes.Equal(d.ClientHWAddr, r.MAC(macClient)) || addrOf(d.RelayAgentIP) != r.Addr(addrOf(ipServer)) {
		t.Errorf("DHCP header %v %v", d.ClientHWAddr, d.RelayAgentIP)
	}
	for _, o := range d.Options {
		switch o.Type {
		case layers.DHCPOptHostname:
			if string(o.Data) != r.Pseudonym(KindHost, "LAPTOP-JDOE") {
				t.Errorf("host name %q", o.Data)
			}
		case layers.DHCPOptRequestIP:
			if addrOf(o.Data) != r.Addr(addrOf(ipClient)) {
				t.Errorf("requested address %v", net.IP(o.Data))
			}
		case layers.DHCPOptClassID:
			if string(o.Data) != "MSFT 5.0" {
				t.Errorf("vendor class %q", o.Data)
			}
		}
	}
}
