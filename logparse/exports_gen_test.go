package logparse_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"

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
