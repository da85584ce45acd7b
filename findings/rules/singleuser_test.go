package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestSingleLocalUser(t *testing.T) {
	msg := told(1, "error", "AnyConnect profile settings mandate a single local user, but multiple local users are currently logged into your computer.  A VPN connection will not be established.")
	runRule(t, SingleLocalUser, []ruleCase{
		{"two sessions", nil, []logparse.Record{msg, told(300, "error", msg.Message[len("Message type error sent to the user: "):])}, findings.SeverityHigh,
			[]string{"2 records between 09:15:03 and 09:20:02", "SingleLocalLogon"}},
		{"connected later", nil, []logparse.Record{msg, connectedAt(60)}, 0, nil},
		{"only a single local user", nil, []logparse.Record{rec(1, "acvpnagent", "Profile setting WindowsLogonEnforcement: SingleLocalLogon (mandate a single local user)")}, 0, nil},
	})
}
