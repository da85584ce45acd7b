package dart

import (
	"strings"
	"testing"
)

func TestFactsRedacted(t *testing.T) {
	tests := []struct {
		name, text string
		want       Source
	}{
		{RedactionNote, redactionHead + ": its secrets were replaced.\nKinds replaced: host\n", Source{File: RedactionNote, Line: 1}},
		{"DARTKIT-REDACTION.TXT", redactionHead + ".\n", Source{File: "DARTKIT-REDACTION.TXT", Line: 1}},
		{RedactionNote, "my own notes\n", Source{}},
		{"notes/" + RedactionNote, redactionHead + ".\n", Source{}},
	}
	for _, tt := range tests {
		b := NewFactBuilder()
		if err := b.AddFile(File{Name: tt.name, Encoding: EncodingUTF8}, strings.NewReader(tt.text)); err != nil {
			t.Fatal(err)
		}
		if got := b.Facts().Redacted; got != tt.want {
			t.Errorf("%s %q: Redacted = %+v, want %+v", tt.name, tt.text, got, tt.want)
		}
	}
}
