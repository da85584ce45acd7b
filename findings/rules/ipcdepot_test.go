package rules

import (
	"slices"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestIPCDepotICS(t *testing.T) {
	msg := rec(0, "acvpnagent", "The VPN client agent was unable to create the interprocess communication depot.")
	runRule(t, IPCDepotICS, []ruleCase{
		{"windows", platform(dart.PlatformWindows, "4.10.07073"), []logparse.Record{msg}, findings.SeverityHigh, []string{"Internet Connection Sharing", "1 record at 09:15:02"}},
		{"unknown platform", platform(dart.PlatformUnknown, ""), []logparse.Record{msg}, findings.SeverityHigh, nil},
		{"linux container is another cause", platform(dart.PlatformLinux, "5.1.5.65"), []logparse.Record{msg}, 0, nil},
		{"connected later", nil, []logparse.Record{msg, connectedAt(30)}, 0, nil},
	})
}

func TestIPCDepotICSCitesPlatform(t *testing.T) {
	msg := rec(0, "acvpnagent", "The VPN client agent was unable to create the interprocess communication depot.")
	msg.Pos = logparse.Position{File: "AnyConnectVPN.txt", Line: 3}
	got, _, err := findings.Evaluate([]*findings.Rule{IPCDepotICS}, platform(dart.PlatformWindows, "4.10.07073"), nil, slices.Values([]logparse.Record{msg}))
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Facts, findings.FactRef{Name: "platform", Value: "windows", File: "System/os-release", Line: 1})
}
