package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestGatewayRejected(t *testing.T) {
	msg := told(9, "error", "The secure gateway has rejected the connection attempt. A new connection attempt to the same or another secure gateway is needed, which requires re-authentication.")
	runRule(t, GatewayRejected, []ruleCase{
		{"rejected", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), msg}, findings.SeverityHigh, []string{"rejected the attempt (connection to vpn.example.com)", "1 record at 09:15:11", "session limit"}},
		{"connected later", nil, []logparse.Record{msg, connectedAt(30)}, 0, nil},
		{"secure client 5.x sources", nil, []logparse.Record{
			rec(0, "csc_vpnapi", "An SSL VPN connection to vpn.example.com has been requested by the user."),
			rec(9, "csc_vpnui", msg.Message),
		}, findings.SeverityHigh, []string{"(connection to vpn.example.com)"}},
		{"secure client 5.x connected later", nil, []logparse.Record{rec(9, "csc_vpnui", msg.Message), rec(30, "csc_vpnagent", "The VPN connection has been established and can now pass data.")}, 0, nil},
		{"other process", nil, []logparse.Record{rec(9, "ocserv", msg.Message)}, 0, nil},
	})
}
