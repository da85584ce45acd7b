package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestClientCertNotFound(t *testing.T) {
	// The routine scan, as a Linux client logs it before every connection.
	scan := func(sec int) []logparse.Record {
		return []logparse.Record{
			code(sec, "vpnui", "Enumerate", "Enumerate", certNotFound, ""),
			rec(sec, "vpnui", noCertsFound),
		}
	}
	with := func(groups ...[]logparse.Record) []logparse.Record {
		var out []logparse.Record
		for _, g := range groups {
			out = append(out, g...)
		}
		return out
	}
	req := []logparse.Record{requestedAt(0, "vpn.example.com")}
	failed := told(5, "warning", "Connection attempt has failed.")
	runRule(t, ClientCertNotFound, []ruleCase{
		{"no valid certificates", nil, with(req, scan(1), []logparse.Record{told(2, "warning", "No valid certificates available for authentication."), told(2, "error", "Certificate Validation Failure")}), findings.SeverityMedium,
			[]string{"(connection to vpn.example.com)", "the client said \"No valid certificates available for authentication\" (1)", "the user was told \"Certificate Validation Failure\" (1)", "The certificate scan found none"}},
		{"no valid certificates without a scan", nil, []logparse.Record{rec(2, "vpnui", "No valid certificates available for authentication.")}, findings.SeverityMedium, nil},
		{"validation failure after an empty scan", nil, with(req, scan(1), []logparse.Record{told(3, "error", "Certificate Validation Failure")}), findings.SeverityMedium, []string{"Certificate Validation Failure"}},
		{"gateway asked for a certificate", nil, with(scan(1), []logparse.Record{rec(2, "vpnui", "Received <client-cert-request> from the secure gateway")}), findings.SeverityMedium, []string{"the gateway asked for a client certificate (1)"}},
		{"failed right after the empty scan", nil, with(req, scan(1), []logparse.Record{failed}), findings.SeverityMedium, []string{"1 failed attempt at 09:15:07 within 2 minutes of the empty scan"}},
		{"generic failure right after the empty scan", nil, with(req, scan(1), []logparse.Record{told(6, "error", "AnyConnect was not able to establish a connection to the specified secure gateway. Please try connecting again.")}), findings.SeverityMedium, nil},

		{"empty scan alone is routine", nil, with(req, scan(1)), 0, nil},
		{"empty scan, then connected", nil, with(req, scan(1), []logparse.Record{connectedAt(8)}), 0, nil},
		{"validation failure long after the scan", nil, with(scan(0), []logparse.Record{told(900, "error", "Certificate Validation Failure")}), 0, nil},
		{"validation failure without a scan", nil, []logparse.Record{told(3, "error", "Certificate Validation Failure")}, 0, nil},
		{"another cause between scan and failure", nil, with(req, scan(1), []logparse.Record{code(3, "vpnui", "TranslateStatusCode", "TranslateStatusCode", peerCertRejected, ""), failed}), 0, nil},
		{"timeout between scan and failure", nil, with(req, scan(1), []logparse.Record{code(4, "vpnui", "SendRequest", "curl_easy_perform", transportTimeout, "error"), failed}), 0, nil},
		{"the user cancelled the login", nil, with(req, scan(1), []logparse.Record{told(4, "information", "User credentials prompt cancelled."), failed}), 0, nil},
		{"failure long after the scan", nil, with(scan(0), []logparse.Record{told(600, "warning", "Connection attempt has failed.")}), 0, nil},
		{"connected later", nil, []logparse.Record{told(2, "warning", "No valid certificates available for authentication."), connectedAt(20)}, 0, nil},
	})
}
