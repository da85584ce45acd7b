package redact_test

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/redact"
)

// A report redacted with the key of a redacted bundle names its host as
// the bundle does; rule IDs and severities stay as they were.
func ExampleReport() {
	rep := &findings.Report{
		Bundle: "DARTBundle_0617_2031.zip",
		Facts:  &dart.Facts{Hostname: dart.Value{Value: "WIN10-LAB-07"}},
		Findings: []findings.Finding{{
			Rule:     "cscvu39643-mus-dns-queries",
			Severity: findings.SeverityMedium,
			Evidence: []findings.Evidence{{File: "AnyConnect.txt", Line: 83, Text: "WIN10-LAB-07 failed to resolve mus.cisco.com via DNS server 10.88.240.69"}},
		}},
	}
	r, err := redact.New(&redact.Options{Key: []byte("the key of the redacted bundle")})
	if err != nil {
		fmt.Println(err)
		return
	}
	out := redact.Report(r, rep)
	f := out.Findings[0]
	fmt.Println(out.Facts.Hostname.Value == r.Pseudonym(redact.KindHost, "WIN10-LAB-07"))
	fmt.Println(f.Rule, f.Severity)
	text := f.Evidence[0].Text
	fmt.Println(strings.Contains(text, out.Facts.Hostname.Value), strings.Contains(text, "WIN10-LAB-07"), strings.Contains(text, "10.88.240.69"), strings.Contains(text, "mus.cisco.com"))
	// Output:
	// true
	// cscvu39643-mus-dns-queries medium
	// true false false true
}
