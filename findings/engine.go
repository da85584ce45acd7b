package findings

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings/internal/feed"
	"github.com/dartkit/dartkit/findings/internal/literals"
	"github.com/dartkit/dartkit/internal/recordtap"
	"github.com/dartkit/dartkit/logparse"
)

// startFeed starts a feed that runs fb.AddRecord and e.observe over the
// records it is given. Between its Sync and its next Add, the caller may
// use fb and e itself. tap, if set, is called after them with each record.
func startFeed(fb *dart.FactBuilder, e *engine, tap recordtap.Func) *feed.Feed {
	if e.near != nil {
		return startContextFeed(func(r *logparse.Record) {
			fb.AddRecord(r)
			e.observe(r)
			if tap != nil {
				tap(r)
			}
		}, e.near)
	}
	if tap != nil {
		return feed.Start(func(batch []logparse.Record) {
			for i := range batch {
				fb.AddRecord(&batch[i])
				e.observe(&batch[i])
				tap(&batch[i])
			}
		})
	}
	return feed.Start(func(batch []logparse.Record) {
		for i := range batch {
			fb.AddRecord(&batch[i])
			e.observe(&batch[i])
		}
	})
}

// An engine feeds records to the rules' signals and runs the rules.
type engine struct {
	rules   []*Rule
	series  []map[string]*Series // per rule, by signal name
	have    map[Input]bool
	shapes  *shapeCounter
	capture *Capture
	near    *contextKeeper // nil unless evidence keeps its context

	// The signals' Contains strings, each once, are searched for together
	// (see literals.Set); byLit[i] are the matchers of the i-th string, and
	// always those that have none.
	lits   *literals.Set
	byLit  [][]matcher
	always []matcher
	found  []bool // scratch: the strings found in the current record
	vpnLog bool   // have[InputVPNLog], read for every record

	// Most signals with Sources name one of a few lists (VPNSources and
	// the like, the same slice each time), and a record that several of
	// them read has its source looked up in each list once: srcIn[k]
	// tells it for srcLists[k] when srcAt[k] is the record's number nrec.
	srcLists [][]string
	srcIn    []bool
	srcAt    []uint64
	nrec     uint64
}

type matcher struct {
	sig    *Signal
	series *Series
	src    int // the index of sig.Sources in srcLists; -1 without Sources
}

func newEngine(rules []*Rule) *engine {
	e := &engine{rules: rules, series: make([]map[string]*Series, len(rules)), have: map[Input]bool{}, shapes: newShapeCounter()}
	litID := map[string]int{}
	var lits []string
	type list struct {
		first *string
		n     int
	}
	srcID := map[list]int{}
	sourcesID := func(names []string) int {
		if len(names) == 0 {
			return -1
		}
		l := list{&names[0], len(names)}
		id, ok := srcID[l]
		if !ok {
			id = len(e.srcLists)
			srcID[l] = id
			e.srcLists = append(e.srcLists, names)
		}
		return id
	}
	sourcesID(vpnSources) // the list observe looks for a VPN log by: 0
	// Signals declared alike by several rules (same name, string and
	// sources, no Match) collect into one Series, added to once.
	shared := map[string]*Series{}
	// So do the signals of rules that share one slice of them, Match
	// and all: the two rules about mus.cisco.com read the same records,
	// and one offer of each record, not two, runs the Match (a search of
	// the record's text) on every failure of a busy bundle.
	same := map[*Signal]*Series{}
	for i, r := range rules {
		e.series[i] = map[string]*Series{}
		for j := range r.Signals {
			sig := &r.Signals[j]
			if s, ok := same[sig]; ok {
				e.series[i][sig.Name] = s
				continue
			}
			var key string
			if sig.Match == nil {
				key = strings.Join(append([]string{sig.Name, sig.Contains}, sig.Sources...), "\x00")
				if s, ok := shared[key]; ok {
					e.series[i][sig.Name] = s
					continue
				}
			}
			s := NewSeries(sig.Name)
			e.series[i][s.Name] = s
			same[sig] = s
			if key != "" {
				shared[key] = s
			}
			m := matcher{sig, s, sourcesID(sig.Sources)}
			if sig.Contains == "" {
				e.always = append(e.always, m)
				continue
			}
			id, ok := litID[sig.Contains]
			if !ok {
				id = len(lits)
				litID[sig.Contains] = id
				lits = append(lits, sig.Contains)
				e.byLit = append(e.byLit, nil)
			}
			e.byLit[id] = append(e.byLit[id], m)
		}
	}
	e.lits = literals.New(lits)
	e.found = make([]bool, len(lits))
	e.srcIn = make([]bool, len(e.srcLists))
	e.srcAt = make([]uint64, len(e.srcLists))
	return e
}

// keepContext makes the samples of the series keep n records before and
// after each of their records, for the evidence cited from them.
func (e *engine) keepContext(n int) {
	e.near = newContextKeeper(n)
	for _, m := range e.series {
		for _, s := range m {
			s.near = e.near
		}
	}
}

// sourceIn reports whether the current record r's source is one of
// srcLists[k] (see [SourceIs]).
func (e *engine) sourceIn(k int, r *logparse.Record) bool {
	if e.srcAt[k] != e.nrec {
		e.srcIn[k], e.srcAt[k] = SourceIs(r, e.srcLists[k]...), e.nrec
	}
	return e.srcIn[k]
}

// matches reports whether r, which contains m's Contains string, belongs
// to m's signal.
func (e *engine) matches(m matcher, r *logparse.Record) bool {
	if m.src >= 0 && !e.sourceIn(m.src, r) {
		return false
	}
	return m.sig.Match == nil || m.sig.Match(r)
}

// observe offers one record to every signal. Each distinct Contains string
// is searched for once, all of them in one pass; only the signals whose
// string was found go on to their Sources and Match.
func (e *engine) observe(r *logparse.Record) {
	e.nrec++
	if !e.vpnLog && e.sourceIn(0, r) {
		e.vpnLog, e.have[InputVPNLog] = true, true
	}
	matched := false
	for _, m := range e.always {
		if e.matches(m, r) {
			m.series.Add(r)
			matched = true
		}
	}
	if findRecord(e.lits, r, e.found) {
		for id, ok := range e.found {
			if !ok {
				continue
			}
			e.found[id] = false
			for _, m := range e.byLit[id] {
				if e.matches(m, r) {
					m.series.Add(r)
					matched = true
				}
			}
		}
	}
	if !matched {
		e.shapes.Add(r)
	}
}

// findRecord is [literals.Set.Find] over the fields [RecordContains]
// reads: the message and the debug header's description, invoked function
// and function.
func findRecord(s *literals.Set, r *logparse.Record, found []bool) bool {
	a := s.Find(r.Message, found)
	b := s.Find(r.Header.Description, found)
	c := s.Find(r.Header.InvokedFunction, found)
	d := s.Find(r.Header.Function, found)
	return a || b || c || d
}

// finish runs each rule that applies and returns the findings, most severe
// first, the rules skipped and the rules' errors.
func (e *engine) finish(facts *dart.Facts, files []dart.File) (out []Finding, skipped []Skip, errs []string) {
	out = []Finding{}
	if e.capture != nil {
		e.have[InputCapture] = true
	}
	for i, r := range e.rules {
		if reason, missing := applicable(r, facts, e.have); reason != "" {
			skipped = append(skipped, Skip{Rule: r.ID, Reason: reason, Missing: missing})
			continue
		}
		p := &Pass{Rule: r, Facts: facts, Files: files, Capture: e.capture, series: e.series[i], have: e.have}
		if err := r.Check(p); err != nil {
			errs = append(errs, fmt.Sprintf("rule %s: %v", r.ID, err))
			continue
		}
		out = append(out, p.out...)
	}
	// A rule's findings give way to those of a rule that supersedes it.
	reported, superseded := map[string]bool{}, map[string]bool{}
	for _, f := range out {
		reported[f.Rule] = true
	}
	for _, r := range e.rules {
		superseded[r.ID] = slices.ContainsFunc(r.SupersededBy, func(id string) bool { return reported[id] })
	}
	out = slices.DeleteFunc(out, func(f Finding) bool { return superseded[f.Rule] })
	slices.SortStableFunc(out, func(a, b Finding) int {
		if a.Severity != b.Severity {
			return int(b.Severity - a.Severity)
		}
		return strings.Compare(a.Rule, b.Rule)
	})
	return out, skipped, errs
}

// noteFile records which inputs file f provides.
func (e *engine) noteFile(f dart.File) { noteInputs(e.have, f) }

// emptyFacts returns the facts of nothing: an unknown platform.
func emptyFacts() *dart.Facts { return &dart.Facts{Platform: dart.PlatformUnknown} }

// noteInputs records which inputs file f provides.
func noteInputs(have map[Input]bool, f dart.File) {
	switch f.Kind {
	case dart.KindVPNProfile, dart.KindServiceDisable, dart.KindPreferences:
		have[InputProfiles] = true
	case dart.KindHosts:
		have[InputHosts] = true
	case dart.KindSystemInfo:
		have[InputSystemInfo] = true
	}
	if strings.Contains(strings.ToLower(f.Name), "/profile/") {
		have[InputProfiles] = true
	}
}

// applicable returns why rule r cannot run on a bundle with these facts and
// inputs, or "" when it can.
func applicable(r *Rule, facts *dart.Facts, have map[Input]bool) (reason string, missing []Input) {
	for _, in := range r.Needs {
		if !have[in] {
			missing = append(missing, in)
		}
	}
	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, m := range missing {
			names[i] = string(m)
		}
		return "the bundle has no " + strings.Join(names, ", "), missing
	}
	if len(r.Platforms) > 0 && facts.Platform != dart.PlatformUnknown && !slices.Contains(r.Platforms, facts.Platform) {
		return fmt.Sprintf("does not apply to %s", facts.Platform), nil
	}
	if v := facts.Product.Version; !v.IsZero() && !r.Versions.Contains(v) {
		return fmt.Sprintf("does not apply to version %s (applies to %s)", v, r.Versions), nil
	}
	return "", nil
}
