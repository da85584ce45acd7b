package sample

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
)

// layoutEvents are two events: a debug record whose text holds a comma,
// quotes and XML's special characters, and a GUI message long enough for
// PowerShell to wrap.
var layoutEvents = []Event{
	{Time: TechNoteStart, Type: "Warning", Source: "acvpnagent", Body: "Function: f\nFile: a.cpp\nLine: 7\nsay \"hi\", <ok> & done"},
	{Time: TechNoteStart.Add(1e9), Type: "Error", Source: "acvpnui", Body: "Message type error sent to the user: Network error. Unable to lookup host names."},
}

// TestLayoutText checks each text form against output worked out by hand
// from the tools' public descriptions, oldest event first.
func TestLayoutText(t *testing.T) {
	tests := []struct {
		layout string
		events []Event
		want   string // with "\n" for the line ending the layout writes
	}{
		{"dart-sep-before-crlf-tabs", layoutEvents, `******************************************
Date		: 06/17/2020
Time		: 20:21:32
Type		: Warning
Source		: acvpnagent
Description	: Function: f
File: a.cpp
Line: 7
say "hi", <ok> & done
******************************************
Date		: 06/17/2020
Time		: 20:21:33
Type		: Error
Source		: acvpnui
Description	: Message type error sent to the user: Network error. Unable to lookup host names.
`},
		{"dart-sep-after-lf-spaces", layoutEvents[1:], `Date : 06/17/2020
Time : 20:21:33
Type : Error
Source : acvpnui
Description : Message type error sent to the user: Network error. Unable to lookup host names.
******************************************
`},
		{"dart-sep-both-crlf-spaces-blank", layoutEvents[:1], `******************************************

Date : 06/17/2020
Time : 20:21:32
Type : Warning
Source : acvpnagent

Description : Function: f
File: a.cpp
Line: 7
say "hi", <ok> & done

******************************************
`},
		{"dart-sep-after-crlf-aligned-blank-descnext", layoutEvents[1:], `
Date        : 06/17/2020
Time        : 20:21:33
Type        : Error
Source      : acvpnui

Description :
Message type error sent to the user: Network error. Unable to lookup host names.

******************************************
`},
		{"dart-sep-between-lf-tabs-descnext", layoutEvents, `Date		: 06/17/2020
Time		: 20:21:32
Type		: Warning
Source		: acvpnagent
Description	:
Function: f
File: a.cpp
Line: 7
say "hi", <ok> & done
******************************************
Date		: 06/17/2020
Time		: 20:21:33
Type		: Error
Source		: acvpnui
Description	:
Message type error sent to the user: Network error. Unable to lookup host names.
`},
		{"dart-technote", layoutEvents[:1], `*****
Date : 06/17/2020
Time : 20:21:32
Type : Warning
Source : acvpnagent
Description : Function : f
File: a.cpp
Line: 7
say "hi", <ok> & done
*****
`},
		{"eventviewer-copy", layoutEvents[:1], `Log Name:      Cisco AnyConnect Secure Mobility Client
Source:        acvpnagent
Date:          6/17/2020 8:21:32 PM
Event ID:      2048
Task Category: None
Level:         Warning
Keywords:      Classic
User:          N/A
Computer:      WIN10-LAB-07.lab.example.com
Description:
Function: f
File: a.cpp
Line: 7
say "hi", <ok> & done
Event Xml:
<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="acvpnagent" />
    <EventID Qualifiers="25600">2048</EventID>
    <Level>3</Level>
    <Task>0</Task>
    <Keywords>0x80000000000000</Keywords>
    <TimeCreated SystemTime="2020-06-17T20:21:32.000000000Z" />
    <EventRecordID>7796000</EventRecordID>
    <Channel>Cisco AnyConnect Secure Mobility Client</Channel>
    <Computer>WIN10-LAB-07.lab.example.com</Computer>
    <Security />
  </System>
  <EventData>
    <Data>Function: f
File: a.cpp
Line: 7
say "hi", &lt;ok&gt; &amp; done</Data>
  </EventData>
</Event>
`},
		{"wevtutil-text", layoutEvents, `Event[0]:
  Log Name: Cisco AnyConnect Secure Mobility Client
  Source: acvpnagent
  Date: 2020-06-17T20:21:32.000
  Event ID: 2048
  Task: None
  Level: Warning
  Opcode: Info
  Keyword: Classic
  User: N/A
  User Name: N/A
  Computer: WIN10-LAB-07.lab.example.com
  Description:
Function: f
File: a.cpp
Line: 7
say "hi", <ok> & done

Event[1]:
  Log Name: Cisco AnyConnect Secure Mobility Client
  Source: acvpnui
  Date: 2020-06-17T20:21:33.000
  Event ID: 3021
  Task: None
  Level: Error
  Opcode: Info
  Keyword: Classic
  User: N/A
  User Name: N/A
  Computer: WIN10-LAB-07.lab.example.com
  Description:
Message type error sent to the user: Network error. Unable to lookup host names.
`},
		{"wevtutil-text-rd", layoutEvents[1:], `Event[0]:
  Log Name: Cisco AnyConnect Secure Mobility Client
  Source: acvpnui
  Date: 2020-06-17T20:21:33.0000000Z
  Event ID: 3021
  Task: None
  Level: Error
  Opcode: Info
  Keyword: Classic
  User: N/A
  User Name: N/A
  Computer: WIN10-LAB-07.lab.example.com
  Description: 
Message type error sent to the user: Network error. Unable to lookup host names.
`},
		{"eventviewer-csv", layoutEvents, `Level,Date and Time,Source,Event ID,Task Category
Warning,6/17/2020 8:21:32 PM,acvpnagent,2048,None,"Function: f
File: a.cpp
Line: 7
say ""hi"", <ok> & done"
Error,6/17/2020 8:21:33 PM,acvpnui,3021,None,Message type error sent to the user: Network error. Unable to lookup host names.
`},
		{"eventviewer-csv-ddmmmyy", layoutEvents[1:], `Level,Date and Time,Source,Event ID,Task Category
Error,17-Jun-20 8:21:33 PM,acvpnui,3021,None,Message type error sent to the user: Network error. Unable to lookup host names.
`},
		{"eventviewer-tsv-de", layoutEvents, "Level\tDate and Time\tSource\tEvent ID\tTask Category\n" +
			"Warning\t17.06.2020 20:21:32\tacvpnagent\t2048\tNone\t\"Function: f\nFile: a.cpp\nLine: 7\nsay \"\"hi\"\", <ok> & done\"\n" +
			"Error\t17.06.2020 20:21:33\tacvpnui\t3021\tNone\tMessage type error sent to the user: Network error. Unable to lookup host names.\n"},
		// Get-WinEvent: values from column 15, 65 columns wide; a word
		// that does not fit goes to the next line, its space stays behind.
		{"pwsh-winevent-fl", layoutEvents[1:], `

TimeCreated  : 6/17/2020 8:21:33 PM
ProviderName : acvpnui
Id           : 3021
Message      : Message type error sent to the user: Network error. Unable to 
               lookup host names.



`},
		// Get-EventLog in en-US: values from column 21, 59 wide.
		{"pwsh-eventlog-fl", layoutEvents[1:], `

Index              : 7796001
EntryType          : Error
InstanceId         : 603982797
Message            : Message type error sent to the user: Network error. Unable 
                     to lookup host names.
Category           : (0)
CategoryNumber     : 0
ReplacementStrings : {Message type error sent to the user: Network error. 
                     Unable to lookup host names.}
Source             : acvpnui
TimeGenerated      : 6/17/2020 8:21:33 PM
TimeWritten        : 6/17/2020 8:21:33 PM
UserName           : 



`},
		// Get-EventLog in ru-RU, 79 columns: no word wrap, lines are cut
		// at 58, as in the public transcripts of that culture.
		{"pwsh-eventlog-fl-ru", layoutEvents[1:], `

Index              : 7796001
EntryType          : Error
InstanceId         : 603982797
Message            : Message type error sent to the user: Network error. Unable
                      to lookup host names.
Category           : (0)
CategoryNumber     : 0
ReplacementStrings : {Message type error sent to the user: Network error. Unabl
                     e to lookup host names.}
Source             : acvpnui
TimeGenerated      : 17.06.2020 20:21:33
TimeWritten        : 17.06.2020 20:21:33
UserName           : 



`},
	}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			l, ok := LayoutByName(tt.layout + "/utf-8")
			if !ok {
				t.Fatalf("no layout %s/utf-8", tt.layout)
			}
			want := tt.want
			if l.form.eol() == "\r\n" {
				want = strings.ReplaceAll(want, "\n", "\r\n")
			}
			got := string(l.Render(tt.events, false))
			if got != want {
				t.Errorf("Render:\n%s\nwant:\n%s", visible(got), visible(want))
			}
		})
	}
}

// visible shows carriage returns, tabs and trailing spaces.
func visible(s string) string {
	s = strings.ReplaceAll(s, " \r", "·\r")
	s = strings.ReplaceAll(s, " \n", "·\n")
	s = strings.ReplaceAll(s, "\r", `\r`)
	return strings.ReplaceAll(s, "\t", `\t`)
}

// TestLayoutsList checks the set of layouts: names unique and found by
// LayoutByName, and every text form in each of the four encodings.
func TestLayoutsList(t *testing.T) {
	ls := Layouts()
	seen := map[string]bool{}
	forms := map[string]int{}
	for _, l := range ls {
		if seen[l.Name] {
			t.Errorf("two layouts named %s", l.Name)
		}
		seen[l.Name] = true
		got, ok := LayoutByName(l.Name)
		if !ok || got.Name != l.Name {
			t.Errorf("LayoutByName(%q) = %q, %v", l.Name, got.Name, ok)
		}
		form, enc, ok := strings.Cut(l.Name, "/")
		if !ok || form != l.form.name || enc != encNames[l.enc] {
			t.Errorf("layout %s: name does not say its form %s and encoding %s", l.Name, l.form.name, encNames[l.enc])
		}
		forms[form]++
	}
	if len(forms) < 6 {
		t.Errorf("%d text forms, want at least 6", len(forms))
	}
	for f, n := range forms {
		if n != len(encNames) {
			t.Errorf("form %s in %d encodings, want %d", f, n, len(encNames))
		}
	}
	if _, ok := LayoutByName("dart-sep-before-crlf-tabs/utf-16le"); !ok {
		t.Error("no dart-sep-before-crlf-tabs/utf-16le")
	}
	if _, ok := LayoutByName("no-such-layout/utf-8"); ok {
		t.Error("LayoutByName found a layout that does not exist")
	}
}

// decode returns data decoded from the encoding its byte-order mark names
// (UTF-8 without one), and the mark's name.
func decode(t *testing.T, data []byte) (string, string) {
	t.Helper()
	var be bool
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return string(data[3:]), "utf-8-bom"
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		be = true
	default:
		return string(data), "utf-8"
	}
	if len(data)%2 != 0 {
		t.Fatalf("UTF-16 text of odd length %d", len(data))
	}
	u := make([]uint16, 0, len(data)/2-1)
	for i := 2; i < len(data); i += 2 {
		if be {
			u = append(u, binary.BigEndian.Uint16(data[i:]))
		} else {
			u = append(u, binary.LittleEndian.Uint16(data[i:]))
		}
	}
	if be {
		return string(utf16.Decode(u)), "utf-16be"
	}
	return string(utf16.Decode(u)), "utf-16le"
}

// TestLayoutEncode checks that every layout's file decodes to its UTF-8
// text, with the byte-order mark of its encoding at the start only, and
// that Render is Begin, the records and End, encoded.
func TestLayoutEncode(t *testing.T) {
	events := append(slices.Clone(layoutEvents), Event{Time: TechNoteStart.Add(2e9), Type: "Information", Source: "acvpnui", Body: "Größe: 1 €, 𝄞"})
	for _, l := range Layouts() {
		t.Run(l.Name, func(t *testing.T) {
			text := l.Begin()
			for _, e := range events {
				text = l.AppendEvent(text, e)
			}
			text = append(text, l.End()...)
			got, enc := decode(t, l.Render(events, false))
			if got != string(text) {
				t.Errorf("Render decodes to\n%s\nwant\n%s", got, text)
			}
			if enc != encNames[l.enc] {
				t.Errorf("file starts as %s, want %s", enc, encNames[l.enc])
			}
			// Text after the start carries no mark and decodes alone.
			rest := l.Encode([]byte("Größe 𝄞\r\n"), false)
			if l.enc == encUTF16LE || l.enc == encUTF16BE {
				mark := l.Encode(nil, true)
				got, _ := decode(t, append(mark, rest...))
				if got != "Größe 𝄞\r\n" || len(rest) != 2*len(utf16.Encode([]rune("Größe 𝄞\r\n"))) {
					t.Errorf("Encode(_, false) = % x", rest)
				}
			} else if string(rest) != "Größe 𝄞\r\n" {
				t.Errorf("Encode(_, false) = %q", rest)
			}
		})
	}
}

// TestLayoutOrder checks both orders and that AppendEvent numbers
// wevtutil's blocks from those already in the buffer.
func TestLayoutOrder(t *testing.T) {
	l, _ := LayoutByName("wevtutil-text/utf-8")
	newest := string(l.Render(layoutEvents, true))
	if i, j := strings.Index(newest, "Source: acvpnui"), strings.Index(newest, "Source: acvpnagent"); i < 0 || j < i {
		t.Errorf("newest first: acvpnui (%d) should come before acvpnagent (%d)", i, j)
	}
	b := l.AppendEvent(nil, layoutEvents[0])
	b = l.AppendEvent(b, layoutEvents[1])
	b = l.AppendEvent(b, layoutEvents[0])
	if n := strings.Count(string(b), "Event["); n != 3 || !strings.Contains(string(b), "\r\n\r\nEvent[2]:\r\n") {
		t.Errorf("three appends: %d blocks, want Event[0] to Event[2]:\n%s", n, b)
	}
}

// TestLayoutMatchesStyle checks that the layouts of the existing samples
// are the ones EventLog writes in its styles.
func TestLayoutMatchesStyle(t *testing.T) {
	for name, style := range map[string]EventStyle{"dart-sep-around-crlf-tabs-blank/utf-8": StyleTabs, "dart-technote/utf-8": StyleTechNote} {
		l, _ := LayoutByName(name)
		for _, newest := range []bool{false, true} {
			if got, want := string(l.Render(layoutEvents, newest)), EventLog(layoutEvents, style, newest); got != want {
				t.Errorf("%s, newestFirst %v:\n%s\nwant\n%s", name, newest, visible(got), visible(want))
			}
		}
	}
}

// TestWrap checks PowerShell's two ways of wrapping a long value.
func TestWrap(t *testing.T) {
	tests := []struct {
		s     string
		width int
		hard  bool
		want  []string
	}{
		{"short", 10, false, []string{"short"}},
		{"exactly ten", 11, false, []string{"exactly ten"}},
		{"aaa bbb ccc", 8, false, []string{"aaa bbb ", "ccc"}},
		// "bbb " needs four columns: with three left it moves down.
		{"aaa bbb c", 7, false, []string{"aaa ", "bbb c"}},
		// A word longer than a line is cut, continuing the current line.
		{"ab cdefghijkl", 5, false, []string{"ab cd", "efghi", "jkl"}},
		{"abcdefghij", 4, true, []string{"abcd", "efgh", "ij"}},
		{"aaa bbb", 4, true, []string{"aaa ", "bbb"}},
	}
	for _, tt := range tests {
		f := form{hardWrap: tt.hard}
		got := f.wrap(tt.s, tt.width)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("wrap(%q, %d, hard %v) = %q, want %q", tt.s, tt.width, tt.hard, got, tt.want)
		}
	}
}

// TestInLayout checks that a scenario rewritten in a layout has the event
// logs Windows.Layout writes, in nested archives too, and every other file
// unchanged.
func TestInLayout(t *testing.T) {
	l, _ := LayoutByName("pwsh-winevent-fl/utf-16le")
	w := technote()
	s := Scenario{Name: "t.zip", Files: w.Files(), Pack: Zip}
	got, ok := s.InLayout(l)
	if !ok {
		t.Fatal("InLayout found no event log")
	}
	w.Layout = l.Name
	want := w.Files()
	if len(got.Files) != len(want) {
		t.Fatalf("%d files, want %d", len(got.Files), len(want))
	}
	logs := 0
	for i, f := range got.Files {
		if f.Name != want[i].Name || !bytes.Equal(f.Data, want[i].Data) {
			t.Errorf("%s differs from the file Windows.Layout writes", f.Name)
		}
		if !bytes.Equal(f.Data, s.Files[i].Data) {
			logs++
			if f.log == nil {
				t.Errorf("%s changed but is no event log", f.Name)
			}
		}
	}
	if logs != 2 {
		t.Errorf("%d files rewritten, want the 2 event logs", logs)
	}

	outer := Scenario{Name: "t.tar.gz", Pack: TarGz, Files: []File{{Name: "case/t.zip", Data: Zip(s.Files), nested: s.Files, pack: Zip}}}
	n, ok := outer.InLayout(l)
	if !ok || !bytes.Equal(n.Files[0].Data, Zip(want)) {
		t.Errorf("nested archive not rewritten (ok %v)", ok)
	}
	if _, ok := (Scenario{Files: []File{{Name: "hosts", Data: []byte("x")}}}).InLayout(l); ok {
		t.Error("InLayout reports an event log in a bundle without one")
	}
}
