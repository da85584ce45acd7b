package logparse_test

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

func ExampleParseHeader() {
	h, rest := logparse.ParseHeader("Function: TranslateStatusCode File: ConnectIfc.cpp Line: 2881 " +
		"Invoked Function: TranslateStatusCode Return Code: -29949919 (0xFE370021) " +
		"Description: CTRANSPORT_ERROR_PEER_CERT_REJECTED AnyConnect cannot confirm it is connected to your secure gateway.")
	fmt.Println(h.Function, h.File, h.Line)
	fmt.Printf("%s %d %#x %s\n", h.InvokedFunction, h.ReturnCode, uint32(h.ReturnCode), h.Description)
	fmt.Println(rest)
	// Output:
	// TranslateStatusCode ConnectIfc.cpp 2881
	// TranslateStatusCode -29949919 0xfe370021 CTRANSPORT_ERROR_PEER_CERT_REJECTED
	// AnyConnect cannot confirm it is connected to your secure gateway.
}

func ExampleEventLogReader_All() {
	const export = `*****
Date : 06/17/2020
Time : 20:21:57
Type : Warning
Source : acvpnagent
Description : Function : CDNSRequest::OnSocketReadComplete
File: c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\common\ip\dnsrequest.cpp
Line: 1147
Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (time
*****
Date : 06/17/2020
Time : 20:22:12
Type : Warning
Source : acvpnagent
Description : a whole record: no closing row is needed
*****
Date : 06/17/2020
Time : 20:22:13
Type : Warning`
	r := logparse.NewEventLogReader(strings.NewReader(export), &logparse.Options{File: "AnyConnectVPN.txt"})
	for rec, err := range r.All() {
		if err != nil {
			fmt.Println("error:", err)
		}
		fmt.Println(rec.Pos, rec.Time.Format(time.DateTime), rec.Level, rec.Source, rec.Header.Function, rec.Header.Line)
		if rec.Message != "" {
			fmt.Println(" ", rec.Message)
		}
	}
	// Output:
	// AnyConnectVPN.txt:2 2020-06-17 20:21:57 warning acvpnagent CDNSRequest::OnSocketReadComplete 1147
	//   Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (time
	// AnyConnectVPN.txt:11 2020-06-17 20:22:12 warning acvpnagent  0
	//   a whole record: no closing row is needed
	// error: AnyConnectVPN.txt:17: truncated record: input ends before the Description field
	// AnyConnectVPN.txt:17 2020-06-17 20:22:13 warning   0
}

// A caller that hands records on in batches reads each straight into its
// batch: a Record is large, and ReadInto saves copying it.
func ExampleSyslogReader_ReadInto() {
	const log = `Jan  1 00:00:01 x5 acvpnagent[1130]: Function: CHostLocator::resolve File: HostLocator.cpp Line: 307 probe failed
Jan  1 00:00:02 x5 acvpnui[1131]: VPN state: Disconnected
Jan  1 00:00:03 x5 acvpnagent[1130]: Function: CHostLocator::resolve File: HostLocator.cpp Line: 311 probe failed
`
	r := logparse.NewSyslogReader(strings.NewReader(log), &logparse.Options{File: "system.log", Reference: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)})
	batch := make([]logparse.Record, 0, 2)
	flush := func() {
		for _, rec := range batch {
			fmt.Println(rec.Pos, rec.Source, rec.Header.Line, rec.Message)
		}
		fmt.Println("--")
		batch = batch[:0]
	}
	for {
		batch = batch[:len(batch)+1]
		if err := r.ReadInto(&batch[len(batch)-1]); err != nil {
			batch = batch[:len(batch)-1]
			if err == io.EOF {
				break
			}
			fmt.Println("error:", err)
			continue
		}
		if len(batch) == cap(batch) {
			flush()
		}
	}
	flush()
	// Output:
	// system.log:1 acvpnagent 307 probe failed
	// system.log:2 acvpnui 0 VPN state: Disconnected
	// --
	// system.log:3 acvpnagent 311 probe failed
	// --
}

func ExampleSyslogReader() {
	const log = `Dec 31 23:59:58 x5 acvpnagent[1130]: message repeated 29 times: [ Function: CDNSRequest::OnSocketReadComplete File: ../../vpn/Common/IP/DNSRequest.cpp Line: 1147 Timeout (per request) while trying to resolve [A] query mus.cisco.com]
Jan  1 00:00:01 x5 acvpnagent[1130]: Writing to hosts file:  10.1.2.3#011vpn.example.de
`
	// The file was written on 2 January 2021, so December is in 2020.
	opts := &logparse.Options{Reference: time.Date(2021, 1, 2, 0, 0, 0, 0, time.UTC)}
	r := logparse.NewSyslogReader(strings.NewReader(log), opts)
	for {
		rec, err := r.Read()
		if err != nil {
			break // io.EOF; a *ParseError would let us go on
		}
		fmt.Printf("%s %s[%d] x%d %q\n", rec.Time.Format(time.DateTime), rec.Source, rec.PID, rec.Repeat, rec.Message)
	}
	// Output:
	// 2020-12-31 23:59:58 acvpnagent[1130] x29 "Timeout (per request) while trying to resolve [A] query mus.cisco.com"
	// 2021-01-01 00:00:01 acvpnagent[1130] x1 "Writing to hosts file:  10.1.2.3\tvpn.example.de"
}

func ExampleUnifiedLogReader() {
	const log = `Timestamp                       Thread     Type        Activity             PID    TTL
2024-01-10 09:15:32.123456-0500 0x1a2b     Default     0x0                  123    0    vpnagentd: (libvpnagentutilities.dylib) Function: main File: main.cpp Line: 10 first line
second line
`
	r := logparse.NewUnifiedLogReader(strings.NewReader(log), nil)
	for rec, err := range r.All() {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(rec.Time.Format(time.RFC3339Nano), rec.Level, rec.Source, rec.PID, rec.Sender)
		fmt.Printf("%s:%d %q\n", rec.Header.File, rec.Header.Line, rec.Message)
	}
	// Output:
	// 2024-01-10T09:15:32.123456-05:00 info vpnagentd 123 libvpnagentutilities.dylib
	// main.cpp:10 "first line\nsecond line"
}

func ExampleDetect() {
	head := []byte("Feb  8 00:45:32 mac acvpnagent[55]: Adding filter rule\nFeb  8 00:45:33 mac acvpnagent[55]: done\n")
	f := logparse.Detect(head)
	r, err := logparse.NewReader(strings.NewReader(string(head)), f, &logparse.Options{Reference: time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for rec := range r.All() {
		fmt.Println(f, rec.Time.Format(time.DateTime), rec.Host, rec.Message)
	}
	// Output:
	// syslog 2021-02-08 00:45:32 mac Adding filter rule
	// syslog 2021-02-08 00:45:33 mac done
}

// A caller that looks at many records and keeps only a few keeps clones:
// each holds only its own text, not the block of input it was cut from.
func ExampleRecord_Clone() {
	var log strings.Builder
	for i := range 20_000 { // 1.4 MB: several blocks of 256 KiB
		fmt.Fprintf(&log, "Jan 12 17:%02d:%02d x5 acvpnagent[16263]: probe %d of mus.cisco.com\n", i/60%60, i%60, i)
		if i%4000 == 3999 {
			fmt.Fprintf(&log, "Jan 12 17:%02d:%02d x5 acvpnagent[16263]: Unable to lookup host names\n", i/60%60, i%60)
		}
	}
	r := logparse.NewSyslogReader(strings.NewReader(log.String()), &logparse.Options{
		Reference: time.Date(2024, 1, 13, 0, 0, 0, 0, time.UTC),
	})
	var kept []logparse.Record
	for rec, err := range r.All() {
		if err != nil {
			fmt.Println(err)
			continue
		}
		if strings.HasPrefix(rec.Message, "Unable") {
			kept = append(kept, rec.Clone())
		}
	}
	for _, rec := range kept {
		fmt.Println(rec.Pos.Line, rec.Time.Format(time.TimeOnly), rec.Message)
	}
	// Output:
	// 4001 17:06:39 Unable to lookup host names
	// 8002 17:13:19 Unable to lookup host names
	// 12003 17:19:59 Unable to lookup host names
	// 16004 17:26:39 Unable to lookup host names
	// 20005 17:33:19 Unable to lookup host names
}

func ExampleParseAgentHeader() {
	h, lv, rest := logparse.ParseAgentHeader("[p:4325 pp:1]: error - TlsProtocol.cpp:502 (fe1f000b) CTlsProtocol::initialHandshake handshake failed")
	fmt.Println(lv, h.File, h.Line, h.Function)
	fmt.Printf("%d (0x%08X) %q\n", h.ReturnCode, uint32(h.ReturnCode), rest)
	// Output:
	// error TlsProtocol.cpp 502 CTlsProtocol::initialHandshake
	// -31522805 (0xFE1F000B) "handshake failed"
}

// A macOS system.log names processes with blanks, and folds repeated
// lines into a notice that counts them.
func ExampleSyslogReader_macOS() {
	const log = `Feb  8 00:45:32 mac Cisco AnyConnect Secure Mobility Client[8211]: PluginManager: loaded
Feb  8 00:45:33 mac --- last message repeated 2 times ---
5/20/14 11:33:56.909 PM Cisco Secure Client - AnyConnect VPN (ext)[412]: flow: dropped
`
	opts := &logparse.Options{Reference: time.Date(2021, 1, 2, 0, 0, 0, 0, time.UTC)}
	for rec, err := range logparse.NewSyslogReader(strings.NewReader(log), opts).All() {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%q pid %d x%d %q\n", rec.Source, rec.PID, rec.Repeat, rec.Message)
	}
	// Output:
	// "Cisco AnyConnect Secure Mobility Client" pid 8211 x3 "PluginManager: loaded"
	// "Cisco Secure Client - AnyConnect VPN (ext)" pid 412 x1 "flow: dropped"
}

// The text output of wevtutil qe LOG /f:text is read as DART's export is.
// Its dates are in the ISO form, in local time: Options.Location says
// which.
func ExampleEventLogReader_wevtutil() {
	const out = `Event[0]:
  Log Name: Cisco AnyConnect Secure Mobility Client
  Source: acvpnagent
  Date: 2020-06-17T20:21:34.517
  Event ID: 2037
  Task: None
  Level: Information
  Opcode: N/A
  Keyword: Classic
  User: N/A
  User Name: N/A
  Computer: DESKTOP-1A2B3C
  Description:
VPN SESSION END: The VPN connection is terminated.

Event[1]:
  Log Name: Cisco AnyConnect Secure Mobility Client
  Source: acvpnui
  Date: 2020-06-17T20:21:30.123
  Event ID: 3021
  Level: Information
  Computer: DESKTOP-1A2B3C
  Description:
Message type information sent to the user: Establishing VPN session...
`
	paris := time.FixedZone("CEST", 2*3600)
	r := logparse.NewEventLogReader(strings.NewReader(out), &logparse.Options{Location: paris})
	for rec, err := range r.All() {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(rec.Time.UTC().Format(time.StampMilli), rec.Source, rec.EventID, rec.Host, rec.Message)
	}
	// Output:
	// Jun 17 18:21:34.517 acvpnagent 2037 DESKTOP-1A2B3C VPN SESSION END: The VPN connection is terminated.
	// Jun 17 18:21:30.123 acvpnui 3021 DESKTOP-1A2B3C Message type information sent to the user: Establishing VPN session...
}
