package logparse_test

import (
	"strings"
	"testing"

	"github.com/dartkit/dartkit/logparse"
)

// TestUnifiedLogNames covers process names with blanks, dots and
// parentheses in every style of "log show", and the 2.x/3.x agent prefix.
func TestUnifiedLogNames(t *testing.T) {
	runReaderTests(t, logparse.FormatUnifiedLog, []readerTest{
		{
			name: "default style",
			in: "2024-01-10 09:15:32.123456-0500 0x1a2b     Default     0x0                  812    0    Cisco AnyConnect Secure Mobility Client: (libacciscossl.dylib) [com.cisco.anyconnect:ui] PluginManager: loaded\n" +
				"2024-01-10 09:15:32.223456-0500 0x1a2c     Error       0x0                  123    0    Cisco Secure Client - AnyConnect VPN (ext): flow: dropped [7]\n" +
				"2024-01-10 09:15:32.323456-0500 0x1a2d     Info        0x0                  0      0    kernel: (AppleFoo) utun2: up\n" +
				"2024-01-10 09:15:32.423456-0500 0x1a2e     Default     0x0                  99     0    com.cisco.anyconnect.macos.acsockext:\n",
			want: []string{
				`1 2024-01-10 09:15:32.123 -05:00 info Cisco AnyConnect Secure Mobility Client pid=812 zoned sender=libacciscossl.dylib sub=com.cisco.anyconnect:ui "PluginManager: loaded"`,
				`2 2024-01-10 09:15:32.223 -05:00 error Cisco Secure Client - AnyConnect VPN (ext) pid=123 zoned "flow: dropped [7]"`,
				`3 2024-01-10 09:15:32.323 -05:00 info kernel zoned sender=AppleFoo "utun2: up"`,
				`4 2024-01-10 09:15:32.423 -05:00 info com.cisco.anyconnect.macos.acsockext pid=99 zoned ""`,
			},
		},
		{
			name: "syslog style",
			in: "2024-01-10 09:15:32.123456-0500  localhost Cisco AnyConnect Secure Mobility Client[812]: (libvpnapi.dylib) PluginManager: loaded\n" +
				"2024-01-10 09:15:32.223456-0500  localhost Cisco Secure Client - AnyConnect VPN (ext)[123]: flow\n" +
				"2024-01-10 09:15:32.323456-0500  localhost com.cisco.anyconnect.macos.acsockext(libfoo.dylib)[44]: x\n" +
				"2024-01-10 09:15:32.423456-0500  localhost kernel[0]: (AppleFoo) y\n",
			want: []string{
				`1 2024-01-10 09:15:32.123 -05:00 unknown Cisco AnyConnect Secure Mobility Client host=localhost pid=812 zoned sender=libvpnapi.dylib "PluginManager: loaded"`,
				`2 2024-01-10 09:15:32.223 -05:00 unknown Cisco Secure Client - AnyConnect VPN (ext) host=localhost pid=123 zoned "flow"`,
				`3 2024-01-10 09:15:32.323 -05:00 unknown com.cisco.anyconnect.macos.acsockext host=localhost pid=44 zoned sender=libfoo.dylib "x"`,
				`4 2024-01-10 09:15:32.423 -05:00 unknown kernel host=localhost zoned sender=AppleFoo "y"`,
			},
		},
		{
			name: "compact style",
			in: "2026-01-01 00:00:00.000 Df Cisco AnyConnect Secure Mobility Client[812:1a2b] PluginManager: loaded\n" +
				"2026-01-01 00:00:00.100 E  Cisco Secure Client - AnyConnect VPN (ext)[123:9] [7] flow\n" +
				"2026-01-01 00:00:00.200 Df odd[name][5] x\n" +
				"2026-01-01 00:00:00.300 I  kernel[0]\n",
			want: []string{
				`1 2026-01-01 00:00:00.000 +00:00 info Cisco AnyConnect Secure Mobility Client pid=812 "PluginManager: loaded"`,
				`2 2026-01-01 00:00:00.100 +00:00 error Cisco Secure Client - AnyConnect VPN (ext) pid=123 "[7] flow"`,
				`3 2026-01-01 00:00:00.200 +00:00 info odd[name] pid=5 "x"`,
				`4 2026-01-01 00:00:00.300 +00:00 info kernel ""`,
			},
		},
		{
			name: "compact style without a pid continues the record",
			in:   "2026-01-01 00:00:00.000 Df a[1] x\n2026-01-01 00:00:00.100 Df no pid here\n",
			want: []string{`1 2026-01-01 00:00:00.000 +00:00 info a pid=1 "x\n2026-01-01 00:00:00.100 Df no pid here"`},
		},
		{
			name: "agent prefix",
			in:   "2024-01-10 09:15:32.123456-0500  localhost vpnagentd[4325]: [p:4325 pp:1]: error - TlsProtocol.cpp:502 (fe1f000b) CTlsProtocol::initialHandshake handshake failed\n",
			want: []string{`1 2024-01-10 09:15:32.123 -05:00 error vpnagentd host=localhost pid=4325 zoned [CTlsProtocol::initialHandshake TlsProtocol.cpp:502 -31522805 ] "handshake failed"`},
		},
		{
			name: "agent prefix with the process id alone is no subsystem",
			in:   "2026-01-01 00:00:00.000 Df vpnagentd[4325:9] [p:4325] warning - a.cpp:3 f_g x\n",
			want: []string{`1 2026-01-01 00:00:00.000 +00:00 warning vpnagentd pid=4325 [f_g a.cpp:3] "x"`},
		},
	})
}

// TestUnifiedLogNotSyslog checks that syslog lines with an ISO date are
// not taken for "log show" rows, whose default and syslog styles always
// print an offset and a host.
func TestUnifiedLogNotSyslog(t *testing.T) {
	runReaderTests(t, logparse.FormatUnifiedLog, []readerTest{
		{
			name: "no offset",
			in:   "2014-05-20 23:33:56.909 acvpnagent[69]: Function: f File: a.cpp Line: 1 x\n",
			want: []string{`error f:1: malformed record: not a log line: "2014-05-20 23:33:56.909 acvpnagent[69]: Function: f File: a.cpp Line: 1 x"`},
		},
		{
			name: "tag where the host goes",
			in:   "2014-05-20 23:33:56.909-0500 acvpnagent[69]: Function: f File: a.cpp Line: 1 x\n",
			want: []string{`error f:1: malformed record: not a log line: "2014-05-20 23:33:56.909-0500 acvpnagent[69]: Function: f File: a.cpp Line: 1 x"`},
		},
	})
	in := "2014-05-20 23:33:56.909 acvpnagent[69]: Function: f File: a.cpp Line: 1 x\n2014-05-20 23:33:57.909 acvpnagent[69]: y\n"
	if got := logparse.Detect([]byte(in)); got != logparse.FormatSyslog {
		t.Errorf("Detect(ISO syslog without host) = %v, want syslog", got)
	}
}

// TestUnifiedLogPathological checks that lines built to make the name
// scanners backtrack are read in time linear in their length.
func TestUnifiedLogPathological(t *testing.T) {
	for _, body := range []string{
		strings.Repeat("a[1:", 200000),
		strings.Repeat("a[1", 200000),
		strings.Repeat("[", 400000),
		strings.Repeat("x: ", 200000),
	} {
		for _, prefix := range []string{"2026-01-01 00:00:00.000 Df ", "2024-01-10 09:15:32.123456-0500  localhost ", "2024-01-10 09:15:32.123456-0500 0x1 Default 0x0 1 0 "} {
			in := prefix + body + "\n"
			rr := logparse.NewUnifiedLogReader(strings.NewReader(in), nil)
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
