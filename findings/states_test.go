package findings_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/hostile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFileStates checks that every file of a bundle ends in one state,
// with its reason, and which files not understood lower the coverage.
func TestFileStates(t *testing.T) {
	z := hostile.Zip(
		hostile.E("AnyConnect.txt", vpnLog),
		hostile.E("console.txt", "5/20/14 11:33:56.909 PM acvpnagent[69]: Function: updatePotentialPublicAddresses File: HostConfigMgr.cpp Line: 1914 hello\n5/20/14 11:33:57.001 PM acvpnagent[69]: next\n"),
		hostile.E("winevent.txt", "\r\nTimeCreated  : 6/17/2020 8:21:57 PM\r\nProviderName : acvpnagent\r\nId           : 2039\r\nMessage      : The VPN connection has been established.\r\n"),
		hostile.E("events.csv", "Level,Date and Time,Source,Event ID,Task Category\r\nError,6/17/2020 8:21:57 PM,acvpnagent,2039,None,x\r\n"),
		hostile.E("hosts", "127.0.0.1 localhost\n"),
		hostile.E("profile.xml", `<?xml version="1.0"?><AnyConnectProfile><ServerList><HostEntry><HostName>VPN</HostName><HostAddress>vpn.example.com</HostAddress></HostEntry></ServerList></AnyConnectProfile>`),
		hostile.E("notes.txt", "Customer called on Monday.\n"),
		hostile.E("agent-notes.txt", "The user says acvpnagent crashed twice.\n"),
		hostile.Entry{Name: "crash.dmp", Data: append([]byte("MDMP\x93\xa7\x00\x00"), make([]byte, 64)...)},
		hostile.E("empty.txt", ""),
	)
	rep := analyzeZip(t, z, nil, nil, nil)
	type state struct {
		State  findings.FileState
		Format string
		Reason string
		Missed bool
	}
	want := map[string]state{
		"AnyConnect.txt":  {findings.StateRead, "eventlog", "", false},
		"console.txt":     {findings.StateRead, "syslog", "", false},
		"winevent.txt":    {findings.StateRead, "powershell", "", false},
		"events.csv":      {findings.StateRead, "eventcsv", "", false},
		"hosts":           {findings.StateFacts, "", "", false},
		"profile.xml":     {findings.StateFacts, "", "", false},
		"notes.txt":       {findings.StateNotUnderstood, "", "no format recognised, and no AnyConnect or Secure Client name in its head", false},
		"agent-notes.txt": {findings.StateNotUnderstood, "", "mentions acvpnagent but no log format was recognised", true},
		"crash.dmp":       {findings.StateNotUnderstood, "", "binary, not read", false},
		"empty.txt":       {findings.StateNotUnderstood, "", "empty", false},
	}
	got := map[string]state{}
	for _, f := range rep.Files {
		format := ""
		if f.Kind.IsLog() {
			format = f.Format.String()
		}
		got[f.Name] = state{f.State, format, f.Reason, f.Missed}
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 6, rep.Coverage.Understood, "read and facts")
	assert.Equal(t, 7, rep.Coverage.Expected, "understood and missed")
	assert.False(t, rep.Incomplete, "a file not understood loses nothing: %q", rep.Errors)
	assert.False(t, rep.NotBundle)
}

// TestNotBundle checks that an input with no AnyConnect or Secure Client
// content is said to be no DART bundle, and that any one sign of the
// client is enough.
func TestNotBundle(t *testing.T) {
	const osRelease = "NAME=\"Ubuntu\"\nVERSION=\"22.04.3 LTS (Jammy Jellyfish)\"\nPRETTY_NAME=\"Ubuntu 22.04.3 LTS\"\nVERSION_ID=\"22.04\"\n"
	const hosts = "127.0.0.1 localhost\n::1 localhost ip6-localhost\n"
	tests := []struct {
		name string
		zip  []byte
		want bool
	}{
		{"os-release and hosts", hostile.Zip(hostile.E("os-release", osRelease), hostile.E("hosts", hosts)), true},
		{"unrelated logs", hostile.Zip(hostile.E("syslog", "Jun 17 10:00:00 pc sshd[1]: a\nJun 17 10:00:01 pc cron[2]: b\n")), true},
		{"a client log", hostile.Zip(hostile.E("AnyConnect.txt", vpnLog)), false},
		{"a profile", hostile.Zip(hostile.E("p.xml", `<AnyConnectProfile><ServerList/></AnyConnectProfile>`)), false},
		{"a note naming the agent", hostile.Zip(hostile.E("notes.txt", "vpnagentd keeps crashing\n")), false},
		{"a client version", hostile.Zip(hostile.E("InstalledPrograms.txt", "Installed Programs\r\nCisco Secure Client - AnyConnect VPN 5.1.2.42\r\n")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			b, err := dart.NewReader(ctx, strings.NewReader(string(tt.zip)), int64(len(tt.zip)), "input.zip", nil)
			require.NoError(t, err)
			defer b.Close()
			rep, err := findings.Analyze(ctx, b, nil, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.want, rep.NotBundle)
			if tt.want {
				err := rep.Err()
				require.ErrorIs(t, err, findings.ErrNotBundle)
				require.ErrorIs(t, err, dart.ErrNotBundle, "one sentinel for every input that is no bundle")
				assert.Contains(t, err.Error(), "input.zip: not a DART bundle: no file names acvpnagent")
			} else {
				assert.NoError(t, rep.Err())
			}
		})
	}
}

// A zip with nothing in it is not opened at all.
func TestNotBundleEmptyZip(t *testing.T) {
	z := hostile.Zip()
	_, err := dart.NewReader(context.Background(), strings.NewReader(string(z)), int64(len(z)), "empty.zip", nil)
	assert.ErrorIs(t, err, dart.ErrNoFiles)
}

// A folder of unrelated text is no DART bundle either.
func TestNotBundleFolder(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "readme.txt"), []byte("Shopping list: milk, eggs.\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hosts"), []byte("127.0.0.1 localhost\n"), 0o644))
	ctx := context.Background()
	b, err := dart.Open(ctx, dir, nil)
	require.NoError(t, err)
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, nil, nil)
	require.NoError(t, err)
	assert.True(t, rep.NotBundle)
	assert.True(t, errors.Is(rep.Err(), findings.ErrNotBundle))
	assert.False(t, rep.Incomplete)
}
