package report

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text from a bundle (file names, log messages, host names) is data from
// outside: printed as it is, an escape sequence could recolour or clear the
// terminal and a line break could forge a line of the report. The text and
// Markdown outputs therefore print it through OneLine, field by field, and
// write through a safeWriter as a last resort. JSON escapes control
// characters itself.

// OneLine returns s on one line and printable: line breaks and tabs become
// spaces, and every other rune that is not printable (control characters
// such as ESC, bidirectional overrides, invalid UTF-8) becomes U+FFFD.
func OneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r == ' ' || unicode.IsPrint(r) && r != utf8.RuneError:
			return r
		}
		return unicode.ReplacementChar
	}, s)
}

// A safeWriter writes what it is given with every rune that is not
// printable, except line breaks and tabs, replaced by U+FFFD.
type safeWriter struct{ w io.Writer }

func (s safeWriter) Write(p []byte) (int, error) {
	clean := true
	for _, c := range p {
		if c < ' ' && c != '\n' && c != '\t' || c >= 0x7F {
			clean = false
			break
		}
	}
	if !clean {
		out := strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' || r == ' ' || unicode.IsPrint(r) && r != utf8.RuneError {
				return r
			}
			return unicode.ReplacementChar
		}, string(p))
		if _, err := io.WriteString(s.w, out); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	if _, err := s.w.Write(p); err != nil {
		return 0, err
	}
	return len(p), nil
}
