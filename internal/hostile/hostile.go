// Package hostile makes damaged and malicious bundles for tests: zip bombs,
// nested bombs, archives of many entries, lying headers, traversal names,
// truncated and corrupt archives, broken encodings, endless lines and
// control characters. Everything is built in memory from code and depends
// only on the arguments, so the bytes are the same on every run and nothing
// big is kept in the repository.
package hostile

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
)

// Mod is the modification time of every generated entry.
var Mod = time.Date(2021, 6, 17, 10, 0, 0, 0, time.UTC)

// An Entry is one file of a generated archive.
type Entry struct {
	Name string
	Data []byte
	// Store keeps the data uncompressed (zip); the default is deflate.
	Store bool
}

// E returns an entry named name holding text.
func E(name, text string) Entry { return Entry{Name: name, Data: []byte(text)} }

// Zip returns the entries as a zip archive, as archive/zip writes it:
// deflated entries carry a data descriptor, stored ones do not.
func Zip(entries ...Entry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		var w io.Writer
		var err error
		if e.Store {
			w, err = zw.CreateRaw(&zip.FileHeader{Name: e.Name, Method: zip.Store, Modified: Mod,
				CRC32: crc32.ChecksumIEEE(e.Data), CompressedSize64: uint64(len(e.Data)), UncompressedSize64: uint64(len(e.Data))})
		} else {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: Mod})
		}
		if err != nil {
			panic(err)
		}
		w.Write(e.Data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// RawEntry is a zip entry written exactly as described: its data are
// already compressed, and its sizes and checksum may lie.
type RawEntry struct {
	Name       string
	Method     uint16 // zip.Store or zip.Deflate
	Compressed []byte
	CRC32      uint32
	Size       uint64 // the uncompressed size the headers declare
}

// RawZip returns a zip of raw entries, whose headers say what the entries
// say, true or not.
func RawZip(entries ...RawEntry) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.Name, Method: e.Method, Modified: Mod,
			CRC32: e.CRC32, CompressedSize64: uint64(len(e.Compressed)), UncompressedSize64: e.Size})
		if err != nil {
			panic(err)
		}
		w.Write(e.Compressed)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Deflate returns data compressed with deflate at the given level
// (flate.NoCompression keeps the bytes visible in stored blocks).
func Deflate(data []byte, level int) []byte {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, level)
	if err != nil {
		panic(err)
	}
	fw.Write(data)
	fw.Close()
	return buf.Bytes()
}

// Zeros is an io.Reader of n zero bytes that holds none of them.
func Zeros(n int64) io.Reader { return io.LimitReader(zeroReader{}, n) }

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// Bomb returns a zip of one deflated entry, name, that inflates to size
// zero bytes: about a thousand times its compressed size.
func Bomb(name string, size int64) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	io.Copy(fw, Zeros(size))
	fw.Close()
	return RawZip(RawEntry{Name: name, Method: zip.Deflate, Compressed: comp.Bytes(),
		CRC32: crc32Zeros(size), Size: uint64(size)})
}

func crc32Zeros(n int64) uint32 {
	h := crc32.NewIEEE()
	io.Copy(h, Zeros(n))
	return h.Sum32()
}

// NestedBomb returns a 42.zip-style archive: depth levels of zips, each
// holding width copies of the level below, the innermost holding width
// files of leaf zero bytes. Inflated whole it is width^(depth+1) × leaf
// bytes.
func NestedBomb(depth, width int, leaf int64) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	io.Copy(fw, Zeros(leaf))
	fw.Close()
	sum := crc32Zeros(leaf)
	var level []byte
	for d := 0; d <= depth; d++ {
		var entries []RawEntry
		for i := range width {
			if d == 0 {
				entries = append(entries, RawEntry{Name: fmt.Sprintf("%d.log", i), Method: zip.Deflate,
					Compressed: comp.Bytes(), CRC32: sum, Size: uint64(leaf)})
			} else {
				entries = append(entries, RawEntry{Name: fmt.Sprintf("lib%d.zip", i), Method: zip.Store,
					Compressed: level, CRC32: crc32.ChecksumIEEE(level), Size: uint64(len(level))})
			}
		}
		level = RawZip(entries...)
	}
	return level
}

// Nested returns inner wrapped in depth zips, each holding the next one as
// level1.zip, level2.zip, ...: a bundle nested past any sensible depth.
func Nested(depth int, inner ...Entry) []byte {
	z := Zip(inner...)
	for d := depth; d >= 1; d-- {
		z = Zip(Entry{Name: fmt.Sprintf("level%d.zip", d), Data: z, Store: true})
	}
	return z
}

// ManyEntries returns a zip of n stored entries of a few bytes each, named
// f/000000.txt and on.
func ManyEntries(n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	data := []byte("x\n")
	sum := crc32.ChecksumIEEE(data)
	for i := range n {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("f/%06d.txt", i), Method: zip.Store,
			CRC32: sum, CompressedSize64: 2, UncompressedSize64: 2})
		if err != nil {
			panic(err)
		}
		w.Write(data)
	}
	zw.Close()
	return buf.Bytes()
}

// ManyFolders returns a zip of n empty folder entries, d/000000/ and on,
// and one file, x.txt.
func ManyFolders(n int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		if _, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("d/%06d/", i)}); err != nil {
			panic(err)
		}
	}
	w, _ := zw.Create("x.txt")
	w.Write([]byte("x\n"))
	zw.Close()
	return buf.Bytes()
}

// FalseSignatures returns a zip of one stored entry, hosts, followed by a
// zero byte, where the next local header would be, and n bytes of false
// local-header signatures, and no central directory: bare
// signatures, and headers each right but for one field (a version or a
// method that does not exist, a name too long, empty, with a NUL byte or
// climbing out with "..", stored sizes that differ), packed as tight as
// they go so that each is checked.
func FalseSignatures(n int) []byte {
	data := []byte("127.0.0.1 localhost\n")
	z := RawZip(RawEntry{Name: "hosts", Method: zip.Store, Compressed: data, CRC32: crc32.ChecksumIEEE(data), Size: uint64(len(data))})
	z = z[:bytes.Index(z, []byte("PK\x01\x02"))]
	header := func(version, method uint16, size uint32, name string, nameLen uint16) []byte {
		h := binary.LittleEndian.AppendUint32(nil, 0x04034b50)
		h = binary.LittleEndian.AppendUint16(h, version)
		h = binary.LittleEndian.AppendUint16(h, 0) // flags
		h = binary.LittleEndian.AppendUint16(h, method)
		h = binary.LittleEndian.AppendUint32(h, 0)    // time and date
		h = binary.LittleEndian.AppendUint32(h, 0)    // crc
		h = binary.LittleEndian.AppendUint32(h, size) // compressed
		h = binary.LittleEndian.AppendUint32(h, 0)    // uncompressed
		h = binary.LittleEndian.AppendUint16(h, nameLen)
		h = binary.LittleEndian.AppendUint16(h, 0)
		return append(h, name...)
	}
	fakes := [][]byte{
		[]byte("PK\x03\x04PK\x03\x04PK\x03\x04"),
		header(20, 8, 0, "\x00", 1),
		header(20, 8, 0, "../x", 4),
		header(20, 8, 0, "", 0),
		header(20, 8, 0, "a", 0xffff),
		header(0xff, 8, 0, "a", 1),
		header(20, 77, 0, "a", 1),
		header(20, 0, 1, "a", 1),
	}
	z = append(z, 0)
	var buf bytes.Buffer
	for i := 0; buf.Len() < n; i++ {
		buf.Write(fakes[i%len(fakes)])
	}
	return append(z, buf.Bytes()[:n]...)
}

// Garbled returns zip z without its central directory, and with garbage
// (text holding false local-header signatures) before the local header of
// each entry after the first, as a zip cut short and damaged in the middle.
func Garbled(z []byte) []byte {
	junk := []byte(strings.Repeat("garbage PK\x03\x04 ", 8))
	var out []byte
	rest := z[:bytes.Index(z, []byte("PK\x01\x02"))]
	for {
		next := bytes.Index(rest[1:], []byte("PK\x03\x04"))
		if next < 0 {
			return append(out, rest...)
		}
		out = append(append(out, rest[:next+1]...), junk...)
		rest = rest[next+1:]
	}
}

// Misplaced returns zip z with junk inserted before the local header of
// its last entry: the central directory, whole, then gives the wrong
// offsets of the entries before it.
func Misplaced(z []byte) []byte {
	dir := bytes.Index(z, []byte("PK\x01\x02"))
	at := bytes.LastIndex(z[:dir], []byte("PK\x03\x04"))
	return slices.Concat(z[:at], []byte("junk PK\x03\x04 junk"), z[at:])
}

// SentTwice returns zip z with the entry named name, from its local header
// to the next one, sent twice, as a transfer that repeats a part of the
// file does. When the entry before it is as long, the central directory,
// whole, then gives that entry the offset of the first copy: archive/zip
// reads the wrong entry there.
func SentTwice(z []byte, name string) []byte {
	at := bytes.Index(z, []byte(name)) - 30
	end := at + 1 + bytes.Index(z[at+1:], []byte("PK\x03\x04"))
	if end == at {
		end = bytes.Index(z, []byte("PK\x01\x02")) // the last entry
	}
	return slices.Concat(z[:end], z[at:end], z[end:])
}

// LostDescriptors returns zip z, made by a zip.Writer, without its central
// directory and with the data descriptor after each entry but the last
// overwritten with zeroes: no entry says where its data ends.
func LostDescriptors(z []byte) []byte {
	z = bytes.Clone(z[:bytes.Index(z, []byte("PK\x01\x02"))])
	sig := []byte("PK\x07\x08")
	last := bytes.LastIndex(z, sig)
	for at := bytes.Index(z, sig); at >= 0 && at < last; {
		clear(z[at : at+16])
		k := bytes.Index(z[at:], sig)
		if k < 0 {
			break
		}
		at += k
	}
	return z
}

// ManyLostDescriptors returns a zip of n small deflated entries, named
// f/000000.txt and on, with no central directory and every data
// descriptor but the last lost (see LostDescriptors).
func ManyLostDescriptors(n int) []byte {
	entries := make([]Entry, n)
	for i := range entries {
		entries[i] = E(fmt.Sprintf("f/%06d.txt", i), fmt.Sprintf("%d %x\n", i, uint32(i)*2654435761))
	}
	return LostDescriptors(Zip(entries...))
}

// TraversalNames are entry names that try to leave the folder an archive
// would be extracted to, or to hide what they are, mapped to the name a
// bundle must list them under.
var TraversalNames = map[string]string{
	"../../etc/passwd":             "etc/passwd",
	"/abs/file.txt":                "abs/file.txt",
	`C:\Windows\x.txt`:             "Windows/x.txt",
	`..\..\boot.ini`:               "boot.ini",
	"nul\x00byte.txt":              "nul%00byte.txt",
	"bad\xffutf8.txt":              "bad%FFutf8.txt",
	"a/./b/../../../../../up.txt":  "up.txt",
	"d/" + strings.Repeat("n", 60): "d/" + strings.Repeat("n", 60),
}

// LongName is an entry name of n bytes (3 to 65535, what zip allows): a
// file deep in folders named "ab".
func LongName(n int) string {
	head := strings.Repeat("x", n%3+3)
	return head + strings.Repeat("/ab", (n-len(head))/3)
}

// TarGz returns the entries as a gzip-compressed tar archive.
func TarGz(entries ...Entry) []byte {
	var buf bytes.Buffer
	gw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gw)
	for _, e := range entries {
		tw.WriteHeader(&tar.Header{Name: e.Name, Mode: 0o644, Size: int64(len(e.Data)), ModTime: Mod, Typeflag: tar.TypeReg})
		tw.Write(e.Data)
	}
	tw.Close()
	gw.Close()
	return buf.Bytes()
}

// Random returns n pseudo-random bytes, the same for the same seed.
func Random(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// UTF16LE returns s encoded as UTF-16LE with a byte-order mark.
func UTF16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// BrokenUTF16 returns UTF-16LE text (with a byte-order mark) of the lines
// given, damaged: a lone high surrogate replaces the first character of
// line high, a lone low surrogate that of line low (0-based; a line out of
// range or empty is left alone), and an odd byte ends the text.
func BrokenUTF16(high, low int, lines ...string) []byte {
	b := UTF16LE(strings.Join(lines, "\r\n") + "\r\n")
	// at is the offset of the first character of line i.
	at := func(i int) int {
		off := 2
		for _, l := range lines[:i] {
			off += 2 * (len(utf16.Encode([]rune(l))) + 2)
		}
		return off
	}
	for i, unit := range map[int]byte{high: 0xD8, low: 0xDC} {
		if i >= 0 && i < len(lines) && len(lines[i]) > 0 {
			b[at(i)], b[at(i)+1] = 0x00, unit
		}
	}
	return append(b, 'X')
}

// LongLine is an io.Reader of a syslog file whose first line is a syslog
// line n bytes long, followed by the given lines. It holds one small
// buffer, whatever n: n may be a gigabyte.
func LongLine(n int64, after ...string) io.Reader {
	prefix := "Jun 17 10:00:00 pc acvpnagent[1]: "
	var body int64
	if n > int64(len(prefix)) {
		body = n - int64(len(prefix))
	}
	return io.MultiReader(
		strings.NewReader(prefix),
		io.LimitReader(repeatReader('x'), body),
		strings.NewReader("\n"+strings.Join(after, "\n")+"\n"),
	)
}

type repeatReader byte

func (r repeatReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	p[0] = byte(r)
	for n := 1; n < len(p); n *= 2 {
		copy(p[n:], p[:n])
	}
	return len(p), nil
}

// Escapes is text meant to take over a terminal: ANSI colour, cursor and
// screen-clearing sequences, a title change, a bell, a carriage return and
// a right-to-left override.
const Escapes = "\x1b[31mRED\x1b[0m \x1b[2J\x1b[H\x1b]0;owned\x07 bell\a cr\rback \u202eevil"

// CutEventLog returns an event-log export of one whole record followed by
// one cut in its middle, as a DART event log cut in transfer.
func CutEventLog() string {
	rec := "******************************************\r\n" +
		"Date\t\t: 06/17/2021\r\nTime\t\t: 10:00:%02d\r\nType\t\t: Error\r\nSource\t\t: acvpnagent\r\n\r\n" +
		"Description : Function: CHostLocator::resolve File: HostLocator.cpp Line: 10 Invoked Function: getaddrinfo Return Code: -31129588 (0xFE25000C) Description: SOCKETSUPPORT_ERROR_GETADDRINFO\r\n\r\n"
	whole := fmt.Sprintf(rec, 1)
	cut := fmt.Sprintf(rec, 2)
	return whole + cut[:strings.Index(cut, "Source")]
}

// A Case is one small hostile input, for fuzzing seeds and table tests.
type Case struct {
	Name string
	Data []byte
}

// Cases returns small hostile archives, each a few kilobytes at most.
func Cases() []Case {
	log := E("AnyConnectVPN.txt", CutEventLog())
	whole := Zip(log, E("hosts", "127.0.0.1 localhost\n"))
	var traversal []Entry
	for name := range TraversalNames {
		traversal = append(traversal, E(name, "x\n"))
	}
	slices.SortFunc(traversal, func(a, b Entry) int { return strings.Compare(a.Name, b.Name) })
	text := []byte("checksummed text\n")
	corrupt := corruptStored(RawZip(RawEntry{Name: "a.txt", Method: zip.Deflate,
		Compressed: Deflate(text, flate.NoCompression), CRC32: crc32.ChecksumIEEE(text), Size: uint64(len(text))}))
	return []Case{
		{"bomb", Bomb("bomb.txt", 1<<20)},
		{"nested bomb", NestedBomb(2, 2, 64<<10)},
		{"deep nesting", Nested(6, E("deep.txt", "x\n"))},
		{"many entries", ManyEntries(300)},
		{"lying size", RawZip(RawEntry{Name: "lie.txt", Method: zip.Store, Compressed: []byte("short\n"), CRC32: crc32.ChecksumIEEE([]byte("short\n")), Size: 1 << 40})},
		{"traversal names", Zip(traversal...)},
		{"duplicate names", Zip(E("a/x.txt", "1\n"), E(`a\x.txt`, "2\n"), E("a/x.txt", "3\n"))},
		{"checksum mismatch", corrupt},
		{"truncated zip", whole[:len(whole)*2/3]},
		{"garbled zip", Garbled(whole)},
		{"false signatures", FalseSignatures(4 << 10)},
		{"lost descriptors", LostDescriptors(whole)},
		{"misplaced entries", Misplaced(whole)},
		{"entry sent twice", SentTwice(Zip(Entry{"a.txt", []byte("first entry\n"), true}, Entry{"b.txt", []byte("other entry\n"), true}, E("c.txt", "last\n")), "b.txt")},
		{"empty", nil},
		{"no entries", Zip()},
		{"cut tar.gz", func() []byte { t := TarGz(log, E("hosts", "x\n")); return t[:len(t)/2] }()},
		{"broken utf-16", Zip(Entry{Name: "AnyConnectVPN.txt", Data: BrokenUTF16(0, 1, "Date : 06/17/2021", "Time : 10:00:00")})},
		{"random named log", Zip(Entry{Name: "AnyConnectVPN.txt", Data: Random(1, 2048), Store: true})},
		{"escapes", Zip(E("esc\x1b[31m.log", "Jun 17 10:00:00 pc acvpnagent[1]: "+Escapes+"\n"))},
	}
}

// corruptStored changes one byte of the first stored-block data in zip z,
// so that it still inflates but fails its checksum.
func corruptStored(z []byte) []byte {
	z = bytes.Clone(z)
	i := bytes.Index(z, []byte("checksummed"))
	z[i] ^= 0x20
	return z
}

// Get returns the data of the case of Cases with this name; it panics if
// there is none.
func Get(name string) []byte {
	for _, c := range Cases() {
		if c.Name == name {
			return c.Data
		}
	}
	panic("hostile: no case " + name)
}

// ManySeeded returns a zip of n small entries made from seed: text files, logs
// and profiles of a few to a few hundred bytes, stored or deflated, under
// a few folders, as a bundle inflated with copies of small files would be.
func ManySeeded(seed uint64, n int) []byte {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	kinds := []struct{ name, text string }{
		{"f%06d.txt", "Host Name: pc%d\nOS Name: Microsoft Windows 10\n"},
		{"log%06d.log", "Jun 17 10:00:%02d pc acvpnagent[1]: Function: f File: x.cpp Line: 1 text\n"},
		{"p%06d.xml", "<AnyConnectProfile><ServerList><HostEntry><HostAddress>vpn%d.example.com</HostAddress></HostEntry></ServerList></AnyConnectProfile>\n"},
		{"n%06d", "%d\n"},
	}
	entries := make([]Entry, n)
	for i := range entries {
		k := kinds[rng.IntN(len(kinds))]
		var text bytes.Buffer
		for range 1 + rng.IntN(4) {
			fmt.Fprintf(&text, k.text, rng.IntN(60))
		}
		entries[i] = Entry{
			Name:  fmt.Sprintf("d%d/", rng.IntN(8)) + fmt.Sprintf(k.name, i),
			Data:  text.Bytes(),
			Store: rng.IntN(2) == 0,
		}
	}
	return Zip(entries...)
}
