package evtx_test

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/dartkit/dartkit/logparse"
	"github.com/dartkit/dartkit/logparse/evtx"
)

func ExampleReader() {
	f, err := os.Open("testdata/technote.evtx")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		log.Fatal(err)
	}
	r, err := evtx.NewReader(f, fi.Size(), &logparse.Options{File: "AnyConnect.evtx"})
	if err != nil {
		log.Fatal(err)
	}
	for rec, err := range r.All() {
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		fmt.Println(rec.Pos, rec.Time.Format(time.RFC3339), rec.Level, rec.Source, rec.EventID, rec.Host)
		if h := rec.Header; !h.IsZero() {
			fmt.Printf("  %s line %d", h.Function, h.Line)
			if h.HasReturnCode {
				fmt.Printf(" returned %#x %s", uint32(h.ReturnCode), h.Description)
			}
			fmt.Println()
		}
		if rec.Message != "" {
			fmt.Println(" ", rec.Message)
		}
	}
	// Output:
	// AnyConnect.evtx:1 2020-06-17T20:20:52Z info acvpnagent 2039 DESKTOP-7RK2QF1
	//   The VPN connection has been established and can now pass data.
	// AnyConnect.evtx:2 2020-06-17T20:20:53Z info acvpnui 3021 DESKTOP-7RK2QF1
	//   Message type information sent to the user: Establishing VPN session...
	// AnyConnect.evtx:3 2020-06-17T20:21:32Z warning acvpnagent 2048 DESKTOP-7RK2QF1
	//   CDNSRequest::OnSocketReadComplete line 1147
	//   Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)
	// AnyConnect.evtx:4 2020-06-17T20:21:47Z warning acvpnagent 2048 DESKTOP-7RK2QF1
	//   CDNSRequest::OnSocketReadComplete line 1147
	//   Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)
	// AnyConnect.evtx:5 2020-06-17T20:22:02Z warning acvpnagent 2048 DESKTOP-7RK2QF1
	//   CDNSRequest::OnSocketReadComplete line 1147
	//   Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)
	// AnyConnect.evtx:6 2020-06-17T20:22:18Z error acvpndownloader 5005 DESKTOP-7RK2QF1
	//   wWinMain line 365 returned 0xfe1e000c SOCKETTRANSPORT_ERROR_CONNECT
}

func ExampleIsEVTX() {
	fmt.Println(evtx.IsEVTX([]byte("ElfFile\x00\x00\x00")), evtx.IsEVTX([]byte("*****\r\nDate")))
	// Output: true false
}
