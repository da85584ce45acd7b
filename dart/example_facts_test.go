package dart_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/logparse"
)

func ExampleFactBuilder() {
	b := dart.NewFactBuilder()

	// The small files of the bundle, decoded to UTF-8.
	b.AddFile(dart.File{Name: "systeminfo.txt", Kind: dart.KindSystemInfo}, strings.NewReader(
		"Host Name:                 DESKTOP-4F2K9QH\r\n"+
			"OS Name:                   Microsoft Windows 10 Enterprise\r\n"+
			"OS Version:                10.0.18363 N/A Build 18363\r\n"+
			"Time Zone:                 (UTC-08:00) Pacific Time (US & Canada)\r\n"))
	b.AddFile(dart.File{Name: "hosts", Kind: dart.KindHosts}, strings.NewReader(
		"127.0.0.1\tmus.cisco.com\t# CSCvu39643\r\n"))
	b.AddFile(dart.File{Name: "dart.txt", Kind: dart.KindOther}, strings.NewReader(
		"Cisco AnyConnect Diagnostic and Reporting Tool 4.9.04043 .\r\n"))
	// A log file is only noted; its records come one by one.
	b.AddFile(dart.File{Name: "AnyConnectVPN.txt", Kind: dart.KindEventLog}, nil)
	b.AddRecord(&logparse.Record{
		Time:    time.Date(2020, 6, 17, 20, 21, 57, 0, time.UTC),
		Source:  "acvpndownloader",
		Message: "Cisco AnyConnect Secure Mobility Client Downloader (2) exiting, version 4.8.03036 , return code 1 [0x00000001]",
		Pos:     logparse.Position{File: "AnyConnectVPN.txt", Line: 120},
	})

	f := b.Facts()
	fmt.Println("platform:", f.Platform, "from", f.PlatformSource)
	fmt.Println("product:", f.Product.Name, f.Product.Version, "from", f.Product.VersionFrom, "at", f.Product.Source)
	fmt.Println("DART:", f.DART.Version)
	fmt.Println("host:", f.Hostname.Value)
	if loc, ok := f.Location(); ok {
		fmt.Println("zone:", loc)
	}
	if e, ok := f.HostsMapping("mus.cisco.com"); ok {
		fmt.Println("hosts:", e.Address, "at", e.Source)
	}
	fmt.Println("affected by CSCvu39643:", dart.MustParseRange("< 4.10").Contains(f.Product.Version))
	// Output:
	// platform: windows from AnyConnectVPN.txt
	// product: Cisco AnyConnect Secure Mobility Client 4.8.03036 from vpn at AnyConnectVPN.txt:120
	// DART: 4.9.04043
	// host: DESKTOP-4F2K9QH
	// zone: UTC-08:00
	// hosts: 127.0.0.1 at hosts:1
	// affected by CSCvu39643: true
}
