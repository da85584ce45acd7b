package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestTrustedNetwork(t *testing.T) {
	runRule(t, TrustedNetwork, []ruleCase{
		{"detected", nil, []logparse.Record{told(0, "information", "The VPN client detected a trusted network. Disconnecting.")}, findings.SeverityInfo, []string{"1 record at 09:15:02 says", "BELIEVED"}},
		{"not a user message", nil, []logparse.Record{rec(0, "acvpnagent", "TND: the VPN client detected a trusted network")}, 0, nil},
		{"not a trusted network", nil, []logparse.Record{told(0, "information", "The network is not a trusted network.")}, 0, nil},
		{"not on a trusted network", nil, []logparse.Record{told(0, "information", "You are not on a trusted network.")}, 0, nil},
		{"untrusted network", nil, []logparse.Record{told(0, "information", "The VPN client detected an untrusted network.")}, 0, nil},
	})
}
