package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
)

// ClientCertNotFound reports certificate authentication that found no
// client certificate.
var ClientCertNotFound = &findings.Rule{
	ID:       "client-cert-not-found",
	Title:    "No client certificate for certificate authentication",
	Severity: findings.SeverityMedium,
	Doc: `Detects certificate authentication without a usable client certificate:
a record whose debug header reports CERTSTORE_ERROR_CERT_NOT_FOUND
(0xFE21000E) together with "Number of certificates found: 0" or the
BELIEVED message "No valid certificates available for authentication." A
CERT_NOT_FOUND alone is not enough: the client searches several stores and
one may legitimately be empty. The tunnel group requires a certificate and
none in the user's or machine's store matches (not deployed, expired, or
excluded by the profile's certificate matching). A later established
connection cancels the finding.

CONFIRMED: CERTSTORE_ERROR_CERT_NOT_FOUND and "Number of certificates found:
0" (public code; catalogue entry 4). BELIEVED: the wording "No valid
certificates available for authentication."`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "Catalogue entry 4: CERTSTORE_ERROR_CERT_NOT_FOUND"}},
	Remediation: []string{
		"Deploy the client certificate the tunnel group expects (user or machine store, with its private key) and check that it has not expired.",
		"Check the profile's certificate matching (CertificateMatch) against the certificate's key usage and issuer.",
	},
	Signals: standardSignals(
		codeSignal("notfound", "CERTSTORE_ERROR_CERT_NOT_FOUND"),
		vpnSignal("zero", "Number of certificates found: 0"),
		vpnSignal("novalid", "No valid certificates available for authentication"),
	),
	Check: func(p *findings.Pass) error {
		if p.Series("notfound").Empty() || p.Series("zero").Empty() && p.Series("novalid").Empty() {
			return nil
		}
		f := unresolved(p, "notfound", "zero", "novalid")
		if f == nil {
			return nil
		}
		var s strings.Builder
		fmt.Fprintf(&s, "Certificate authentication%s found no client certificate: %s report CERTSTORE_ERROR_CERT_NOT_FOUND (%d)", f.toHosts(), counted(f.cadence, "record"), p.Series("notfound").Count())
		if n := p.Series("zero").Count(); n > 0 {
			fmt.Fprintf(&s, " and \"Number of certificates found: 0\" (%d)", n)
		}
		if n := p.Series("novalid").Count(); n > 0 {
			fmt.Fprintf(&s, " and \"No valid certificates available for authentication\" (%d)", n)
		}
		fmt.Fprintf(&s, ". The tunnel group requires a certificate and none on the endpoint matches. %s", f.history())
		p.Report(findings.Finding{Summary: s.String(), Evidence: cite(f.fails, "", 4), Facts: f.facts()})
		return nil
	},
}
