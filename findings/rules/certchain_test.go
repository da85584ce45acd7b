package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestCertChainUntrusted(t *testing.T) {
	const confirm = "AnyConnect cannot confirm it is connected to your secure gateway.  The local network may not be trustworthy.  Please try another network."
	chain := code(1, "acvpnui", "VerifyServerCertificate", "CFileCertificate::Verify", chainPolicyFailed, "")
	rejected := code(1, "acvpnui", "TranslateStatusCode", "TranslateStatusCode", peerCertRejected, confirm)
	msg := told(2, "error", confirm)
	mention := rec(3, "acvpnui", "Certificate policy: "+chainPolicyFailed+" is treated as fatal")
	other := code(1, "chrome", "Verify", "Verify", chainPolicyFailed, "")
	runRule(t, CertChainUntrusted, []ruleCase{
		{"ubuntu capture", nil, []logparse.Record{requestedAt(0, "vpn.example.de"), chain, rejected, msg}, findings.SeverityHigh,
			[]string{"(connection to vpn.example.de)", "3 records between 09:15:03 and 09:15:04", chainPolicyFailed + " (1)", peerCertRejected + " (1)", "told", "(1 time)", "No connection was established"}},
		{"user message alone", nil, []logparse.Record{msg}, findings.SeverityHigh, []string{"1 record at 09:15:04"}},
		{"connected later is history", nil, []logparse.Record{chain, rejected, msg, connectedAt(60)}, 0, nil},
		{"connected before, failing now", nil, []logparse.Record{connectedAt(-60), chain}, findings.SeverityHigh, []string{"came before the last failure"}},
		{"symbol only mentioned", nil, []logparse.Record{mention}, 0, nil},
		{"another process", nil, []logparse.Record{other}, 0, nil},
	})
}
