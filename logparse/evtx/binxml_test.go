package evtx_test

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

// xmlBuilder writes BinXML without templates, names inline at their first
// use, as it lands at chunk offset at.
type xmlBuilder struct {
	at    int
	buf   []byte
	names map[string]int
}

func (x *xmlBuilder) name(s string) {
	if off, ok := x.names[s]; ok {
		x.buf = append(x.buf, u32(off)...)
		return
	}
	off := x.at + len(x.buf) + 4
	x.names[s] = off
	x.buf = append(x.buf, u32(off)...)
	x.buf = append(x.buf, u32(0)...)
	x.buf = le.AppendUint16(x.buf, 0)
	x.buf = le.AppendUint16(x.buf, uint16(len(s)))
	x.buf = append(x.buf, utf16z(s)...)
}

// open starts an element with attributes given as name, value pairs.
func (x *xmlBuilder) open(name string, attrs ...string) {
	tok := byte(0x01)
	if len(attrs) > 0 {
		tok = 0x41
	}
	x.buf = append(x.buf, tok, 0xff, 0xff, 0, 0, 0, 0)
	x.name(name)
	if len(attrs) > 0 {
		x.buf = append(x.buf, u32(0)...)
		for i := 0; i < len(attrs); i += 2 {
			tok := byte(0x06)
			if i+2 < len(attrs) {
				tok = 0x46
			}
			x.buf = append(x.buf, tok)
			x.name(attrs[i])
			x.value(attrs[i+1])
		}
	}
	x.buf = append(x.buf, 0x02)
}

func (x *xmlBuilder) value(s string) {
	u := utf16z(s)
	x.buf = append(x.buf, 0x05, 0x01)
	x.buf = le.AppendUint16(x.buf, uint16(len(u)/2-1))
	x.buf = append(x.buf, u[:len(u)-2]...)
}

func (x *xmlBuilder) end() { x.buf = append(x.buf, 0x04) }

// leaf writes <name attrs...>text</name>.
func (x *xmlBuilder) leaf(name, text string, attrs ...string) {
	x.open(name, attrs...)
	if text != "" {
		x.value(text)
	}
	x.end()
}

// TestInlineEvent reads a record written without a template, as some
// producers other than Windows do: names and values inline, the time as
// text, two Data strings and a Binary.
func TestInlineEvent(t *testing.T) {
	b := withRecord(func(at, _, _ int) []byte {
		x := &xmlBuilder{at: at, names: map[string]int{}}
		x.buf = append(x.buf, fragment...)
		x.open("Event", "xmlns", "http://schemas.microsoft.com/win/2004/08/events/event")
		x.open("System")
		x.leaf("Provider", "", "Name", "csc_vpnagent")
		x.leaf("EventID", "2037", "Qualifiers", "25600")
		x.leaf("Level", "4")
		x.leaf("TimeCreated", "", "SystemTime", "2021-03-01T10:00:00.5Z")
		x.leaf("Execution", "", "ProcessID", "4242", "ThreadID", "17")
		x.leaf("Computer", "LAPTOP-9")
		x.end()
		x.open("EventData")
		x.leaf("Data", "VPN SESSION END: The VPN connection is terminated.", "Name", "a")
		x.leaf("Data", "second & <last>", "Name", "b")
		x.leaf("Binary", "00FF")
		x.end()
		x.end()
		return append(x.buf, 0)
	})
	recs, errs := readAll(t, newReader(t, b))
	if errs != nil {
		t.Fatal(errs)
	}
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	want := logparse.Record{
		Time: time.Date(2021, 3, 1, 10, 0, 0, 5e8, time.UTC), HasZone: true,
		Level: logparse.LevelInfo, Source: "csc_vpnagent", Host: "LAPTOP-9", PID: 4242, EventID: 2037,
		Message: "VPN SESSION END: The VPN connection is terminated.\nsecond & <last>",
		Repeat:  1, Pos: logparse.Position{File: "AnyConnect.evtx", Line: 3},
	}
	if recs[2] != want {
		t.Errorf("got  %+v\nwant %+v", recs[2], want)
	}
}

// TestLevels maps every numeric level.
func TestLevels(t *testing.T) {
	want := map[string]logparse.Level{
		"0": logparse.LevelInfo, "1": logparse.LevelCritical, "2": logparse.LevelError,
		"3": logparse.LevelWarning, "4": logparse.LevelInfo, "5": logparse.LevelDebug, "16": logparse.LevelUnknown,
	}
	for lv, wl := range want {
		b := withRecord(func(at, _, _ int) []byte {
			x := &xmlBuilder{at: at, names: map[string]int{}}
			x.buf = append(x.buf, fragment...)
			x.open("Event")
			x.open("System")
			x.leaf("Provider", "", "Name", "p")
			x.leaf("Level", lv)
			x.end()
			x.end()
			return append(x.buf, 0)
		})
		recs, errs := readAll(t, newReader(t, b))
		if errs != nil || len(recs) != 3 {
			t.Fatalf("level %s: %d records, errors %v", lv, len(recs), errs)
		}
		if recs[2].Level != wl {
			t.Errorf("level %s = %v, want %v", lv, recs[2].Level, wl)
		}
	}
}

// failAt is an io.ReaderAt that fails past a point.
type failAt struct {
	r   io.ReaderAt
	off int64
}

var errDisk = errors.New("disk on fire")

func (f failAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.off {
		return 0, errDisk
	}
	return f.r.ReadAt(p, off)
}

// TestReadError checks that an error of the io.ReaderAt ends the input:
// the records before it come, then the error, every time.
func TestReadError(t *testing.T) {
	b := threeChunks()
	r, err := evtx.NewReader(failAt{bytes.NewReader(b), hdrSize + 2*chunkSize}, int64(len(b)), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	var last error
	for rec, err := range r.All() {
		if err != nil {
			last = err
			break
		}
		if rec.Pos.Line > 0 {
			n++
		}
	}
	if want := recordsIn(b, 0) + recordsIn(b, 1); n != want {
		t.Errorf("%d records before the error, want %d", n, want)
	}
	if !errors.Is(last, errDisk) {
		t.Fatalf("error %v, want %v", last, errDisk)
	}
	var pe *logparse.ParseError
	if errors.As(last, &pe) {
		t.Errorf("an I/O error came as a ParseError: %v", last)
	}
	if _, err := r.Read(); !errors.Is(err, errDisk) {
		t.Errorf("Read after the error = %v, want it again", err)
	}
}

// TestUserDataValue reads an event whose UserData is a BinXML value of a
// template instance, as manifest-based providers write: its text is the
// message, one element a line.
func TestUserDataValue(t *testing.T) {
	b := withRecord(func(at, _, _ int) []byte {
		defAt := at + 4 + 10
		d := &xmlBuilder{at: defAt + 24, names: map[string]int{}}
		d.buf = append(d.buf, fragment...)
		d.open("Event")
		d.open("System")
		d.buf = append(d.buf, 0x41, 0xff, 0xff, 0, 0, 0, 0)
		d.name("Provider")
		d.buf = append(d.buf, u32(0)...)
		d.buf = append(d.buf, 0x06)
		d.name("Name")
		d.buf = append(d.buf, 0x0e, 0, 0, 0x01, 0x03) // {0}, then an empty element's end
		d.end()
		d.open("UserData")
		d.buf = append(d.buf, 0x0e, 1, 0, 0x21) // {1}
		d.end()
		d.end()
		d.buf = append(d.buf, 0)

		val0 := utf16z("Microsoft-Windows-Demo")
		val0 = val0[:len(val0)-2]
		val1At := defAt + 24 + len(d.buf) + 4 + 8 + len(val0)
		v := &xmlBuilder{at: val1At, names: map[string]int{}}
		v.buf = append(v.buf, fragment...)
		v.open("Op")
		v.leaf("Detail", "adapter reset")
		v.leaf("Code", "7")
		v.end()
		v.buf = append(v.buf, 0)

		x := cat(fragment, []byte{0x0c, 1}, u32(9), u32(defAt),
			u32(0), make([]byte, 16), u32(len(d.buf)), d.buf,
			u32(2), []byte{byte(len(val0)), 0, 0x01, 0}, []byte{byte(len(v.buf)), 0, 0x21, 0},
			val0, v.buf, []byte{0})
		return x
	})
	recs, errs := readAll(t, newReader(t, b))
	if errs != nil || len(recs) != 3 {
		t.Fatalf("%d records, errors %v", len(recs), errs)
	}
	if got := recs[2]; got.Source != "Microsoft-Windows-Demo" || got.Message != "adapter reset\n7" {
		t.Errorf("source %q message %q, want %q and %q", got.Source, got.Message, "Microsoft-Windows-Demo", "adapter reset\n7")
	}
}

// TestSizeLies gives NewReader a size far past the end of the file, as a
// damaged archive entry may: the chunks there are read, then the end of
// the file is reported once.
func TestSizeLies(t *testing.T) {
	b := threeChunks()
	r, err := evtx.NewReader(bytes.NewReader(b), 1<<50, nil)
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, r)
	if len(recs) != 250 {
		t.Errorf("%d records, want 250", len(recs))
	}
	if len(errs) != 1 || !errors.Is(errs[0], logparse.ErrTruncated) {
		t.Errorf("errors %v, want one ErrTruncated", errs)
	}
}
