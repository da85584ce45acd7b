package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestGatewayConnectFailed(t *testing.T) {
	generic := func(sec int) logparse.Record {
		return told(sec, "error", "AnyConnect was not able to establish a connection to the specified secure gateway. Please try connecting again.")
	}
	runRule(t, GatewayConnectFailed, []ruleCase{
		{"nothing explains it", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), generic(5), generic(65)}, findings.SeverityMedium,
			[]string{"(connection to vpn.example.com)", "2 records between 09:15:07 and 09:16:07, 2 of them with no known cause", "just before 09:15:07"}},
		{"certificate failure explains it", nil, []logparse.Record{code(4, "acvpnui", "TranslateStatusCode", "TranslateStatusCode", peerCertRejected, ""), generic(5)}, 0, nil},
		{"same second explains it", nil, []logparse.Record{told(5, "warning", "Connection attempt has timed out. Please verify Internet connectivity."), generic(5)}, 0, nil},
		{"reply explains it", nil, []logparse.Record{rec(3, "acvpnapi", "Response type (DNS resolution failed) from vpn.example.com"), generic(5)}, 0, nil},
		{"old cause does not explain a later failure", nil, []logparse.Record{code(0, "acvpnui", "TranslateStatusCode", "TranslateStatusCode", peerCertRejected, ""), generic(600)}, findings.SeverityMedium, []string{"1 of them"}},
		{"mus.cisco.com lookups explain nothing", nil, []logparse.Record{lookupFailure(4, "mus.cisco.com"), generic(5)}, findings.SeverityMedium, nil},
		{"connected later", nil, []logparse.Record{generic(5), connectedAt(60)}, 0, nil},
	})
}
