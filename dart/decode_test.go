package dart

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

func utf16BE(s string, bom bool) []byte {
	b := utf16LE(s, false)
	for i := 0; i+1 < len(b); i += 2 {
		b[i], b[i+1] = b[i+1], b[i]
	}
	if bom {
		b = append([]byte{0xFE, 0xFF}, b...)
	}
	return b
}

func TestDecodeText(t *testing.T) {
	const text = "Date\t\t: 03/15/2021\r\nSource\t: acvpnagent\r\n"
	tests := []struct {
		name    string
		in      []byte
		wantEnc string
		want    string // "" means: check only that it is valid UTF-8
	}{
		{"utf-8", []byte(text), EncodingUTF8, text},
		{"utf-8 bom", append([]byte{0xEF, 0xBB, 0xBF}, text...), EncodingUTF8, text},
		{"utf-8 non-ascii", []byte("café ü\n"), EncodingUTF8, "café ü\n"},
		{"utf-16le bom", utf16LE(text, true), EncodingUTF16LE, text},
		{"utf-16be bom", utf16BE(text, true), EncodingUTF16BE, text},
		{"utf-16le no bom", utf16LE(text, false), EncodingUTF16LE, text},
		{"utf-16be no bom", utf16BE(text, false), EncodingUTF16BE, text},
		{"utf-16le odd length", append(utf16LE(text, true), 'x'), EncodingUTF16LE, text + "\uFFFD"},
		{"utf-16le lone surrogate", append(utf16LE("ab", true), 0x00, 0xD8, 'c', 0), EncodingUTF16LE, "ab\uFFFDc"},
		{"utf-16be lone low surrogate", append(utf16BE("ab", true), 0xDC, 0x00), EncodingUTF16BE, "ab\uFFFD"},
		{"windows-1252", []byte("caf\xe9 \x93quoted\x94 \x80\r\n"), EncodingWindows1252, "café “quoted” €\r\n"},
		{"binary", []byte("\x00\x01\x02\x03\xff\xfe\x00\x10abc\x00\x00\x00\x07"), "", "\x00\x01\x02\x03\xff\xfe\x00\x10abc\x00\x00\x00\x07"},
		{"control bytes", []byte("\x01\x02\x03\x04\x05\x06abc"), "", "\x01\x02\x03\x04\x05\x06abc"},
		{"empty", nil, EncodingUTF8, ""},
		{"crlf kept", []byte("a\r\nb\r\n"), EncodingUTF8, "a\r\nb\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			head := tt.in
			if len(head) > headSize {
				head = head[:headSize]
			}
			r, enc := DecodeText(bytes.NewReader(tt.in), head)
			if enc != tt.wantEnc {
				t.Errorf("encoding = %q, want %q", enc, tt.wantEnc)
			}
			got, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			// One byte at a time gives the same text.
			r, _ = DecodeText(iotest.OneByteReader(bytes.NewReader(tt.in)), head)
			got2, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, got2) {
				t.Errorf("one byte at a time: %q, %v", got2, err)
			}
		})
	}
}

// A head that cuts a UTF-8 rune in two is still UTF-8.
func TestDetectEncodingCutRune(t *testing.T) {
	s := []byte(strings.Repeat("é", 10))
	for n := 1; n < len(s); n++ {
		if enc := DetectEncoding(s[:n]); enc != EncodingUTF8 {
			t.Errorf("DetectEncoding(%q) = %q", s[:n], enc)
		}
	}
}

func FuzzDecodeText(f *testing.F) {
	for _, s := range [][]byte{[]byte("hello\r\n"), utf16LE("hello", true), utf16BE("hello", false), []byte("caf\xe9"), {0xFF, 0xFE, 0x00, 0xD8}, {0, 1, 2}} {
		f.Add(s)
	}
	for _, p := range factInputs(f) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		head := in
		if len(head) > headSize {
			head = head[:headSize]
		}
		r, enc := DecodeText(bytes.NewReader(in), head)
		out, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		if enc != "" && !utf8.Valid(out) {
			t.Fatalf("encoding %q gave invalid UTF-8 %q", enc, out)
		}
		if enc == "" && !bytes.Equal(out, in) {
			t.Fatalf("binary content changed")
		}
		dh := decodeHead(head, enc)
		if enc == EncodingUTF16LE || enc == EncodingUTF16BE {
			// The text x/text's decoder gave, before dart had its own.
			want, _ := io.ReadAll(refUTF16(bytes.NewReader(in), enc == EncodingUTF16BE))
			if !bytes.Equal(out, want) {
				t.Fatalf("%s: decoded %q, x/text %q", enc, out, want)
			}
			wantHead, _ := io.ReadAll(refUTF16(bytes.NewReader(head), enc == EncodingUTF16BE))
			if !bytes.Equal(dh, wantHead) {
				t.Fatalf("%s: head decoded %q, x/text %q", enc, dh, wantHead)
			}
		}
	})
}
