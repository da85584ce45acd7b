package logparse

// The event-log reader's fast path yields exactly what the plain path
// yields; FuzzBlocks enforces it.
//
// The plain path is EventLogReader.step, a line at a time. This file takes
// each event block at once (whole), the rest of a body at once (skimBody)
// and Event Viewer's XML at once (skipXML). It is kept because the plain
// path alone costs BenchmarkAnalyze markedly more CPU time on DART's
// export and on wevtutil's text, the layouts that bundles hold; the
// figures are in the commit that kept it. Each function gives up, and
// leaves the lines to step, wherever a line needs more than it does: a
// line too long, a body past the record limit, a block that runs into the
// next block of input. wholeBlocks turns all three off.

import "strings"

// wholeBlocks, when false, leaves every line to step: tests compare.
var wholeBlocks = true

// wholeState is what an EventLogReader keeps of the way through a block at
// once.
type wholeState struct {
	fields fieldCache

	// Where whole last gave up, in the block numbered slowSeq: step reads
	// the lines up to slowTo one by one before whole tries again. The same
	// for skimBody: a body longer than what is left of the block would
	// otherwise be scanned to the block's end after each of its lines.
	slowSeq, slowTo int
	skimSeq, skimTo int
}

// whole reads at once the event block that starts the rest of the current
// block of input, up to and with the separator or "Event Xml:" line that
// ends it, or up to the next "Event[N]:", and queues its record, as step
// would line by line; after "Event Xml:" it skips the XML (skipXML). It
// does so only when every line on the way needs nothing but what this
// loop does: none is too long, takes the body past the record limit or
// starts another event without a separator (a second Date); and the end
// is in the block. Otherwise it reports false, having changed nothing but
// the point up to which step goes on alone.
func (r *EventLogReader) whole() bool {
	lr := r.lr
	if lr.n == 0 || !wholeBlocks || lr.seq == r.slowSeq && lr.pos <= r.slowTo {
		return false // line 1 may start with a BOM; or whole gave up here
	}
	rest := lr.rest()
	var blk eventBlock
	state := elOutside
	from, to := -1, 0 // the span of the body in rest, from -1 when it has no text
	size := 0         // of the body, as bodyText counts it
	lines := 0
	for i := 0; ; {
		n := strings.IndexByte(rest[i:], '\n')
		if n < 0 || n > r.cfg.maxLine {
			return r.giveUp(i)
		}
		line := trimRight(rest[i : i+n])
		lines++
		// The block ends before the next event of wevtutil's text, or
		// with a separator or Event Viewer's "Event Xml:". Most lines
		// start with a byte none of them does.
		end, how := -1, endSeparator
		if lead := trimLeft(line); lead != "" {
			switch lead[0] {
			case '*':
				if isSeparator(line) {
					end = i + n + 1
				}
			case 'E', 'e':
				if state != elOutside && isEventStart(line) {
					end = i
				} else if state == elBody && isEventXML(line) {
					end, how = i+n+1, endXML
				}
			}
		}
		if end >= 0 {
			if state == elBody && size > r.cfg.maxRecord {
				return r.giveUp(i)
			}
			r.blk, r.state = blk, state
			r.body.reset()
			if from >= 0 {
				r.body.setSpan(lr.block, lr.seq, lr.pos+from, lr.pos+to, size)
			}
			if end == i {
				lr.skip(i, lines-1)
			} else {
				lr.skip(end, lines)
			}
			r.finish(how)
			if how == endXML {
				r.state = elSkip
				r.skipXML()
			}
			return true
		}
		switch {
		case state == elBody && line == "":
			if from >= 0 {
				size++
			}
		case state == elBody:
			if from < 0 {
				from, size = i, len(line)
			} else {
				size += 1 + len(line)
			}
			to = i + len(line)
		default:
			k, val, ok := r.fields.split(line, lines)
			if !ok {
				break
			}
			if state == elOutside {
				if k == keyUnknown {
					break
				}
				blk, state = eventBlock{line: lr.n + lines}, elFields
			} else if (k == keyDate || k == keyLogName) && blk.hasDate {
				return r.giveUp(i) // a new event without a separator
			}
			if k != keyDescription {
				r.setField(&blk, k, val)
				break
			}
			blk.hasDesc, state = true, elBody
			if val != "" {
				from, to, size = i+len(line)-len(val), i+len(line), len(val)
			}
		}
		i += n + 1
	}
}

// skipXML passes at once the lines that step would skip one by one after
// "Event Xml:": up to the next line that starts a block (a separator,
// "Event[N]:" or a Log Name field), before which the reader is then
// outside a block, since there that line means what it means after the
// XML. It stays in elSkip, and leaves the rest to step, at the end of the
// block of input or at a line too long. The XML runs over many lines, most
// of which start with a byte no start of block has: only those that do are
// looked at further.
func (r *EventLogReader) skipXML() {
	lr := r.lr
	if !wholeBlocks {
		return
	}
	rest := lr.rest()
	i, lines := 0, 0
	for ; ; lines++ {
		n := strings.IndexByte(rest[i:], '\n')
		if n < 0 || n > r.cfg.maxLine {
			break
		}
		if line := trimLeft(rest[i : i+n]); line != "" {
			if c := line[0] | 0x20; (c == '*' || c == 'e' || c == 'l') && startsBlock(trimRight(rest[i:i+n])) {
				r.state = elOutside
				break
			}
		}
		i += n + 1
	}
	lr.skip(i, lines)
}

// startsBlock reports whether line ends the skipped text after
// "Event Xml:": a separator, the start of wevtutil's next event or the
// Log Name field that starts Event Viewer's.
func startsBlock(line string) bool {
	if isSeparator(line) || isEventStart(line) {
		return true
	}
	key, _, ok := splitField(line)
	return ok && knownKey(key) == keyLogName
}

// giveUp notes that whole stopped at offset i of the rest of the block,
// so that it does not try again before step has read past it, and reports
// false.
func (r *EventLogReader) giveUp(i int) bool {
	r.slowSeq, r.slowTo = r.lr.seq, r.lr.pos+i
	return false
}

// skimBody takes at once the lines of the body that follow in the block,
// up to the separator that ends it, when they need nothing but adding:
// none of them is too long, ends the body ("Event Xml:") or passes the
// record limit. Otherwise, or when the separator is in a later block, the
// lines are read one by one, and skimBody does not look again before step
// has read past the line where it stopped.
func (r *EventLogReader) skimBody() {
	lr := r.lr
	if !wholeBlocks || lr.seq == r.skimSeq && lr.pos <= r.skimTo {
		return
	}
	rest := lr.rest()
	i, lines := 0, 0
scan:
	for ; i < len(rest); lines++ {
		n := strings.IndexByte(rest[i:], '\n')
		if n < 0 || n > r.cfg.maxLine || r.body.size+i+n > r.cfg.maxRecord {
			break
		}
		line := trimLeft(rest[i : i+n])
		if line != "" {
			switch line[0] {
			case '*':
				if isSeparator(trimRight(line)) {
					if r.body.extend(rest[:i], lr.pos, lines) {
						lr.skip(i, lines)
						return
					}
					break scan
				}
			case 'E', 'e':
				if isEventXML(line) || isEventStart(trimRight(line)) {
					break scan
				}
			}
		}
		i += n + 1
	}
	r.skimSeq, r.skimTo = lr.seq, lr.pos+i
}

// A fieldCache remembers, for each of the first lines of an event block,
// the text of the last field read there up to its value ("Date\t\t: ") and
// its key. The blocks of an export repeat them, and a line that starts with
// that text has that key, and its value after it, as splitField finds.
// It has room for wevtutil's events, whose Description is the 13th line,
// and for Event Viewer's copy, with ten fields.
type fieldCache [16]struct {
	n      int // of prefix; 0 when none is kept
	prefix [48]byte
	key    int
}

// split splits line, the nth of its block, as splitField does, and
// returns its key as knownKey does.
func (c *fieldCache) split(line string, nth int) (key int, val string, ok bool) {
	if nth < len(c) {
		e := &c[nth]
		if e.n > 0 && len(line) >= e.n && line[:e.n] == string(e.prefix[:e.n]) {
			return e.key, trimLeft(line[e.n:]), true
		}
	}
	name, val, ok := splitField(line)
	if !ok {
		return keyUnknown, "", false
	}
	key = knownKey(name)
	if nth < len(c) {
		e := &c[nth]
		e.n, e.key = 0, key
		if p := len(line) - len(val); p <= len(e.prefix) {
			e.n = copy(e.prefix[:], line[:p])
		}
	}
	return key, val, true
}

// setSpan makes the body block[from:to], of the given size as add counts
// it, read from the block numbered seq.
func (b *bodyText) setSpan(block string, seq, from, to, size int) {
	b.started, b.size = true, size
	b.block, b.seq, b.from, b.to, b.blanks = block, seq, from, to, 0
}

// extend adds to a span the lines of text, which follows the line last
// added in the same block, at offset off; it reports false, and adds
// nothing, when the body is not a span.
func (b *bodyText) extend(text string, off, lines int) bool {
	if b.block == "" || !b.started {
		return false
	}
	b.size += len(text)
	if t := trimRight(text); t != "" {
		b.to, b.blanks = off+len(t), 0
	} else {
		b.blanks += lines
	}
	return true
}
