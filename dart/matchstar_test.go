package dart

import (
	"math/rand/v2"
	"path"
	"testing"
)

// matchStar agrees with path.Match on every pattern of nameHints, and on
// patterns of several stars, for names made of the patterns' own bytes.
func TestMatchStar(t *testing.T) {
	patterns := []string{"*", "**", "a*", "*a", "*a*", "a*b*c", "*ab*ba*", "a**b", "ab*ab", "*a*a*a*"}
	for _, h := range nameHints {
		patterns = append(patterns, h.pattern)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	const alphabet = "ab.lgxmtinsoy"
	for _, p := range patterns {
		names := []string{"", p}
		for range 300 {
			b := make([]byte, rng.IntN(14))
			for i := range b {
				b[i] = alphabet[rng.IntN(len(alphabet))]
			}
			names = append(names, string(b))
		}
		// Names the pattern matches, its stars filled in, and some
		// it may not, a byte of them changed.
		for range 100 {
			var b []byte
			for i := 0; i < len(p); i++ {
				if p[i] != '*' {
					b = append(b, p[i])
					continue
				}
				for range rng.IntN(4) {
					b = append(b, alphabet[rng.IntN(len(alphabet))])
				}
			}
			names = append(names, string(b))
			if len(b) > 0 {
				b[rng.IntN(len(b))] = alphabet[rng.IntN(len(alphabet))]
				names = append(names, string(b))
			}
		}
		for _, name := range names {
			want, err := path.Match(p, name)
			if err != nil {
				t.Fatal(err)
			}
			if got := matchStar(p, name); got != want {
				t.Errorf("matchStar(%q, %q) = %v, path.Match says %v", p, name, got, want)
			}
		}
	}
}
