package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
)

// SSONavigationFailed reports a failed SAML/SSO login page.
var SSONavigationFailed = &findings.Rule{
	ID:       "sso-navigation-failed",
	Title:    "Single sign-on page could not be loaded",
	Severity: findings.SeverityHigh,
	Doc: `Detects "Authentication failed due to problem navigating to the single
sign-on URL" (matched on "problem navigating to the single sign-on URL"):
the embedded browser could not load the identity provider's page. When
"webViewLoadFailedCB: Failed to load page: TLS support is not available"
precedes it within 2 minutes (or the bundle has it at all), the cause is
named: the embedded browser has no TLS backend (on Linux, glib-networking
missing for WebKitGTK). Otherwise the SSO URL is unreachable or refused. A
later established connection cancels the finding.

CONFIRMED as reported: both texts (Secure Client 5.1.19 on Linux, public
code).`,
	Component:  "acwebhelper",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{},
	Remediation: []string{
		"Check that the identity provider's URL loads in a browser on the endpoint.",
		"Linux: install glib-networking (and the WebKitGTK packages) so the embedded browser has TLS; or set the profile to use the external browser for SAML.",
	},
	Signals: standardSignals(
		vpnSignal("failed", "problem navigating to the single sign-on URL"),
		vpnSignal("notls", "TLS support is not available"),
	),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		f := unresolved(p, "failed")
		if f == nil {
			return nil
		}
		var s strings.Builder
		fmt.Fprintf(&s, "Single sign-on failed%s: %s %s %q.", f.toHosts(), counted(f.cadence, "record"), verb(f.cadence.Count, "says", "say"), "Authentication failed due to problem navigating to the single sign-on URL")
		ev := cite(f.fails, "", 3)
		if notls := p.Series("notls"); !notls.Empty() {
			_, n := findings.FollowedWithin(notls, f.fails, causeWindow)
			fmt.Fprintf(&s, " The embedded browser logged %s (%d followed by the failure): it has no TLS backend, so it cannot open any https page; on Linux install glib-networking.", counted(notls.Cadence(), "\"TLS support is not available\" record"), n)
			ev = append(cite(notls, "the cause", 2), ev...)
		} else {
			s.WriteString(" The identity provider's page did not load: check that its URL is reachable from the endpoint.")
		}
		fmt.Fprintf(&s, " %s", f.history())
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: f.facts()})
		return nil
	},
}
