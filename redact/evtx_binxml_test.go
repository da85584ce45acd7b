package redact

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/internal/evtxgen"
)

// binxml writes BinXML as it lands at chunk offset at: names inline at
// their first use.
type binxml struct {
	at    int
	buf   []byte
	names map[string]int
}

var le = binary.LittleEndian

func (x *binxml) raw(p ...byte) { x.buf = append(x.buf, p...) }
func (x *binxml) u16(v int)     { x.buf = le.AppendUint16(x.buf, uint16(v)) }
func (x *binxml) u32(v int)     { x.buf = le.AppendUint32(x.buf, uint32(v)) }
func (x *binxml) here() int     { return x.at + len(x.buf) }

func (x *binxml) name(s string) {
	if off, ok := x.names[s]; ok {
		x.u32(off)
		return
	}
	off := x.here() + 4
	x.names[s] = off
	x.u32(off)
	x.u32(0)
	x.u16(int(evtxgen.NameHash(s)))
	x.u16(len(utf16le(s)) / 2)
	x.raw(utf16le(s)...)
	x.u16(0)
}

// open starts an element; attrs writes its attributes, if any.
func (x *binxml) open(name string, attrs func()) {
	if attrs == nil {
		x.raw(0x01, 0xff, 0xff)
		x.u32(0)
		x.name(name)
		return
	}
	x.raw(0x41, 0xff, 0xff)
	x.u32(0)
	x.name(name)
	x.u32(0) // attribute list size: readers do not need it
	attrs()
}

func (x *binxml) text(s string) {
	x.raw(0x05, 0x01)
	x.u16(len(utf16le(s)) / 2)
	x.raw(utf16le(s)...)
}

func (x *binxml) sub(i int, typ byte) {
	x.raw(0x0e)
	x.u16(i)
	x.raw(typ)
}

// instance writes a template instance with its definition, whose BinXML
// def writes, and its values.
func (x *binxml) instance(id int, def func(), types []byte, values [][]byte) {
	x.raw(0x0c, 0x01)
	x.u32(id)
	x.u32(x.here() + 4)
	x.u32(0)
	x.raw(bytes.Repeat([]byte{byte(id)}, 16)...)
	sizeAt := len(x.buf)
	x.u32(0)
	start := len(x.buf)
	x.raw(0x0f, 1, 1, 0)
	def()
	x.raw(0x00)
	le.PutUint32(x.buf[sizeAt:], uint32(len(x.buf)-start))
	x.u32(len(values))
	for i, v := range values {
		x.u16(len(v))
		x.raw(types[i], 0)
	}
	for _, v := range values {
		x.raw(v...)
	}
}

// leaf writes <name>{sub i}</name>.
func (x *binxml) leaf(name string, i int, typ byte) {
	x.open(name, nil)
	x.raw(0x02)
	x.sub(i, typ)
	x.raw(0x04)
}

// handmadeEVTX returns a file of one record written by hand, as Windows
// writes manifest events: a template whose static text holds secrets, in
// an attribute value and in an element's text, and substitution values of
// every kind that holds text: a string, a string array, an ANSI string,
// a binary value holding text, and BinXML (UserData) with text of its own,
// beside numbers, a time and a SID.
func handmadeEVTX(when time.Time) []byte {
	file := evtxgen.Bytes(secretEvents(1))
	c := file[evtxgen.FileHeaderSize:][:evtxgen.ChunkSize]
	clear(c[128:]) // string and template tables, and records
	const rec = evtxgen.ChunkHeaderSize
	x := &binxml{at: rec + 24, names: map[string]int{}}
	x.raw(0x0f, 1, 1, 0)
	x.raw(0x0c, 0x01)
	x.u32(0x11223344)
	x.u32(x.here() + 4)
	// The definition: next, GUID, size, BinXML.
	x.u32(0)
	x.raw(bytes.Repeat([]byte{0xab}, 16)...)
	sizeAt := len(x.buf)
	x.u32(0)
	defStart := len(x.buf)
	x.raw(0x0f, 1, 1, 0)
	x.open("Event", nil)
	x.raw(0x02)
	x.open("System", nil)
	x.raw(0x02)
	x.open("Provider", func() {
		x.raw(0x06)
		x.name("Name")
		x.sub(0, 0x01)
	})
	x.raw(0x03)
	x.leaf("EventID", 1, 0x06)
	x.leaf("Level", 2, 0x04)
	x.open("TimeCreated", func() {
		x.raw(0x06)
		x.name("SystemTime")
		x.sub(3, 0x11)
	})
	x.raw(0x03)
	x.leaf("Computer", 4, 0x01)
	x.open("Note", func() {
		x.raw(0x06)
		x.name("Host")
		x.text("STATIC-HOST.acme-corp.com")
	})
	x.raw(0x02)
	x.text("static text for jdoe.smith@acme-corp.com")
	x.raw(0x04)
	x.raw(0x04) // System
	x.open("EventData", nil)
	x.raw(0x02)
	x.leaf("Data", 5, 0x01)
	x.leaf("Data", 6, 0x81)
	x.leaf("Data", 7, 0x02)
	x.leaf("Data", 8, 0x13)
	x.leaf("Binary", 9, 0x0e)
	x.raw(0x04)
	x.sub(10, 0x21)
	x.raw(0x04) // Event
	x.raw(0x00)
	le.PutUint32(x.buf[sizeAt:], uint32(len(x.buf)-defStart))

	// UserData, BinXML of its own, in value 10.
	u := &binxml{names: x.names}
	values := [][]byte{
		utf16le("acvpnagent"),
		le.AppendUint16(nil, 2048),
		{3},
		le.AppendUint64(nil, uint64(when.UnixNano()/100)+116444736000000000),
		utf16le("DESKTOP-ACME42"),
		utf16le("Timeout resolving vpn.acme-corp.com via 10.1.2.3"),
		append(append(utf16le("C:\\Users\\jdoe.smith"), 0, 0), utf16le("2a02:6b8:ac3e::42")...),
		[]byte("ansi text from 172.16.254.7\x00"),
		{1, 5, 0, 0, 0, 0, 0, 5, 21, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0xe9, 3, 0, 0},
		append([]byte{0xde, 0xad}, []byte("MAC 00:1A:2B:3C:4D:5E")...),
		nil,
	}
	count := len(values)
	// Offset of value 10: after the descriptors and the values before it.
	off := x.here() + 4 + 4*count
	for _, v := range values[:10] {
		off += len(v)
	}
	u.at = off
	u.raw(0x0f, 1, 1, 0)
	u.instance(0x55667788, func() {
		u.open("UserData", nil)
		u.raw(0x02)
		u.leaf("Info", 0, 0x01)
		u.open("Extra", nil)
		u.raw(0x02)
		u.text("static user data on 10.1.2.3")
		u.raw(0x04, 0x04)
	}, []byte{0x01}, [][]byte{utf16le("user data about DESKTOP-ACME42")})
	u.raw(0x00)
	values[10] = u.buf
	types := []byte{0x01, 0x06, 0x04, 0x11, 0x01, 0x01, 0x81, 0x02, 0x13, 0x0e, 0x21}
	x.u32(count)
	for i, v := range values {
		x.u16(len(v))
		x.raw(types[i], 0)
	}
	for _, v := range values {
		x.raw(v...)
	}
	x.raw(0x00)

	r := le.AppendUint32(nil, 0x00002a2a)
	r = le.AppendUint32(r, uint32(24+len(x.buf)+4))
	r = le.AppendUint64(r, 1)
	r = le.AppendUint64(r, uint64(when.UnixNano()/100)+116444736000000000)
	r = append(r, x.buf...)
	r = le.AppendUint32(r, uint32(len(r)+4))
	copy(c[rec:], r)
	le.PutUint32(c[44:], rec)
	le.PutUint32(c[48:], uint32(rec+len(r)))
	evtxgen.SetChunkChecksums(c)
	return file
}

var evtxTestTime = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// TestEVTXBinXML redacts a record whose secrets are in every place a
// record holds text.
func TestEVTXBinXML(t *testing.T) {
	when := evtxTestTime
	in := handmadeEVTX(when)
	before := readEVTX(t, in)
	if len(before) != 1 || before[0].Source != "acvpnagent" || before[0].Host != "DESKTOP-ACME42" ||
		!strings.Contains(before[0].Message, "user data about") {
		t.Fatalf("the hand-made record reads as %+v", before)
	}
	xml := evtxDump(t, in)
	for _, want := range []string{"STATIC-HOST.acme-corp.com", "jdoe.smith@acme-corp.com", "172.16.254.7", "user data about DESKTOP-ACME42"} {
		if !strings.Contains(xml, want) {
			t.Fatalf("evtx_dump.py does not show %q of the input:\n%s", want, xml)
		}
	}

	r := newEVTXRedactor(t)
	out := redactEVTX(t, r, in)
	checkNoSecret(t, "output", out)
	checkEVTXChecksums(t, out)
	after := readEVTX(t, out)
	if len(after) != 1 {
		t.Fatalf("%d records", len(after))
	}
	a, b := after[0], before[0]
	if !a.Time.Equal(when) || a.Level != b.Level || a.EventID != 2048 || a.Source != "acvpnagent" {
		t.Errorf("record %+v, was %+v", a, b)
	}
	if want := r.SameLength("DESKTOP-ACME42", ""); a.Host != want {
		t.Errorf("host %q, want %q", a.Host, want)
	}
	if !strings.Contains(a.Message, "S-1-5-21-") {
		t.Errorf("SID not kept: %q", a.Message)
	}
	xml = evtxDump(t, out)
	checkNoSecret(t, "evtx_dump.py", []byte(xml))
	for _, want := range []string{"<Note Host=", "static text for ", "user data about ", "ansi text from ", "<UserData>"} {
		if !strings.Contains(xml, want) {
			t.Errorf("evtx_dump.py does not show %q:\n%s", want, xml)
		}
	}
}
