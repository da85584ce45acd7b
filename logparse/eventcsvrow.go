package logparse

// The CSV reader's fast path yields exactly what the plain path yields;
// FuzzEventCSVReader enforces it.
//
// The plain path is EventCSVReader.step, a line at a time: each line of a
// quoted description goes through step, the lineReader and scan. row takes
// the common row at once from the current block of input: unquoted fields,
// then a description that is either unquoted or quoted with its closing
// quote at the end of a line and no other quote inside. It counts the
// lines, the size and the row starts as step does, and gives up, leaving
// the row to step, wherever a line needs more: a line too long, a row past
// the record limit, a field quoted before the description, a quote
// doubled or alone, a line that starts a new row, a row that runs past the
// block. wholeRows turns it off.

import "strings"

// wholeRows, when false, leaves every line to step: tests compare.
var wholeRows = true

// row reads at once the row that starts the rest of the current block of
// input, when it is a common one (see above), and queues its record as
// step would. Otherwise it reports false, having changed nothing that
// step reads.
func (r *EventCSVReader) row() bool {
	lr := r.lr
	if !wholeRows || lr.n == 0 || r.rows == 0 || r.comma == 0 || !r.descLast || r.cols.desc >= csvMaxCols {
		return false // line 1 may start with a BOM; the first row may be the header
	}
	rest := lr.rest()
	n := strings.IndexByte(rest, '\n')
	if n <= 0 || n > r.cfg.maxLine {
		return false // a blank line too is step's
	}
	line := trimRight(rest[:n])
	if line == "" {
		return false
	}
	// Between rows r.vals holds nothing: the fields go there at once,
	// whether row then takes the row or gives up.
	vals := &r.vals
	desc, comma, size := r.cols.desc, r.comma, 0
	i := 0
	for f := 0; f < desc; f++ {
		if i < len(line) && line[i] == '"' {
			return false
		}
		// The fields are short: a loop finds their end sooner than
		// IndexByte.
		j := i
		for j < len(line) && line[j] != comma {
			j++
		}
		if j == len(line) {
			return false // fewer fields than the description's place
		}
		vals[f] = line[i:j]
		size += j - i
		i = j + 1
	}
	spans := uint64(0)
	lines := 1
	end := n + 1 // where the rest of the block after the row starts
	if i == len(line) || line[i] != '"' {
		vals[desc] = line[i:]
		size += len(line) - i
	} else {
		from := i + 1 // where the description starts in rest
		if k := strings.IndexByte(line[from:], '"'); k >= 0 {
			if from+k+1 != len(line) {
				return false
			}
			vals[desc] = line[from : from+k]
			size += k
		} else {
			size += len(line) - from
			// The first quote after the first line is the closing one,
			// or the row is step's: the lines before it are only
			// counted and looked at for a row start.
			q := strings.IndexByte(rest[end:], '"')
			if q < 0 {
				return false
			}
			q += end
			for at := end; ; {
				n := strings.IndexByte(rest[at:], '\n')
				if n < 0 || n > r.cfg.maxLine {
					return false
				}
				line := trimRight(rest[at : at+n])
				lines++
				// csvRowStart looks no further than this for the
				// delimiter that ends the level word.
				if j := strings.IndexByte(line[:min(len(line), 35)], comma); j >= 0 && csvRowStart(line, comma) {
					return false
				}
				if q >= at+n {
					size += len(line) + 1
					at += n + 1
					continue
				}
				k := q - at
				if k+1 != len(line) {
					return false
				}
				size += k + 1
				vals[desc] = rest[from:q]
				spans = 1 << desc
				end = at + n + 1
				break
			}
		}
	}
	if size > r.cfg.maxRecord {
		return false
	}
	r.line = lr.n + 1
	lr.skip(end, lines)
	r.nf, r.size, r.tooLarge, r.spans = desc+1, size, false, spans
	r.finish(nil)
	return true
}
