package dnscapture

import (
	"net/netip"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// decoder decodes link, network and transport headers with one
// gopacket.DecodingLayerParser per kind of first layer, all sharing the
// same preallocated layers.
type decoder struct {
	eth     layers.Ethernet
	dot1q   layers.Dot1Q
	sll     layers.LinuxSLL
	sll2    layers.LinuxSLL2
	loop    layers.Loopback
	ip4     layers.IPv4
	ip6     layers.IPv6
	ip6ext  layers.IPv6ExtensionSkipper
	udp     layers.UDP
	tcp     layers.TCP
	parsers map[gopacket.LayerType]*gopacket.DecodingLayerParser
	decoded []gopacket.LayerType
}

// decodedPacket is what the Reader needs from a packet.
type decodedPacket struct {
	src, dst netip.AddrPort
	tr       Transport // 0 for neither UDP nor TCP
	payload  []byte
	tcp      *layers.TCP
}

func (d *decoder) init() {
	d.parsers = make(map[gopacket.LayerType]*gopacket.DecodingLayerParser)
	for _, first := range []gopacket.LayerType{
		layers.LayerTypeEthernet, layers.LayerTypeLinuxSLL, layers.LayerTypeLinuxSLL2,
		layers.LayerTypeLoopback, layers.LayerTypeIPv4, layers.LayerTypeIPv6,
	} {
		p := gopacket.NewDecodingLayerParser(first,
			&d.eth, &d.dot1q, &d.sll, &d.sll2, &d.loop, &d.ip4, &d.ip6, &d.ip6ext, &d.udp, &d.tcp)
		p.IgnoreUnsupported = true
		d.parsers[first] = p
	}
	d.decoded = make([]gopacket.LayerType, 0, 16)
}

// firstLayer returns the layer a frame of link type lt starts with.
func firstLayer(lt layers.LinkType, data []byte) (gopacket.LayerType, bool) {
	switch lt {
	case layers.LinkTypeEthernet:
		return layers.LayerTypeEthernet, true
	case layers.LinkTypeLinuxSLL:
		return layers.LayerTypeLinuxSLL, true
	case layers.LinkTypeLinuxSLL2:
		return layers.LayerTypeLinuxSLL2, true
	case layers.LinkTypeNull, layers.LinkTypeLoop:
		return layers.LayerTypeLoopback, true
	case layers.LinkTypeIPv4:
		return layers.LayerTypeIPv4, true
	case layers.LinkTypeIPv6:
		return layers.LayerTypeIPv6, true
	case layers.LinkTypeRaw, 12, 14: // LINKTYPE_RAW, and DLT_RAW as most systems and OpenBSD number it
		if len(data) == 0 {
			return 0, false
		}
		switch data[0] >> 4 {
		case 4:
			return layers.LayerTypeIPv4, true
		case 6:
			return layers.LayerTypeIPv6, true
		}
	}
	return 0, false
}

// decode decodes data, a frame of link type lt. It reports false if the
// link type is not supported or the headers are malformed.
func (d *decoder) decode(lt layers.LinkType, data []byte) (decodedPacket, bool) {
	var p decodedPacket
	first, ok := firstLayer(lt, data)
	if !ok {
		return p, false
	}
	if err := d.parsers[first].DecodeLayers(data, &d.decoded); err != nil {
		return p, false
	}
	var src, dst netip.Addr
	for _, t := range d.decoded {
		switch t {
		case layers.LayerTypeIPv4:
			src, _ = netip.AddrFromSlice(d.ip4.SrcIP)
			dst, _ = netip.AddrFromSlice(d.ip4.DstIP)
			src, dst = src.Unmap(), dst.Unmap()
		case layers.LayerTypeIPv6:
			src, _ = netip.AddrFromSlice(d.ip6.SrcIP)
			dst, _ = netip.AddrFromSlice(d.ip6.DstIP)
		case layers.LayerTypeUDP:
			p.tr = UDP
			p.src = netip.AddrPortFrom(src, uint16(d.udp.SrcPort))
			p.dst = netip.AddrPortFrom(dst, uint16(d.udp.DstPort))
			p.payload = d.udp.Payload
		case layers.LayerTypeTCP:
			p.tr = TCP
			p.src = netip.AddrPortFrom(src, uint16(d.tcp.SrcPort))
			p.dst = netip.AddrPortFrom(dst, uint16(d.tcp.DstPort))
			p.payload = d.tcp.Payload
			p.tcp = &d.tcp
		}
	}
	if p.tr != 0 && (!src.IsValid() || !dst.IsValid()) {
		return p, false
	}
	return p, true
}
