package dart

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// sumRow writes one row of an included-files table as DART pads it.
func sumRow(id, name, desc, size string) string {
	return pad(id, 17) + "  " + pad(name, 28) + "  " + pad(desc, 40) + "  " + pad(size, 10)
}

func pad(s string, n int) string { return s + strings.Repeat(" ", max(0, n-len(s))) }

func TestParseSummary(t *testing.T) {
	head := "DART BUNDLE SUMMARY\n\nTime:                         Mon Dec  7 03:19:02 2026\n"
	incHead := "Files Included in Bundle:\n" + sumRow("ID", "Filename", "Description", "File Size") + "\n" + strings.Repeat("-", 101) + "\n"
	title := strings.Repeat("=", 141) + "\nCisco AnyConnect Secure Mobility Client:\n\n"
	tests := []struct {
		name     string
		in       string
		want     []SummaryFile // the included rows of the first section, without sources
		profiles ProfileCollection
	}{
		{"empty", "", nil, ProfilesUnknown},
		{"header only", head, nil, ProfilesUnknown},
		{"one row", head + title + incHead + sumRow("VPNHOSTS", "hosts", "Hosts file", "221 bytes") + "\n",
			[]SummaryFile{{ID: "VPNHOSTS", Name: "hosts", Description: "Hosts file", Size: "221 bytes"}}, ProfilesUnknown},
		{"profile included", head + title + incHead + sumRow("VPNPROFILES", "corp.xml", "VPN client profiles", "2.40K") + "\n",
			[]SummaryFile{{ID: "VPNPROFILES", Name: "corp.xml", Description: "VPN client profiles", Size: "2.40K"}}, ProfilesCollected},
		{"local policy is no profile", head + title + incHead + sumRow("VPNPOLICY", "AnyConnectLocalPolicy.xml", "Local policy profile", "512 bytes") + "\n",
			[]SummaryFile{{ID: "VPNPOLICY", Name: "AnyConnectLocalPolicy.xml", Description: "Local policy profile", Size: "512 bytes"}}, ProfilesUnknown},
		{"split id and name", head + title + incHead +
			sumRow("ABCDEFGHIJKLMNOP", "abcdefghijklmnopqrstuvwxyz0", "d", "1 bytes") + "\n" +
			sumRow("QR", "12.log", "", "") + "\n",
			[]SummaryFile{{ID: "ABCDEFGHIJKLMNOPQR", Name: "abcdefghijklmnopqrstuvwxyz012.log", Description: "d", Size: "1 bytes"}}, ProfilesUnknown},
		// A short ID is not split: a row without description below it is
		// a row of its own.
		{"short id not joined", head + title + incHead + sumRow("A", "a.txt", "d", "1 bytes") + "\n" + sumRow("B", "b.txt", "", "") + "\n",
			[]SummaryFile{{ID: "A", Name: "a.txt", Description: "d", Size: "1 bytes"}, {ID: "B", Name: "b.txt"}}, ProfilesUnknown},
		{"windows none found", head + title + "Files Omitted from Bundle:\n" +
			pad("ID", 17) + "  " + pad("Filename", 28) + "  " + pad("Description", 40) + "  " + pad("Reason Omitted", 50) + "\n" +
			strings.Repeat("-", 141) + "\n" +
			pad("PROFILES", 17) + "  " + pad("N/A", 28) + "  " + pad("Profiles", 40) + "  No file found with path matching:\n" +
			strings.Repeat(" ", 91) + `C:\ProgramData\Cisco\Cisco AnyConnect Secure` + "\n" +
			strings.Repeat(" ", 91) + `Mobility Client\Profile\*.xml` + "\n",
			nil, ProfilesNoneFound},
		{"table without header row", head + title + "Files Included in Bundle:\nsomething else\n", nil, ProfilesUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ParseSummary("summary.txt", strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			var got []SummaryFile
			if len(s.Sections) > 0 {
				for _, f := range s.Sections[0].Included {
					f.Source = Source{}
					got = append(got, f)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("included:\n got %+v\nwant %+v", got, tt.want)
			}
			if p := s.Profiles(); p.State != tt.profiles {
				t.Errorf("profiles = %q (%q), want %q", p.State, p.Text, tt.profiles)
			}
			if strings.HasPrefix(tt.in, head) && s.Time != "Mon Dec  7 03:19:02 2026" {
				t.Errorf("time = %q", s.Time)
			}
		})
	}
}

// TestSummaryProfilesPrecedence: one included profile outweighs an
// omission; an omission for a reason outweighs "none found".
func TestSummaryProfilesPrecedence(t *testing.T) {
	none := SummaryFile{Name: "N/A", Description: "Profiles", Reason: summaryNoFile + " /opt/cisco/anyconnect/profile/*.xml"}
	excl := SummaryFile{Name: "a.xml", Description: "Profiles", Reason: "Too large"}
	inc := SummaryFile{Name: "b.xml", Description: "VPN client profiles"}
	for _, tt := range []struct {
		sec  SummarySection
		want ProfileCollection
	}{
		{SummarySection{Omitted: []SummaryFile{none}}, ProfilesNoneFound},
		{SummarySection{Omitted: []SummaryFile{none, excl}}, ProfilesNotCollected},
		{SummarySection{Omitted: []SummaryFile{excl, none}}, ProfilesNotCollected},
		{SummarySection{Omitted: []SummaryFile{excl}, Included: []SummaryFile{inc}}, ProfilesCollected},
		{SummarySection{Requested: []SummaryFile{{Name: "c.xml", Description: "profile"}}}, ProfilesNotCollected},
		{SummarySection{Omitted: []SummaryFile{{Name: "N/A", Reason: summaryNoFile + " /opt/cisco/anyconnect/script/*"}}}, ProfilesUnknown},
	} {
		s := &Summary{Sections: []SummarySection{tt.sec}}
		if got := s.Profiles().State; got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.sec, got, tt.want)
		}
	}
}

func TestSummaryBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(strings.Repeat("=", 141) + "\nT:\n\nFiles Included in Bundle:\n" + sumRow("ID", "Filename", "Description", "File Size") + "\n")
	for range summaryMaxRows + 10 {
		b.WriteString(sumRow("X", strings.Repeat("n", 27), "d", "1 bytes") + "\n")
	}
	s, err := ParseSummary("summary.txt", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Truncated || len(s.Sections) != 1 || len(s.Sections[0].Included) != summaryMaxRows {
		t.Errorf("truncated=%v rows=%d, want truncated and %d", s.Truncated, len(s.Sections[0].Included), summaryMaxRows)
	}
}

func TestCommentBounded(t *testing.T) {
	text := strings.Repeat("é", factMaxComment) // two bytes each
	b := NewFactBuilder()
	if err := b.AddFile(File{Name: "comments.txt"}, strings.NewReader(commentHeader+"\n"+text)); err != nil {
		t.Fatal(err)
	}
	c := b.Facts().Comment
	if !c.Truncated || len(c.Text) > factMaxComment || !strings.HasPrefix(text, c.Text) {
		t.Errorf("truncated=%v len=%d", c.Truncated, len(c.Text))
	}
	b = NewFactBuilder()
	b.AddFile(File{Name: "comments.txt"}, strings.NewReader(commentHeader+"\r\nshort\r\n"))
	if c := b.Facts().Comment; c.Text != "short" || c.Truncated {
		t.Errorf("comment = %+v", c)
	}
}

// FuzzParseSummary: any text parses without panic, within its bounds, the
// same read whole or a byte at a time.
func FuzzParseSummary(f *testing.F) {
	for _, n := range []string{"none-found.txt", "not-collected.txt", "present.txt"} {
		data, err := os.ReadFile("testdata/facts/dart-summary/" + n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data))
	}
	f.Add("Files Omitted from Bundle:\nID  Filename  Reason Omitted\n")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := ParseSummary("summary.txt", strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Sections) > summaryMaxSections+1 {
			t.Errorf("%d sections", len(s.Sections))
		}
		rows := 0
		for _, sec := range s.Sections {
			rows += len(sec.Included) + len(sec.Omitted) + len(sec.Requested)
			for _, l := range [][]SummaryFile{sec.Included, sec.Omitted, sec.Requested} {
				for _, r := range l {
					for _, v := range []string{r.ID, r.Name, r.Description, r.Size, r.Reason} {
						if len(v) > summaryMaxField {
							t.Fatalf("field of %d bytes", len(v))
						}
					}
				}
			}
		}
		if rows > summaryMaxRows {
			t.Errorf("%d rows", rows)
		}
		p := s.Profiles()
		switch p.State {
		case ProfilesUnknown, ProfilesCollected, ProfilesNoneFound, ProfilesNotCollected:
		default:
			t.Errorf("state %q", p.State)
		}
		again, err := ParseSummary("summary.txt", iotest.OneByteReader(strings.NewReader(in)))
		if err != nil || !reflect.DeepEqual(again, s) {
			t.Errorf("one byte at a time differs")
		}
	})
}
