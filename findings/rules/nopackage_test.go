package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestHeadendPackageMissing(t *testing.T) {
	msg := told(8, "error", "The AnyConnect package on the secure gateway could not be located. You may be experiencing network connectivity issues. Please try connecting again.")
	runRule(t, HeadendPackageMissing, []ruleCase{
		{"missing", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), msg}, findings.SeverityHigh, []string{"(connection to vpn.example.com)", "1 record at 09:15:10", "no client image"}},
		{"connected later", nil, []logparse.Record{msg, connectedAt(30)}, 0, nil},
		{"a profile that could not be located", nil, []logparse.Record{rec(8, "acvpnui", "The profile could not be located")}, 0, nil},
	})
}
