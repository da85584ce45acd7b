package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestRemoteUserDisabled(t *testing.T) {
	msg := told(1, "error", "VPN establishment capability for a remote user is disabled.  A VPN connection will not be established.")
	runRule(t, RemoteUserDisabled, []ruleCase{
		{"refused", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), msg, rec(40, "acvpnagent", msg.Message)}, findings.SeverityHigh,
			[]string{"for a remote user (connection to vpn.example.com)", "2 records between 09:15:03 and 09:15:42", "say \"VPN establishment capability for a remote user is disabled.", "LocalUsersOnly"}},
		{"connected later", nil, []logparse.Record{msg, connectedAt(60)}, 0, nil},
		{"other process", nil, []logparse.Record{rec(1, "mstsc", msg.Message)}, 0, nil},
		{"remote desktop is another rule", nil, []logparse.Record{told(1, "error", "VPN establishment capability from a remote desktop is disabled.")}, 0, nil},
	})
}
