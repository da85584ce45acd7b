package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestUntrustedServerBlocked(t *testing.T) {
	blocked := rec(5, "acvpnui", "Untrusted Server Blocked! AnyConnect cannot verify server: vpn.example.com")
	prompt := rec(1, "acvpnui", "Untrusted VPN Server Certificate! AnyConnect cannot verify server: vpn.example.com")
	runRule(t, UntrustedServerBlocked, []ruleCase{
		{"blocked", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), prompt, blocked}, findings.SeverityHigh,
			[]string{"blocked the attempt (connection to vpn.example.com) because", "1 record at 09:15:07", "1 \"Untrusted VPN Server Certificate\" prompt"}},
		{"prompt only: the user may accept", nil, []logparse.Record{prompt}, 0, nil},
		{"connected later", nil, []logparse.Record{blocked, connectedAt(30)}, 0, nil},
		{"another process", nil, []logparse.Record{rec(5, "firefox", "Untrusted Server Blocked")}, 0, nil},
	})
}
