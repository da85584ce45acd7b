package dart

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unsafe"

	"github.com/dartkit/dartkit/internal/golden"
	"github.com/dartkit/dartkit/logparse"
)

const factsDir = "testdata/facts"

// factInputs returns the input files under testdata/facts: the directory
// names the kind (system-info/ipconfig-all.txt is of KindSystemInfo).
func factInputs(t testing.TB) []string {
	var files []string
	err := filepath.WalkDir(factsDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "golden" || d.Name() == "records") {
			return fs.SkipDir // records: see TestFactsFromRecordsGolden
		}
		if !d.IsDir() {
			files = append(files, filepath.ToSlash(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func factKindOfDir(dir string) Kind {
	for k := KindOther; k <= KindSummary; k++ {
		if k.String() == dir {
			return k
		}
	}
	return KindOther
}

// factFileFor returns the File of an input: its name relative to testdata/facts
// with the kind directory dropped.
func factFileFor(p string) File {
	rel := strings.TrimPrefix(p, factsDir+"/")
	dir, name, _ := strings.Cut(rel, "/")
	return File{Name: name, Kind: factKindOfDir(dir)}
}

// dumpFacts writes facts as text, one fact a line, for golden files.
func dumpFacts(f *Facts) string {
	var b strings.Builder
	fmt.Fprintf(&b, "platform: %s %s\n", f.Platform, f.PlatformSource)
	for _, h := range f.PlatformHints {
		fmt.Fprintf(&b, "  hint: %s %d %q %s\n", h.Platform, h.Weight, h.What, h.Source)
	}
	p := f.Product
	fmt.Fprintf(&b, "product: %q %s from=%s %s\n", p.Name, p.Version, p.VersionFrom, p.Source)
	for _, s := range f.Versions {
		tm := ""
		if !s.Time.IsZero() {
			tm = " " + s.Time.UTC().Format(time.RFC3339)
		}
		fmt.Fprintf(&b, "version: %s %s %s%s %q\n", s.Version, s.Component, s.Source, tm, s.Text)
	}
	if !f.DART.Version.IsZero() {
		fmt.Fprintf(&b, "dart: %s %s\n", f.DART.Version, f.DART.Source)
	}
	for _, p := range f.Profiles {
		fmt.Fprintf(&b, "profile: %s kind=%s servers=%q service-disable=%v\n", p.File, p.Kind, p.Servers, p.ServiceDisable)
		for _, e := range p.Entries {
			fmt.Fprintf(&b, "  entry: name=%q address=%q\n", e.Name, e.Address)
		}
		if p.Malformed != "" {
			fmt.Fprintf(&b, "  malformed: %s\n", p.Malformed)
		}
	}
	for _, h := range f.Hosts {
		fmt.Fprintf(&b, "hosts: %s %q %q %s\n", h.Address, h.Names, h.Comment, h.Source)
	}
	for _, d := range f.DNSServers {
		fmt.Fprintf(&b, "dns: %s %s\n", d.Value, d.Source)
	}
	if f.Hostname.Value != "" {
		fmt.Fprintf(&b, "hostname: %s %s\n", f.Hostname.Value, f.Hostname.Source)
	}
	if f.TimeZone.Value != "" {
		loc, ok := f.Location()
		name := "-"
		if ok {
			name = loc.String()
		}
		fmt.Fprintf(&b, "timezone: %q %s location=%s\n", f.TimeZone.Value, f.TimeZone.Source, name)
	}
	if s := f.Summary; s != nil {
		fmt.Fprintf(&b, "summary: %s time=%q os=%q user=%q location=%q truncated=%v\n", s.File, s.Time, s.OS, s.User, s.Location, s.Truncated)
		for _, sec := range s.Sections {
			fmt.Fprintf(&b, "  section: %q %s\n", sec.Title, sec.Source)
			for _, l := range []struct {
				name string
				rows []SummaryFile
			}{{"included", sec.Included}, {"omitted", sec.Omitted}, {"requested", sec.Requested}} {
				for _, r := range l.rows {
					fmt.Fprintf(&b, "    %s: id=%q name=%q desc=%q size=%q reason=%q %s\n", l.name, r.ID, r.Name, r.Description, r.Size, r.Reason, r.Source)
				}
			}
			for _, n := range sec.Notes {
				fmt.Fprintf(&b, "    note: %q\n", n)
			}
		}
		if len(s.NoInstruction) > 0 {
			fmt.Fprintf(&b, "  no-instruction: %q\n", s.NoInstruction)
		}
	}
	if pc := f.ProfilesCollected; pc.State != ProfilesUnknown {
		fmt.Fprintf(&b, "profiles-collected: %s %q %s\n", pc.State, pc.Text, pc.Source)
	}
	for _, m := range f.Modules {
		fmt.Fprintf(&b, "module: id=%q version=%q core=%v name=%q uri=%q %s\n", m.ID, m.Version, m.Core, m.DisplayName, m.URI, m.Source)
	}
	if f.OSName.Value != "" || f.OSVersion.Value != "" {
		fmt.Fprintf(&b, "os: %q %s version=%q %s\n", f.OSName.Value, f.OSName.Source, f.OSVersion.Value, f.OSVersion.Source)
	}
	if a := f.AgentService; a.Name != "" {
		fmt.Fprintf(&b, "agent-service: %s %s %s\n", a.Name, a.State, a.Source)
	}
	if a := f.VirtualAdapter; a.IPConfig.File != "" || a.Adapter.Value != "" {
		fmt.Fprintf(&b, "virtual-adapter: ipconfig=%s adapter=%q %s missing=%v\n", a.IPConfig, a.Adapter.Value, a.Adapter.Source, a.Missing())
	}
	for _, m := range f.UIHistory {
		fmt.Fprintf(&b, "ui: [%s] %q %s\n", m.Time, m.Text, m.Source)
	}
	if c := f.Comment; c.Source.File != "" {
		fmt.Fprintf(&b, "comment: %q truncated=%v %s\n", c.Text, c.Truncated, c.Source)
	}
	return b.String()
}

// TestFactsGolden runs each input of testdata/facts through a FactBuilder of
// its own, whole, one byte at a time and with LF line ends, and compares the
// facts with testdata/facts/golden/<input>.golden.
func TestFactsGolden(t *testing.T) {
	for _, p := range factInputs(t) {
		t.Run(strings.TrimPrefix(p, factsDir+"/"), func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			f := factFileFor(p)
			run := func(r io.Reader) string {
				b := NewFactBuilder()
				if err := b.AddFile(f, r); err != nil {
					t.Fatal(err)
				}
				return dumpFacts(b.Facts())
			}
			got := run(strings.NewReader(string(data)))
			golden.Check(t, path.Join(factsDir, "golden", strings.TrimPrefix(p, factsDir+"/")+".golden"), []byte(got))
			if again := run(iotest.OneByteReader(strings.NewReader(string(data)))); again != got {
				t.Errorf("one byte at a time:\n%s\nwhole:\n%s", again, got)
			}
			if lf := run(strings.NewReader(strings.ReplaceAll(string(data), "\r\n", "\n"))); lf != got {
				t.Errorf("with LF:\n%s\nwith CRLF:\n%s", lf, got)
			}
		})
	}
}

// TestFactsGoldenAll gives every input to one FactBuilder, forwards and
// backwards: the decisions must not depend on the order of files.
func TestFactsGoldenAll(t *testing.T) {
	inputs := factInputs(t)
	run := func(order []string) *Facts {
		b := NewFactBuilder()
		for _, p := range order {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := b.AddFile(factFileFor(p), strings.NewReader(string(data))); err != nil {
				t.Fatal(err)
			}
		}
		return b.Facts()
	}
	fwd := run(inputs)
	golden.Check(t, path.Join(factsDir, "golden", "all.golden"), []byte(dumpFacts(fwd)))
	rev := run(factReversed(inputs))
	if fwd.Platform != rev.Platform || fwd.PlatformSource != rev.PlatformSource || fwd.Product != rev.Product || !slices.Equal(fwd.PlatformHints, rev.PlatformHints) {
		t.Errorf("order matters:\nforwards  %v %v %+v\nbackwards %v %v %+v", fwd.Platform, fwd.PlatformSource, fwd.Product, rev.Platform, rev.PlatformSource, rev.Product)
	}
}

// TestFactsFromRecordsGolden reads each syslog of testdata/facts/records
// as a bundle holding that log and no system file would give it: the
// file's name, then its records. The platform and the product must come
// from the records, each with its file:line.
func TestFactsFromRecordsGolden(t *testing.T) {
	logs, err := filepath.Glob(filepath.Join(factsDir, "records", "*.log"))
	if err != nil || len(logs) == 0 {
		t.Fatalf("no logs: %v", err)
	}
	ref := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for _, p := range logs {
		name := filepath.Base(p)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b := NewFactBuilder()
			if err := b.AddFile(File{Name: name, Kind: KindSyslog}, nil); err != nil {
				t.Fatal(err)
			}
			rd, err := logparse.NewReader(strings.NewReader(string(data)), logparse.FormatSyslog, &logparse.Options{File: name, Reference: ref})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for rec, err := range rd.All() {
				if err != nil {
					t.Fatalf("record %d: %v", n+1, err)
				}
				b.AddRecord(&rec)
				n++
			}
			if n == 0 {
				t.Fatal("no records")
			}
			f := b.Facts()
			golden.Check(t, path.Join(factsDir, "golden", "records", name+".golden"), []byte(dumpFacts(f)))
			if f.Platform == PlatformUnknown || f.PlatformSource.Line == 0 {
				t.Errorf("platform %s from %v: want one, from a record", f.Platform, f.PlatformSource)
			}
			if f.Product.Version.IsZero() || f.Product.Source.Line == 0 || f.Product.VersionFrom == ComponentDART {
				t.Errorf("product %+v: want a version from a client record", f.Product)
			}
		})
	}
}

func factReversed(s []string) []string {
	r := slices.Clone(s)
	slices.Reverse(r)
	return r
}

var factT0 = time.Date(2020, 6, 17, 20, 21, 57, 0, time.UTC)

// rec returns a record of source src at minute min after factT0.
func factRec(src string, min int, msg string) *logparse.Record {
	return &logparse.Record{Time: factT0.Add(time.Duration(min) * time.Minute), Source: src, Message: msg, Pos: logparse.Position{File: "AnyConnectVPN.txt", Line: 10 + min}}
}

// factManifest is a VPNManifest.dat in the shape of the headend's
// vpn-core-manifest (see [Module]).
const factManifest = `<?xml version="1.0" encoding="UTF-8"?>
<vpn rev="1.0">
  <file version="4.9.04053" id="VPNCore" is_core="yes" type="msi" action="install" os="win:6.1.7601">
    <uri>binaries/anyconnect-win-4.9.04053-core-vpn-webdeploy-k9.msi</uri>
    <display-name>AnyConnect Secure Mobility Client</display-name>
  </file>
  <file version="4.9.04053" id="DART" type="msi" action="install">
    <uri>binaries/anyconnect-win-4.9.04053-dart-webdeploy-k9.msi</uri>
    <display-name>AnyConnect DART</display-name>
  </file>
</vpn>
`

func TestProductPrecedence(t *testing.T) {
	dartBanner := "Cisco AnyConnect Diagnostic and Reporting Tool 4.9.04043 ."
	tests := []struct {
		name    string
		files   map[string]string // system-info files
		records []*logparse.Record
		want    string
		from    Component
	}{
		{
			name:  "manifest over records",
			files: map[string]string{"VPNManifest.dat": factManifest},
			records: []*logparse.Record{
				factRec("acvpnagent", 1, "Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started."),
			},
			want: "4.9.04053", from: ComponentManifest,
		},
		{
			name:  "installed list over manifest",
			files: map[string]string{"VPNManifest.dat": factManifest, "InstalledPrograms.txt": "Cisco AnyConnect Secure Mobility Client,4.10.00093"},
			want:  "4.10.00093", from: ComponentInstalled,
		},
		{
			name: "MsiInstaller record of the Application log",
			records: []*logparse.Record{
				factRec("MsiInstaller", 3, "Windows Installer installed the product. Product Name: Cisco AnyConnect Secure Mobility Client. Product Version: 4.8.03052. Product Language: 1033. Manufacturer: Cisco Systems, Inc.. Installation success or error status: 0."),
			},
			want: "4.8.03052", from: ComponentInstallLog,
		},
		{
			name: "MsiInstaller upgrade after an older agent record",
			records: []*logparse.Record{
				factRec("acvpnagent", 1, "Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started."),
				factRec("MsiInstaller", 3, "Windows Installer installed the product. Product Name: Cisco AnyConnect Secure Mobility Client. Product Version: 4.10.00093. Product Language: 1033."),
			},
			want: "4.10.00093", from: ComponentInstallLog,
		},
		{
			name:  "DART banner only",
			files: map[string]string{"dart.txt": dartBanner},
			want:  "4.9.04043", from: ComponentDART,
		},
		{
			name:    "DART 4.9 banner and VPN 4.8 records",
			files:   map[string]string{"dart.txt": dartBanner},
			records: []*logparse.Record{factRec("acvpndownloader", 1, "Cisco AnyConnect Secure Mobility Client Downloader (2) exiting, version 4.8.03036 , return code 1 [0x00000001]")},
			want:    "4.8.03036", from: ComponentVPN,
		},
		{
			name: "upgrade 4.8 to 4.10 in records, older first",
			records: []*logparse.Record{
				factRec("acvpnagent", 1, "Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started."),
				factRec("acvpnagent", 5, "Cisco AnyConnect Secure Mobility Client Agent (version 4.10.00093) started."),
			},
			want: "4.10.00093", from: ComponentVPN,
		},
		{
			name: "upgrade 4.8 to 4.10 in records, newer first",
			records: []*logparse.Record{
				factRec("acvpnagent", 5, "Cisco AnyConnect Secure Mobility Client Agent (version 4.10.00093) started."),
				factRec("acvpnagent", 1, "Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started."),
			},
			want: "4.10.00093", from: ComponentVPN,
		},
		{
			name: "downgrade in records: the latest wins",
			records: []*logparse.Record{
				factRec("acvpnagent", 1, "Cisco AnyConnect Secure Mobility Client Agent (version 4.10.00093) started."),
				factRec("acvpnagent", 5, "Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started."),
			},
			want: "4.8.03052", from: ComponentVPN,
		},
		{
			name: "records without time: the highest",
			records: []*logparse.Record{
				{Source: "acvpnui", Message: "AnyConnect GUI version 4.10.00093", Pos: logparse.Position{File: "ui.log", Line: 1}},
				{Source: "acvpnui", Message: "AnyConnect GUI version 4.8.03052", Pos: logparse.Position{File: "ui.log", Line: 2}},
			},
			want: "4.10.00093", from: ComponentVPN,
		},
		{
			name: ".NET and Windows versions are not the client's",
			records: []*logparse.Record{
				factRec("acvpnagent", 1, "Using .NET 4.0.30319 on Windows 10.0.18363"),
				factRec("Application Error", 2, "Faulting application name: vpnui.exe, version: 4.8.3052.0, .NET 4.0.30319"),
				factRec("MsiInstaller", 3, "Windows Installer 5.0.18362.1 installed Microsoft .NET Framework 4.8.03761"),
			},
			files: map[string]string{"systeminfo.txt": "OS Version:                10.0.18363 N/A Build 18363\n.NET CLR 4.0.30319\n"},
			want:  "", from: "",
		},
		{
			name:    "installed list beats records",
			files:   map[string]string{"programs.txt": "Cisco AnyConnect Secure Mobility Client  4.10.00093\n"},
			records: []*logparse.Record{factRec("acvpnagent", 1, "Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started.")},
			want:    "4.10.00093", from: ComponentInstalled,
		},
		{
			name:    "records beat vpncli and stats",
			files:   map[string]string{"stats.txt": "Cisco AnyConnect Secure Mobility Client Version 4.9.01095\n", "cli.txt": "Cisco AnyConnect Secure Mobility Client (version 4.9.01095) .\n"},
			records: []*logparse.Record{factRec("acvpnui", 1, "AnyConnect GUI version 4.8.03052")},
			want:    "4.8.03052", from: ComponentVPN,
		},
		{
			name:  "vpncli beats DART",
			files: map[string]string{"dart.txt": dartBanner, "cli.txt": "Cisco AnyConnect Secure Mobility Client (version 4.9.01095) .\n"},
			want:  "4.9.01095", from: ComponentCLI,
		},
		{
			name:    "install log without time wins over older records only if higher",
			files:   map[string]string{"x.txt": "Windows Installer installed the product. Product Name: Cisco AnyConnect Secure Mobility Client. Product Version: 4.10.00093. Product Language: 1033."},
			records: []*logparse.Record{factRec("acvpnagent", 1, "Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started.")},
			want:    "4.10.00093", from: ComponentInstallLog,
		},
		{
			name:    "install event in the application log",
			records: []*logparse.Record{factRec("MsiInstaller", 1, "Windows Installer installed the product. Product Name: Cisco Secure Client - AnyConnect VPN. Product Version: 5.1.2.42. Product Language: 1033.")},
			want:    "5.1.2.42", from: ComponentInstallLog,
		},
		{
			name: "2.x: vpnapi and the agent",
			records: []*logparse.Record{
				factRec("vpnui", 1, "[p:30239  pp:1]: ClientIfcBase.cpp:80 (0) vpnapi vpnapi version 2.3.0254 () Initializing."),
				factRec("vpnagentd", 2, "Cisco AnyConnect VPN Agent (version 2.3.0254 ) started."),
			},
			want: "2.3.0254", from: ComponentVPN,
		},
		{
			name:    "2.x upgraded to 3.0 in records",
			records: []*logparse.Record{factRec("vpnui", 1, "vpnapi version 2.5.0217 () Initializing."), factRec("vpnui", 9, "vpnapi version 3.0.5080 () Initializing.")},
			want:    "3.0.5080", from: ComponentVPN,
		},
		{
			name: "a later DART banner in the records does not count",
			records: []*logparse.Record{
				factRec("csc_vpnagent", 1, "Cisco Secure Client - AnyConnect VPN Agent (version 5.1.2.42) started."),
				factRec("csc_dartcli", 9, "Cisco Secure Client - Diagnostics and Reporting Tool 5.1.4.74"),
			},
			want: "5.1.2.42", from: ComponentVPN,
		},
		{
			name:    "the downloader's version, later, wins over the agent's",
			records: []*logparse.Record{factRec("acvpnagent", 1, "Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03036) started."), factRec("acvpndownloader", 5, "Cisco AnyConnect Secure Mobility Client Downloader (2) exiting, version 4.10.05085 , return code 0 [0x00000000]")},
			want:    "4.10.05085", from: ComponentVPN,
		},
		{
			name:    "a product name in a record of another source is an installer's, not the installed list",
			files:   map[string]string{"cli.txt": "Cisco AnyConnect Secure Mobility Client (version 4.9.01095) .\n"},
			records: []*logparse.Record{factRec("MsiInstaller", 1, "Cisco AnyConnect Secure Mobility Client 4.8.03052")},
			want:    "4.8.03052", from: ComponentInstallLog,
		},
		{
			name:    "the installed list beats a later record",
			files:   map[string]string{"programs.txt": "Cisco Secure Client - AnyConnect VPN\t5.1.2.42\n"},
			records: []*logparse.Record{factRec("csc_vpnui", 60, "Current version: 5.1.4.74")},
			want:    "5.1.2.42", from: ComponentInstalled,
		},
		{
			name:    "Current version in a VPN record",
			records: []*logparse.Record{factRec("csc_vpnui", 1, "Current version: 5.1.4.74")},
			want:    "5.1.4.74", from: ComponentVPN,
		},
		{
			name:  "Secure Client in the installed list",
			files: map[string]string{"programs.txt": "Cisco Secure Client - AnyConnect VPN\t5.1.2.42\nCisco Secure Client - Diagnostics and Reporting Tool\t5.1.2.42\nCisco Secure Client - Umbrella\t5.1.2.42\n"},
			want:  "5.1.2.42", from: ComponentInstalled,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewFactBuilder()
			for _, name := range slices.Sorted(maps.Keys(tt.files)) {
				if err := b.AddFile(File{Name: name, Kind: KindSystemInfo}, strings.NewReader(tt.files[name])); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range tt.records {
				b.AddRecord(r)
			}
			f := b.Facts()
			if got := f.Product.Version.String(); got != tt.want || f.Product.VersionFrom != tt.from {
				t.Fatalf("product %s from %q, want %s from %q\n%s", got, f.Product.VersionFrom, tt.want, tt.from, dumpFacts(f))
			}
			if tt.want == "" {
				if len(f.Versions) > 0 || f.Product.Name != "" {
					t.Errorf("sightings where there are none:\n%s", dumpFacts(f))
				}
				return
			}
			wantName := "Cisco AnyConnect Secure Mobility Client"
			switch {
			case f.Product.Version.Major >= 5:
				wantName = "Cisco Secure Client"
			case f.Product.Version.Major <= 2:
				wantName = "Cisco AnyConnect VPN Client"
			}
			if f.Product.Name != wantName {
				t.Errorf("Name = %q, want %q", f.Product.Name, wantName)
			}
			if f.Product.Source.File == "" {
				t.Error("product without a source")
			}
		})
	}
}

func TestClassifyVersionLine(t *testing.T) {
	tests := []struct {
		line string
		vpn  bool
		kind Kind
		want Component // "" means no sighting
		ver  string
	}{
		{"Cisco AnyConnect Secure Mobility Client Downloader (2) exiting, version 4.8.03036 , return code 1 [0x00000001]", true, KindOther, ComponentVPN, "4.8.03036"},
		{"Cisco AnyConnect Secure Mobility Client Downloader (2) exiting, version 4.8.03036 , return code 1", false, KindOther, ComponentVPN, "4.8.03036"},
		{"Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started.", true, KindOther, ComponentVPN, "4.8.03052"},
		{"Cisco Secure Client - AnyConnect VPN Agent (version 5.1.2.42) started.", true, KindOther, ComponentVPN, "5.1.2.42"},
		{"Current version: 4.9.06037", true, KindOther, ComponentVPN, "4.9.06037"},
		{"Cisco AnyConnect Secure Mobility Client (version 4.9.01095) .", false, KindOther, ComponentCLI, "4.9.01095"},
		{"Cisco AnyConnect Secure Mobility Client Version 4.3.01095", false, KindOther, ComponentStats, "4.3.01095"},
		{"Cisco AnyConnect Diagnostic and Reporting Tool 4.9.04043 .", false, KindOther, ComponentDART, "4.9.04043"},
		{"Cisco Secure Client - Diagnostics and Reporting Tool 5.1.2.42", false, KindOther, ComponentDART, "5.1.2.42"},
		{"Cisco AnyConnect Secure Mobility Client,4.8.03052,Cisco Systems, Inc.", false, KindSystemInfo, ComponentInstalled, "4.8.03052"},
		{"\"Cisco AnyConnect Secure Mobility Client\",\"4.8.03052\"", false, KindSystemInfo, ComponentInstalled, "4.8.03052"},
		{"Cisco AnyConnect Secure Mobility Client 4.8.03052", false, KindInstallLog, ComponentInstallLog, "4.8.03052"},
		{"Product Name: Cisco AnyConnect Secure Mobility Client. Product Version: 4.8.03052.", false, KindInstallLog, ComponentInstallLog, "4.8.03052"},
		{"installer: Package name is anyconnect-macos-4.10.07073-core-vpn-webdeploy-k9", false, KindInstallLog, ComponentInstallLog, "4.10.07073"},
		{"cisco-secure-client-win-5.1.2.42-dart-predeploy-k9.msi", false, KindInstallLog, ComponentDART, "5.1.2.42"},
		// Not the client's version.
		{"Cisco AnyConnect Umbrella Roaming Security Module 4.8.03052", false, KindSystemInfo, "", ""},
		{"Cisco Secure Client - Umbrella 5.1.2.42", false, KindSystemInfo, "", ""},
		{"Microsoft .NET Framework 4 Client Profile 4.0.30319", false, KindSystemInfo, "", ""},
		{"OS Version: 10.0.18363 N/A Build 18363", false, KindSystemInfo, "", ""},
		{"=== Verbose logging started: 6/17/2020  9:15:02  Build type: SHIP UNICODE 5.00.10011.00", false, KindInstallLog, "", ""},
		{"Loaded .NET 4.0.30319", true, KindOther, "", ""},
		{"Using .NET Framework version 4.8.03761", true, KindOther, "", ""},
		{"AnyConnect needs Microsoft .NET Framework version 4.8.03761", false, KindOther, "", ""},
		{"CLR version 4.0.30319, agent version 4.8.03052", true, KindOther, ComponentVPN, "4.8.03052"},
		{"IP Address Interface List: 10.88.240.69 5.6.7.8", true, KindOther, "", ""},
		// The wordings of every release line.
		{"vpnapi version 2.5.0217", true, KindOther, ComponentVPN, "2.5.0217"},
		{"Function: ClientIfcBase File: ClientIfcBase.cpp Line: 134 Invoked Function: vpnapi Return Code: 0 (0x00000000) Description: vpnapi version 2.5.0217 () Initializing.", true, KindOther, ComponentVPN, "2.5.0217"},
		{"[p:30239  pp:1]: ClientIfcBase.cpp:80 (0) vpnapi vpnapi version 2.3.0254 () Initializing.", false, KindInstallLog, ComponentVPN, "2.3.0254"},
		{"Cisco AnyConnect VPN Agent (version 2.3.0254 ) started.", true, KindOther, ComponentVPN, "2.3.0254"},
		{"Cisco AnyConnect VPN Client (version 2.3.0254 ) .", false, KindOther, ComponentCLI, "2.3.0254"},
		{"Cisco AnyConnect Secure Mobility Client 3.0.5080", true, KindOther, ComponentVPN, "3.0.5080"},
		{"Cisco AnyConnect Secure Mobility Client 3.1.07021", false, KindSystemInfo, ComponentInstalled, "3.1.07021"},
		{"Cisco AnyConnect Secure Mobility Client 4.10.05085", true, KindOther, ComponentVPN, "4.10.05085"},
		{"Cisco AnyConnect Secure Mobility Client 4.10.05085", false, KindInstallLog, ComponentInstallLog, "4.10.05085"},
		{"Cisco Secure Client 5.1.2.42", true, KindOther, ComponentVPN, "5.1.2.42"},
		{"Cisco Secure Client 5.1.2.42", false, KindSystemInfo, ComponentInstalled, "5.1.2.42"},
		{"Current version: 5.1.2.42", true, KindOther, ComponentVPN, "5.1.2.42"},
		{"Cisco AnyConnect Secure Mobility Client Downloader (2) exiting, version 4.8.03036 , return code 1 [0x00000001]", false, KindInstallLog, ComponentVPN, "4.8.03036"},
		// Near misses of the older lines.
		{"vpnapi version 2.6.32", true, KindOther, "", ""},
		{"Linux version 2.6.32-431.el6.x86_64", true, KindOther, "", ""},
		{"NetworkManager (version 1.44.2) is starting", true, KindOther, "", ""},
		{"Current version: 5.1.2.42", false, KindOther, "", ""},
	}
	for _, tt := range tests {
		c, m, ok := classifyVersionLine(tt.line, tt.vpn, tt.kind)
		if !ok {
			c = ""
		}
		ver := ""
		if ok {
			ver = m.v.String()
		}
		if c != tt.want || ver != tt.ver {
			t.Errorf("classifyVersionLine(%q, vpn=%v, %v) = %q %s, want %q %s", tt.line, tt.vpn, tt.kind, c, ver, tt.want, tt.ver)
		}
	}
}

func TestPlatform(t *testing.T) {
	type file struct {
		name, text string
		kind       Kind
	}
	tests := []struct {
		name    string
		files   []file
		records []*logparse.Record
		want    Platform
	}{
		{"nothing", nil, nil, PlatformUnknown},
		{"event log export", []file{{"AnyConnectVPN.txt", "", KindEventLog}}, nil, PlatformWindows},
		{"unified log", []file{{"unified.log", "", KindUnifiedLog}}, nil, PlatformMacOS},
		{"system.log", []file{{"Cisco AnyConnect/system.log", "", KindSyslog}}, nil, PlatformMacOS},
		{"journal", []file{{"journalctl-vpnagentd.txt", "", KindSyslog}}, nil, PlatformLinux},
		{"vpnagentd alone decides nothing", nil, []*logparse.Record{factRec("vpnagentd", 1, "A new network interface has been detected.")}, PlatformUnknown},
		{"vpnagentd and Darwin", []file{{"uname.txt", "Darwin mac 22.5.0 Darwin Kernel Version 22.5.0", KindSystemInfo}}, []*logparse.Record{factRec("vpnagentd", 1, "x")}, PlatformMacOS},
		{"macOS header file in a syslog record", nil, []*logparse.Record{{Source: "acvpnagent", Header: logparse.Header{Function: "saveRulesToConfigFile", File: "../../vpn/AgentUtilities/UnixFwUtil_OSX.cpp", Line: 758}, Pos: logparse.Position{File: "system.log", Line: 3}}}, PlatformMacOS},
		{"Windows header file", nil, []*logparse.Record{{Source: "acvpnagent", Header: logparse.Header{Function: "f", File: `c:\temp\build\vpn\common\ip\dnsrequest.cpp`, Line: 1}, Pos: logparse.Position{File: "AnyConnectVPN.txt", Line: 9}}}, PlatformWindows},
		{"strong beats weak", []file{
			{"sysinfo.txt", "OS Name:                   Microsoft Windows 10 Enterprise\n", KindSystemInfo},
			{"notes.txt", "see /opt/cisco/anyconnect/profile and /Applications/Cisco/Cisco AnyConnect Secure Mobility Client.app\n", KindOther},
		}, nil, PlatformWindows},
		{"sw_vers Mac OS X", []file{{"sw_vers.txt", "ProductName:\tMac OS X\nProductVersion:\t10.15.7\n", KindSystemInfo}}, nil, PlatformMacOS},
		{"system_profiler", []file{{"sp.txt", "    System Software Overview:\n\n      System Version: macOS 13.4 (22F66)\n      Kernel Version: Darwin 22.5.0\n", KindSystemInfo}}, nil, PlatformMacOS},
		{"Linux kernel stamps", nil, []*logparse.Record{factRec("kernel", 1, "[ 1234.567890] cscotun0: Link is up")}, PlatformLinux},
		{"a macOS kernel record has no stamp", nil, []*logparse.Record{factRec("kernel", 1, "AnyConnect: utun2 up"), factRec("kernel", 2, "[1234.56] x")}, PlatformUnknown},
		{"NetworkManager", nil, []*logparse.Record{factRec("NetworkManager", 1, "<info>  [1592425291.1234] manager: NetworkManager state is now CONNECTED_GLOBAL")}, PlatformLinux},
		{"systemd", nil, []*logparse.Record{factRec("systemd", 1, "Started Cisco Secure Client - AnyConnect VPN Agent.")}, PlatformLinux},
		{"systemd-resolved", nil, []*logparse.Record{factRec("systemd-resolved", 1, "Using degraded feature set UDP instead of EDNS0")}, PlatformLinux},
		{"journalctl header as a record", nil, []*logparse.Record{factRec("", 1, "-- Logs begin at Mon 2020-06-15 09:00:01 CEST, end at Wed 2020-06-17 22:21:57 CEST. --")}, PlatformLinux},
		{"syslog of Linux records, vpnagentd", []file{{"syslog", "", KindSyslog}}, []*logparse.Record{factRec("vpnagentd", 1, "x"), factRec("kernel", 2, "[  378.123456] tun: Universal TUN/TAP device driver, 1.6")}, PlatformLinux},
		{"launchd", nil, []*logparse.Record{factRec("com.apple.xpc.launchd", 1, "(com.cisco.anyconnect.vpnagentd) Service exited with abnormal code: 1")}, PlatformMacOS},
		{"com.apple subsystem", nil, []*logparse.Record{{Source: "vpnagentd", Subsystem: "com.apple.network:connection", Pos: logparse.Position{File: "unified.log", Line: 4}}}, PlatformMacOS},
		{"Windows providers", nil, []*logparse.Record{factRec("Service Control Manager", 1, "The Cisco AnyConnect Secure Mobility Agent service entered the running state.")}, PlatformWindows},
		{"Linux records outweigh one Windows path", nil, []*logparse.Record{
			factRec("kernel", 1, "[ 1.000000] x"), factRec("NetworkManager", 2, "x"),
			{Source: "acvpnagent", Header: logparse.Header{Function: "f", File: `c:\temp\x.cpp`, Line: 1}, Pos: logparse.Position{File: "AnyConnectVPN.txt", Line: 9}},
		}, PlatformLinux},
		{"tie", []file{{"a.txt", "OS Name: Microsoft Windows 11 Pro\n", KindSystemInfo}, {"b.txt", "ProductName: macOS\n", KindSystemInfo}}, nil, PlatformUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewFactBuilder()
			for _, f := range tt.files {
				var r io.Reader
				if !f.kind.IsLog() {
					r = strings.NewReader(f.text)
				}
				if err := b.AddFile(File{Name: f.name, Kind: f.kind}, r); err != nil {
					t.Fatal(err)
				}
			}
			for _, r := range tt.records {
				b.AddRecord(r)
			}
			f := b.Facts()
			if f.Platform != tt.want {
				t.Errorf("Platform = %s, want %s\n%s", f.Platform, tt.want, dumpFacts(f))
			}
			if (f.Platform == PlatformUnknown) != (f.PlatformSource == Source{}) {
				t.Errorf("PlatformSource = %v for %s", f.PlatformSource, f.Platform)
			}
		})
	}
}

func TestHosts(t *testing.T) {
	in := "# comment\r\n127.0.0.1\tlocalhost\r\n  ::1 localhost ip6-localhost # v6\r\n\r\n10.0.0.1\r\n999.1.1.1 bad\r\n\t192.168.0.1\ta\tb\r\n#10.0.0.2 commented\r\n10.1.1.1 mus.cisco.com#no space"
	b := NewFactBuilder()
	if err := b.AddFile(File{Name: "etc/hosts", Kind: KindHosts}, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	f := b.Facts()
	want := []HostsEntry{
		{Address: "127.0.0.1", Names: []string{"localhost"}, Source: Source{File: "etc/hosts", Line: 2}},
		{Address: "::1", Names: []string{"localhost", "ip6-localhost"}, Comment: "v6", Source: Source{File: "etc/hosts", Line: 3}},
		{Address: "192.168.0.1", Names: []string{"a", "b"}, Source: Source{File: "etc/hosts", Line: 7}},
		{Address: "10.1.1.1", Names: []string{"mus.cisco.com"}, Comment: "no space", Source: Source{File: "etc/hosts", Line: 9}},
	}
	if !slices.EqualFunc(f.Hosts, want, func(a, b HostsEntry) bool {
		return a.Address == b.Address && slices.Equal(a.Names, b.Names) && a.Comment == b.Comment && a.Source == b.Source
	}) {
		t.Errorf("Hosts =\n%+v\nwant\n%+v", f.Hosts, want)
	}
	if e, ok := f.HostsMapping("MUS.cisco.com."); !ok || e.Address != "10.1.1.1" {
		t.Errorf("HostsMapping = %+v, %v", e, ok)
	}
}

func TestLocation(t *testing.T) {
	tests := []struct {
		tz     string
		ok     bool
		offset int // seconds east of UTC at factT0 (June)
	}{
		{"(UTC-08:00) Pacific Time (US & Canada)", true, -8 * 3600},
		{"(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi", true, 5*3600 + 30*60},
		{"(UTC) Coordinated Universal Time", true, 0},
		{"(UTC+13:00) Samoa", true, 13 * 3600},
		{"America/Los_Angeles", true, -7 * 3600},
		{"Europe/Berlin (CET, +0100)", true, 2 * 3600},
		{"UTC", true, 0},
		{"Pacific Standard Time", false, 0},
		{"(UTC-8)", false, 0},
		{"(UTC+99:00) Nowhere", false, 0},
		{"Nowhere/Atlantis", false, 0},
		{"", false, 0},
	}
	for _, tt := range tests {
		f := &Facts{TimeZone: Value{Value: tt.tz}}
		loc, ok := f.Location()
		if ok != tt.ok {
			t.Errorf("Location(%q) ok = %v, want %v", tt.tz, ok, tt.ok)
			continue
		}
		if !ok {
			continue
		}
		if _, off := factT0.In(loc).Zone(); off != tt.offset {
			t.Errorf("Location(%q) offset %d, want %d", tt.tz, off, tt.offset)
		}
	}
}

func TestRecordHostAndTimeZone(t *testing.T) {
	b := NewFactBuilder()
	b.AddRecord(&logparse.Record{Source: "acvpnagent", Host: "mce-laptop", Message: "A new network interface has been detected.", Pos: logparse.Position{File: "syslog", Line: 4}})
	f := b.Facts()
	if f.Hostname != (Value{Value: "mce-laptop", Source: Source{File: "syslog", Line: 4}}) {
		t.Errorf("Hostname from records = %+v", f.Hostname)
	}
	// A file's host name beats the records'.
	b.AddFile(File{Name: "hostname", Kind: KindOther}, strings.NewReader("\nmce-laptop.corp.example.com\n"))
	b.AddFile(File{Name: "tzutil.txt", Kind: KindSystemInfo}, strings.NewReader("Pacific Standard Time\r\n"))
	f = b.Facts()
	if f.Hostname.Value != "mce-laptop.corp.example.com" || f.Hostname.Source.Line != 2 {
		t.Errorf("Hostname = %+v", f.Hostname)
	}
	if f.TimeZone.Value != "Pacific Standard Time" {
		t.Errorf("TimeZone = %+v", f.TimeZone)
	}
}

func TestSightingsBounded(t *testing.T) {
	b := NewFactBuilder()
	for i := range 10000 {
		b.AddRecord(factRec("acvpnagent", i, "Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started."))
	}
	b.AddRecord(factRec("acvpnagent", 20000, "Cisco AnyConnect Secure Mobility Client Agent (version 4.10.00093) started."))
	f := b.Facts()
	if len(f.Versions) != factMaxSightings+1 {
		t.Errorf("%d sightings kept, want %d", len(f.Versions), factMaxSightings+1)
	}
	if f.Product.Version.String() != "4.10.00093" {
		t.Errorf("product %v", f.Product.Version)
	}
}

// factErrReader fails after its text.
type factErrReader struct{ r io.Reader }

func (e factErrReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err == io.EOF {
		return n, io.ErrUnexpectedEOF
	}
	return n, err
}

func TestAddFileReadError(t *testing.T) {
	b := NewFactBuilder()
	err := b.AddFile(File{Name: "ipconfig.txt", Kind: KindSystemInfo}, factErrReader{strings.NewReader("Windows IP Configuration\n\n   Host Name . . . : PC1\n")})
	if err == nil || !strings.HasPrefix(err.Error(), "ipconfig.txt:") {
		t.Fatalf("err = %v, want ipconfig.txt:line: ...", err)
	}
	if f := b.Facts(); f.Hostname.Value != "PC1" {
		t.Errorf("what was read before the error is lost: %+v", f.Hostname)
	}
	if err := b.AddFile(File{Name: "p.xml", Kind: KindVPNProfile}, factErrReader{strings.NewReader("<AnyConnectProfile>")}); err == nil {
		t.Error("profile read error not returned")
	}
	// Log kinds are not read; nil is fine.
	if err := b.AddFile(File{Name: "x.txt", Kind: KindEventLog}, nil); err != nil {
		t.Error(err)
	}
}

func TestLongLine(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	in := long + "\nHost Name: PC2\n" + long
	b := NewFactBuilder()
	if err := b.AddFile(File{Name: "s.txt", Kind: KindSystemInfo}, strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if f := b.Facts(); f.Hostname != (Value{Value: "PC2", Source: Source{File: "s.txt", Line: 2}}) {
		t.Errorf("Hostname = %+v", f.Hostname)
	}
}

// FuzzFactBuilderAddFile feeds any text, as any kind of file, to a
// FactBuilder: it must not panic, must not fail on a reader that does not
// fail, and every fact must point into the input.
// factFuzzSources are the record sources FuzzFactBuilderAddFile gives the
// lines of its text: the client's, and those that tell a platform.
var factFuzzSources = []string{"acvpnagent", "kernel", "vpnui", "NetworkManager", "systemd-resolved", "com.apple.xpc.launchd", "com.apple.network", "MsiInstaller", "csc_dartcli", ""}

func FuzzFactBuilderAddFile(f *testing.F) {
	for _, p := range factInputs(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data), uint8(factFileFor(p).Kind), path.Base(p))
	}
	// The logs of testdata/facts/records, their lines as the messages of
	// records of the sources in factFuzzSources.
	logs, _ := filepath.Glob(filepath.Join(factsDir, "records", "*.log"))
	for _, p := range logs {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(data), uint8(KindSyslog), path.Base(p))
	}
	f.Fuzz(func(t *testing.T, text string, kind uint8, name string) {
		k := Kind(kind % uint8(KindArchive+1))
		b := NewFactBuilder()
		var r io.Reader = strings.NewReader(text)
		if k.IsLog() {
			r = nil
		}
		if err := b.AddFile(File{Name: name, Kind: k}, r); err != nil {
			t.Fatalf("AddFile: %v", err)
		}
		// Records made of the same text.
		for i, line := range strings.Split(text, "\n") {
			if i >= 50 {
				break
			}
			src := factFuzzSources[(i+len(name))%len(factFuzzSources)]
			b.AddRecord(&logparse.Record{Source: src, Message: line, Subsystem: src, Pos: logparse.Position{File: name, Line: i + 1}})
		}
		facts := b.Facts()
		lines := strings.Count(text, "\n") + 1
		check := func(what string, s Source) {
			if s.File != name && s != (Source{}) || s.Line < 0 || s.Line > lines {
				t.Fatalf("%s: source %v outside %q (%d lines)", what, s, name, lines)
			}
		}
		check("platform", facts.PlatformSource)
		check("product", facts.Product.Source)
		for _, v := range facts.Versions {
			check("version", v.Source)
			if v.Version.IsZero() {
				t.Fatalf("zero version sighted: %+v", v)
			}
			if _, err := ParseVersion(v.Version.String()); err != nil {
				t.Fatalf("sighted version %v does not parse: %v", v.Version, err)
			}
			if v.Source.Line > 0 && !strings.Contains(text, lastLine(v.Text)) {
				t.Fatalf("sighting text %q not in the input", v.Text)
			}
		}
		if !facts.Product.Version.IsZero() && facts.Product.Name == "" {
			t.Fatal("product version without a name")
		}
		for _, h := range facts.Hosts {
			check("hosts", h.Source)
			if len(h.Names) == 0 {
				t.Fatalf("hosts entry without names: %+v", h)
			}
		}
		for _, d := range facts.DNSServers {
			check("dns", d.Source)
		}
		check("hostname", facts.Hostname.Source)
		check("timezone", facts.TimeZone.Source)
		facts.Location()
		for _, p := range facts.Profiles {
			if p.Kind == KindVPNProfile && len(p.Servers) == 0 {
				t.Fatalf("VPN profile without servers: %+v", p)
			}
			if len(p.Servers) != len(p.Entries) {
				t.Fatalf("servers %q, entries %+v", p.Servers, p.Entries)
			}
		}
	})
}

// benchRecords are typical records of a Windows bundle: most name no
// version.
var benchRecords = []logparse.Record{
	{Source: "acvpnagent", Header: logparse.Header{Function: "CDNSRequest::OnSocketReadComplete", File: `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\common\ip\dnsrequest.cpp`, Line: 1147},
		Message: "Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)"},
	{Source: "acvpnui", Message: "Message type information sent to the user: Ready to connect."},
	{Source: "acvpnagent", Header: logparse.Header{Function: "logInterfaces", File: "../../vpn/AgentUtilities/Routing/InterfaceRouteMonitorCommon.cpp", Line: 477},
		Message: "IP Address Interface List: 192.168.2.101 134.2.219.50 FE80:0:0:0:2E81:58FF:FEF8:6C2 "},
	{Source: "acvpnui", Message: "VPN state: Disconnected Network state: Network Accessible Network control state: Network Access: Available Network type: Undefined"},
	{Source: "acvpnagent", Message: "The VPN connection has been established and can now pass data."},
	{Source: "acvpnagent", Message: "A SSL connection has been established using cipher AES256-SHA256"},
	{Source: "acvpndownloader", Message: "Connecting to mdgegtwy1.acme.com."},
	{Source: "acvpnui", Header: logparse.Header{Function: "ConnectMgr::activateConnectEvent", File: `.\ConnectMgr.cpp`, Line: 1360}, Message: "NULL object. Cannot establish a connection at this time."},
}

// BenchmarkFactBuilderAddRecord measures AddRecord on records that name no
// version, past the part of the stream looked at in full for platform
// evidence.
func BenchmarkFactBuilderAddRecord(b *testing.B) {
	fb := NewFactBuilder()
	recs := slices.Clone(benchRecords)
	for i := range recs {
		recs[i].Time = factT0
		recs[i].Pos = logparse.Position{File: "AnyConnectVPN.txt", Line: i + 1}
	}
	for i := range factPlatformSampleAll {
		fb.AddRecord(&recs[i%len(recs)])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		fb.AddRecord(&recs[i%len(recs)])
	}
}

// BenchmarkFactBuilderAddRecordVersion measures a record that names the
// version.
func BenchmarkFactBuilderAddRecordVersion(b *testing.B) {
	fb := NewFactBuilder()
	r := factRec("acvpndownloader", 1, "Cisco AnyConnect Secure Mobility Client Downloader (2) exiting, version 4.8.03036 , return code 1 [0x00000001]")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		fb.AddRecord(r)
	}
}

func TestDNSServers(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string // value@line
	}{
		{"ipconfig continuation", "   DNS Servers . . . . . . . . . . . : 10.88.240.69\r\n                                       10.88.240.70\r\n                                       fec0:0:0:ffff::1%1\r\n   NetBIOS over Tcpip. . . . . . . . : Enabled\r\n                                       10.9.9.9\r\n",
			[]string{"10.88.240.69@1", "10.88.240.70@2", "fec0:0:0:ffff::1%1@3"}},
		{"ipconfig IPv6 first", "   DNS Servers . . . . . . . . . . . : fe80::1%12\n                                       8.8.8.8\n",
			[]string{"fe80::1%12@1", "8.8.8.8@2"}},
		{"duplicates keep the first", "nameserver 10.0.0.1\nnameserver 10.0.0.1\n  nameserver[0] : 10.0.0.1\n  nameserver[1] : 10.0.0.2\n",
			[]string{"10.0.0.1@1", "10.0.0.2@4"}},
		{"resolvectl one line", "Link 2 (ens33)\n         DNS Servers: 192.168.1.1 2001:4860:4860::8888\n  Current DNS Server: 192.168.1.254\n",
			[]string{"192.168.1.1@2", "2001:4860:4860::8888@2"}},
		{"not addresses", "nameserver localhost\nDNS Servers: none\nnameservers 1.2.3.4\n# nameserver 9.9.9.9\n", nil},
		{"BOM", "\uFEFFnameserver 10.0.0.1\n", []string{"10.0.0.1@1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewFactBuilder()
			if err := b.AddFile(File{Name: "net.txt", Kind: KindSystemInfo}, strings.NewReader(tt.text)); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, v := range b.Facts().DNSServers {
				got = append(got, fmt.Sprintf("%s@%d", v.Value, v.Source.Line))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("DNS servers %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProfiles(t *testing.T) {
	const ns = `<AnyConnectProfile xmlns="http://schemas.xmlsoap.org/encoding/">`
	tests := []struct {
		name      string
		kind      Kind
		text      string
		listed    bool
		wantKind  Kind
		servers   []string
		disable   bool
		malformed bool
	}{
		{"VPN profile", KindVPNProfile, ns + `<ServerList><HostEntry><HostName>A</HostName><HostAddress>a.example.com</HostAddress></HostEntry></ServerList></AnyConnectProfile>`, true, KindVPNProfile, []string{"a.example.com"}, false, false},
		{"misclassified as other", KindOther, `<?xml version="1.0"?>` + "\n" + ns + `<ServerList><HostEntry><HostName>b.example.com</HostName></HostEntry></ServerList></AnyConnectProfile>`, true, KindVPNProfile, []string{"b.example.com"}, false, false},
		{"without namespace", KindVPNProfile, `<AnyConnectProfile><ServerList><HostEntry><HostAddress>c</HostAddress></HostEntry></ServerList></AnyConnectProfile>`, true, KindVPNProfile, []string{"c"}, false, false},
		{"BOM and UTF-16 declaration", KindVPNProfile, "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-16\"?>" + ns + `<ServerList><HostEntry><HostAddress>d</HostAddress></HostEntry></ServerList></AnyConnectProfile>`, true, KindVPNProfile, []string{"d"}, false, false},
		{"HostAddress outside HostEntry", KindVPNProfile, ns + `<ServerList><HostAddress>e</HostAddress></ServerList></AnyConnectProfile>`, true, KindOther, nil, false, false},
		{"service disable", KindServiceDisable, ns + `<ClientInitialization><ServiceDisable>true</ServiceDisable></ClientInitialization></AnyConnectProfile>`, true, KindServiceDisable, nil, true, false},
		{"service disable elsewhere is not read", KindServiceDisable, ns + `<ServiceDisable>true</ServiceDisable></AnyConnectProfile>`, true, KindOther, nil, false, false},
		{"service disable broken", KindServiceDisable, ns + `<ClientInitialization><ServiceDisable>true</ServiceDisable>`, true, KindServiceDisable, nil, true, true},
		{"other root in a profile file", KindVPNProfile, `<AnyConnectPreferences><DefaultHostName>x</DefaultHostName></AnyConnectPreferences>`, true, KindOther, nil, false, true},
		{"other root elsewhere", KindOther, `<?xml version="1.0"?><AnyConnectPreferences><x><AnyConnectProfile/></x></AnyConnectPreferences>`, false, 0, nil, false, false},
		{"mismatched tags", KindVPNProfile, ns + `<ServerList><HostEntry><HostAddress>f</HostName></HostEntry></ServerList></AnyConnectProfile>`, true, KindVPNProfile, []string{"f"}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewFactBuilder()
			if err := b.AddFile(File{Name: "p.xml", Kind: tt.kind}, strings.NewReader(tt.text)); err != nil {
				t.Fatal(err)
			}
			f := b.Facts()
			if !tt.listed {
				if len(f.Profiles) != 0 {
					t.Fatalf("listed as a profile: %+v", f.Profiles)
				}
				return
			}
			if len(f.Profiles) != 1 {
				t.Fatalf("%d profiles", len(f.Profiles))
			}
			p := f.Profiles[0]
			if p.Kind != tt.wantKind || !slices.Equal(p.Servers, tt.servers) || p.ServiceDisable != tt.disable || (p.Malformed != "") != tt.malformed {
				t.Errorf("got kind=%v servers=%q disable=%v malformed=%q", p.Kind, p.Servers, p.ServiceDisable, p.Malformed)
			}
			if p.Malformed != "" && !strings.HasPrefix(p.Malformed, "p.xml:") {
				t.Errorf("Malformed = %q, want p.xml:line: ...", p.Malformed)
			}
			if _, ok := f.ServiceDisabled(); ok != tt.disable {
				t.Errorf("ServiceDisabled = %v", ok)
			}
			if n := len(f.VPNProfiles()); (n == 1) != (tt.wantKind == KindVPNProfile) {
				t.Errorf("VPNProfiles has %d", n)
			}
		})
	}
}

func TestCommandOutput(t *testing.T) {
	tests := []struct {
		text, host, tz string
	}{
		{"C:\\Users\\it>hostname\r\nDESKTOP-4F2K9QH\r\n\r\nC:\\Users\\it>tzutil /g\r\nPacific Standard Time\r\n", "DESKTOP-4F2K9QH", "Pacific Standard Time"},
		{"$ hostname\n\nmac-01.local\n", "mac-01.local", ""},
		{"hostname\nnot a host name\n", "", ""},
	}
	for _, tt := range tests {
		b := NewFactBuilder()
		if err := b.AddFile(File{Name: "cmds.txt", Kind: KindSystemInfo}, strings.NewReader(tt.text)); err != nil {
			t.Fatal(err)
		}
		f := b.Facts()
		if f.Hostname.Value != tt.host || f.TimeZone.Value != tt.tz {
			t.Errorf("%q: host %q tz %q, want %q %q", tt.text, f.Hostname.Value, f.TimeZone.Value, tt.host, tt.tz)
		}
	}
	b := NewFactBuilder()
	b.AddFile(File{Name: "etc/timezone", Kind: KindOther}, strings.NewReader("Europe/Berlin\n"))
	if f := b.Facts(); f.TimeZone != (Value{Value: "Europe/Berlin", Source: Source{File: "etc/timezone", Line: 1}}) {
		t.Errorf("/etc/timezone: %+v", f.TimeZone)
	}
}

// lastLine returns what a sighting's text quotes of its line: all of it,
// or after the package id that a pkgutil sighting puts in front.
func lastLine(text string) string {
	if !strings.HasPrefix(text, "com.cisco.") {
		return text
	}
	// Field names match in any case ("Version:", "VERSION:").
	const field = " version:"
	for i := 0; i+len(field) <= len(text); i++ {
		if strings.EqualFold(text[i:i+len(field)], field) {
			return text[i+1:]
		}
	}
	return text
}

// TestDistinctSightingsBounded checks that a bundle naming very many distinct
// versions keeps a bounded list, and still decides on the right one.
func TestDistinctSightingsBounded(t *testing.T) {
	b := NewFactBuilder()
	t0 := time.Date(2021, 6, 17, 9, 0, 0, 0, time.UTC)
	const n = 20000
	for i := range n {
		r := logparse.Record{Time: t0.Add(time.Duration(i) * time.Second), Source: "acvpnagent",
			Message: fmt.Sprintf("Cisco AnyConnect Secure Mobility Client Agent (version 4.%d.%05d) started.", i/1000, i%1000+1000),
			Pos:     logparse.Position{File: "AnyConnectVPN.txt", Line: i + 1}}
		b.AddRecord(&r)
	}
	f := b.Facts()
	if got := len(f.Versions); got != factMaxDistinct {
		t.Errorf("kept %d sightings of %d distinct versions, want the cap %d", got, n, factMaxDistinct)
	}
	if want := MustParseVersion("4.19.01999"); f.Product.Version != want {
		t.Errorf("product version %v, want the latest sighting %v", f.Product.Version, want)
	}
}

// TestAddRecordKeepsNoInput checks that what the builder keeps of records
// (sightings, the host name, platform hints and their sources) is a copy:
// the facts read the same once the memory the records were cut from is
// written over, as the reader of an analysis writes new input over memory
// it lent.
func TestAddRecordKeepsNoInput(t *testing.T) {
	type fields struct{ file, src, host, fn, hfile, msg string }
	in := []fields{
		{"AnyConnect.txt", "acvpnagent", "mce-laptop", "CMainThread::run", `c:\temp\build\vpn\agent\mainthread.cpp`,
			"Cisco AnyConnect Secure Mobility Client Agent (version 4.8.03052) started."},
		{"system.log", "vpnagentd", "", "", "", "  Cisco AnyConnect Secure Mobility Client Agent (version 4.9.01095) started.  "},
		{"system.log", "acsockext", "", "CSockExt::start", "/opt/build/vpn/acsockext_OSX.mm", "Socket filter started."},
		{"dart.txt", "dart", "", "", "", "Cisco AnyConnect Secure Mobility Client Diagnostic and Reporting Tool (version 4.9.04043)"},
	}
	recs := make([]logparse.Record, len(in))
	var buf []byte
	for _, f := range in {
		buf = fmt.Appendf(buf, "%s%s%s%s%s%s", f.file, f.src, f.host, f.fn, f.hfile, f.msg)
	}
	rest := buf
	cut := func(n int) string { // the next n bytes of buf, not copied
		if n == 0 {
			return ""
		}
		s := unsafe.String(&rest[0], n)
		rest = rest[n:]
		return s
	}
	for i, f := range in {
		recs[i] = logparse.Record{Pos: logparse.Position{File: cut(len(f.file)), Line: i + 1}, Source: cut(len(f.src)), Host: cut(len(f.host)),
			Header: logparse.Header{Function: cut(len(f.fn)), File: cut(len(f.hfile)), Line: 10}, Message: cut(len(f.msg))}
	}
	recs[0].Time = factT0
	b := NewFactBuilder()
	for i := range recs {
		b.AddRecord(&recs[i])
	}
	facts := b.Facts()
	if len(facts.Versions) != len(in)-1 || facts.Hostname.Value != "mce-laptop" || len(facts.PlatformHints) == 0 {
		t.Fatalf("the records gave %d sightings, host name %q, %d platform hints; want %d, mce-laptop, some",
			len(facts.Versions), facts.Hostname.Value, len(facts.PlatformHints), len(in)-1)
	}
	was, err := json.Marshal(facts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range buf {
		buf[i] = '#'
	}
	if recs[0].Source == "acvpnagent" {
		t.Fatal("the records do not read the buffer")
	}
	for what, f := range map[string]*Facts{"facts": facts, "facts built again": b.Facts()} {
		if now, _ := json.Marshal(f); string(now) != string(was) {
			t.Errorf("%s: read the records' memory:\n%s\nwas\n%s", what, now, was)
		}
	}
}
