package findings_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
)

// zipOf returns a zip of the files, name then content.
func zipOf(files ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			log.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

func analyzeBytes(z []byte, name string) *findings.Report {
	ctx := context.Background()
	b, err := dart.NewReader(ctx, bytes.NewReader(z), int64(len(z)), name, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, nil, nil)
	if err != nil {
		log.Fatal(err)
	}
	return rep
}

// What became of each file, and the share of the bundle understood.
func ExampleFileReport() {
	rep := analyzeBytes(zipOf(
		"console.txt", "5/20/14 11:33:56.909 PM acvpnagent[69]: Connected\n5/20/14 11:33:57.001 PM acvpnagent[69]: Ready\n",
		"hosts", "127.0.0.1 localhost\n",
		"ticket.txt", "The user says vpnagentd crashed.\n",
		"todo.txt", "Call back on Monday.\n",
	), "case.zip")
	for _, f := range rep.Files {
		detail := f.Reason
		if f.State == findings.StateRead {
			detail = f.Format.String()
		}
		fmt.Println(strings.TrimSpace(fmt.Sprintf("%s: %s %s", f.Name, f.State, detail)))
	}
	fmt.Printf("%d of %d files understood\n", rep.Coverage.Understood, rep.Coverage.Expected)
	// Output:
	// console.txt: read syslog
	// hosts: facts
	// ticket.txt: not-understood mentions vpnagentd but no log format was recognised
	// todo.txt: not-understood no format recognised, and no AnyConnect or Secure Client name in its head
	// 2 of 3 files understood
}

// An input with no client content is no DART bundle, whatever else it
// holds.
func ExampleReport_Err() {
	rep := analyzeBytes(zipOf("os-release", "NAME=\"Ubuntu\"\nPRETTY_NAME=\"Ubuntu 22.04.3 LTS\"\n", "hosts", "127.0.0.1 localhost\n"), "etc.zip")
	err := rep.Err()
	fmt.Println(rep.NotBundle, errors.Is(err, findings.ErrNotBundle), errors.Is(err, dart.ErrNotBundle))
	fmt.Println(err)
	// Output:
	// true true true
	// etc.zip: not a DART bundle: no file names acvpnagent, vpnagentd, vpnui, vpndownloader, a csc_ process, Cisco AnyConnect or Cisco Secure Client, no log record comes from the VPN client, and there is no client profile or version
}
