package literals

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSetAgreesWithContains checks the combined search against
// strings.Contains on random texts over a small alphabet, where literals
// overlap, repeat and sit at the edges of the text.
func TestSetAgreesWithContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte("abc _"[rng.IntN(5)])
		}
		return b.String()
	}
	for round := range 2000 {
		seen := map[string]bool{}
		var lits []string
		for range 1 + rng.IntN(12) {
			var l string
			switch round % 4 {
			case 0:
				l = word(minWindow + rng.IntN(6)) // every literal searched by the table
			case 1:
				l = word(1 + rng.IntN(minWindow-1)) // every literal searched alone
			case 2:
				l = word(1 + rng.IntN(3*minWindow)) // lengths far apart, both ways
			default:
				l = word(250 + rng.IntN(20)) // windows wider than a shift can be
			}
			if !seen[l] {
				seen[l] = true
				lits = append(lits, l)
			}
		}
		set := New(lits)
		for range 20 {
			text := word(rng.IntN(40))
			if rng.IntN(2) == 0 {
				// Plant a literal, or most of one, so long ones are met.
				l := lits[rng.IntN(len(lits))]
				l = l[:len(l)-rng.IntN(2)*rng.IntN(len(l))]
				text = word(rng.IntN(10)) + l + word(rng.IntN(10))
			}
			found := make([]bool, len(lits))
			any := set.Find(text, found)
			wantAny := false
			for i, l := range lits {
				want := strings.Contains(text, l)
				wantAny = wantAny || want
				if found[i] != want {
					t.Fatalf("literals %q, text %q: found %q = %v, want %v", lits, text, l, found[i], want)
				}
			}
			if any != wantAny {
				t.Fatalf("literals %q, text %q: any = %v, want %v", lits, text, any, wantAny)
			}
		}
	}
}
