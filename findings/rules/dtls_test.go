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
	mtu := func(sec int) logparse.Record {
		return rec(sec, "acvpnagent", "Reconfigure reason code 16: New MTU configuration.")
	}
	runRule(t, DTLSDeadPeer, []ruleCase{
		{"repeated", nil, []logparse.Record{connectedAt(-10), dpd(0), dpd(30), dpd(60)}, findings.SeverityLow, []string{"3 records between 09:15:02 and 09:16:02", "BELIEVED", "UDP/443"}},
		{"new MTU every minute", nil, []logparse.Record{connectedAt(-10), mtu(50), mtu(110), mtu(170)}, findings.SeverityLow,
			[]string{"rebuilt the tunnel for a new MTU 3 times between 09:15:52 and 09:17:52", "non-default DTLS port"}},
		{"one new MTU is normal", nil, []logparse.Record{connectedAt(-10), mtu(50)}, 0, nil},
		{"two are not the pattern", nil, []logparse.Record{dpd(0), dpd(30)}, 0, nil},
		{"mentioned only", nil, []logparse.Record{rec(0, "acvpnagent", noDPDResponse), rec(1, "acvpnagent", noDPDResponse), rec(2, "acvpnagent", noDPDResponse)}, 0, nil},
	})
}
