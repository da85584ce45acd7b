package logparse_test

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/dartkit/dartkit/logparse"
)

// benchRecords is how many records each benchmark input holds.
const benchRecords = 20000

// benchMessages are the messages of the generated inputs, in one-line header
// form; a quarter are the mus.cisco.com timeouts of CSCvu39643.
var benchMessages = []string{
	"Function: CDNSRequest::OnSocketReadComplete File: c:\\temp\\build\\thehoff\\negasonic_mr30.297045120452\\negasonic_mr3\\vpn\\common\\ip\\dnsrequest.cpp Line: 1147 Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.%d (timeout=11000ms)",
	"Function: CHostLocator::resolve File: ../../vpn/AgentUtilities/HostLocator.cpp Line: %d Invoked Function: CSocketSupport::getHostIPAddrByName Return Code: -31129588 (0xFE25000C) Description: SOCKETSUPPORT_ERROR_GETADDRINFO failed to resolve host name vpn.example.com to IPv4 address",
	"Message type information sent to the user: Establishing VPN session... (%d)",
	"The VPN connection has been established and can now pass data. Session %d",
	"Function: logInterfaces File: ../../vpn/AgentUtilities/Routing/InterfaceRouteMonitorCommon.cpp Line: 477 IP Address Interface List: 192.168.2.%d 134.2.219.50 FE80:0:0:0:2E81:58FF:FEF8:6C2",
	"VPN state: Disconnected Network state: Network Accessible Network control state: Network Access: Available Network type: Undefined (%d)",
	"Function: TranslateStatusCode File: ConnectIfc.cpp Line: 2881 Invoked Function: TranslateStatusCode Return Code: -29949919 (0xFE370021) Description: CTRANSPORT_ERROR_PEER_CERT_REJECTED AnyConnect cannot confirm it is connected to your secure gateway. %d",
	"Function: CDNSRequest::OnSocketReadComplete File: c:\\temp\\build\\thehoff\\negasonic_mr30.297045120452\\negasonic_mr3\\vpn\\common\\ip\\dnsrequest.cpp Line: 1147 Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.0.0.%d (time",
}

var benchSources = []string{"acvpnagent", "acvpnui", "acvpndownloader", "csc_vpnagent"}

// windowsBody turns the one-line header of m into the Windows form.
func windowsBody(m string) string {
	h, rest := logparse.ParseHeader(m)
	if h.IsZero() {
		return m
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "Function: %s\r\nFile: %s\r\nLine: %d\r\n", h.Function, h.File, h.Line)
	if h.InvokedFunction != "" {
		fmt.Fprintf(&b, "Invoked Function: %s\r\n", h.InvokedFunction)
	}
	if h.HasReturnCode {
		fmt.Fprintf(&b, "Return Code: %d (0x%08X)\r\n", h.ReturnCode, uint32(h.ReturnCode))
	}
	if h.Description != "" {
		fmt.Fprintf(&b, "Description: %s\r\n", h.Description)
	}
	b.WriteString(rest)
	return b.String()
}

func genInput(format logparse.Format) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	var b bytes.Buffer
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	types := []string{"Information", "Warning", "Error"}
	utypes := []string{"Default", "Info", "Error", "Fault"}
	if format == logparse.FormatUnifiedLog {
		b.WriteString("Timestamp                       Thread     Type        Activity             PID    TTL  \n")
	}
	for i := range benchRecords {
		m := fmt.Sprintf(benchMessages[rng.IntN(len(benchMessages))], rng.IntN(250))
		src := benchSources[rng.IntN(len(benchSources))]
		mo, d, h, mi, s := rng.IntN(12), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60)
		switch format {
		case logparse.FormatEventLog:
			fmt.Fprintf(&b, "******************************************\r\n\r\nDate\t\t: %02d/%02d/2020\r\nTime\t\t: %02d:%02d:%02d\r\nType\t\t: %s\r\nSource\t\t: %s\r\n\r\nDescription\t: %s\r\n\r\n",
				mo+1, d, h, mi, s, types[rng.IntN(3)], src, windowsBody(m))
		case logparse.FormatSyslog:
			fmt.Fprintf(&b, "%s %2d %02d:%02d:%02d mce-laptop %s[%d]: %s \n", months[mo], d, h, mi, s, src, 1000+rng.IntN(50), m)
			if i%100 == 0 {
				fmt.Fprintf(&b, "%s %2d %02d:%02d:%02d mce-laptop %s[%d]: message repeated 29 times: [ %s]\n", months[mo], d, h, mi, s, src, 1000+rng.IntN(50), m)
			}
		case logparse.FormatUnifiedLog:
			fmt.Fprintf(&b, "2024-%02d-%02d %02d:%02d:%02d.%06d-0500 0x%-8x %-11s 0x0                  %-6d 0    vpnagentd: (libvpnagentutilities.dylib) %s\n",
				mo+1, d, h, mi, s, rng.IntN(1000000), rng.IntN(1<<20), utypes[rng.IntN(4)], 100+rng.IntN(50), m)
		}
	}
	if format == logparse.FormatEventLog {
		b.WriteString("******************************************\r\n")
	}
	return b.Bytes()
}

// benchReader reads data, benchRecords records or more in format, with a
// reader of its own each time.
func benchReader(b *testing.B, format logparse.Format, data []byte) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	opts := &logparse.Options{Reference: reference}
	for b.Loop() {
		rr, _ := logparse.NewReader(bytes.NewReader(data), format, opts)
		n := 0
		for {
			_, err := rr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n < benchRecords {
			b.Fatalf("read %d records, want at least %d", n, benchRecords)
		}
	}
	b.ReportMetric(float64(benchRecords), "records/op")
}

func BenchmarkEventLogReader(b *testing.B) {
	benchReader(b, logparse.FormatEventLog, genInput(logparse.FormatEventLog))
}
func BenchmarkSyslogReader(b *testing.B) {
	benchReader(b, logparse.FormatSyslog, genInput(logparse.FormatSyslog))
}
func BenchmarkUnifiedLogReader(b *testing.B) {
	benchReader(b, logparse.FormatUnifiedLog, genInput(logparse.FormatUnifiedLog))
}
func BenchmarkEventCSVReader(b *testing.B) {
	benchReader(b, logparse.FormatEventCSV, genExport(logparse.FormatEventCSV))
}
func BenchmarkPowerShellReader(b *testing.B) {
	benchReader(b, logparse.FormatPowerShell, genExport(logparse.FormatPowerShell))
}

func BenchmarkParseHeader(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range benchMessages {
			logparse.ParseHeader(m)
		}
	}
}

// TestAllocsPerRecord guards the readers' allocation budget: records are
// cut from shared blocks of text, so only the few whose message spans lines
// allocate, whatever the format; messages put together from several lines
// are copied into shared buffers, not allocated one by one.
func TestAllocsPerRecord(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, c := range []struct {
		format logparse.Format
		data   []byte
		exact  bool // the input holds benchRecords records exactly
	}{
		{logparse.FormatEventLog, genInput(logparse.FormatEventLog), false},
		{logparse.FormatSyslog, genInput(logparse.FormatSyslog), false},
		{logparse.FormatUnifiedLog, genInput(logparse.FormatUnifiedLog), false},
		{logparse.FormatEventCSV, genExport(logparse.FormatEventCSV), true},
		{logparse.FormatPowerShell, genExport(logparse.FormatPowerShell), true},
	} {
		var n int
		allocs := testing.AllocsPerRun(3, func() {
			rr, _ := logparse.NewReader(bytes.NewReader(c.data), c.format, &logparse.Options{Reference: reference})
			n = 0
			for _, err := range rr.All() {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
		})
		if c.exact && n != benchRecords {
			t.Fatalf("%v: %d records, want %d", c.format, n, benchRecords)
		}
		if per := allocs / float64(n); per > 0.05 {
			t.Errorf("%v: %.3f allocations per record, want at most 0.05", c.format, per)
		}
	}
}
