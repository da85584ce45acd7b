package findings

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/internal/i18n"
	"github.com/dartkit/dartkit/logparse"
)

// An Input is a kind of evidence a rule cannot work without. When a bundle
// lacks one, the rule is reported as skipped with the missing input, so a
// clean report is never mistaken for a clean endpoint.
type Input string

// Inputs rules may need.
const (
	InputVPNLog     Input = "vpn-log"     // records of the VPN agent, GUI, API or downloader
	InputProfiles   Input = "profiles"    // the client's profile or preferences files
	InputHosts      Input = "hosts-file"  // a copy of the hosts file
	InputSystemInfo Input = "system-info" // network or system information
	InputCapture    Input = "capture"     // a packet capture given with the bundle
)

// A Signal selects the records a rule looks at. During an analysis every
// record is offered to every signal of every rule; those that match are
// collected in a [Series] of the signal's name, which the rule's Check reads.
//
// Signals should set Contains: the analysis searches for the Contains
// strings of all signals together, once per record however many signals
// share one, and offers a record to Sources and Match only when its string
// is there. A signal without Contains costs its Match on every record.
type Signal struct {
	Name string
	// Contains, if set, must occur in the record's message or header
	// (case-sensitive; see [RecordContains]). It is checked first, and
	// together with the other signals' strings.
	Contains string
	// Sources, if set, restricts the signal to records whose source is one
	// of these (see [SourceIs]).
	Sources []string
	// Match, if set, decides for records that passed Contains and Sources.
	// The record it is given is valid only during the call, like the
	// elements sort's less compares: its memory holds later records once
	// Match has returned. Match must not keep the record or its strings;
	// the series keeps copies of the records matched.
	Match func(*logparse.Record) bool
}

// A Rule is one diagnosis dartkit knows how to make. Rules are plain values:
// a caller can list them, pick some, or add its own to a [Registry].
type Rule struct {
	// ID is stable, lower-case, made of letters, digits, '.' and '-'; it
	// never changes once published, so reports can be compared over time.
	ID       string
	Title    string
	Severity Severity // default severity of the rule's findings
	// Doc explains the rule for `dartscan explain`: what it detects, how,
	// and how sure it is. Claims that no public source confirms are marked
	// BELIEVED.
	Doc       string
	Component string          // the part of the client whose records the rule reads
	Platforms []dart.Platform // empty: every platform
	// Versions the rule applies to; the zero Range means every version.
	// A rule does not run on a bundle whose known version is outside it; an
	// unknown version does not stop it.
	Versions    dart.Range
	Needs       []Input
	References  []Reference
	Remediation []string
	Signals     []Signal
	// SupersededBy lists the IDs of rules that say more about what this
	// rule detects: when one of them reports on a bundle, this rule's
	// findings are dropped. Only rules analysed with it count, so a rule
	// run alone still reports. A [Registry] rejects an ID it does not hold.
	SupersededBy []string
	// Identity names what tells one problem the rule finds from another,
	// for [Finding.Fingerprint]: names of the facts of its findings
	// ([FactRef].Name), and of the bundle facts [IdentityProduct] and
	// [IdentityPlatform]. Nil means every fact of a finding; an empty
	// slice, none (the rule's ID and the endpoint then identify it). A
	// fact that can change while the problem stays (a count, a time, a
	// DNS server, a version that an upgrade not fixing the problem would
	// change) is left out.
	Identity []string
	// Check runs once the whole bundle has been read; it reads the series
	// of the rule's signals and the facts, and reports findings.
	Check func(*Pass) error
}

// A Skip says why a rule did not run on a bundle.
type Skip struct {
	Rule   string `json:"rule"`
	Reason string `json:"reason"`
	// Missing lists the inputs the bundle lacks, when that is the reason.
	Missing []Input `json:"missing,omitempty"`
}

// A Pass is a rule's view of one analysed bundle.
type Pass struct {
	Rule  *Rule
	Facts *dart.Facts
	// Files is the bundle's index (see [dart.Bundle.Index]), shared with
	// the other rules and the bundle: Check must not modify it.
	Files []dart.File
	// Capture is the packet capture analysed with the bundle; nil when
	// there is none.
	Capture *Capture
	series  map[string]*Series
	have    map[Input]bool
	out     []Finding
	pr      *i18n.Printer // the analysis's language; nil is English
}

// Sprintf formats a text of a finding in the analysis's language (see
// [Options].Language), as fmt.Sprintf formats: format is the text in
// English, the form a rule is written in, and the key of its
// translations, which dartkit's own rules register beside them. A text
// without a translation is formatted in English.
func (p *Pass) Sprintf(format string, args ...any) string {
	return p.pr.Sprintf(format, args...)
}

// Text returns the text s, a title or remediation in English, in the
// analysis's language; it is not a format.
func (p *Pass) Text(s string) string { return p.pr.Text(s) }

// Language returns the language of the analysis's texts: English or
// Korean.
func (p *Pass) Language() language.Tag { return p.pr.Language() }

// Describe is [Cadence.Describe] in the analysis's language.
func (p *Pass) Describe(c Cadence, noun string) string { return c.describe(p.pr, noun) }

// Has reports whether the analysed input includes in: a VPN log, profiles,
// a capture...
func (p *Pass) Has(in Input) bool { return p.have[in] }

// Series returns the records collected for the rule's signal name. It
// returns an empty series for a name the rule does not declare. The series
// is shared with the other rules that declare the same signal, so Check
// must not add to it.
func (p *Pass) Series(name string) *Series {
	if s, ok := p.series[name]; ok {
		return s
	}
	return NewSeries(name)
}

// Report adds a finding. Fields left empty take the rule's values: Rule,
// Title, Remediation and References; a zero Severity takes the rule's.
// The rule's title and remediation are taken in the analysis's language;
// a title or remediation the finding sets is its own, written with
// [Pass.Sprintf] or [Pass.Text]. Its Fingerprint is set from the
// finding's facts, those of the bundle and the rule's Identity, whatever
// f held.
func (p *Pass) Report(f Finding) {
	if f.Rule == "" {
		f.Rule = p.Rule.ID
	}
	if f.Title == "" {
		f.Title = p.Text(p.Rule.Title)
	}
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	if f.Remediation == nil {
		f.Remediation = p.Rule.Remediation
		if !p.pr.English() {
			f.Remediation = make([]string, len(p.Rule.Remediation))
			for i, s := range p.Rule.Remediation {
				f.Remediation[i] = p.Text(s)
			}
		}
	}
	if f.References == nil {
		f.References = p.Rule.References
	}
	if f.Evidence == nil {
		f.Evidence = []Evidence{}
	}
	f.Fingerprint = fingerprint(f.Rule, p.Rule.Identity, p.Facts, f.Facts)
	p.out = append(p.out, f)
}

// FilesOf returns the bundle's files of kind k.
func (p *Pass) FilesOf(k dart.Kind) []dart.File {
	var out []dart.File
	for _, f := range p.Files {
		if f.Kind == k {
			out = append(out, f)
		}
	}
	return out
}

var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`)

// Validate checks a rule set: every rule has a well-formed unique ID, a
// title and a Check; signal names are unique within a rule; Identity
// holds no empty name; SupersededBy holds well-formed IDs of other rules.
func Validate(rules []*Rule) error {
	var errs []error
	seen := map[string]bool{}
	for i, r := range rules {
		if r == nil {
			errs = append(errs, fmt.Errorf("findings: rule %d is nil", i))
			continue
		}
		if !idRE.MatchString(r.ID) {
			errs = append(errs, fmt.Errorf("findings: rule %q: ID must match %s", r.ID, idRE))
		}
		if seen[r.ID] {
			errs = append(errs, fmt.Errorf("findings: rule %q: duplicate ID", r.ID))
		}
		seen[r.ID] = true
		if r.Title == "" {
			errs = append(errs, fmt.Errorf("findings: rule %q: no title", r.ID))
		}
		if r.Check == nil {
			errs = append(errs, fmt.Errorf("findings: rule %q: no Check", r.ID))
		}
		names := map[string]bool{}
		for _, s := range r.Signals {
			if s.Name == "" || names[s.Name] {
				errs = append(errs, fmt.Errorf("findings: rule %q: signal name %q empty or repeated", r.ID, s.Name))
			}
			names[s.Name] = true
		}
		for _, name := range r.Identity {
			if strings.TrimSpace(name) == "" {
				errs = append(errs, fmt.Errorf("findings: rule %q: empty name in Identity", r.ID))
			}
		}
		for _, id := range r.SupersededBy {
			if !idRE.MatchString(id) || id == r.ID {
				errs = append(errs, fmt.Errorf("findings: rule %q: superseded by %q: not another rule's ID", r.ID, id))
			}
		}
	}
	return errors.Join(errs...)
}

// unknownSuperseders reports the IDs of SupersededBy that name no rule of
// the set.
func unknownSuperseders(rules []*Rule) error {
	var errs []error
	for _, r := range rules {
		for _, id := range r.SupersededBy {
			if !slices.ContainsFunc(rules, func(o *Rule) bool { return o.ID == id }) {
				errs = append(errs, fmt.Errorf("findings: rule %q: superseded by unknown rule %q", r.ID, id))
			}
		}
	}
	return errors.Join(errs...)
}

// A Registry is an ordered set of rules with unique IDs.
type Registry struct {
	rules []*Rule
}

// NewRegistry returns a registry holding rules, after [Validate]; every
// ID of a rule's SupersededBy must name one of them.
func NewRegistry(rules ...*Rule) (*Registry, error) {
	if err := errors.Join(Validate(rules), unknownSuperseders(rules)); err != nil {
		return nil, err
	}
	return &Registry{rules: slices.Clone(rules)}, nil
}

// Register adds rules to the registry; it fails, adding none, if the result
// would not validate.
func (g *Registry) Register(rules ...*Rule) error {
	all := append(slices.Clone(g.rules), rules...)
	if err := errors.Join(Validate(all), unknownSuperseders(all)); err != nil {
		return err
	}
	g.rules = all
	return nil
}

// Rules returns the registered rules in registration order.
func (g *Registry) Rules() []*Rule { return slices.Clone(g.rules) }

// Lookup returns the rule with the given ID.
func (g *Registry) Lookup(id string) (*Rule, bool) {
	for _, r := range g.rules {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

// ErrUnknownRule is returned by [Registry.Select] for an ID it does not hold.
var ErrUnknownRule = errors.New("findings: unknown rule")

// Select returns the rules with the given IDs, in the order given.
func (g *Registry) Select(ids ...string) ([]*Rule, error) {
	out := make([]*Rule, 0, len(ids))
	for _, id := range ids {
		r, ok := g.Lookup(strings.TrimSpace(id))
		if !ok {
			return nil, fmt.Errorf("%w %q", ErrUnknownRule, id)
		}
		out = append(out, r)
	}
	return out, nil
}
