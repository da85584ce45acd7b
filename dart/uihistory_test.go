package dart

import (
	"fmt"
	"strings"
	"testing"
)

func TestUIHistory(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // "[time] text"
	}{
		{"empty", "", nil},
		{"one", "[6/17/2020 9:15:02 PM] Contacting vpn.example.com.\n", []string{"[6/17/2020 9:15:02 PM] Contacting vpn.example.com."}},
		{"continued", "[t1] Unable to lookup host names.\nVerify your network connection.\n\nstray line\n", []string{"[t1] Unable to lookup host names. Verify your network connection."}},
		{"no bracket", "Contacting vpn.example.com.\n", nil},
		{"unclosed bracket", "[6/17/2020 Contacting\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewFactBuilder()
			if err := b.AddFile(File{Name: "UIHistory_1.txt"}, strings.NewReader(tt.in)); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range b.Facts().UIHistory {
				got = append(got, "["+m.Time+"] "+m.Text)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestUIHistoryLast keeps the last messages, in order, whatever the order
// of the files.
func TestUIHistoryLast(t *testing.T) {
	var in strings.Builder
	for i := range factMaxUIMessages + 10 {
		fmt.Fprintf(&in, "[t%d] message %d\n", i, i)
	}
	for _, order := range [][]string{{"UIHistory_a.txt", "UIHistory_b.txt"}, {"UIHistory_b.txt", "UIHistory_a.txt"}} {
		b := NewFactBuilder()
		for _, name := range order {
			b.AddFile(File{Name: name}, strings.NewReader(in.String()))
		}
		h := b.Facts().UIHistory
		if len(h) != factMaxUIMessages {
			t.Fatalf("%d messages, want %d", len(h), factMaxUIMessages)
		}
		first, last := h[0], h[len(h)-1]
		if first.Source.File != "UIHistory_b.txt" || first.Text != "message 10" || last.Text != fmt.Sprintf("message %d", factMaxUIMessages+9) {
			t.Errorf("%v: first %+v, last %+v", order, first, last)
		}
	}
}
