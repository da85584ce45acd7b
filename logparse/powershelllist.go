package logparse

// The PowerShell reader's fast path yields exactly what the plain path
// yields; FuzzPowerShellReader and FuzzPowerShellReuse enforce it.
//
// The plain path is PowerShellReader.step, a line at a time, each line
// got from the lineReader. listLines takes the lines of a list that
// follow in the current block of input itself, in one loop, and does with
// each what step would: a blank line, a line that names a property, a
// line that continues a value, indented with spaces to its column. It
// stops, leaving the line to step, at any other line, a line too long or
// the end of the block, and once a record is queued. It is kept because
// the lineReader and step cost Get-WinEvent's and Get-EventLog's lists,
// ten lines and more a record, markedly more CPU time; the figures are in
// the commit that kept it. wholeLists turns it off.

import "strings"

// wholeLists, when false, leaves every line to step: tests compare.
var wholeLists = true

// psIndent is the indent of a list's values, up to the widest column that
// listLines takes.
const psIndent = "                                        "

// listLines reads the lines of a list that follow in the current block of
// input, as described above, and reports whether it read any.
func (r *PowerShellReader) listLines() bool {
	lr := r.lr
	if !wholeLists || lr.n == 0 || r.cols != nil || r.held {
		return false // line 1 may start with a BOM; tables are step's
	}
	read := false
	for !r.q.full && r.q.head == len(r.q.items) {
		rest := lr.block[lr.pos:]
		n := strings.IndexByte(rest, '\n')
		if n < 0 || n > lr.max {
			break
		}
		// As lr.next and raw would make them.
		raw := rest[:n]
		if n > 0 && raw[n-1] == '\r' {
			raw = raw[:n-1]
		}
		line := trimRight(raw)
		// What step would do with the line, told before anything is
		// changed: a line this loop does not read is left as it is.
		c := r.valueCol
		more := line != "" && r.line > 0 && r.prop >= 0 && c > 0 && c <= len(line) &&
			c <= len(psIndent) && line[:c] == psIndent[:c]
		var p, col int
		var val string
		if line != "" && !more {
			if line[0] == ' ' || line[0] == '\t' {
				break // perhaps a group's heading
			}
			var ok bool
			if p, val, col, ok = r.keys.split(line, r.nprops); !ok {
				break
			}
		}
		lr.at, lr.pos, lr.n, lr.atLen = lr.pos, lr.pos+n+1, lr.n+1, len(line)
		read = true
		w := len(raw)
		if w >= r.widest-1 || w > len(line) {
			w = width(raw)
			r.widest = max(r.widest, w)
		}
		switch {
		case line == "":
			if r.inMsg {
				r.blanks++
			}
		case more:
			r.continueValue(line[c:], raw, w)
		default:
			r.property(p, val, col, raw, w, lr.n)
		}
	}
	return read
}
