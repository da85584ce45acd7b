package rules

import (
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestAgentCrashed(t *testing.T) {
	segv := rec(0, "kernel", "[ 1234.567890] vpnagentd[1130]: segfault at 0 ip 00007f2b1c2d3e4f sp 00007ffd5e6f7a80 error 4 in libvpnagentutilities.so[7f2b1c200000+1a0000]")
	gui := told(5, "error", "VPN service not available.")
	linux := platform(dart.PlatformLinux, "5.1.2.42")
	runRule(t, AgentCrashed, []ruleCase{
		{"crashed", linux, []logparse.Record{segv, gui}, findings.SeverityHigh, []string{"1 segfault at 09:15:02 in libvpnagentutilities", "service unavailable (1 record", "No connection was established after the last crash"}},
		{"recovered", linux, []logparse.Record{segv, connectedAt(120)}, findings.SeverityLow, []string{"the agent recovered"}},
		{"another process crashed", linux, []logparse.Record{rec(0, "kernel", "[ 1.0] firefox[2201]: segfault at 0 ip 0 sp 0 error 4 in libxul.so")}, 0, nil},
		{"GUI message alone", linux, []logparse.Record{gui}, 0, nil},
	})
}
