package rules

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// bugIDRE is the form of a Cisco bug id, as CSCvu39643.
var bugIDRE = regexp.MustCompile(`^CSC[a-z]{2}[0-9]{5}$`)

// TestReferencesArePublic checks that every reference of every rule points
// at a public document: an https URL with a title or a Cisco bug id, and
// for a bug, the bug-search URL of that id.
func TestReferencesArePublic(t *testing.T) {
	for _, r := range All() {
		for _, ref := range r.References {
			u, err := url.Parse(ref.URL)
			if err != nil || u.Scheme != "https" || u.Host == "" {
				t.Errorf("%s: reference %q has no https URL", r.ID, ref)
			}
			if ref.Title == "" && ref.ID == "" {
				t.Errorf("%s: reference %q has neither a title nor an id", r.ID, ref)
			}
			if strings.Contains(strings.ToLower(ref.Title), "catalogue") {
				t.Errorf("%s: reference %q cites dartkit's own notes, not a public document", r.ID, ref)
			}
			if ref.Kind == "bug" {
				if !bugIDRE.MatchString(ref.ID) {
					t.Errorf("%s: bug reference %q has no Cisco bug id", r.ID, ref)
				}
				if want := "https://bst.cloudapps.cisco.com/bugsearch/bug/" + ref.ID; ref.URL != want {
					t.Errorf("%s: bug %s links to %s, want %s", r.ID, ref.ID, ref.URL, want)
				}
			}
		}
	}
}
