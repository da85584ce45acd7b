// Package evtx reads Windows XML event log files (.evtx), the binary form
// of the event log that DART bundles carry (AnyConnect.evtx beside its text
// export; System.evtx, Application.evtx and DART.evtx alone), and turns each
// event into a [logparse.Record]. [Reader] implements
// [logparse.RecordReader].
//
// # Format
//
// A file is a 4096-byte header followed by chunks of 64 KiB. Each chunk
// holds a header, a table of the names and one of the templates its
// records use, and event records. A record's body is BinXML, a binary
// encoding of XML whose element and attribute names are offsets of names
// stored in the chunk. Windows writes each record as an instance of a
// template (an XML skeleton stored once in the chunk, in the first record
// that uses it) with substitution values: the record's own provider, time,
// level and message. The reader follows those instances and reads the
// values a Record needs; it does not build the XML.
//
// # Records
//
// Each event record becomes one Record:
//
//   - Time is System/TimeCreated/@SystemTime (a FILETIME, UTC, to the
//     100 ns), and HasZone is true. A record without it gets the time its
//     record header says it was written.
//   - Level is System/Level: 1 critical, 2 error, 3 warning, 4 information,
//     5 verbose (LevelDebug). Classic events carry 0, which Event Viewer
//     shows as Information: it is LevelInfo. Other values are LevelUnknown.
//   - Source is System/Provider/@Name (or @EventSourceName when it has no
//     Name), Host is System/Computer, PID is System/Execution/@ProcessID.
//   - EventID is System/EventID without its Qualifiers: a classic source's
//     Information event 2048 with Qualifiers 25600 gives 2048.
//   - The message is the text of the EventData elements (Data, and any
//     other but Binary) and of the UserData elements, one element's text a
//     line, in document order. Classic AnyConnect providers put the whole
//     message, debug header included, in one Data string: the header is
//     split off with [logparse.ParseHeader] into Record.Header, as the text
//     readers do, and Message is the rest, with trailing blanks and line
//     ends removed. Names of Data elements (the Name attribute) are not
//     kept. Numbers and other typed values are written as text: decimal,
//     0x-prefixed hexadecimal for the Hex types, RFC 3339 for times.
//   - Pos.File is Options.File and Pos.Line the event record identifier
//     from the record's header: the number Event Viewer shows as Event
//     Record ID, which evidence can cite. It is not a line number.
//   - Repeat is 1.
//
// Records come in the order the file stores them: chunks in file order,
// and within a chunk records by offset, which is increasing record
// identifier. The reader does not sort: in a log that has wrapped, the
// oldest chunk need not come first.
//
// # Errors
//
// A problem confined to the file header, one chunk or one record is a
// *[logparse.ParseError] whose Err is an *[Error] giving the chunk and the
// byte offset in the file, wrapping [logparse.ErrMalformed],
// [logparse.ErrTruncated], [logparse.ErrTooLarge] or [ErrChecksum] (which
// wraps ErrMalformed). Its Pos.Line is the record identifier when the
// problem is in a record. Reading goes on after it:
//
//   - a chunk without its signature is skipped; a chunk slot past the
//     chunks the header counts that is all zeros is an unused slot, and
//     skipped silently;
//   - a checksum that does not match (file header, chunk header, chunk
//     records) is reported, and the chunk is still read: every record is
//     checked on its own, and a damaged chunk may be the only copy of its
//     events;
//   - a header that counts more chunks than the file holds is reported as
//     truncated; one that counts fewer is reported once, and the chunks
//     past its count that have a signature are read;
//   - a record whose size runs past the chunk's records, or whose copy of
//     its size at its end differs, is reported and the reader looks for
//     the next record signature whose frame is whole;
//   - a record whose BinXML is damaged is reported together with what
//     could be read of it.
//
// Problems of the header and of a chunk come before the chunk's records.
// [NewReader] refuses a file without the EVTX signature or cut inside its
// header. A file that ends before the size it was given is reported as
// truncated, once, where it ends, and reading stops there. Other errors of
// the io.ReaderAt end the input.
//
// # Limits
//
// A Reader holds one chunk (64 KiB), the record being built and, per
// chunk, the kinds of the names its records used; template definitions are
// read in place in the chunk. Work per record is bounded: at most 65536
// tokens and substitution values, elements 64 deep, template instances and
// BinXML values nested 8 deep, and a message of Options.MaxRecordSize.
// Past these the record is reported with ErrTooLarge, so that templates
// that instantiate themselves end.
//
// Records' strings are their own: a kept Record holds no chunk.
//
// # Not golang-evtx
//
// github.com/0xrawsec/golang-evtx v1.2.9 was judged as a dependency and not
// taken. Files written by internal/evtxgen, damaged, showed why: cut
// inside a chunk, or with a record size of 0x7fffffff, it panics ("Bad
// event magic", "Too big event") in a goroutine it starts itself, which
// ends the whole program and which no recover of a caller can catch; with a
// template offset pointing into garbage it writes a stack trace to stderr
// through its logger and drops the record without telling the caller;
// stopped after the first event, it leaves four goroutines blocked for
// ever. Its module also requires segmentio/kafka-go (for an output
// package) and golang-utils. Wrapping cannot fix panics in goroutines it
// owns, so dartkit reads the format itself.
package evtx
