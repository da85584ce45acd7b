package logparse_test

import (
	"strings"
	"testing"

	"github.com/dartkit/dartkit/logparse"
)

func TestParseHeader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want logparse.Header
		rest string
	}{
		{
			name: "windows multi-line",
			in:   "Function: wWinMain\nFile: c:\\temp\\build\\downloader.cpp\nLine: 365\nInvoked Function: CDnldrIpc::SendAckMsgToDownloader\nReturn Code: -31588340 (0xFE1E000C)\nDescription: SOCKETTRANSPORT_ERROR_CONNECT\n",
			want: logparse.Header{Function: "wWinMain", File: `c:\temp\build\downloader.cpp`, Line: 365,
				InvokedFunction: "CDnldrIpc::SendAckMsgToDownloader", ReturnCode: -31588340, HasReturnCode: true,
				Description: "SOCKETTRANSPORT_ERROR_CONNECT"},
			rest: "",
		},
		{
			name: "windows CRLF with text",
			in:   "Function: ConnectMgr::activateConnectEvent\r\nFile: .\\ConnectMgr.cpp\r\nLine: 1360\r\nNULL object. Cannot establish a connection at this time.",
			want: logparse.Header{Function: "ConnectMgr::activateConnectEvent", File: `.\ConnectMgr.cpp`, Line: 1360},
			rest: "NULL object. Cannot establish a connection at this time.",
		},
		{
			name: "windows CRLF with trailing blanks",
			in:   "Function: f  \r\nFile: g.cpp \r\nLine: 7 \r\nInvoked Function: h \r\nReturn Code: 11 (0x0000000B) \r\nDescription: CX_ERROR\t\r\ntext  \r\nmore",
			want: logparse.Header{Function: "f", File: "g.cpp", Line: 7, InvokedFunction: "h", ReturnCode: 11, HasReturnCode: true, Description: "CX_ERROR"},
			rest: "text  \r\nmore",
		},
		{
			name: "space before colon (TechNote)",
			in:   "Function : CDNSRequest::OnSocketReadComplete\nFile: c:\\x\\dnsrequest.cpp\nLine: 1147\nTimeout (per request)",
			want: logparse.Header{Function: "CDNSRequest::OnSocketReadComplete", File: `c:\x\dnsrequest.cpp`, Line: 1147},
			rest: "Timeout (per request)",
		},
		{
			name: "tabs around colon",
			in:   "Function\t:\tf\nFile :\tg.cpp\nLine\t: 1\nx",
			want: logparse.Header{Function: "f", File: "g.cpp", Line: 1},
			rest: "x",
		},
		{
			name: "syslog one line",
			in:   "Function: TranslateStatusCode File: ConnectIfc.cpp Line: 2881 Invoked Function: TranslateStatusCode Return Code: -29949919 (0xFE370021) Description: CTRANSPORT_ERROR_PEER_CERT_REJECTED AnyConnect cannot confirm it.",
			want: logparse.Header{Function: "TranslateStatusCode", File: "ConnectIfc.cpp", Line: 2881,
				InvokedFunction: "TranslateStatusCode", ReturnCode: -29949919, HasReturnCode: true,
				Description: "CTRANSPORT_ERROR_PEER_CERT_REJECTED"},
			rest: "AnyConnect cannot confirm it.",
		},
		{
			name: "one line, only Function File Line",
			in:   "Function: logInterfaces File: ../../vpn/Routing/X.cpp Line: 477 IP Address Interface List: 192.168.2.101",
			want: logparse.Header{Function: "logInterfaces", File: "../../vpn/Routing/X.cpp", Line: 477},
			rest: "IP Address Interface List: 192.168.2.101",
		},
		{
			name: "file path with spaces",
			in:   "Function: f File: /opt/My Build/Line 3/a b.cpp Line: 12 text Line: 13",
			want: logparse.Header{Function: "f", File: "/opt/My Build/Line 3/a b.cpp", Line: 12},
			rest: "text Line: 13",
		},
		{
			name: "small OS return code, unknown description",
			in:   "Function: f File: a.cpp Line: 1 Invoked Function: X509_verify_cert Return Code: 20 (0x00000014) Description: unknown unable to get local issuer certificate",
			want: logparse.Header{Function: "f", File: "a.cpp", Line: 1, InvokedFunction: "X509_verify_cert",
				ReturnCode: 20, HasReturnCode: true, Description: "unknown"},
			rest: "unable to get local issuer certificate",
		},
		{
			name: "return code 11 multi-line",
			in:   "Function: f\nFile: a.cpp\nLine: 1\nInvoked Function: recv\nReturn Code: 11 (0x0000000B)\nDescription: unknown\n",
			want: logparse.Header{Function: "f", File: "a.cpp", Line: 1, InvokedFunction: "recv",
				ReturnCode: 11, HasReturnCode: true, Description: "unknown"},
			rest: "",
		},
		{
			name: "hex-only return code",
			in:   "Function: f File: a.cpp Line: 1 Return Code: 0xFE25000C rest",
			want: logparse.Header{Function: "f", File: "a.cpp", Line: 1, ReturnCode: -31129588, HasReturnCode: true},
			rest: "rest",
		},
		{
			name: "invoked function without a later field on the line",
			in:   "Function: f File: a.cpp Line: 1 Invoked Function: curl_easy_perform failed badly",
			want: logparse.Header{Function: "f", File: "a.cpp", Line: 1, InvokedFunction: "curl_easy_perform"},
			rest: "failed badly",
		},
		{
			name: "leading blanks",
			in:   "  \nFunction: f\nFile: a\nLine: 2",
			want: logparse.Header{Function: "f", File: "a", Line: 2},
			rest: "",
		},
		{
			name: "keys inside values",
			in:   "Function: CFileMgr::Line File: c:\\Line Files\\File: x\\Line:x.cpp Line: 7 rest",
			want: logparse.Header{Function: "CFileMgr::Line", File: `c:\Line Files\File: x\Line:x.cpp`, Line: 7},
			rest: "rest",
		},
		{
			name: "key after a tab, and after a blank without a colon",
			in:   "Function: f File\tFile: a\tLine 2 Line: 3\n",
			want: logparse.Header{Function: "f File", File: "a\tLine 2", Line: 3},
		},
		{name: "no header", in: "The VPN connection has been established.", rest: "The VPN connection has been established."},
		{name: "empty", in: "", rest: ""},
		{name: "no File", in: "Function: f Line: 3 x", rest: "Function: f Line: 3 x"},
		{name: "Line not a number", in: "Function: f File: a Line: abc", rest: "Function: f File: a Line: abc"},
		{name: "Line followed by letters", in: "Function: f File: a Line: 12ab", rest: "Function: f File: a Line: 12ab"},
		{name: "empty file", in: "Function:0 File:\r Line:0", rest: "Function:0 File:\r Line:0"},
		{name: "empty function", in: "Function: File: a Line: 1", rest: "Function: File: a Line: 1"},
		{name: "Functional is not Function", in: "Functional: f File: a Line: 1", rest: "Functional: f File: a Line: 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, rest := logparse.ParseHeader(tt.in)
			if h != tt.want || rest != tt.rest {
				t.Errorf("ParseHeader(%q)\n got %+v, %q\nwant %+v, %q", tt.in, h, rest, tt.want, tt.rest)
			}
		})
	}
}

func TestRecordText(t *testing.T) {
	in := "Function: f File: a.cpp Line: 1 Invoked Function: g Return Code: -31129588 (0xFE25000C) Description: SOCKETSUPPORT_ERROR_GETADDRINFO failed"
	var r logparse.Record
	r.Header, r.Message = logparse.ParseHeader(in)
	if got := r.Text(); got != in {
		t.Errorf("Text() = %q, want %q", got, in)
	}
}

func TestParseAgentHeader(t *testing.T) {
	const code = int64(int32(-31522805)) // 0xfe1f000b
	tests := []struct {
		name string
		in   string
		want logparse.Header
		lv   logparse.Level
		rest string
	}{
		{"full", "[p:4325 pp:1]: error - TlsProtocol.cpp:502 (fe1f000b) CTlsProtocol::initialHandshake handshake failed",
			logparse.Header{Function: "CTlsProtocol::initialHandshake", File: "TlsProtocol.cpp", Line: 502, ReturnCode: code, HasReturnCode: true},
			logparse.LevelError, "handshake failed"},
		{"thread id", "[p:4325 pp:1 t:3076521840]: warning - ../../vpn/Agent/MainThread.cpp:1881 CMainThread::OnTimer timer fired",
			logparse.Header{Function: "CMainThread::OnTimer", File: "../../vpn/Agent/MainThread.cpp", Line: 1881},
			logparse.LevelWarning, "timer fired"},
		{"0x code, upper case", "[p:1 pp:1]: ERROR - a.cpp:1 (0xFE1F000B) f_g x",
			logparse.Header{Function: "f_g", File: "a.cpp", Line: 1, ReturnCode: code, HasReturnCode: true},
			logparse.LevelError, "x"},
		{"short hex code", "[p:1 pp:1]: error - a.cpp:1 (b) doIt x",
			logparse.Header{File: "a.cpp", Line: 1}, logparse.LevelError, "(b) doIt x"},
		{"hex code with a digit", "[p:1 pp:1]: error - a.cpp:1 (2b) doIt x",
			logparse.Header{Function: "doIt", File: "a.cpp", Line: 1, ReturnCode: 0x2b, HasReturnCode: true}, logparse.LevelError, "x"},
		{"negative decimal code", "[p:1 pp:1]: error - a.cpp:1 (-29949919) TranslateStatusCode x",
			logparse.Header{Function: "TranslateStatusCode", File: "a.cpp", Line: 1, ReturnCode: -29949919, HasReturnCode: true}, logparse.LevelError, "x"},
		{"parenthesised word is no code", "[p:1 pp:1]: info - a.cpp:1 (add) route",
			logparse.Header{File: "a.cpp", Line: 1}, logparse.LevelInfo, "(add) route"},
		{"code too long", "[p:1 pp:1]: info - a.cpp:1 (123456789) x",
			logparse.Header{File: "a.cpp", Line: 1}, logparse.LevelInfo, "(123456789) x"},
		{"prose after the line", "[p:1 pp:1]: debug - UiApi.cpp:40 Starting the UI",
			logparse.Header{File: "UiApi.cpp", Line: 40}, logparse.LevelDebug, "Starting the UI"},
		{"camelCase function", "[p:1 pp:1]: info - a.cpp:7 logInterfaces IP list", logparse.Header{Function: "logInterfaces", File: "a.cpp", Line: 7}, logparse.LevelInfo, "IP list"},
		{"function with parentheses", "[p:1 pp:1]: info - a.cpp:7 CFoo::bar() done", logparse.Header{Function: "CFoo::bar()", File: "a.cpp", Line: 7}, logparse.LevelInfo, "done"},
		{"function alone", "[p:1 pp:1]: info - a.cpp:7 CFoo::bar", logparse.Header{Function: "CFoo::bar", File: "a.cpp", Line: 7}, logparse.LevelInfo, ""},
		{"function as a label", "[p:1 pp:1]: error - a.cpp:7 (fe1e000c) connect_socket: refused", logparse.Header{Function: "connect_socket", File: "a.cpp", Line: 7, ReturnCode: int64(int32(-31588340)), HasReturnCode: true}, logparse.LevelError, "refused"},
		{"method as a label", "[p:1 pp:1]: error - a.cpp:7 CA::b: refused", logparse.Header{Function: "CA::b", File: "a.cpp", Line: 7}, logparse.LevelError, "refused"},
		{"word as a label", "[p:1 pp:1]: error - a.cpp:7 Error: refused", logparse.Header{File: "a.cpp", Line: 7}, logparse.LevelError, "Error: refused"},
		{"no file", "[p:1 pp:1]: info - Starting the agent", logparse.Header{}, logparse.LevelInfo, "Starting the agent"},
		{"no colon after bracket", "[p:1 pp:1] notice - a.cpp:3 x", logparse.Header{File: "a.cpp", Line: 3}, logparse.LevelNotice, "x"},
		{"windows path", `[p:1 pp:1]: error - c:\build\vpn\a.cpp:3 CA::b x`, logparse.Header{Function: "CA::b", File: `c:\build\vpn\a.cpp`, Line: 3}, logparse.LevelError, "x"},
		{"unknown level word", "[p:1 pp:1]: fatal - a.cpp:3 x", logparse.Header{File: "a.cpp", Line: 3}, logparse.LevelUnknown, "x"},
		{"line not a number", "[p:1 pp:1]: info - a.cpp:3x y", logparse.Header{}, logparse.LevelInfo, "a.cpp:3x y"},
		{"empty file", "[p:1 pp:1]: info - :3 y", logparse.Header{}, logparse.LevelInfo, ":3 y"},
		{"leading blanks", "  [p:1 pp:1]: info - a.cpp:3 x", logparse.Header{File: "a.cpp", Line: 3}, logparse.LevelInfo, "x"},
	}
	for _, tt := range tests {
		h, lv, rest := logparse.ParseAgentHeader(tt.in)
		if h != tt.want || lv != tt.lv || rest != tt.rest {
			t.Errorf("%s: ParseAgentHeader(%q)\n = %+v, %v, %q\nwant %+v, %v, %q", tt.name, tt.in, h, lv, rest, tt.want, tt.lv, tt.rest)
		}
	}
	// Text that is not the prefix comes back whole.
	for _, in := range []string{
		"", "plain", "[p:1 pp:1]", "[p:1 pp:1]: info", "[p:1 pp:1]: info -x", "[p:1 pp:1]: - a.cpp:1",
		"[q:1]: info - a.cpp:1 x", "[p:1 pp:1\n]: info - a.cpp:1 x", "[p:" + strings.Repeat("1", 100) + "]: info - a.cpp:1 x",
		"[p:1 pp:1]: verylongwordhere - a.cpp:1 x", "Function: f File: a.cpp Line: 1 x",
	} {
		if h, lv, rest := logparse.ParseAgentHeader(in); h != (logparse.Header{}) || lv != logparse.LevelUnknown || rest != in {
			t.Errorf("ParseAgentHeader(%q) = %+v, %v, %q; want it whole", in, h, lv, rest)
		}
	}
}
