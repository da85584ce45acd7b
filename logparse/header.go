package logparse

import "strings"

// ParseHeader splits the AnyConnect debug header off the front of text and
// returns its fields and the text that follows it (leading blanks removed).
//
// Both forms of the header are accepted: one field per line, as in the
// Windows event log,
//
//	Function: CDNSRequest::OnSocketReadComplete
//	File: c:\temp\build\...\dnsrequest.cpp
//	Line: 1147
//	Timeout (per request) while trying to resolve [A] query mus.cisco.com ...
//
// and all on one line separated by spaces, as in syslog:
//
//	Function: TranslateStatusCode File: ConnectIfc.cpp Line: 2881 Invoked Function: TranslateStatusCode Return Code: -29949919 (0xFE370021) Description: CTRANSPORT_ERROR_PEER_CERT_REJECTED AnyConnect cannot confirm ...
//
// Function, File and Line must be present and not empty, in that order; Invoked Function,
// Return Code and Description are optional and follow in that order. Blanks
// before a field's colon are allowed ("Function : X"). In the one-line form
// the File value runs until " Line: <digits>", so paths may hold spaces.
// Description is one word (the symbolic name of the return code, or
// "unknown"); anything after it is rest.
//
// Lines may end in "\r\n" and carry trailing blanks; field values never
// include them, but rest keeps them.
//
// When text does not start with a header (leading blanks aside), h is zero
// and rest is text.
func ParseHeader(text string) (h Header, rest string) {
	rest = parseHeader(&h, text)
	return h, rest
}

// parseHeader is ParseHeader writing the fields to *h, which must be zero:
// the readers make their records in place, and a Header is large.
func parseHeader(h *Header, text string) (rest string) {
	s := text
	i := skipSpace(s, 0)
	i, ok := keyAt(s, i, "Function")
	if !ok {
		return text
	}
	fn, j := fieldValue(s, i, "File", false)
	if j, ok = keyAt(s, j, "File"); !ok {
		return text
	}
	file, j := fieldValue(s, j, "Line", true)
	if j, ok = keyAt(s, j, "Line"); !ok {
		return text
	}
	line, k, n := num(s, j, 9)
	if n == 0 || (k < len(s) && !isSpace(s[k])) || fn == "" || file == "" {
		return text
	}
	h.Function, h.File, h.Line = fn, file, line
	// More text after the number on its line means the one-line form.
	e := k
	for e < len(s) && (s[e] == ' ' || s[e] == '\t') {
		e++
	}
	oneLine := e > k && e < len(s) && s[e] != '\r' && s[e] != '\n'
	k = skipSpace(s, k)

	if j, ok := keyAt(s, k, "Invoked Function"); ok {
		v, next := codeFieldValue(s, j)
		if oneLine && next >= len(s) || oneLine && s[next-1] == '\n' {
			// No later field on the line: the value is one word.
			e := j
			for e < len(s) && !isSpace(s[e]) {
				e++
			}
			v, next = s[j:e], skipSpace(s, e)
		}
		h.InvokedFunction, k = v, next
	}
	if j, ok := keyAt(s, k, "Return Code"); ok {
		if code, e, ok := parseCode(s, j); ok {
			h.ReturnCode, h.HasReturnCode = code, true
			k = skipSpace(s, e)
		}
	}
	if j, ok := keyAt(s, k, "Description"); ok {
		e := j
		for e < len(s) && !isSpace(s[e]) {
			e++
		}
		h.Description = s[j:e]
		k = skipSpace(s, e)
	}
	return s[k:]
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// keyAt reports whether s[i:] starts with name, optional blanks and a colon,
// and returns the index of the value after the colon and its blanks.
func keyAt(s string, i int, name string) (int, bool) {
	if i > len(s) || !strings.HasPrefix(s[i:], name) {
		return i, false
	}
	j := i + len(name)
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if j >= len(s) || s[j] != ':' {
		return i, false
	}
	j++
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	return j, true
}

// fieldValue returns the value starting at s[i]: up to the first blank on
// the line that the field key follows (with a digit after its colon when
// digit is set), or else up to the end of the line. next is the index of
// the next field (or line).
func fieldValue(s string, i int, key string, digit bool) (v string, next int) {
	e := lineEnd(s, i)
	// Look for the key, not for the blanks: a File value is a long path,
	// most often without any, and a value rarely holds the key.
	for j := i + 1; j < e; j++ {
		k := strings.Index(s[j:e], key)
		if k < 0 {
			break
		}
		j += k
		if c := s[j-1]; (c == ' ' || c == '\t') && stopAt(s, j, key, digit) {
			return trimRight(s[i : j-1]), skipSpace(s, j-1)
		}
	}
	return lineValue(s, i, e)
}

// codeFieldValue is fieldValue for the Invoked Function, which either
// Return Code or Description may follow.
func codeFieldValue(s string, i int) (v string, next int) {
	e := lineEnd(s, i)
	sp, tab := indexFrom(s, i, e, ' '), indexFrom(s, i, e, '\t')
	for {
		j := min(sp, tab)
		if j >= e {
			break
		}
		if stopAt(s, j+1, "Return Code", false) || stopAt(s, j+1, "Description", false) {
			return trimRight(s[i:j]), skipSpace(s, j)
		}
		if j == sp {
			sp = indexFrom(s, j+1, e, ' ')
		} else {
			tab = indexFrom(s, j+1, e, '\t')
		}
	}
	return lineValue(s, i, e)
}

// lineEnd returns the index of the first newline in s[i:], or len(s).
func lineEnd(s string, i int) int {
	if e := strings.IndexByte(s[i:], '\n'); e >= 0 {
		return i + e
	}
	return len(s)
}

// lineValue returns the value s[i:e] that ends its line at e, and the
// index of the next line.
func lineValue(s string, i, e int) (v string, next int) {
	return trimRight(s[i:e]), min(e+1, len(s))
}

// stopAt reports whether the field key starts at s[j], with a digit after
// its colon when digit is set.
func stopAt(s string, j int, key string, digit bool) bool {
	k, ok := keyAt(s, j, key)
	return ok && (!digit || k < len(s) && s[k] >= '0' && s[k] <= '9')
}

// indexFrom returns the index of the first c in s[from:end], or end.
func indexFrom(s string, from, end int, c byte) int {
	if k := strings.IndexByte(s[from:end], c); k >= 0 {
		return from + k
	}
	return end
}

// parseCode reads "-31129588 (0xFE25000C)", "11 (0x0000000B)" or "0xFE25000C"
// at s[i:] and returns the code and the index after it.
func parseCode(s string, i int) (int64, int, bool) {
	j := i
	if strings.HasPrefix(s[j:], "0x") || strings.HasPrefix(s[j:], "0X") {
		v, e, ok := parseHex(s, j+2)
		return int64(int32(uint32(v))), e, ok
	}
	neg := false
	if j < len(s) && (s[j] == '-' || s[j] == '+') {
		neg = s[j] == '-'
		j++
	}
	v, e, n := num(s, j, 18)
	if n == 0 {
		return 0, i, false
	}
	code := int64(v)
	if neg {
		code = -code
	}
	// The hexadecimal form in parentheses repeats the code.
	k := e
	for k < len(s) && (s[k] == ' ' || s[k] == '\t') {
		k++
	}
	if strings.HasPrefix(s[k:], "(0x") || strings.HasPrefix(s[k:], "(0X") {
		if _, h, ok := parseHex(s, k+3); ok && h < len(s) && s[h] == ')' {
			e = h + 1
		}
	}
	return code, e, true
}

func parseHex(s string, i int) (uint64, int, bool) {
	var v uint64
	j := i
	for ; j < len(s) && j-i < 16; j++ {
		c := s[j]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return v, j, j > i
		}
		v = v<<4 | uint64(c)
	}
	return v, j, j > i
}

// ParseAgentHeader splits the prefix that AnyConnect 2.x and 3.x agents put
// in front of their messages on Linux and macOS off the front of text:
//
//	[p:4325 pp:1]: error - TlsProtocol.cpp:502 (fe1f000b) CTlsProtocol::initialHandshake handshake failed
//	[p:4325 pp:1 t:4326]: info - ../../vpn/Agent/MainThread.cpp:1881 CMainThread::OnTimer timer fired
//	[p:4325 pp:1]: warning - UnixFwUtil.cpp:88 no rules to apply
//	[p:4325 pp:1]: info - Starting the agent
//
// It returns the same fields as ParseHeader, the Level that the word before
// " - " names (LevelUnknown for a word it does not know), and the text after
// the prefix, leading blanks removed.
//
// The bracket holds the process, parent and thread ids; they are not kept.
// "File:Line" gives File and Line. A code in parentheses after it gives
// ReturnCode: hexadecimal with 0x, or without it when it holds a digit,
// taken as an int32 as the modern header prints it; or negative decimal.
// The word after those is the Function when it looks like one: a C++ name
// with "::", or a name in camelCase or with an underscore
// ("logInterfaces", "TranslateStatusCode", "tun_open"), less a colon that
// ends it ("connect_socket:"). A plain word ("no rules to apply") is left
// to rest, and Function stays empty. Without "File:Line" h is zero, as in
// the last line above, and only the level is taken.
//
// When text does not start with "[p:...]", a level word and a dash
// (leading blanks aside), h is zero, lv is LevelUnknown and rest is text.
func ParseAgentHeader(text string) (h Header, lv Level, rest string) {
	lv, rest = parseAgentHeader(&h, text)
	return h, lv, rest
}

// parseAgentHeader is ParseAgentHeader writing to *h, which must be zero.
func parseAgentHeader(h *Header, text string) (Level, string) {
	s := text
	i := skipSpace(s, 0)
	if !strings.HasPrefix(s[i:], "[p:") {
		return LevelUnknown, text
	}
	// The ids are short: a bracket that runs on is not this prefix.
	e := strings.IndexByte(s[i:min(len(s), i+80)], ']')
	if e < 0 || strings.ContainsAny(s[i:i+e], "\r\n") {
		return LevelUnknown, text
	}
	i += e + 1
	if i < len(s) && s[i] == ':' {
		i++
	}
	i = skipBlank(s, i)
	w := i
	for i < len(s) && isLetter(s[i]) {
		i++
	}
	word := s[w:i]
	if word == "" || len(word) > 12 {
		return LevelUnknown, text
	}
	i = skipBlank(s, i)
	if i >= len(s) || s[i] != '-' || i+1 < len(s) && s[i+1] != ' ' && s[i+1] != '\t' {
		return LevelUnknown, text
	}
	lv := ParseLevel(word)
	i = skipBlank(s, i+1)

	// File:Line, one word.
	e = i
	for e < len(s) && !isSpace(s[e]) {
		e++
	}
	c := strings.LastIndexByte(s[i:e], ':')
	if c <= 0 {
		return lv, s[i:]
	}
	line, k, n := num(s, i+c+1, 9)
	if n == 0 || k != e {
		return lv, s[i:]
	}
	h.File, h.Line = s[i:i+c], line
	i = skipBlank(s, e)

	// (fe1f000b), (0xFE1F000B) or (-29949919).
	if i < len(s) && s[i] == '(' {
		if code, k, ok := parseParenCode(s, i+1); ok {
			h.ReturnCode, h.HasReturnCode = code, true
			i = skipBlank(s, k)
		}
	}
	e = i
	for e < len(s) && !isSpace(s[e]) {
		e++
	}
	// "name:" labels the text after it; the colon is not the name's.
	f := s[i:e]
	if strings.HasSuffix(f, ":") && !strings.HasSuffix(f, "::") {
		f = f[:len(f)-1]
	}
	if isFuncName(f) {
		h.Function = f
		i = skipBlank(s, e)
	}
	return lv, s[i:]
}

// parseParenCode reads the code and the closing parenthesis at s[i:], as
// described by ParseAgentHeader, and returns the index after it.
func parseParenCode(s string, i int) (int64, int, bool) {
	j := i
	if strings.HasPrefix(s[j:], "0x") || strings.HasPrefix(s[j:], "0X") {
		j += 2
	}
	// Hexadecimal without 0x must hold a digit: "(add)" is a word.
	if v, e, ok := parseHex(s, j); ok && e-j <= 8 && e < len(s) && s[e] == ')' &&
		(j > i || strings.ContainsAny(s[j:e], "0123456789")) {
		return int64(int32(uint32(v))), e + 1, true
	}
	if j > i {
		return 0, i, false
	}
	// A negative decimal code, as the modern header prints it.
	if j >= len(s) || s[j] != '-' {
		return 0, i, false
	}
	v, e, n := num(s, j+1, 10)
	if n == 0 || e >= len(s) || s[e] != ')' || v > 1<<31 {
		return 0, i, false
	}
	return -int64(v), e + 1, true
}

// isFuncName reports whether w looks like the name of a C or C++ function
// rather than a word of prose: see ParseAgentHeader.
func isFuncName(w string) bool {
	w = strings.TrimSuffix(w, "()")
	if w == "" || !isLetter(w[0]) && w[0] != '_' && w[0] != '~' {
		return false
	}
	marked := false
	for k := 0; k < len(w); k++ {
		c := w[k]
		switch {
		case c == '_' || c == ':' && k+1 < len(w) && w[k+1] == ':':
			marked = true
		case c == ':' || c == '~':
		case c >= 'A' && c <= 'Z':
			if k > 0 && w[k-1] >= 'a' && w[k-1] <= 'z' {
				marked = true
			}
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return marked
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
