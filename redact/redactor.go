package redact

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// A Pattern is an extra kind of secret: each match of Regexp (its first
// group, when it has one) is replaced with a pseudonym of Kind.
type Pattern struct {
	Kind   Kind
	Regexp *regexp.Regexp
}

// Options configure a Redactor. The zero value is usable.
type Options struct {
	// Key is the HMAC key pseudonyms are derived from; nil makes New
	// generate one. The same key gives the same pseudonyms.
	Key []byte
	// Keep lists values left as they are, beyond the built-in list: an
	// exact value ("vpn.example.net"), a domain and its subdomains
	// ("*.example.net"), or an address prefix ("192.0.2.0/24").
	Keep []string
	// Patterns are extra secrets to find in text.
	Patterns []Pattern
}

// ErrKey reports a key that is too short to be a secret.
var ErrKey = errors.New("redact: key shorter than 16 bytes")

// A Redactor replaces secrets with pseudonyms. It is safe for concurrent
// use.
type Redactor struct {
	key     []byte
	keep    []string
	extra   []Pattern
	mu      sync.Mutex
	learnt  map[string]Kind   // lowercased value -> kind, found wherever it appears
	known   map[string]bool   // pseudonyms of a former redaction, kept
	entries map[string]*entry // kind + "\x00" + canonical original -> entry
	files   map[string]map[Kind]int
}

type entry struct {
	kind      Kind
	original  string
	pseudonym string
	count     int
	files     map[string]int
}

// New returns a Redactor with opts (nil for the defaults).
func New(opts *Options) (*Redactor, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	key := o.Key
	if key == nil {
		key = make([]byte, 32)
		rand.Read(key)
	} else if len(key) < 16 {
		return nil, ErrKey
	}
	return &Redactor{
		key:     append([]byte(nil), key...),
		keep:    append([]string(nil), o.Keep...),
		extra:   append([]Pattern(nil), o.Patterns...),
		learnt:  map[string]Kind{},
		known:   map[string]bool{},
		entries: map[string]*entry{},
		files:   map[string]map[Kind]int{},
	}, nil
}

// Key returns the key pseudonyms are derived from.
func (r *Redactor) Key() []byte { return append([]byte(nil), r.key...) }

// Learn makes r replace value, a secret of kind known from the bundle
// (its host name, a profile's server), wherever it appears, whatever the
// patterns say.
func (r *Redactor) Learn(kind Kind, value string) {
	if value == "" || r.Kept(value) {
		return
	}
	r.mu.Lock()
	r.learnt[strings.ToLower(value)] = kind
	r.mu.Unlock()
}

// Kept reports whether value is left as it is: a vendor's name, a
// well-known resolver, a value of Options.Keep, or a pseudonym.
func (r *Redactor) Kept(value string) bool {
	v := strings.ToLower(value)
	r.mu.Lock()
	known := r.known[v]
	r.mu.Unlock()
	if known {
		return true
	}
	for _, k := range r.keep {
		k = strings.ToLower(k)
		if v == k || strings.HasPrefix(k, "*.") && strings.HasSuffix(v, k[1:]) {
			return true
		}
	}
	return v == "cisco.com" || strings.HasSuffix(v, ".cisco.com")
}

// AddPseudonyms makes r keep the pseudonyms of a former redaction as
// they are, so that redacting a redacted bundle changes nothing.
func (r *Redactor) AddPseudonyms(pseudonyms ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, p := range pseudonyms {
		r.known[strings.ToLower(p)] = true
	}
}

// Pseudonyms returns every pseudonym r has given so far, sorted: what a
// later redaction must keep (see AddPseudonyms). It holds no secret.
func (r *Redactor) Pseudonyms() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.entries))
	for _, e := range r.entries {
		out = append(out, e.pseudonym)
	}
	sort.Strings(out)
	return out
}

// Pseudonym returns the pseudonym of value as a secret of kind, and
// counts it in the map.
func (r *Redactor) Pseudonym(kind Kind, value string) string {
	return r.pseudonym(kind, value, "")
}

func (r *Redactor) pseudonym(kind Kind, value, file string) string {
	canon := strings.ToLower(value)
	r.mu.Lock()
	defer r.mu.Unlock()
	id := kind.String() + "\x00" + canon
	e := r.entries[id]
	if e == nil {
		m := hmac.New(sha256.New, r.key)
		m.Write([]byte(id))
		sum := hex.EncodeToString(m.Sum(nil))[:6]
		e = &entry{kind: kind, original: value, pseudonym: kind.String() + "-" + sum, files: map[string]int{}}
		r.entries[id] = e
	}
	e.count++
	e.files[file]++
	return e.pseudonym
}

var (
	ipv4Re  = regexp.MustCompile(`\b(?:\d{1,3}\.){3}\d{1,3}\b`)
	emailRe = regexp.MustCompile(`\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b`)
	macRe   = regexp.MustCompile(`\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b`)
)

// Redact appends src, text of any number of lines read from file, to dst
// with its secrets replaced, and returns the extended buffer.
func (r *Redactor) Redact(dst, src []byte, file string) []byte {
	s := string(src)
	s = emailRe.ReplaceAllStringFunc(s, func(m string) string { return r.pseudonym(KindEmail, m, file) })
	s = macRe.ReplaceAllStringFunc(s, func(m string) string { return r.pseudonym(KindMAC, m, file) })
	s = ipv4Re.ReplaceAllStringFunc(s, func(m string) string {
		a, err := netip.ParseAddr(m)
		if err != nil {
			return m
		}
		return r.addr(a, file).String()
	})
	r.mu.Lock()
	learnt := make([]string, 0, len(r.learnt))
	for v := range r.learnt {
		learnt = append(learnt, v)
	}
	kinds := r.learnt
	r.mu.Unlock()
	sort.Slice(learnt, func(i, j int) bool { return len(learnt[i]) > len(learnt[j]) })
	for _, v := range learnt {
		re := regexp.MustCompile(`(?i)` + regexp.QuoteMeta(v))
		s = re.ReplaceAllStringFunc(s, func(m string) string { return r.pseudonym(kinds[v], m, file) })
	}
	for _, p := range r.extra {
		s = p.Regexp.ReplaceAllStringFunc(s, func(m string) string { return r.pseudonym(p.Kind, m, file) })
	}
	return append(dst, s...)
}

// String returns s with its secrets replaced.
func (r *Redactor) String(s string) string { return string(r.Redact(nil, []byte(s), "")) }

// SameLength returns s, read from file, with its secrets replaced by
// pseudonyms fitted to the secrets' lengths in UTF-16 code units, for
// binary formats whose layout must not move (.evtx).
func (r *Redactor) SameLength(s, file string) string {
	out := string(r.Redact(nil, []byte(s), file))
	if len(out) >= len(s) {
		return out[:len(s)]
	}
	return out + strings.Repeat("x", len(s)-len(out))
}

// Addr returns the pseudonym of address a, of the same class: loopback,
// link-local, unspecified, multicast and kept addresses are returned as
// they are; a private address stays private and a public one public.
func (r *Redactor) Addr(a netip.Addr) netip.Addr { return r.addr(a, "") }

func (r *Redactor) addr(a netip.Addr, file string) netip.Addr {
	if a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsUnspecified() || a.IsMulticast() || r.Kept(a.String()) {
		return a
	}
	p := r.pseudonym(KindAddress, a.String(), file)
	sum, _ := hex.DecodeString(p[len(p)-6:])
	if a.Is4() {
		b := a.As4()
		b[1], b[2], b[3] = sum[0], sum[1], sum[2]
		if !a.IsPrivate() {
			b[0] = 198
			b[1] = 18 | sum[0]&1
		}
		return netip.AddrFrom4(b)
	}
	b := a.As16()
	copy(b[13:], sum)
	return netip.AddrFrom16(b)
}

// MAC returns the pseudonym of hw: the vendor's prefix kept, the rest
// replaced.
func (r *Redactor) MAC(hw net.HardwareAddr) net.HardwareAddr {
	p := r.pseudonym(KindMAC, hw.String(), "")
	sum, _ := hex.DecodeString(p[len(p)-6:])
	out := append(net.HardwareAddr(nil), hw...)
	if len(out) == 6 {
		copy(out[3:], sum)
	}
	return out
}

// Name returns the pseudonym of the DNS name name (as a capture holds it),
// or name itself when it is kept.
func (r *Redactor) Name(name string) string {
	if r.Kept(strings.TrimSuffix(name, ".")) {
		return name
	}
	return r.pseudonym(KindDomain, name, "")
}
