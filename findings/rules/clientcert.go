package rules

import (
	"fmt"
	"strings"
	"time"

	"github.com/dartkit/dartkit/findings"
)

// Texts of certificate authentication without a client certificate.
const (
	certNotFound     = "CERTSTORE_ERROR_CERT_NOT_FOUND"
	noCertsFound     = "Number of certificates found: 0"
	noValidCerts     = "No valid certificates available for authentication"
	certValidation   = "Certificate Validation Failure"
	clientCertAsked  = "client-cert-request"
	attemptFailedGUI = "Connection attempt has failed"
	loginCancelled   = "User credentials prompt cancelled"
)

// ClientCertNotFound reports certificate authentication that found no
// client certificate.
var ClientCertNotFound = &findings.Rule{
	ID:       "client-cert-not-found",
	Title:    "No client certificate for certificate authentication",
	Severity: findings.SeverityMedium,
	Doc: `Detects certificate authentication without a usable client certificate.
Before every connection the client scans its certificate stores; on an
endpoint without client certificates the scan logs records whose debug
header reports CERTSTORE_ERROR_CERT_NOT_FOUND (0xFE21000E) and "Number of
certificates found: 0". That scan is routine: it also precedes connections
to gateways that never ask for a certificate, so it never makes a finding
alone. The rule needs one of:

  - the client saying the certificate was missing: "No valid certificates
    available for authentication." (a record or a message to the user);
  - the GUI's "Certificate Validation Failure" within 2 minutes after an
    empty scan;
  - the gateway asking for a certificate (a record naming the headend's
    client-cert-request) within 2 minutes after an empty scan;
  - a failed attempt ("Connection attempt has failed." or "... not able to
    establish a connection to the specified secure gateway") within 2
    minutes after an empty scan, with no other cause logged in between:
    no other return code that another rule diagnoses (such as
    CTRANSPORT_ERROR_TIMEOUT or CTRANSPORT_ERROR_PEER_CERT_REJECTED), no
    "Termination reason code", no "Response type (...)" reply, no
    "Unable to contact <host>", no message to the user that another rule
    diagnoses, no "User credentials prompt cancelled." (the user gave
    up). Those records are routine too (a timeout on resume, a disconnect
    by the user, a cancelled login) and only ever stop this case.

The tunnel group then requires a certificate and none in the user's or
machine's store matches (not deployed, expired, or excluded by the
profile's certificate matching). A later established connection cancels
the finding.

CONFIRMED: CERTSTORE_ERROR_CERT_NOT_FOUND and "Number of certificates
found: 0", both in routine scans of Linux syslog captures (Ubuntu forum
threads, public code), the second both as free text ("Function:
getCertList File: ApiCert.cpp ... Number of certificates found: 0") and as
the Description of a header with return code 0. CONFIRMED: "No valid
certificates available for authentication." followed by "Certificate
Validation Failure" (vpn CLI output quoted in public notes on GitHub).
CONFIRMED: the headend's <client-cert-request> element (openconnect's
source). BELIEVED: that the client logs that element, and the event-log
form of the two messages ("Message type ... sent to the user: ...").`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{profileEditorRef},
	Remediation: []string{
		"Deploy the client certificate the tunnel group expects (user or machine store, with its private key) and check that it has not expired.",
		"Check the profile's certificate matching (CertificateMatch) against the certificate's key usage and issuer.",
	},
	Signals: standardSignals(append([]findings.Signal{
		codeSignal("notfound", certNotFound),
		vpnSignal("zero", noCertsFound),
		vpnSignal("novalid", noValidCerts),
		userMessage("validation", certValidation),
		vpnSignal("asked", clientCertAsked),
		userMessage("failed", attemptFailedGUI),
		userMessage("generic", genericFailure),
		userMessage("cancelled", loginCancelled),
	}, failureCauses(certNotFound)...)...),
	Identity: failureIdentity,
	Check:    checkClientCert,
}

func checkClientCert(p *findings.Pass) error {
	scan := findings.Merge("scan", p.Series("notfound"), p.Series("zero"))
	var causes []*findings.Series
	var why []string
	if nv := p.Series("novalid"); !nv.Empty() {
		causes = append(causes, nv)
		why = append(why, fmt.Sprintf("the client said %q (%d)", noValidCerts, nv.Count()))
	}
	if v := afterScan(p.Series("validation"), scan, nil); !v.Empty() {
		causes = append(causes, v)
		why = append(why, fmt.Sprintf("the user was told %q (%d)", certValidation, v.Count()))
	}
	if a := afterScan(p.Series("asked"), scan, nil); !a.Empty() {
		causes = append(causes, a)
		why = append(why, fmt.Sprintf("the gateway asked for a client certificate (%d)", a.Count()))
	}
	other := findings.Merge("causes", append(causeSeries(p), p.Series("cancelled"))...).Times()
	if after := afterScan(findings.Merge("failed", p.Series("failed"), p.Series("generic")), scan, other); !after.Empty() {
		causes = append(causes, after)
		why = append(why, fmt.Sprintf("%s within 2 minutes of the empty scan with no other cause logged", counted(after.Cadence(), "failed attempt")))
	}
	if len(causes) == 0 {
		return nil // an empty scan alone is routine
	}
	f := unresolvedOf(p, causes...)
	if f == nil {
		return nil
	}
	var s strings.Builder
	fmt.Fprintf(&s, "Certificate authentication%s found no client certificate: %s", f.toHosts(), strings.Join(why, "; "))
	if !scan.Empty() {
		fmt.Fprintf(&s, ". The certificate scan found none: %s %s CERTSTORE_ERROR_CERT_NOT_FOUND or %q", counted(scan.Cadence(), "record"), verb(scan.Count(), "reports", "report"), noCertsFound)
	}
	fmt.Fprintf(&s, ". The tunnel group requires a certificate and none on the endpoint matches. %s", f.history())
	ev := cite(f.fails, "", 4)
	ev = append(ev, cite(scan, "the empty certificate scan", 2)...)
	p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
	return nil
}

// afterScan returns the records of s that follow an empty certificate
// scan within causeWindow (the same second counts) with none of the times
// others between the scan and them.
func afterScan(s, scan *findings.Series, others []time.Time) *findings.Series {
	out := findings.NewSeries(s.Name + " after the scan")
	scans := scan.Times()
	for _, r := range s.Records() {
		if r.Time.IsZero() {
			continue
		}
		last, found := lastAtOrBefore(scans, r.Time)
		if !found || r.Time.Sub(last) > causeWindow || between(others, last, r.Time) {
			continue
		}
		out.Add(&r)
	}
	return out
}
