package findings

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/dartkit/dartkit/dnscapture"
)

// A Capture is the DNS side of the story: what a packet capture taken on the
// endpoint shows, summarised per query name for rules to cite. It holds a
// bounded summary, not the packets.
type Capture struct {
	// Name is the capture's file name, as evidence cites it.
	Name  string
	Stats dnscapture.Stats
	// First and Last are the times of the first and last DNS packet of
	// the transactions read.
	First, Last time.Time
	// Err is why reading stopped early (a truncated file, for one); what
	// was read before it is kept.
	Err error

	names map[string]*captureName
	other int // transactions of names past maxCaptureNames
	// queries and failures are spread samples of every transaction, and
	// of those that failed, for a timeline of the capture.
	queries, failures txSample
}

// captureName is what a Capture keeps of one query name.
type captureName struct {
	series *dnscapture.Series
	sample []dnscapture.Transaction
}

// Bounds on what a Capture keeps.
const (
	maxCaptureNames  = 4096 // distinct query names summarised
	captureSampleLen = 16   // transactions kept per name, to cite
	// MaxCaptureTimes is how many transactions, and how many failed
	// transactions, a Capture keeps for a timeline (see [Capture.Queries]).
	MaxCaptureTimes = 2048
)

// ReadCapture reads a pcap or pcapng capture and summarises its DNS
// transactions per query name. A capture that cannot be read at all (not a
// capture) is an error; one damaged further on is returned with Err set.
func ReadCapture(ctx context.Context, r io.Reader, name string) (*Capture, error) {
	rd, err := dnscapture.NewReader(r, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c := &Capture{Name: name, names: map[string]*captureName{}}
	n := 0
	for tx, err := range rd.All() {
		if err != nil {
			c.Err = fmt.Errorf("%s: %w", name, err)
			break
		}
		if n++; n&0xfff == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c.add(tx)
	}
	c.Stats = rd.Stats()
	return c, nil
}

func (c *Capture) add(tx dnscapture.Transaction) {
	if c.First.IsZero() || tx.QueryTime.Before(c.First) {
		c.First = tx.QueryTime
	}
	for _, t := range []time.Time{tx.QueryTime, tx.ResponseTime} {
		if t.After(c.Last) {
			c.Last = t
		}
	}
	key := strings.ToLower(strings.TrimSuffix(tx.Name, "."))
	cn, ok := c.names[key]
	if !ok {
		if len(c.names) >= maxCaptureNames {
			c.other++
			return
		}
		cn = &captureName{series: dnscapture.NewSeries(key)}
		c.names[key] = cn
	}
	cn.series.Add(tx)
	if len(cn.sample) < captureSampleLen {
		cn.sample = append(cn.sample, tx)
	}
	c.queries.add(tx)
	if Failed(tx) {
		c.failures.add(tx)
	}
}

// Failed reports whether a DNS transaction failed: no response came, or
// the response was an error (Server failure, No such name, Refused...).
func Failed(tx dnscapture.Transaction) bool {
	return !tx.Answered() || tx.RCode != dnscapture.RCodeNoError
}

// Queries returns transactions of the capture spread over all of it, in
// capture order: all of them when there were at most MaxCaptureTimes, and
// otherwise one in every 2, 4, 8..., as many as fit. It also returns how
// many there were. The transactions carry no Answers.
func (c *Capture) Queries() (sample []dnscapture.Transaction, total int) {
	if c == nil {
		return nil, 0
	}
	return slices.Clone(c.queries.kept), c.queries.seen
}

// Failures returns the transactions that failed (see [Failed]) as Queries
// returns all of them.
func (c *Capture) Failures() (sample []dnscapture.Transaction, total int) {
	if c == nil {
		return nil, 0
	}
	return slices.Clone(c.failures.kept), c.failures.seen
}

// A txSample keeps transactions spread evenly over those it is given: the
// n-th given (from 0) is kept when n is a multiple of stride, which
// doubles, halving what is kept, when more than MaxCaptureTimes are.
type txSample struct {
	kept   []dnscapture.Transaction
	stride int
	seen   int
}

func (s *txSample) add(tx dnscapture.Transaction) {
	n := s.seen
	s.seen++
	if s.stride == 0 {
		s.stride = 1
	}
	if n%s.stride != 0 {
		return
	}
	tx.Answers = nil
	s.kept = append(s.kept, tx)
	if len(s.kept) > MaxCaptureTimes {
		// The kept ones are those of n = 0, stride, 2*stride...: every
		// other one is of a multiple of 2*stride.
		for i := range (len(s.kept) + 1) / 2 {
			s.kept[i] = s.kept[2*i]
		}
		clear(s.kept[(len(s.kept)+1)/2:])
		s.kept = s.kept[:(len(s.kept)+1)/2]
		s.stride *= 2
	}
}

// Lookup returns the summary of the transactions for a query name (case
// insensitive) and the first of them, in capture order. The summary is zero
// when the capture holds no query for name.
func (c *Capture) Lookup(name string) (dnscapture.Summary, []dnscapture.Transaction) {
	if c == nil {
		return dnscapture.Summary{}, nil
	}
	cn, ok := c.names[strings.ToLower(strings.TrimSuffix(name, "."))]
	if !ok {
		return dnscapture.Summary{Name: name}, nil
	}
	return cn.series.Summary(), slices.Clone(cn.sample)
}

// Duration is the time the capture's DNS traffic spans.
func (c *Capture) Duration() time.Duration { return c.Last.Sub(c.First) }

// Servers returns every DNS server the capture's queries went to, sorted.
func (c *Capture) Servers() []netip.Addr {
	var out []netip.Addr
	for _, cn := range c.names {
		for _, a := range cn.series.Summary().Servers {
			if !slices.Contains(out, a) {
				out = append(out, a)
			}
		}
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return out
}

// CaptureEvidence returns evidence citing transactions by frame number.
func CaptureEvidence(c *Capture, txs []dnscapture.Transaction, note string) []Evidence {
	out := make([]Evidence, 0, len(txs))
	for _, tx := range txs {
		out = append(out, Evidence{File: c.Name, Frame: tx.QueryFrame, Time: tx.QueryTime, Zoned: true, Text: tx.String(), Note: note})
	}
	return out
}

// CaptureReport is what a report says of the capture beside the bundle.
type CaptureReport struct {
	Path    string           `json:"path"`
	Stats   dnscapture.Stats `json:"stats"`
	First   time.Time        `json:"first,omitzero"`
	Last    time.Time        `json:"last,omitzero"`
	Servers []string         `json:"servers"`
	Error   string           `json:"error,omitempty"`

	capture *Capture
}

// Capture returns the capture r was made of, or nil when r was not made
// by an analysis (but decoded from JSON, say).
func (r *CaptureReport) Capture() *Capture {
	if r == nil {
		return nil
	}
	return r.capture
}

func (c *Capture) report() *CaptureReport {
	if c == nil {
		return nil
	}
	r := &CaptureReport{Path: c.Name, Stats: c.Stats, First: c.First, Last: c.Last, Servers: []string{}, capture: c}
	for _, a := range c.Servers() {
		r.Servers = append(r.Servers, a.String())
	}
	if c.Err != nil {
		r.Error = c.Err.Error()
	}
	return r
}

// AnalyzeCapture runs rules on a capture alone, without a bundle: rules that
// need the bundle's logs are skipped, and those that read captures report.
func AnalyzeCapture(ctx context.Context, c *Capture, rules []*Rule) (*Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if c == nil {
		return nil, errors.New("findings: no capture")
	}
	e := newEngine(rules)
	e.capture = c
	facts := emptyFacts()
	rep := &Report{Bundle: c.Name, Format: "capture", Platform: facts.Platform, Facts: facts, Errors: []string{}, Files: []FileReport{}}
	var errs []string
	rep.Findings, rep.Skipped, errs = e.finish(facts, nil)
	rep.Errors = append(rep.Errors, errs...)
	if c.Err != nil {
		rep.Errors = append(rep.Errors, c.Err.Error())
	}
	// Each error is a loss of its own: frames, or a rule's findings.
	rep.Unread = slices.Clone(rep.Errors)
	rep.Incomplete = len(rep.Errors) > 0
	rep.Capture = c.report()
	rep.Coverage = e.shapes.coverage()
	return rep, nil
}
