package dnscapture_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/dnscapture"
	"github.com/dartkit/dartkit/internal/golden"
)

const capturesDir = "../testdata/captures"

// render reads the capture in data and renders every transaction, the
// final error and the stats.
func render(data []byte, opts *dnscapture.Options) []byte {
	return renderFrom(bytes.NewReader(data), opts)
}

func renderFrom(in io.Reader, opts *dnscapture.Options) []byte {
	var b bytes.Buffer
	r, err := dnscapture.NewReader(in, opts)
	if err != nil {
		fmt.Fprintf(&b, "NewReader error: %v\n", err)
		return b.Bytes()
	}
	var txs []dnscapture.Transaction
	for {
		tx, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintf(&b, "error: %v\n", err)
			for _, s := range []error{dnscapture.ErrNotCapture, dnscapture.ErrTruncated, dnscapture.ErrTooLarge, dnscapture.ErrMalformed} {
				if errors.Is(err, s) {
					fmt.Fprintf(&b, "  is %v\n", s)
				}
			}
			break
		}
		txs = append(txs, tx)
		fmt.Fprintf(&b, "%s\n", tx)
		rcode := "-"
		if tx.Answered() {
			rcode = tx.RCode.Mnemonic()
		}
		fmt.Fprintf(&b, "  %s %s %s -> %s, %s\n", tx.Transport, tx.QueryTime.Format("2006-01-02T15:04:05.000000000Z"), tx.Client, tx.Server, rcode)
	}
	st := r.Stats()
	fmt.Fprintf(&b, "stats: %d packets, %d DNS, %d non-DNS, %d undecodable, %d unmatched\n", st.Packets, st.DNS, st.NonDNS, st.Undecodable, st.Unmatched)
	seen := map[string]bool{}
	for _, tx := range txs {
		n := strings.ToLower(tx.Name)
		if seen[n] {
			continue
		}
		seen[n] = true
		fmt.Fprintf(&b, "summary %s: %s\n", tx.Name, dnscapture.Summarize(txs, tx.Name))
	}
	return b.Bytes()
}

func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(capturesDir, "*.pcap*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no captures")
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", name+".golden"), render(data, nil))
		})
	}
}
