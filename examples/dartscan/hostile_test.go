package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/internal/hostile"
	"github.com/dartkit/dartkit/internal/sample"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A zip cut before its central directory is read from its local headers:
// the findings of what was recovered are printed, the report says it is
// incomplete, and the command exits 2 with one line naming the file.
func TestTruncatedZipIncomplete(t *testing.T) {
	for _, format := range []string{"text", "json", "markdown"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-format", format, bundles+"truncated.zip", bundles+"clean.zip")
			assert.Equal(t, 2, code)
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			require.Len(t, lines, 1, "one line for the incomplete bundle: %s", stderr)
			assert.Contains(t, lines[0], "truncated.zip: analysis incomplete: ")
			assert.Contains(t, lines[0], "runs past the end of the file")
			assert.Contains(t, lines[0], "offset")
			assert.Contains(t, out, "cscvu39643-mus-dns-queries", "the recovered log's finding is printed")
			switch format {
			case "text":
				assert.Contains(t, out, "the analysis is incomplete")
			case "json":
				d := parse(t, out)
				require.Len(t, d.Bundles, 2)
				assert.NotEmpty(t, d.Bundles[0].Errors)
				assert.Empty(t, d.Bundles[1].Errors)
				assert.Contains(t, out, `"incomplete": true`)
				assert.Contains(t, out, `"unread": [`)
			}
		})
	}
}

// A bundle whose files are healthy but for one over a limit: the healthy
// files' findings are reported, and the command exits 2 naming the limit
// and the file.
func TestLimitIncomplete(t *testing.T) {
	files := technoteFiles()
	files = append(files, sample.File{Name: "Logs/bomb.log", Data: make([]byte, 8<<20), Mod: hostile.Mod})
	path := filepath.Join(t.TempDir(), "bomb.zip")
	require.NoError(t, os.WriteFile(path, sample.Zip(files), 0o644))
	code, out, stderr := dartscan(t, path)
	assert.Equal(t, 2, code)
	assert.Equal(t, 1, strings.Count(stderr, "\n"), stderr)
	assert.Contains(t, stderr, "bomb.zip: analysis incomplete: Logs/bomb.log: MaxRatio limit of ")
	assert.Contains(t, out, "cscvu39643-mus-dns-queries")
}

func technoteFiles() []sample.File {
	w := sample.Windows{Version: "4.8.03052", DARTVersion: "4.9.04043", MusFailures: 8, Style: sample.StyleTechNote}
	return w.Files()
}

// Text from a bundle cannot reach the terminal as control characters: not
// in file names (errors, evidence locations, the summary), not in records
// (evidence, the coverage shapes), not in any output format but JSON, which
// escapes them.
func TestHostileTextPrintedSafely(t *testing.T) {
	w := sample.Windows{Version: "4.8.03052", DARTVersion: "4.9.04043", MusFailures: 8, Style: sample.StyleTechNote,
		Extra: []sample.Event{{Time: sample.TechNoteStart.Add(time.Second), Type: "Warning", Source: "acvpnagent",
			Body: sample.Debug("CDNSRequest::OnSocketReadComplete", "DNSRequest.cpp", 1147,
				"Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 "+hostile.Escapes)}}}
	files := w.Files()
	forged := "x\x1b]0;owned\x07\n   ! forged line\x1b[2J.log"
	files = append(files,
		sample.File{Name: "Logs/esc\x1b[31m.log", Data: []byte("Jun 17 10:00:00 pc acvpnagent[1]: " + hostile.Escapes + "\n"), Mod: hostile.Mod})
	// A nested zip with a damaged entry, named with escapes and a line
	// break, makes an error line that names it.
	path := filepath.Join(t.TempDir(), "esc\x1b[1m.zip")
	bundle := sample.Zip(append(files, sample.File{Name: forged, Data: hostile.Get("checksum mismatch"), Mod: hostile.Mod}))
	require.NoError(t, os.WriteFile(path, bundle, 0o644))
	for _, format := range []string{"text", "markdown"} {
		t.Run(format, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-format", format, path)
			assert.Contains(t, out, "cscvu39643-mus-dns-queries")
			assert.Equal(t, 2, code, "the damaged nested entry makes the analysis incomplete")
			for name, s := range map[string]string{"stdout": out, "stderr": stderr} {
				for _, r := range s {
					if r != '\n' && r != '\t' && !unicode.IsPrint(r) && r != ' ' {
						t.Errorf("%s holds %U", name, r)
						break
					}
				}
			}
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line on stderr: %q", stderr)
			assert.NotContains(t, out, "\n   ! forged line", "a name cannot forge a line")
			assert.Contains(t, out, "RED", "the text around the escapes is kept")
		})
	}
}

// An input with no AnyConnect or Secure Client content is no DART bundle:
// in every format the command says so in one line on stderr naming it and
// what was looked for, exits 2 whatever -fail-on says, and never prints
// "No findings.".
func TestNotBundle(t *testing.T) {
	dir := t.TempDir()
	etc := filepath.Join(dir, "etc.zip")
	require.NoError(t, os.WriteFile(etc, hostile.Zip(
		hostile.E("os-release", "NAME=\"Ubuntu\"\nVERSION=\"22.04.3 LTS (Jammy Jellyfish)\"\nID=ubuntu\nPRETTY_NAME=\"Ubuntu 22.04.3 LTS\"\nVERSION_ID=\"22.04\"\n"),
		hostile.E("hosts", "127.0.0.1 localhost\n127.0.1.1 pc\n::1 ip6-localhost ip6-loopback\n"),
	), 0o644))
	empty := filepath.Join(dir, "empty.zip")
	require.NoError(t, os.WriteFile(empty, hostile.Zip(), 0o644))
	folder := filepath.Join(dir, "notes")
	require.NoError(t, os.Mkdir(folder, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(folder, "todo.txt"), []byte("Call the customer back on Monday.\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(folder, "syslog"), []byte("Jun 17 10:00:00 pc sshd[1]: a\nJun 17 10:00:01 pc cron[2]: b\n"), 0o644))
	for _, path := range []string{etc, empty, folder} {
		for _, format := range []string{"text", "json", "markdown"} {
			t.Run(filepath.Base(path)+"/"+format, func(t *testing.T) {
				code, out, stderr := dartscan(t, "-format", format, "-fail-on", "info", path)
				assert.Equal(t, 2, code)
				lines := strings.Split(strings.TrimSpace(stderr), "\n")
				require.Len(t, lines, 1, stderr)
				assert.Contains(t, lines[0], path+": not a DART bundle: ")
				assert.NotContains(t, out, "No findings")
				if path != empty {
					assert.Contains(t, lines[0], "acvpnagent", "what was looked for")
					if format == "json" {
						assert.Contains(t, out, `"not_bundle": true`)
					} else {
						assert.Contains(t, strings.ToLower(out), "not a dart bundle")
					}
				}
			})
		}
	}
}

// Real exports of the client's logs, and files nobody reads, beside a
// DART event log: each file's state is shown, the Console export and the
// PowerShell output are no longer read as nothing, and the coverage
// figure counts only the files dartkit should understand.
func TestFileStatesOutput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "exports.zip")
	files := append(technoteFiles(),
		sample.File{Name: "Exports/console.txt", Mod: hostile.Mod, Data: []byte("5/20/14 11:33:56.909 PM acvpnagent[69]: Function: updatePotentialPublicAddresses File: ../../vpn/AgentUtilities/HostConfigMgr.cpp Line: 1914 Invoked Function: CHostConfigMgr::determinePublicAddrCandidateFromDefRoute Return Code: -24117215 (0xFE900021) Description: ROUTETABLE_ERROR_NO_DEFAULT_ROUTE\n5/20/14 11:33:57.001 PM acvpnagent[69]: The VPN connection has been established and can now pass data.\n")},
		sample.File{Name: "Exports/winevent.txt", Mod: hostile.Mod, Data: hostile.UTF16LE("\r\n\r\nTimeCreated  : 6/17/2020 8:21:57 PM\r\nProviderName : acvpnagent\r\nId           : 2039\r\nMessage      : The VPN connection has been established and can now pass data.\r\n")},
		sample.File{Name: "Exports/ifconfig_result.txt", Mod: hostile.Mod, Data: []byte("\n\r" + strings.Repeat("*", 75) + "\n\"ifconfig -a\" output:\n" + strings.Repeat("*", 75) + "\n\r\neth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n")},
		sample.File{Name: "Exports/notes.txt", Mod: hostile.Mod, Data: []byte("Customer called on Monday; acvpnagent restarted twice.\n")},
		sample.File{Name: "Exports/todo.txt", Mod: hostile.Mod, Data: []byte("Call back.\n")},
	)
	require.NoError(t, os.WriteFile(path, sample.Zip(files), 0o644))
	for _, tt := range []struct{ golden, format string }{{"exports.txt", "text"}, {"exports.md", "markdown"}} {
		t.Run(tt.format, func(t *testing.T) {
			code, out, stderr := dartscan(t, "-format", tt.format, path)
			assert.Equal(t, 0, code, "a file not understood loses nothing: %s", stderr)
			out = strings.ReplaceAll(out, dir+string(filepath.Separator), "")
			golden.Check(t, filepath.Join("testdata", tt.golden), []byte(out))
		})
	}
	code, out, _ := dartscan(t, "-format", "json", path)
	require.Equal(t, 0, code)
	for _, want := range []string{`"state": "read"`, `"state": "facts"`, `"state": "not-understood"`, `"format": "powershell"`,
		`"reason": "mentions acvpnagent but no log format was recognised"`, `"missed": true`, `"files_understood": `, `"files_expected": `} {
		assert.Contains(t, out, want)
	}
}

// A bundle of many profiles, as one inflated with copies is: the text and
// Markdown summaries count them and name the first few; JSON lists them
// all.
func TestManyProfilesSummarised(t *testing.T) {
	const n = 40
	var entries []hostile.Entry
	for i := range n {
		entries = append(entries, hostile.E(fmt.Sprintf("Profile/p%02d.xml", i),
			fmt.Sprintf("<AnyConnectProfile><ServerList><HostEntry><HostAddress>vpn%d.example.com</HostAddress></HostEntry></ServerList></AnyConnectProfile>\n", i)))
	}
	entries = append(entries, hostile.E("Cisco AnyConnect Secure Mobility Client/AnyConnect.txt",
		"Jun 17 10:00:00 pc acvpnagent[1]: Function: f File: x.cpp Line: 1 text\n"))
	path := filepath.Join(t.TempDir(), "profiles.zip")
	require.NoError(t, os.WriteFile(path, hostile.Zip(entries...), 0o600))
	const maxProfiles = 5 // the profiles the text and Markdown name
	for _, format := range []string{"text", "markdown", "json"} {
		t.Run(format, func(t *testing.T) {
			_, out, _ := dartscan(t, "-format", format, path)
			if format == "json" {
				for i := range n {
					assert.Contains(t, out, fmt.Sprintf("vpn%d.example.com", i))
				}
				return
			}
			assert.Contains(t, out, fmt.Sprintf("%d profiles, the first %d: Profile/p00.xml (servers: vpn0.example.com)", n, maxProfiles))
			assert.Contains(t, out, fmt.Sprintf("Profile/p%02d.xml (servers: vpn%d.example.com); and %d more", maxProfiles-1, maxProfiles-1, n-maxProfiles))
			assert.NotContains(t, out, fmt.Sprintf("vpn%d.example.com", maxProfiles))
		})
	}
}
