package logparse_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

func FuzzEventCSVReader(f *testing.F) {
	f.Add([]byte("Level,Date and Time,Source,Event ID,Task Category\nError,6/17/2020 8:21:58 PM,a,1,None,\"x\n" +
		"Warning,6/17/2020 8:21:59 PM,a,2,None,\"\"\"q\"\"\" \"lone\"\n"))
	f.Add([]byte("Information\t17.06.2020 20:21:57\ta\t3\tNone\t\"a\tb\"\t\n\n\"Error\";\"2020-06-17 20:21:57\";\"s\";\"4\""))
	fuzzReader(f, logparse.FormatEventCSV, checkReuse(logparse.FormatEventCSV), checkLineByLine(logparse.FormatEventCSV))
}

// checkLineByLine returns a check that reads its input with the
// reader's fast path and without it, with small limits and the default
// ones: the results must be the same.
func checkLineByLine(format logparse.Format) func(*testing.T, []byte) {
	return func(t *testing.T, data []byte) {
		for _, opts := range []logparse.Options{{File: "f", Reference: reference, MaxLineLength: 200, MaxRecordSize: 300},
			{File: "f", Reference: reference}} {
			read := func() string {
				rr, err := logparse.NewReader(bytes.NewReader(data), format, &opts)
				if err != nil {
					t.Fatal(err)
				}
				var b strings.Builder
				for rec, err := range rr.All() {
					fmt.Fprintf(&b, "%+v | %v\n", rec, err)
				}
				return b.String()
			}
			got := read()
			var want string
			logparse.LineByLine(func() { want = read() })
			if got != want {
				t.Fatalf("limits %d/%d, with the fast path:\n%s\nline by line:\n%s", opts.MaxLineLength, opts.MaxRecordSize, got, want)
			}
		}
	}
}

// checkReuse returns a check that reads its input reusing memory, as the
// analysis does, from small buffers lent by a BlockReader, which
// writes over each one given back, cloning each record at once: the
// records must be those read without reuse.
func checkReuse(format logparse.Format) func(*testing.T, []byte) {
	return func(t *testing.T, data []byte) {
		render := func(r io.Reader, reuse int) string {
			rr, err := logparse.NewReader(r, format, reusing(&logparse.Options{File: "f", Reference: reference,
				MaxLineLength: 200, MaxRecordSize: 300}, reuse))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for rec, err := range rr.All() {
				fmt.Fprintf(&b, "%+v | %v\n", rec.Clone(), err)
			}
			return b.String()
		}
		want := render(bytes.NewReader(data), 0)
		if got := render(&overwriter{data: data, sizes: []int{64, 1, 100, 7}}, 1); got != want {
			t.Fatalf("reusing memory, in lent buffers:\n%s\nwithout:\n%s", got, want)
		}
	}
}

// An overwriter is a BlockReader of data that lends it in fresh buffers
// of the given sizes, in turn, and writes over each one given back.
type overwriter struct {
	data  []byte
	sizes []int
	i     int
}

func (o *overwriter) Read(p []byte) (int, error) {
	if len(o.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p, o.data)
	o.data = o.data[n:]
	return n, nil
}

func (o *overwriter) ReadBlock() ([]byte, error) {
	if len(o.data) == 0 {
		return nil, io.EOF
	}
	n := min(o.sizes[o.i%len(o.sizes)], len(o.data))
	o.i++
	b := bytes.Clone(o.data[:n])
	o.data = o.data[n:]
	return b, nil
}

func (o *overwriter) Release(b []byte) {
	b = b[:cap(b)]
	for i := range b {
		b[i] = '%'
	}
}

func FuzzPowerShellReader(f *testing.F) {
	f.Add([]byte("\n   ProviderName: a\n\nTimeCreated                     Id LevelDisplayName Message\n-----------                     -- ---------------- -------\n6/17/2020 8:21:57 PM          2048 Warning          x...\n"))
	f.Add([]byte("TimeCreated  : 6/17/2020 8:21:57 PM\nId           : 1\nMessage      : a \n               b\n\n               c\nId           : 2\n"))
	// Not checkReuse: the records depend on where the blocks of input end
	// (see PowerShellReader), and FuzzPowerShellReuse reads in the same
	// blocks with reuse and without.
	fuzzReader(f, logparse.FormatPowerShell, checkLineByLine(logparse.FormatPowerShell))
}

const csvHeader = "Level,Date and Time,Source,Event ID,Task Category\n"

func TestEventCSVReader(t *testing.T) {
	long := strings.Repeat("x", 40)
	runReaderTests(t, logparse.FormatEventCSV, []readerTest{
		{
			name: "debug header in a quoted description",
			in:   csvHeader + "Error,6/17/2020 8:21:58 PM,acvpnui,1,Engineering Debug Details,\"Function: f\nFile: .\\a.cpp\nLine: 1360\nNULL object.\"\n",
			want: []string{`2 2020-06-17 20:21:58.000 +00:00 error acvpnui id=1 [f .\a.cpp:1360] "NULL object."`},
		},
		{
			name: "no header, all fields quoted, trailing delimiter",
			in:   "\"Warning\",\"6/17/2020 8:21:58 PM\",\"acvpnagent\",\"2048\",\"None\",\"a, \"\"b\"\"\",\n",
			want: []string{`1 2020-06-17 20:21:58.000 +00:00 warning acvpnagent id=2048 "a, \"b\""`},
		},
		{
			name: "unquoted description with delimiters",
			in:   csvHeader + "Information,6/17/2020 8:21:58 PM,s,3,None,a, b,c\n",
			want: []string{`2 2020-06-17 20:21:58.000 +00:00 info s id=3 "a, b,c"`},
		},
		{
			name: "semicolons, blank lines, no description",
			in:   "Level;Date and Time;Source;Event ID;Task Category\n\n\nError;17.06.2020 20:21:58;s;4;None\n\n",
			want: []string{`4 2020-06-17 20:21:58.000 +00:00 error s id=4 ""`},
		},
		{
			name: "lone quote inside a quoted field is kept",
			in:   csvHeader + "Error,6/17/2020 8:21:58 PM,s,5,None,\"say \"hi\" now\"\n",
			want: []string{`2 2020-06-17 20:21:58.000 +00:00 error s id=5 "say \"hi\" now"`},
		},
		{
			name: "columns placed by the header",
			in:   "Date and Time,Level,Event ID,Source,Computer,Task Category\n6/17/2020 8:21:58 PM,Warning,6,acvpnagent,PC1,None,moved\n",
			want: []string{`2 2020-06-17 20:21:58.000 +00:00 warning acvpnagent host=PC1 id=6 "moved"`},
		},
		{
			name: "header repeated by joined exports",
			in:   csvHeader + "Error,6/17/2020 8:21:58 PM,s,7,None,one\n" + csvHeader + "Error,6/17/2020 8:21:59 PM,s,8,None,two\n",
			want: []string{
				`2 2020-06-17 20:21:58.000 +00:00 error s id=7 "one"`,
				`4 2020-06-17 20:21:59.000 +00:00 error s id=8 "two"`,
			},
		},
		{
			name: "month name, two-digit year",
			in:   csvHeader + "Information,06-Jan-18 5:03:40 PM,s,9,None,x\n",
			want: []string{`2 2018-01-06 17:03:40.000 +00:00 info s id=9 "x"`},
		},
		{
			name: "day first decided by a later row",
			in:   csvHeader + "Information,05/06/2020 10:00:00,s,1,None,a\nInformation,17/06/2020 10:00:00,s,2,None,b\n",
			want: []string{
				`2 2020-06-05 10:00:00.000 +00:00 info s id=1 "a"`,
				`3 2020-06-17 10:00:00.000 +00:00 info s id=2 "b"`,
			},
		},
		{
			name: "bad date, bad event ID, too few fields",
			in:   csvHeader + "Error,yesterday,s,1,None,a\nError,6/17/2020 8:21:58 PM,s,x1,None,b\nError,6/17/2020 8:21:58 PM\n" + "Error,6/17/2020 8:21:59 PM,s,2,None,ok\n",
			want: []string{
				`error f:2: bad timestamp: date "yesterday" does not parse`,
				`2 - error s id=1 "a"`,
				`error f:3: malformed record: Event ID "x1"`,
				`3 2020-06-17 20:21:58.000 +00:00 error s "b"`,
				`error f:4: malformed record: 2 fields: "Error,6/17/2020 8:21:58 PM"`,
				`4 2020-06-17 20:21:58.000 +00:00 error  ""`,
				`5 2020-06-17 20:21:59.000 +00:00 error s id=2 "ok"`,
			},
		},
		{
			name: "quote left open before the next row",
			in:   csvHeader + "Error,6/17/2020 8:21:58 PM,s,1,None,\"open\nstill\nError,6/17/2020 8:21:59 PM,s,2,None,next\n",
			want: []string{
				`error f:2: malformed record: quoted field not closed before the next row`,
				`2 2020-06-17 20:21:58.000 +00:00 error s id=1 "open\nstill"`,
				`4 2020-06-17 20:21:59.000 +00:00 error s id=2 "next"`,
			},
		},
		{
			name: "quote open at the end of the input",
			in:   csvHeader + "Error,6/17/2020 8:21:58 PM,s,1,None,\"Function: f\nFile: a.cpp\nLine: 3\ncut",
			want: []string{
				`error f:2: truncated record: quoted field open at end of input`,
				`2 2020-06-17 20:21:58.000 +00:00 error s id=1 [f a.cpp:3] "cut"`,
			},
		},
		{
			name: "description longer than MaxRecordSize",
			in:   csvHeader + "Error,6/17/2020 8:21:58 PM,s,1,None,\"" + long + "\n" + long + "\"\nError,6/17/2020 8:21:59 PM,s,2,None,after\n",
			opts: &logparse.Options{File: "f", MaxRecordSize: 80},
			want: []string{
				`error f:2: record too large: row cut at 80 bytes`,
				`2 2020-06-17 20:21:58.000 +00:00 error s id=1 "` + long + `\n` + long[:80-len("Error6/17/2020 8:21:58 PMs1None")-len(long)-1] + `"`,
				`4 2020-06-17 20:21:59.000 +00:00 error s id=2 "after"`,
			},
		},
		{
			name: "line too long inside a quoted field",
			in:   csvHeader + "Error,6/17/2020 8:21:58 PM,s,1,None,\"a\n" + long + long + "\nb\"\n",
			opts: &logparse.Options{File: "f", MaxLineLength: 60},
			want: []string{
				`2 2020-06-17 20:21:58.000 +00:00 error s id=1 "a\nb"`,
				`error f:3: line too long: 80 bytes, limit 60`,
			},
		},
		{
			name: "Get-EventLog | Export-Csv",
			in:   "#TYPE System.Diagnostics.EventLogEntry#EventLog/Cisco AnyConnect Secure Mobility Client/acvpnagent\n\"EventID\",\"MachineName\",\"Data\",\"Index\",\"Category\",\"CategoryNumber\",\"EntryType\",\"Message\",\"Source\",\"ReplacementStrings\",\"InstanceId\",\"TimeGenerated\",\"TimeWritten\",\"UserName\",\"Site\",\"Container\"\n\"603981824\",\"PC1\",\"System.Byte[]\",\"1042\",\"(0)\",\"0\",\"Warning\",\"m, \"\"q\"\"\",\"acvpnagent\",\"System.String[]\",\"2147485696\",\"6/17/2020 8:21:57 PM\",\"6/17/2020 8:21:57 PM\",,,\n",
			want: []string{`3 2020-06-17 20:21:57.000 +00:00 warning acvpnagent host=PC1 id=2048 "m, \"q\""`},
		},
		{
			name: "not a delimited file",
			in:   "hello\n",
			want: []string{`error f:1: malformed record: no comma, tab or semicolon: "hello"`},
		},
	})
}

// csvEvent is an event as the variants of TestEventCSVVariants write it.
type csvEvent struct {
	level   string
	when    time.Time
	source  string
	id      int
	message string
}

var csvEvents = []csvEvent{
	{"Information", time.Date(2020, 1, 2, 8, 0, 1, 0, time.UTC), "acvpnagent", 2039, "The VPN connection has been established and can now pass data."},
	{"Warning", time.Date(2020, 6, 17, 20, 21, 57, 0, time.UTC), "acvpnagent", 2048, "Function: CDNSRequest::OnSocketReadComplete\nFile: c:\\temp\\build\\thehoff\\negasonic_mr30.297045120452\\negasonic_mr3\\vpn\\common\\ip\\dnsrequest.cpp\nLine: 1147\nTimeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout=11000ms)"},
	{"Error", time.Date(2020, 6, 17, 20, 21, 50, 0, time.UTC), "acvpndownloader", 5005, "Function: wWinMain\nFile: .\\downloader.cpp\nLine: 365\nInvoked Function: CDnldrIpc::SendAckMsgToDownloader\nReturn Code: -31588340 (0xFE1E000C)\nDescription: SOCKETTRANSPORT_ERROR_CONNECT"},
	{"Information", time.Date(2020, 6, 18, 0, 5, 10, 0, time.UTC), "acvpnui", 3021, "Message type information sent to the user: Contacting \"vpn.example.com\", please wait;\tretry 1"},
	{"Critical", time.Date(2020, 12, 31, 12, 0, 0, 0, time.UTC), "csc_vpnagent", 2037, "VPN SESSION END: The VPN connection is terminated.\n\nSecond paragraph."},
}

// TestEventCSVVariants writes the same events in the forms Event Viewer
// and the tools that re-save its files give them, and requires the same
// records from each.
func TestEventCSVVariants(t *testing.T) {
	dates := map[string]func(time.Time) string{
		"en-US": func(t time.Time) string { return t.Format("1/2/2006 3:04:05 PM") },
		"en-GB": func(t time.Time) string { return t.Format("02/01/2006 15:04:05") },
		"de-DE": func(t time.Time) string { return t.Format("02.01.2006 15:04:05") },
		"ISO":   func(t time.Time) string { return t.Format("2006-01-02 15:04:05") },
		"en-IN": func(t time.Time) string { return t.Format("02-Jan-06 3:04:05 PM") },
	}
	headers := map[string]string{
		"English": "Level,Date and Time,Source,Event ID,Task Category",
		"German":  "Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie",
		"none":    "",
	}
	var want []string
	for _, e := range csvEvents {
		h, rest := logparse.ParseHeader(e.message)
		want = append(want, fmt.Sprintf("%s %v %s %d %+v %q", e.when.Format(time.RFC3339), logparse.ParseLevel(e.level), e.source, e.id, h, rest))
	}
	slices.Sort(want)
	n := 0
	for _, comma := range []string{",", "\t", ";"} {
		for dname, date := range dates {
			for hname, header := range headers {
				for _, quoteAll := range []bool{false, true} {
					for _, crlf := range []bool{false, true} {
						for _, gaps := range []bool{false, true} {
							for _, reverse := range []bool{false, true} {
								name := fmt.Sprintf("%q/%s/%s/quoteAll=%v/crlf=%v/gaps=%v/reverse=%v", comma, dname, hname, quoteAll, crlf, gaps, reverse)
								text := writeCSV(csvEvents, comma, date, header, quoteAll, gaps, reverse)
								if crlf {
									text = strings.ReplaceAll(text, "\n", "\r\n")
								}
								if got := csvRecords(t, text); !slices.Equal(got, want) {
									t.Errorf("%s:\n%s\ngot\n\t%s\nwant\n\t%s", name, text, strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
								}
								n++
							}
						}
					}
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d variants", n)
	}
}

// writeCSV writes events as Event Viewer would with the given delimiter,
// date form and header.
func writeCSV(events []csvEvent, comma string, date func(time.Time) string, header string, quoteAll, gaps, reverse bool) string {
	var b strings.Builder
	if header != "" {
		b.WriteString(strings.ReplaceAll(header, ",", comma) + "\n")
	}
	field := func(s string) string {
		if quoteAll || strings.ContainsAny(s, comma+"\"\n") {
			return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
		}
		return s
	}
	for i := range events {
		e := events[i]
		if reverse {
			e = events[len(events)-1-i]
		}
		b.WriteString(strings.Join([]string{field(e.level), field(date(e.when)), field(e.source), field(fmt.Sprint(e.id)), field("None"), field(e.message)}, comma))
		b.WriteString("\n")
		if gaps {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// csvRecords reads text and renders its records, without their
// positions, sorted; an error is rendered too.
func csvRecords(t *testing.T, text string) []string {
	t.Helper()
	var out []string
	for rec, err := range logparse.NewEventCSVReader(strings.NewReader(text), nil).All() {
		if err != nil {
			out = append(out, "error "+err.Error())
			continue
		}
		out = append(out, fmt.Sprintf("%s %v %s %d %+v %q", rec.Time.Format(time.RFC3339), rec.Level, rec.Source, rec.EventID, rec.Header, rec.Message))
	}
	slices.Sort(out)
	return out
}

// TestEventCSVErrorPositions checks that errors are *ParseErrors naming
// the file and the line where the row starts.
func TestEventCSVErrorPositions(t *testing.T) {
	in := csvHeader + "Error,6/17/2020 8:21:58 PM,s,1,None,\"a\nb\"\nError,32/17/2020 8:21:58 PM,s,1,None,x\n"
	rr := logparse.NewEventCSVReader(strings.NewReader(in), &logparse.Options{File: "AnyConnect.csv"})
	var errs []error
	for _, err := range rr.All() {
		if err != nil {
			errs = append(errs, err)
		}
	}
	var pe *logparse.ParseError
	if len(errs) != 1 || !errors.As(errs[0], &pe) || !errors.Is(errs[0], logparse.ErrBadTime) || pe.Pos != (logparse.Position{File: "AnyConnect.csv", Line: 4}) {
		t.Fatalf("errors %v, want one bad timestamp at AnyConnect.csv:4", errs)
	}
}

func TestDetectExports(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want logparse.Format
	}{
		{"csv", csvHeader + "Information,6/17/2020 8:21:57 PM,acvpnagent,2039,None,up\n", logparse.FormatEventCSV},
		{"csv, multi-line descriptions", csvHeader + "Error,6/17/2020 8:21:58 PM,acvpnui,1,None,\"Function: f\nFile: a.cpp\nLine: 3\nReturn Code: 11 (0x0000000B)\nDescription: unknown\"\n" +
			"Error,6/17/2020 8:21:59 PM,acvpnui,1,None,\"Function: f\nFile: a.cpp\nLine: 3\nReturn Code: 11 (0x0000000B)\nDescription: unknown\"\n", logparse.FormatEventCSV},
		{"tab, German header", "Ebene\tDatum und Uhrzeit\tQuelle\tEreignis-ID\tAufgabenkategorie\nFehler\t17.06.2020 20:21:58\tacvpnui\t1\tKeine\tx\n", logparse.FormatEventCSV},
		{"csv, no header, quoted", "\"Error\",\"2020-06-17 20:21:58\",\"s\",\"1\",\"None\",\"x\"\n\"Error\",\"2020-06-17 20:21:59\",\"s\",\"1\",\"None\",\"y\"\n", logparse.FormatEventCSV},
		{"Get-WinEvent list", "\n\nTimeCreated  : 6/17/2020 8:21:57 PM\nProviderName : acvpnagent\nId           : 2048\nMessage      : Function: f\n               File: a.cpp\n               Line: 1\n               Description: X\n", logparse.FormatPowerShell},
		{"Get-EventLog list", "Index              : 7\nEntryType          : Error\nInstanceId         : 3221227520\nMessage            : m\nCategory           : (0)\nSource             : acvpnagent\nTimeGenerated      : 17.06.2020 20:21:57\n", logparse.FormatPowerShell},
		{"Get-WinEvent table", "\n   ProviderName: acvpnagent\n\nTimeCreated                     Id LevelDisplayName Message\n-----------                     -- ---------------- -------\n6/17/2020 8:21:57 PM          2048 Warning          Function: f...\n", logparse.FormatPowerShell},
		{"Get-WinEvent table rows alone", "6/17/2020 8:21:57 PM          2048 Warning          a\n6/17/2020 8:21:58 PM          2048 Warning          b\n", logparse.FormatPowerShell},
		{"Get-EventLog table", "   Index Time          EntryType   Source                 InstanceID Message\n   ----- ----          ---------   ------                 ---------- -------\n    1043 Jun 17 20:22  Information acvpnagent             1677723639 The VPN ...\n", logparse.FormatPowerShell},
		{"Export-Csv", "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\n\"Message\",\"Id\",\"Version\",\"Qualifiers\",\"Level\",\"Task\",\"Opcode\",\"Keywords\",\"RecordId\",\"ProviderName\",\"TimeCreated\",\"LevelDisplayName\"\n" +
			"\"Function: f\nFile: a.cpp\nLine: 1\nReturn Code: 11 (0x0000000B)\nDescription: unknown\",\"2048\",,\"25600\",\"4\",\"0\",,\"1\",\"2\",\"acvpnagent\",\"6/17/2020 8:21:57 PM\",\"Information\"\n" +
			"\"Function: f\nFile: a.cpp\nLine: 1\nReturn Code: 11 (0x0000000B)\nDescription: unknown\",\"2048\",,\"25600\",\"4\",\"0\",,\"1\",\"2\",\"acvpnagent\",\"6/17/2020 8:21:57 PM\",\"Information\"\n", logparse.FormatEventCSV},
		{"other csv", "Name,Value\nfoo,1\nbar,2\n", logparse.FormatUnknown},
		{"Get-Service list", "Name                : vpnagent\nDisplayName         : Cisco AnyConnect Secure Mobility Agent\nStatus              : Running\n", logparse.FormatUnknown},
		{"DART export", sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Warning\nSource : s\nDescription : x\n" + sep, logparse.FormatEventLog},
	}
	for _, tt := range tests {
		if got := logparse.Detect([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestDetectNotExports checks that lines of other formats that hold what
// the exports' lines hold do not make Detect take them for exports.
func TestDetectNotExports(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want logparse.Format
	}{
		{"syslog with JSON", strings.Repeat("Feb  8 00:45:32 mac acvpnagent[55]: [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]\n", 3), logparse.FormatSyslog},
		{"syslog with commas and dates", strings.Repeat("Feb  8 00:45:32 mac acvpnagent[55]: Information,6/17/2020 8:21:57 PM,acvpnagent,2039,None,x\n", 3), logparse.FormatSyslog},
		{"DART export with Message", sep + "Date : 06/17/2020\nTime : 20:21:57\nType : Warning\nSource : s\nMessage : x\n" + sep, logparse.FormatEventLog},
	}
	for _, tt := range tests {
		if got := logparse.Detect([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}
