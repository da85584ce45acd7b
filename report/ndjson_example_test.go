package report_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/report"
)

// The records of a bundle are written while the analysis reads them, then
// its findings and summary. Here the stream goes to a file, and a few
// fields of each event are shown.
func ExampleNDJSONWriter() {
	ctx := context.Background()
	const path = "../testdata/bundles/gateway-rejected-attempt.zip"
	out, err := os.CreateTemp("", "*.ndjson")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(out.Name())
	defer out.Close()

	b, err := dart.Open(ctx, path, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	n := report.NewNDJSONWriter(out, nil)
	opts := &findings.Options{}
	n.Attach(opts, b, path)
	rep, err := findings.Analyze(ctx, b, rules.All(), opts)
	if err != nil {
		log.Fatal(err)
	}
	if err := n.Finish(report.Bundle{Path: path, Report: rep}); err != nil {
		log.Fatal(err)
	}

	out.Seek(0, 0)
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var ev struct {
			Dataset string `json:"event.dataset"`
			Kind    string `json:"event.kind"`
			Process string `json:"process.name"`
			Rule    string `json:"rule.id"`
		}
		if err := json.Unmarshal(sc.Bytes(), &ev); err != nil {
			log.Fatal(err)
		}
		fmt.Println(ev.Kind, ev.Dataset, ev.Process+ev.Rule)
	}
	// Output:
	// event anyconnect.log acvpnagent
	// event anyconnect.log acvpnagent
	// event anyconnect.log acvpnagent
	// event anyconnect.log acvpnui
	// event anyconnect.log acvpndownloader
	// event anyconnect.log acvpnapi
	// event anyconnect.log acvpnui
	// event anyconnect.log Application Error
	// event anyconnect.log Microsoft-Windows-Security-SPP
	// event anyconnect.log MsiInstaller
	// event anyconnect.log MsiInstaller
	// alert anyconnect.finding gateway-rejected-attempt
	// event anyconnect.bundle
}
