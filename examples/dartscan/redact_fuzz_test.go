package main

import (
	"bytes"
	"encoding/hex"
	"os"
	"testing"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/internal/i18n"
)

// FuzzParseKey checks that a key file, whatever it holds, gives a key of
// 16 bytes or more, the one its hexadecimal says, or an error naming the
// file; never a panic.
func FuzzParseKey(f *testing.F) {
	key, err := os.ReadFile(testKeyFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(key)
	f.Add([]byte(`{"key": "` + string(bytes.TrimSpace(key)) + `", "entries": []}`))
	f.Add([]byte("00112233445566778899aabbccddeeff"))
	f.Add([]byte("0011223344"))
	f.Add([]byte(`{"key": 12}`))
	f.Add([]byte("{"))
	f.Add([]byte(" \n"))
	p := i18n.NewPrinter(language.English)
	f.Fuzz(func(t *testing.T, data []byte) {
		k, err := parseKey(data, "k.key", p)
		if err != nil {
			if k != nil || !bytes.HasPrefix([]byte(err.Error()), []byte("k.key: ")) {
				t.Fatalf("key %x with error %v", k, err)
			}
			return
		}
		if len(k) < 16 {
			t.Fatalf("a key of %d bytes", len(k))
		}
		if text := bytes.TrimSpace(data); !bytes.HasPrefix(text, []byte("{")) {
			if want, _ := hex.DecodeString(string(text)); !bytes.Equal(k, want) {
				t.Fatalf("key %x of %q", k, data)
			}
		}
	})
}
