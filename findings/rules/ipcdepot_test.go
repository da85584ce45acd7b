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

func TestIPCDepotICSCitesPlatform(t *testing.T) {
	msg := rec(0, "acvpnagent", "The VPN client agent was unable to create the interprocess communication depot.")
	msg.Pos = logparse.Position{File: "AnyConnectVPN.txt", Line: 3}
	got, _, err := findings.Evaluate([]*findings.Rule{IPCDepotICS}, slices.Values([]logparse.Record{msg}), &findings.EvaluateOptions{Facts: platform(dart.PlatformWindows, "4.10.07073")})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Contains(t, got[0].Facts, findings.FactRef{Name: "platform", Value: "windows", File: "System/os-release", Line: 1})
}
