package redact

import (
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// dhcp returns the redacted form of a DHCP message: its addresses, the
// client's MAC, host and domain names replaced, the options Capture does
// not read redacted as opaque bytes. A message that does not decode is
// redacted as opaque bytes, with its length kept.
func (c *capturer) dhcp(msg []byte) []byte {
	var d layers.DHCPv4
	if err := d.DecodeFromBytes(msg, gopacket.NilDecodeFeedback); err != nil {
		return c.payload(msg)
	}
	d.ClientIP, d.YourClientIP = c.ip(d.ClientIP), c.ip(d.YourClientIP)
	d.NextServerIP, d.RelayAgentIP = c.ip(d.NextServerIP), c.ip(d.RelayAgentIP)
	d.ClientHWAddr = c.macCopy(d.ClientHWAddr)
	d.ServerName, d.File = c.payload(d.ServerName), c.payload(d.File)
	for i := range d.Options {
		o := &d.Options[i]
		data := append([]byte(nil), o.Data...)
		switch o.Type {
		case layers.DHCPOptPad, layers.DHCPOptEnd, layers.DHCPOptMessageType, layers.DHCPOptParamsRequest,
			layers.DHCPOptLeaseTime, layers.DHCPOptT1, layers.DHCPOptT2, layers.DHCPOptMaxMessageSize,
			layers.DHCPOptSubnetMask, layers.DHCPOptClassID:
		case layers.DHCPOptHostname:
			data = []byte(c.r.Pseudonym(KindHost, string(data)))
		case layers.DHCPOptDomainName:
			data = []byte(c.r.Name(string(data)))
		case 81: // client FQDN: flags, two result codes, the name
			if len(data) > 3 && data[0]&0x04 == 0 { // in ASCII
				data = append(data[:3:3], c.r.Name(string(data[3:]))...)
			} else if len(data) > 3 {
				c.wireNames(data[3:])
			}
		case layers.DHCPOptRequestIP, layers.DHCPOptServerID, layers.DHCPOptRouter, layers.DHCPOptDNS,
			layers.DHCPOptBroadcastAddr, layers.DHCPOptNetBIOSTCPNS, layers.DHCPOptNTPServers,
			layers.DHCPOptTimeServer, layers.DHCPOptLogServer:
			if len(data)%4 != 0 {
				clear(data)
			}
			for j := 0; j+4 <= len(data); j += 4 {
				c.addr(data[j : j+4])
			}
		case layers.DHCPOptClientID:
			if len(data) == 7 && data[0] == 1 { // an Ethernet MAC
				c.mac(data[1:])
			} else {
				data = c.payload(data)
			}
		case 82, 119, 121: // relay agent circuits, search domains and routes: nothing to keep
			clear(data)
		default:
			data = c.payload(data)
		}
		if len(data) > 255 {
			data = data[:255]
		}
		o.Data, o.Length = data, uint8(len(data))
	}
	buf := gopacket.NewSerializeBuffer()
	if err := d.SerializeTo(buf, gopacket.SerializeOptions{FixLengths: true}); err != nil {
		return c.payload(msg)
	}
	return buf.Bytes()
}
