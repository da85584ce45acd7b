package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestClientCertNotFound(t *testing.T) {
	notFound := code(1, "acvpnui", "CCertStore::FindCertificates", "CCollectiveCertStore::GetCertificates", "CERTSTORE_ERROR_CERT_NOT_FOUND", "")
	zero := rec(1, "acvpnui", "Number of certificates found: 0")
	noValid := told(2, "error", "No valid certificates available for authentication.")
	runRule(t, ClientCertNotFound, []ruleCase{
		{"not found and zero", nil, []logparse.Record{requestedAt(0, "vpn.example.com"), notFound, zero}, findings.SeverityMedium,
			[]string{"(connection to vpn.example.com)", "CERTSTORE_ERROR_CERT_NOT_FOUND (1)", "\"Number of certificates found: 0\" (1)"}},
		{"not found and no valid", nil, []logparse.Record{notFound, noValid}, findings.SeverityMedium, []string{"No valid certificates available for authentication\" (1)"}},
		{"not found alone: one empty store", nil, []logparse.Record{notFound}, 0, nil},
		{"zero alone", nil, []logparse.Record{zero}, 0, nil},
		{"connected later", nil, []logparse.Record{notFound, zero, connectedAt(20)}, 0, nil},
	})
}
