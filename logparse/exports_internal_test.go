package logparse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestReuseIgnored reads the PowerShell samples set up to reuse memory,
// in small blocks that are written over when given up: every record,
// kept to the end without a clone, must read as without reuse, since this
// reader's records never share the memory it writes again.
func TestReuseIgnored(t *testing.T) {
	for _, prefix := range []string{"powershell"} {
		paths, err := filepath.Glob(filepath.Join("testdata", prefix+"*.input"))
		require.NoError(t, err)
		require.NotEmpty(t, paths)
		format := FormatEventCSV
		if prefix == "powershell" {
			format = FormatPowerShell
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			data = bytes.Repeat(data, 8)
			base := newConfig(&Options{File: "f", Reference: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
			want := readAll(t, data, format, base)
			c := base
			c.reuse = 1
			type result struct {
				rec Record
				err error
			}
			var kept []result
			switches{block: 128, overwrite: true}.run(func() {
				rr, err := newReader(bytes.NewReader(data), format, c)
				require.NoError(t, err)
				for rec, err := range rr.All() {
					kept = append(kept, result{rec, err})
				}
			})
			var b strings.Builder
			for _, k := range kept {
				fmt.Fprintf(&b, "%+v | %v\n", k.rec, k.err)
			}
			require.Equal(t, want, b.String(), p)
			require.Greater(t, len(kept), 8, p)
		}
	}
}
