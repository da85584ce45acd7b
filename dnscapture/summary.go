package dnscapture

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"
)

// A Summary describes the transactions for one query name.
type Summary struct {
	Name    string // the name summarized
	Queries int    // number of transactions (retransmissions not counted)
	// Retransmissions is the total of the transactions' retransmissions.
	Retransmissions int
	First, Last     time.Time     // times of the first and last query
	Interval        time.Duration // median time between consecutive queries; 0 for fewer than two
	RCodes          map[RCode]int // response codes of the answered transactions
	NoResponse      int           // transactions without a response
	Servers         []netip.Addr  // servers queried, sorted
}

// A Series accumulates a [Summary] of the transactions for one name, in
// any order. Its zero value is not usable: use [NewSeries].
type Series struct {
	name    string
	times   []time.Time
	s       Summary
	servers map[netip.Addr]bool
}

// NewSeries returns a Series for name. Names compare without regard to
// case or a trailing dot.
func NewSeries(name string) *Series {
	name = strings.TrimSuffix(name, ".")
	return &Series{name: name, s: Summary{Name: name, RCodes: map[RCode]int{}}, servers: map[netip.Addr]bool{}}
}

// Add adds tx to the series if its query name is the series' name, and
// reports whether it did.
func (s *Series) Add(tx Transaction) bool {
	if !strings.EqualFold(strings.TrimSuffix(tx.Name, "."), s.name) {
		return false
	}
	s.s.Queries++
	s.s.Retransmissions += tx.Retransmissions
	s.times = append(s.times, tx.QueryTime)
	if tx.Answered() {
		s.s.RCodes[tx.RCode]++
	} else {
		s.s.NoResponse++
	}
	s.servers[tx.Server.Addr()] = true
	return true
}

// Summary returns the summary of the transactions added so far.
func (s *Series) Summary() Summary {
	sum := s.s
	sum.RCodes = make(map[RCode]int, len(s.s.RCodes))
	for k, v := range s.s.RCodes {
		sum.RCodes[k] = v
	}
	sum.Servers = make([]netip.Addr, 0, len(s.servers))
	for a := range s.servers {
		sum.Servers = append(sum.Servers, a)
	}
	slices.SortFunc(sum.Servers, netip.Addr.Compare)
	if len(s.times) == 0 {
		return sum
	}
	times := slices.Clone(s.times)
	slices.SortFunc(times, time.Time.Compare)
	sum.First, sum.Last = times[0], times[len(times)-1]
	if len(times) > 1 {
		gaps := make([]time.Duration, len(times)-1)
		for i := range gaps {
			gaps[i] = times[i+1].Sub(times[i])
		}
		slices.Sort(gaps)
		if n := len(gaps); n%2 == 1 {
			sum.Interval = gaps[n/2]
		} else {
			sum.Interval = (gaps[n/2-1] + gaps[n/2]) / 2
		}
	}
	return sum
}

// Summarize returns the summary of the transactions in txs whose query
// name is name.
func Summarize(txs []Transaction, name string) Summary {
	s := NewSeries(name)
	for _, tx := range txs {
		s.Add(tx)
	}
	return s.Summary()
}

// String describes s on one line, for example:
//
//	8 queries, one every 15.0 s, 20:21:32 to 20:23:17, all Server failure, server 10.88.240.69
func (s Summary) String() string {
	if s.Queries == 0 {
		return "no queries"
	}
	var b strings.Builder
	if s.Queries == 1 {
		fmt.Fprintf(&b, "1 query at %s", s.First.UTC().Format(time.TimeOnly))
	} else {
		fmt.Fprintf(&b, "%d queries, one every %s, %s to %s", s.Queries, seconds(s.Interval),
			s.First.UTC().Format(time.TimeOnly), s.Last.UTC().Format(time.TimeOnly))
	}
	if s.Retransmissions == 1 {
		b.WriteString(", 1 retransmission")
	} else if s.Retransmissions > 1 {
		fmt.Fprintf(&b, ", %d retransmissions", s.Retransmissions)
	}
	type tally struct {
		what string
		n    int
		code int
	}
	var ts []tally
	for c, n := range s.RCodes {
		ts = append(ts, tally{c.String(), n, int(c)})
	}
	if s.NoResponse > 0 {
		ts = append(ts, tally{"no response", s.NoResponse, 1 << 16})
	}
	slices.SortFunc(ts, func(a, b tally) int {
		if a.n != b.n {
			return b.n - a.n
		}
		return a.code - b.code
	})
	switch {
	case len(ts) == 1 && s.Queries > 1:
		b.WriteString(", all " + ts[0].what)
	case len(ts) == 1:
		b.WriteString(", " + ts[0].what)
	default:
		for _, t := range ts {
			fmt.Fprintf(&b, ", %d %s", t.n, t.what)
		}
	}
	if len(s.Servers) == 1 {
		b.WriteString(", server " + s.Servers[0].String())
	} else if len(s.Servers) > 1 {
		b.WriteString(", servers ")
		for i, a := range s.Servers {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.String())
		}
	}
	return b.String()
}
