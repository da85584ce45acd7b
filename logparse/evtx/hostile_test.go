package evtx_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"unicode/utf16"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

const (
	hdrSize   = evtxgen.FileHeaderSize
	chunkSize = evtxgen.ChunkSize
)

var le = binary.LittleEndian

// threeChunks is a file of 250 events in three chunks.
func threeChunks() []byte { return evtxgen.Bytes(musEvents(250)) }

// chunkAt returns chunk i of the file b.
func chunkAt(b []byte, i int) []byte { return b[hdrSize+i*chunkSize : hdrSize+(i+1)*chunkSize] }

// recordsIn returns how many records chunk i of b holds.
func recordsIn(b []byte, i int) int {
	c := chunkAt(b, i)
	return int(le.Uint64(c[16:]) - le.Uint64(c[8:]) + 1)
}

// firstRecord returns the offset in chunk c of its n-th record (0-based).
func recordOffset(c []byte, n int) int {
	off := 512
	for range n {
		off += int(le.Uint32(c[off+4:]))
	}
	return off
}

// withRecord returns a one-chunk file of two good events and a third
// record whose BinXML is made by binxml, given the offset in the chunk
// where the BinXML goes, the offset of the name "Event" in the chunk and
// that of the template definition of the good events.
func withRecord(binxml func(at, eventName, def int) []byte) []byte {
	return appendRecord(evtxgen.Bytes(musEvents(2)), binxml)
}

// appendRecord adds a record to the first chunk of b, a file of one chunk,
// as withRecord describes.
func appendRecord(b []byte, binxml func(at, eventName, def int) []byte) []byte {
	c := chunkAt(b, 0)
	free := int(le.Uint32(c[48:]))
	name := bytes.Index(c, utf16z("Event")) - 8
	def := int(le.Uint32(c[512+24+4+6:]))
	x := binxml(free+24, name, def)
	size := 24 + len(x) + 4
	if free+size > len(c) {
		return b
	}
	rec := c[free : free+size]
	copy(rec, []byte{0x2a, 0x2a, 0, 0})
	le.PutUint32(rec[4:], uint32(size))
	le.PutUint64(rec[8:], 3)
	le.PutUint64(rec[16:], le.Uint64(c[512+16:]))
	copy(rec[24:], x)
	le.PutUint32(rec[size-4:], uint32(size))
	le.PutUint64(c[16:], 3)
	le.PutUint64(c[32:], 3)
	le.PutUint32(c[44:], uint32(free))
	le.PutUint32(c[48:], uint32(free+size))
	evtxgen.SetChunkChecksums(c)
	return b
}

// utf16z returns s in UTF-16LE with its NUL.
func utf16z(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = le.AppendUint16(b, u)
	}
	return append(b, 0, 0)
}

func u32(v int) []byte { return le.AppendUint32(nil, uint32(v)) }

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

var fragment = []byte{0x0f, 1, 1, 0}

// element returns an element start token naming the name at offset name.
func element(name int) []byte { return cat([]byte{0x01, 0xff, 0xff}, u32(0), u32(name)) }

type hostileCase struct {
	name    string
	file    func() []byte
	newErr  error   // what NewReader returns, when it refuses the file
	errs    []error // what the errors wrap, in order
	chunk   int     // chunk the first error names, -1 for the file header
	records int     // records read without error
}

func hostile() []hostileCase {
	return []hostileCase{
		{
			name:   "bad file magic",
			file:   func() []byte { b := threeChunks(); copy(b, "ElfFilx\x00"); return b },
			newErr: logparse.ErrMalformed,
		},
		{
			name:   "file cut in its header",
			file:   func() []byte { return threeChunks()[:1000] },
			newErr: logparse.ErrTruncated,
		},
		{
			name: "bad header checksum",
			file: func() []byte { b := threeChunks(); b[124] ^= 1; return b },
			errs: []error{evtx.ErrChecksum}, chunk: -1, records: 250,
		},
		{
			name: "header counts more chunks than the file holds",
			file: func() []byte {
				b := threeChunks()
				le.PutUint16(b[42:], 7)
				evtxgen.SetFileChecksum(b)
				return b
			},
			errs: []error{logparse.ErrTruncated}, chunk: -1, records: 250,
		},
		{
			name: "header counts fewer chunks than the file holds",
			file: func() []byte {
				b := threeChunks()
				le.PutUint16(b[42:], 1)
				evtxgen.SetFileChecksum(b)
				return b
			},
			errs: []error{logparse.ErrMalformed}, chunk: 1, records: 250,
		},
		{
			name:    "zeroed slots past the chunks in use",
			file:    func() []byte { return append(threeChunks(), make([]byte, 2*chunkSize)...) },
			records: 250,
		},
		{
			name: "file cut inside a chunk",
			file: func() []byte { b := threeChunks(); return b[:hdrSize+chunkSize+20000] },
			// The cut chunk's records up to the cut are read.
			errs: []error{logparse.ErrTruncated, logparse.ErrTruncated, logparse.ErrTruncated}, chunk: -1,
			records: -1,
		},
		{
			name: "bad chunk magic",
			file: func() []byte { b := threeChunks(); copy(chunkAt(b, 1), "ElfChnX"); return b },
			errs: []error{logparse.ErrMalformed}, chunk: 1, records: -2,
		},
		{
			name: "bad chunk header checksum",
			file: func() []byte { b := threeChunks(); chunkAt(b, 1)[124] ^= 1; return b },
			errs: []error{evtx.ErrChecksum}, chunk: 1, records: 250,
		},
		{
			name: "bad records checksum",
			file: func() []byte {
				b := threeChunks()
				c := chunkAt(b, 2)
				i := bytes.Index(c, utf16z("mus")[:6])
				c[i] = 'n'
				return b
			},
			errs: []error{evtx.ErrChecksum}, chunk: 2, records: 250,
		},
		{
			name: "record size past the chunk",
			file: func() []byte {
				b := threeChunks()
				c := chunkAt(b, 0)
				le.PutUint32(c[recordOffset(c, 0)+4:], 0x7fffffff)
				evtxgen.SetChunkChecksums(c)
				return b
			},
			errs: []error{logparse.ErrMalformed}, chunk: 0, records: 249,
		},
		{
			name: "record size and its copy differ",
			file: func() []byte {
				b := threeChunks()
				c := chunkAt(b, 0)
				off := recordOffset(c, 5)
				le.PutUint32(c[off+4:], le.Uint32(c[off+4:])+8)
				evtxgen.SetChunkChecksums(c)
				return b
			},
			errs: []error{logparse.ErrMalformed}, chunk: 0, records: 249,
		},
		{
			name: "record identifier 0",
			file: func() []byte {
				b := threeChunks()
				c := chunkAt(b, 0)
				le.PutUint64(c[recordOffset(c, 3)+8:], 0)
				evtxgen.SetChunkChecksums(c)
				return b
			},
			// The record comes with the error, without a position.
			errs: []error{logparse.ErrMalformed}, chunk: 0, records: 249,
		},
		{
			name: "template that instantiates itself",
			file: func() []byte {
				return withRecord(func(at, _, _ int) []byte {
					def := at + 4 + 10
					data := cat(fragment, []byte{0x0c, 1}, u32(1), u32(def), u32(0), []byte{0})
					return cat(fragment, []byte{0x0c, 1}, u32(1), u32(def),
						u32(0), make([]byte, 16), u32(len(data)), data, u32(0), []byte{0})
				})
			},
			errs: []error{logparse.ErrTooLarge}, chunk: 0, records: 2,
		},
		{
			name: "template offset into its own instance",
			file: func() []byte {
				return withRecord(func(at, _, _ int) []byte {
					return cat(fragment, []byte{0x0c, 1}, u32(1), u32(at+4), u32(0), []byte{0})
				})
			},
			errs: []error{logparse.ErrMalformed}, chunk: 0, records: 2,
		},
		{
			name: "template offset past the chunk",
			file: func() []byte {
				return withRecord(func(at, _, _ int) []byte {
					return cat(fragment, []byte{0x0c, 1}, u32(1), u32(0xfff0), u32(0), []byte{0})
				})
			},
			errs: []error{logparse.ErrMalformed}, chunk: 0, records: 2,
		},
		{
			name: "huge string length",
			file: func() []byte {
				return withRecord(func(at, name, _ int) []byte {
					return cat(fragment, element(name), []byte{0x02, 0x05, 0x01, 0xff, 0xff}, utf16z("short"), []byte{0x04, 0})
				})
			},
			errs: []error{logparse.ErrTruncated}, chunk: 0, records: 2,
		},
		{
			name: "huge substitution count",
			file: func() []byte {
				return withRecord(func(at, _, def int) []byte {
					return cat(fragment, []byte{0x0c, 1}, u32(1), u32(def), u32(0x7fffffff), []byte{0})
				})
			},
			errs: []error{logparse.ErrTruncated}, chunk: 0, records: 2,
		},
		{
			name: "deep nesting",
			file: func() []byte {
				return withRecord(func(at, name, _ int) []byte {
					var x []byte
					x = append(x, fragment...)
					for range 200 {
						x = append(x, element(name)...)
						x = append(x, 0x02)
					}
					x = append(x, bytes.Repeat([]byte{0x04}, 200)...)
					return append(x, 0)
				})
			},
			errs: []error{logparse.ErrTooLarge}, chunk: 0, records: 2,
		},
		{
			name: "name offset past the chunk",
			file: func() []byte {
				return withRecord(func(at, name, _ int) []byte {
					return cat(fragment, element(0x7ffffff0), []byte{0x03, 0})
				})
			},
			errs: []error{logparse.ErrMalformed}, chunk: 0, records: 2,
		},
	}
}

func TestHostile(t *testing.T) {
	for _, tc := range hostile() {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.file()
			r, err := evtx.NewReader(bytes.NewReader(b), int64(len(b)), &logparse.Options{File: "x.evtx"})
			if tc.newErr != nil {
				if r != nil || !errors.Is(err, tc.newErr) {
					t.Fatalf("NewReader = %v, %v; want nil, %v", r, err, tc.newErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			recs, errs := readAll(t, r)
			for i, err := range errs {
				t.Logf("error %d: %v", i, err)
			}
			if len(errs) < len(tc.errs) {
				t.Fatalf("%d errors, want at least %d: %v", len(errs), len(tc.errs), errs)
			}
			if len(tc.errs) == 0 && len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			for i, want := range tc.errs {
				if !errors.Is(errs[i], want) {
					t.Errorf("error %d = %v, want %v", i, errs[i], want)
				}
			}
			if len(errs) > 0 {
				var ee *evtx.Error
				if !errors.As(errs[0], &ee) || ee.Chunk != tc.chunk {
					t.Errorf("first error %v, want it in chunk %d", errs[0], tc.chunk)
				}
			}
			good := 0
			for _, rec := range recs {
				if rec.Source != "" {
					good++
				}
			}
			want := tc.records
			switch want {
			case -1: // the records of the chunks before the cut, and some
				want = recordsIn(b, 0)
				if good <= want {
					t.Errorf("%d records, want more than %d", good, want)
				}
				return
			case -2: // all but those of the bad chunk
				full := threeChunks()
				want = 250 - recordsIn(full, 1)
			}
			if good != want {
				t.Errorf("%d records, want %d", good, want)
			}
		})
	}
}
