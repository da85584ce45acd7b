package logparse_test

import (
	"testing"

	"github.com/dartkit/dartkit/logparse"
)

func FuzzEventCSVReader(f *testing.F)   { fuzzReader(f, logparse.FormatEventCSV) }
func FuzzPowerShellReader(f *testing.F) { fuzzReader(f, logparse.FormatPowerShell) }
