// Package logparse reads the log files found in Cisco AnyConnect and Cisco
// Secure Client DART bundles and turns each entry into a [Record]: a time, a
// level, a source, the AnyConnect debug header split into a [Header], and the
// message text.
//
// The package reads text only. Decoding (UTF-16 exports, code pages) is done
// before, by the caller; the readers expect UTF-8 and accept LF or CRLF line
// endings, a leading UTF-8 byte order mark and trailing blanks. It does not
// open bundles, guess formats from file names, or judge what the records
// mean: that is the work of the packages that use it. It never prints, logs
// or exits.
//
// # Formats
//
// Three readers share one API, [RecordReader]:
//
//   - [EventLogReader] reads the text forms of a Windows event log: DART's
//     export, blocks of "Date : 06/17/2020", "Time : 20:21:57",
//     "Type : Warning", "Source : acvpnagent" and "Description : ..."
//     fields with rows of asterisks before, after or between them, or
//     none; the output of wevtutil qe LOG /f:text, blocks that start
//     "Event[0]:" with indented fields and "Date: 2020-06-17T20:21:30.123";
//     and Event Viewer's "copy details as text" (date and time in one Date
//     field, Level instead of Type, "Event Xml:" after the body). Blanks
//     around the colon may be spaces or tabs, blank lines are optional,
//     other fields (Event ID, Computer, User, ...) may come before
//     Description, and the Description runs to the end of the block
//     whatever it holds. Text outside blocks (titles, banners of asterisks
//     around words) is skipped. Dates and times are read in the forms
//     Windows locales write them (see Records).
//   - [SyslogReader] reads BSD syslog lines ("Mmm dd HH:MM:SS host
//     tag[pid]: message"), with an optional <PRI>, RFC 3339 timestamps
//     (journalctl -o short-iso), RFC 5424 lines and the old macOS Console
//     form "5/20/14 11:33:56.909 PM tag[pid]: message". It undoes rsyslog's
//     "message repeated N times: [ ... ]" (setting Record.Repeat) and its
//     #ooo escapes of control characters.
//   - [UnifiedLogReader] reads the output of macOS "log show" in its default,
//     syslog and compact styles.
//
// [Detect] tells the three apart from the first kilobytes of a file, and
// [NewReader] returns the reader for a [Format].
//
// # Records
//
// Every format's message may start with the AnyConnect debug header
// ("Function: ... File: ... Line: ..." and optionally "Invoked Function:",
// "Return Code:", "Description:"), on separate lines on Windows and on one
// line elsewhere. [ParseHeader] splits it off; the readers apply it to every
// message, so Record.Header holds the fields and Record.Message the text
// after them.
//
// Timestamps without a zone are read in Options.Location (UTC by default)
// and Record.HasZone is false. Windows writes dates in the form of the
// machine's locale: 6/17/2020 8:21:57 PM, 17.06.2020 20:21:57,
// 06-Jan-18 5:03:40 PM, 2020-06-17T20:21:30.123, with 2-digit years
// (20xx), 12- or 24-hour times, seconds optional. Whether a numeric date
// such as 06/07/2020 is month-first or day-first is decided for the whole
// file: the first date among those of its first 256 KiB whose first number
// exceeds 12 makes it day-first, whose second does month-first; when none
// does, it is month-first. A later date that contradicts the decision is
// reported, never read in the other order. BSD syslog has no year either: the reader
// takes the latest year that does not put the record more than two days
// after Options.Reference (the file's modification time), so December lines
// in a file written in January fall in the previous year. When Reference is
// zero, Options.Now (time.Now by default) stands in for it.
//
// In syslog and unified logs, a line that does not start like a record
// continues the message of the record before it (multi-line messages, kernel
// backtraces) and is appended to Message after a newline. Blank lines are
// dropped. Record.Pos is the file and 1-based line where a record starts.
//
// # Errors
//
// An error means that something was lost: bytes or records that could not
// be read, so that what the reader returns is incomplete. A doubt about
// layout is never one: rows of asterisks before, after or between the
// records, or none at all, blank lines, titles, banners and other text
// between records (skipped), or a last line without a line ending.
//
// Read returns io.EOF at the end of the input. A problem confined to one
// record or line is a *[ParseError] whose Err is one of:
//
//   - [ErrTruncated]: the input ends inside a record's fields: an
//     event-log block with fields but no Description yet. A whole record
//     at the end of the input is no error, whatever rows surround it;
//   - [ErrMalformed]: an event-log block that ends (at a row, at the next
//     event) without Date, Time or Description, or a line that is not a
//     log line and has no record to continue;
//   - [ErrBadTime]: a Date or Time field that does not parse, names no
//     real time, or is a date contrary to the file's order of day and
//     month;
//   - [ErrLineTooLong]: a line longer than Options.MaxLineLength;
//   - [ErrTooLarge]: a record longer than Options.MaxRecordSize.
//
// The error may come with what could be read of the record (a non-zero
// Record), and reading goes on after it. Results come in the order of the
// lines they start on. Any other error is an I/O error of the underlying
// reader, prefixed with the position; it ends the input and every later Read
// returns it. The All iterators yield parse errors and go on, and yield an
// I/O error once and stop.
//
// # Limits
//
// The readers hold one block of input (256 KiB) and one record at a time,
// never the whole file. An event-log reader reads the first 256 KiB before
// it returns its first record, whatever the size of its blocks, to decide
// the order of the file's dates.
// A line longer than Options.MaxLineLength (1 MiB by default) is discarded
// as it streams past, without being buffered, and reported; the next line is
// read normally. An event-log Description, or a message with its
// continuation lines, is cut at Options.MaxRecordSize (1 MiB by default) and
// reported; an event-log reader then skips to the next separator.
//
// Reading is a single pass with hand-written field splitting, since
// bundles may hold logs of a million records. A reader turns each block of
// whole lines into one string and cuts the records' strings out of it, so
// that a record costs no allocation unless its message spans lines. That
// memory is never written again: a record, and every string in it, stays
// valid for as long as the caller keeps it, after later reads and after
// the reader is dropped. A record does keep its block (up to 256 KiB) in
// memory for as long as one of its strings is kept: a caller that keeps a
// few records of many should keep their [Record.Clone]. [RecordReader]'s
// ReadInto overwrites the record it is given, and only that. A reader is
// not safe for concurrent use.
package logparse
