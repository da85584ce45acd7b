// Package bigbundle makes a large, realistic DART bundle for the benchmarks:
// a week of verbose agent logging, a million event-log records and more,
// beside the small files of an ordinary Windows bundle. It is generated from
// a seed, so every run makes the same bytes, and it is streamed into the zip
// writer, so making it needs little memory.
//
// The same records can be written as syslog or as macOS unified-log output,
// to measure those parsers on inputs of the same size.
package bigbundle

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dartkit/dartkit/internal/sample"
	"github.com/dartkit/dartkit/logparse"
)

// Defaults of Options.
const (
	DefaultRecords = 1_000_000
	DefaultSeed    = 20200617
)

// Dir is where the benchmarks look for the bundle, relative to the root of
// the module; it is not committed.
const Dir = "testdata/big"

// FileName is the name of the bundle in Dir.
const FileName = "DARTBundle_big.zip"

// LogName is the name of the big event log inside the bundle.
const LogName = "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Logs/AnyConnectVPN.txt"

// Options says what to make. The zero value means the defaults.
type Options struct {
	Records int    // event-log records; 0 means DefaultRecords
	Seed    uint64 // 0 means DefaultSeed
}

func (o Options) withDefaults() Options {
	if o.Records <= 0 {
		o.Records = DefaultRecords
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	return o
}

// Start is the time of the first record: a week before the TechNote's
// capture.
var Start = sample.TechNoteStart.Add(-7 * 24 * time.Hour)

// version is the client the bundle shows: before 4.10, without a VPN
// profile, so the mus.cisco.com failures are CSCvu39643.
const version = "4.8.03052"

// WriteFile writes the bundle to path, creating its folder.
func WriteFile(path string, opts Options) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	err = WriteZip(bw, opts)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// WriteZip writes the bundle as a zip to w: the small files of a Windows
// bundle of AnyConnect 4.8 with no VPN profile, and the big AnyConnect event
// log in place of the small one.
func WriteZip(w io.Writer, opts Options) error {
	opts = opts.withDefaults()
	zw := zip.NewWriter(w)
	win := sample.Windows{Version: version, DARTVersion: "4.9.04043"}
	mod := Start.Add(7*24*time.Hour + time.Hour)
	dirs := map[string]bool{}
	create := func(name string) (io.Writer, error) {
		for i := 0; i < len(name); i++ {
			if name[i] == '/' && !dirs[name[:i+1]] {
				dirs[name[:i+1]] = true
				h := &zip.FileHeader{Name: name[:i+1], Modified: mod}
				h.SetMode(0o755 | os.ModeDir)
				if _, err := zw.CreateHeader(h); err != nil {
					return nil, err
				}
			}
		}
		return zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod})
	}
	for _, f := range win.Files() {
		if strings.HasSuffix(f.Name, "/Logs/AnyConnectVPN.txt") {
			ew, err := create(LogName)
			if err != nil {
				return err
			}
			if err := WriteLog(ew, logparse.FormatEventLog, opts); err != nil {
				return err
			}
			continue
		}
		fw, err := create(f.Name)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.Data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// WriteLog writes opts.Records records to w in format: the event-log text
// export DART writes on Windows, BSD syslog as on macOS and Linux, or the
// output of macOS "log show". The records are the same whatever the format.
func WriteLog(w io.Writer, format logparse.Format, opts Options) error {
	opts = opts.withDefaults()
	g := newGenerator(opts.Seed)
	var buf []byte
	if format == logparse.FormatUnifiedLog {
		buf = append(buf, "Timestamp                       Thread     Type        Activity             PID    TTL  \n"...)
	}
	for range opts.Records {
		e := g.next()
		switch format {
		case logparse.FormatEventLog:
			buf = sample.AppendEvent(buf, sample.Event{Time: e.time, Type: e.typ, Source: e.source, Body: e.body()}, sample.StyleTabs)
		case logparse.FormatSyslog:
			buf = e.appendSyslog(buf)
		case logparse.FormatUnifiedLog:
			buf = e.appendUnified(buf)
		default:
			return fmt.Errorf("bigbundle: no writer for %v", format)
		}
		if len(buf) >= 256<<10 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	if format == logparse.FormatEventLog {
		buf = sample.AppendEventEnd(buf, sample.StyleTabs)
	}
	_, err := w.Write(buf)
	return err
}

// An event is one generated record, before it is written in a format.
type event struct {
	time     time.Time
	typ      string // Information, Warning, Error
	source   string
	function string // debug header; "" for none
	file     string
	line     int
	invoked  string // optional
	code     int32  // with invoked
	desc     string // with invoked
	text     string
	pid      int
}

// body returns the event-log Description: the debug header on separate
// lines, then the text.
func (e *event) body() string {
	switch {
	case e.function == "":
		return e.text
	case e.invoked != "":
		return sample.DebugRC(e.function, e.file, e.line, e.invoked, e.code, e.desc, e.text)
	}
	return sample.Debug(e.function, e.file, e.line, e.text)
}

// appendHeader appends the one-line form of the debug header, as syslog
// carries it.
func (e *event) appendHeader(b []byte) []byte {
	if e.function == "" {
		return b
	}
	b = append(b, "Function: "...)
	b = append(b, e.function...)
	b = append(b, " File: "...)
	b = append(b, e.file...)
	b = append(b, " Line: "...)
	b = strconv.AppendInt(b, int64(e.line), 10)
	b = append(b, ' ')
	if e.invoked != "" {
		b = fmt.Appendf(b, "Invoked Function: %s Return Code: %d (0x%08X) Description: %s ", e.invoked, e.code, uint32(e.code), e.desc)
	}
	return b
}

// unixSource maps a Windows event source to the process name on macOS.
func unixSource(s string) string {
	switch s {
	case "acvpnagent":
		return "vpnagentd"
	case "acvpnui":
		return "vpnui"
	case "acvpnapi":
		return "vpnapi"
	case "acvpndownloader":
		return "vpndownloader"
	}
	return s
}

func (e *event) appendSyslog(b []byte) []byte {
	b = e.time.AppendFormat(b, "Jan _2 15:04:05")
	b = append(b, " mce-laptop "...)
	b = append(b, unixSource(e.source)...)
	b = append(b, '[')
	b = strconv.AppendInt(b, int64(e.pid), 10)
	b = append(b, "]: "...)
	b = e.appendHeader(b)
	b = append(b, e.text...)
	return append(b, '\n')
}

var unifiedTypes = map[string]string{"Information": "Default", "Warning": "Error", "Error": "Fault"}

func (e *event) appendUnified(b []byte) []byte {
	b = e.time.AppendFormat(b, "2006-01-02 15:04:05.000000-0700")
	b = fmt.Appendf(b, " 0x%-8x %-11s 0x0                  %-6d 0    %s: ", e.pid*37, unifiedTypes[e.typ], e.pid, unixSource(e.source))
	b = e.appendHeader(b)
	b = append(b, e.text...)
	return append(b, '\n')
}

// A generator makes the stream of events: ordinary agent, GUI and
// downloader chatter, with runs of mus.cisco.com failures every 15 s among
// it.
type generator struct {
	rng     *rand.Rand
	t       time.Time
	n       int
	musLeft int       // failures left in the current run
	musNext time.Time // time of the next failure of the run
	hosts   []string
}

func newGenerator(seed uint64) *generator {
	g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), t: Start}
	for i := range 400 {
		g.hosts = append(g.hosts, fmt.Sprintf("%s%d.%s", hostWords[i%len(hostWords)], i, domains[i%len(domains)]))
	}
	return g
}

var hostWords = []string{"intranet", "mail", "wiki", "git", "jira", "files", "print", "sso", "crm", "hr", "vault", "api"}
var domains = []string{"corp.example.com", "example.net", "lab.example.com", "eu.example.com"}

const (
	agentBuild = `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\`
	uiBuild    = `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\ui\`
)

// next returns the next event, a little later than the last.
func (g *generator) next() event {
	g.n++
	// About 600 ms apart on average: a million records span a week.
	g.t = g.t.Add(time.Duration(g.rng.IntN(1200)) * time.Millisecond)
	if g.musLeft == 0 && g.rng.IntN(20000) == 0 {
		g.musLeft, g.musNext = 40, g.t
	}
	if g.musLeft > 0 && !g.t.Before(g.musNext) {
		g.musLeft--
		g.musNext = g.musNext.Add(15 * time.Second)
		return event{time: g.t, typ: "Warning", source: "acvpnagent", pid: 4120,
			function: "CDNSRequest::OnSocketReadComplete", file: agentBuild + `common\ip\dnsrequest.cpp`, line: 1147,
			text: fmt.Sprintf("Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.%d (timeout 11000 ms)", 69+g.rng.IntN(2))}
	}
	r := g.rng
	ip := func() string {
		return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254))
	}
	e := event{time: g.t, typ: "Information", source: "acvpnagent", pid: 4120}
	agent := func(function, file string, line int, text string) {
		e.function, e.file, e.line, e.text = function, agentBuild+file, line, text
	}
	switch k := r.IntN(100); {
	case k < 14: // interface lists
		agent("CHostConfigMgr::logInterfaces", `agentutilities\hostconfigmgr.cpp`, 2204,
			fmt.Sprintf("IP Address Interface List: %s FE80:0:0:0:%X:%X:%X:%X %s", ip(), r.IntN(0x10000), r.IntN(0x10000), r.IntN(0x10000), r.IntN(0x10000), ip()))
	case k < 26: // route changes
		agent("CRouteMgr::logRouteChange", `agentutilities\Routing\RouteMgr.cpp`, 880+r.IntN(40),
			fmt.Sprintf("Route change detected: %s 10.%d.%d.0 mask 255.255.255.0 gateway 192.168.%d.1 interface %d metric %d",
				[]string{"added", "deleted", "changed"}[r.IntN(3)], r.IntN(256), r.IntN(256), r.IntN(256), 2+r.IntN(30), r.IntN(500)))
	case k < 38: // DNS lookups of many hosts
		h := g.hosts[r.IntN(len(g.hosts))]
		agent("CDNSRequest::OnSocketReadComplete", `common\ip\dnsrequest.cpp`, 1102,
			fmt.Sprintf("Resolved [A] query %s via DNS server 10.88.240.69: %s (ttl %d)", h, ip(), 30+r.IntN(3600)))
	case k < 46: // certificate checks
		agent("CCertHelper::verifyServerCertificate", `common\crypto\CertHelper.cpp`, 1560+r.IntN(30),
			fmt.Sprintf("Certificate chain verified for CN=vpn%d.example.com, issuer CN=Example Issuing CA %d, thumbprint %016X%016X, valid until 2021-%02d-%02d",
				r.IntN(8), 1+r.IntN(3), r.Uint64(), r.Uint64(), 1+r.IntN(12), 1+r.IntN(28)))
	case k < 52: // tunnel statistics
		agent("CVpnParam::logStatistics", `agentutilities\VpnParam.cpp`, 318,
			fmt.Sprintf("Tunnel statistics: bytes sent %d, bytes received %d, packets sent %d, packets received %d, compression off",
				r.IntN(1<<30), r.IntN(1<<31), r.IntN(1<<22), r.IntN(1<<23)))
	case k < 58: // connection attempts and their outcome
		host := fmt.Sprintf("vpn%d.example.com", r.IntN(8))
		switch r.IntN(3) {
		case 0:
			e.source, e.pid, e.text = "acvpnapi", 6312, "An SSL VPN connection to "+host+" has been requested by the user."
		case 1:
			e.text = fmt.Sprintf("A SSL connection has been established using cipher %s", []string{"AES256-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"}[r.IntN(2)])
		default:
			e.text = "The VPN connection has been established and can now pass data."
		}
	case k < 62: // the agent's own state
		agent("CCvcConfig::processNotifyAgentConnectResponse", `agentutilities\CvcConfig.cpp`, 612+r.IntN(9),
			fmt.Sprintf("Session %08x: address 10.%d.%d.%d, netmask 255.255.0.0, split include %d networks, DNS %s",
				r.Uint32(), 100+r.IntN(20), r.IntN(256), r.IntN(256), r.IntN(40), ip()))
	case k < 80: // GUI state messages
		e.source, e.pid = "acvpnui", 6204
		switch r.IntN(4) {
		case 0:
			e.text = "Message type information sent to the user: " + []string{"Ready to connect.", "Connecting to vpn.example.com...", "Establishing VPN session...", "Checking for profile updates..."}[r.IntN(4)]
		case 1:
			e.text = fmt.Sprintf("VPN state: %s Network state: Network Accessible Network control state: Network Access: Available Network type: %s",
				[]string{"Disconnected", "Connecting", "Connected", "Reconnecting"}[r.IntN(4)], []string{"Undefined", "Wired", "Wireless"}[r.IntN(3)])
		default:
			e.function, e.file, e.line = "CTrayHelper::updateState", uiBuild+`TrayHelper.cpp`, 255+r.IntN(60)
			e.text = fmt.Sprintf("Tray state changed to %d (%s), %d notifications pending", r.IntN(9), []string{"idle", "busy", "connected", "alert"}[r.IntN(4)], r.IntN(5))
		}
	case k < 88: // downloader records
		e.source, e.pid = "acvpndownloader", 7100+r.IntN(50)
		e.function, e.file, e.line = "CDownloaderImpl::processFile", agentBuild+`downloader\DownloaderImpl.cpp`, 700+r.IntN(200)
		e.text = fmt.Sprintf("Downloaded %s (%d bytes), version %d.%d.%05d, hash %016x", []string{"AnyConnectProfile.xsd", "VPNManifest.dat", "vpngina.dll", "updater.exe"}[r.IntN(4)],
			1000+r.IntN(5_000_000), 4, 8, r.IntN(4000), r.Uint64())
	case k < 94: // tunnel keepalives
		agent("CTlsProtocol::onKeepalive", `common\TLS\TlsProtocol.cpp`, 2480,
			fmt.Sprintf("Keepalive sent on %s:443 after %d ms idle", ip(), 20000+r.IntN(10000)))
	default: // warnings that name a return code
		e.typ = "Warning"
		e.function, e.file, e.line = "CHostLocator::resolve", agentBuild+`AgentUtilities\HostLocator.cpp`, 300+r.IntN(20)
		e.invoked, e.code, e.desc = "CSocketSupport::connect", -31588340, "SOCKETTRANSPORT_ERROR_CONNECT"
		e.text = fmt.Sprintf("retrying the probe of %s in %d s", ip(), 1+r.IntN(30))
	}
	return e
}
