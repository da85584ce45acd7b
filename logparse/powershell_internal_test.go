package logparse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

// psReused reads data as PowerShell output with memory reuse after n
// records, in blocks of the given size and in buffers lent in the given
// sizes, rendering each result as it is returned and checking that the
// last n records returned still read so (readKept). Each must read as
// without reuse, line by line (without listLines). A PowerShellReader
// looks ahead to the end of its block of input, so the records depend on
// where blocks end: those read without reuse are read in the same blocks,
// and the lent buffers' blocks are read with a window of reuse longer than
// the input, in which no memory is written again.
func psReused(t *testing.T, data []byte, limits Options, block, n int, sizes ...int) {
	t.Helper()
	on := switches{block: block, overwrite: true}
	off := on
	off.lineByLine = true
	on.set(t)
	// Messages put together in buffers of about a record, reused as soon
	// as the window lets them (see arenareuse.go).
	defer func(size int) { testArenaSize = size }(testArenaSize)
	testArenaSize = 64
	base := newConfig(&limits)
	want := readAllWith(t, off, data, FormatPowerShell, base)
	c := base
	c.reuse = n
	got, _, seen := readKept(t, data, FormatPowerShell, c)
	require.Equal(t, want, got, "in blocks of %d, reused after %d records", block, n)

	never := c
	never.reuse = 1 << 30
	off.run(func() { want, _, _ = readKeptFrom(t, newLender(t, data, false, sizes...), FormatPowerShell, never) })
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

// FuzzBlanks compares the blank searches that look at eight bytes at a
// time with a look at each byte.
func FuzzBlanks(f *testing.F) {
	for _, s := range []string{"", " ", "\t", "a", "               File: c:\\temp\\build", "word\tword word",
		"abcdefgh", "abcdefg ", " abcdefgh ", "\x89\xa0\x20\x09\x29\x00\x80\xff\x7f\x1f\x21\x08\x0a"} {
		f.Add(s)
	}
	isBlank := func(c byte) bool { return c == ' ' || c == '\t' }
	f.Fuzz(func(t *testing.T, s string) {
		first, last, indent := -1, -1, 0
		for i := range len(s) {
			if isBlank(s[i]) {
				last = i
				if first < 0 {
					first = i
				}
			}
		}
		for indent < len(s) && isBlank(s[indent]) {
			indent++
		}
		if got := firstBlank(s); got != first {
			t.Errorf("firstBlank(%q) = %d, want %d", s, got, first)
		}
		if got := lastBlank(s); got != last {
			t.Errorf("lastBlank(%q) = %d, want %d", s, got, last)
		}
		if got := indentOf(s); got != indent {
			t.Errorf("indentOf(%q) = %d, want %d", s, got, indent)
		}
	})
}

// FuzzPSKeyCache splits lines in turn as the same property of a record,
// and requires what psKey and psPropOf give.
func FuzzPSKeyCache(f *testing.F) {
	f.Add("TimeCreated  : 6/10/2020 8:21:32 PM", "TimeCreated  : 6/10/2020 8:21:33 PM", uint(4))
	f.Add("UserName           :", "UserName           : x", uint(10))
	f.Add("Id : 1", "Id :1", uint(2))
	f.Add("Message      : a", "Message      : ", uint(3))
	f.Add("Index              : 7", "Index              :  8", uint(0))
	f.Fuzz(func(t *testing.T, a, b string, nth uint) {
		var c psKeyCache
		for i, line := range []string{a, b, a, b} {
			p, val, col, ok := c.split(line, int(nth%20))
			name, wantVal, wantCol, wantOK := psKey(line)
			wantP := psOther
			if wantOK {
				wantP = psPropOf(name)
			} else {
				wantCol = 0
			}
			if p != wantP || val != wantVal || col != wantCol || ok != wantOK {
				t.Fatalf("lines %q, %q, %d: %d, %q, %d, %v; want %d, %q, %d, %v", a, b, i, p, val, col, ok, wantP, wantVal, wantCol, wantOK)
			}
		}
	})
}

// FuzzWidth compares width, which looks at many bytes at a time, with a
// count of the runes.
func FuzzWidth(f *testing.F) {
	for _, s := range []string{"", "abc", strings.Repeat("x", 31), strings.Repeat("x", 33) + "é", "Функция: CDNSRequest::OnSocketReadComplete", "\xff\xfe" + strings.Repeat("a", 40)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := width(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("width(%q) = %d, want %d", s, got, want)
		}
	})
}
