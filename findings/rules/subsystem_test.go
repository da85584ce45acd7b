package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestSubsystemInitFailed(t *testing.T) {
	msg := told(0, "error", "Failed to initialize connection subsystem")
	runRule(t, SubsystemInitFailed, []ruleCase{
		{"failed", nil, []logparse.Record{msg}, findings.SeverityHigh, []string{"1 record at 09:15:02 says \"Failed to initialize connection subsystem\"", "BELIEVED"}},
		{"connected later", nil, []logparse.Record{msg, connectedAt(120)}, 0, nil},
		{"initialized", nil, []logparse.Record{rec(0, "acvpnui", "Initialized connection subsystem")}, 0, nil},
	})
}
