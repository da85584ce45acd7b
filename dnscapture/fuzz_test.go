package dnscapture_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/dartkit/dartkit/dnscapture"
)

func FuzzReader(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(capturesDir, "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := dnscapture.NewReader(bytes.NewReader(data), &dnscapture.Options{MaxPending: 8, MaxFlows: 4})
		if err != nil {
			var e *dnscapture.Error
			if !errors.As(err, &e) {
				t.Fatalf("NewReader error %v is not an *Error", err)
			}
			return
		}
		n := 0
		for {
			tx, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				var e *dnscapture.Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v is not an *Error", err)
				}
				if e.Offset < 0 || e.Offset > int64(len(data)) && !bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
					t.Fatalf("error offset %d outside the %d-byte input", e.Offset, len(data))
				}
				if _, err2 := r.Next(); err2 != err {
					t.Fatalf("second Next after error returned %v, want %v", err2, err)
				}
				break
			}
			n++
			if n > len(data) {
				t.Fatalf("more transactions (%d) than input bytes", n)
			}
			st := r.Stats()
			if tx.QueryFrame < 1 || int64(tx.QueryFrame) > st.Packets {
				t.Fatalf("query frame %d outside 1..%d", tx.QueryFrame, st.Packets)
			}
			if tx.Answered() && (tx.ResponseFrame < tx.QueryFrame || int64(tx.ResponseFrame) > st.Packets) {
				t.Fatalf("response frame %d, query frame %d, %d packets", tx.ResponseFrame, tx.QueryFrame, st.Packets)
			}
			_ = tx.String()
		}
		st := r.Stats()
		if st.Packets != st.DNS+st.NonDNS+st.Undecodable {
			t.Fatalf("stats do not add up: %+v", st)
		}
	})
}
