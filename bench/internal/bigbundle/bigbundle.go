// Package bigbundle makes a large, realistic DART bundle for the benchmarks:
// a week of verbose agent logging, a million event-log records and more,
// beside the small files of an ordinary Windows bundle. It is generated from
// a seed, so every run makes the same bytes, and it is streamed into the zip
// writer, so making it needs little memory.
//
// How many of the records are the agent's failures to resolve
// mus.cisco.com (the density) and the layout of the event log are chosen,
// so that the analysis can be measured where the bug is dense, as it is in
// the field, and on every kind of export. The same records can be written
// as syslog or as macOS unified-log output, to measure those parsers on
// inputs of the same size.
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
	// DefaultDensity makes about 2,000 failures in a million records,
	// in runs of 40 scattered over the week.
	DefaultDensity = 0.002
)

// Densities are the densities the benchmarks measure: none, the default,
// and denser until the failures go on every 15 s from the first record to
// the last, as in bundles from the field.
var Densities = []float64{0, DefaultDensity, 0.01, 0.1}

// MaxDensity is the largest density: each failure comes with records of
// the GUI and of the agent's other work.
const MaxDensity = 0.25

// Dir is where the benchmarks look for the bundle, relative to the root of
// the module; it is not committed.
const Dir = "testdata/big"

// FileName is the name of the bundle in Dir of the default layout and
// density.
const FileName = "DARTBundle_big.zip"

// FileNameOf returns the name in Dir of the bundle of layout (a name of
// Layouts, "" for the default) and density: FileName for the defaults.
func FileNameOf(layout string, density float64) string {
	if layout == "" {
		layout = DefaultLayout()
	}
	if layout == DefaultLayout() && density == DefaultDensity {
		return FileName
	}
	return fmt.Sprintf("DARTBundle_big-%s-%s.zip", strings.ReplaceAll(layout, "/", "_"), strconv.FormatFloat(density, 'g', -1, 64))
}

// LogName is the name of the big event log inside the bundle.
const LogName = "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Logs/AnyConnectVPN.txt"

// Options says what to make. The zero value means the defaults.
type Options struct {
	Records int    // event-log records; 0 means DefaultRecords
	Seed    uint64 // 0 means DefaultSeed
	// Density is the share of the records that are the agent's failures
	// to resolve mus.cisco.com, at most MaxDensity; 0 means
	// DefaultDensity, and a negative density none.
	Density float64
	// Layout names the event log's layout (see Layouts); "" means the
	// default.
	Layout string
}

// OptionsFor returns the options of the bundle in layout ("" for the
// default) with failures at density, 0 meaning none: the bundle that
// FileNameOf names.
func OptionsFor(layout string, density float64) Options {
	if density == 0 {
		density = -1
	}
	return Options{Layout: layout, Density: density}
}

func (o Options) withDefaults() (Options, error) {
	if o.Records <= 0 {
		o.Records = DefaultRecords
	}
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	switch {
	case o.Density == 0:
		o.Density = DefaultDensity
	case o.Density > MaxDensity:
		return o, fmt.Errorf("bigbundle: density %g above %g", o.Density, MaxDensity)
	}
	if _, ok := LayoutByName(o.Layout); !ok {
		return o, fmt.Errorf("bigbundle: no layout %q (have %s)", o.Layout, strings.Join(Layouts(), ", "))
	}
	return o, nil
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
	opts, err := opts.withDefaults()
	if err != nil {
		return err
	}
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

// WriteLog writes opts.Records records to w in format: the event-log
// export in opts.Layout, BSD syslog as on macOS and Linux, or the output of
// macOS "log show". The records are the same whatever the format.
func WriteLog(w io.Writer, format logparse.Format, opts Options) error {
	opts, err := opts.withDefaults()
	if err != nil {
		return err
	}
	layout, _ := LayoutByName(opts.Layout)
	g := newGenerator(opts)
	var buf []byte
	first := true
	n := 0 // records written
	// flush writes buf in the layout's encoding; buf ends with a whole
	// record, so no character is split.
	flush := func() error {
		out := buf
		if format == logparse.FormatEventLog {
			out = layout.Encode(buf, first)
		}
		first = false
		_, err := w.Write(out)
		buf = buf[:0]
		return err
	}
	switch format {
	case logparse.FormatEventLog:
		buf = append(buf, layout.Begin()...)
	case logparse.FormatUnifiedLog:
		buf = append(buf, "Timestamp                       Thread     Type        Activity             PID    TTL  \n"...)
	}
	for range opts.Records {
		e := g.next()
		switch format {
		case logparse.FormatEventLog:
			buf = layout.AppendEventN(buf, sample.Event{Time: e.time, Type: e.typ, Source: e.source, Body: e.body()}, n)
			n++
		case logparse.FormatSyslog:
			buf = e.appendSyslog(buf)
		case logparse.FormatUnifiedLog:
			buf = e.appendUnified(buf)
		default:
			return fmt.Errorf("bigbundle: no writer for %v", format)
		}
		if len(buf) >= 256<<10 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if format == logparse.FormatEventLog {
		buf = append(buf, layout.End()...)
	}
	return flush()
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
// downloader chatter, with the agent's failures to resolve mus.cisco.com
// every 15 s among it and the GUI's error after one in three, as in the
// TechNote's sample. Sparse failures come in runs of musRun scattered over
// the log; when they are too many for that, the agent fails from the first
// record to the last, as on an endpoint that never resolves the name, and
// the log spans as many days as that takes.
type generator struct {
	rng      *rand.Rand
	step     time.Duration // mean interval between ordinary records
	ordNext  time.Time     // time of the next ordinary record
	musNext  time.Time     // time of the next failure; zero: none
	musLeft  int           // failures left in the run; -1: the run never ends
	musGap   time.Duration // mean interval between runs
	musCount int
	echoAt   time.Time // time of the GUI's error to come; zero: none
	hosts    []string
}

const (
	// musRun is how many failures a run of sparse failures holds.
	musRun = 40
	// musCadence is the agent's interval between queries.
	musCadence = 15 * time.Second
	// baseStep is the mean interval between ordinary records of the
	// default bundle: a million records span a week.
	baseStep = 600 * time.Millisecond
)

func newGenerator(opts Options) *generator {
	seed := opts.Seed
	g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)), step: baseStep}
	for i := range 400 {
		g.hosts = append(g.hosts, fmt.Sprintf("%s%d.%s", hostWords[i%len(hostWords)], i, domains[i%len(domains)]))
	}
	g.ordNext = Start
	fails := opts.Density * float64(opts.Records) // none when negative
	if fails < 1 {
		return g
	}
	// One failure in three has the GUI's error; the other records are
	// ordinary.
	ordinary := float64(opts.Records) - fails*4/3
	span := time.Duration(ordinary * float64(baseStep))
	busy := time.Duration(fails * float64(musCadence))
	if busy >= span {
		g.step = time.Duration(float64(busy) / ordinary)
		g.musLeft, g.musNext = -1, Start.Add(musCadence/2)
		return g
	}
	g.musGap = (span - busy) / time.Duration(max(fails/musRun, 1))
	// Half a gap before the first run and after the last, on average.
	g.musLeft, g.musNext = musRun, Start.Add(g.gap()/2)
	return g
}

// gap returns a random interval between runs of failures, from half the
// mean to half as much again.
func (g *generator) gap() time.Duration {
	return g.musGap/2 + time.Duration(g.rng.Int64N(int64(g.musGap)+1))
}

// next returns the next event: the earliest of the next ordinary record,
// the next failure and the GUI's error to come.
func (g *generator) next() event {
	if !g.echoAt.IsZero() && !g.echoAt.After(g.ordNext) && (g.musNext.IsZero() || g.echoAt.Before(g.musNext)) {
		t := g.echoAt
		g.echoAt = time.Time{}
		return event{time: t, typ: "Error", source: "acvpnui", pid: 6204,
			text: "Message type error sent to the user: Network error. Unable to lookup host names."}
	}
	if !g.musNext.IsZero() && !g.musNext.After(g.ordNext) {
		t := g.musNext
		g.musCount++
		if g.musCount%3 == 1 {
			g.echoAt = t.Add(time.Second)
		}
		// The TechNote's queries leave 15.0 to 15.1 s apart.
		g.musNext = t.Add(musCadence + time.Duration(g.rng.IntN(100))*time.Millisecond)
		if g.musLeft > 0 {
			if g.musLeft--; g.musLeft == 0 {
				g.musLeft = musRun
				g.musNext = g.musNext.Add(g.gap())
			}
		}
		return event{time: t, typ: "Warning", source: "acvpnagent", pid: 4120,
			function: "CDNSRequest::OnSocketReadComplete", file: agentBuild + `common\ip\dnsrequest.cpp`, line: 1147,
			text: fmt.Sprintf("Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.%d (timeout 11000 ms)", 69+g.rng.IntN(2))}
	}
	t := g.ordNext
	g.ordNext = t.Add(time.Duration(g.rng.Int64N(int64(2*g.step) + 1)))
	return g.ordinary(t)
}

var hostWords = []string{"intranet", "mail", "wiki", "git", "jira", "files", "print", "sso", "crm", "hr", "vault", "api"}
var domains = []string{"corp.example.com", "example.net", "lab.example.com", "eu.example.com"}

const (
	agentBuild = `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\`
	uiBuild    = `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\ui\`
)

// ordinary returns an ordinary record at t: none of them is about
// mus.cisco.com.
func (g *generator) ordinary(t time.Time) event {
	r := g.rng
	ip := func() string {
		return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254))
	}
	e := event{time: t, typ: "Information", source: "acvpnagent", pid: 4120}
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
