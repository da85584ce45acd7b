package findings_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/hostile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A whole DART event-log export of two records, separators around each.
const vpnLog = "******************************************\r\n" +
	"Date\t\t: 06/17/2021\r\nTime\t\t: 10:00:01\r\nType\t\t: Information\r\nSource\t\t: acvpnagent\r\n\r\n" +
	"Description\t: The VPN connection has been established and can now pass data.\r\n\r\n" +
	"******************************************\r\n" +
	"Date\t\t: 06/17/2021\r\nTime\t\t: 10:00:02\r\nType\t\t: Information\r\nSource\t\t: acvpnui\r\n\r\n" +
	"Description\t: Message type information sent to the user: Connected.\r\n\r\n" +
	"******************************************\r\n"

// analyzeZip analyses the zip z with rules.
func analyzeZip(t *testing.T, z []byte, dopts *dart.Options, rules []*findings.Rule, opts *findings.Options) *findings.Report {
	t.Helper()
	ctx := context.Background()
	b, err := dart.NewReader(ctx, bytes.NewReader(z), int64(len(z)), "case.zip", dopts)
	require.NoError(t, err)
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, rules, opts)
	require.NoError(t, err)
	return rep
}

// TestIncompletePolicy goes through each path of Analyze that makes a
// report incomplete, lists an error, or notes a doubt: a report is
// incomplete, with an error naming the file, exactly when bytes or
// records were lost; what lost nothing is a note.
func TestIncompletePolicy(t *testing.T) {
	failing := &findings.Rule{ID: "always-fails", Title: "fails", Check: func(*findings.Pass) error { return errors.New("broken check") }}
	tests := []struct {
		name  string
		zip   []byte
		dopts *dart.Options
		opts  *findings.Options
		rules []*findings.Rule
		lost  string // a substring of Errors and Unread; "" for a complete report
		note  string // a substring of Coverage.Notes
	}{
		{name: "healthy", zip: hostile.Zip(hostile.E("AnyConnect.txt", vpnLog))},
		// Losses.
		{name: "damaged entry", zip: hostile.Get("checksum mismatch"), lost: "a.txt: damaged entry"},
		{name: "a limit: MaxFileSize", zip: hostile.Zip(hostile.E("AnyConnect.txt", vpnLog), hostile.E("big.txt", strings.Repeat("x", 4096))),
			dopts: &dart.Options{Limits: dart.Limits{MaxFileSize: 1024}}, lost: "MaxFileSize limit"},
		{name: "a limit: a line too long", zip: hostile.Zip(hostile.E("system.log", "Jun 17 10:00:00 pc acvpnagent[1]: "+strings.Repeat("x", 8192)+"\nJun 17 10:00:01 pc acvpnagent[1]: b\nJun 17 10:00:02 pc acvpnagent[1]: c\n")),
			opts: &findings.Options{MaxLineLength: 1024}, lost: "system.log:1: line too long"},
		{name: "a record cut inside its fields", zip: hostile.Zip(hostile.E("AnyConnect.txt", hostile.CutEventLog())), lost: "AnyConnect.txt:10: truncated record"},
		{name: "zip cut before its central directory", zip: func() []byte {
			z := hostile.Zip(hostile.E("AnyConnect.txt", vpnLog), hostile.E("hosts", "127.0.0.1 localhost\n"))
			return z[:bytes.Index(z, []byte("PK\x01\x02"))+10]
		}(), lost: "zip without a readable central directory"},
		{name: "a rule that fails", zip: hostile.Zip(hostile.E("AnyConnect.txt", vpnLog)), rules: []*findings.Rule{failing}, lost: "rule always-fails: broken check"},
		// Doubts: nothing lost.
		{name: "a whole final record without a closing separator", zip: hostile.Zip(hostile.E("AnyConnect.txt", strings.TrimSuffix(vpnLog, "******************************************\r\n")))},
		{name: "a line not in the format", zip: hostile.Zip(hostile.E("system.log", "not a syslog line\nJun 17 10:00:00 pc acvpnagent[1]: a\nJun 17 10:00:01 pc acvpnagent[1]: b\n")),
			note: "system.log:1: "},
		{name: "a time that names no time", zip: hostile.Zip(hostile.E("AnyConnect.txt", vpnLog+strings.Replace(vpnLog, "10:00:01", "99:00:01", 1))),
			note: "bad timestamp"},
		{name: "insecure names, cleaned", zip: hostile.Get("traversal names"), note: "insecure name"},
		{name: "duplicate names, renamed", zip: hostile.Get("duplicate names"), note: "duplicate name"},
		{name: "damage repaired", zip: hostile.Misplaced(hostile.Zip(hostile.E("AnyConnect.txt", vpnLog), hostile.E("hosts", "127.0.0.1 localhost\n"))), note: "found from their local headers"},
		{name: "bytes not valid in their encoding", zip: hostile.Zip(hostile.E("system.log", "\xEF\xBB\xBFJun 17 10:00:00 pc acvpnagent[1]: caf\xE9\nJun 17 10:00:01 pc acvpnagent[1]: b\n")), note: "invalid utf-8"},
		{name: "a format no reader reads", zip: hostile.Zip(hostile.E("events.csv", "Level,Date and Time,Source,Event ID,Task Category\r\nError,6/17/2020 8:21:57 PM,acvpnagent,2039,None,x\r\n"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := analyzeZip(t, tt.zip, tt.dopts, tt.rules, tt.opts)
			assert.Equal(t, tt.lost != "", rep.Incomplete, "Incomplete; errors %q", rep.Errors)
			assert.Equal(t, rep.Incomplete, len(rep.Errors) > 0, "an error means something was lost")
			assert.Equal(t, rep.Incomplete, len(rep.Unread) > 0, "Unread says why")
			for _, u := range rep.Unread {
				assert.Contains(t, rep.Errors, u)
			}
			if tt.lost != "" {
				assert.Contains(t, strings.Join(rep.Unread, "\n"), tt.lost)
			}
			if tt.note != "" {
				assert.Contains(t, strings.Join(rep.Coverage.Notes, "\n"), tt.note)
			}
		})
	}
}

// A read that fails part way through a log loses the rest of it: the
// report is incomplete, the error names the file.
func TestIncompleteReadFailure(t *testing.T) {
	// A stored entry whose data is cut: its reader fails after the
	// first lines, inside the event log.
	data := []byte(vpnLog + vpnLog + vpnLog)
	z := hostile.Zip(hostile.Entry{Name: "AnyConnect.txt", Data: data, Store: true})
	i := bytes.Index(z, data)
	cut := append(bytes.Clone(z[:i+len(data)/2]), z[i+len(data):]...)
	rep := analyzeZip(t, cut, nil, nil, nil)
	assert.True(t, rep.Incomplete, "errors %q", rep.Errors)
	assert.Contains(t, strings.Join(rep.Errors, "\n"), "AnyConnect.txt")
}
