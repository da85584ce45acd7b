package dart

import (
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// Encoding names reported in [File.Encoding] and by [DecodeText].
const (
	EncodingUTF8        = "utf-8"        // with or without a byte-order mark
	EncodingUTF16LE     = "utf-16le"     // with or without a byte-order mark
	EncodingUTF16BE     = "utf-16be"     // with or without a byte-order mark
	EncodingWindows1252 = "windows-1252" // bytes that are not valid UTF-8
)

// DetectEncoding returns the text encoding of a file whose first bytes are
// head, or "" if head looks binary. The rules, in order:
//
//   - a UTF-8 byte-order mark: "utf-8"
//   - a UTF-16 byte-order mark: "utf-16le" or "utf-16be"
//   - NUL bytes mostly at odd (or even) positions, as ASCII text in
//     BOM-less UTF-16LE (or BE) has: "utf-16le" (or "utf-16be")
//   - other NUL bytes, or many control bytes: "" (binary)
//   - valid UTF-8 (a rune cut at the end of head is fine): "utf-8"
//   - anything else: "windows-1252"
//
// An empty head is "utf-8".
func DetectEncoding(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		return EncodingUTF8
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}):
		return EncodingUTF16LE
	case bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		return EncodingUTF16BE
	}
	var nul, nulEven, nulOdd, ctrl int
	for i, c := range head {
		switch {
		case c == 0:
			nul++
			if i%2 == 0 {
				nulEven++
			} else {
				nulOdd++
			}
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != 0x1B:
			ctrl++
		}
	}
	if nul > 0 {
		// ASCII-range text in UTF-16 has a NUL in nearly every unit, all on
		// the same side. Ask for a quarter of the units, nearly all on one
		// side, so that binary data with scattered NULs stays binary.
		units := len(head) / 2
		switch {
		case units > 0 && nulOdd*4 >= units && nulEven*20 <= nulOdd:
			return EncodingUTF16LE
		case units > 0 && nulEven*4 >= units && nulOdd*20 <= nulEven:
			return EncodingUTF16BE
		}
		return ""
	}
	if ctrl*10 > len(head) {
		return ""
	}
	if validUTF8Prefix(head) {
		return EncodingUTF8
	}
	return EncodingWindows1252
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing the last rune
// to be cut short (b is the head of a longer file).
func validUTF8Prefix(b []byte) bool {
	if utf8.Valid(b) {
		return true
	}
	// Drop up to 3 trailing bytes of an incomplete rune.
	for i := 1; i <= 3 && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			r := b[len(b)-i:]
			return !utf8.FullRune(r) && utf8.Valid(b[:len(b)-i])
		}
	}
	return false
}

// DecodeText detects the encoding of the text read from r, given head, the
// first bytes r will yield (the caller peeks them, for example with
// [bufio.Reader.Peek]; head is not consumed), and returns a reader of the
// text as UTF-8 with any byte-order mark removed, and the encoding's name
// (see [DetectEncoding]). Invalid input becomes U+FFFD; line endings are
// kept as they are. For binary input it returns r itself and "".
func DecodeText(r io.Reader, head []byte) (io.Reader, string) {
	enc := DetectEncoding(head)
	return decodeAs(r, enc), enc
}

// decodeAs wraps r to decode it from the named encoding.
func decodeAs(r io.Reader, name string) io.Reader {
	switch name {
	case EncodingUTF8:
		return newUTF8Reader(r) // as unicode.UTF8BOM, without copying
	case EncodingUTF16LE, EncodingUTF16BE:
		return newUTF16Reader(r, name == EncodingUTF16BE)
	case EncodingWindows1252:
		return transform.NewReader(r, charmap.Windows1252.NewDecoder())
	}
	return r
}

// decodeChecked is decodeAs for the text of file, and returns also a
// function that returns the faults of the encoding met in what was read
// of it so far, as an *EncodingError, or nil.
func decodeChecked(r io.Reader, name, file string) (io.Reader, func() error) {
	switch name {
	case EncodingUTF8:
		u := newUTF8Reader(r)
		return u, func() error { return u.err(file) }
	case EncodingUTF16LE, EncodingUTF16BE:
		d := newUTF16Reader(r, name == EncodingUTF16BE)
		return d, func() error { return d.err(file, name) }
	}
	return decodeAs(r, name), func() error { return nil }
}

// decodeHead decodes a file's head for classification, the same way the
// whole file is decoded.
func decodeHead(head []byte, name string) []byte {
	if name == "" {
		return head
	}
	if name == EncodingUTF8 && utf8.Valid(head) {
		// What the decoder would give, without its copy: most heads
		// are valid UTF-8, and a bundle may have a hundred thousand.
		return bytes.TrimPrefix(head, []byte("\uFEFF"))
	}
	out, err := io.ReadAll(decodeAs(bytes.NewReader(head), name))
	if err != nil {
		return head
	}
	return out
}
