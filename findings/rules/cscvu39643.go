package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// musHost is the name the VPN core resolves to check internet access.
const musHost = "mus.cisco.com"

// musMinFailures is how many failures make the pattern: one transient
// failure is not CSCvu39643.
const musMinFailures = 3

// guiWindow is how soon after a failure the GUI's error counts as its echo.
const guiWindow = 5 * time.Second

// musFixed is the first release without the behaviour.
var musFixed = dart.MustParseVersion("4.10")

// failureWords mark a record about mus.cisco.com as a failed resolution.
var failureWords = []string{
	"timeout", "timed out", "fail", "error", "unable", "could not", "cannot",
	"servfail", "server failure", "getaddrinfo", "not resolve", "no such host", "nxdomain",
}

// failureSet looks for all the failureWords at once.
var failureSet = findings.NewTextSetFold(failureWords...)

// isFailure reports whether a failure word is in one of the fields that
// make r's Text. The fields are read where they are, without joining
// them: in a bundle from the field every record about mus.cisco.com may be
// a failure, every 15 s for days.
func isFailure(r *logparse.Record) bool {
	h := &r.Header
	return failureSet.In(r.Message) || failureSet.In(h.Description) ||
		failureSet.In(h.Function) || failureSet.In(h.File) || failureSet.In(h.InvokedFunction)
}

// musSignals are shared by the two rules about mus.cisco.com, so they read
// the same records and never disagree on the count.
var musSignals = []findings.Signal{
	{Name: "fail", Contains: musHost, Sources: findings.VPNSources(), Match: isFailure},
	{Name: "ok", Contains: musHost, Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool { return !isFailure(r) && resolvedRE.MatchString(r.Message) }},
	{Name: "gui", Contains: "Unable to lookup host names"},
	{Name: "noprofile", Contains: "No profile is available"},
}

// resolvedRE matches a record saying the name resolved (BELIEVED wording:
// no public log shows it).
var resolvedRE = regexp.MustCompile(`(?i)(resolved|success)`)

// dnsServerRE finds the server a failed query went to, as in the TechNote's
// record "... query mus.cisco.com via DNS server 10.88.240.69 ...".
var dnsServerRE = regexp.MustCompile(`(?i)DNS server\s+\[?([0-9A-Fa-f:.]+[0-9A-Fa-f])\]?`)

// MusLookupCSCvu39643 diagnoses Cisco bug CSCvu39643.
var MusLookupCSCvu39643 = &findings.Rule{
	ID:       "cscvu39643-mus-dns-queries",
	Title:    "CSCvu39643: unused VPN core queries mus.cisco.com every 15 s",
	Severity: findings.SeverityMedium,
	Doc: `The AnyConnect VPN core (acvpnagent on Windows, vpnagentd on macOS and
Linux) resolves mus.cisco.com to check that the endpoint has internet access
and no VPN in use. In every version before 4.10, when the VPN module is
installed but not in use (no VPN XML profile), it repeats the query about
every 15 seconds until the name resolves; where the DNS server cannot resolve
it, the agent logs a failure each time and the GUI shows "Network error.
Unable to lookup host names." Cisco bug CSCvu39643 changed the behaviour.

The rule fires when the agent's records show at least 3 failures to resolve
mus.cisco.com (the last state: a later successful resolution cancels them),
the client version is before 4.10 (an unknown version does not stop it; the
finding then says so), and the bundle holds no VPN profile. It measures the
cadence whatever order the log lists the records in, cites the GUI's
"Unable to lookup host names" records, a service-disable profile (which
hides the VPN tile while the core still queries), a hosts-file entry for
mus.cisco.com (the workaround, already applied), and an empty Profile folder,
which says that DART collected the client's profiles and there were none
(BELIEVED: that DART lists the folder when it is empty). With 4.10 or later, or
with a VPN profile, repeated failures are a different problem, reported by
dns-mus-lookup-failing.

Source: the Cisco TechNote "Troubleshoot AnyConnect DNS queries to
mus.cisco.com" (lab: 4.8.03052 on Windows 10). The exact wording of the
agent's record varies by version; the TechNote shows "Timeout (per request)
while trying to resolve [A] query mus.cisco.com via DNS server ...", and any
failure wording from a VPN source that names mus.cisco.com is counted.`,
	Component: "vpnagent",
	// The remedies for any bundle, as dartscan explain shows them; each
	// finding's own are fitted to its platform and DNS servers.
	Remediation: musRemedies(&dart.Facts{}, nil),
	// Before 4.10; an unknown version does not stop the rule.
	Versions:   dart.Range{Before: musFixed},
	Needs:      []findings.Input{findings.InputVPNLog},
	References: musReferences,
	Signals:    musSignals,
	// The endpoint and its client identify the problem (the name is the
	// rule's); not the version an upgrade before 4.10 changes, the DNS
	// server, or the workaround that lowers the severity.
	Identity: []string{findings.IdentityProduct},
	Check:    checkMusBug,
}

var musReferences = []findings.Reference{
	{Kind: "bug", ID: "CSCvu39643", Title: "VPN core should not query mus.cisco.com when the VPN module is not used", URL: "https://bst.cloudapps.cisco.com/bugsearch/bug/CSCvu39643"},
}

// musCase is what both mus.cisco.com rules establish from the records and
// facts before deciding which of them speaks.
type musCase struct {
	fails      *findings.Series
	cadence    findings.Cadence
	version    dart.Version
	vpnProfile []dart.Profile
	servers    []string
}

// readMusCase returns the case, or nil when the records do not show the
// pattern (too few failures, or resolved since).
func readMusCase(p *findings.Pass) *musCase {
	fails := p.Series("fail")
	if fails.Count() < musMinFailures || findings.Resolved(fails, p.Series("ok")) {
		return nil
	}
	c := &musCase{fails: fails, cadence: fails.Cadence(), version: p.Facts.Product.Version, vpnProfile: p.Facts.VPNProfiles()}
	for _, r := range fails.Records() {
		if m := dnsServerRE.FindStringSubmatch(r.Message); m != nil && !slices.Contains(c.servers, m[1]) {
			c.servers = append(c.servers, m[1])
		}
	}
	return c
}

// isBug reports whether the case is CSCvu39643: a version before 4.10 (or
// unknown) and no VPN profile.
func (c *musCase) isBug() bool {
	return (c.version.IsZero() || c.version.Less(musFixed)) && len(c.vpnProfile) == 0
}

func checkMusBug(p *findings.Pass) error {
	c := readMusCase(p)
	if c == nil || !c.isBug() {
		return nil
	}
	f := p.Facts
	var summary strings.Builder
	var facts []findings.FactRef
	evidence := failureEvidence(c.fails)

	fmt.Fprintf(&summary, "The VPN agent failed to resolve mus.cisco.com: %s", c.cadence.Describe("failure"))
	if len(c.servers) > 0 {
		fmt.Fprintf(&summary, ", via DNS server %s", strings.Join(c.servers, ", "))
		facts = append(facts, findings.FactRef{Name: "dns-server (agent records)", Value: strings.Join(c.servers, ", ")})
	}
	summary.WriteString(". ")
	switch {
	case c.version.IsZero():
		summary.WriteString("The bundle names no version of the VPN core, so the diagnosis rests on the other evidence: the periodic queries and the absence of a VPN profile. ")
	case f.Product.VersionFrom == dart.ComponentDART:
		fmt.Fprintf(&summary, "Only DART's own banner names a version (%s); DART is installed separately, so the VPN core's version is inferred from it. ", c.version)
	default:
		fmt.Fprintf(&summary, "%s %s is older than 4.10 ", productName(f), c.version)
	}
	if !c.version.IsZero() {
		facts = append(facts, findings.FactRef{Name: "version", Value: c.version.String(), File: f.Product.Source.File, Line: f.Product.Source.Line})
	}
	if c.version.IsZero() || f.Product.VersionFrom == dart.ComponentDART {
		summary.WriteString("The bundle holds no VPN profile")
	} else {
		summary.WriteString("and the bundle holds no VPN profile")
	}
	facts = append(facts, findings.FactRef{Name: "vpn-profiles", Value: "none"})
	if ref, ev, ok := profilesCollectedFact(f); ok {
		facts = append(facts, ref)
		evidence = append(evidence, ev)
		switch f.ProfilesCollected.State {
		case dart.ProfilesNoneFound:
			summary.WriteString(" (DART looked for profiles and found none)")
		case dart.ProfilesNotCollected:
			// The profile condition of the bug cannot be checked: the
			// finding stands on the periodic queries and the version.
			summary.WriteString(" (DART did not collect the client's profiles: whether the client has one is unknown, and the diagnosis rests on the periodic queries and the version)")
		}
	}
	if d, ok := f.EmptyProfileFolder(); ok {
		// DART copied the profile folder, and it was empty: the client
		// has no profile, rather than DART not collecting it.
		fmt.Fprintf(&summary, " (its profile folder, %s, is empty)", d)
		evidence = append(evidence, findings.Evidence{File: d, Text: "(empty folder)", Note: "DART collected the profile folder; it holds no profile"})
		facts = append(facts, findings.FactRef{Name: "profile-folder", Value: "empty", File: d})
	}
	summary.WriteString(", ")
	if f.ProfilesCollected.State == dart.ProfilesNotCollected {
		summary.WriteString("so the VPN module is probably installed but unused: this is")
	} else {
		summary.WriteString("so the VPN module is installed but unused: this is")
	}
	summary.WriteString(" Cisco bug CSCvu39643, where the VPN core checks for internet access by resolving mus.cisco.com about every 15 seconds until the name resolves.")
	if !c.cadence.Regular && c.cadence.Timed >= 3 {
		fmt.Fprintf(&summary, " The intervals are irregular (median %.1f s), which the bug alone does not explain.", c.cadence.Interval.Seconds())
	}

	if gui := p.Series("gui"); !gui.Empty() {
		fmt.Fprintf(&summary, " The GUI's %q (%d %s", "Unable to lookup host names", gui.Count(), plural("record", gui.Count()))
		// The GUI's error follows the agent's failure: a failure then the
		// error within a few seconds ties the two together.
		pairs, n := findings.FollowedBy(c.fails, gui, guiWindow)
		if n > 0 {
			fmt.Fprintf(&summary, ", shown within %d s of %d of the failures", int(guiWindow.Seconds()), n)
		}
		summary.WriteString(") is this symptom, not a network outage.")
		cited := 0
		for _, pr := range pairs {
			if cited < 2 {
				evidence = append(evidence, findings.EvidenceOf(&pr.Then, "what the user sees, after the failure at "+pr.First.Time.Format("15:04:05")))
				cited++
			}
		}
		for _, r := range gui.Records() {
			if cited == 0 {
				evidence = append(evidence, findings.EvidenceOf(&r, "what the user sees"))
				cited++
			}
		}
	}
	if np := p.Series("noprofile"); !np.Empty() {
		r := np.Records()[0]
		evidence = append(evidence, findings.EvidenceOf(&r, "the client loaded no profile"))
	}
	if sd, ok := f.ServiceDisabled(); ok {
		fmt.Fprintf(&summary, " A service-disable profile (%s) hides the VPN tile from the user, but the VPN core still runs and queries: that is why the user sees no VPN and still gets the error.", sd.File)
		evidence = append(evidence, findings.Evidence{File: sd.File, Text: "<ServiceDisable>true</ServiceDisable>", Note: "VPN tile hidden; the core still runs"})
		facts = append(facts, findings.FactRef{Name: "service-disable-profile", Value: "true", File: sd.File})
	}
	facts = append(facts, findings.FactRef{Name: "platform", Value: string(f.Platform), File: f.PlatformSource.File, Line: f.PlatformSource.Line})

	side := readMusCapture(p, c)
	summary.WriteString(side.text)
	evidence = append(evidence, side.evidence...)
	facts = append(facts, side.facts...)
	finding := findings.Finding{Evidence: evidence, Remediation: musRemedies(f, c.servers)}
	if side.stopped {
		finding.Severity = findings.SeverityInfo
		finding.Title = "CSCvu39643: mus.cisco.com queries failed; a later capture shows they stopped"
	}
	if e, ok := f.HostsMapping(musHost); ok {
		fmt.Fprintf(&summary, " The hosts file already maps mus.cisco.com to %s (%s): the workaround is applied; failures logged after the entry was added would mean it is not read.", e.Address, e.Source)
		finding.Severity = findings.SeverityInfo
		finding.Title = "CSCvu39643: mus.cisco.com queries failed; hosts-file workaround applied since"
		evidence = append(finding.Evidence, findings.Evidence{File: e.Source.File, Line: e.Source.Line, Text: e.Address + " " + strings.Join(e.Names, " "), Note: "workaround applied"})
		finding.Evidence = evidence
		facts = append(facts, findings.FactRef{Name: "hosts-entry", Value: e.Address + " " + musHost, File: e.Source.File, Line: e.Source.Line})
		finding.Remediation = append([]string{fmt.Sprintf("The hosts-file workaround is in place (%s). If the failures go on after it was added, check that the entry is in the hosts file the system reads and has no typo.", e.Source)}, musRemedies(f, c.servers)[:1]...)
	}
	finding.Summary = summary.String()
	finding.Facts = facts
	p.Report(finding)
	return nil
}

// musRemedies returns the three remedies of the TechNote, with the hosts-file
// steps of the bundle's platform (both kinds when it is unknown).
func musRemedies(f *dart.Facts, servers []string) []string {
	server := "the DNS server the client uses"
	if len(servers) > 0 {
		server = "the DNS server the client uses (" + strings.Join(servers, ", ") + ")"
	}
	out := []string{
		"Upgrade the client to AnyConnect 4.10 or later (or Cisco Secure Client 5.x), where the VPN core no longer queries mus.cisco.com when the VPN module is not used.",
		"Make mus.cisco.com resolvable on " + server + ": add a record for it, or forward the query to a public resolver. Once the name resolves, the client stops querying.",
	}
	win := `Add a hosts-file entry for mus.cisco.com on Windows: press the Windows key, type Notepad, right-click it and choose "Run as administrator", open C:\Windows\System32\Drivers\etc\hosts, add a line "<address> mus.cisco.com", and save.`
	unix := `Add a hosts-file entry for mus.cisco.com on macOS or Linux: in a terminal run "sudo nano /etc/hosts", add a line "<address> mus.cisco.com", and save.`
	switch f.Platform {
	case dart.PlatformWindows:
		out = append(out, win)
	case dart.PlatformMacOS, dart.PlatformLinux:
		out = append(out, unix)
	default:
		out = append(out, win, unix)
	}
	return out
}

// failureEvidence cites the failures: all of them when few, else the first
// three and the last two of the sample.
func failureEvidence(s *findings.Series) []findings.Evidence {
	recs := s.Records()
	if len(recs) > 8 {
		recs = append(recs[:3:3], recs[len(recs)-2:]...)
	}
	out := make([]findings.Evidence, 0, len(recs))
	for _, r := range recs {
		out = append(out, findings.EvidenceOf(&r, ""))
	}
	return out
}

func productName(f *dart.Facts) string {
	if f.Product.Name != "" {
		return f.Product.Name
	}
	return "The client"
}

func plural(noun string, n int) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
