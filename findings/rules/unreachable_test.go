package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestGatewayUnreachable(t *testing.T) {
	timeout := func(sec int) logparse.Record {
		return code(sec, "acvpnagent", "SendRequest", "curl_easy_perform", transportTimeout, "28 : Error")
	}
	gui := told(1, "warning", "Connection attempt has timed out. Please verify Internet connectivity.")
	contact := told(2, "error", "Unable to contact vpn.example.com.")
	// The Linux client that tells the user nothing: one attempt's four
	// timeouts and the connection manager's own "Unable to contact".
	quiet := []logparse.Record{
		dbg(0, "vpnui", "initiateConnect", "Initiating connection to: https://myaccess.example.com/"),
		timeout(21), code(21, "vpnui", "connect", "CTransport::SendRequest", transportTimeout, ""),
		code(21, "vpnui", "TranslateStatusCode", "TranslateStatusCode", transportTimeout, "timeout"),
		code(21, "vpnui", "processIfcData", "processIfcData", "GLOBAL_ERROR_UNEXPECTED", "Unable to contact myaccess.example.com. "),
	}
	runRule(t, GatewayUnreachable, []ruleCase{
		{"timed out", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), timeout(0), gui, contact}, findings.SeverityHigh,
			[]string{"(connection to vpn.example.com) could not reach", "2 records between 09:15:03 and 09:15:04", "1 timeout at 09:15:02 (CTRANSPORT_ERROR_TIMEOUT)"}},
		{"host unreachable reply", nil, []logparse.Record{rec(0, "acvpnapi", "Response type (host unreachable) from vpn.example.com")}, findings.SeverityHigh, nil},
		{"no user message: the core's unable to contact", nil, quiet, findings.SeverityHigh,
			[]string{"1 record at 09:15:23 (\"Unable to contact myaccess.example.com\")", "3 timeouts at 09:15:23 (CTRANSPORT_ERROR_TIMEOUT), in 1 timed-out connection attempt"}},
		{"no user message: two attempts timed out", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), timeout(21), timeout(21), timeout(81)}, findings.SeverityHigh,
			[]string{"in 2 timed-out connection attempts"}},
		{"timeouts of a new attempt after a session", nil, []logparse.Record{connectedAt(0), requestedAt(100, "vpn.example.com"), timeout(130), timeout(190)}, findings.SeverityHigh, nil},

		{"transport timeout alone", nil, []logparse.Record{timeout(0)}, 0, nil},
		{"one attempt's timeouts in one burst", nil, []logparse.Record{timeout(0), timeout(0), timeout(1), timeout(1)}, 0, nil},
		{"timeout followed by a successful retry", nil, []logparse.Record{timeout(0), timeout(60), connectedAt(70)}, 0, nil},
		{"unable to contact, then a successful retry", nil, append(quiet, connectedAt(40)), 0, nil},
		{"timeouts with no attempt started", nil, []logparse.Record{timeout(21), timeout(81)}, 0, nil},
		{"timeouts long after the attempt started", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), timeout(600), timeout(660)}, 0, nil},
		{"timeouts inside a session", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), connectedAt(3), timeout(900), timeout(1800)}, 0, nil},
		{"unable to contact outside a user message, not a host", nil, []logparse.Record{rec(0, "acvpnagent", "Unable to contact the OCSP responder")}, 0, nil},
		{"connected later", nil, []logparse.Record{gui, connectedAt(40)}, 0, nil},
	})
}
