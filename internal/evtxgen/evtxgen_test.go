package evtxgen

import (
	"encoding/xml"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// events returns n events in the manner of the TechNote's acvpnagent
// warnings, with other providers, levels and texts mixed in.
func events(n int) []Event {
	start := time.Date(2020, 6, 17, 20, 21, 32, 123456700, time.UTC)
	var ev []Event
	for i := range n {
		e := Event{
			Time:       start.Add(time.Duration(i) * 15 * time.Second),
			Level:      3,
			Provider:   "acvpnagent",
			EventID:    2048,
			Qualifiers: 25600,
			Computer:   "DESKTOP-7RK2QF1",
			Channel:    "Cisco AnyConnect Secure Mobility Client",
			Data: "Function: CDNSRequest::OnSocketReadComplete\r\nFile: c:\\temp\\build\\thehoff\\dnsrequest.cpp\r\nLine: 1147\r\n" +
				"Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms) #" + strconv.Itoa(i),
		}
		switch i % 5 {
		case 1:
			e.Provider, e.EventID, e.Level, e.Data = "acvpnui", 3021, 4, "Message type information sent to the user: Establishing VPN session... <&> \"é\" 日本"
		case 3:
			e.Provider, e.EventID, e.Level, e.Qualifiers, e.Data = "acvpndownloader", 5005, 2, 9216, ""
		}
		ev = append(ev, e)
	}
	return ev
}

// dumped is the part of python-evtx's XML the test compares.
type dumped struct {
	Provider struct {
		Name string `xml:"Name,attr"`
	} `xml:"System>Provider"`
	EventID struct {
		Qualifiers string `xml:"Qualifiers,attr"`
		Value      string `xml:",chardata"`
	} `xml:"System>EventID"`
	Level       string `xml:"System>Level"`
	TimeCreated struct {
		SystemTime string `xml:"SystemTime,attr"`
	} `xml:"System>TimeCreated"`
	RecordID string `xml:"System>EventRecordID"`
	Channel  string `xml:"System>Channel"`
	Computer string `xml:"System>Computer"`
	Data     string `xml:"EventData>Data"`
}

// TestPythonEvtx has python-evtx's evtx_dump.py, an independent reader,
// read generated files: one chunk, and many.
func TestPythonEvtx(t *testing.T) {
	tool, err := exec.LookPath("evtx_dump.py")
	if err != nil {
		msg := "evtx_dump.py not found; install it with: apt-get install -y python3-evtx"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	for _, n := range []int{1, 7, 400} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			want := events(n)
			b := Bytes(want)
			if n == 400 && len(b) <= FileHeaderSize+2*ChunkSize {
				t.Fatalf("%d events fill %d bytes, want several chunks", n, len(b))
			}
			path := filepath.Join(t.TempDir(), "a.evtx")
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(tool, path).Output()
			if err != nil {
				t.Fatalf("%s: %v", tool, err)
			}
			got := parseDump(t, out)
			if len(got) != len(want) {
				t.Fatalf("evtx_dump.py read %d events, want %d", len(got), len(want))
			}
			for i, g := range got {
				if err := same(want[i], uint64(i+1), g); err != nil {
					t.Errorf("event %d: %v", i+1, err)
				}
			}
		})
	}
}

// parseDump splits evtx_dump.py's output into events. The tool declares
// XML 1.1, which encoding/xml does not accept, so each event is decoded
// alone.
func parseDump(t *testing.T, out []byte) []dumped {
	var evs []dumped
	s := string(out)
	for {
		i := strings.Index(s, "<Event ")
		if i < 0 {
			break
		}
		j := strings.Index(s[i:], "</Event>")
		if j < 0 {
			t.Fatalf("unterminated event in evtx_dump.py output")
		}
		var d dumped
		if err := xml.Unmarshal([]byte(s[i:i+j+len("</Event>")]), &d); err != nil {
			t.Fatalf("evtx_dump.py output: %v", err)
		}
		evs = append(evs, d)
		s = s[i+j:]
	}
	return evs
}

// same compares an event written with what evtx_dump.py made of it.
// python-evtx turns a FILETIME into a datetime through a float, which may
// lose a few microseconds: times within 10 µs are the same.
func same(e Event, id uint64, d dumped) error {
	var diffs []string
	cmp := func(what, want, got string) {
		if want != got {
			diffs = append(diffs, fmt.Sprintf("%s = %q, want %q", what, got, want))
		}
	}
	cmp("Provider", e.Provider, d.Provider.Name)
	cmp("EventID", strconv.Itoa(int(e.EventID)), d.EventID.Value)
	cmp("Qualifiers", strconv.Itoa(int(e.Qualifiers)), d.EventID.Qualifiers)
	cmp("Level", strconv.Itoa(int(e.Level)), d.Level)
	cmp("EventRecordID", strconv.FormatUint(id, 10), d.RecordID)
	cmp("Channel", e.Channel, d.Channel)
	cmp("Computer", e.Computer, d.Computer)
	// XML reading turns CRLF into LF.
	cmp("Data", strings.ReplaceAll(e.Data, "\r\n", "\n"), d.Data)
	tm, err := time.Parse("2006-01-02 15:04:05.999999", d.TimeCreated.SystemTime)
	if err != nil {
		diffs = append(diffs, err.Error())
	} else if dt := tm.Sub(e.Time); dt < -10*time.Microsecond || dt > 10*time.Microsecond {
		diffs = append(diffs, fmt.Sprintf("SystemTime = %s, want %s", tm, e.Time))
	}
	if diffs != nil {
		return fmt.Errorf("%s", strings.Join(diffs, "; "))
	}
	return nil
}
