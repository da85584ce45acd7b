package logparse_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/logparse"
)

// genExport writes benchRecords events as an Event Viewer CSV export or as
// Get-WinEvent | Format-List output at 120 columns.
func genExport(format logparse.Format) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	types := []string{"Information", "Warning", "Error"}
	if format == logparse.FormatEventCSV {
		b.WriteString("Level,Date and Time,Source,Event ID,Task Category\r\n")
	}
	for range benchRecords {
		m := strings.TrimRight(windowsBody(fmt.Sprintf(benchMessages[rng.IntN(len(benchMessages))], rng.IntN(250))), "\r\n")
		src := benchSources[rng.IntN(len(benchSources))]
		mo, d, h, mi, s := rng.IntN(12), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60)
		ampm := "AM"
		if h >= 12 {
			ampm = "PM"
		}
		when := fmt.Sprintf("%d/%d/2020 %d:%02d:%02d %s", mo+1, d, (h+11)%12+1, mi, s, ampm)
		switch format {
		case logparse.FormatEventCSV:
			fmt.Fprintf(&b, "%s,%s,%s,2048,None,\"%s\"\r\n", types[rng.IntN(3)], when, src, strings.ReplaceAll(m, `"`, `""`))
		case logparse.FormatPowerShell:
			var props [][2]string
			props = append(props, [2]string{"TimeCreated", when}, [2]string{"ProviderName", src}, [2]string{"Id", "2048"},
				[2]string{"Message", strings.ReplaceAll(m, "\r\n", "\n")})
			b.WriteString(strings.ReplaceAll(psList(props, 120), "\n", "\r\n") + "\r\n")
		}
	}
	return b.Bytes()
}

func benchExport(b *testing.B, format logparse.Format) {
	data := genExport(format)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	opts := &logparse.Options{Reference: reference}
	for b.Loop() {
		rr, _ := logparse.NewReader(bytes.NewReader(data), format, opts)
		n := 0
		for {
			_, err := rr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != benchRecords {
			b.Fatalf("read %d records, want %d", n, benchRecords)
		}
	}
}

func BenchmarkEventCSVReader(b *testing.B)   { benchExport(b, logparse.FormatEventCSV) }
func BenchmarkPowerShellReader(b *testing.B) { benchExport(b, logparse.FormatPowerShell) }

// TestExportAllocsPerRecord holds the Event Viewer and PowerShell readers
// to the budget of the others: records are cut from shared blocks, and
// messages put together from several lines are copied into shared
// buffers, not allocated one by one.
func TestExportAllocsPerRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, f := range []logparse.Format{logparse.FormatEventCSV, logparse.FormatPowerShell} {
		data := genExport(f)
		var n int
		allocs := testing.AllocsPerRun(3, func() {
			rr, _ := logparse.NewReader(bytes.NewReader(data), f, &logparse.Options{Reference: reference})
			n = 0
			for _, err := range rr.All() {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
		})
		if n != benchRecords {
			t.Fatalf("%v: %d records, want %d", f, n, benchRecords)
		}
		if per := allocs / float64(n); per > 0.05 {
			t.Errorf("%v: %.3f allocations per record, want at most 0.05", f, per)
		}
	}
}
