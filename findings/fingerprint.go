package findings

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/dartkit/dartkit/dart"
)

// Bundle facts a [Rule.Identity] may name beside the facts of a finding.
// These names take the bundle's value, whatever facts of the same name a
// finding holds.
const (
	// IdentityProduct is the client's product name as the bundle gives it
	// ([dart.Product].Name), without its version: "Cisco AnyConnect
	// Secure Mobility Client". An unknown product is a value of its own.
	IdentityProduct = "product"
	// IdentityPlatform is the endpoint's platform: "windows", "macos"...
	IdentityPlatform = "platform"
)

// fingerprintVersion starts the digested text, so that a change of the
// scheme changes every fingerprint rather than some.
const fingerprintVersion = "dartkit fingerprint 1"

// fingerprint returns the fingerprint of a finding of rule whose facts are
// facts, on a bundle with the facts bundle (nil when there is none): see
// [Finding.Fingerprint]. identity is the rule's Identity.
func fingerprint(rule string, identity []string, bundle *dart.Facts, facts []FactRef) string {
	if bundle == nil {
		bundle = &dart.Facts{}
	}
	var b strings.Builder
	field := func(s string) {
		// Each field is written after its length, so that no two lists
		// of fields give the same text.
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
	}
	field(fingerprintVersion)
	field(rule)
	field(identityValue(bundle.Hostname.Value))
	names := identity
	if names == nil {
		for _, f := range facts {
			names = append(names, f.Name)
		}
	}
	names = slices.Clone(names)
	slices.Sort(names)
	for _, name := range slices.Compact(names) {
		values := identityValues(name, bundle, facts)
		field(name)
		field(strconv.Itoa(len(values)))
		for _, v := range values {
			field(v)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
}

// identityValues returns the values of the identity name: the bundle's
// product or platform, or the values of the facts of that name, each item
// of a list once, sorted.
func identityValues(name string, bundle *dart.Facts, facts []FactRef) []string {
	switch name {
	case IdentityProduct:
		return []string{identityValue(bundle.Product.Name)}
	case IdentityPlatform:
		return []string{identityValue(string(bundle.Platform))}
	}
	var out []string
	for _, f := range facts {
		if f.Name != name {
			continue
		}
		for item := range strings.SplitSeq(f.Value, ", ") {
			out = append(out, identityValue(item))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// identityValue returns s as a fingerprint compares it: without the
// spaces around it, in lower case.
func identityValue(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}
