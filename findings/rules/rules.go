// Package rules holds dartkit's built-in diagnoses. Each rule lives in a
// file of its own, with its metadata, its logic and, beside it, its tests.
package rules

import "github.com/dartkit/dartkit/findings"

// All returns the built-in rules, in a stable order.
func All() []*findings.Rule {
	return []*findings.Rule{
		MusLookupCSCvu39643,
		MusLookupFailing,
	}
}

// Registry returns a new registry holding the built-in rules; callers may
// add their own to it.
func Registry() *findings.Registry {
	g, err := findings.NewRegistry(All()...)
	if err != nil {
		panic("dartkit: built-in rules do not validate: " + err.Error())
	}
	return g
}
