package logparse_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/dartkit/dartkit/logparse"
)

// eventBodies makes n event-log blocks whose bodies vary in everything a
// body may hold (line endings, trailing blanks, blank lines before, inside
// and after the text, asterisks and "l:" in the text, a header or none, one
// line or several), and the Header and Message each should read as.
func eventBodies(n int) (string, []logparse.Header, []string) {
	rng := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	var heads []logparse.Header
	var msgs []string
	for i := range n {
		eol := "\r\n"
		if rng.IntN(3) == 0 {
			eol = "\n"
		}
		blank := func() string { return []string{"", " ", "\t", "  \t "}[rng.IntN(4)] }
		var lines []string // the body's lines as written, before the separator
		var text []string  // the message lines as they should read
		h := logparse.Header{}
		if rng.IntN(4) != 0 {
			h = logparse.Header{Function: fmt.Sprintf("C%d::f", i), File: `c:\x\y.cpp`, Line: i + 1}
			lines = append(lines, "Function: "+h.Function+blank(), "File: "+h.File+blank(), fmt.Sprintf("Line: %d%s", h.Line, blank()))
			if rng.IntN(2) == 0 {
				h.InvokedFunction, h.ReturnCode, h.HasReturnCode, h.Description = "g", -5, true, "CX_ERROR_Y"
				lines = append(lines, "Invoked Function: g"+blank(), "Return Code: -5 (0xFFFFFFFB)"+blank(), "Description: CX_ERROR_Y"+blank())
			}
		}
		for j := range 1 + rng.IntN(3) {
			t := fmt.Sprintf("message %d.%d.%s", i, j, strings.Repeat("x", rng.IntN(120)))
			if rng.IntN(5) == 0 {
				t += " password *** Level: 3"
			}
			if j > 0 && rng.IntN(4) == 0 {
				lines = append(lines, blank()) // a blank line inside the text
				text = append(text, "")
			}
			lines = append(lines, t+blank())
			text = append(text, t)
		}
		for range rng.IntN(3) {
			lines = append(lines, blank())
		}
		fmt.Fprintf(&b, "******************************************%s%sDate\t\t: 06/17/2020%sTime\t\t: 20:%02d:%02d%sType\t\t: Warning%sSource\t\t: acvpnagent%s%s",
			eol, eol, eol, i/60%60, i%60, eol, eol, eol, eol)
		desc := "Description\t: "
		if rng.IntN(5) == 0 {
			b.WriteString(desc + eol) // the text starts on the next line
			desc = ""
			if rng.IntN(2) == 0 {
				b.WriteString(blank() + eol)
			}
		}
		for k, l := range lines {
			if k == 0 {
				l = desc + l
			}
			b.WriteString(l + eol)
		}
		heads = append(heads, h)
		msgs = append(msgs, strings.Join(text, "\n"))
	}
	b.WriteString("******************************************\r\n")
	return b.String(), heads, msgs
}

// TestEventLogBlocks reads the same bodies in one block and in blocks of
// 4 KiB (a small line limit makes the reader's buffer small), so that
// bodies are cut by block ends at every offset: each must read the same.
func TestEventLogBlocks(t *testing.T) {
	in, heads, msgs := eventBodies(400)
	for _, maxLine := range []int{0, 400} {
		t.Run(fmt.Sprint("MaxLineLength=", maxLine), func(t *testing.T) {
			rd := logparse.NewEventLogReader(strings.NewReader(in), &logparse.Options{MaxLineLength: maxLine})
			i := 0
			for rec, err := range rd.All() {
				require.NoError(t, err)
				require.Less(t, i, len(msgs))
				assert.Equal(t, heads[i], rec.Header, "record %d (line %d)", i, rec.Pos.Line)
				assert.Equal(t, msgs[i], rec.Message, "record %d (line %d)", i, rec.Pos.Line)
				i++
			}
			assert.Equal(t, len(msgs), i)
		})
	}
}
