package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestGatewayUnreachable(t *testing.T) {
	timeout := code(0, "acvpnagent", "SendRequest", "curl_easy_perform", "CTRANSPORT_ERROR_TIMEOUT", "28 : Error")
	gui := told(1, "warning", "Connection attempt has timed out. Please verify Internet connectivity.")
	contact := told(2, "error", "Unable to contact vpn.example.com.")
	runRule(t, GatewayUnreachable, []ruleCase{
		{"timed out", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), timeout, gui, contact}, findings.SeverityHigh,
			[]string{"(connection to vpn.example.com) could not reach", "2 records between 09:15:03 and 09:15:04", "1 CTRANSPORT_ERROR_TIMEOUT at 09:15:02"}},
		{"host unreachable reply", nil, []logparse.Record{rec(0, "acvpnapi", "Response type (host unreachable) from vpn.example.com")}, findings.SeverityHigh, nil},
		{"transport timeout alone", nil, []logparse.Record{timeout}, 0, nil},
		{"unable to contact outside a user message", nil, []logparse.Record{rec(0, "acvpnagent", "Unable to contact the OCSP responder")}, 0, nil},
		{"connected later", nil, []logparse.Record{gui, connectedAt(40)}, 0, nil},
	})
}
