package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestRemoteDesktopDisabled(t *testing.T) {
	msg := told(1, "error", "VPN establishment capability from a remote desktop is disabled.  A VPN connection will not be established.")
	runRule(t, RemoteDesktopDisabled, []ruleCase{
		{"hyper-v enhanced session", nil, []logparse.Record{msg}, findings.SeverityHigh, []string{"1 record at 09:15:03 says", "Hyper-V Enhanced Session"}},
		{"connected later", nil, []logparse.Record{msg, connectedAt(60)}, 0, nil},
		{"remote user is another rule", nil, []logparse.Record{told(1, "error", "VPN establishment capability for a remote user is disabled.")}, 0, nil},
	})
}
