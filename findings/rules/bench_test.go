package rules

import (
	"fmt"
	"slices"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// BenchmarkAllRules measures the cost of every built-in rule on ordinary
// records: most should cost one substring search per signal.
func BenchmarkAllRules(b *testing.B) {
	recs := make([]logparse.Record, 0, 10_000)
	for i := range 10_000 {
		r := dbg(i, "acvpnagent", "CHostConfigMgr::logInterfaces", fmt.Sprintf("IP Address Interface List: 10.31.121.%d FE80:0:0:0:8D2A:4C1E:9B7:5F21", i%250))
		if i%3 == 0 {
			r = rec(i, "acvpnui", "Message type information sent to the user: Ready to connect.")
		}
		r.Pos = logparse.Position{File: "AnyConnectVPN.txt", Line: i + 1}
		recs = append(recs, r)
	}
	facts := &dart.Facts{Platform: dart.PlatformWindows}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, _, err := findings.Evaluate(All(), slices.Values(recs), &findings.EvaluateOptions{Facts: facts}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(recs)), "ns/record")
}
