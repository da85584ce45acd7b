package logparse_test

import (
	"strings"
	"testing"

	"github.com/dartkit/dartkit/logparse"
)

// TestSyslogTags covers where a tag ends: process names with blanks, dots,
// brackets and parentheses, tags without a pid, and messages that hold
// colons and brackets of their own.
func TestSyslogTags(t *testing.T) {
	const ts = "Feb  8 00:45:32 mac "
	const at = "1 2020-02-08 00:45:32.000 +00:00 "
	tests := []struct{ name, tail, want string }{
		{"spaced name", "Cisco AnyConnect Secure Mobility Client[8211]: PluginManager: loaded",
			`unknown Cisco AnyConnect Secure Mobility Client host=mac pid=8211 "PluginManager: loaded"`},
		{"dotted name", "com.cisco.anyconnect.macos.acsockext[123]: flow closed",
			`unknown com.cisco.anyconnect.macos.acsockext host=mac pid=123 "flow closed"`},
		{"parentheses in name", "Cisco Secure Client - AnyConnect VPN (ext)[456]: started",
			`unknown Cisco Secure Client - AnyConnect VPN (ext) host=mac pid=456 "started"`},
		{"brackets in name", "foo[bar][12]: x", `unknown foo[bar] host=mac pid=12 "x"`},
		{"kernel without pid", "kernel: [ 12.345678] usb 1-1: new device [5]: x",
			`unknown kernel host=mac "[ 12.345678] usb 1-1: new device [5]: x"`},
		{"kernel with pid", "kernel[0]: utun2: ready", `unknown kernel host=mac "utun2: ready"`},
		{"pid then blank", "com.apple.xpc.launchd[1] (com.cisco.anyconnect.vpnagentd[55]): Service exited with abnormal code: 1",
			`unknown com.apple.xpc.launchd host=mac pid=1 "(com.cisco.anyconnect.vpnagentd[55]): Service exited with abnormal code: 1"`},
		{"syslog(1) level", "neagent(Foundation)[2409] <Notice>: calling plugIn",
			`notice neagent host=mac pid=2409 sender=Foundation "calling plugIn"`},
		{"spaced name and level", "Cisco AnyConnect Secure Mobility Client[8211] <Error>: failed",
			`error Cisco AnyConnect Secure Mobility Client host=mac pid=8211 "failed"`},
		{"unknown level word is message", "a[1] <Bogus>: x", `unknown a host=mac pid=1 "<Bogus>: x"`},
		{"spaced name, blank parenthesis is not a sender", "Foo Bar (Renderer)[9]: x",
			`unknown Foo Bar (Renderer) host=mac pid=9 "x"`},
		{"colon before bracket", "acvpnagent: Counter[5]: x", `unknown acvpnagent host=mac "Counter[5]: x"`},
		{"colon without blank stays in tag", "com.example:helper[7]: x", `unknown com.example:helper host=mac pid=7 "x"`},
		{"no tag, colon after blank", "Connection state: up [5]", `unknown  host=mac "Connection state: up [5]"`},
		{"no tag, spaced name without pid", "Cisco AnyConnect: hello", `unknown  host=mac "Cisco AnyConnect: hello"`},
		{"no tag, bracket after blank", "Some text id [55]: x", `unknown  host=mac "Some text id [55]: x"`},
		{"no tag, spaced pid without colon", "Some text id[55] more", `unknown  host=mac "Some text id[55] more"`},
		{"pid not digits", "a[x]: y", `unknown a[x] host=mac "y"`},
		{"colon right after pid", "a[1]:msg", `unknown a host=mac pid=1 "msg"`},
		{"empty message", "a[1]:", `unknown a host=mac pid=1 ""`},
		{"tag alone", "a:", `unknown a host=mac ""`},
		// Without a host, the first word of a spaced name is taken for
		// one: nothing tells them apart in the BSD form.
		{"no host, one-word tag", "\bacvpnagent[55]: x", `unknown acvpnagent pid=55 "x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := ts + tt.tail
			if strings.HasPrefix(tt.tail, "\b") {
				in = strings.TrimSuffix(ts, "mac ") + tt.tail[1:]
			}
			rr := logparse.NewSyslogReader(strings.NewReader(in), &logparse.Options{File: "f", Reference: reference})
			got := summary(rr)
			if len(got) != 1 || got[0] != at+tt.want {
				t.Errorf("%q:\ngot  %q\nwant %q", in, got, at+tt.want)
			}
		})
	}
}

func TestSyslogForms(t *testing.T) {
	runReaderTests(t, logparse.FormatSyslog, []readerTest{
		{
			name: "no host, spaced name: the first word is taken for the host",
			in:   "Feb  8 00:45:32 Cisco AnyConnect Secure Mobility Client[8211]: x\n",
			want: []string{`1 2020-02-08 00:45:32.000 +00:00 unknown AnyConnect Secure Mobility Client host=Cisco pid=8211 "x"`},
		},
		{
			name: "journalctl short-precise and short-iso with spaced names",
			in: "Feb 08 00:45:32.123456 host Cisco Secure Client - AnyConnect VPN[5]: x\n" +
				"2021-06-17T20:21:32+0200 host Cisco Secure Client - AnyConnect VPN[5]: y\n" +
				"<30>Feb  8 00:45:33 host Cisco AnyConnect Secure Mobility Client[8211]:\tz\n",
			want: []string{
				`1 2020-02-08 00:45:32.123 +00:00 unknown Cisco Secure Client - AnyConnect VPN host=host pid=5 "x"`,
				`2 2021-06-17 20:21:32.000 +02:00 unknown Cisco Secure Client - AnyConnect VPN host=host pid=5 zoned "y"`,
				`3 2020-02-08 00:45:33.000 +00:00 info Cisco AnyConnect Secure Mobility Client host=host pid=8211 "z"`,
			},
		},
		{
			// Without a pid nothing closes a spaced name: the text is all
			// message.
			name: "spaced identifier without a pid",
			in:   "Feb 08 00:45:32 host Cisco Secure Client: x\n",
			want: []string{`1 2020-02-08 00:45:32.000 +00:00 unknown  host=host "Cisco Secure Client: x"`},
		},
		{
			name: "padding",
			in:   "Feb  8 00:45:32  mac   acvpnagent[55]:    padded\t\n5/20/14 11:33:56.909 PM   acvpnagent[69]:  x\n",
			want: []string{
				`1 2020-02-08 00:45:32.000 +00:00 unknown acvpnagent host=mac pid=55 "padded"`,
				`2 2014-05-20 23:33:56.909 +00:00 unknown acvpnagent pid=69 "x"`,
			},
		},
		{
			name: "console, spaced names, no host",
			in:   "5/20/14 11:33:56.909 PM Cisco AnyConnect Secure Mobility Client[8211]: PluginManager: x\n5/20/14 11:33:57.001 PM Google Chrome[123]: y\n",
			want: []string{
				`1 2014-05-20 23:33:56.909 +00:00 unknown Cisco AnyConnect Secure Mobility Client pid=8211 "PluginManager: x"`,
				`2 2014-05-20 23:33:57.001 +00:00 unknown Google Chrome pid=123 "y"`,
			},
		},
		{
			name: "console with a host shaped like one, then a spaced name",
			in:   "5/20/14 11:33:56.909 PM my-mac.local acvpnagent[69]: a\n5/20/14 11:33:57.000 PM my-mac.local Cisco AnyConnect Secure Mobility Client[8211]: b\n5/20/14 11:33:58.000 PM localhost kernel[0]: c\n",
			want: []string{
				`1 2014-05-20 23:33:56.909 +00:00 unknown acvpnagent host=my-mac.local pid=69 "a"`,
				`2 2014-05-20 23:33:57.000 +00:00 unknown Cisco AnyConnect Secure Mobility Client host=my-mac.local pid=8211 "b"`,
				`3 2014-05-20 23:33:58.000 +00:00 unknown kernel host=localhost "c"`,
			},
		},
		{
			// A plain word before a tag could start a process name: it is
			// not taken for a host unless an earlier line made it one.
			name: "console, plain first word is part of the name",
			in:   "5/20/14 11:33:56.909 PM mymac acvpnagent[69]: a\n5/20/14 11:33:57.909 PM my-mac Cisco AnyConnect Secure Mobility Client[8211]: b\n",
			want: []string{
				`1 2014-05-20 23:33:56.909 +00:00 unknown mymac acvpnagent pid=69 "a"`,
				`2 2014-05-20 23:33:57.909 +00:00 unknown my-mac Cisco AnyConnect Secure Mobility Client pid=8211 "b"`,
			},
		},
		{
			name: "console, other clocks and dates",
			in:   "5/2/14 9:05:06.001 AM acvpnagent[69]: a\n12/31/14 12:00:00.500 AM acvpnagent[69]: b\n20/05/2014 23:33:56.909 acvpnagent[69]: c\n5/20/2014 11:33:56 PM acvpnagent[69]: d\n",
			want: []string{
				`1 2014-05-02 09:05:06.001 +00:00 unknown acvpnagent pid=69 "a"`,
				`2 2014-12-31 00:00:00.500 +00:00 unknown acvpnagent pid=69 "b"`,
				`3 2014-05-20 23:33:56.909 +00:00 unknown acvpnagent pid=69 "c"`,
				`4 2014-05-20 23:33:56.000 +00:00 unknown acvpnagent pid=69 "d"`,
			},
		},
		{
			name: "last message repeated, every placement",
			in: "Feb  8 00:45:32 mac acvpnagent[55]: a\nFeb  8 00:45:33 mac --- last message repeated 1 time ---\n" +
				"Feb  8 00:45:34 --- last message repeated 2 times ---\n--- last message repeated 3 times ---\n" +
				"Feb  8 00:45:35 mac last message repeated 4 times\n" +
				"Feb  8 00:45:36 mac Cisco AnyConnect Secure Mobility Client[8211]: b\n" +
				"5/20/14 11:33:56.909 PM acvpnagent[69]: c\n5/20/14 11:33:57.909 PM --- last message repeated 5 times ---  \n",
			want: []string{
				`1 2020-02-08 00:45:32.000 +00:00 unknown acvpnagent host=mac pid=55 x11 "a"`,
				`6 2020-02-08 00:45:36.000 +00:00 unknown Cisco AnyConnect Secure Mobility Client host=mac pid=8211 "b"`,
				`7 2014-05-20 23:33:56.909 +00:00 unknown acvpnagent pid=69 x6 "c"`,
			},
		},
		{
			name: "last message repeated before any record, and zero times",
			in:   "--- last message repeated 3 times ---\nFeb  8 00:45:32 mac a[5]: x\nFeb  8 00:45:33 mac --- last message repeated 0 times ---\n",
			want: []string{`2 2020-02-08 00:45:32.000 +00:00 unknown a host=mac pid=5 "x"`},
		},
		{
			name: "not quite a repeat notice",
			in:   "Feb  8 00:45:32 mac a[5]: x\n--- last message repeated many times ---\nFeb  8 00:45:33 mac --- last message repeated 2 times --- and more\n",
			want: []string{
				`1 2020-02-08 00:45:32.000 +00:00 unknown a host=mac pid=5 "x\n--- last message repeated many times ---"`,
				`3 2020-02-08 00:45:33.000 +00:00 unknown  host=mac "--- last message repeated 2 times --- and more"`,
			},
		},
		{
			name: "repeat notice after a line lost to its length is not counted on the record before",
			in:   "Feb  8 00:45:32 mac a[5]: x\nFeb  8 00:45:33 mac a[5]: " + strings.Repeat("y", 70) + "\nFeb  8 00:45:34 mac --- last message repeated 2 times ---\n",
			opts: &logparse.Options{File: "f", Reference: reference, MaxLineLength: 60},
			want: []string{
				`1 2020-02-08 00:45:32.000 +00:00 unknown a host=mac pid=5 "x"`,
				"error f:2: line too long: 96 bytes, limit 60",
			},
		},
		{
			name: "rsyslog repeat is still its own record",
			in:   "Jan  2 03:04:05 h a[1]: x\nJan  2 03:04:06 h a[1]: message repeated 3 times: [ x]\nJan  2 03:04:07 h --- last message repeated 1 time ---\n",
			want: []string{
				`1 2021-01-02 03:04:05.000 +00:00 unknown a host=h pid=1 "x"`,
				`2 2021-01-02 03:04:06.000 +00:00 unknown a host=h pid=1 x4 "x"`,
			},
		},
		{
			name: "2.x/3.x agent prefix",
			in: "Jan  2 03:04:05 h vpnagentd[4325]: [p:4325 pp:1]: error - TlsProtocol.cpp:502 (fe1f000b) CTlsProtocol::initialHandshake handshake failed\n" +
				"Jan  2 03:04:06 h vpnagentd[4325]: [p:4325 pp:1 t:4330]: warning - ../../vpn/Agent/MainThread.cpp:1881 CMainThread::OnTimer timer fired\n" +
				"Jan  2 03:04:07 h vpnagentd[4325]: [p:4325 pp:1]: info - Starting the agent\n" +
				"<14>Jan  2 03:04:08 h vpnui[77]: [p:77 pp:1]: debug - UiApi.cpp:40 no function here\n" +
				"Jan  2 03:04:09 h vpnagentd[4325]: [p:4325 pp:1]: info - Function: f File: a.cpp Line: 3 modern header after the prefix\n",
			want: []string{
				`1 2021-01-02 03:04:05.000 +00:00 error vpnagentd host=h pid=4325 [CTlsProtocol::initialHandshake TlsProtocol.cpp:502 -31522805 ] "handshake failed"`,
				`2 2021-01-02 03:04:06.000 +00:00 warning vpnagentd host=h pid=4325 [CMainThread::OnTimer ../../vpn/Agent/MainThread.cpp:1881] "timer fired"`,
				`3 2021-01-02 03:04:07.000 +00:00 info vpnagentd host=h pid=4325 "Starting the agent"`,
				`4 2021-01-02 03:04:08.000 +00:00 debug vpnui host=h pid=77 [ UiApi.cpp:40] "no function here"`,
				`5 2021-01-02 03:04:09.000 +00:00 info vpnagentd host=h pid=4325 [f a.cpp:3] "modern header after the prefix"`,
			},
		},
	})
}

func TestDetectSyslogForms(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"console export", "5/20/14 11:33:56.909 PM acvpnagent[69]: Function: a File: b.cpp Line: 1 x\n5/20/14 11:33:57.000 PM Cisco AnyConnect Secure Mobility Client[8211]: y\n5/20/14 11:33:57.100 PM --- last message repeated 1 time ---\n5/20/14 11:33:58.000 PM kernel[0]: z\n"},
		{"console export with a host", "5/20/14 11:33:56.909 PM my-mac acvpnagent[69]: x\n5/20/14 11:33:57.909 PM my-mac acvpnagent[69]: y\n"},
		{"system.log with repeats", "Feb  8 00:45:32 mac Cisco AnyConnect Secure Mobility Client[8211]: a\n--- last message repeated 1 time ---\nFeb  8 00:45:33 mac --- last message repeated 2 times ---\n"},
		{"old agent", "Jan  2 03:04:05 h vpnagentd[4325]: [p:4325 pp:1]: info - A.cpp:1 f_x y\nJan  2 03:04:06 h vpnagentd[4325]: [p:4325 pp:1]: info - B.cpp:2 g_y z\n"},
		{"syslog(1) output", "Jun  6 12:55:10 host pkd[90] <Info>: a\nJun  6 12:55:10 host neagent(Foundation)[2409] <Notice>: b\n"},
	}
	for _, tt := range tests {
		if got := logparse.Detect([]byte(tt.in)); got != logparse.FormatSyslog {
			t.Errorf("%s: Detect = %v, want syslog", tt.name, got)
		}
	}
}

// TestSyslogPathological checks that lines built to make the tag scanner
// backtrack are read in time linear in their length.
func TestSyslogPathological(t *testing.T) {
	for _, body := range []string{
		strings.Repeat("a[1] ", 150000),
		strings.Repeat("a[1", 200000),
		strings.Repeat("[", 400000),
		strings.Repeat("x ", 300000) + ":",
		strings.Repeat("[p:1 pp:1]: info - ", 30000),
		"[p:1 pp:1]: info - " + strings.Repeat("a:", 300000),
	} {
		for _, prefix := range []string{"Feb  8 00:45:32 mac ", "Feb  8 00:45:32 ", "5/20/14 11:33:56.909 PM ", "5/20/14 11:33:56.909 PM my-mac "} {
			in := prefix + body + "\n"
			rr := logparse.NewSyslogReader(strings.NewReader(in), &logparse.Options{Reference: reference})
			n := 0
			for range rr.All() {
				n++
			}
			// One line: one record, or one error saying it is none.
			if n != 1 {
				t.Errorf("%.40q...: %d results, want 1", in, n)
			}
		}
	}
}
