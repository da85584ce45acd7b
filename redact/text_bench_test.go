package redact

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// logText returns n bytes or more of AnyConnect log records as a DART
// bundle's text export holds them (CRLF lines, tab-aligned headers, a
// build path on every file line): interface lists with a link-local
// IPv6 address, keepalives to the gateway, routes, DNS answers,
// certificate checks, statistics, downloads, connect errors, with
// addresses drawn from a few thousand.
func logText(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	addr := func() string {
		return fmt.Sprintf("10.%d.%d.%d", rng.IntN(256), rng.IntN(16), 1+rng.IntN(254))
	}
	const build = `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\`
	var b strings.Builder
	rec := func(i int, fn, file string, line int, text string) {
		fmt.Fprintf(&b, "Date\t\t: 06/10/2020\r\nTime\t\t: 20:%02d:%02d\r\nType\t\t: Information\r\nSource\t\t: acvpnagent\r\n\r\n", i/60%60, i%60)
		if fn == "" {
			fmt.Fprintf(&b, "Description\t: %s\r\n", text)
		} else {
			fmt.Fprintf(&b, "Description\t: Function: %s\r\nFile: %s%s\r\nLine: %d\r\n%s\r\n", fn, build, file, line, text)
		}
		b.WriteString("\r\n******************************************\r\n\r\n")
	}
	for i := 0; b.Len() < n; i++ {
		switch i % 10 {
		case 0, 1:
			rec(i, "CHostConfigMgr::logInterfaces", `agentutilities\hostconfigmgr.cpp`, 2204,
				fmt.Sprintf("IP Address Interface List: %s FE80:0:0:0:D2EC:85EB:F276:%X %s", addr(), rng.IntN(1<<16), addr()))
		case 2:
			rec(i, "CTlsProtocol::onKeepalive", `common\TLS\TlsProtocol.cpp`, 2480,
				fmt.Sprintf("Keepalive sent on %s:443 after %d ms idle", addr(), rng.IntN(30000)))
		case 3:
			rec(i, "CRouteMgr::logRouteChange", `agent\RouteMgr.cpp`, 911,
				fmt.Sprintf("Route change detected: added %s mask 255.255.255.0 gateway %s interface %d metric %d", addr(), addr(), rng.IntN(30), rng.IntN(300)))
		case 4:
			rec(i, "CDNSRequest::OnSocketReadComplete", `common\DnsRequest.cpp`, 1021,
				fmt.Sprintf("Resolved [A] query host%d.corp.acme.com via DNS server %s: %s (ttl %d)", rng.IntN(50), addr(), addr(), rng.IntN(3600)))
		case 5:
			rec(i, "CCertHelper::verifyServerCertificate", `common\crypto\CertHelper.cpp`, 1789,
				fmt.Sprintf("Server certificate CN=vpn%d.acme.com, O=Acme Inc verified by CN=DigiCert Global G2, O=DigiCert Inc, thumbprint %016X%016X", rng.IntN(5), rng.Uint64(), rng.Uint64()))
		case 6:
			rec(i, "CVpnParam::logStatistics", `agentutilities\VpnParam.cpp`, 318,
				fmt.Sprintf("Tunnel statistics: bytes sent %d, bytes received %d, packets sent %d, compression off", rng.IntN(1e9), rng.IntN(1e9), rng.IntN(1e7)))
		case 7:
			rec(i, "CHostLocator::resolve", `AgentUtilities\HostLocator.cpp`, 307,
				fmt.Sprintf("Invoked Function: CSocketSupport::connect\r\nReturn Code: -31588340 (0xFE1E000C)\r\nDescription: SOCKETTRANSPORT_ERROR_CONNECT\r\nretrying the probe of %s in %d s", addr(), rng.IntN(60)))
		case 8:
			rec(i, "CDownloaderImpl::processFile", `downloader\DownloaderImpl.cpp`, 724,
				fmt.Sprintf("Downloaded updater.exe (%d bytes), version 4.8.00320, hash %016x", rng.IntN(1e6), rng.Uint64()))
		case 9:
			if i%20 == 9 {
				rec(i, "", "", 0, "Message type information sent to the user: Connecting to vpn.acme.com...")
			} else {
				rec(i, "CTrayHelper::updateState", `ui\TrayHelper.cpp`, 262,
					fmt.Sprintf("Tray state changed to %d (busy), %d notifications pending", rng.IntN(8), rng.IntN(5)))
			}
		}
	}
	return []byte(b.String())
}

// BenchmarkRedactText measures Redact on log text, once its secrets are
// in the table: the steady state of a bundle's big log.
func BenchmarkRedactText(b *testing.B) {
	src := logText(4 << 20)
	r := newTest(b, nil)
	r.Learn(KindHost, "DESKTOP-ACME42")
	r.Learn(KindDomain, "vpn.acme.com")
	benchRedact(b, r, src)
}

// benchRedact measures r's Redact on src, after a first call that puts
// its secrets in the table.
func benchRedact(b *testing.B, r *Redactor, src []byte) {
	dst := r.Redact(nil, src, "AnyConnectVPN.txt")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	reportCPU(b)
	for b.Loop() {
		dst = r.Redact(dst[:0], src, "AnyConnectVPN.txt")
	}
}

// TestRedactTextAllocs checks that the steady state allocates nothing.
func TestRedactTextAllocs(t *testing.T) {
	src := logText(1 << 18)
	r := newTest(t, nil)
	r.Learn(KindHost, "DESKTOP-ACME42")
	dst := r.Redact(nil, src, "f")
	// The first calls also make the tables of the address domains met
	// most (see perm4.table): the steady state comes after.
	for range 4 {
		dst = r.Redact(dst[:0], src, "f")
	}
	if n := testing.AllocsPerRun(5, func() { dst = r.Redact(dst[:0], src, "f") }); n != 0 {
		t.Errorf("%v allocations per call", n)
	}
	if strings.Contains(string(dst), "acme") || !strings.Contains(string(dst), "CN=DigiCert Global G2") {
		t.Errorf("the benchmark's text is not redacted as it should be")
	}
}
