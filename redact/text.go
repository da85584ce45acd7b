package redact

import (
	"bytes"
	"net/netip"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Byte classes of the scanner: it skips every byte of class 0 and looks
// only at the others.
const (
	clsNone   = iota
	clsWord   // starts a token: an ASCII letter or digit, '_'
	clsSep    // '\\' or '/': a path
	clsLearnt // the first byte of a learnt value
)

// A learntValue is a value given to Learn, lower case.
type learntValue struct {
	low []byte
	e   *entry
}

// A matcher finds learnt values: the bytes they start with, and the
// values by first byte, longest first.
type matcher struct {
	cls     [256]uint8
	tok     [256]uint8      // tokAlnum and tokFirst, by byte
	first   [256]bool       // the first bytes of the values, in either case
	pairs   [1 << 10]uint64 // a bit for each value's first two bytes, lower case
	minLen  int             // of the shortest value, 0 when one spans tokens
	vals    []learntValue
	byFirst [256][]int
}

// The bits of matcher.tok.
const (
	tokAlnum = 1 << iota // isAlnum
	tokFirst             // the first byte of a learnt value
)

func newMatcher(vals []learntValue) *matcher {
	m := &matcher{vals: vals}
	for c := 0; c < 256; c++ {
		if isTokenByte(byte(c)) {
			m.cls[c] = clsWord
		}
	}
	m.cls['\\'], m.cls['/'] = clsSep, clsSep
	for c := range m.tok {
		if isAlnum(byte(c)) {
			m.tok[c] = tokAlnum
		}
	}
	sort.SliceStable(m.vals, func(i, j int) bool { return len(m.vals[i].low) > len(m.vals[j].low) })
	spans := false
	for i, v := range m.vals {
		if m.minLen == 0 || len(v.low) < m.minLen {
			m.minLen = len(v.low)
		}
		for _, c := range v.low {
			if !isWordByte(c) && strings.IndexByte("-.:@%+", c) < 0 {
				spans = true
			}
		}
		c := v.low[0]
		p := uint16(c)<<8 | uint16(v.low[1])
		m.pairs[p>>6] |= 1 << (p & 63)
		m.byFirst[c] = append(m.byFirst[c], i)
		if u := upper(c); u != c {
			m.byFirst[u] = append(m.byFirst[u], i)
		}
		for _, b := range []byte{c, upper(c)} {
			m.first[b] = true
			m.tok[b] |= tokFirst
			if m.cls[b] == clsNone {
				m.cls[b] = clsLearnt
			}
		}
	}
	if spans {
		m.minLen = 0
	}
	return m
}

// match returns the learnt value at src[i:] that ends where a word does,
// the longest first, or nil.
func (m *matcher) match(src []byte, i int) *learntValue {
	if i+1 >= len(src) {
		return nil
	}
	if p := uint16(lower(src[i]))<<8 | uint16(lower(src[i+1])); m.pairs[p>>6]&(1<<(p&63)) == 0 {
		return nil
	}
	for _, k := range m.byFirst[src[i]] {
		v := &m.vals[k]
		end := i + len(v.low)
		if end <= len(src) && equalFold(src[i:end], v.low) && (end == len(src) || !isLearntWordByte(src[end]) || !isLearntWordByte(v.low[len(v.low)-1])) {
			return v
		}
	}
	return nil
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - 32
	}
	return c
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 32
	}
	return c
}

// equalFold reports whether b equals the lower-case low, ASCII letters
// of either case.
func equalFold[T string | []byte](b []byte, low T) bool {
	if len(b) != len(low) {
		return false
	}
	for i, c := range b {
		if lower(c) != low[i] {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'z'
}

// Flags of the bytes a token is made of, but for the joiners that need a
// look at the next byte.
const (
	fDigit = 1 << iota
	fAlpha
	fOther // '_', a byte of a UTF-8 sequence
	fDash
)

var byteFlags = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch b := byte(c); {
		case isDigit(b):
			t[c] = fDigit
		case 'a' <= b|0x20 && b|0x20 <= 'z':
			t[c] = fAlpha
		case b == '_':
			t[c] = fOther
		case b == '-':
			t[c] = fDash
		}
	}
	return t
}()

// hasLetter reports whether b holds an ASCII letter.
func hasLetter(b []byte) bool {
	for _, c := range b {
		if 'a' <= c|0x20 && c|0x20 <= 'z' {
			return true
		}
	}
	return false
}

// learntWordBytes holds isLearntWordByte for every byte.
var learntWordBytes = func() (t [256]bool) {
	for c := range t {
		t[c] = isLearntWordByte(byte(c))
	}
	return t
}()

// isWordByte reports whether c is part of a word, as learnt values see
// words: UTF-8 sequences are.
func isWordByte(c byte) bool { return isAlnum(c) || c == '_' || c >= 0x80 }

// isLearntWordByte reports whether c goes on a word around a learnt
// value: '_' does not, as it joins names in file names
// (DESKTOP-ACME42_sysinfo.txt).
func isLearntWordByte(c byte) bool { return isAlnum(c) || c >= 0x80 }

// isTokenByte reports whether c is part of a token, as the scanner sees
// them: a secret's shapes are ASCII, and a UTF-8 sequence ends a token,
// so that an address right after a letter of another script is found.
func isTokenByte(c byte) bool { return isAlnum(c) || c == '_' }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' }

// fileStats are the counts of one file.
type fileStats struct {
	lines        int
	replacements int
	kindLines    [numKinds]int
}

// A scanner redacts one text: it copies the bytes between secrets as
// they are, and appends a pseudonym in place of each secret.
type scanner struct {
	r     *Redactor
	m     *matcher
	src   []byte
	dst   []byte
	last  int // src[last:] is not copied yet
	file  string
	fit   bool // SameLength
	learn bool // LearnText: find, learn, write nothing
	// spec makes no entry: at a secret it has no entry for, or whose
	// handling may depend on entries other windows are making, it sets
	// abort and the scan stops (see Redactor.redactWindow).
	spec  bool
	abort bool

	hits      []*entry
	uniq      []*entry
	addrHits  []addrHit  // the addresses replaced, counted by commit
	addrCache *addrCache // pseudonyms of the IPv4 addresses met last
	lineEnd   int        // the end of the line of the last replacement
	lineKinds uint16
	lines     int
	kindLines [numKinds]int
	low       []byte   // scratch: a value in lower case
	fits      []string // name pseudonyms as fitTail fitted them, lower case
}

var scanners = sync.Pool{New: func() any { return new(scanner) }}

func getScanner(r *Redactor, dst, src []byte, file string, fit bool) *scanner {
	s := scanners.Get().(*scanner)
	*s = scanner{r: r, m: r.learnt.Load(), src: src, dst: dst, file: file, fit: fit, hits: s.hits[:0], uniq: s.uniq[:0], addrHits: s.addrHits[:0], addrCache: s.addrCache, low: s.low[:0], fits: s.fits[:0], lineEnd: -1}
	return s
}

func putScanner(s *scanner) {
	s.r, s.m, s.src, s.dst = nil, nil, nil, nil
	clear(s.hits)
	clear(s.fits)
	scanners.Put(s)
}

// run scans src, leaving the result in dst.
func (s *scanner) run() {
	full := s.src
	if len(s.r.extra) > 0 {
		for _, p := range s.patternSpans(full) {
			s.src = full[:p.start]
			s.scan(s.last)
			s.src = full
			if p.start >= s.last {
				mark := s.begin(p.start)
				if p.e != nil {
					s.dst = append(s.dst, p.e.pseudonym...)
					s.end(mark, p.start, p.end, p.e)
				}
			}
		}
		s.src = full
	}
	s.scan(s.last)
	if !s.learn {
		s.dst = append(s.dst, s.src[s.last:]...)
	}
	s.last = len(s.src)
}

// scan scans src from i.
func (s *scanner) scan(i int) {
	src := s.src
	cls := &s.m.cls
	for i < len(src) && !s.abort {
		switch cls[src[i]] {
		case clsNone:
			i++
		case clsWord:
			// A key's value may run past its token: what was replaced is
			// not scanned again.
			if i = s.token(i); i < s.last {
				i = s.last
			}
		case clsSep:
			i = s.path(i)
		case clsLearnt:
			if j := s.learnt(i); j > i {
				i = j
			} else {
				i++
			}
		}
	}
}

// begin copies src up to start and returns where the replacement starts
// in dst.
func (s *scanner) begin(start int) int {
	if !s.learn {
		s.dst = append(s.dst, s.src[s.last:start]...)
	}
	return len(s.dst)
}

// end ends the replacement of src[start:end] by dst[mark:] with e.
func (s *scanner) end(mark, start, end int, e *entry) {
	if e.kind == KindAddress {
		a, p := e.addrs()
		s.endAddr(mark, start, end, a, p)
		return
	}
	if s.fit {
		s.fitTail(mark, start, end, e.kind, &e.sum, e.pseudonym)
	}
	s.hits = append(s.hits, e)
	s.endLine(start, end, e.kind)
}

// endAddr ends the replacement of src[start:end], the address a, by
// dst[mark:], its pseudonym p.
func (s *scanner) endAddr(mark, start, end int, a, p netip.Addr) {
	if s.fit {
		s.fitTail(mark, start, end, KindAddress, nil, "")
	}
	s.addrHits = append(s.addrHits, addrHit{a, p})
	s.endLine(start, end, KindAddress)
}

// endLine counts the line of the replacement of src[start:end] by a
// secret of kind.
func (s *scanner) endLine(start, end int, kind Kind) {
	s.last = end
	if start > s.lineEnd {
		s.flushLine()
		s.lines++
		if i := bytes.IndexByte(s.src[start:], '\n'); i >= 0 {
			s.lineEnd = start + i
		} else {
			s.lineEnd = len(s.src)
		}
	}
	s.lineKinds |= 1 << kind
}

func (s *scanner) flushLine() {
	for k := 0; k < numKinds; k++ {
		if s.lineKinds&(1<<k) != 0 {
			s.kindLines[k]++
		}
	}
	s.lineKinds = 0
}

// replace replaces src[start:end] with e's pseudonym.
func (s *scanner) replace(start, end int, e *entry) {
	if s.learn {
		return
	}
	mark := s.begin(start)
	s.dst = append(s.dst, e.pseudonym...)
	s.end(mark, start, end, e)
}

// commit adds the counts of the scan to the map.
func (s *scanner) commit() {
	if len(s.hits) == 0 && len(s.addrHits) == 0 {
		return
	}
	s.flushLine()
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	fs := r.files[s.file]
	if fs == nil {
		fs = &fileStats{}
		r.files[s.file] = fs
	}
	fs.lines += s.lines
	fs.replacements += len(s.hits) + len(s.addrHits)
	for k, n := range s.kindLines {
		fs.kindLines[k] += n
	}
	// A fitted pseudonym is one too: redacting the text again keeps it,
	// and the note of a bundle lists it.
	for _, f := range s.fits {
		r.taken[f] = true
		r.fitted[f] = true
	}
	// Count per entry first: one map write per distinct secret.
	uniq := s.uniq[:0]
	for _, e := range s.hits {
		e.count++
		if e.pending == 0 {
			uniq = append(uniq, e)
		}
		e.pending++
	}
	file := r.fileID(s.file)
	for _, e := range uniq {
		e.addFile(file, e.pending)
		e.pending = 0
	}
	clear(uniq)
	s.uniq = uniq[:0]
	for _, h := range s.addrHits {
		r.countAddr(h.a, h.p, file, 1)
	}
}

// utf16Len returns the length of b in UTF-16 code units.
func utf16Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r >= 0x10000 {
			n++
		}
		n++
		b = b[size:]
	}
	return n
}

// fitTail fits the pseudonym dst[mark:], of a secret of kind whose HMAC
// is sum and whose pseudonym is pseudonym (an address has neither), to
// the length of the secret src[start:end] in UTF-16 code units.
func (s *scanner) fitTail(mark, start, end int, kind Kind, sum *[32]byte, pseudonym string) {
	n := utf16Len(s.src[start:end])
	p := s.dst[mark:]
	const hexd = "0123456789abcdef"
	switch {
	case len(p) > n && n < 6 && kind != KindAddress:
		s.dst = s.dst[:mark]
		for i := 0; i < n; i++ {
			s.dst = append(s.dst, hexd[sum[i/2]>>(4*(1-i%2))&15])
		}
	case len(p) > n:
		s.dst = s.dst[:mark+n]
	case len(p) < n && (kind == KindAddress || kind == KindMAC):
		for len(s.dst)-mark < n {
			s.dst = append(s.dst, ' ')
		}
	default:
		for i := 6; len(s.dst)-mark < n; i++ {
			k := i % (2 * len(sum))
			s.dst = append(s.dst, hexd[sum[k/2]>>(4*(1-k%2))&15])
		}
	}
	secret := s.src[start:end]
	if len(secret) > 0 && bytes.Contains(bytes.ToLower(s.dst[mark:]), bytes.ToLower(secret)) {
		fill := byte('x')
		if lower(secret[0]) == 'x' {
			fill = '0'
		}
		for i := mark; i < len(s.dst); i++ {
			s.dst[i] = fill
		}
	}
	if kind != KindAddress && kind != KindMAC && string(s.dst[mark:]) != pseudonym {
		s.fits = append(s.fits, string(s.lowerInto(s.dst[mark:])))
	}
}

// lowerInto sets s.low to b in lower case and returns it.
func (s *scanner) lowerInto(b []byte) []byte {
	s.low = s.low[:0]
	for _, c := range b {
		s.low = append(s.low, lower(c))
	}
	return s.low
}

// learnt replaces the learnt value at i, if any, where no word goes on
// before it, and returns the end of what it consumed, or i.
func (s *scanner) learnt(i int) int {
	if len(s.m.vals) == 0 || i > 0 && isLearntWordByte(s.src[i-1]) && isLearntWordByte(s.src[i]) {
		return i
	}
	v := s.m.match(s.src, i)
	if v == nil {
		return i
	}
	end := i + len(v.low)
	if v.e.kind == KindMAC {
		if s.learn {
			return end
		}
		mark := s.begin(i)
		s.dst = appendMAC(s.dst, v.e.mac, s.src[i:end])
		s.end(mark, i, end, v.e)
		return end
	}
	s.replace(i, end, v.e)
	return end
}

// learntIn replaces the learnt values inside src[start:end] that start
// a word, and returns where the scan goes on.
func (s *scanner) learntIn(start, end int) int {
	if len(s.m.vals) == 0 || end-start < s.m.minLen {
		return end
	}
	src := s.src
	for k := start; k < end; {
		if s.m.first[src[k]] {
			if j := s.learnt(k); j > k {
				if j >= end {
					return j
				}
				k = j
				continue
			}
		}
		for k < end && learntWordBytes[src[k]] {
			k++
		}
		for k < end && !learntWordBytes[src[k]] {
			k++
		}
	}
	return end
}

// token handles the token at i: a run of word bytes, joined by '-', and
// by '.', ':' and '@' when a word byte follows, by '%' in an IPv6
// zone, and by '+' and '%' in an e-mail address's local part. It returns the
// end of what it consumed.
func (s *scanner) token(i int) int {
	src := s.src
	n := len(src)
	start := i
	var dots, colons, ats int
	var flags uint8
	// seen gathers the bytes' tok bits: a token with no byte a learnt
	// value starts with holds none (the byte that ends it is in too,
	// which only costs a look for nothing).
	tok := &s.m.tok
	var seen uint8
	j := i
loop:
	for ; j < n; j++ {
		c := src[j]
		t := tok[c]
		seen |= t
		if t&tokAlnum != 0 {
			continue
		}
		switch c {
		case '-':
			flags |= fDash
		case '_':
			flags |= fOther
		case '+', '%':
			// Inside an e-mail address's local part (a+b@acme.com), or
			// an IPv6 address's zone.
			if c == '%' && colons > 0 && j+1 < n && isTokenByte(src[j+1]) {
				flags |= fOther
				continue
			}
			k := j + 1
			for k < n && isLocalByte(src[k]) {
				k++
			}
			if k == j+1 || k >= n || src[k] != '@' {
				break loop
			}
			flags |= fOther
		case '.', ':', '@':
			if j+1 >= n {
				break loop
			}
			d := src[j+1]
			if !isTokenByte(d) && !(c == ':' && d == ':') {
				break loop
			}
			switch c {
			case '.':
				dots++
			case ':':
				colons++
			case '@':
				ats++
			}
		default:
			break loop
		}
	}
	if flags&fDash != 0 {
		for j > start+1 && src[j-1] == '-' {
			j--
		}
	}
	end := j
	if dots|colons|ats == 0 && flags&fDash == 0 && (seen&tokFirst == 0 || end-start < s.m.minLen) {
		// A word: neither an address nor a name by its shape, and too
		// short to hold a learnt value. It matters only as a key.
		k := end
		for k < n && (src[k] == ' ' || src[k] == '\t' || src[k] == '.') {
			k++
		}
		if k == n || src[k] != ':' && src[k] != '=' || !mayBeKeyWord(src[start:end]) {
			return end
		}
	}
	if ats > 0 {
		return s.email(start, end)
	}
	if dots > 0 && flags&fOther == 0 && hasLetter(src[start:end]) {
		// The loop above leaves letters out of flags; dotted needs to
		// know.
		flags |= fAlpha
	}
	if k := s.analyse(start, end, dots, colons, flags); k > start {
		return k
	}
	if colons == 0 {
		if k := s.key(start, end, end); k > end {
			return k
		}
	}
	if flags&fDash != 0 && isPseudonymLabel(s.lowerInto(src[start:end])) || seen&tokFirst == 0 {
		return end
	}
	return s.learntIn(start, end)
}

// mayBeKeyWord reports whether w, a token before a key's separator, may
// be a key's last word. When it is not, key returns at once.
func mayBeKeyWord(w []byte) bool {
	// A word's bytes are letters, digits and '_': setting bit 0x20
	// lowers the letters and turns no other byte into a letter, so
	// the test stays cheap enough to be inlined.
	c0 := w[0] | 0x20
	return isDigit(c0) || keyMayEnd(c0, w[len(w)-1]|0x20, len(w))
}

// part handles src[start:end], a part of a token, as a token, and
// returns the end of what it consumed.
func (s *scanner) part(start, end int) int {
	var dots, colons int
	var flags uint8
	for _, c := range s.src[start:end] {
		flags |= byteFlags[c]
		switch c {
		case '.':
			dots++
		case ':':
			colons++
		case '%':
			flags |= fOther
		}
	}
	if k := s.analyse(start, end, dots, colons, flags); k > start {
		return k
	}
	return s.learntIn(start, end)
}

// analyse replaces the secret that the token src[start:end] is by its
// shape, and returns the end of what it consumed, or start.
func (s *scanner) analyse(start, end, dots, colons int, flags uint8) int {
	tok := s.src[start:end]
	switch {
	case colons > 0:
		return s.colonToken(start, end, dots)
	case dots > 0 && flags&fOther == 0:
		if s.dotted(start, end, flags&fAlpha != 0) {
			return end
		}
	case flags&fDash != 0 && len(tok) == 17:
		if hw, ok := parseMAC(tok); ok && s.mac(start, end, hw) {
			return end
		}
	}
	return start
}

// mac replaces the MAC address src[start:end], unless it is kept.
func (s *scanner) mac(start, end int, hw [6]byte) bool {
	if s.spec && !keptMAC(hw) && s.r.lookupMAC(hw) == nil {
		s.abort = true
		return true
	}
	e := s.r.macEntry(hw)
	if e == nil {
		return true
	}
	if s.learn {
		return true
	}
	mark := s.begin(start)
	s.dst = appendMAC(s.dst, e.mac, s.src[start:end])
	s.end(mark, start, end, e)
	return true
}

// addr replaces the address src[start:end] (a zone after it is kept),
// unless it is kept; upper case stays upper case.
func (s *scanner) addr(start, end int) bool {
	b := s.src[start:end]
	if z := bytes.IndexByte(b, '%'); z >= 0 {
		if bytes.IndexByte(b[z:], '.') >= 0 {
			return false // not a zone, an IPv6 address glued to another
		}
		b = b[:z]
	}
	a, ok := parseAddrBytes(b)
	if !ok {
		return false
	}
	return s.replaceAddr(start, start+len(b), a)
}

// replaceAddr replaces the address a at src[start:end], unless it is
// kept.
func (s *scanner) replaceAddr(start, end int, a netip.Addr) bool {
	if s.learn || !s.addrKnown(a) {
		return true
	}
	p, ok := s.pseudonym(a)
	if !ok {
		return true
	}
	mark := s.begin(start)
	s.dst = p.AppendTo(s.dst)
	if a.Is6() && upperHex(s.src[start:end]) {
		copy(s.dst[mark:], bytes.ToUpper(s.dst[mark:]))
	}
	s.endAddr(mark, start, end, a, p)
	return true
}

// missed ends a speculative scan at a secret the table has no entry for,
// and reports whether it did.
func (s *scanner) missed() bool {
	if s.spec {
		s.abort = true
	}
	return s.spec
}

// addrKnown reports whether the address a may be handled: always, but in
// a speculative scan of a Redactor that is not frozen, which it ends
// unless a is kept for its class or by Options.Keep. A frozen Redactor's
// pseudonym of an address is a function of the address, the key and the
// former pseudonyms alone, which no window changes; otherwise whether a
// is a pseudonym given already depends on what other windows have met.
func (s *scanner) addrKnown(a netip.Addr) bool {
	if !s.spec || s.r.frozen.Load() != 0 || s.r.keptStatic(a) {
		return true
	}
	s.abort = true
	return false
}

// valueKnown reports, in a speculative scan, whether the value v of kind,
// which has no entry of its own, may be handled: an address with an entry
// or kept for its class. Anything else ends the scan: whether it is kept
// may depend on the pseudonyms other windows give (see Redactor.Kept).
func (s *scanner) valueKnown(kind Kind, v []byte) bool {
	if kind == KindAddress {
		if a, ok := parseAddrBytes(v); ok {
			return s.addrKnown(a)
		}
	}
	s.abort = true
	return false
}

// colonToken handles a token with colons: a MAC or IPv6 address, a key
// without a space before its value, or parts (an address or a name and
// its port).
func (s *scanner) colonToken(start, end, dots int) int {
	tok := s.src[start:end]
	if len(tok) == 17 {
		if hw, ok := parseMAC(tok); ok {
			s.mac(start, end, hw)
			return end
		}
	}
	if colons := bytes.Count(tok, []byte{':'}); colons >= 2 && isAddrish(tok) {
		if isLinkLocal6(tok) {
			return end // kept, as keptClass has it
		}
		if s.addr(start, end) {
			return end
		}
	}
	c := start + bytes.IndexByte(tok, ':')
	if k := s.key(start, c, c); k > c {
		return k
	}
	if dots == 0 {
		return end
	}
	s.parts(start, end, ":%")
	return end
}

// isLinkLocal6 reports whether b is an IPv6 link-local unicast address
// (fe80::/10) written in full: eight groups of one to four hex digits.
// Interface lists repeat one on every line, and it is kept: it needs
// neither ParseAddr nor the address table.
func isLinkLocal6(b []byte) bool {
	// The first group is fe80 to febf: four digits.
	if len(b) < 18 || b[0]|0x20 != 'f' || b[1]|0x20 != 'e' || b[4] != ':' {
		return false
	}
	switch b[2] {
	case '8', '9', 'a', 'b', 'A', 'B':
	default:
		return false
	}
	if !hexBytes[b[3]] {
		return false
	}
	groups, digits := 1, 0 // groups ended by a colon
	for _, c := range b[5:] {
		if c == ':' {
			if digits == 0 {
				return false
			}
			groups++
			digits = 0
			continue
		}
		if !hexBytes[c] || digits == 4 {
			return false
		}
		digits++
	}
	return groups == 7 && digits > 0
}

// hexBytes holds isHex for every byte.
var hexBytes = func() (t [256]bool) {
	for c := range t {
		t[c] = isHex(byte(c))
	}
	return t
}()

// isAddrish reports whether b may be an IPv6 address: hex digits, colons,
// dots and a zone, with a digit.
func isAddrish(b []byte) bool {
	digit := false
	for i, c := range b {
		switch {
		case isDigit(c):
			digit = true
		case 'a' <= c|0x20 && c|0x20 <= 'f', c == ':', c == '.':
		case c == '%':
			return digit && i > 2
		default:
			return false
		}
	}
	return digit
}

// dotted handles a token of labels joined by dots: an IPv4 address, a
// Cisco MAC, a DNS name, or a file or version left as it is. It reports
// whether the token was handled.
func (s *scanner) dotted(start, end int, alpha bool) bool {
	tok := s.src[start:end]
	if !alpha {
		if bytes.IndexByte(tok, '-') >= 0 {
			// A range of addresses: each on its own.
			s.parts(start, end, "-")
			return true
		}
		if a, ok := parseIPv4(tok); ok && !s.versionBefore(start) {
			return s.replaceAddr(start, end, a)
		}
		return true
	}
	if len(tok) == 14 {
		if hw, ok := parseMAC(tok); ok {
			return s.mac(start, end, hw)
		}
	}
	if k := s.name(start, end); k > start {
		return true
	}
	// A name with a number after it (vpn.acme.com.1: a counter, an
	// index) is still a name; the number is kept.
	if q := bytes.LastIndexByte(tok, '.'); q > 0 && q+1 < len(tok) && allDigits(tok[q+1:]) && s.name(start, start+q) > start {
		return true
	}
	if bytes.IndexByte(tok, '-') < 0 {
		return false
	}
	// Not a name: it may start with one (vpn.acme.com-2), and what the
	// dashes join may be addresses.
	for q := end; q > start; {
		q = start + bytes.LastIndexByte(s.src[start:q], '-')
		if q > start && bytes.IndexByte(s.src[start:q], '.') > 0 && s.name(start, q) > start {
			s.parts(q+1, end, "-")
			return true
		}
	}
	s.parts(start, end, "-")
	return true
}

// name replaces the DNS name at src[start:end], found by its shape:
// labels ending in a public top-level domain or an internal suffix, the
// top-level domain in one case. A file name (name.ext, ext one of
// fileExts) is left as it is; a name with a file's extension
// (vpn.acme.com.xml) has its name part replaced. It returns the end of
// what it replaced, or start.
func (s *scanner) name(start, end int) int {
	tok := s.src[start:end]
	lastDot := bytes.LastIndexByte(tok, '.')
	if lastDot < 0 {
		return start
	}
	tld := tok[lastDot+1:]
	if !isLabelTLD(tld) {
		return start
	}
	low := s.lowerInto(tok)
	if s.r.keptNameBytes(low) {
		// A kept name may still hold a learnt value
		// (WIN10-LAB-07.lab.example.com).
		s.learntIn(start, end)
		return end
	}
	ltld := low[lastDot+1:]
	if fileExts[string(ltld)] {
		rest := lastDot
		if bytes.IndexByte(tok[:rest], '.') < 0 {
			// name.ext: a file, whose name may hold a learnt value
			// (nested-jdoe.zip).
			s.learntIn(start, end)
			return end
		}
		if k := s.name(start, start+rest); k == start {
			s.learntIn(start, end)
		}
		return end
	}
	if !isTLD(ltld) || !validLabels(tok) {
		return start
	}
	low = s.lowerInto(tok)
	e := s.r.lookupName(KindDomain, low)
	if e == nil {
		if ps, icann := publicSuffix(string(low)); icann && ps == string(low) {
			return end
		}
		if s.missed() {
			return end
		}
		e = s.r.domainEntry(string(low), string(tok))
		if e == nil {
			return end
		}
	}
	if s.learn {
		return end
	}
	s.replace(start, end, e)
	return end
}

// isLabelTLD reports whether b can be a top-level domain as written:
// letters of one case.
func isLabelTLD(b []byte) bool {
	if len(b) < 2 || len(b) > 24 {
		return false
	}
	up, low := false, false
	for _, c := range b {
		switch {
		case 'a' <= c && c <= 'z':
			low = true
		case 'A' <= c && c <= 'Z':
			up = true
		default:
			return false
		}
	}
	return up != low
}

// validLabels reports whether the labels of b are DNS labels (with '_'
// and '-' allowed).
// allDigits reports whether b is made of decimal digits only.
func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

func validLabels(b []byte) bool {
	n := 0
	for _, c := range b {
		if c == '.' {
			if n == 0 || n > 63 {
				return false
			}
			n = 0
			continue
		}
		if !isAlnum(c) && c != '-' && c != '_' {
			return false
		}
		n++
	}
	return n > 0
}

// versionBefore reports whether the number at start follows a word that
// makes it a version: "version", "ver", "build", "release", or a word
// ending in "version" (ProductVersion=, FileVersion:).
func (s *scanner) versionBefore(start int) bool {
	k := start
	for n := 0; k > 0 && n < 4; n++ {
		c := s.src[k-1]
		if !isSpace(c) && c != ':' && c != '=' && c != '"' && c != '\'' {
			break
		}
		k--
	}
	w := k
	for w > 0 && 'a' <= s.src[w-1]|0x20 && s.src[w-1]|0x20 <= 'z' && k-w < 32 {
		w--
	}
	if w == k || w > 0 && isTokenByte(s.src[w-1]) {
		return false
	}
	word := s.lowerInto(s.src[w:k])
	switch string(word) {
	case "ver", "build", "release", "v":
		return true
	}
	return bytes.HasSuffix(word, []byte("version"))
}

// email replaces the e-mail addresses in the token src[start:end] whose
// domain is a DNS name by its shape, and returns where the scan goes on,
// or start.
func (s *scanner) email(start, end int) int {
	p := start // the start of what is not handled yet
	for a := start; a < end; a++ {
		if s.src[a] != '@' {
			continue
		}
		lim := s.last
		if p > start {
			// The byte that ends an address's domain is not part of
			// the next local part: it keeps glued addresses apart
			// (a@acme.com%b@acme.com), in the output too.
			lim = p + 1
		}
		if a == p && p > start {
			// A domain right after an address's, as in
			// jdoe@acme.com@vpn.acme.com, has no local part.
			if de, ok := s.emailDomain(a, end); ok {
				s.replaceEmailDomain(a+1, de)
				p, a = de, de-1
			}
			continue
		}
		ls, de, ok := s.emailAt(a, lim, end)
		if !ok {
			continue
		}
		s.parts(p, ls, "@")
		s.replaceEmail(ls, de, a)
		// What ends the domain may be the next address's '@'.
		p, a = de, de-1
	}
	s.parts(p, end, "@")
	return end
}

// parts handles the parts of src[start:end] between any of the bytes
// of seps, each as a token.
func (s *scanner) parts(start, end int, seps string) {
	for p := start; p < end; {
		q := p + bytes.IndexAny(s.src[p:end], seps)
		if q < p {
			q = end
		}
		for p < q && !isTokenByte(s.src[p]) {
			p++
		}
		if q > p {
			// A key's value may run past the part.
			if k := s.part(p, q); k > q {
				p = k
				continue
			}
		}
		p = q + 1
	}
}

// emailAt returns the e-mail address around the '@' at at, its local
// part starting at lim or after, and whether there is one: a domain that
// is a DNS name by its shape. The local part may hold what ends a token
// ('+').
func (s *scanner) emailAt(at, lim, end int) (ls, de int, ok bool) {
	ls = at
	for ls > lim && isLocalByte(s.src[ls-1]) {
		ls--
	}
	if ls == at {
		return 0, 0, false
	}
	de, ok = s.emailDomain(at, end)
	return ls, de, ok
}

// emailDomain returns the end of the domain after the '@' at at, and
// whether there is one: a DNS name by its shape.
func (s *scanner) emailDomain(at, end int) (de int, ok bool) {
	de = at + 1
	for de < end && (isAlnum(s.src[de]) || s.src[de] == '-' || s.src[de] == '.' || s.src[de] == '_') {
		de++
	}
	for de > at+1 && s.src[de-1] == '.' {
		de--
	}
	// The domain is the longest run of labels that ends with a top-level
	// domain, or is kept (a pseudonym's .example): jdoe@acme.com.1 is
	// jdoe@acme.com.
	for de > at+1 {
		dom := s.src[at+1 : de]
		dot := bytes.LastIndexByte(dom, '.')
		if dot < 0 {
			return 0, false
		}
		if isLabelTLD(dom[dot+1:]) && validLabels(dom) && (isTLD(s.lowerInto(dom[dot+1:])) || s.r.keptNameBytes(s.lowerInto(dom))) {
			return de, true
		}
		de = at + 1 + dot
	}
	return 0, false
}

// replaceEmail replaces the e-mail address src[ls:de], its '@' at at,
// unless it is kept.
func (s *scanner) replaceEmail(ls, de, at int) {
	low := s.lowerInto(s.src[ls:de])
	local := low[:at-ls]
	if isPseudonymLabel(local) && s.r.keptNameBytes(low[at-ls+1:]) || s.r.keep.exact[string(low)] {
		return
	}
	e := s.r.lookupName(KindEmail, low)
	if e == nil {
		if s.missed() {
			return
		}
		e = s.r.emailEntry(string(low), string(s.src[ls:de]))
	}
	s.replace(ls, de, e)
}

// replaceEmailDomain replaces the domain src[start:end] of an e-mail
// address as the address's own would be, unless it is kept.
func (s *scanner) replaceEmailDomain(start, end int) {
	low := s.lowerInto(s.src[start:end])
	if s.r.keptNameBytes(low) {
		return
	}
	e := s.r.lookupName(KindDomain, low)
	if e == nil {
		if s.missed() {
			return
		}
		e = s.r.domainEntry(string(low), string(s.src[start:end]))
	}
	if e != nil {
		s.replace(start, end, e)
	}
}

func isLocalByte(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '-' || c == '+' || c == '%'
}

// path replaces the user name of a home directory path at i ('\\' or
// '/'): \Users\NAME, /Users/NAME, /home/NAME, \Documents and
// Settings\NAME, with separators doubled or not. It returns where the
// scan goes on.
func (s *scanner) path(i int) int {
	src := s.src
	k := i
	for k < len(src) && (src[k] == '\\' || src[k] == '/') {
		k++
	}
	if k == len(src) {
		return k
	}
	var dir int
	switch lower(src[k]) {
	case 'u':
		dir = matchWord(src, k, "users")
	case 'h':
		dir = matchWord(src, k, "home")
	case 'd':
		dir = matchWord(src, k, "documents and settings")
	}
	if dir == 0 || k+dir >= len(src) || src[k+dir] != '\\' && src[k+dir] != '/' {
		return k
	}
	ns := k + dir
	for ns < len(src) && (src[ns] == '\\' || src[ns] == '/') {
		ns++
	}
	ne := ns
	sep := false
	for ; ne < len(src); ne++ {
		c := src[ne]
		if c == '\\' || c == '/' {
			sep = true
			break
		}
		if c < ' ' || strings.IndexByte(`"'<>|,;:*?%()[]{}=`, c) >= 0 {
			break
		}
	}
	if !sep {
		if sp := bytes.IndexByte(src[ns:ne], ' '); sp >= 0 {
			ne = ns + sp
		}
	}
	for ne > ns && src[ne-1] == ' ' {
		ne--
	}
	name := src[ns:ne]
	if len(name) == 0 {
		return ns
	}
	if !sep {
		if d := bytes.LastIndexByte(name, '.'); d >= 0 && fileExts[string(s.lowerInto(name[d+1:]))] {
			return ne
		}
	}
	s.value(KindUser, ns, ne)
	return ne
}

func hasWordByte(b []byte) bool {
	for _, c := range b {
		if isWordByte(c) {
			return true
		}
	}
	return false
}

// matchWord returns len(w) when src[k:] starts with the lower-case w in
// any case, or 0.
func matchWord(src []byte, k int, w string) int {
	if k+len(w) > len(src) {
		return 0
	}
	for i := 0; i < len(w); i++ {
		if lower(src[k+i]) != w[i] {
			return 0
		}
	}
	return len(w)
}

// value replaces src[start:end], a value of kind found by its context,
// unless it is kept; in LearnText it learns it.
func (s *scanner) value(kind Kind, start, end int) bool {
	v := s.src[start:end]
	if !hasWordByte(v) || v[0] == '%' || v[0] == '$' {
		return false // punctuation, or a variable
	}
	low := s.lowerInto(v)
	if keptWords[string(low)] || isPseudonymLabel(low) || s.r.keep.exact[string(low)] {
		return false
	}
	if s.r.keptNameBytes(low) {
		// A kept name may still hold a learnt value:
		// Computer: WIN10-LAB-07.lab.example.com.
		s.learntIn(start, end)
		return false
	}
	if kind == KindDomain && isSuffixOnly(low) {
		return false // not a customer's domain: domain : local
	}
	if kind == KindHost || kind == KindDomain || kind == KindCert {
		if _, ok := parseAddrBytes(v); ok {
			kind = KindAddress
		}
	}
	if s.learn {
		s.r.Learn(kind, string(v))
		return true
	}
	e := s.r.lookupName(kind, low)
	if e == nil {
		if s.spec && !s.valueKnown(kind, v) {
			return false
		}
		e = s.r.entryFor(kind, string(v))
		if e == nil {
			return false
		}
	}
	if e.kind == KindMAC {
		mark := s.begin(start)
		s.dst = appendMAC(s.dst, e.mac, v)
		s.end(mark, start, end, e)
		return true
	}
	mark := s.begin(start)
	s.dst = append(s.dst, e.pseudonym...)
	if e.kind == KindAddress && upperHex(v) {
		copy(s.dst[mark:], bytes.ToUpper(s.dst[mark:]))
	}
	s.end(mark, start, end, e)
	return true
}

// isSuffixOnly reports whether the lower-case name is no more than an
// internal suffix (local, home.arpa). A top-level domain is not checked:
// a NetBIOS domain may be a brand's (CISCO).
func isSuffixOnly(low []byte) bool {
	low = bytes.TrimSuffix(low, []byte("."))
	for _, x := range internalSuffixes {
		if string(low) == x {
			return true
		}
	}
	return false
}
