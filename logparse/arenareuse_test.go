package logparse

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestArenaReuse reads logs whose records are put together in an arena,
// in buffers of about a record, reusing memory after a few records: each
// record must read as without reuse while the window lasts, with the
// buffers written over before they are reused (readKept, which tells a
// buffer reused two records too soon), and buffers must have been reused.
func TestArenaReuse(t *testing.T) {
	// A buffer for about a record: one reused a record too soon shows.
	defer func(size int) { testArenaSize = size }(testArenaSize)
	testArenaSize = 256
	var ps, csv strings.Builder
	csv.WriteString("Level,Date and Time,Source,Event ID,Task Category,Description\n")
	for i := range 3000 {
		fmt.Fprintf(&ps, "TimeCreated  : 6/10/2020 8:%02d:%02d PM\r\nProviderName : acvpnagent\r\nId           : 2048\r\n"+
			"Message      : Function: CHostLocator::resolve\r\n               File: c:\\temp\\build\\thehoff\\negasonic_mr30.297045120452\\negasonic\r\n"+
			"               _mr3\\vpn\\AgentUtilities\\HostLocator.cpp\r\n               Line: %d\r\n               retrying the probe of \r\n"+
			"               10.22.164.%d in 24 s\r\n\r\n", i/60%60, i%60, i, i%256)
		fmt.Fprintf(&csv, "Warning,6/10/2020 8:%02d:%02d PM,acvpnagent,2048,None,\"Function: f\nFile: a.cpp\nLine: %d\n\"\"%s\"\"\"\n",
			i/60%60, i%60, i, strings.Repeat("x", i%90))
	}
	// The CSV reader puts a description together in the arena where it
	// undoes doubled quotes.
	for _, c := range []struct {
		format Format
		data   string
	}{{FormatPowerShell, ps.String()}, {FormatEventCSV, csv.String()}} {
		for _, n := range []int{1, 2, 7} {
			t.Run(fmt.Sprintf("%v/n=%d", c.format, n), func(t *testing.T) {
				on := switches{overwrite: true}
				off := on
				off.lineByLine = true
				cfg := newConfig(&Options{File: "f", Reference: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
				want := readAllWith(t, off, []byte(c.data), c.format, cfg)
				cfg.reuse = n
				var got string
				var rr RecordReader
				on.run(func() { got, rr, _ = readKept(t, []byte(c.data), c.format, cfg) })
				require.Equal(t, want, got)
				var again int
				switch r := rr.(type) {
				case *PowerShellReader:
					again = r.text.again
				case *EventCSVReader:
					again = r.text.again
				}
				require.NotZero(t, again, "no buffer of the arena was reused")
			})
		}
	}
}
