package findings_test

import (
	"context"
	"fmt"
	"log"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
)

// Compare two bundles of one endpoint: the TechNote's, and one collected
// two days later, after the hosts-file workaround.
func ExampleDiffReports() {
	ctx := context.Background()
	var reps []*findings.Report
	for _, path := range []string{
		"../testdata/bundles/dart-windows-technote.zip",
		"../testdata/bundles/dart-windows-after-workaround.zip",
	} {
		b, err := dart.Open(ctx, path, nil)
		if err != nil {
			log.Fatal(err)
		}
		rep, err := findings.Analyze(ctx, b, rules.All(), nil)
		b.Close()
		if err != nil {
			log.Fatal(err)
		}
		reps = append(reps, rep)
	}
	d := findings.DiffReports(reps[0], reps[1])
	fmt.Println("same endpoint:", d.SameEndpoint(), d.After.Host)
	fmt.Println("new:", len(d.New), "persisting:", len(d.Persisting))
	for _, f := range d.Resolved {
		fmt.Println("resolved:", f.Rule)
	}
	// Output:
	// same endpoint: true WIN10-LAB-07
	// new: 0 persisting: 0
	// resolved: cscvu39643-mus-dns-queries
}
