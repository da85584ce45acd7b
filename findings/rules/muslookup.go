package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
)

// MusLookupFailing reports repeated failures to resolve mus.cisco.com where
// CSCvu39643 does not explain them: a client at 4.10 or later, or one with a
// VPN profile in use.
var MusLookupFailing = &findings.Rule{
	ID:       "dns-mus-lookup-failing",
	Title:    "Repeated DNS failures resolving mus.cisco.com",
	Severity: findings.SeverityLow,
	Doc: `The VPN agent keeps failing to resolve mus.cisco.com, but the client is at
4.10 or later, or a VPN profile is configured, so the known behaviour of
unused pre-4.10 clients does not explain it. The failures point at the
endpoint's DNS: the server the agent names does not answer or cannot
resolve public names. The rule needs at least 3 failures that no later
successful resolution cancelled.`,
	Component: "vpnagent",
	Needs:     []findings.Input{findings.InputVPNLog},
	Remediation: []string{
		"Check that the DNS server the agent names answers queries for public names (nslookup mus.cisco.com <server> on the endpoint).",
		"Check the endpoint's DNS configuration (ipconfig /all, scutil --dns or resolvectl) and any DNS filtering on the path.",
	},
	References: []findings.Reference{},
	Signals:    musSignals,
	// The endpoint alone: the name is the rule's, and the version and
	// profiles may change while the name still fails.
	Identity: []string{},
	Check:    checkMusFailing,
}

func checkMusFailing(p *findings.Pass) error {
	c := readMusCase(p)
	if c == nil || c.isBug() {
		return nil
	}
	var why string
	var facts []findings.FactRef
	switch {
	case len(c.vpnProfile) > 0:
		names := make([]string, len(c.vpnProfile))
		for i, pr := range c.vpnProfile {
			names[i] = pr.File
		}
		why = fmt.Sprintf("a VPN profile is configured (%s)", strings.Join(names, ", "))
		facts = append(facts, findings.FactRef{Name: "vpn-profiles", Value: strings.Join(names, ", ")})
	default:
		why = fmt.Sprintf("the client is at %s, where an unused VPN core no longer queries the name periodically", c.version)
	}
	if !c.version.IsZero() {
		facts = append(facts, findings.FactRef{Name: "version", Value: c.version.String(), File: p.Facts.Product.Source.File, Line: p.Facts.Product.Source.Line})
	}
	var s strings.Builder
	fmt.Fprintf(&s, "The VPN agent failed to resolve mus.cisco.com: %s", c.cadence.Describe("failure"))
	if len(c.servers) > 0 {
		fmt.Fprintf(&s, ", via DNS server %s", strings.Join(c.servers, ", "))
	}
	fmt.Fprintf(&s, ". This is not the known periodic query of unused pre-4.10 clients, because %s. The endpoint's DNS is failing for a public name; other lookups are likely failing too.", why)
	side := readMusCapture(p, c)
	s.WriteString(side.text)
	p.Report(findings.Finding{Summary: s.String(), Evidence: append(failureEvidence(c.fails), side.evidence...), Facts: append(facts, side.facts...)})
	return nil
}
