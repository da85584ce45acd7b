package rules

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/dartkit/dartkit/dnscapture"
	"github.com/dartkit/dartkit/findings"
)

// musQuiet is how long a capture must cover, without a query for
// mus.cisco.com, to say that the periodic queries stopped: one of their
// intervals, in which at least one query would have left.
const musQuiet = 15 * time.Second

// musCaptureSide is what a capture adds to a mus.cisco.com finding.
type musCaptureSide struct {
	text     string
	evidence []findings.Evidence
	facts    []findings.FactRef
	stopped  bool // the capture covers enough time and holds no query
}

// readMusCapture compares the capture's mus.cisco.com queries with the
// agent's failures c: count and cadence, the DNS server against the
// agent's and the bundle's, and the times, aligned when the bundle gives its
// time zone.
func readMusCapture(p *findings.Pass, c *musCase) musCaptureSide {
	var side musCaptureSide
	cp := p.Capture
	if cp == nil {
		return side
	}
	sum, txs := cp.Lookup(musHost)
	var b strings.Builder
	if sum.Queries == 0 {
		if cp.Duration() >= musQuiet {
			fmt.Fprintf(&b, " The capture %s covers %.0f s of DNS traffic (%d DNS packets) and holds no query for mus.cisco.com: the periodic queries have stopped, which is what the hosts-file or DNS workaround, or an upgrade, does.",
				cp.Name, cp.Duration().Seconds(), cp.Stats.DNS)
			side.stopped = true
		} else {
			fmt.Fprintf(&b, " The capture %s holds no query for mus.cisco.com, but covers only %.0f s: too short to tell whether the queries go on.", cp.Name, cp.Duration().Seconds())
		}
		side.facts = append(side.facts, findings.FactRef{Name: "capture mus.cisco.com queries", Value: "0", File: cp.Name})
		side.text = b.String()
		return side
	}
	fmt.Fprintf(&b, " The capture %s shows the queries on the wire: %s.", cp.Name, sum)
	side.facts = append(side.facts, findings.FactRef{Name: "capture mus.cisco.com queries", Value: sum.String(), File: cp.Name})

	var wire []string
	for _, a := range sum.Servers {
		wire = append(wire, a.String())
	}
	switch {
	case len(c.servers) > 0 && sameSet(c.servers, wire):
		fmt.Fprintf(&b, " They go to the server the agent names (%s)", strings.Join(wire, ", "))
	case len(c.servers) > 0:
		fmt.Fprintf(&b, " They go to %s, while the agent names %s", strings.Join(wire, ", "), strings.Join(c.servers, ", "))
	default:
		fmt.Fprintf(&b, " They go to %s", strings.Join(wire, ", "))
	}
	var listed []string
	for _, v := range p.Facts.DNSServers {
		listed = append(listed, v.Value)
	}
	switch {
	case len(listed) == 0:
		b.WriteString("; the bundle's network information lists no DNS server.")
	case subset(wire, listed):
		fmt.Fprintf(&b, ", one of the DNS servers the bundle lists (%s, %s).", strings.Join(listed, ", "), p.Facts.DNSServers[0].Source)
	default:
		fmt.Fprintf(&b, ", not among the DNS servers the bundle lists (%s): the endpoint's DNS settings changed, or the capture was taken elsewhere.", strings.Join(listed, ", "))
	}
	b.WriteString(alignTimes(p, c, sum))
	side.text = b.String()
	cite := txs
	if len(cite) > 4 {
		cite = append(cite[:3:3], cite[len(cite)-1])
	}
	side.evidence = findings.CaptureEvidence(cp, cite, "on the wire")
	return side
}

// alignTimes compares when the log's failures and the capture's queries
// happened. Log times carry no zone; the bundle's time zone, when it gives
// one, turns them into UTC, the capture's clock.
func alignTimes(p *findings.Pass, c *musCase, sum dnscapture.Summary) string {
	logCadence := c.cadence.Interval.Seconds()
	loc, ok := p.Facts.Location()
	first, last := c.cadence.First, c.cadence.Last
	if latest, has := c.fails.Latest(); has && latest.HasZone {
		ok, loc = true, time.UTC // the log's times are already absolute
	}
	if !ok || first.IsZero() {
		return fmt.Sprintf(" The bundle does not say its time zone, so the log and the capture are compared by cadence only: one failure every %.1f s in the log, one query every %.1f s on the wire.",
			logCadence, sum.Interval.Seconds())
	}
	lf, ll := inZone(first, loc), inZone(last, loc)
	const slack = 30 * time.Second
	span := fmt.Sprintf("the log's failures (%s to %s UTC)", lf.Format("2006-01-02 15:04:05"), ll.Format("15:04:05"))
	if tz := p.Facts.TimeZone; tz.Value != "" {
		span = fmt.Sprintf("the log's failures (%s to %s UTC, read in the bundle's time zone %q, %s)", lf.Format("2006-01-02 15:04:05"), ll.Format("15:04:05"), tz.Value, tz.Source)
	}
	if sum.First.After(ll.Add(slack)) || sum.Last.Before(lf.Add(-slack)) {
		return fmt.Sprintf(" In UTC, %s and the capture's queries (%s to %s) do not overlap: the capture was taken at another time.",
			span, sum.First.UTC().Format("2006-01-02 15:04:05"), sum.Last.UTC().Format("15:04:05"))
	}
	return fmt.Sprintf(" In UTC, %s and the capture's queries (%s to %s) overlap: the same queries, seen from both sides.",
		span, sum.First.UTC().Format("15:04:05"), sum.Last.UTC().Format("15:04:05"))
}

// inZone reads the wall-clock time t (held as UTC, as logs without a zone
// are) in loc, and returns it in UTC.
func inZone(t time.Time, loc *time.Location) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc).UTC()
}

func sameSet(a, b []string) bool { return subset(a, b) && subset(b, a) }

func subset(a, b []string) bool {
	for _, x := range a {
		if !slices.ContainsFunc(b, func(y string) bool { return sameAddr(x, y) }) {
			return false
		}
	}
	return true
}

func sameAddr(a, b string) bool {
	x, err1 := netip.ParseAddr(a)
	y, err2 := netip.ParseAddr(b)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(a, b)
	}
	return x.Unmap() == y.Unmap()
}

// MusCaptureOnly reports mus.cisco.com queries failing in a packet capture
// analysed without a bundle.
var MusCaptureOnly = &findings.Rule{
	ID:       "capture-mus-queries-failing",
	Title:    "Capture: periodic queries for mus.cisco.com fail",
	Severity: findings.SeverityLow,
	Doc: `A packet capture, analysed without a DART bundle, shows at least 3 DNS
queries for mus.cisco.com that fail (an error response or none). Queries about
every 15 seconds are the pattern of Cisco bug CSCvu39643: an AnyConnect VPN
core before 4.10, installed but unused (no VPN profile), checking for internet
access. The capture alone cannot show the client's version or profiles, so
the finding names the bug as the likely cause and asks for the bundle; when a
bundle is analysed with the capture, the bundle's rules cite the capture
instead and this rule stays silent.`,
	Component:  "capture",
	Needs:      []findings.Input{findings.InputCapture},
	References: musReferences,
	Remediation: []string{
		"Collect a DART bundle from the same endpoint and analyse it with the capture (dartscan -capture FILE BUNDLE) to confirm the client's version and profiles.",
		"Make mus.cisco.com resolvable on the DNS server the endpoint uses, or add a hosts-file entry for it; upgrading AnyConnect to 4.10 or later ends the queries.",
	},
	Identity: []string{}, // the capture's counts change, the problem stays
	Check:    checkMusCaptureOnly,
}

func checkMusCaptureOnly(p *findings.Pass) error {
	if p.Has(findings.InputVPNLog) {
		return nil // the bundle's rules speak, citing the capture
	}
	sum, txs := p.Capture.Lookup(musHost)
	failed := sum.NoResponse
	for rc, n := range sum.RCodes {
		if rc != dnscapture.RCode(0) {
			failed += n
		}
	}
	if failed < musMinFailures {
		return nil
	}
	regular := ""
	if iv := sum.Interval; iv >= 10*time.Second && iv <= 20*time.Second {
		regular = " The cadence matches Cisco bug CSCvu39643 (an unused VPN core before 4.10 querying every 15 s)."
	}
	p.Report(findings.Finding{
		Summary: fmt.Sprintf("The capture %s shows %s; %d of them failed.%s The capture alone cannot show the client's version or whether a VPN profile is configured: analyse the DART bundle with it to confirm.",
			p.Capture.Name, sum, failed, regular),
		Evidence: findings.CaptureEvidence(p.Capture, txs[:min(len(txs), 5)], ""),
		Facts:    []findings.FactRef{{Name: "capture mus.cisco.com queries", Value: sum.String(), File: p.Capture.Name}},
	})
	return nil
}
