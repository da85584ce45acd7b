package dart

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Version is an AnyConnect or Secure Client version. Three spellings exist:
// 3.x and 4.x write major.minor.MMbbb with a five-digit build that encodes
// the maintenance release (4.10.07073 is MR 7, build 73); 2.x and the
// first 3.0 releases wrote the build in four digits, the same way
// (2.5.0217, 3.0.5080); 5.x writes four plain integers,
// major.minor.MR.build (5.1.2.42). All are held as four numbers, so
// versions of any family compare correctly:
//
//	2.5.0217 < 3.0.5080 < 3.1.07021 < 4.8.03052 < 4.10.00093 < 5.0.00238 < 5.1.2.42 < 5.1.10.233
//
// The zero Version means unknown.
type Version struct {
	Major, Minor, Patch, Build int
	// Padded records that the version was written in the 4.x form
	// (major.minor.MMbbb); String uses the same form.
	Padded bool
	// Short records, with Padded, that the build was written in four
	// digits (2.5.0217) rather than five.
	Short bool
}

// ErrBadVersion is returned by ParseVersion for text that is not a version.
var ErrBadVersion = errors.New("dart: bad version")

// ParseVersion parses s in either spelling. It also accepts a prefix such as
// "4.10" or "5", which stands for the first version of that line (useful for
// range bounds).
func ParseVersion(s string) (Version, error) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V")
	parts := strings.Split(s, ".")
	if len(parts) == 0 || len(parts) > 4 {
		return Version{}, fmt.Errorf("%w: %q", ErrBadVersion, s)
	}
	var nums [4]int
	for i, p := range parts {
		// Digits only: strconv.Atoi would also take "+1" and "-0".
		if p == "" || len(p) > 9 || !vAllDigits(p) {
			return Version{}, fmt.Errorf("%w: %q", ErrBadVersion, s)
		}
		nums[i], _ = strconv.Atoi(p)
	}
	v := Version{Major: nums[0], Minor: nums[1]}
	switch len(parts) {
	case 3:
		if len(parts[2]) == 4 && shortBuilds(v.Major, v.Minor) {
			v.Patch, v.Build = nums[2]/1000, nums[2]%1000
			v.Padded, v.Short = true, true
			break
		}
		if v.Major >= 5 && len(parts[2]) != 5 {
			// 5.x written without its build ("5.1.2"): the third
			// field is the maintenance release.
			v.Patch = nums[2]
			break
		}
		// 3.x/4.x form (and the first 5.0 releases, 5.0.00238): the
		// third field is MR*1000 + build, zero-padded to five digits.
		v.Patch, v.Build = nums[2]/1000, nums[2]%1000
		v.Padded = true
	case 4:
		v.Patch, v.Build = nums[2], nums[3]
	}
	if v.IsZero() {
		return Version{}, fmt.Errorf("%w: %q", ErrBadVersion, s)
	}
	return v, nil
}

// shortBuilds reports whether releases major.minor wrote their build in
// four digits: 2.x, and 3.0 before 3.0.08057.
func shortBuilds(major, minor int) bool {
	return major == 2 || major == 3 && minor == 0
}

// MustParseVersion is like ParseVersion but panics on error. It is meant for
// version literals in rule definitions.
func MustParseVersion(s string) Version {
	v, err := ParseVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// IsZero reports whether v is the unknown version.
func (v Version) IsZero() bool { return v == Version{} || (v.Major|v.Minor|v.Patch|v.Build) == 0 }

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than w.
// The spelling (Padded) does not take part.
func (v Version) Compare(w Version) int {
	for _, d := range [...]int{v.Major - w.Major, v.Minor - w.Minor, v.Patch - w.Patch, v.Build - w.Build} {
		switch {
		case d < 0:
			return -1
		case d > 0:
			return 1
		}
	}
	return 0
}

// Less reports whether v is older than w.
func (v Version) Less(w Version) bool { return v.Compare(w) < 0 }

// String returns v in the spelling of its family: 2.5.0217, 4.10.07073 or
// 5.1.2.42.
func (v Version) String() string {
	if v.IsZero() {
		return ""
	}
	if v.Padded && v.Short && v.Patch < 10 && v.Build < 1000 {
		return fmt.Sprintf("%d.%d.%04d", v.Major, v.Minor, v.Patch*1000+v.Build)
	}
	if v.Padded && v.Build < 1000 {
		return fmt.Sprintf("%d.%d.%05d", v.Major, v.Minor, v.Patch*1000+v.Build)
	}
	return fmt.Sprintf("%d.%d.%d.%d", v.Major, v.Minor, v.Patch, v.Build)
}

// MarshalText implements encoding.TextMarshaler.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. Empty text gives the
// unknown version.
func (v *Version) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*v = Version{}
		return nil
	}
	w, err := ParseVersion(string(text))
	if err != nil {
		return err
	}
	*v = w
	return nil
}

func vAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// A Range is a half-open interval of versions [From, Before). A zero bound is
// open: the zero Range holds every version.
type Range struct {
	From   Version // inclusive; zero means no lower bound
	Before Version // exclusive; zero means no upper bound
}

// Contains reports whether v lies in r. The unknown version lies in no
// bounded range.
func (r Range) Contains(v Version) bool {
	if r.IsAll() {
		return true
	}
	if v.IsZero() {
		return false
	}
	if !r.From.IsZero() && v.Less(r.From) {
		return false
	}
	if !r.Before.IsZero() && !v.Less(r.Before) {
		return false
	}
	return true
}

// IsAll reports whether r has no bounds.
func (r Range) IsAll() bool { return r.From.IsZero() && r.Before.IsZero() }

// String returns r as ">= 4.0, < 4.10", "< 4.10" or "any".
func (r Range) String() string {
	var parts []string
	if !r.From.IsZero() {
		parts = append(parts, ">= "+r.From.short())
	}
	if !r.Before.IsZero() {
		parts = append(parts, "< "+r.Before.short())
	}
	if len(parts) == 0 {
		return "any"
	}
	return strings.Join(parts, ", ")
}

// short drops trailing zero fields, so range bounds read as written: 4.10, 5.1.
func (v Version) short() string {
	switch {
	case v.Patch == 0 && v.Build == 0:
		return fmt.Sprintf("%d.%d", v.Major, v.Minor)
	default:
		return v.String()
	}
}

// MarshalText implements encoding.TextMarshaler.
func (r Range) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ErrBadRange is returned by ParseRange for text that is not a version range.
var ErrBadRange = errors.New("dart: bad version range")

// ParseRange parses a range as [Range.String] writes it: "any", "< 4.10",
// ">= 4.0" or ">= 4.0, < 4.10" (the bounds in either order, spaces
// optional). Only the two operators of a half-open range, ">=" and "<",
// are accepted, and the lower bound must lie below the upper one.
func ParseRange(s string) (Range, error) {
	t := strings.TrimSpace(s)
	if strings.EqualFold(t, "any") {
		return Range{}, nil
	}
	if t == "" {
		return Range{}, fmt.Errorf("%w: empty", ErrBadRange)
	}
	var r Range
	var haveFrom, haveBefore bool
	for _, part := range strings.Split(t, ",") {
		part = strings.TrimSpace(part)
		var bound *Version
		switch {
		case strings.HasPrefix(part, ">="):
			if haveFrom {
				return Range{}, fmt.Errorf("%w: %q: two lower bounds", ErrBadRange, s)
			}
			haveFrom, bound, part = true, &r.From, part[2:]
		case strings.HasPrefix(part, "<") && !strings.HasPrefix(part, "<="):
			if haveBefore {
				return Range{}, fmt.Errorf("%w: %q: two upper bounds", ErrBadRange, s)
			}
			haveBefore, bound, part = true, &r.Before, part[1:]
		default:
			return Range{}, fmt.Errorf("%w: %q: want \">= V\" or \"< V\"", ErrBadRange, s)
		}
		v, err := ParseVersion(part)
		if err != nil {
			return Range{}, fmt.Errorf("%w: %q: %v", ErrBadRange, s, err)
		}
		*bound = v
	}
	if haveFrom && haveBefore && !r.From.Less(r.Before) {
		return Range{}, fmt.Errorf("%w: %q: empty", ErrBadRange, s)
	}
	return r, nil
}

// MustParseRange is like ParseRange but panics on error. It is meant for
// range literals in rule definitions.
func MustParseRange(s string) Range {
	r, err := ParseRange(s)
	if err != nil {
		panic(err)
	}
	return r
}

// FindVersions returns the client versions written in text, in order: the
// 3.x/4.x form matched by \b[345]\.\d+\.\d{5}\b, the 2.x and early 3.0
// form matched by \b(2\.\d+|3\.0)\.\d{4}\b, and the 5.x form matched by
// \b5\.\d+\.\d+\.\d+\b, except where the match is part of a longer dotted
// number such as an IP address. It does not judge context: ".NET
// 4.0.30319" is found too, so callers should only search text that names
// the client.
func FindVersions(text string) []Version {
	var out []Version
	for i := 0; i < len(text); {
		m, ok := nextVersion(text, i)
		if !ok {
			break
		}
		out = append(out, m.v)
		i = m.end
	}
	return out
}

// A versionMatch is a version found in text at [start, end).
type versionMatch struct {
	v          Version
	start, end int
}

// nextVersion finds the first version in s at or after offset from. It walks
// the dots of s, which is cheaper than a regexp and needs no allocation.
func nextVersion(s string, from int) (versionMatch, bool) {
	for from < len(s) {
		j := strings.IndexByte(s[from:], '.')
		if j < 0 {
			return versionMatch{}, false
		}
		dot := from + j
		from = dot + 1
		if dot == 0 {
			continue
		}
		start := dot - 1
		if c := s[start]; c < '2' || c > '5' {
			continue
		}
		if start > 0 && vGlue(s[start-1]) {
			continue
		}
		if m, ok := matchVersionAt(s, start); ok {
			return m, true
		}
	}
	return versionMatch{}, false
}

// matchVersionAt matches a version that starts at s[start], a digit 2-5
// followed by a dot.
func matchVersionAt(s string, start int) (versionMatch, bool) {
	i := start + 2
	minor, i := vDigitRun(s, i)
	if minor == 0 || minor > 4 || i >= len(s) || s[i] != '.' {
		return versionMatch{}, false
	}
	f3, j := vDigitRun(s, i+1)
	if f3 == 0 {
		return versionMatch{}, false
	}
	end := j
	if s[start] == '5' && j < len(s) && s[j] == '.' {
		if f4, k := vDigitRun(s, j+1); f4 > 0 && f4 <= 9 {
			end = k
		}
	}
	short := false
	if end == j && f3 != 5 {
		// 3.x/4.x need the five-digit build; 2.x and early 3.0 have four.
		if f3 != 4 || !shortBuilds(int(s[start]-'0'), vAtoi(s[start+2:i])) || minor > 2 {
			return versionMatch{}, false
		}
		short = true
	} else if s[start] == '2' {
		return versionMatch{}, false
	}
	if end < len(s) && (vWordByte(s[end]) || s[end] == '.' && end+1 < len(s) && vDigit(s[end+1])) {
		return versionMatch{}, false
	}
	if f3 > 9 {
		return versionMatch{}, false
	}
	// The same fields ParseVersion would give, without its allocation.
	v := Version{Major: int(s[start] - '0'), Minor: vAtoi(s[start+2 : i])}
	n3 := vAtoi(s[i+1 : j])
	if end == j {
		v.Patch, v.Build, v.Padded, v.Short = n3/1000, n3%1000, true, short
	} else {
		v.Patch, v.Build = n3, vAtoi(s[j+1:end])
	}
	return versionMatch{v: v, start: start, end: end}, true
}

// vAtoi converts a run of at most nine ASCII digits.
func vAtoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// hasVersionShape reports whether s may hold a version: a digit 2-5, not
// glued to a word or number before it, then a dot and a digit. It is the
// cheap test run on every log record. After a dot that does not follow such
// a digit, the run of word bytes and dots it is in is skipped at once: no
// dot further in the run can follow a digit that starts the run, so an IP
// address or a host name costs one look, not one per dot.
func hasVersionShape(s string) bool {
	for i := 0; ; {
		dot := strings.IndexByte(s[i:], '.')
		if dot < 0 {
			return false
		}
		dot += i
		if dot > 0 && dot+1 < len(s) && vDigit(s[dot+1]) {
			if c := s[dot-1]; '2' <= c && c <= '5' && (dot < 2 || !vGlue(s[dot-2])) {
				return true
			}
		}
		i = dot + 1
		for i < len(s) && glue[s[i]] {
			i++
		}
	}
}

func vDigitRun(s string, i int) (n, end int) {
	for end = i; end < len(s) && vDigit(s[end]); end++ {
	}
	return end - i, end
}

func vDigit(c byte) bool { return '0' <= c && c <= '9' }

func vWordByte(c byte) bool {
	return vDigit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_'
}

// vGlue reports whether c before a version's first digit makes it
// part of something longer: a word, a number or a dotted address.
func vGlue(c byte) bool { return vWordByte(c) || c == '.' }

// glue tells the bytes vGlue reports, for loops over runs of them.
var glue = func() (t [256]bool) {
	for c := range 256 {
		t[c] = vGlue(byte(c))
	}
	return t
}()
