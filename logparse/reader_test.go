package logparse_test

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

// summary renders what a reader returns, one short line per record or error,
// for table tests.
func summary(rr logparse.RecordReader) []string {
	var out []string
	for rec, err := range rr.All() {
		if err != nil {
			out = append(out, "error "+err.Error())
			if rec == (logparse.Record{}) {
				continue
			}
		}
		t := "-"
		if !rec.Time.IsZero() {
			t = rec.Time.Format("2006-01-02 15:04:05.000 -07:00")
		}
		s := fmt.Sprintf("%d %s %v %s", rec.Pos.Line, t, rec.Level, rec.Source)
		if rec.Host != "" {
			s += " host=" + rec.Host
		}
		if rec.PID != 0 {
			s += fmt.Sprintf(" pid=%d", rec.PID)
		}
		if rec.EventID != 0 {
			s += fmt.Sprintf(" id=%d", rec.EventID)
		}
		if rec.Repeat != 1 {
			s += fmt.Sprintf(" x%d", rec.Repeat)
		}
		if rec.HasZone {
			s += " zoned"
		}
		if rec.Sender != "" {
			s += " sender=" + rec.Sender
		}
		if rec.Subsystem != "" {
			s += " sub=" + rec.Subsystem
		}
		if !rec.Header.IsZero() {
			s += fmt.Sprintf(" [%s %s:%d", rec.Header.Function, rec.Header.File, rec.Header.Line)
			if rec.Header.HasReturnCode {
				s += fmt.Sprintf(" %d %s", rec.Header.ReturnCode, rec.Header.Description)
			}
			s += "]"
		}
		s += fmt.Sprintf(" %q", rec.Message)
		out = append(out, s)
	}
	return out
}

type readerTest struct {
	name string
	in   string
	opts *logparse.Options // nil: File "f", Reference 2021-01-05
	want []string
}

func runReaderTests(t *testing.T, f logparse.Format, tests []readerTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			if opts == nil {
				opts = &logparse.Options{File: "f", Reference: reference}
			}
			rr, err := logparse.NewReader(strings.NewReader(tt.in), f, opts)
			if err != nil {
				t.Fatal(err)
			}
			got := summary(rr)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("input:\n%s\ngot:\n\t%s\nwant:\n\t%s", tt.in, strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

const sep = "******************************************\n"

func TestEventLogReader(t *testing.T) {
	runReaderTests(t, logparse.FormatEventLog, []readerTest{
		{
			name: "tabs and blank lines",
			in:   sep + "\nDate\t\t: 06/17/2020\nTime\t\t: 20:21:57\nType\t\t: Warning\nSource\t\t: acvpnagent\n\nDescription\t: hello\n\n" + sep,
			want: []string{`3 2020-06-17 20:21:57.000 +00:00 warning acvpnagent "hello"`},
		},
		{
			name: "spaces, no blank lines",
			in:   sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Error\nSource : acvpnui\nDescription : a\nb\n" + sep,
			want: []string{`2 2020-06-17 20:21:57.000 +00:00 error acvpnui "a\nb"`},
		},
		{
			name: "CRLF and trailing spaces",
			in:   strings.ReplaceAll(sep+"Date : 06/17/2020  \nTime : 20:21:57 \nType : Information\nSource : acvpnagent \nDescription : a  \nb\n\n\n"+sep, "\n", "\r\n"),
			want: []string{`2 2020-06-17 20:21:57.000 +00:00 info acvpnagent "a\nb"`},
		},
		{
			name: "Description and Date inside the body",
			in:   sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Error\nSource : acvpnagent\nDescription : Function: f\nFile: a.cpp\nLine: 3\nReturn Code: 11 (0x0000000B)\nDescription: unknown\nDate: 01/01/2000\nTime : 00:00:00\n" + sep,
			want: []string{`2 2020-06-17 20:21:57.000 +00:00 error acvpnagent [f a.cpp:3 11 unknown] "Date: 01/01/2000\nTime : 00:00:00"`},
		},
		{
			name: "12-hour times",
			in:   sep + "Date : 06/17/2020\nTime : 8:21:57 PM\nType : Information\nSource : s\nDescription : pm\n" + sep + "Date : 06/17/2020\nTime : 12:00:01 AM\nType : Information\nSource : s\nDescription : midnight\n" + sep + "Date : 06/17/2020\nTime : 12:00:01PM\nType : Information\nSource : s\nDescription : noon\n" + sep,
			want: []string{
				`2 2020-06-17 20:21:57.000 +00:00 info s "pm"`,
				`8 2020-06-17 00:00:01.000 +00:00 info s "midnight"`,
				`14 2020-06-17 12:00:01.000 +00:00 info s "noon"`,
			},
		},
		{
			name: "DD/MM and ISO dates",
			in:   sep + "Date : 17/06/2020\nTime : 20:21:57\nType : Information\nSource : s\nDescription : ddmm\n" + sep + "Date : 2020-06-17\nTime : 20:21:58\nType : Information\nSource : s\nDescription : iso\n" + sep + "Date : 17.06.2020\nTime : 20:21:59\nType : Information\nSource : s\nDescription : dotted\n" + sep,
			want: []string{
				`2 2020-06-17 20:21:57.000 +00:00 info s "ddmm"`,
				`8 2020-06-17 20:21:58.000 +00:00 info s "iso"`,
				`14 2020-06-17 20:21:59.000 +00:00 info s "dotted"`,
			},
		},
		{
			name: "other fields and Event ID",
			in:   "Title line\n" + sep + "Log Name : Cisco AnyConnect Secure Mobility Client\nDate : 06/17/2020\nTime : 20:21:57\nEvent ID : 2039\nCategory : None\nUser : N/A\nComputer : PC1\nType : Information\nSource : acvpnagent\nDescription : up\n" + sep,
			want: []string{`3 2020-06-17 20:21:57.000 +00:00 info acvpnagent host=PC1 id=2039 "up"`},
		},
		{
			name: "Event Viewer copy as text",
			in:   "Log Name:      Cisco AnyConnect Secure Mobility Client\nSource:        acvpnui\nDate:          10/26/2015 6:03:30 PM\nEvent ID:      1\nLevel:         Error\nDescription:\nFunction: f\nFile: .\\a.cpp\nLine: 1360\nNULL object.\nEvent Xml:\n<Event/>\n",
			want: []string{`1 2015-10-26 18:03:30.000 +00:00 error acvpnui id=1 [f .\a.cpp:1360] "NULL object."`},
		},
		{
			name: "Event Viewer text, two events, fields inside the XML",
			in:   "Log Name: L\nSource: acvpnagent\nDate: 10/26/2015 6:03:30 PM\nLevel: Error\nDescription:\nFunction: f\nFile: a.cpp\nLine: 1\nReturn Code: -31588340 (0xFE1E000C)\nDescription: SOCKETTRANSPORT_ERROR_CONNECT\nEvent Xml:\n<Event><EventData><Data>Function: f\nFile: a.cpp\nLine: 1\nDescription: SOCKETTRANSPORT_ERROR_CONNECT</Data></EventData></Event>\nLog Name: L\nSource: acvpnui\nDate: 10/26/2015 6:03:31 PM\nLevel: Information\nDescription: second\nEvent Xml:\n<Event/>\n",
			want: []string{
				`1 2015-10-26 18:03:30.000 +00:00 error acvpnagent [f a.cpp:1 -31588340 SOCKETTRANSPORT_ERROR_CONNECT] ""`,
				`16 2015-10-26 18:03:31.000 +00:00 info acvpnui "second"`,
			},
		},
		{
			name: "Description longer than MaxRecordSize",
			in:   sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Warning\nSource : s\nDescription : 0123456789abcdef\n" + sep,
			opts: &logparse.Options{File: "f", MaxRecordSize: 10},
			want: []string{
				"error f:2: record too large: Description cut at 10 bytes",
				`2 2020-06-17 20:21:57.000 +00:00 warning s "0123456789"`,
			},
		},
		{
			name: "a whole record at the end of the input, no closing row",
			in:   sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Warning\nSource : s\nDescription : whole",
			want: []string{
				`2 2020-06-17 20:21:57.000 +00:00 warning s "whole"`,
			},
		},
		{
			name: "Date without Description at EOF",
			in:   sep + "Date : 06/17/2020\nTime : 20:21:57\n",
			want: []string{
				"error f:2: truncated record: input ends before the Description field",
				`2 2020-06-17 20:21:57.000 +00:00 unknown  ""`,
			},
		},
		{
			name: "missing Date then a good block",
			in:   sep + "Time : 20:21:57\nType : Warning\nSource : s\nDescription : no date\n" + sep + "Date : 06/17/2020\nTime : 20:21:58\nType : Warning\nSource : s\nDescription : ok\n" + sep,
			want: []string{
				"error f:2: malformed record: no Date field",
				`2 - warning s "no date"`,
				`7 2020-06-17 20:21:58.000 +00:00 warning s "ok"`,
			},
		},
		{
			name: "bad time",
			in:   sep + "Date : 06/17/2020\nTime : 25:61\nType : Warning\nSource : s\nDescription : x\n" + sep,
			want: []string{
				`error f:2: bad timestamp: no such date or time: 2020-06-17 25:61:00`,
				`2 - warning s "x"`,
			},
		},
		{
			name: "empty blocks and stray separators",
			in:   sep + sep + "\n\n" + sep,
			want: nil,
		},
		{
			name: "location",
			in:   sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Warning\nSource : s\nDescription : x\n" + sep,
			opts: &logparse.Options{File: "f", Location: time.FixedZone("CEST", 2*3600)},
			want: []string{`2 2020-06-17 20:21:57.000 +02:00 warning s "x"`},
		},
		{
			name: "too long line inside a body",
			in:   sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Warning\nSource : s\nDescription : short\n" + strings.Repeat("x", 100) + "\nafter\n" + sep,
			opts: &logparse.Options{File: "f", MaxLineLength: 60},
			want: []string{
				`2 2020-06-17 20:21:57.000 +00:00 warning s "short\nafter"`,
				"error f:7: line too long: 100 bytes, limit 60",
			},
		},
		{
			name: "body too large",
			in:   sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Warning\nSource : s\nDescription : 0123456789\n0123456789\n0123456789\n" + sep + "Date : 06/17/2020\nTime : 20:21:58\nType : Warning\nSource : s\nDescription : next\n" + sep,
			opts: &logparse.Options{File: "f", MaxRecordSize: 25},
			want: []string{
				"error f:2: record too large: Description cut at 25 bytes",
				`2 2020-06-17 20:21:57.000 +00:00 warning s "0123456789\n0123456789"`,
				`10 2020-06-17 20:21:58.000 +00:00 warning s "next"`,
			},
		},
	})
}

func TestSyslogReader(t *testing.T) {
	runReaderTests(t, logparse.FormatSyslog, []readerTest{
		{
			name: "bsd with and without pid",
			in:   "Feb  8 00:45:32 mac acvpnagent[55]: Function: f File: a.cpp Line: 758 Updating pf \nFeb 18 00:45:33 mac acvpnui: no pid\n",
			want: []string{
				`1 2020-02-08 00:45:32.000 +00:00 unknown acvpnagent host=mac pid=55 [f a.cpp:758] "Updating pf"`,
				`2 2020-02-18 00:45:33.000 +00:00 unknown acvpnui host=mac "no pid"`,
			},
		},
		{
			name: "year rollover",
			in:   "Dec 31 23:59:59 h a[1]: last year\nJan  1 00:00:01 h a[1]: this year\nJan  7 11:00:00 h a[1]: within two days\nJan  8 00:00:00 h a[1]: too far ahead\n",
			want: []string{
				`1 2020-12-31 23:59:59.000 +00:00 unknown a host=h pid=1 "last year"`,
				`2 2021-01-01 00:00:01.000 +00:00 unknown a host=h pid=1 "this year"`,
				`3 2021-01-07 11:00:00.000 +00:00 unknown a host=h pid=1 "within two days"`,
				`4 2020-01-08 00:00:00.000 +00:00 unknown a host=h pid=1 "too far ahead"`,
			},
		},
		{
			name: "zero Reference uses Now",
			in:   "Mar  1 10:00:00 h a: x\n",
			opts: &logparse.Options{File: "f", Now: func() time.Time { return time.Date(2030, 6, 1, 0, 0, 0, 0, time.UTC) }},
			want: []string{`1 2030-03-01 10:00:00.000 +00:00 unknown a host=h "x"`},
		},
		{
			name: "PRI",
			in:   "<11>Jan  2 03:04:05 h a[1]: error\n<14>Jan  2 03:04:06 h a[1]: info\n<999>Jan  2 03:04:07 h a[1]: bad pri\n<13>\n",
			want: []string{
				`1 2021-01-02 03:04:05.000 +00:00 error a host=h pid=1 "error"`,
				`2 2021-01-02 03:04:06.000 +00:00 info a host=h pid=1 "info\n<999>Jan  2 03:04:07 h a[1]: bad pri\n<13>"`,
			},
		},
		{
			name: "ISO and short-iso",
			in:   "2021-06-17T20:21:32.123456+02:00 h a[1]: iso\n2021-06-17T20:21:33+0200 h a[1]: short-iso\n2021-06-17T20:21:34 h a[1]: no zone\n",
			want: []string{
				`1 2021-06-17 20:21:32.123 +02:00 unknown a host=h pid=1 zoned "iso"`,
				`2 2021-06-17 20:21:33.000 +02:00 unknown a host=h pid=1 zoned "short-iso"`,
				`3 2021-06-17 20:21:34.000 +00:00 unknown a host=h pid=1 "no zone"`,
			},
		},
		{
			name: "console form",
			in:   "5/20/14 11:33:56.909 PM acvpnagent[69]: x\n5/20/14 11:33:57.000 AM acvpnagent[69]: y\n",
			want: []string{
				`1 2014-05-20 23:33:56.909 +00:00 unknown acvpnagent pid=69 "x"`,
				`2 2014-05-20 11:33:57.000 +00:00 unknown acvpnagent pid=69 "y"`,
			},
		},
		{
			name: "message repeated",
			in:   "Jan  2 03:04:05 h a[1]: message repeated 29 times: [ Function: f File: a.cpp Line: 9 Timeout mus.cisco.com]\n",
			want: []string{`1 2021-01-02 03:04:05.000 +00:00 unknown a host=h pid=1 x29 [f a.cpp:9] "Timeout mus.cisco.com"`},
		},
		{
			name: "message repeated 0 times is left alone",
			in:   "Jan  2 03:04:05 h a[1]: message repeated 0 times: [ x]\n",
			want: []string{`1 2021-01-02 03:04:05.000 +00:00 unknown a host=h pid=1 "message repeated 0 times: [ x]"`},
		},
		{
			name: "octal escapes",
			in:   "Jan  2 03:04:05 h a[1]: Writing to hosts file:  1.2.3.4#011vpn.example.de #123 #0\n",
			want: []string{`1 2021-01-02 03:04:05.000 +00:00 unknown a host=h pid=1 "Writing to hosts file:  1.2.3.4\tvpn.example.de #123 #0"`},
		},
		{
			name: "continuation lines and orphan",
			in:   "orphan\n\nJan  2 03:04:05 h kernel: Call Trace:\n dump_stack+0x6d/0x88\n\n panic+0x101\nJan  2 03:04:06 h a: next\n",
			want: []string{
				`error f:1: malformed record: not a log line: "orphan"`,
				`3 2021-01-02 03:04:05.000 +00:00 unknown kernel host=h "Call Trace:\n dump_stack+0x6d/0x88\n panic+0x101"`,
				`7 2021-01-02 03:04:06.000 +00:00 unknown a host=h "next"`,
			},
		},
		{
			name: "journalctl notes",
			in:   "-- Logs begin at Mon 2021-01-04 10:00:00 CET, end at Tue 2021-01-05 10:00:00 CET. --\nJan  2 03:04:05 h csc_vpnagent[7]: a\n-- Boot 0a1b2c --\nJan  2 03:04:06 h csc_vpnagent[7]: b\n    indented second line\n-- No entries --\n",
			want: []string{
				`2 2021-01-02 03:04:05.000 +00:00 unknown csc_vpnagent host=h pid=7 "a"`,
				`4 2021-01-02 03:04:06.000 +00:00 unknown csc_vpnagent host=h pid=7 "b\n    indented second line"`,
			},
		},
		{
			name: "too long line",
			in:   "Jan  2 03:04:05 h a: " + strings.Repeat("y", 50) + "\nJan  2 03:04:06 h a: short\n",
			opts: &logparse.Options{File: "f", Reference: reference, MaxLineLength: 40},
			want: []string{
				"error f:1: line too long: 71 bytes, limit 40",
				`2 2021-01-02 03:04:06.000 +00:00 unknown a host=h "short"`,
			},
		},
		{
			name: "bad dates are not records",
			in:   "Jan  2 03:04:05 h a: ok\nFeb 30 03:04:05 h a: no such day\nJan 32 03:04:05 h a: nor this\n",
			want: []string{`1 2021-01-02 03:04:05.000 +00:00 unknown a host=h "ok\nFeb 30 03:04:05 h a: no such day\nJan 32 03:04:05 h a: nor this"`},
		},
	})
}

func TestUnifiedLogReader(t *testing.T) {
	runReaderTests(t, logparse.FormatUnifiedLog, []readerTest{
		{
			name: "default style",
			in:   "Timestamp                       Thread     Type        Activity             PID    TTL  \n2024-01-10 09:15:32.123456-0500 0x1a2b     Default     0x0                  123    0    vpnagentd: (libvpnagentutilities.dylib) Function: f File: a.cpp Line: 7 hello\n",
			want: []string{`2 2024-01-10 09:15:32.123 -05:00 info vpnagentd pid=123 zoned sender=libvpnagentutilities.dylib [f a.cpp:7] "hello"`},
		},
		{
			name: "subsystem and category",
			in:   "2024-01-10 09:15:32.123456-0500 0x1a2b     Default     0x0                  123    0    vpnagentd: (libvpnagentutilities.dylib) [com.cisco.anyconnect:vpn] Function: f File: a.cpp Line: 7 hello\n2024-01-10 09:15:33.123456-0500 0x1a2b     Default     0x0                  123    0    vpnagentd: [not a subsystem] text\n",
			want: []string{
				`1 2024-01-10 09:15:32.123 -05:00 info vpnagentd pid=123 zoned sender=libvpnagentutilities.dylib sub=com.cisco.anyconnect:vpn [f a.cpp:7] "hello"`,
				`2 2024-01-10 09:15:33.123 -05:00 info vpnagentd pid=123 zoned "[not a subsystem] text"`,
			},
		},
		{
			name: "default style without TTL",
			in:   "Timestamp                       Thread     Type        Activity             PID\n2017-01-10 09:15:32.123456-0500 0x1a2b     Info        0x0                  123    vpnagentd: hello\n",
			want: []string{`2 2017-01-10 09:15:32.123 -05:00 info vpnagentd pid=123 zoned "hello"`},
		},
		{
			name: "syslog style",
			in:   "2024-01-10 09:15:32.123456-0500  localhost vpnagentd[123]: plain\n",
			want: []string{`1 2024-01-10 09:15:32.123 -05:00 unknown vpnagentd host=localhost pid=123 zoned "plain"`},
		},
		{
			name: "compact style",
			in:   "Timestamp               Ty Process[PID:TID]\n2026-01-01 00:00:00.000 Df vpnagentd[100:1a2b] one\n2026-01-01 00:00:00.500 Er vpnagentd[100] two\n",
			want: []string{
				`2 2026-01-01 00:00:00.000 +00:00 info vpnagentd pid=100 "one"`,
				`3 2026-01-01 00:00:00.500 +00:00 error vpnagentd pid=100 "two"`,
			},
		},
		{
			name: "multi-line message and summary",
			in:   "Filtering the log data using \"process == \\\"vpnagentd\\\"\"\nSkipping info and debug messages, pass --info and/or --debug to include.\n2024-01-10 09:15:32.123456-0500 0x1a2b     Error       0x0                  123    0    vpnagentd: a\nb\n  c\n--------------------------------------------------------------------------------\nLog      - Default:          1, Info:                0, Debug:             0, Error:          1, Fault:          0\nActivity - Create:           0, Transition:          0, Actions:           0\n",
			want: []string{`3 2024-01-10 09:15:32.123 -05:00 error vpnagentd pid=123 zoned "a\nb\n  c"`},
		},
		{
			name: "orphan continuation",
			in:   "not a row\n",
			want: []string{`error f:1: malformed record: not a log line: "not a row"`},
		},
		{
			name: "CRLF",
			in:   "2026-01-01 00:00:00.000 Df vpnagentd[100:1a2b] one \r\n2026-01-01 00:00:01.000 Df vpnagentd[100:1a2b] two\r\n",
			want: []string{
				`1 2026-01-01 00:00:00.000 +00:00 info vpnagentd pid=100 "one"`,
				`2 2026-01-01 00:00:01.000 +00:00 info vpnagentd pid=100 "two"`,
			},
		},
	})
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want logparse.Format
	}{
		{"event log", sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Warning\nSource : s\nDescription : x\n", logparse.FormatEventLog},
		{"event viewer text", "Log Name: X\nSource: acvpnui\nDate: 10/26/2015 6:03:30 PM\n", logparse.FormatEventLog},
		{"bsd syslog", "Feb  8 00:45:32 mac acvpnagent[55]: a\nFeb  8 00:45:33 mac acvpnagent[55]: b\n", logparse.FormatSyslog},
		{"journalctl short-iso", "2021-06-17T20:21:32+0200 h a[1]: x\n2021-06-17T20:21:33+0200 h a[1]: y\n", logparse.FormatSyslog},
		{"console", "5/20/14 11:33:56.909 PM acvpnagent[69]: x\n5/20/14 11:33:57.909 PM acvpnagent[69]: y\n", logparse.FormatSyslog},
		{"unified default", "Timestamp                       Thread     Type        Activity             PID    TTL\n2024-01-10 09:15:32.123456-0500 0x1a2b     Default     0x0                  123    0    vpnagentd: x\n", logparse.FormatUnifiedLog},
		{"unified syslog style", "2024-01-10 09:15:32.123456-0500  localhost vpnagentd[123]: a\n2024-01-10 09:15:33.123456-0500  localhost vpnagentd[123]: b\n", logparse.FormatUnifiedLog},
		{"unified compact", "2026-01-01 00:00:00.000 Df vpnagentd[100:1a2b] a\n2026-01-01 00:00:01.000 Df vpnagentd[100:1a2b] b\n", logparse.FormatUnifiedLog},
		{"one syslog line", "Feb  8 00:45:32 mac acvpnagent[55]: a", logparse.FormatSyslog},
		{"one agreeing line of many", "hello\nworld\nFeb  8 00:45:32 mac acvpnagent[55]: a\n", logparse.FormatUnknown},
		{"prose", "Windows IP Configuration\n\n   Host Name . . . . . : PC\n", logparse.FormatUnknown},
		{"xml", "<?xml version=\"1.0\"?>\n<AnyConnectProfile>\n", logparse.FormatUnknown},
		{"empty", "", logparse.FormatUnknown},
		{"bom", "\xEF\xBB\xBF" + sep + "Date : 06/17/2020\nTime : 20:21:57\n", logparse.FormatEventLog},
	}
	for _, tt := range tests {
		if got := logparse.Detect([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFormatString(t *testing.T) {
	for f, want := range map[logparse.Format]string{
		logparse.FormatUnknown: "unknown", logparse.FormatEventLog: "eventlog",
		logparse.FormatSyslog: "syslog", logparse.FormatUnifiedLog: "unifiedlog", 9: "Format(9)",
	} {
		if got := f.String(); got != want {
			t.Errorf("Format(%d).String() = %q, want %q", int(f), got, want)
		}
	}
	if _, err := logparse.NewReader(strings.NewReader(""), logparse.FormatUnknown, nil); err == nil {
		t.Error("NewReader(FormatUnknown) succeeded")
	}
}

// TestHugeLine streams a line much longer than MaxLineLength without
// buffering it: the reader reports it and goes on with the next line.
func TestHugeLine(t *testing.T) {
	const size = 64 << 20
	r := io.MultiReader(
		strings.NewReader("Jan  2 03:04:05 h a: before\nJan  2 03:04:06 h a: "),
		io.LimitReader(repeatReader('z'), size),
		strings.NewReader("\nJan  2 03:04:07 h a: after\n"),
	)
	got := summary(logparse.NewSyslogReader(r, &logparse.Options{File: "f", Reference: reference, MaxLineLength: 1 << 16}))
	want := []string{
		`1 2021-01-02 03:04:05.000 +00:00 unknown a host=h "before"`,
		fmt.Sprintf("error f:2: line too long: %d bytes, limit 65536", size+len("Jan  2 03:04:06 h a: ")),
		`3 2021-01-02 03:04:07.000 +00:00 unknown a host=h "after"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestManyContinuationLines reads a record continued by 50,000 lines (a
// kernel backtrace, a dump), in the formats whose messages continue, and
// checks the message and that reading it allocates about its size, not
// its size for each line.
func TestManyContinuationLines(t *testing.T) {
	const lines = 50_000
	for _, tt := range []struct {
		format logparse.Format
		first  string
	}{
		{logparse.FormatSyslog, "Jan  2 03:04:05 h kernel: trace\n"},
		{logparse.FormatUnifiedLog, "2021-01-02 03:04:05.000000+0000 0x1 Default 0x0 1 0 kernel: trace\n"},
	} {
		t.Run(tt.format.String(), func(t *testing.T) {
			text := tt.first + strings.Repeat("  at frame 0x1\n", lines)
			var rec logparse.Record
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			rd, err := logparse.NewReader(strings.NewReader(text), tt.format, &logparse.Options{Reference: reference})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for r, err := range rd.All() {
				if err != nil {
					t.Fatal(err)
				}
				rec, n = r, n+1
			}
			runtime.ReadMemStats(&after)
			if n != 1 || rec.Message != "trace"+strings.Repeat("\n  at frame 0x1", lines) {
				t.Fatalf("%d records, the last of %d bytes", n, len(rec.Message))
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*uint64(len(text)) {
				t.Errorf("reading %d bytes allocated %d", len(text), alloc)
			}
		})
	}
}

// TestLongLine reads lines longer than the read buffer but within
// MaxLineLength, in every format.
func TestLongLine(t *testing.T) {
	long := strings.Repeat("0123456789", 20000) // 200 kB
	tests := []struct {
		f  logparse.Format
		in string
	}{
		{logparse.FormatSyslog, "Jan  2 03:04:05 h a: " + long + "\nJan  2 03:04:06 h a: x\n"},
		{logparse.FormatUnifiedLog, "2026-01-01 00:00:00.000 Df a[1] " + long + "\n2026-01-01 00:00:01.000 Df a[1] x\n"},
		{logparse.FormatEventLog, sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Warning\nSource : s\nDescription : " + long + "\n" + long + "\n" + sep + "Date : 06/17/2020\nTime : 20:21:58\nType : Warning\nSource : s\nDescription : x\n" + sep},
	}
	for _, tt := range tests {
		rr, _ := logparse.NewReader(strings.NewReader(tt.in), tt.f, nil)
		var msgs []string
		for rec, err := range rr.All() {
			if err != nil {
				t.Fatalf("%v: %v", tt.f, err)
			}
			msgs = append(msgs, rec.Message)
		}
		want := long
		if tt.f == logparse.FormatEventLog {
			want = long + "\n" + long
		}
		if len(msgs) != 2 || msgs[0] != want || msgs[1] != "x" {
			t.Errorf("%v: got %d records, first %d bytes, want 2 records, %d bytes", tt.f, len(msgs), len(msgs[0]), len(want))
		}
	}
}

type repeatReader byte

func (c repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

// TestIOError checks that an I/O error ends the iteration after the records
// read before it, and that Read keeps returning it.
func TestIOError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("Jan  2 03:04:05 h a: one\nJan  2 03:04:06 h a: two\n"), iotest.ErrReader(boom))
	sr := logparse.NewSyslogReader(r, &logparse.Options{File: "f", Reference: reference})
	var n int
	var last error
	for _, err := range sr.All() {
		if err != nil {
			last = err
			break
		}
		n++
	}
	if n != 2 || !errors.Is(last, boom) {
		t.Fatalf("got %d records and %v, want 2 and boom", n, last)
	}
	if _, err := sr.Read(); !errors.Is(err, boom) {
		t.Errorf("Read after the error = %v, want boom", err)
	}
	if got, want := last.Error(), "f:3: boom"; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

// stuckReader returns what it holds, then nothing and no error, forever.
type stuckReader struct{ data string }

func (r *stuckReader) Read(p []byte) (int, error) {
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestNoProgress checks that a reader which stops giving data without an
// error ends the input with io.ErrNoProgress instead of hanging, after the
// records it gave.
func TestNoProgress(t *testing.T) {
	sr := logparse.NewSyslogReader(&stuckReader{"Jan  2 03:04:05 h a: one\nJan  2 03:04:06 h a: tw"}, &logparse.Options{File: "f", Reference: reference})
	var msgs []string
	var last error
	for rec, err := range sr.All() {
		if err != nil {
			last = err
			break
		}
		msgs = append(msgs, rec.Message)
	}
	if len(msgs) != 2 || msgs[0] != "one" || msgs[1] != "tw" || !errors.Is(last, io.ErrNoProgress) {
		t.Fatalf("got %q and %v, want [one tw] and io.ErrNoProgress", msgs, last)
	}
}

// TestParseErrorIs checks the error chain callers rely on.
func TestParseErrorIs(t *testing.T) {
	rr := logparse.NewSyslogReader(strings.NewReader("junk\n"), &logparse.Options{File: "x.log"})
	_, err := rr.Read()
	var pe *logparse.ParseError
	if !errors.As(err, &pe) || !errors.Is(err, logparse.ErrMalformed) || pe.Pos.Line != 1 || pe.Pos.File != "x.log" {
		t.Fatalf("Read = %v, want a ParseError at x.log:1 wrapping ErrMalformed", err)
	}
	if _, err := rr.Read(); err != io.EOF {
		t.Errorf("second Read = %v, want io.EOF", err)
	}
}
