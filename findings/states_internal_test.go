package findings

import (
	"encoding/json"
	"testing"

	"github.com/dartkit/dartkit/dart"
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
		{FileReport{Name: "a.txt", Kind: dart.KindEventLog, Format: "eventlog", Encoding: "utf-8", Size: 10, Records: 3}, StateRead, "", false, true},
		{FileReport{Name: "syslog", Kind: dart.KindSyslog, Format: "syslog", Encoding: "utf-8", Size: 10}, StateNotUnderstood, "a syslog with 0 records", true, true},
		{FileReport{Name: "e.txt", Kind: dart.KindEventLog, Format: "eventlog", Encoding: "utf-8", Size: 10}, StateNotUnderstood, "an eventlog with 0 records", true, true},
		{FileReport{Name: "p.txt", Kind: dart.KindEventLog, Format: "powershell", Encoding: "utf-8", Size: 10, Reason: "no reader for format powershell"}, StateNotUnderstood, "no reader for format powershell", true, true},
		{FileReport{Name: "hosts", Kind: dart.KindHosts, Encoding: "utf-8", Size: 10}, StateFacts, "", false, true},
		{FileReport{Name: "setup.log", Kind: dart.KindInstallLog, Encoding: "utf-8", Size: 10}, StateFacts, "", false, true},
		{FileReport{Name: "summary.txt", Kind: dart.KindOther, Encoding: "utf-8", Size: 10, Mentions: "Cisco AnyConnect"}, StateFacts, "", false, true},
		{FileReport{Name: "notes.txt", Kind: dart.KindOther, Encoding: "utf-8", Size: 10, Mentions: "vpnui"}, StateNotUnderstood, "mentions vpnui but no log format was recognised", true, true},
		{FileReport{Name: "notes2.txt", Kind: dart.KindOther, Encoding: "utf-8", Size: 10}, StateNotUnderstood, "no format recognised, and no AnyConnect or Secure Client name in its head", false, false},
		{FileReport{Name: "vpnui.dmp", Kind: dart.KindOther, Size: 10, Mentions: "vpnui"}, StateNotUnderstood, "binary, not read", false, false},
		{FileReport{Name: "x.rar", Kind: dart.KindArchive, Size: 10}, StateNotUnderstood, "an archive that was not opened", false, false},
		{FileReport{Name: "empty", Kind: dart.KindOther, Encoding: "utf-8"}, StateNotUnderstood, "empty", false, false},
		{FileReport{Name: "cut.txt", Kind: dart.KindOther, Encoding: "utf-8", Size: 10, Mentions: "acvpnagent", Reason: "could not be read"}, StateNotUnderstood, "could not be read", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.in.Name, func(t *testing.T) {
			files := []FileReport{tt.in}
			understood, expected := settleStates(files, facts)
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
