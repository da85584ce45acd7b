package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestDTLSDeadPeer(t *testing.T) {
	dpd := func(sec int) logparse.Record {
		return code(sec, "acvpnagent", "CTunnelProtocolDpdMgr::onTimer", "CTunnelProtocolDpdMgr::checkResponse", noDPDResponse, "")
	}
	runRule(t, DTLSDeadPeer, []ruleCase{
		{"repeated", nil, []logparse.Record{connectedAt(-10), dpd(0), dpd(30), dpd(60)}, findings.SeverityLow, []string{"3 records between 09:15:02 and 09:16:02", "BELIEVED", "UDP/443"}},
		{"two are not the pattern", nil, []logparse.Record{dpd(0), dpd(30)}, 0, nil},
		{"mentioned only", nil, []logparse.Record{rec(0, "acvpnagent", noDPDResponse), rec(1, "acvpnagent", noDPDResponse), rec(2, "acvpnagent", noDPDResponse)}, 0, nil},
	})
}
