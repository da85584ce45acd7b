package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/netip"
	"strconv"
	"strings"
	"sync"
)

const numKinds = int(KindOther) + 1

// namePrefix is the first part of a name pseudonym of each kind: the
// prefix, then six hex digits of the secret's HMAC.
var namePrefix = [numKinds]string{
	KindUser:    "user-",
	KindHost:    "host-",
	KindDomain:  "dom-",
	KindAddress: "addr-",
	KindMAC:     "mac-",
	KindEmail:   "user-",
	KindCert:    "cert-",
	KindSSID:    "ssid-",
	KindOther:   "other-",
}

// An entry is one secret and its pseudonym. Its fields other than the
// counts never change once it is in the table. The table of a bundle may
// hold a secret per line: the fields are laid out not to waste room.
type entry struct {
	original  string
	pseudonym string // canonical form: lower case, an address's String
	sum       [sha256.Size]byte
	mac       [6]byte // of a MAC address
	kind      Kind
	pending   int32 // replacements of a scan not yet counted, under Redactor.mu
	count     int
	// The replacements per file, by the file's number (see
	// Redactor.fileID), in the order the files were met: most secrets are
	// in one file, which costs no allocation.
	first fileCount
	more  *[]fileCount
}

// A fileCount is how many times an entry was replaced in one file.
type fileCount struct {
	file int32
	n    int
}

// addFile counts n replacements of e in the file numbered file, under
// Redactor.mu. A file is redacted in chunks one after the other, so the
// last file counted is the likeliest.
func (e *entry) addFile(file int32, n int32) {
	if e.first.n == 0 || e.first.file == file {
		e.first.file = file
		e.first.n += int(n)
		return
	}
	if e.more == nil {
		e.more = new([]fileCount)
	}
	more := *e.more
	for i := len(more) - 1; i >= 0; i-- {
		if more[i].file == file {
			more[i].n += int(n)
			return
		}
	}
	*e.more = append(more, fileCount{file, int(n)})
}

// files returns the counts of e per file, under Redactor.mu.
func (e *entry) files(yield func(fileCount) bool) {
	if e.first.n == 0 || !yield(e.first) || e.more == nil {
		return
	}
	for _, fc := range *e.more {
		if !yield(fc) {
			return
		}
	}
}

// addr returns the pseudonym of an address entry.
func (e *entry) addr() netip.Addr {
	a, _ := netip.ParseAddr(e.pseudonym)
	return a
}

// addrs returns the address of an address entry and its pseudonym.
func (e *entry) addrs() (a, p netip.Addr) {
	a, _ = netip.ParseAddr(e.original)
	return a, e.addr()
}

// macs holds HMACs keyed with one key, for reuse: New makes one in
// two allocations of its own, and the table asks for one per secret.
type macs struct {
	key  []byte
	pool sync.Pool
}

// sum returns HMAC-SHA256(key, kind + canon), or, for a later attempt
// after a collision, of kind + canon + the attempt's number.
func (r *Redactor) sum(kind Kind, canon string, attempt int) [sha256.Size]byte {
	m, _ := r.hmacs.pool.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, r.key)
	} else {
		m.Reset()
	}
	defer r.hmacs.pool.Put(m)
	m.Write([]byte(kind.String()))
	m.Write([]byte{0})
	m.Write([]byte(canon))
	if attempt > 0 {
		m.Write([]byte{0})
		m.Write([]byte(strconv.Itoa(attempt)))
	}
	var s [sha256.Size]byte
	m.Sum(s[:0])
	return s
}

// lookupName returns the entry of the canonical name canon of kind, or
// nil. canon may alias a scratch buffer.
func (r *Redactor) lookupName(kind Kind, canon []byte) *entry {
	r.mu.RLock()
	e := r.names[kind][string(canon)]
	r.mu.RUnlock()
	return e
}

// labelEntry returns the entry of a one-label name of kind (user, host,
// one-label domain, cert, ssid, other): prefix-xxxxxx. Two secrets of a
// kind never share a pseudonym: when the six digits of a secret's HMAC
// are taken by another, the HMAC of the secret and the attempt's number
// gives the next candidate; the secret met first keeps the first.
func (r *Redactor) labelEntry(kind Kind, canon, original string) *entry {
	if e := r.lookupName(kind, []byte(canon)); e != nil {
		return e
	}
	return r.newEntry(kind, canon, original, func(sum []byte) (string, string) {
		p := namePrefix[kind] + hex.EncodeToString(sum[:3])
		return p, p
	})
}

// newEntry makes the entry of canon, of kind: form gives, from a
// candidate HMAC, the pseudonym and the label whose uniqueness it
// claims.
func (r *Redactor) newEntry(kind Kind, canon, original string, form func(sum []byte) (pseudonym, label string)) *entry {
	for attempt := 0; ; attempt++ {
		sum := r.sum(kind, canon, attempt)
		p, label := form(sum[:])
		r.mu.Lock()
		if e := r.names[kind][canon]; e != nil {
			r.mu.Unlock()
			return e
		}
		if !r.taken[label] || attempt > maxAttempts {
			e := r.add(entry{kind: kind, original: original, pseudonym: p, sum: sum})
			r.taken[label] = true
			r.taken[p] = true
			r.names[kind][canon] = e
			r.mu.Unlock()
			return e
		}
		r.mu.Unlock()
	}
}

// maxAttempts bounds the search for a free pseudonym: past it, in a class
// with no room left, two secrets may share one.
const maxAttempts = 4096

// registered returns the registered domain of the lower-case name: the
// public or internal suffix and one label more, or the last two labels
// when the suffix is unknown.
func registered(name string) string {
	if n := internalSuffixLabels(name); n > 0 {
		return lastLabels(name, n+1)
	}
	if r, err := publicSuffixPlusOne(name); err == nil {
		return r
	}
	return lastLabels(name, 2)
}

// lastLabels returns the last n labels of name, or name.
func lastLabels(name string, n int) string {
	i := len(name)
	for ; n > 0; n-- {
		j := strings.LastIndexByte(name[:i], '.')
		if j < 0 {
			return name
		}
		i = j
	}
	return name[i+1:]
}

// domainEntry returns the entry of the lower-case DNS name name (no
// trailing dot): every label below the registered domain mapped as a
// host name, the registered domain to dom-xxxxxx.example, so that a host
// and its domain stay related. A name of one label is dom-xxxxxx. The
// reverse name of an IPv4 address (4.3.2.1.in-addr.arpa) is the reverse
// name of the address's pseudonym, or nil when the address is kept.
func (r *Redactor) domainEntry(name, original string) *entry {
	if e := r.lookupName(KindDomain, []byte(name)); e != nil {
		return e
	}
	if !strings.Contains(name, ".") {
		return r.labelEntry(KindDomain, name, original)
	}
	if a, ok := ptrAddr(name); ok {
		e := r.addrEntry(a)
		if e == nil {
			return nil
		}
		return r.composite(KindDomain, name, original, ptrName(e.addr()))
	}
	reg := registered(name)
	regEntry := r.lookupName(KindDomain, []byte(reg))
	if regEntry == nil {
		regEntry = r.newEntry(KindDomain, reg, reg, func(sum []byte) (string, string) {
			l := namePrefix[KindDomain] + hex.EncodeToString(sum[:3])
			return l + ".example", l
		})
	}
	if reg == name {
		return regEntry
	}
	var b strings.Builder
	for l := range strings.SplitSeq(name[:len(name)-len(reg)-1], ".") {
		if l == "" || l == "*" || l[0] == '_' || isPseudonymLabel(l) {
			b.WriteString(l)
		} else {
			b.WriteString(r.labelEntry(KindHost, l, l).pseudonym)
		}
		b.WriteByte('.')
	}
	b.WriteString(regEntry.pseudonym)
	return r.composite(KindDomain, name, original, b.String())
}

// composite records the entry of a secret whose pseudonym is made of
// others' (a FQDN, an e-mail address): unique since its parts are.
func (r *Redactor) composite(kind Kind, canon, original, p string) *entry {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e := r.names[kind][canon]; e != nil {
		return e
	}
	e := r.add(entry{kind: kind, original: original, pseudonym: p, sum: r.sum(kind, canon, 0)})
	r.names[kind][canon] = e
	r.taken[p] = true
	return e
}

// ptrAddr returns the IPv4 address whose reverse name is name.
func ptrAddr(name string) (netip.Addr, bool) {
	rest, ok := strings.CutSuffix(name, ".in-addr.arpa")
	if !ok {
		return netip.Addr{}, false
	}
	parts := strings.Split(rest, ".")
	if len(parts) != 4 {
		return netip.Addr{}, false
	}
	a, ok := parseIPv4([]byte(parts[3] + "." + parts[2] + "." + parts[1] + "." + parts[0]))
	return a, ok
}

// ptrName returns the reverse name of the IPv4 address a.
func ptrName(a netip.Addr) string {
	b := a.As4()
	return fmt.Sprintf("%d.%d.%d.%d.in-addr.arpa", b[3], b[2], b[1], b[0])
}

// emailEntry returns the entry of the lower-case address local@domain:
// the local part mapped as a user name, the domain as a DNS name unless
// it is kept.
func (r *Redactor) emailEntry(email, original string) *entry {
	if e := r.lookupName(KindEmail, []byte(email)); e != nil {
		return e
	}
	at := strings.LastIndexByte(email, '@')
	local, domain := email[:at], email[at+1:]
	lp := local
	if !isPseudonymLabel(local) {
		lp = r.labelEntry(KindUser, local, local).pseudonym
	}
	dp := domain
	if domain != "" && !r.keptName(domain) {
		if e := r.domainEntry(domain, domain); e != nil {
			dp = e.pseudonym
		}
	}
	return r.composite(KindEmail, email, original, lp+"@"+dp)
}

// entryFor returns the entry of value as a secret of kind, or nil when
// value is kept.
func (r *Redactor) entryFor(kind Kind, value string) *entry {
	v := strings.TrimSpace(value)
	if v == "" || r.Kept(v) {
		return nil
	}
	lower := strings.ToLower(v)
	switch kind {
	case KindAddress:
		if a, _, ok := parseAddrZone(v); ok {
			return r.addrEntry(a)
		}
	case KindMAC:
		if hw, ok := parseMAC([]byte(v)); ok {
			return r.macEntry(hw)
		}
	case KindEmail:
		if at := strings.LastIndexByte(lower, '@'); at > 0 {
			return r.emailEntry(lower, v)
		}
		return r.labelEntry(KindUser, lower, v)
	case KindDomain:
		return r.domainEntry(strings.TrimSuffix(lower, "."), v)
	case KindHost:
		if strings.Contains(strings.TrimSuffix(lower, "."), ".") {
			return r.domainEntry(strings.TrimSuffix(lower, "."), v)
		}
	}
	return r.labelEntry(kind, lower, v)
}

// isPseudonymLabel reports whether the lower-case s is a name pseudonym:
// one of the prefixes and six hex digits.
func isPseudonymLabel[T string | []byte](s T) bool {
	i := 0
	for i < len(s) && s[i] != '-' {
		i++
	}
	if i == len(s) || len(s) != i+7 {
		return false
	}
	switch string(s[:i]) {
	case "user", "host", "dom", "addr", "mac", "cert", "ssid", "other":
	default:
		return false
	}
	for j := i + 1; j < len(s); j++ {
		if !isHexLower(s[j]) {
			return false
		}
	}
	return true
}

func isHexLower(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' }
