package redact

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"
)

// key handles a known key whose last word is the token src[start:end],
// followed from from on by ':' or '=' (after spaces, or ipconfig's
// " . . . " filler): it replaces the value after the separator, and
// returns where the scan goes on, or end.
func (s *scanner) key(start, end, from int) int {
	src := s.src
	k := from
	for k < len(src) && (isSpace(src[k]) || src[k] == '.') {
		k++
	}
	if k >= len(src) || src[k] != ':' && src[k] != '=' || end-start > 32 {
		return end
	}
	sep := k
	if c0, l := lower(src[start]), end-start; !isDigit(c0) && !keyMayEnd(c0, lower(src[end-1]), l) {
		return end
	}
	last := s.lowerInto(src[start:end])
	kind, ks, name := keyNone, 0, ""
	if isAllDigits(last) {
		if start >= 5 && equalFold(src[start-5:start], []byte("ssid ")) && (start == 5 || !isWordByte(src[start-6])) {
			kind, ks, name = keySSID, start-5, "ssid"
		}
	} else {
		for _, cand := range keysByLast[string(last)] {
			b := end - len(cand)
			if b < 0 || !equalFold(src[b:end], cand) || b > 0 && isWordByte(src[b-1]) {
				continue
			}
			kind, ks, name = keys[cand], b, cand
			break
		}
	}
	if kind == keyNone || !s.keyContext(kind, name, ks, sep) {
		return end
	}
	v := sep + 1
	for v < len(src) && isSpace(src[v]) {
		v++
	}
	if v >= len(src) || src[v] == '\n' || src[v] == '\r' {
		return v
	}
	// The value is skipped whether it was replaced or kept, so that a
	// second pass, which keeps the pseudonyms, sees the same spans.
	if ve, _ := s.keyValue(kind, name, v); ve > v {
		return ve
	}
	return sep + 1
}

// keyContext reports whether the key name of kind at ks, its separator at
// sep, is one in its context: "Name" only at a line's start, the
// certificate keys only before '=', the one-letter ones only inside a
// distinguished name.
func (s *scanner) keyContext(kind keyKind, name string, ks, sep int) bool {
	src := s.src
	switch {
	case name == "name":
		// netsh's "Name : Wi-Fi", not os-release's NAME="Ubuntu".
		if src[sep] != ':' {
			return false
		}
		for k := ks - 1; k >= 0 && src[k] != '\n'; k-- {
			if !isSpace(src[k]) && src[k] != '\r' {
				return false
			}
		}
	case kind == keyCert:
		return src[sep] == '='
	case !startsField(src, ks):
		return false
	case kind == keyCert1:
		if src[sep] != '=' {
			return false
		}
		k := ks - 1
		for k >= 0 && isSpace(src[k]) {
			k--
		}
		if k < 0 {
			return false
		}
		switch src[k] {
		case ',', '/', ';', '+':
			return true
		}
		return false
	}
	return true
}

// startsField reports whether a key at ks starts a field: at a line's
// start, after a tab, a punctuation, two spaces, or a space after a
// punctuation ("Description : User: x"), not inside prose ("sent to the
// user: Checking").
func startsField(src []byte, ks int) bool {
	if ks == 0 {
		return true
	}
	c := src[ks-1]
	if c != ' ' {
		return !isWordByte(c) && c != '-' && c != '.'
	}
	if ks == 1 {
		return true
	}
	c = src[ks-2]
	return !isWordByte(c) && c != '-' && c != '.'
}

// keyValue replaces the value at v of a key of kind, and returns its end
// and whether it was replaced.
func (s *scanner) keyValue(kind keyKind, name string, v int) (int, bool) {
	src := s.src
	switch kind {
	case keyUser:
		ve := tokenEnd(src, v)
		val := src[v:ve]
		if bs := bytes.IndexByte(val, '\\'); bs > 0 {
			ls := v + bytes.LastIndexByte(val, '\\') + 1
			d := s.value(KindDomain, v, v+bs)
			u := ls < ve && s.value(KindUser, ls, ve)
			return ve, d || u
		}
		// A user principal name, user@domain, when its domain is a
		// name: "0@0..0" is one user's odd name, not an address.
		if at := bytes.IndexByte(val, '@'); at > 0 && bytes.IndexByte(val[at:], '.') > 0 && validLabels(val[at+1:]) {
			return ve, s.value(KindEmail, v, ve)
		}
		return ve, s.value(KindUser, v, ve)
	case keyHost:
		ve := tokenEnd(src, v)
		return ve, s.value(KindHost, v, ve)
	case keyDomain:
		ve := tokenEnd(src, v)
		return ve, s.value(KindDomain, v, ve)
	case keySSID:
		if src[v] == '"' {
			q := bytes.IndexByte(src[v+1:lineEnd(src, v)], '"')
			if q > 0 {
				return v + 1 + q, s.value(KindSSID, v+1, v+1+q)
			}
		}
		ve := lineEnd(src, v)
		return ve, s.value(KindSSID, v, ve)
	case keyCert, keyCert1:
		ve := certEnd(src, v)
		if ve == v {
			return v, false
		}
		val := src[v:ve]
		if s.r.keptCertValue(s.lowerInto(val)) {
			return ve, false
		}
		switch {
		case name == "emailaddress" || name == "e" || bytes.IndexByte(val, '@') > 0:
			return ve, s.value(KindEmail, v, ve)
		case name == "dc":
			return ve, s.value(KindDomain, v, ve)
		}
		if _, ok := parseAddrBytes(val); ok {
			return ve, s.value(KindAddress, v, ve)
		}
		if bytes.IndexByte(val, '.') > 0 && validLabels(bytes.TrimPrefix(val, []byte("*."))) {
			if bytes.HasPrefix(val, []byte("*.")) {
				v += 2
			}
			return ve, s.value(KindDomain, v, ve)
		}
		return ve, s.value(KindCert, v, ve)
	case keySerial:
		return s.serial(v)
	}
	return v, false
}

// tokenEnd returns the end of the value at v that ends at a space or a
// punctuation that cannot be part of a name.
func tokenEnd(src []byte, v int) int {
	k := v
	for k < len(src) {
		c := src[k]
		if c <= ' ' || strings.IndexByte(`,;"'()<>[]|`, c) >= 0 {
			break
		}
		k++
	}
	for k > v && src[k-1] == '.' {
		k--
	}
	return k
}

// lineEnd returns the end of the line at v, trailing spaces left out.
func lineEnd(src []byte, v int) int {
	k := v
	for k < len(src) && src[k] != '\n' && src[k] != '\r' {
		k++
	}
	for k > v && isSpace(src[k-1]) {
		k--
	}
	return k
}

// certEnd returns the end of a distinguished name's value at v.
func certEnd(src []byte, v int) int {
	k := v
	for ; k < len(src); k++ {
		c := src[k]
		if c == '\\' && k+1 < len(src) && src[k+1] != '\n' {
			k++
			continue
		}
		if c == '\n' || c == '\r' || strings.IndexByte(`,/;+"<>`, c) >= 0 {
			break
		}
	}
	for k > v && isSpace(src[k-1]) {
		k--
	}
	return k
}

func isAllDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return len(b) > 0
}

func isHex(c byte) bool { _, ok := unhex(c); return ok }

// serial replaces the serial number at v: hex digits, alone or in groups
// of one length joined by one separator (' ', ':' or '-'), by as many
// hex digits of the same form; a serial of another form by a cert
// pseudonym. It returns the end of the serial and whether it replaced it.
func (s *scanner) serial(v int) (int, bool) {
	src := s.src
	if te := tokenEnd(src, v); te > v {
		if _, ok := parseAddrBytes(src[v:te]); ok {
			return te, s.value(KindAddress, v, te)
		}
	}
	g := v
	for g < len(src) && isHex(src[g]) {
		g++
	}
	glen := g - v
	end := g
	if glen > 0 && glen <= 4 && g < len(src) {
		sepc := src[g]
		for end < len(src) && src[end] == sepc && (sepc == ' ' || sepc == ':' || sepc == '-') {
			q := end + 1
			for q < len(src) && isHex(src[q]) {
				q++
			}
			if q-(end+1) != glen || q < len(src) && isWordByte(src[q]) {
				break
			}
			end = q
		}
	}
	if glen == 0 || end < len(src) && (isWordByte(src[end]) || end+1 < len(src) && strings.IndexByte(".:-", src[end]) >= 0 && isTokenByte(src[end+1])) {
		te := tokenEnd(src, v)
		if te == v {
			return v, false
		}
		return te, s.value(KindCert, v, te)
	}
	val := src[v:end]
	s.low = append(s.low[:0], "serial:"...)
	for _, c := range val {
		if isHex(c) {
			s.low = append(s.low, lower(c))
		}
	}
	if len(s.low)-len("serial:") < 4 {
		return end, false
	}
	e := s.r.lookupName(KindCert, s.low)
	if e == nil {
		if s.missed() {
			return end, false
		}
		e = s.r.serialEntry(string(s.low[len("serial:"):]), string(val))
		if e == nil {
			return end, false
		}
	}
	if s.learn {
		return end, true
	}
	mark := s.begin(v)
	digits := "0123456789abcdef"
	if upperHex(val) {
		digits = "0123456789ABCDEF"
	}
	n := 0
	for _, c := range val {
		if !isHex(c) {
			s.dst = append(s.dst, c)
			continue
		}
		d, _ := unhex(e.pseudonym[n])
		s.dst = append(s.dst, digits[d])
		n++
	}
	s.end(mark, v, end, e)
	return end, true
}

func serialLabel(digits string) string { return "serial:" + digits }

// serialEntry returns the entry of a serial number of the lower-case hex
// digits digits, or nil when digits are a pseudonym's.
func (r *Redactor) serialEntry(digits, original string) *entry {
	canon := serialLabel(digits)
	r.mu.RLock()
	taken := r.taken[canon]
	r.mu.RUnlock()
	if taken {
		return nil
	}
	return r.newEntry(KindCert, canon, original, func(sum []byte) (string, string) {
		h := hex.EncodeToString(sum)
		for len(h) < len(digits) {
			next := sha256.Sum256([]byte(h))
			h += hex.EncodeToString(next[:])
		}
		p := h[:len(digits)]
		return p, serialLabel(p)
	})
}

// isHexSerial reports whether v is a serial number as text writes it.
func isHexSerial(v string) bool {
	n := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case isHex(c):
			n++
		case c == ' ' || c == ':' || c == '-':
		default:
			return false
		}
	}
	return n >= 4
}

// hexDigits returns the hex digits of v, lower case.
func hexDigits(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if isHex(v[i]) {
			b.WriteByte(lower(v[i]))
		}
	}
	return b.String()
}

// A span is a match of one of Options.Patterns.
type span struct {
	start, end int
	e          *entry
}

// patternSpans returns the matches of Options.Patterns in src that are
// not kept, in order, none overlapping.
func (s *scanner) patternSpans(src []byte) []span {
	if s.learn {
		return nil
	}
	type match struct {
		start, end int
		kind       Kind
	}
	var ms []match
	for _, p := range s.r.extra {
		if p.Regexp == nil {
			continue
		}
		for _, m := range p.Regexp.FindAllSubmatchIndex(src, -1) {
			a, b := m[0], m[1]
			if len(m) >= 4 && m[2] >= 0 {
				a, b = m[2], m[3]
			}
			if a < b {
				ms = append(ms, match{a, b, p.Kind})
			}
		}
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].start < ms[j].start })
	var out []span
	next := 0
	for _, m := range ms {
		if m.start < next {
			continue
		}
		if s.missed() {
			// Whether a match is kept may depend on the pseudonyms other
			// windows give.
			return nil
		}
		if e := s.r.entryFor(m.kind, string(src[m.start:m.end])); e != nil {
			out = append(out, span{m.start, m.end, e})
			next = m.end
		}
	}
	return out
}
