package findings_test

import (
	"context"
	"fmt"
	"log"
	"slices"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/logparse"
)

// Analyze a bundle with the built-in rules and print what was found.
func ExampleAnalyze() {
	ctx := context.Background()
	b, err := dart.Open(ctx, "../testdata/bundles/DARTBundle_0617_2021.zip", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, rules.All(), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rep.Platform, rep.Product.Name, rep.Product.Version)
	for _, f := range rep.Findings {
		fmt.Printf("[%s] %s: %d evidence records\n", f.Severity, f.Rule, len(f.Evidence))
		fmt.Println(f.References[0].ID)
	}
	// Output:
	// windows Cisco AnyConnect Secure Mobility Client 4.8.03052
	// [medium] cscvu39643-mus-dns-queries: 11 evidence records
	// CSCvu39643
}

// A rule of one's own: report any agent record naming a given host, and run
// it with the built-in ones.
func ExampleRegistry_Register() {
	mine := &findings.Rule{
		ID:       "example-host-mentioned",
		Title:    "The agent mentions vpn.example.com",
		Severity: findings.SeverityInfo,
		Signals:  []findings.Signal{{Name: "hit", Contains: "vpn.example.com", Sources: findings.AgentSources()}},
		Check: func(p *findings.Pass) error {
			if s := p.Series("hit"); !s.Empty() {
				p.Report(findings.Finding{Summary: s.Cadence().Describe("record")})
			}
			return nil
		},
	}
	reg := rules.Registry()
	if err := reg.Register(mine); err != nil {
		log.Fatal(err)
	}
	t := time.Date(2021, 6, 17, 9, 0, 0, 0, time.UTC)
	recs := []logparse.Record{
		{Time: t, Source: "acvpnagent", Message: "Contacting vpn.example.com."},
		{Time: t.Add(30 * time.Second), Source: "acvpnagent", Message: "Contacting vpn.example.com."},
	}
	got, _, err := findings.Evaluate([]*findings.Rule{mine}, slices.Values(recs), nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(reg.Rules()) > 2, got[0].Rule, got[0].Summary)
	// Output:
	// true example-host-mentioned 2 records, one every 30.0 s, 09:00:00 to 09:00:30
}
