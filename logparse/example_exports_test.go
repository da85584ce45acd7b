package logparse_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

func ExampleEventCSVReader() {
	const export = `Level,Date and Time,Source,Event ID,Task Category
Warning,6/17/2020 8:21:57 PM,acvpnagent,2048,Engineering Debug Details,"Function: CDNSRequest::OnSocketReadComplete
File: .\dnsrequest.cpp
Line: 1147
Timeout (per request) while trying to resolve [A] query mus.cisco.com"
Information,6/17/2020 8:22:03 PM,acvpnagent,2039,None,The VPN connection has been established and can now pass data.
`
	r := logparse.NewEventCSVReader(strings.NewReader(export), &logparse.Options{File: "AnyConnect.csv"})
	for rec, err := range r.All() {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(rec.Pos, rec.Time.Format(time.DateTime), rec.Level, rec.Source, rec.EventID)
		if !rec.Header.IsZero() {
			fmt.Println("  in", rec.Header.Function, "at", rec.Header.File, rec.Header.Line)
		}
		fmt.Println(" ", rec.Message)
	}
	// Output:
	// AnyConnect.csv:2 2020-06-17 20:21:57 warning acvpnagent 2048
	//   in CDNSRequest::OnSocketReadComplete at .\dnsrequest.cpp 1147
	//   Timeout (per request) while trying to resolve [A] query mus.cisco.com
	// AnyConnect.csv:6 2020-06-17 20:22:03 info acvpnagent 2039
	//   The VPN connection has been established and can now pass data.
}

// PowerShell's tables cut messages: the "..." that marks the cut stays in
// Record.Message.
func ExamplePowerShellReader_All() {
	const out = `
   ProviderName: acvpnagent

TimeCreated                     Id LevelDisplayName Message
-----------                     -- ---------------- -------
17.06.2020 20:22:03           2039 Information      The VPN connection has been established and can now pass data.
17.06.2020 20:21:57           2048 Warning          Function: CDNSRequest::OnSocketReadComplete...
`
	r := logparse.NewPowerShellReader(strings.NewReader(out), nil)
	for rec, err := range r.All() {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		cut := strings.HasSuffix(rec.Message, "...") || strings.HasSuffix(rec.Message, "…")
		fmt.Println(rec.Time.Format(time.DateTime), rec.Level, rec.Source, rec.EventID, cut)
	}
	// Output:
	// 2020-06-17 20:22:03 info acvpnagent 2039 false
	// 2020-06-17 20:21:57 warning acvpnagent 2048 true
}

func ExamplePowerShellReader() {
	const out = `

TimeCreated  : 6/17/2020 8:21:50 PM
ProviderName : acvpndownloader
Id           : 5005
Message      : Function: wWinMain
               File: c:\temp\build\thehoff\negasonic_mr30.550195061902\negasonic
               _mr3\vpn\downloader\downloader.cpp
               Line: 365
               Invoked Function: CDnldrIpc::SendAckMsgToDownloader
               Return Code: -31588340 (0xFE1E000C)
               Description: SOCKETTRANSPORT_ERROR_CONNECT

`
	r := logparse.NewPowerShellReader(strings.NewReader(out), nil)
	for rec := range r.All() {
		h := rec.Header
		fmt.Println(rec.Source, rec.EventID, h.Function, h.Line, h.Description)
		fmt.Println(h.File)
	}
	// Output:
	// acvpndownloader 5005 wWinMain 365 SOCKETTRANSPORT_ERROR_CONNECT
	// c:\temp\build\thehoff\negasonic_mr30.550195061902\negasonic_mr3\vpn\downloader\downloader.cpp
}
