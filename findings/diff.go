package findings

import (
	"strings"

	"github.com/dartkit/dartkit/dart"
)

// A Diff compares the findings of two reports, usually of two bundles of
// one endpoint collected at different times: which problems are new, which
// were resolved, and which persist. Findings are matched by
// [Finding.Fingerprint].
type Diff struct {
	Before DiffBundle `json:"before"`
	After  DiffBundle `json:"after"`
	// New holds the findings of After whose problem Before does not show,
	// Resolved those of Before that After no longer shows, each in its
	// report's order (most severe first).
	New      []Finding `json:"new"`
	Resolved []Finding `json:"resolved"`
	// Persisting holds the findings both show, in After's order, each as
	// both reports state it: its severity, count or evidence may have
	// changed.
	Persisting []FindingPair `json:"persisting"`
}

// A DiffBundle is one side of a [Diff]: the bundle, and the endpoint and
// client it comes from.
type DiffBundle struct {
	Bundle   string        `json:"path"`
	Host     string        `json:"host,omitempty"` // [dart.Facts].Hostname; "" when the bundle names none
	Platform dart.Platform `json:"platform"`
	Product  ProductInfo   `json:"product"`
	// Incomplete reports whether the analysis of the bundle lost
	// something (see [Report]): a finding it lacks may then be lost
	// rather than resolved or never there.
	Incomplete bool `json:"incomplete"`
}

// A FindingPair is one problem as two reports state it.
type FindingPair struct {
	Before Finding `json:"before"`
	After  Finding `json:"after"`
}

// DiffReports compares the findings of before and after, neither nil.
// Findings with the same fingerprint are the same problem; when one report
// holds several findings of one fingerprint, they are paired in report
// order and the rest are new or resolved. A finding without a fingerprint
// (from a report made before fingerprints, decoded from JSON) matches
// none.
func DiffReports(before, after *Report) *Diff {
	d := &Diff{
		Before:     diffBundle(before),
		After:      diffBundle(after),
		New:        []Finding{},
		Resolved:   []Finding{},
		Persisting: []FindingPair{},
	}
	// unmatched holds, by fingerprint, the places in before.Findings of
	// the findings no finding of after has matched yet, in report order.
	unmatched := map[string][]int{}
	for i, f := range before.Findings {
		if f.Fingerprint != "" {
			unmatched[f.Fingerprint] = append(unmatched[f.Fingerprint], i)
		}
	}
	matched := make([]bool, len(before.Findings))
	for _, f := range after.Findings {
		if at := unmatched[f.Fingerprint]; f.Fingerprint != "" && len(at) > 0 {
			unmatched[f.Fingerprint] = at[1:]
			matched[at[0]] = true
			d.Persisting = append(d.Persisting, FindingPair{Before: before.Findings[at[0]], After: f})
			continue
		}
		d.New = append(d.New, f)
	}
	for i, f := range before.Findings {
		if !matched[i] {
			d.Resolved = append(d.Resolved, f)
		}
	}
	return d
}

func diffBundle(r *Report) DiffBundle {
	b := DiffBundle{Bundle: r.Bundle, Platform: r.Platform, Product: r.Product, Incomplete: r.Incomplete}
	if r.Facts != nil {
		b.Host = r.Facts.Hostname.Value
	}
	return b
}

// SameEndpoint reports whether both bundles name the same host (in any
// case). When they name different hosts no finding can persist, the
// fingerprints holding the host; when either names none, the diff cannot
// tell whether the bundles come from one endpoint.
func (d *Diff) SameEndpoint() bool {
	return d.Before.Host != "" && strings.EqualFold(strings.TrimSpace(d.Before.Host), strings.TrimSpace(d.After.Host))
}
