package findings

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
)

// TestSettleStates gives each kind of file report its state, reason and
// part in the coverage figure.
func TestSettleStates(t *testing.T) {
	facts := &dart.Facts{Versions: []dart.VersionSighting{{Source: dart.Source{File: "summary.txt", Line: 3}}}}
	tests := []struct {
		in             FileReport
		state          FileState
		reason         string
		missed, counts bool
	}{
		{FileReport{File: &dart.File{Name: "a.txt", Kind: dart.KindEventLog, Format: logparse.FormatEventLog, Encoding: "utf-8", Size: 10}, Records: 3}, StateRead, "", false, true},
		{FileReport{File: &dart.File{Name: "syslog", Kind: dart.KindSyslog, Format: logparse.FormatSyslog, Encoding: "utf-8", Size: 10}}, StateNotUnderstood, "a syslog with 0 records", true, true},
		{FileReport{File: &dart.File{Name: "e.txt", Kind: dart.KindEventLog, Format: logparse.FormatEventLog, Encoding: "utf-8", Size: 10}}, StateNotUnderstood, "an eventlog with 0 records", true, true},
		{FileReport{File: &dart.File{Name: "p.txt", Kind: dart.KindEventLog, Format: logparse.FormatPowerShell, Encoding: "utf-8", Size: 10}, Reason: "no reader for format powershell"}, StateNotUnderstood, "no reader for format powershell", true, true},
		{FileReport{File: &dart.File{Name: "hosts", Kind: dart.KindHosts, Encoding: "utf-8", Size: 10}}, StateFacts, "", false, true},
		{FileReport{File: &dart.File{Name: "setup.log", Kind: dart.KindInstallLog, Encoding: "utf-8", Size: 10}}, StateFacts, "", false, true},
		{FileReport{File: &dart.File{Name: "summary.txt", Kind: dart.KindOther, Encoding: "utf-8", Size: 10, Mentions: "Cisco AnyConnect"}}, StateFacts, "", false, true},
		{FileReport{File: &dart.File{Name: "notes.txt", Kind: dart.KindOther, Encoding: "utf-8", Size: 10, Mentions: "vpnui"}}, StateNotUnderstood, "mentions vpnui but no log format was recognised", true, true},
		{FileReport{File: &dart.File{Name: "notes2.txt", Kind: dart.KindOther, Encoding: "utf-8", Size: 10}}, StateNotUnderstood, "no format recognised, and no AnyConnect or Secure Client name in its head", false, false},
		{FileReport{File: &dart.File{Name: "vpnui.dmp", Kind: dart.KindOther, Size: 10, Mentions: "vpnui"}}, StateNotUnderstood, "binary, not read", false, false},
		{FileReport{File: &dart.File{Name: "x.rar", Kind: dart.KindArchive, Size: 10}}, StateNotUnderstood, "an archive that was not opened", false, false},
		{FileReport{File: &dart.File{Name: "empty", Kind: dart.KindOther, Encoding: "utf-8"}}, StateNotUnderstood, "empty", false, false},
		{FileReport{File: &dart.File{Name: "cut.txt", Kind: dart.KindOther, Encoding: "utf-8", Size: 10, Mentions: "acvpnagent"}, Reason: "could not be read"}, StateNotUnderstood, "could not be read", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.in.Name, func(t *testing.T) {
			files := []FileReport{tt.in}
			understood, expected := settleStates(files, facts, nil)
			got := files[0]
			assert.Equal(t, tt.state, got.State)
			assert.Equal(t, tt.reason, got.Reason)
			assert.Equal(t, tt.missed, got.Missed)
			assert.Equal(t, tt.counts, expected == 1, "counted in the coverage figure")
			assert.Equal(t, tt.state != StateNotUnderstood, understood == 1)
		})
	}
}

// TestFileStateText checks that a state's text is its JSON form, and
// reads back as the state.
func TestFileStateText(t *testing.T) {
	for s, want := range map[FileState]string{0: "", StateRead: "read", StateFacts: "facts", StateNotUnderstood: "not-understood"} {
		assert.Equal(t, want, s.String())
		js, err := json.Marshal(FileReport{State: s})
		assert.NoError(t, err)
		assert.Contains(t, string(js), `"state":"`+want+`"`)
		var back struct {
			State FileState `json:"state"`
		}
		assert.NoError(t, json.Unmarshal(js, &back))
		assert.Equal(t, s, back.State)
	}
	var s FileState
	assert.Error(t, s.UnmarshalText([]byte("unread")))
	assert.Equal(t, "FileState(9)", FileState(9).String())
}

// fileJSON is a FileReport as JSON has it, for encoding/json to write.
type fileJSON struct {
	Name         string    `json:"name"`
	Kind         dart.Kind `json:"kind"`
	Format       string    `json:"format,omitempty"`
	Encoding     string    `json:"encoding,omitempty"`
	Size         int64     `json:"size"`
	State        FileState `json:"state"`
	Reason       string    `json:"reason,omitempty"`
	Mentions     string    `json:"mentions,omitempty"`
	Missed       bool      `json:"missed,omitempty"`
	Records      int       `json:"records,omitempty"`
	Errors       int       `json:"errors,omitempty"`
	Duplicates   int       `json:"duplicates,omitempty"`
	DuplicatesIn string    `json:"duplicates_in,omitempty"`
}

// TestFileReportJSON checks that a file report's JSON is that of its
// fields, the file's first, whether or not the encoder escapes HTML: the
// text MarshalJSON returns is escaped by the encoder of the whole.
func TestFileReportJSON(t *testing.T) {
	files := []*dart.File{
		{Name: "a<b>&c\u2028\u2029\xff\x00\b\f\n\r\t\x1f\"\\é.txt", Kind: dart.KindSyslog, Format: logparse.FormatSyslog, Encoding: "utf-8", Size: 7, Mentions: "vpnui"},
		{Name: "AnyConnect.evtx", Kind: dart.KindEventLog, Format: logparse.FormatEVTX, Size: -1},
		{Name: "hosts", Kind: dart.KindHosts, Encoding: "utf-16le"},
		{Name: "x.log", Kind: dart.KindUnifiedLog},
	}
	var reports []FileReport
	var want []fileJSON
	for _, f := range files {
		for _, fr := range []FileReport{
			{File: f},
			{File: f, State: StateNotUnderstood, Reason: "a <syslog> & \"more\"", Missed: true, Records: 1, Errors: 2, Duplicates: 3, DuplicatesIn: "x&y\x80.evtx"},
			{File: f, State: StateRead, Records: -1, Errors: 1 << 40},
		} {
			format := ""
			if f.Kind.IsLog() {
				format = f.Format.String()
			}
			reports = append(reports, fr)
			want = append(want, fileJSON{Name: f.Name, Kind: f.Kind, Format: format, Encoding: f.Encoding, Size: f.Size, State: fr.State, Reason: fr.Reason, Mentions: f.Mentions,
				Missed: fr.Missed, Records: fr.Records, Errors: fr.Errors, Duplicates: fr.Duplicates, DuplicatesIn: fr.DuplicatesIn})
		}
	}
	reports = append(reports, FileReport{State: StateFacts})
	want = append(want, fileJSON{State: StateFacts})
	for _, escape := range []bool{true, false} {
		encode := func(v any) string {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(escape)
			enc.SetIndent("  ", "\t")
			assert.NoError(t, enc.Encode(v))
			return buf.String()
		}
		assert.Equal(t, encode(want), encode(reports), "escape HTML %v", escape)
		for i := range reports {
			assert.Equal(t, encode(want[i]), encode(reports[i]), "escape HTML %v", escape)
		}
	}
}
