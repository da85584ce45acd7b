package evtx_test

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

var techNoteStart = time.Date(2020, 6, 17, 20, 21, 32, 123456700, time.UTC)

const musText = "Function: CDNSRequest::OnSocketReadComplete\r\n" +
	"File: c:\\temp\\build\\thehoff\\negasonic_mr30.297045120452\\negasonic_mr3\\vpn\\common\\ip\\dnsrequest.cpp\r\n" +
	"Line: 1147\r\n" +
	"Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)\r\n"

// musEvents returns n events: the TechNote's acvpnagent warnings, one
// every 15 s, with a UI message and a downloader error between them.
func musEvents(n int) []evtxgen.Event {
	evs := make([]evtxgen.Event, n)
	for i := range evs {
		e := evtxgen.Event{
			Time: techNoteStart.Add(time.Duration(i) * 15 * time.Second), Level: 3,
			Provider: "acvpnagent", EventID: 2048, Qualifiers: 25600,
			Computer: "DESKTOP-7RK2QF1", Channel: "Cisco AnyConnect Secure Mobility Client",
			Data: musText,
		}
		switch i % 4 {
		case 1:
			e.Provider, e.EventID, e.Level, e.Data = "acvpnui", 3021, 4, "Message type information sent to the user: Establishing VPN session... #"+strconv.Itoa(i)
		case 3:
			e.Provider, e.EventID, e.Level, e.Qualifiers = "acvpndownloader", 5005, 2, 9216
			e.Data = "Function: wWinMain\r\nFile: downloader.cpp\r\nLine: 365\r\nInvoked Function: CDnldrIpc::SendAckMsgToDownloader\r\nReturn Code: -31588340 (0xFE1E000C)\r\nDescription: SOCKETTRANSPORT_ERROR_CONNECT\r\n"
		}
		evs[i] = e
	}
	return evs
}

func newReader(t testing.TB, b []byte) *evtx.Reader {
	t.Helper()
	r, err := evtx.NewReader(bytes.NewReader(b), int64(len(b)), &logparse.Options{File: "AnyConnect.evtx"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// readAll returns the records and errors of r, in order.
func readAll(t testing.TB, r *evtx.Reader) ([]logparse.Record, []error) {
	t.Helper()
	var recs []logparse.Record
	var errs []error
	for rec, err := range r.All() {
		if err != nil {
			errs = append(errs, err)
			var pe *logparse.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is not a *logparse.ParseError: %v", err)
			}
		}
		if rec.Pos.Line != 0 {
			recs = append(recs, rec)
		}
	}
	return recs, errs
}

func TestRoundTrip(t *testing.T) {
	for _, n := range []int{1, 4, 1000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			evs := musEvents(n)
			b := evtxgen.Bytes(evs)
			recs, errs := readAll(t, newReader(t, b))
			if errs != nil {
				t.Fatalf("errors: %v", errs)
			}
			if len(recs) != n {
				t.Fatalf("%d records, want %d", len(recs), n)
			}
			for i, rec := range recs {
				checkRecord(t, evs[i], i+1, rec)
			}
		})
	}
}

func checkRecord(t *testing.T, e evtxgen.Event, id int, rec logparse.Record) {
	t.Helper()
	wantLevel := map[uint8]logparse.Level{2: logparse.LevelError, 3: logparse.LevelWarning, 4: logparse.LevelInfo}[e.Level]
	h, msg := logparse.ParseHeader(e.Data)
	for len(msg) > 0 && (msg[len(msg)-1] == '\n' || msg[len(msg)-1] == '\r') {
		msg = msg[:len(msg)-1]
	}
	want := logparse.Record{
		Time: e.Time, HasZone: true, Level: wantLevel, Source: e.Provider, Host: e.Computer,
		EventID: int(e.EventID), Header: h, Message: msg, Repeat: 1,
		Pos: logparse.Position{File: "AnyConnect.evtx", Line: id},
	}
	if rec != want {
		t.Errorf("record %d:\n got %+v\nwant %+v", id, rec, want)
	}
}

func TestReadAfterEOF(t *testing.T) {
	r := newReader(t, evtxgen.Bytes(musEvents(2)))
	for range 2 {
		if _, err := r.Read(); err != nil {
			t.Fatal(err)
		}
	}
	for range 2 {
		if _, err := r.Read(); err != io.EOF {
			t.Fatalf("Read at the end: %v, want io.EOF", err)
		}
	}
}
