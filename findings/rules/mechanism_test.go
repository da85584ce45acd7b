package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestUnauthorizedMechanism(t *testing.T) {
	runRule(t, UnauthorizedMechanism, []ruleCase{
		{"headend wording", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), told(4, "error", "Login denied, unauthorized connection mechanism, contact your administrator.")}, findings.SeverityHigh,
			[]string{"denied the login (connection to vpn.example.com)", "\"Login denied, unauthorized connection mechanism", "vpn-tunnel-protocol"}},
		{"GUI wording", nil, []logparse.Record{told(4, "error", "Unauthorized connection mechanism, contact your local administrator.")}, findings.SeverityHigh, nil},
		{"connected later", nil, []logparse.Record{told(4, "error", "Login denied, unauthorized connection mechanism, contact your administrator."), connectedAt(200)}, 0, nil},
		{"other process", nil, []logparse.Record{rec(4, "openconnect", "Login denied, unauthorized connection mechanism")}, 0, nil},
	})
}
