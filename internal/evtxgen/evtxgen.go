// Package evtxgen writes Windows event log files (.evtx) for tests: a file
// header, 64 KiB chunks with their string and template tables, and event
// records whose BinXML is an instance of one resident template with
// substitution values, as Windows writes classic events. Checksums are set
// and every record's BinXML ends with an end-of-stream token, so that
// independent readers (python-evtx's evtx_dump.py, libevtx) read the files.
//
// The template has the shape of a classic event:
//
//	<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
//	  <System>
//	    <Provider Name="{0}"/>
//	    <EventID Qualifiers="{1}">{2}</EventID>
//	    <Level>{3}</Level>
//	    <Task>{4}</Task>
//	    <Keywords>{5}</Keywords>
//	    <TimeCreated SystemTime="{6}"/>
//	    <EventRecordID>{7}</EventRecordID>
//	    <Channel>{8}</Channel>
//	    <Computer>{9}</Computer>
//	    <Security/>
//	  </System>
//	  <EventData><Data>{10}</Data></EventData>
//	</Event>
package evtxgen

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"slices"
	"time"
	"unicode/utf16"
)

// Sizes of the format's fixed parts.
const (
	FileHeaderSize  = 4096
	ChunkSize       = 65536
	ChunkHeaderSize = 512
)

// ClassicKeywords is the Keywords value of classic (non-manifest) events.
const ClassicKeywords = 0x80000000000000

// An Event is one record to write.
type Event struct {
	Time       time.Time
	Level      uint8 // 1 critical, 2 error, 3 warning, 4 information, 5 verbose
	Provider   string
	EventID    uint16
	Qualifiers uint16 // e.g. 25600 for an Information event of a classic source
	Computer   string
	Channel    string
	Data       string
}

// Substitution indexes of the template, in the order of its values.
const (
	subProvider = iota
	subQualifiers
	subEventID
	subLevel
	subTask
	subKeywords
	subTime
	subRecordID
	subChannel
	subComputer
	subData
	numSubs
)

// Value types of BinXML.
const (
	typeString   = 0x01
	typeUInt8    = 0x04
	typeUInt16   = 0x06
	typeUInt64   = 0x0a
	typeFiletime = 0x11
	typeHexInt64 = 0x15
)

// A Writer writes an EVTX file: records fill a chunk until the next one does
// not fit, and the file header, which counts the chunks, is written by Close.
type Writer struct {
	w        io.WriteSeeker
	nextID   uint64
	chunks   int
	chunk    []byte
	n        int // bytes used in chunk
	first    uint64
	last     int // offset of the last record in chunk
	names    map[string]uint32
	template uint32 // offset of the template definition in chunk, 0 when none yet
	err      error
}

// ErrTooLarge reports an event whose record does not fit in an empty chunk.
var ErrTooLarge = errors.New("evtxgen: event too large for a chunk")

// NewWriter returns a Writer that writes to w, starting at its current
// offset 0. The first record gets identifier 1.
func NewWriter(w io.WriteSeeker) *Writer {
	wr := &Writer{w: w, nextID: 1, chunk: make([]byte, ChunkSize)}
	_, wr.err = w.Write(make([]byte, FileHeaderSize))
	wr.reset()
	return wr
}

func (w *Writer) reset() {
	clear(w.chunk)
	w.n = ChunkHeaderSize
	w.names = map[string]uint32{}
	w.template = 0
	w.first = w.nextID
	w.last = 0
}

// Write adds one event.
func (w *Writer) Write(e Event) error {
	if w.err != nil {
		return w.err
	}
	rec := w.record(e)
	if rec == nil {
		if w.n == ChunkHeaderSize {
			return ErrTooLarge
		}
		if err := w.flush(); err != nil {
			return err
		}
		if rec = w.record(e); rec == nil {
			return ErrTooLarge
		}
	}
	return nil
}

// record appends e's record to the chunk, or returns nil, leaving the
// chunk as it was, when it does not fit.
func (w *Writer) record(e Event) []byte {
	b := &builder{buf: w.chunk[:w.n], names: w.names}
	start := w.n
	b.raw(0x2a, 0x2a, 0, 0)
	b.u32(0) // size, set below
	b.u64(w.nextID)
	b.u64(filetime(e.Time))
	// BinXML: fragment header, then the template instance.
	b.raw(0x0f, 1, 1, 0)
	b.raw(0x0c, 1)
	b.u32(templateID)
	if w.template == 0 {
		def := uint32(len(b.buf) + 4)
		b.u32(def)
		b.templateDef()
		w.template = def
	} else {
		b.u32(w.template)
	}
	subs := w.values(e)
	b.u32(numSubs)
	for _, v := range subs {
		b.u16(uint16(len(v.data)))
		b.raw(v.typ, 0)
	}
	for _, v := range subs {
		b.raw(v.data...)
	}
	b.raw(0x00) // end of stream
	size := len(b.buf) - start + 4
	b.u32(uint32(size))
	if len(b.buf) > ChunkSize || b.overflow {
		// Forget what the record added: the chunk goes on from its old
		// length, or is written as it is.
		for k, off := range w.names {
			if int(off) >= w.n {
				delete(w.names, k)
			}
		}
		if w.template >= uint32(w.n) {
			w.template = 0
		}
		clear(w.chunk[w.n:])
		return nil
	}
	binary.LittleEndian.PutUint32(w.chunk[start+4:], uint32(size))
	w.last = start
	w.n = len(b.buf)
	w.nextID++
	return w.chunk[start:w.n]
}

type value struct {
	typ  byte
	data []byte
}

func (w *Writer) values(e Event) []value {
	v := make([]value, numSubs)
	v[subProvider] = value{typeString, utf16le(e.Provider)}
	v[subQualifiers] = value{typeUInt16, binary.LittleEndian.AppendUint16(nil, e.Qualifiers)}
	v[subEventID] = value{typeUInt16, binary.LittleEndian.AppendUint16(nil, e.EventID)}
	v[subLevel] = value{typeUInt8, []byte{e.Level}}
	v[subTask] = value{typeUInt16, []byte{0, 0}}
	v[subKeywords] = value{typeHexInt64, binary.LittleEndian.AppendUint64(nil, ClassicKeywords)}
	v[subTime] = value{typeFiletime, binary.LittleEndian.AppendUint64(nil, filetime(e.Time))}
	v[subRecordID] = value{typeUInt64, binary.LittleEndian.AppendUint64(nil, w.nextID)}
	v[subChannel] = value{typeString, utf16le(e.Channel)}
	v[subComputer] = value{typeString, utf16le(e.Computer)}
	v[subData] = value{typeString, utf16le(e.Data)}
	return v
}

// flush writes the chunk being filled, with its header.
func (w *Writer) flush() error {
	if w.err != nil {
		return w.err
	}
	if w.n == ChunkHeaderSize {
		return nil
	}
	c := w.chunk
	copy(c, "ElfChnk\x00")
	le := binary.LittleEndian
	lastID := w.nextID - 1
	le.PutUint64(c[8:], w.first)
	le.PutUint64(c[16:], lastID)
	le.PutUint64(c[24:], w.first)
	le.PutUint64(c[32:], lastID)
	le.PutUint32(c[40:], 128)
	le.PutUint32(c[44:], uint32(w.last))
	le.PutUint32(c[48:], uint32(w.n))
	// The string table: each name's offset in the bucket of its hash,
	// chained through the names' next-offset fields, in the order the
	// names were written so that files are the same from run to run.
	offs := make([]uint32, 0, len(w.names))
	for _, off := range w.names {
		offs = append(offs, off)
	}
	slices.Sort(offs)
	for _, off := range offs {
		h := le.Uint16(c[off+4:])
		bucket := 128 + 4*int(h%64)
		le.PutUint32(c[off:], le.Uint32(c[bucket:]))
		le.PutUint32(c[bucket:], off)
	}
	if w.template != 0 {
		le.PutUint32(c[384+4*(templateID%32):], w.template)
	}
	SetChunkChecksums(c)
	if _, err := w.w.Write(c); err != nil {
		w.err = err
		return err
	}
	w.chunks++
	w.reset()
	return nil
}

// Close writes the last chunk and the file header. It does not close the
// underlying writer.
func (w *Writer) Close() error {
	if err := w.flush(); err != nil {
		return err
	}
	h := make([]byte, FileHeaderSize)
	copy(h, "ElfFile\x00")
	le := binary.LittleEndian
	le.PutUint64(h[8:], 0)
	le.PutUint64(h[16:], uint64(max(w.chunks-1, 0)))
	le.PutUint64(h[24:], w.nextID)
	le.PutUint32(h[32:], 128)
	le.PutUint16(h[36:], 1) // minor version
	le.PutUint16(h[38:], 3) // major version
	le.PutUint16(h[40:], FileHeaderSize)
	le.PutUint16(h[42:], uint16(w.chunks))
	SetFileChecksum(h)
	if _, err := w.w.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := w.w.Write(h); err != nil {
		return err
	}
	_, err := w.w.Seek(0, io.SeekEnd)
	w.err = errors.New("evtxgen: writer closed")
	return err
}

// Bytes returns the EVTX file holding events.
func Bytes(events []Event) []byte {
	var buf Buffer
	w := NewWriter(&buf)
	for _, e := range events {
		if err := w.Write(e); err != nil {
			panic(err) // only an event larger than a chunk; tests make none
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// SetFileChecksum sets the checksum of a file header: the CRC32 of its
// first 120 bytes. Tests that patch a header call it to keep it valid.
func SetFileChecksum(h []byte) {
	binary.LittleEndian.PutUint32(h[124:], crc32.ChecksumIEEE(h[:120]))
}

// SetChunkChecksums sets the two checksums of a chunk: that of its event
// records (from the end of the header to the free space offset) and that
// of its header (bytes 0-120 and 128-512). Tests that patch a chunk call it
// to keep it valid.
func SetChunkChecksums(c []byte) {
	le := binary.LittleEndian
	free := min(int(le.Uint32(c[48:])), len(c))
	if free >= ChunkHeaderSize {
		le.PutUint32(c[52:], crc32.ChecksumIEEE(c[ChunkHeaderSize:free]))
	}
	crc := crc32.ChecksumIEEE(c[:120])
	crc = crc32.Update(crc, crc32.IEEETable, c[128:ChunkHeaderSize])
	le.PutUint32(c[124:], crc)
}

// A Buffer is an in-memory io.WriteSeeker.
type Buffer struct {
	b   []byte
	off int
}

func (b *Buffer) Write(p []byte) (int, error) {
	if need := b.off + len(p); need > len(b.b) {
		b.b = append(b.b, make([]byte, need-len(b.b))...)
	}
	copy(b.b[b.off:], p)
	b.off += len(p)
	return len(p), nil
}

func (b *Buffer) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += int64(b.off)
	case io.SeekEnd:
		offset += int64(len(b.b))
	}
	if offset < 0 {
		return 0, errors.New("evtxgen: negative offset")
	}
	b.off = int(offset)
	return offset, nil
}

// Bytes returns what was written.
func (b *Buffer) Bytes() []byte { return b.b }

// templateID is the identifier of the one template (the first four bytes
// of its GUID).
const templateID = 0x7a3c5d01

// builder appends BinXML to a chunk. Offsets of names and templates are
// offsets in the chunk, which starts at buf[0].
type builder struct {
	buf      []byte
	names    map[string]uint32
	overflow bool
}

func (b *builder) raw(p ...byte) {
	b.buf = append(b.buf, p...)
	if len(b.buf) > ChunkSize {
		b.overflow = true
	}
}
func (b *builder) u16(v uint16) { b.raw(byte(v), byte(v>>8)) }
func (b *builder) u32(v uint32) { b.raw(binary.LittleEndian.AppendUint32(nil, v)...) }
func (b *builder) u64(v uint64) { b.raw(binary.LittleEndian.AppendUint64(nil, v)...) }

// name writes a name offset, and the name itself right after it the first
// time the chunk uses the name.
func (b *builder) name(s string) {
	if off, ok := b.names[s]; ok {
		b.u32(off)
		return
	}
	off := uint32(len(b.buf) + 4)
	b.u32(off)
	b.names[s] = off
	u := utf16.Encode([]rune(s))
	b.u32(0) // next string in the bucket, set when the chunk is written
	b.u16(NameHash(s))
	b.u16(uint16(len(u)))
	for _, c := range u {
		b.u16(c)
	}
	b.u16(0)
}

// NameHash is the hash the format keeps with each name: a multiply by 65599
// and add over its UTF-16 code units, cut to 16 bits.
func NameHash(s string) uint16 {
	var h uint32
	for _, c := range utf16.Encode([]rune(s)) {
		h = h*65599 + uint32(c)
	}
	return uint16(h)
}

// open writes an element start; attrs tells whether attributes follow.
// It returns where the element's size goes, for end.
func (b *builder) open(name string, attrs bool) int {
	tok := byte(0x01)
	if attrs {
		tok = 0x41
	}
	b.raw(tok)
	b.u16(0xffff) // dependency identifier: none
	at := len(b.buf)
	b.u32(0)
	b.name(name)
	return at
}

// attrList starts an attribute list and returns where its size goes.
func (b *builder) attrList() int {
	at := len(b.buf)
	b.u32(0)
	return at
}

// patch stores at at the number of bytes written since at+4.
func (b *builder) patch(at int) {
	if at+4 <= len(b.buf) {
		binary.LittleEndian.PutUint32(b.buf[at:], uint32(len(b.buf)-at-4))
	}
}

func (b *builder) attr(name string, more bool, sub int, typ byte) {
	tok := byte(0x06)
	if more {
		tok = 0x46
	}
	b.raw(tok)
	b.name(name)
	b.sub(sub, typ)
}

func (b *builder) attrText(name string, text string) {
	b.raw(0x06)
	b.name(name)
	b.raw(0x05, typeString)
	u := utf16.Encode([]rune(text))
	b.u16(uint16(len(u)))
	for _, c := range u {
		b.u16(c)
	}
}

// sub writes an optional substitution.
func (b *builder) sub(i int, typ byte) {
	b.raw(0x0e)
	b.u16(uint16(i))
	b.raw(typ)
}

// leaf writes <name>{sub}</name>.
func (b *builder) leaf(name string, sub int, typ byte) {
	at := b.open(name, false)
	b.raw(0x02)
	b.sub(sub, typ)
	b.raw(0x04)
	b.patch(at)
}

// templateDef writes the template definition: its header (next
// definition, GUID, data size) and its BinXML.
func (b *builder) templateDef() {
	b.u32(0)
	b.u32(templateID)
	b.raw(0x1e, 0x4b, 0x8f, 0x2d, 0x55, 0x61, 0x3a, 0x90, 0x11, 0xe4, 0x27, 0x6c)
	sizeAt := len(b.buf)
	b.u32(0)

	b.raw(0x0f, 1, 1, 0)
	ev := b.open("Event", true)
	al := b.attrList()
	b.attrText("xmlns", "http://schemas.microsoft.com/win/2004/08/events/event")
	b.patch(al)
	b.raw(0x02)

	sys := b.open("System", false)
	b.raw(0x02)

	p := b.open("Provider", true)
	al = b.attrList()
	b.attr("Name", false, subProvider, typeString)
	b.patch(al)
	b.raw(0x03)
	b.patch(p)

	id := b.open("EventID", true)
	al = b.attrList()
	b.attr("Qualifiers", false, subQualifiers, typeUInt16)
	b.patch(al)
	b.raw(0x02)
	b.sub(subEventID, typeUInt16)
	b.raw(0x04)
	b.patch(id)

	b.leaf("Level", subLevel, typeUInt8)
	b.leaf("Task", subTask, typeUInt16)
	b.leaf("Keywords", subKeywords, typeHexInt64)

	tc := b.open("TimeCreated", true)
	al = b.attrList()
	b.attr("SystemTime", false, subTime, typeFiletime)
	b.patch(al)
	b.raw(0x03)
	b.patch(tc)

	b.leaf("EventRecordID", subRecordID, typeUInt64)
	b.leaf("Channel", subChannel, typeString)
	b.leaf("Computer", subComputer, typeString)
	sec := b.open("Security", false)
	b.raw(0x03)
	b.patch(sec)
	b.raw(0x04)
	b.patch(sys)

	ed := b.open("EventData", false)
	b.raw(0x02)
	b.leaf("Data", subData, typeString)
	b.raw(0x04)
	b.patch(ed)

	b.raw(0x04)
	b.patch(ev)
	b.raw(0x00)
	b.patch(sizeAt)
}

// filetime converts t to 100-nanosecond ticks since 1601-01-01 UTC.
func filetime(t time.Time) uint64 {
	const epochDelta = 116444736000000000 // ticks from 1601 to 1970
	return uint64(t.UnixNano()/100) + epochDelta
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(u))
	for i, c := range u {
		binary.LittleEndian.PutUint16(b[2*i:], c)
	}
	return b
}

// TechNote returns the events of the TechNote on CSCvu39643 as the
// AnyConnect channel holds them: acvpnagent warnings, one every 15 s, that
// a query of mus.cisco.com timed out, with the messages around them.
func TechNote() []Event {
	const (
		channel  = "Cisco AnyConnect Secure Mobility Client"
		computer = "DESKTOP-7RK2QF1"
		dnsFile  = `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\common\ip\dnsrequest.cpp`
	)
	start := time.Date(2020, 6, 17, 20, 21, 32, 415000000, time.UTC)
	ev := []Event{
		{Time: start.Add(-40 * time.Second), Level: 4, Provider: "acvpnagent", EventID: 2039, Qualifiers: 25600,
			Data: "The VPN connection has been established and can now pass data."},
		{Time: start.Add(-39 * time.Second), Level: 4, Provider: "acvpnui", EventID: 3021, Qualifiers: 25600,
			Data: "Message type information sent to the user: Establishing VPN session..."},
	}
	for i := range 3 {
		ev = append(ev, Event{Time: start.Add(time.Duration(i) * 15 * time.Second), Level: 3, Provider: "acvpnagent",
			EventID: 2048, Qualifiers: 25600,
			Data: "Function: CDNSRequest::OnSocketReadComplete\r\nFile: " + dnsFile + "\r\nLine: 1147\r\n" +
				"Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)\r\n"})
	}
	ev = append(ev, Event{Time: start.Add(46 * time.Second), Level: 2, Provider: "acvpndownloader", EventID: 5005, Qualifiers: 9216,
		Data: "Function: wWinMain\r\nFile: c:\\temp\\build\\thehoff\\negasonic_mr30.550195061902\\negasonic_mr3\\vpn\\downloader\\downloader.cpp\r\n" +
			"Line: 365\r\nInvoked Function: CDnldrIpc::SendAckMsgToDownloader\r\nReturn Code: -31588340 (0xFE1E000C)\r\nDescription: SOCKETTRANSPORT_ERROR_CONNECT\r\n"})
	for i := range ev {
		ev[i].Channel, ev[i].Computer = channel, computer
	}
	return ev
}
