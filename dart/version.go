package dart

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Version is an AnyConnect or Secure Client version. Two spellings exist:
// 3.x and 4.x write major.minor.MMbbb with a five-digit build that encodes
// the maintenance release (4.10.07073 is MR 7, build 73); 5.x writes four
// plain integers, major.minor.MR.build (5.1.2.42). Both are held as four
// numbers, so versions of either family compare correctly:
//
//	3.1.07021 < 4.8.03052 < 4.9.06037 < 4.10.00093 < 5.0.00238 < 5.1.2.42 < 5.1.10.233
//
// The zero Version means unknown.
type Version struct {
	Major, Minor, Patch, Build int
	// Padded records that the version was written in the 4.x form
	// (major.minor.MMbbb); String uses the same form.
	Padded bool
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
	nums := make([]int, len(parts))
	for i, p := range parts {
		if p == "" || len(p) > 9 {
			return Version{}, fmt.Errorf("%w: %q", ErrBadVersion, s)
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Version{}, fmt.Errorf("%w: %q", ErrBadVersion, s)
		}
		nums[i] = n
	}
	var v Version
	v.Major = nums[0]
	if len(nums) > 1 {
		v.Minor = nums[1]
	}
	switch len(nums) {
	case 3:
		// 4.x form: the third field is MR*1000 + build, zero-padded to five digits.
		v.Patch, v.Build = nums[2]/1000, nums[2]%1000
		v.Padded = len(parts[2]) == 5 || v.Major < 5
	case 4:
		v.Patch, v.Build = nums[2], nums[3]
	}
	if v.IsZero() {
		return Version{}, fmt.Errorf("%w: %q", ErrBadVersion, s)
	}
	return v, nil
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

// String returns v in the spelling of its family: 4.10.07073 or 5.1.2.42.
func (v Version) String() string {
	if v.IsZero() {
		return ""
	}
	if v.Padded {
		return fmt.Sprintf("%d.%d.%05d", v.Major, v.Minor, v.Patch*1000+v.Build)
	}
	return fmt.Sprintf("%d.%d.%d.%d", v.Major, v.Minor, v.Patch, v.Build)
}

// MarshalText implements encoding.TextMarshaler.
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

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
