package dnscapture

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
)

// MaxPacketSize is the largest captured packet length a [Reader] accepts,
// libpcap's MAXIMUM_SNAPLEN. A record claiming more is an error wrapping
// [ErrTooLarge]; its bytes are never allocated.
const MaxPacketSize = 262144

// MaxBlockSize is the largest pcapng block a [Reader] accepts.
const MaxBlockSize = 16 << 20

const (
	magicPcapMicro = 0xa1b2c3d4
	magicPcapNano  = 0xa1b23c4d
	magicPcapng    = 0x0a0d0d0a
	ngBOM          = 0x1a2b3c4d
)

// framer walks the record structure of a capture in front of pcapgo. It
// checks every record length before pcapgo sees it, so that pcapgo never
// reads a record longer than MaxPacketSize (or a block longer than
// MaxBlockSize), and it tells where each record starts, so that errors can
// carry a frame number and an offset. pcapgo does the decoding proper.
type framer struct {
	src      *bufio.Reader
	ng       bool
	order    binary.ByteOrder
	off      int64 // offset of the next byte handed out
	remain   int64 // bytes of the current record not yet handed out
	start    int64 // offset of the current record
	size     int64 // length of the current record
	frames   int   // packet records started
	cur      int   // frame number to report for the current record
	header   bool  // pcap: file header handed out
	isPacket bool  // the current record is a packet
	err      error // sticky
}

func (f *framer) Read(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	if f.remain == 0 {
		if err := f.next(); err != nil {
			f.err = err
			return 0, err
		}
	}
	if int64(len(p)) > f.remain {
		p = p[:f.remain]
	}
	n, err := f.src.Read(p)
	f.off += int64(n)
	f.remain -= int64(n)
	if err == io.EOF && n == 0 {
		f.err = f.errorf(ErrTruncated, "record of %d bytes ends after %d", f.size, f.size-f.remain)
		return 0, f.err
	}
	if err != nil && err != io.EOF {
		f.err = err
		if n == 0 {
			return 0, err
		}
	}
	return n, nil
}

// errorf returns an *Error for the current record.
func (f *framer) errorf(sentinel error, format string, args ...any) error {
	return &Error{Frame: f.cur, Offset: f.start, Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)}
}

// peek returns the next n bytes. It reports io.EOF if the input ends
// exactly here and a truncation error if it ends within n bytes.
func (f *framer) peek(n int, what string) ([]byte, error) {
	b, err := f.src.Peek(n)
	if len(b) == n {
		return b, nil
	}
	if len(b) == 0 && err == io.EOF {
		return nil, io.EOF
	}
	if err == io.EOF || err == nil {
		return nil, f.errorf(ErrTruncated, "%s cut after %d of %d bytes", what, len(b), n)
	}
	return nil, err
}

// next reads the header of the next record and sets remain to its length.
func (f *framer) next() error {
	f.start = f.off
	f.isPacket = false
	f.cur = f.frames + 1
	if !f.ng && !f.header {
		f.cur = 0
	}
	if f.ng {
		return f.nextBlock()
	}
	if !f.header {
		if _, err := f.peek(24, "file header"); err != nil {
			if err == io.EOF {
				return f.errorf(ErrTruncated, "empty file")
			}
			return err
		}
		f.header = true
		f.size, f.remain = 24, 24
		return nil
	}
	b, err := f.peek(16, "record header")
	if err != nil {
		return err
	}
	f.frames++
	caplen := f.order.Uint32(b[8:12])
	if caplen > MaxPacketSize {
		return f.errorf(ErrTooLarge, "record claims %d bytes, more than %d", caplen, MaxPacketSize)
	}
	f.size = 16 + int64(caplen)
	f.remain = f.size
	return nil
}

func (f *framer) nextBlock() error {
	b, err := f.peek(8, "block header")
	if err != nil {
		if err == io.EOF && f.off == 0 {
			return f.errorf(ErrTruncated, "empty file")
		}
		return err
	}
	typ := f.order.Uint32(b[0:4])
	if typ == magicPcapng {
		b, err = f.peek(12, "section header")
		if err != nil {
			if err == io.EOF {
				err = f.errorf(ErrTruncated, "section header cut")
			}
			return err
		}
		switch {
		case binary.LittleEndian.Uint32(b[8:12]) == ngBOM:
			f.order = binary.LittleEndian
		case binary.BigEndian.Uint32(b[8:12]) == ngBOM:
			f.order = binary.BigEndian
		default:
			return f.errorf(ErrMalformed, "bad byte-order magic in section header")
		}
	}
	length := f.order.Uint32(b[4:8])
	f.isPacket = typ == 2 || typ == 3 || typ == 6
	if length < 12 || length%4 != 0 {
		return f.errorf(ErrMalformed, "block length %d", length)
	}
	if length > MaxBlockSize {
		return f.errorf(ErrTooLarge, "block claims %d bytes, more than %d", length, MaxBlockSize)
	}
	if f.isPacket {
		hdr := 28 // enhanced and obsolete packet blocks
		if typ == 3 {
			hdr = 12
		}
		if int(length) < hdr+4 {
			return f.errorf(ErrMalformed, "packet block length %d", length)
		}
		if typ != 3 {
			b, err = f.peek(28, "packet block header")
			if err != nil {
				if err == io.EOF {
					err = f.errorf(ErrTruncated, "packet block header cut")
				}
				return err
			}
			caplen := f.order.Uint32(b[20:24])
			if caplen > MaxPacketSize {
				return f.errorf(ErrTooLarge, "packet claims %d bytes, more than %d", caplen, MaxPacketSize)
			}
			if int64(caplen) > int64(length)-32 {
				return f.errorf(ErrMalformed, "packet of %d bytes in a block of %d", caplen, length)
			}
		} else if length-16 > MaxPacketSize {
			return f.errorf(ErrTooLarge, "packet claims %d bytes, more than %d", length-16, MaxPacketSize)
		}
	}
	if f.isPacket {
		f.frames++
	}
	f.size = int64(length)
	f.remain = f.size
	return nil
}
