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

// psReused reads data as PowerShell output with memory reuse after n
// records, in blocks of the given size and in buffers lent in the given
// sizes, rendering each result as it is returned and checking that the
// last n records returned still read so (readKept). Each must read as
// without reuse. A PowerShellReader looks ahead to the end of its block
// of input, so the records depend on where blocks end: those read without
// reuse are read in the same blocks, and the lent buffers' blocks are
// read with a window of reuse longer than the input, in which no memory
// is written again.
func psReused(t *testing.T, data []byte, limits Options, block, n int, sizes ...int) {
	t.Helper()
	switches{block: block, overwrite: true}.set(t)
	base := newConfig(&limits)
	want := readAll(t, data, FormatPowerShell, base)
	c := base
	c.reuse = n
	got, _, seen := readKept(t, data, FormatPowerShell, c)
	require.Equal(t, want, got, "in blocks of %d, reused after %d records", block, n)

	never := c
	never.reuse = 1 << 30
	want, _, _ = readKeptFrom(t, newLender(t, data, false, sizes...), FormatPowerShell, never)
	lent := newLender(t, data, len(data)%2 == 0, sizes...)
	got, _, lentSeen := readKeptFrom(t, lent, FormatPowerShell, c)
	require.Equal(t, want, got, "in buffers lent in sizes %v, reused after %d records", sizes, n)
	// Reuse is seen between results only (readKept): in blocks of 64
	// bytes, lines longer than a block are assembled apart from any
	// block, and those made between results go unseen.
	if block >= 128 && len(data) > 4*block && bytes.Count(data, []byte("\n")) > 4*n+8 {
		require.True(t, seen.reused, "no memory was reused")
		require.True(t, lentSeen.lent, "no block was made of a lent buffer")
		require.NotZero(t, lent.back, "no lent buffer was given back")
	}
}

// TestPowerShellReuse reads the PowerShell samples reusing memory, as the
// analysis sets readers up to (see psReused).
func TestPowerShellReuse(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("testdata", "powershell*.input"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		data = bytes.Repeat(data, 16)
		for _, limits := range []Options{{}, {MaxLineLength: 60, MaxRecordSize: 150}} {
			limits.File, limits.Reference = "f", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
			for _, block := range []int{128, 1000} {
				for _, n := range []int{1, 2, 7} {
					t.Run(fmt.Sprintf("%s/line=%d/block=%d/n=%d", filepath.Base(p), limits.MaxLineLength, block, n), func(t *testing.T) {
						psReused(t, data, limits, block, n, block/3, 4*block, block)
					})
				}
			}
		}
	}
}

// FuzzPowerShellReuse is TestPowerShellReuse on any input.
func FuzzPowerShellReuse(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "powershell*.input"))
	if err != nil || len(paths) == 0 {
		f.Fatalf("no seeds in testdata: %v", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("\n   ProviderName: a\n\nTimeCreated                     Id LevelDisplayName Message\n-----------                     -- ---------------- -------\n6/17/2020 8:21:57 PM          2048 Warning          x...\n"))
	f.Add([]byte("TimeCreated  : 6/17/2020 8:21:57 PM\nId           : 1\nMessage      : a \n               b\n\n               c\nId           : 2\n"))
	f.Add([]byte("TimeCreated  : 6/17/2020 8:21:57 PM\r\nMessage      : " + strings.Repeat("word ", 14) + "\r\n               next\r\nProviderName : s\r\n\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		limits := Options{File: "f", Reference: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), MaxLineLength: 62, MaxRecordSize: 300}
		psReused(t, data, limits, 64, 2, 64, 1, 100, 7)
	})
}
