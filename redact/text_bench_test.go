package redact

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// logText returns n bytes or more of AnyConnect log records as a DART
// bundle's text export holds them: function and file lines, times,
// error codes, interface lists, keepalives to the gateway, routes, DNS
// answers, certificate checks, with addresses drawn from a few thousand.
func logText(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	addr := func() string {
		return fmt.Sprintf("10.%d.%d.%d", rng.IntN(256), rng.IntN(16), 1+rng.IntN(254))
	}
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "Date : 06/10/2020\nTime : 20:%02d:%02d\nType : Information\nSource : acvpnagent\n", i/60%60, i%60)
		switch i % 8 {
		case 0:
			fmt.Fprintf(&b, "Description : Function: CHostConfigMgr::logInterfaces\nFile: c:\\temp\\build\\thehoff\\negasonic_mr30.297045120452\\negasonic_mr3\\vpn\\agentutilities\\hostconfigmgr.cpp\nLine: 2204\nIP Address Interface List: %s FE80:0:0:0:D2EC:85EB:F276:CD45 %s\n", addr(), addr())
		case 1:
			fmt.Fprintf(&b, "Description : Function: CTlsProtocol::onKeepalive\nFile: c:\\temp\\build\\vpn\\common\\TLS\\TlsProtocol.cpp\nLine: 2480\nKeepalive sent on %s:443 after %d ms idle\n", addr(), rng.IntN(30000))
		case 2:
			fmt.Fprintf(&b, "Description : Function: CRouteMgr::logRouteChange\nFile: c:\\temp\\build\\vpn\\agent\\RouteMgr.cpp\nLine: 911\nRoute change detected: added %s mask 255.255.255.0 gateway %s interface %d metric %d\n", addr(), addr(), rng.IntN(30), rng.IntN(300))
		case 3:
			fmt.Fprintf(&b, "Description : Function: CDNSRequest::OnSocketReadComplete\nFile: c:\\temp\\build\\vpn\\common\\DnsRequest.cpp\nLine: 1021\nResolved [A] query host%d.corp.acme.com via DNS server %s: %s (ttl %d)\n", rng.IntN(50), addr(), addr(), rng.IntN(3600))
		case 4:
			fmt.Fprintf(&b, "Description : Function: CCertHelper::verifyServerCertificate\nFile: c:\\temp\\build\\vpn\\common\\CertHelper.cpp\nLine: 1789\nServer certificate CN=vpn%d.acme.com, O=Acme Inc verified by CN=DigiCert Global G2, O=DigiCert Inc\n", rng.IntN(5))
		case 5:
			fmt.Fprintf(&b, "Description : Function: CVpnParam::logStatistics\nFile: c:\\temp\\build\\vpn\\agentutilities\\VpnParam.cpp\nLine: 318\nTunnel statistics: bytes sent %d, bytes received %d, packets sent %d, compression off\n", rng.IntN(1e9), rng.IntN(1e9), rng.IntN(1e7))
		case 6:
			fmt.Fprintf(&b, "Description : Function: CHostLocator::resolve\nFile: c:\\temp\\build\\vpn\\AgentUtilities\\HostLocator.cpp\nLine: 307\nInvoked Function: CSocketSupport::connect\nReturn Code: -31588340 (0xFE1E000C)\nDescription: SOCKETTRANSPORT_ERROR_CONNECT\n")
		case 7:
			b.WriteString("Description : Message type information sent to the user: Connecting to vpn.acme.com...\n")
		}
		b.WriteString("******************************************\n")
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
	dst := r.Redact(nil, src, "AnyConnectVPN.txt")
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
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
