package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func lookupFailure(sec int, host string) logparse.Record {
	return code(sec, "acvpnagent", "ResolveHostname", "CHostLocator::resolveHostName", getAddrInfo, "failed to resolve host name "+host+" to IPv4 address")
}

func TestHeadendDNSFailure(t *testing.T) {
	reply := dbg(1, "acvpnapi", "processIfcData", "Content type (unknown) received. Response type (DNS resolution failed) from VPN.Contoso.com: DNS resolution failed")
	gui := told(1, "error", "The VPN connection failed due to unsuccessful domain name resolution.")
	runRule(t, HeadendDNSFailure, []ruleCase{
		{"intune capture", nil, []logparse.Record{requestedAt(0, "VPN.Contoso.com"), lookupFailure(0, "VPN.Contoso.com"), reply, gui}, findings.SeverityHigh,
			[]string{"to VPN.Contoso.com failed", "2 records at 09:15:03; the agent logged 1 GETADDRINFO failure at 09:15:02", "1 GETADDRINFO failure at 09:15:02", "1 of them followed by the GUI's"}},
		{"GUI message alone", nil, []logparse.Record{gui}, findings.SeverityHigh, []string{"1 record"}},
		{"no message: the headend's lookup fails in the attempt", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), lookupFailure(1, "vpn.example.com")}, findings.SeverityHigh,
			[]string{"to vpn.example.com failed because the secure gateway's name did not resolve: the agent logged 1 GETADDRINFO failure at 09:15:03."}},
		{"no message: the host of the connection manager's attempt", nil, []logparse.Record{dbg(0, "vpnui", "initiateConnect", "Initiating connection to: https://VPN.example.com/"), lookupFailure(1, "vpn.example.com")}, findings.SeverityHigh, nil},
		{"the headend's lookup inside a session", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), connectedAt(5), lookupFailure(900, "vpn.example.com")}, 0, nil},
		{"the headend's lookup long after the request", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), lookupFailure(600, "vpn.example.com")}, 0, nil},
		{"the headend's IPv6 lookup", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), code(1, "acvpnagent", "ResolveHostname", "CHostLocator::resolveHostName", getAddrInfo, "failed to resolve host name vpn.example.com to IPv6 address")}, 0, nil},
		{"another name's lookup in the attempt", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), lookupFailure(1, "proxy.example.com")}, 0, nil},
		{"the headend's lookup, then connected", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), lookupFailure(1, "vpn.example.com"), connectedAt(20)}, 0, nil},
		{"lookup failure alone is not enough", nil, []logparse.Record{lookupFailure(0, "proxy.example.com")}, 0, nil},
		{"mus.cisco.com is another rule's", nil, []logparse.Record{lookupFailure(0, "mus.cisco.com"), lookupFailure(15, "mus.cisco.com")}, 0, nil},
		{"connected later", nil, []logparse.Record{lookupFailure(0, "vpn.example.com"), gui, connectedAt(100)}, 0, nil},
	})
}
