package dart

import "github.com/dartkit/dartkit/logparse"

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
	ComponentInstallLog Component = "install"   // an installer log
)

// A VersionSighting is one place in the bundle that names a client version.
type VersionSighting struct {
	Version   Version
	Component Component
	Text      string // the line it was read from, trimmed
	Source    Source
}

// A Product is the client that is installed: "Cisco AnyConnect Secure
// Mobility Client" (4.x and before) or "Cisco Secure Client" (5.x), and the
// version of its VPN core.
type Product struct {
	Name    string
	Version Version
	Source  Source // where Version was read; zero when unknown
	// VersionFrom says which component gave Version. It is ComponentDART
	// when nothing but DART's own banner named one.
	VersionFrom Component
}

// A Profile is an AnyConnect XML profile found in the bundle.
type Profile struct {
	File           string
	Kind           Kind     // KindVPNProfile or KindServiceDisable
	Servers        []string // HostEntry host names or addresses (VPN profiles)
	ServiceDisable bool     // <ServiceDisable>true</ServiceDisable>
}

// A HostsEntry is one mapping of the bundle's hosts file.
type HostsEntry struct {
	Address string
	Names   []string
	Source  Source
}

// A Value is a string fact with its source, e.g. a DNS server address.
type Value struct {
	Value  string
	Source Source
}

// Facts is what a bundle says about the endpoint. Each fact carries its
// source. Facts are gathered by a [FactBuilder], from the bundle's small
// files and from the log records streamed past it.
type Facts struct {
	Platform       Platform
	PlatformSource Source
	Product        Product
	Versions       []VersionSighting // every sighting, in the order met
	Profiles       []Profile
	Hosts          []HostsEntry
	DNSServers     []Value
	Hostname       Value
	TimeZone       Value // as the bundle writes it, e.g. "(UTC-08:00) Pacific Time (US & Canada)"
}

// VPNProfiles returns the profiles of kind KindVPNProfile.
func (f *Facts) VPNProfiles() []Profile {
	var out []Profile
	for _, p := range f.Profiles {
		if p.Kind == KindVPNProfile {
			out = append(out, p)
		}
	}
	return out
}

// ServiceDisabled returns the first service-disable profile with
// ServiceDisable true, and whether there is one.
func (f *Facts) ServiceDisabled() (Profile, bool) {
	for _, p := range f.Profiles {
		if p.Kind == KindServiceDisable && p.ServiceDisable {
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
