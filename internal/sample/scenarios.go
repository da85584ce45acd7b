package sample

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A Scenario is one sample bundle of testdata/bundles.
type Scenario struct {
	// Name is the bundle's file name (or folder name, for Dir).
	Name string
	// Shows says what the bundle demonstrates and what dartscan must
	// report for it.
	Shows string
	Files []File
	// Pack turns the files into the archive written to disk; nil with
	// Dir means the files are written out as an extracted folder.
	Pack func([]File) []byte
	Dir  bool
	// Expect lists the rule IDs of the findings dartscan must report, in
	// report order (most severe first, then by ID); OpenError says the
	// bundle must fail to open instead. They are written by hand, apart
	// from the golden files, so regenerating those cannot quietly change a
	// diagnosis.
	Expect    []string
	OpenError bool
	// Incomplete says the bundle is damaged but opens: the report must be
	// marked incomplete and list the damage, and still hold Expect.
	Incomplete bool
}

// Data returns the bytes of the scenario's archive.
func (s Scenario) Data() []byte { return s.Pack(s.Files) }

// InLayout returns the scenario with every Windows event log in it, in
// nested archives too, written in layout l in the layout's own order, and
// reports whether it has any. The other files are unchanged.
func (s Scenario) InLayout(l Layout) (Scenario, bool) {
	files, ok := inLayout(s.Files, l)
	s.Files = files
	return s, ok
}

func inLayout(files []File, l Layout) ([]File, bool) {
	out := make([]File, len(files))
	any := false
	for i, f := range files {
		switch {
		case f.log != nil:
			f.Data = l.Render(f.log.events, l.NewestFirst)
			any = true
		case f.nested != nil:
			var ok bool
			if f.nested, ok = inLayout(f.nested, l); ok {
				f.Data = f.pack(f.nested)
				any = true
			}
		}
		out[i] = f
	}
	// summary.txt lists each file's size, the event logs' new sizes too.
	return resummarize(out), any
}

func technote() Windows {
	return Windows{Version: "4.8.03052", DARTVersion: "4.9.04043", MusFailures: 8, Style: StyleTechNote, NewestFirst: true}
}

// Rule IDs the v1 scenarios expect.
const (
	bug        = "cscvu39643-mus-dns-queries"
	dnsFailing = "dns-mus-lookup-failing"
)

// Scenarios returns every sample bundle.
func Scenarios() []Scenario {
	zip := func(name, shows string, w Windows, expect ...string) Scenario {
		return Scenario{Name: name, Shows: shows, Files: w.Files(), Pack: Zip, Expect: expect}
	}
	var out []Scenario
	out = append(out, zip("DARTBundle_0617_2021.zip",
		"The TechNote case on Windows: AnyConnect 4.8.03052, no VPN profile, the agent failing to resolve mus.cisco.com every 15 s (8 times, 20:21:32 to 20:23:17, listed newest first), the GUI showing \"Unable to lookup host names\". DART 4.9.04043 made the bundle: its banner must not be taken for the VPN version. Expect CSCvu39643.",
		technote(), bug))
	w := technote()
	w.VPNProfile = true
	w.Style = StyleTabs
	out = append(out, zip("with-vpn-profile.zip",
		"The TechNote's failures, but a VPN profile with two servers is configured. Expect no CSCvu39643, and dns-mus-lookup-failing instead.", w, dnsFailing))
	w = technote()
	w.Version, w.DARTVersion, w.Style = "4.10.00093", "4.10.00093", StyleTabs
	out = append(out, zip("version-4.10.zip",
		"The TechNote's failures on AnyConnect 4.10.00093, where the behaviour is fixed. Expect no CSCvu39643, and dns-mus-lookup-failing instead.", w, dnsFailing))
	w = technote()
	w.ServiceDisable = true
	out = append(out, zip("service-disable.zip",
		"The TechNote case with VPNDisable_ServiceProfile.xml (ServiceDisable true): the user sees no VPN tile, the core still queries. Expect CSCvu39643 noting the service-disable profile.", w, bug))
	w = technote()
	w.EmptyProfile = true
	out = append(out, zip("empty-profile-folder.zip",
		"The TechNote case with the Profile folder listed in the zip and empty: DART collected it, and the client has no profile. Expect CSCvu39643 citing the empty folder.", w, bug))
	w = technote()
	w.HostsMus = true
	out = append(out, zip("hosts-workaround.zip",
		"The TechNote case where the hosts file already maps mus.cisco.com. Expect CSCvu39643 at severity info, saying the workaround is applied.", w, bug))
	w = technote()
	w.UTF16, w.Style, w.NewestFirst = true, StyleTabs, false
	out = append(out, zip("utf16-eventlog.zip",
		"The TechNote case with the event logs exported as UTF-16LE with a byte-order mark, oldest first, tab-padded fields. Expect CSCvu39643.", w, bug))
	for _, x := range []struct{ name, layout, shows string }{
		{"technote-eventviewer-copy.zip", "eventviewer-copy/utf-16le",
			"The TechNote case with both event logs as events copied from Event Viewer (\"Copy details as text\": Log Name, Source, Date in 12-hour en-US form, Level, Description, then the Event Xml), pasted one after another and saved as UTF-16LE. Expect CSCvu39643."},
		{"technote-wevtutil.zip", "wevtutil-text/utf-16le",
			"The TechNote case with both event logs as `wevtutil qe ... /f:text` writes them (Event[N]: blocks, indented fields, ISO dates with milliseconds, the Description's text on the lines after it, oldest first), redirected by Windows PowerShell into UTF-16LE. Expect CSCvu39643."},
		{"technote-powershell-fl.zip", "pwsh-winevent-fl/utf-16le",
			"The TechNote case with both event logs as `Get-WinEvent | Format-List | Out-File` writes them in Windows PowerShell (TimeCreated, ProviderName, Id, Message; long lines wrapped at 80 columns under the value column; UTF-16LE, newest first). Expect CSCvu39643."},
	} {
		w = technote()
		w.Layout = x.layout
		out = append(out, zip(x.name, x.shows, w, bug))
	}
	w = technote()
	w.Version = ""
	w.NoDARTLog = true
	out = append(out, zip("no-version.zip",
		"The TechNote's failures in a bundle that names no client version anywhere. Expect CSCvu39643, saying the diagnosis rests on the other evidence.", w, bug))
	w = technote()
	w.Version, w.DARTVersion, w.MusFailures, w.VPNProfile, w.Connected, w.Style = "4.10.07073", "4.10.07073", 0, true, true, StyleTabs
	out = append(out, zip("clean.zip",
		"A healthy endpoint: AnyConnect 4.10.07073 with a VPN profile and a successful connection. Expect no findings.", w))
	mac := MacOS{Version: "4.9.05042", MusFailures: 7}
	out = append(out, Scenario{Name: "macos-syslog.zip", Files: mac.Files(), Pack: Zip, Expect: []string{bug},
		Shows: "A macOS bundle: AnyConnect 4.9.05042, records in system.log as syslog lines (with an rsyslog \"message repeated\" line) and a log show excerpt, 7 failures every 15 s via 192.168.1.1. Expect CSCvu39643 with the macOS hosts-file step."})
	innerFiles := technote().Files()
	out = append(out, Scenario{Name: "bundle-in-targz.tar.gz",
		Files:  []File{{Name: "case-694512/DARTBundle_0617_2021.zip", Data: Zip(innerFiles), Mod: TechNoteStart.Add(time.Hour), nested: innerFiles, pack: Zip}, {Name: "case-694512/notes.txt", Data: []byte("User reports 'Unable to lookup host names' since Monday.\n"), Mod: TechNoteStart.Add(time.Hour)}},
		Pack:   TarGz,
		Expect: []string{bug},
		Shows:  "The TechNote bundle re-packed by a customer: the DART zip inside a .tar.gz beside a notes file. Expect CSCvu39643, with evidence paths through the nested zip."})
	out = append(out, Scenario{Name: "extracted-folder", Files: technote().Files(), Dir: true, Expect: []string{bug},
		Shows: "The TechNote bundle already extracted to a folder. Expect CSCvu39643."})
	out = append(out, Scenario{Name: "truncated.zip", Files: technote().Files(),
		Pack:       func(f []File) []byte { z := Zip(f); return z[:len(z)*2/3] },
		Expect:     []string{bug},
		Incomplete: true,
		Shows:      "The TechNote bundle cut at two thirds, as a failed transfer leaves it: no central directory. The files before the cut are recovered from their local headers, the event log among them. Expect CSCvu39643 in a report marked incomplete, whose errors name the file and the offset of the cut (exit 2), never a panic."})
	out = append(out, dartScenarios()...)
	return append(out, ruleScenarios()...)
}

// dartScenarios are bundles laid out as DART really writes them
// (dart-format.md §1a, §1b): flat title folders, summary.txt, no directory
// entries, the VPN channel as AnyConnect.txt and AnyConnect.evtx on
// Windows, syslog files on Linux.
func dartScenarios() []Scenario {
	dart := func(name, shows string, w Windows, expect ...string) Scenario {
		w.DART = true
		return Scenario{Name: name, Shows: shows, Files: w.Files(), Pack: ZipDART, Expect: expect}
	}
	var out []Scenario
	out = append(out, dart("dart-windows-technote.zip",
		"The TechNote case in the layout of DART 4.6's Windows configs: folders \"General Information\" and \"Cisco AnyConnect Secure Mobility Client\", files flat in them, no directory entries; the VPN channel twice, as DART's text export AnyConnect.txt and as AnyConnect.evtx with the same events; System.evtx, Application.evtx (the MsiInstaller event naming 4.8.03052), DART.evtx, msinfo.nfo (UTF-16 XML), systeminfo/ipconfig/route _result.txt files with DART's banner, VPNManifest.dat, update.txt, UIHistory; summary.txt lists every file at its size and says no profile was found. Expect CSCvu39643, each failure counted once although the bundle holds it twice.",
		technote(), bug))
	w := technote()
	w.MusFailures, w.HostsMus, w.Later = 0, true, 2*24*time.Hour
	out = append(out, dart("dart-windows-after-workaround.zip",
		"The endpoint of dart-windows-technote.zip (WIN10-LAB-07, AnyConnect 4.8.03052, no VPN profile) collected again two days later, after the hosts-file workaround of the TechNote: the hosts file maps mus.cisco.com, the agent logs no failure to resolve it, the GUI shows \"Ready to connect.\" only; every time and the names that hold one are two days later. Expect no findings: against dart-windows-technote.zip, CSCvu39643 is resolved.",
		w))
	w = technote()
	w.NoTextExport = true
	out = append(out, dart("dart-windows-evtx-only.zip",
		"The TechNote case in DART's Windows layout with no text export: the VPN channel only as AnyConnect.evtx (binary). Expect CSCvu39643, read from the .evtx.",
		w, bug))
	w = technote()
	w.VPNProfile, w.ProfilesOmitted = true, true
	out = append(out, dart("dart-windows-profiles-omitted.zip",
		"The TechNote's failures in DART's Windows layout, on a client that has a VPN profile (the log shows no \"No profile is available.\"), but the bundle was made with the profiles left out: summary.txt lists Corp_VPN.xml under Files Omitted from Bundle. A missing profile file is then no evidence of a missing profile: the report says the profiles were not collected, and CSCvu39643, which rests on the repeated queries and the version, says that its profile condition is unknown. Expect CSCvu39643.",
		w, bug))
	w = technote()
	w.LogRolled = true
	out = append(out, dart("dart-windows-profiles-none-found.zip",
		"The TechNote's failures in DART's Windows layout with a VPN channel that has wrapped: the agent's start and the GUI's \"No profile is available.\" are gone. That the client has no profile rests on summary.txt, whose Files Omitted row says DART looked for the profiles and found none (\"No file found with path matching: ...\\Profile\\*.xml\"). Expect CSCvu39643.",
		w, bug))
	w = technote()
	w.Comments = "The VPN window keeps saying \"Network error. Unable to lookup host names.\" We do not use the VPN, only Umbrella. Started after the update last week."
	out = append(out, dart("dart-windows-comments.zip",
		"The TechNote case in DART's Windows layout made with the GUI wizard: comments.txt holds what the user typed (\"Comments from AnyConnect user:\", no final newline). Expect CSCvu39643.",
		w, bug))
	l := DartcliLinux{Version: "4.8.03052", MusFailures: 8}
	out = append(out, Scenario{Name: "dart-linux-technote.zip", Files: l.Files(), Pack: ZipDART, Expect: []string{bug},
		Shows: "The TechNote's failures on Linux, as Cisco's dartcli writes the bundle: summary.txt fifth in the zip, \"General Information/\" with syslog (acvpnagent's failures to resolve mus.cisco.com every 15 s, acvpnui's \"No profile is available.\"), syslog.1, messages, kern.log, kern.log.1 and uname/ifconfig/netstat/iptables _result.txt files whose banners of asterisks are no event separators; \"Cisco AnyConnect Secure Mobility Client/\" with update.txt, VPNManifest.dat, the install log naming 4.8.03052 and no profile; no directory entries. Expect CSCvu39643."})
	return out
}

// Write writes every scenario into dir, and the README that lists them.
func Write(dir string) error {
	for _, s := range Scenarios() {
		if err := s.write(dir); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "README.md"), readme(), 0o644)
}

// readme returns the README of the samples: what each one shows.
func readme() []byte {
	var b bytes.Buffer
	b.WriteString("# Sample bundles\n\nMade by `go run ./internal/cmd/gensamples`; do not edit by hand. The regression test in\n`regress_test.go` runs every one and compares the result with `testdata/golden/`.\n\n")
	for _, s := range Scenarios() {
		fmt.Fprintf(&b, "- `%s`: %s\n", s.Name, s.Shows)
	}
	return b.Bytes()
}

func (s Scenario) write(dir string) error {
	if !s.Dir {
		return os.WriteFile(filepath.Join(dir, s.Name), s.Data(), 0o644)
	}
	root := filepath.Join(dir, s.Name)
	if err := os.RemoveAll(root); err != nil {
		return err
	}
	for _, f := range s.Files {
		p := filepath.Join(root, filepath.FromSlash(f.Name))
		if strings.HasSuffix(f.Name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
		if err := os.Chtimes(p, f.Mod, f.Mod); err != nil {
			return err
		}
	}
	return nil
}

// Check reports the first scenario whose file in dir differs from what the
// generator makes now.
func Check(dir string) error {
	for _, s := range Scenarios() {
		if s.Dir {
			for _, f := range s.Files {
				if strings.HasSuffix(f.Name, "/") {
					if fi, err := os.Stat(filepath.Join(dir, s.Name, filepath.FromSlash(f.Name))); err != nil || !fi.IsDir() {
						return fmt.Errorf("%s/%s is not what the generator makes (go run ./internal/cmd/gensamples)", s.Name, f.Name)
					}
					continue
				}
				got, err := os.ReadFile(filepath.Join(dir, s.Name, filepath.FromSlash(f.Name)))
				if err != nil || !bytes.Equal(got, f.Data) {
					return fmt.Errorf("%s/%s is not what the generator makes (go run ./internal/cmd/gensamples)", s.Name, f.Name)
				}
			}
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, s.Name))
		if err != nil || !bytes.Equal(got, s.Data()) {
			return fmt.Errorf("%s is not what the generator makes (go run ./internal/cmd/gensamples)", s.Name)
		}
	}
	if got, err := os.ReadFile(filepath.Join(dir, "README.md")); err != nil || !bytes.Equal(got, readme()) {
		return fmt.Errorf("README.md is not what the generator makes (go run ./internal/cmd/gensamples)")
	}
	return nil
}
