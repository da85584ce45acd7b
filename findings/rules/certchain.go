package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
)

// Texts of a rejected server certificate.
const (
	chainPolicyFailed = "CERTIFICATE_ERROR_VERIFY_CHAIN_POLICY_FAILED"
	peerCertRejected  = "CTRANSPORT_ERROR_PEER_CERT_REJECTED"
	cannotConfirm     = "cannot confirm it is connected to your secure gateway"
)

// CertChainUntrusted reports connections that failed because the client
// does not trust the secure gateway's certificate chain.
var CertChainUntrusted = &findings.Rule{
	ID:       "cert-chain-untrusted",
	Title:    "Secure gateway's certificate chain is not trusted",
	Severity: findings.SeverityHigh,
	Doc: `Detects connection attempts that failed certificate verification:
records whose debug header reports
CERTIFICATE_ERROR_VERIFY_CHAIN_POLICY_FAILED (0xFE220011, from
CFileCertificate::Verify or the Windows store) or
CTRANSPORT_ERROR_PEER_CERT_REJECTED (0xFE370021, TranslateStatusCode), and
the GUI's message "AnyConnect cannot confirm it is connected to your secure
gateway.  The local network may not be trustworthy.  Please try another
network." A record that merely names a symbol without reporting it (no
Description field) does not count. The chain of the headend's certificate
does not lead to a CA the endpoint trusts: a private or missing
intermediate CA, a TLS-inspecting proxy (a man in the middle), or strict
certificate trust. A later "The VPN connection has been established and can
now pass data." cancels the finding: the last state wins.

CONFIRMED: all three texts, in one Linux syslog capture (Ubuntu forum copy,
public code).`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "vpn CLI session: \"AnyConnect cannot confirm it is connected to your secure gateway\" after an untrusted server certificate", URL: "https://pastebin.com/nukYCCj3"}},
	Remediation: []string{
		"Give the headend a certificate from a public CA, or install its root and intermediate CAs in the endpoint's trust store (Windows: Local Computer > Trusted Root; macOS: System keychain; Linux: /opt/.cisco/certificates/ca or the NSS store).",
		"If a TLS-inspecting proxy or firewall sits in the path, exempt the headend from inspection.",
		"Only for a test: clear \"Block connections to untrusted servers\" in the client's preferences.",
	},
	Signals: standardSignals(
		codeSignal("chain", chainPolicyFailed),
		codeSignal("rejected", peerCertRejected),
		userMessage("told", cannotConfirm),
	),
	Identity: failureIdentity,
	Check:    checkCertChain,
}

func checkCertChain(p *findings.Pass) error {
	f := unresolved(p, "chain", "rejected", "told")
	if f == nil {
		return nil
	}
	var codes []string
	for _, n := range []struct{ sig, sym string }{{"chain", chainPolicyFailed}, {"rejected", peerCertRejected}} {
		if c := p.Series(n.sig).Count(); c > 0 {
			codes = append(codes, fmt.Sprintf("%s (%d)", n.sym, c))
		}
	}
	report := verb(f.cadence.Count, "reports", "report")
	var s strings.Builder
	fmt.Fprintf(&s, "Connection attempts%s failed certificate verification: %s", f.toHosts(), counted(f.cadence, "record"))
	if len(codes) > 0 {
		fmt.Fprintf(&s, " %s %s", report, strings.Join(codes, " and "))
	}
	if told := p.Series("told"); !told.Empty() {
		fmt.Fprintf(&s, "; the user was told %q (%d %s)", "AnyConnect cannot confirm it is connected to your secure gateway", told.Count(), plural("time", told.Count()))
	}
	fmt.Fprintf(&s, ". The client does not trust the chain of the headend's certificate: a private or missing CA, or a TLS-inspecting proxy in the path. %s", f.history())
	p.Report(findings.Finding{Summary: s.String(), Evidence: cite(f.fails, "", 5), Facts: f.facts()})
	return nil
}
