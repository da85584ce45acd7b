package logparse_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

func TestPowerShellReader(t *testing.T) {
	runReaderTests(t, logparse.FormatPowerShell, []readerTest{
		{
			name: "Get-WinEvent list",
			in:   "\n\nTimeCreated  : 6/17/2020 8:21:57 PM\nProviderName : acvpnagent\nId           : 2048\nMessage      : Function: f\n               File: .\\a.cpp\n               Line: 3\n               text\n\nTimeCreated  : 6/17/2020 8:21:58 PM\nProviderName : acvpnui\nId           : 3021\nMessage      : two\n\n",
			want: []string{
				`3 2020-06-17 20:21:57.000 +00:00 unknown acvpnagent id=2048 [f .\a.cpp:3] "text"`,
				`11 2020-06-17 20:21:58.000 +00:00 unknown acvpnui id=3021 "two"`,
			},
		},
		{
			name: "records told apart without blank lines, blank lines inside a message",
			in:   "Id          : 1\nTimeCreated : 6/17/2020 8:21:57 PM\nMessage     : a\n\n              b\nId          : 2\nTimeCreated : 6/17/2020 8:21:58 PM\nMessage     : c\n              \n",
			want: []string{
				`1 2020-06-17 20:21:57.000 +00:00 unknown  id=1 "a\n\nb"`,
				`6 2020-06-17 20:21:58.000 +00:00 unknown  id=2 "c"`,
			},
		},
		{
			name: "Get-EventLog list: InstanceId, EntryType, TimeGenerated",
			in:   "Index              : 7\nEntryType          : Error\nInstanceId         : 3221227520\nMessage            : m\nSource             : acvpnagent\nTimeGenerated      : 17.06.2020 20:21:57\nTimeWritten        : 17.06.2020 20:21:58\nMachineName        : PC1\n",
			want: []string{`1 2020-06-17 20:21:57.000 +00:00 error acvpnagent host=PC1 id=2048 "m"`},
		},
		{
			name: "numeric level when the display name is unknown",
			in:   "TimeCreated      : 2020-06-17 20:21:57\nLevel            : 2\nLevelDisplayName : Hiba\nId               : 1\n",
			want: []string{`1 2020-06-17 20:21:57.000 +00:00 error  id=1 ""`},
		},
		{
			name: "table cells, a cut message, a group line",
			in:   "\n   ProviderName: acvpnagent\n\nTimeCreated                     Id LevelDisplayName Message\n-----------                     -- ---------------- -------\n6/17/2020 8:21:57 PM          2048 Warning          Function: f...\n6/17/2020 8:21:56 PM               Information      no id\n",
			want: []string{
				`6 2020-06-17 20:21:57.000 +00:00 warning acvpnagent id=2048 "Function: f..."`,
				`7 2020-06-17 20:21:56.000 +00:00 info acvpnagent "no id"`,
			},
		},
		{
			name: "PowerShell 7's ellipsis, a German table, an 8-digit Id",
			in:   "TimeCreated                     Id LevelDisplayName Message\n-----------                     -- ---------------- -------\n17.06.2020 20:21:57           2048 Warnung          Function: CDNSRequest::OnSocketReadCo…\n17.06.2020 20:21:58       12345678 Informationen    x\n",
			want: []string{
				`3 2020-06-17 20:21:57.000 +00:00 warning  id=2048 "Function: CDNSRequest::OnSocketReadCo…"`,
				`4 2020-06-17 20:21:58.000 +00:00 info  id=24910 "x"`,
			},
		},
		{
			name: "table rows wrapped by -Wrap",
			in:   "TimeCreated                     Id LevelDisplayName Message\n-----------                     -- ---------------- -------\n6/17/2020 8:21:57 PM          2048 Warning          Function: f\n                                                    File: a.cpp\n                                                    Line: 3\n                                                    text\n6/17/2020 8:21:58 PM             1 Error            x\n",
			want: []string{
				`3 2020-06-17 20:21:57.000 +00:00 warning  id=2048 [f a.cpp:3] "text"`,
				`7 2020-06-17 20:21:58.000 +00:00 error  id=1 "x"`,
			},
		},
		{
			name: "Get-EventLog table, year from Reference",
			in:   "   Index Time          EntryType   Source                 InstanceID Message\n   ----- ----          ---------   ------                 ---------- -------\n    1043 Dec 31 23:59  Information acvpnagent             1677723639 The VPN ...\n    1044 Jan 02 00:01  Warning     acvpnagent             2147485696 x\n",
			want: []string{
				`3 2020-12-31 23:59:00.000 +00:00 info acvpnagent id=2039 "The VPN ..."`,
				`4 2021-01-02 00:01:00.000 +00:00 warning acvpnagent id=2048 "x"`,
			},
		},
		{
			name: "a list after a table",
			in:   "TimeCreated                     Id LevelDisplayName Message\n-----------                     -- ---------------- -------\n6/17/2020 8:21:57 PM          2048 Warning          a\n\nTimeCreated  : 6/17/2020 8:21:58 PM\nId           : 1\nMessage      : b\n",
			want: []string{
				`3 2020-06-17 20:21:57.000 +00:00 warning  id=2048 "a"`,
				`5 2020-06-17 20:21:58.000 +00:00 unknown  id=1 "b"`,
			},
		},
		{
			name: "prompt, stray text, a record without a time, a bad time",
			in:   "PS C:\\> Get-WinEvent -LogName X | Format-List\n\nId      : 1\nMessage : no time\n   stray\n\nId          : 2\nTimeCreated : 32/32/2020 8:21:57 PM\n",
			want: []string{
				`error f:1: malformed record: not a PowerShell line: "PS C:\\> Get-WinEvent -LogName X | Format-List"`,
				`error f:3: malformed record: no TimeCreated or TimeGenerated`,
				`3 - unknown  id=1 "no time"`,
				`error f:5: malformed record: not a PowerShell line: "   stray"`,
				`error f:7: bad timestamp: date "32/32/2020 8:21:57 PM" names no real time`,
				`7 - unknown  id=2 ""`,
			},
		},
		{
			name: "message longer than MaxRecordSize",
			in:   "TimeCreated : 6/17/2020 8:21:57 PM\nMessage     : 0123456789\n              abcdefghij\nId          : 5\nTimeCreated : 6/17/2020 8:21:58 PM\nMessage     : next\n",
			opts: &logparse.Options{File: "f", MaxRecordSize: 15},
			want: []string{
				`error f:1: record too large: Message cut at 15 bytes`,
				`1 2020-06-17 20:21:57.000 +00:00 unknown  id=5 "0123456789\nabcd"`,
				`5 2020-06-17 20:21:58.000 +00:00 unknown  "next"`,
			},
		},
	})
}

// psWrap cuts a line of a value to width w as PowerShell's list view does
// in the word-wrapping cultures: words keep the blank after them, a word
// that does not fit goes to the next line, and a word longer than a line
// is cut where the line is full.
func psWrap(line string, w int, hard bool) []string {
	if len(line) <= w {
		return []string{line}
	}
	if hard {
		// Other cultures: cut where the line is full.
		var out []string
		for len(line) > w {
			out = append(out, line[:w])
			line = line[w:]
		}
		return append(out, line)
	}
	var out []string
	var b strings.Builder
	room := w
	for len(line) > 0 {
		word := line
		if i := strings.IndexAny(line, " \t"); i >= 0 {
			word = line[:i+1]
		}
		line = line[len(word):]
		switch {
		case len(word) > w:
			for i := 0; i < len(word); i++ {
				if room < 1 {
					out = append(out, b.String())
					b.Reset()
					room = w
				}
				b.WriteByte(word[i])
				room--
			}
		case len(word) > room:
			out = append(out, b.String())
			b.Reset()
			b.WriteString(word)
			room = w - len(word)
		default:
			b.WriteString(word)
			room -= len(word)
		}
	}
	return append(out, b.String())
}

// psList writes properties as Format-List does at the given width, in a
// culture that wraps between words.
func psList(props [][2]string, width int) string { return psListWrap(props, width, false) }

// psListWrap is psList, in a culture that cuts lines anywhere when hard is
// set.
func psListWrap(props [][2]string, width int, hard bool) string {
	label := 0
	for _, p := range props {
		label = max(label, len(p[0]))
	}
	var b strings.Builder
	for _, p := range props {
		lab := p[0] + strings.Repeat(" ", label-len(p[0])) + " : "
		pad := strings.Repeat(" ", len(lab))
		for i, line := range strings.Split(p[1], "\n") {
			for j, piece := range psWrap(line, width-len(lab), hard) {
				if i == 0 && j == 0 {
					b.WriteString(lab)
				} else {
					b.WriteString(pad)
				}
				b.WriteString(piece + "\n")
			}
		}
	}
	return b.String()
}

// TestPowerShellVariants writes the same events as Get-WinEvent and
// Get-EventLog print them in lists, with and without every property, at
// several widths and in several locales, and requires the same records
// from each.
func TestPowerShellVariants(t *testing.T) {
	dates := map[string]func(time.Time) string{
		"en-US": func(t time.Time) string { return t.Format("1/2/2006 3:04:05 PM") },
		"en-GB": func(t time.Time) string { return t.Format("02/01/2006 15:04:05") },
		"de-DE": func(t time.Time) string { return t.Format("02.01.2006 15:04:05") },
		"sv-SE": func(t time.Time) string { return t.Format("2006-01-02 15:04:05") },
	}
	events := slices.Clone(csvEvents)
	events = append(events, csvEvent{"Warning", time.Date(2020, 6, 19, 1, 2, 3, 0, time.UTC), "acvpnagent", 2072,
		"Function: logInterfaces\nFile: ../../vpn/AgentUtilities/Routing/InterfaceRouteMonitorCommon.cpp\nLine: 477\n" +
			"IP Address Interface List: 192.168.2.101 134.2.219.50 FE80:0:0:0:2E81:58FF:FEF8:6C2 10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5 172.16.0.1\n" +
			"See c:\\temp\\build\\thehoff\\negasonic_mr30.297045120452\\negasonic_mr3\\vpn\\common\\ip\\dnsrequest.cpp and c:\\temp\\build\\thehoff\\negasonic_mr30.297045120452\\negasonic_mr3\\vpn\\common\\ip\\routes.cpp for more."})
	events = append(events, csvEvent{"Information", time.Date(2020, 6, 19, 1, 2, 4, 0, time.UTC), "acvpnui", 3021,
		"Message type information sent to the user:" + strings.Repeat(" The secure gateway has rejected the connection attempt.", 3) + "\nA short line after the widest one."})
	var want []string
	for _, e := range events {
		h, rest := logparse.ParseHeader(e.message)
		want = append(want, fmt.Sprintf("%s %v %s %d %+v %q", e.when.Format(time.RFC3339), logparse.ParseLevel(e.level), e.source, e.id, h, rest))
	}
	slices.Sort(want)
	levels := map[string]string{"Information": "4", "Warning": "3", "Error": "2", "Critical": "1"}
	instance := map[string]int{"Information": 0x40000000, "Warning": 0x80000000, "Error": 0xC0000000, "Critical": 0xC0000000}
	views := map[string]func(e csvEvent, date string) [][2]string{
		"Get-WinEvent | Format-List": func(e csvEvent, date string) [][2]string {
			return [][2]string{{"TimeCreated", date}, {"ProviderName", e.source}, {"Id", fmt.Sprint(e.id)}, {"LevelDisplayName", e.level}, {"Message", e.message}}
		},
		"Get-WinEvent | Format-List *": func(e csvEvent, date string) [][2]string {
			return [][2]string{{"Message", e.message}, {"Id", fmt.Sprint(e.id)}, {"Version", ""}, {"Qualifiers", "25600"},
				{"Level", levels[e.level]}, {"Task", "0"}, {"Opcode", ""}, {"Keywords", "36028797018963968"}, {"RecordId", "88231"},
				{"ProviderName", e.source}, {"ProviderId", ""}, {"LogName", "Cisco AnyConnect Secure Mobility Client"},
				{"MachineName", "PC1"}, {"TimeCreated", date}, {"MatchedQueryIds", "{}"}, {"LevelDisplayName", e.level},
				{"KeywordsDisplayNames", "{Classic}"}, {"Properties", "{System.Diagnostics.Eventing.Reader.EventProperty}"}}
		},
		"Get-EventLog | Format-List": func(e csvEvent, date string) [][2]string {
			first, _, _ := strings.Cut(e.message, "\n")
			return [][2]string{{"Index", "1042"}, {"EntryType", e.level}, {"InstanceId", fmt.Sprint(instance[e.level] | e.id)},
				{"Message", e.message}, {"Category", "(0)"}, {"CategoryNumber", "0"}, {"ReplacementStrings", "{" + first + "}"},
				{"Source", e.source}, {"TimeGenerated", date}, {"TimeWritten", date}, {"UserName", ""}}
		},
	}
	n := 0
	for vname, view := range views {
		for dname, date := range dates {
			for _, width := range []int{79, 80, 100, 120, 4096} {
				for _, crlf := range []bool{false, true} {
					for _, reverse := range []bool{false, true} {
						name := fmt.Sprintf("%s/%s/width=%d/crlf=%v/reverse=%v", vname, dname, width, crlf, reverse)
						var b strings.Builder
						b.WriteString("\n\n")
						for i := range events {
							e := events[i]
							if reverse {
								e = events[len(events)-1-i]
							}
							// PowerShell in Russian, Japanese, ...
							// cuts lines anywhere.
							b.WriteString(psListWrap(view(e, date(e.when)), width, width == 79))
							b.WriteString("\n")
						}
						b.WriteString("\n\n")
						text := b.String()
						if crlf {
							text = strings.ReplaceAll(text, "\n", "\r\n")
						}
						if vname == "Get-EventLog | Format-List" && dname == "en-US" {
							// Critical is written as Error by Get-EventLog.
							text = strings.ReplaceAll(text, ": Critical", ": Error   ")
						}
						got := psRecords(t, text)
						w := want
						if strings.Contains(text, ": Error   ") {
							w = slices.Clone(want)
							for i := range w {
								w[i] = strings.Replace(w[i], " critical ", " error ", 1)
							}
						}
						if !slices.Equal(got, w) {
							t.Errorf("%s:\n%s\ngot\n\t%s\nwant\n\t%s", name, text, strings.Join(got, "\n\t"), strings.Join(w, "\n\t"))
						}
						n++
					}
				}
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d variants", n)
	}
}

// psRecords reads text and renders its records, without their positions,
// sorted; an error is rendered too.
func psRecords(t *testing.T, text string) []string {
	t.Helper()
	var out []string
	for rec, err := range logparse.NewPowerShellReader(strings.NewReader(text), nil).All() {
		if err != nil {
			out = append(out, "error "+err.Error())
			continue
		}
		out = append(out, fmt.Sprintf("%s %v %s %d %+v %q", rec.Time.Format(time.RFC3339), rec.Level, rec.Source, rec.EventID, rec.Header, rec.Message))
	}
	slices.Sort(out)
	return out
}
