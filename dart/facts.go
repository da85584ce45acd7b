package dart

import (
	"strconv"
	"strings"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

// A Platform is the operating system a bundle was collected on.
type Platform string

// Platforms.
const (
	PlatformUnknown Platform = "unknown"
	PlatformWindows Platform = "windows"
	PlatformMacOS   Platform = "macos"
	PlatformLinux   Platform = "linux"
)

// A Source is where a fact was read: a file of the bundle and, where it
// makes sense, the 1-based line.
type Source = logparse.Position

// A Component names the part of the client a version belongs to.
type Component string

// Components that report versions.
const (
	ComponentVPN        Component = "vpn"       // the VPN core: agent, GUI, API, downloader
	ComponentDART       Component = "dart"      // the DART module that made the bundle
	ComponentInstalled  Component = "installed" // an installed-programs list or package receipt
	ComponentInstallLog Component = "install"   // an installer log, or an installer's file name
	ComponentCLI        Component = "cli"       // the vpncli banner, "Cisco AnyConnect Secure Mobility Client (version 4.9.01095) ."
	ComponentStats      Component = "stats"     // the GUI's exported statistics, "... Client Version 4.3.01095"
	ComponentManifest   Component = "manifest"  // VPNManifest.dat, the core's <file version="..."> entry
)

// A VersionSighting is one place in the bundle that names a client version.
type VersionSighting struct {
	Version   Version   `json:"version"`
	Component Component `json:"component"`
	Text      string    `json:"text,omitempty"` // the line it was read from, trimmed (and cut at 256 bytes); for pkgutil, the package id and its "version:" line
	Source    Source    `json:"source"`         // for a file's name, Line is zero
	Time      time.Time `json:"time,omitzero"`  // the record's time; zero for sightings in files
}

// A Product is the client that is installed: "Cisco AnyConnect VPN Client"
// (2.x), "Cisco AnyConnect Secure Mobility Client" (3.x and 4.x) or "Cisco
// Secure Client" (5.x), and the version of its VPN core. How the version
// is chosen among the bundle's sightings is told at [FactBuilder].
type Product struct {
	Name    string  `json:"name"`
	Version Version `json:"version"`
	Source  Source  `json:"source"` // where Version was read; zero when unknown
	// VersionFrom says which component gave Version. It is ComponentDART
	// when nothing but DART's own banner named one.
	VersionFrom Component `json:"version_from"`
}

// A PlatformHint is one piece of evidence for the platform a bundle was
// collected on. Evidence that holds for both macOS and Linux (a vpnagentd
// record, an /opt/cisco path) is given as two hints.
type PlatformHint struct {
	Platform Platform `json:"platform"`
	Weight   int      `json:"weight"` // 10 settles the question, 1 barely hints
	What     string   `json:"what"`   // e.g. "systeminfo OS Name: Microsoft Windows"
	Source   Source   `json:"source"` // the first place it was seen
}

// A Profile is an AnyConnect XML profile found in the bundle. What it is
// comes from its content, not from its name or classified kind:
//
//   - KindVPNProfile: it has at least one ServerList/HostEntry with a
//     HostName or HostAddress.
//   - KindServiceDisable: it has no server but has
//     ClientInitialization/ServiceDisable.
//   - KindOther: neither. An empty file, a profile with an empty
//     ServerList, or XML that breaks before anything was read is still
//     listed, so a caller can tell "no profile file" from "a profile file
//     that configures nothing"; it is not a VPN profile.
//
// A profile with servers and ServiceDisable is a KindVPNProfile with
// ServiceDisable set.
type Profile struct {
	File           string        `json:"file"`
	Kind           Kind          `json:"kind"`    // KindVPNProfile, KindServiceDisable or KindOther (see above)
	Servers        []string      `json:"servers"` // the address of each HostEntry: HostAddress, or HostName when there is none
	Entries        []ServerEntry `json:"entries,omitempty"`
	ServiceDisable bool          `json:"service_disable"` // <ServiceDisable>true</ServiceDisable>
	// Malformed says why the XML could not be read to its end, as
	// "file:line: what"; the other fields hold what was read before.
	// Empty for a well-formed profile.
	Malformed string `json:"malformed,omitempty"`
}

// A ServerEntry is one ServerList/HostEntry of a VPN profile.
type ServerEntry struct {
	Name    string `json:"name"`    // HostName, the name shown to the user; optional
	Address string `json:"address"` // HostAddress; optional
}

// A HostsEntry is one mapping of the bundle's hosts file.
type HostsEntry struct {
	Address string   `json:"address"`
	Names   []string `json:"names"`
	Comment string   `json:"comment,omitempty"` // the text after '#', trimmed; optional
	Source  Source   `json:"source"`
}

// A Value is a string fact with its source, e.g. a DNS server address.
type Value struct {
	Value  string `json:"value"`
	Source Source `json:"source"`
}

// Facts is what a bundle says about the endpoint. Each fact carries its
// source. Facts are gathered by a [FactBuilder], from the bundle's small
// files and from the log records streamed past it.
type Facts struct {
	Platform       Platform `json:"platform"`
	PlatformSource Source   `json:"platform_source"`
	// PlatformHints is the evidence Platform was decided from, heaviest
	// first.
	PlatformHints []PlatformHint `json:"platform_hints,omitempty"`
	Product       Product        `json:"product"`
	// Versions holds every sighting in the order met. To bound memory, a
	// bundle with very many (a million log records that each name the
	// version) keeps the first 256 and after them only sightings of a
	// version and component not yet listed, 4096 sightings in all.
	Versions []VersionSighting `json:"versions"`
	// DART is the highest version DART's own banner gave; zero when no
	// banner was seen.
	DART       VersionSighting `json:"dart,omitzero"`
	Profiles   []Profile       `json:"profiles"`
	Hosts      []HostsEntry    `json:"hosts"`
	DNSServers []Value         `json:"dns_servers"` // in the order met, each address once
	Hostname   Value           `json:"hostname,omitzero"`
	TimeZone   Value           `json:"time_zone,omitzero"` // as the bundle writes it, e.g. "(UTC-08:00) Pacific Time (US & Canada)"
	// OSName and OSVersion are the operating system as systeminfo ("OS
	// Name:", "OS Version:") or msinfo.nfo ("OS Name", "Version") write
	// it, e.g. "Microsoft Windows 10 Enterprise", "10.0.19045 Build 19045".
	OSName    Value `json:"os_name,omitzero"`
	OSVersion Value `json:"os_version,omitzero"`
	// EmptyFolders are the bundle's folders with nothing in them (see
	// [Bundle.EmptyFolders]), sorted.
	EmptyFolders []string `json:"empty_folders,omitempty"`
	// Summary is what DART's summary.txt says; nil when the bundle has
	// none.
	Summary *Summary `json:"summary,omitempty"`
	// ProfilesCollected is what the summary says of the client's XML
	// profiles: collected, looked for and none found, or not collected.
	// It tells "the client has no VPN profile" from "the bundle does not
	// show its profiles".
	ProfilesCollected ProfileStatus `json:"profiles_collected,omitzero"`
	// Comment is what the user typed in DART's wizard (comments.txt);
	// zero when there is none.
	Comment Comment `json:"comment,omitzero"`
	// Modules are the entries of VPNManifest.dat, in file order.
	Modules []Module `json:"modules,omitempty"`
	// UIHistory holds the last messages the GUI showed the user
	// (UIHistory_*.txt), oldest first.
	UIHistory []UIMessage `json:"ui_history,omitempty"`
	// AgentService is the VPN agent service's state in a services list
	// (sc query, Get-Service); zero when none lists it.
	AgentService ServiceState `json:"agent_service,omitzero"`
	// VirtualAdapter says whether ipconfig /all shows the client's
	// virtual adapter; see [AdapterCheck.Missing].
	VirtualAdapter AdapterCheck `json:"virtual_adapter,omitzero"`
	// Redacted is the note dartkit writes at the root of a bundle whose
	// secrets it replaced with pseudonyms ([RedactionNote]); zero when
	// the bundle has none.
	Redacted Source `json:"redacted,omitzero"`
}

// RedactionNote is the name of the note at the root of a bundle redacted
// by dartkit, and redactionHead how the note begins.
const (
	RedactionNote = "dartkit-redaction.txt"
	redactionHead = "This bundle was redacted by dartkit"
)

// A Comment is the user's own words from comments.txt, after the line
// "Comments from AnyConnect user:". The text is kept as typed, line ends
// included, but cut at a few KiB; control characters are left for the
// display to escape.
type Comment struct {
	Text      string `json:"text"`
	Truncated bool   `json:"truncated,omitempty"` // the file held more than was kept
	Source    Source `json:"source"`
}

// VPNProfiles returns the profiles of kind KindVPNProfile.
func (f *Facts) VPNProfiles() []Profile {
	// Counted first: a bundle may hold thousands of profiles, and a slice
	// grown to them leaves as much again behind.
	n := 0
	for _, p := range f.Profiles {
		if p.Kind == KindVPNProfile {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	out := make([]Profile, 0, n)
	for _, p := range f.Profiles {
		if p.Kind == KindVPNProfile {
			out = append(out, p)
		}
	}
	return out
}

// EmptyProfileFolder returns the first empty folder named Profile or
// Profiles (in any case), where DART copies the client's XML profiles, and
// whether there is one. It tells a client without profiles from a bundle
// whose profiles were not collected.
func (f *Facts) EmptyProfileFolder() (string, bool) {
	for _, d := range f.EmptyFolders {
		base := d[strings.LastIndexByte(d, '/')+1:]
		if strings.EqualFold(base, "Profile") || strings.EqualFold(base, "Profiles") {
			return d, true
		}
	}
	return "", false
}

// ServiceDisabled returns the first profile with ServiceDisable true, and
// whether there is one. That is usually a VPNDisable_ServiceProfile.xml of
// kind KindServiceDisable, but a VPN profile may say it too.
func (f *Facts) ServiceDisabled() (Profile, bool) {
	for _, p := range f.Profiles {
		if p.ServiceDisable {
			return p, true
		}
	}
	return Profile{}, false
}

// HostsMapping returns the hosts-file entry that maps name, and whether there
// is one. Names compare case-insensitively.
func (f *Facts) HostsMapping(name string) (HostsEntry, bool) {
	for _, e := range f.Hosts {
		for _, n := range e.Names {
			if equalFold(n, name) {
				return e, true
			}
		}
	}
	return HostsEntry{}, false
}

// Location returns the time zone of TimeZone, and whether it could be read.
// A Windows display name such as "(UTC-08:00) Pacific Time (US & Canada)"
// gives a fixed offset (no daylight-saving rules); a time zone database
// name such as "America/Los_Angeles" or "Europe/Berlin (CET, +0100)" is
// loaded with [time.LoadLocation], so it needs the system's zone database
// or an import of time/tzdata. A Windows zone ID ("Pacific Standard Time",
// as tzutil writes it) is not read.
func (f *Facts) Location() (*time.Location, bool) {
	return tzLocation(f.TimeZone.Value)
}

func tzLocation(s string) (*time.Location, bool) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, "(UTC"); ok {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return nil, false
		}
		off := rest[:end]
		if off == "" {
			return time.UTC, true
		}
		// "+05:30", "-08:00"
		if len(off) != 6 || (off[0] != '+' && off[0] != '-') || off[3] != ':' {
			return nil, false
		}
		h, err1 := strconv.Atoi(off[1:3])
		m, err2 := strconv.Atoi(off[4:6])
		if err1 != nil || err2 != nil || h > 14 || m > 59 {
			return nil, false
		}
		secs := (h*60 + m) * 60
		if off[0] == '-' {
			secs = -secs
		}
		return time.FixedZone("UTC"+off, secs), true
	}
	name, _, _ := strings.Cut(s, " ")
	if name == "" || name == "Local" {
		return nil, false
	}
	if name != "UTC" && !strings.Contains(name, "/") {
		return nil, false
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	return loc, true
}
