package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
)

var noProfileHostRE = regexp.MustCompile(`No profile available for host (\S+?)\.?$`)

// NoProfile reports connections made without a VPN profile.
var NoProfile = &findings.Rule{
	ID:       "vpn-no-profile",
	Title:    "Connecting without a VPN profile",
	Severity: findings.SeverityLow,
	Doc: `Detects a user connecting while the client has no XML profile for the
headend: the GUI's "No profile is available." (ProfileMgr::loadProfiles) or
"Using default preferences. Some settings (e.g. certificate matching) may
not function as expected if a local profile is expected to be used.",
together with a connection request ("... has been requested by the user.")
and no VPN profile in the bundle; or "No profile available for host <h>."
(the host is not in any profile's server list). Without a profile the
client uses defaults: no server list, no certificate matching, none of the
administrator's settings.

A missing profile alone is not a finding: an endpoint that never connects
(VPN module unused, e.g. Umbrella only) needs none. That is the situation
of the CSCvu39643 samples, whose records say "No profile is available." but
show no connection request; their repeated mus.cisco.com failures are
reported by cscvu39643-mus-dns-queries, and this rule stays silent there.
A successful connection does not cancel the finding: the headend pushes
its profile on the first connection, so a bundle that connected and still
holds none points at a group policy without a profile; the summary says
so.

CONFIRMED: the three texts (Ubuntu forum capture and public code).`,
	Component:  "vpnui",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{profileEditorRef},
	Remediation: []string{
		"Assign a client profile to the user's group policy on the headend, so it is pushed on connection; or deploy the profile with the installer (Profile folder of the client).",
		"If a profile exists, check that its ServerList holds the host the user connects to.",
	},
	Signals: standardSignals(
		vpnSignal("none", "No profile is available"),
		vpnSignal("defaults", "Using default preferences. Some settings"),
		vpnSignal("host", "No profile available for host"),
	),
	// The endpoint alone: the profiles' paths differ between bundles.
	Identity: []string{},
	Check: func(p *findings.Pass) error {
		none := findings.Merge("none", p.Series("none"), p.Series("defaults"))
		hostMiss := p.Series("host")
		attempts := p.Series(attemptSignal.Name)
		// Whether there is a profile is asked first: a bundle may hold
		// thousands, which VPNProfiles copies.
		hasProfile := slices.ContainsFunc(p.Facts.Profiles, func(pr dart.Profile) bool { return pr.Kind == dart.KindVPNProfile })
		generic := !none.Empty() && !attempts.Empty() && !hasProfile
		if !generic && hostMiss.Empty() {
			return nil
		}
		profiles := p.Facts.VPNProfiles()
		hosts := requestedHosts(p)
		for _, r := range hostMiss.Records() {
			if m := noProfileHostRE.FindStringSubmatch(r.Message); m != nil && !slices.Contains(hosts, m[1]) {
				hosts = append(hosts, m[1])
			}
		}
		var s strings.Builder
		var ev []findings.Evidence
		if generic {
			fmt.Fprintf(&s, "The client had no VPN profile when the user connected: %s say so, and the bundle holds no VPN profile", counted(none.Cadence(), "record"))
			ev = append(ev, cite(none, "", 2)...)
		} else {
			fmt.Fprintf(&s, "The host the user connected to is in no profile's server list: %s", counted(hostMiss.Cadence(), "\"No profile available for host\" record"))
			ev = append(ev, cite(hostMiss, "", 2)...)
		}
		if len(hosts) > 0 {
			fmt.Fprintf(&s, " (connection requested to %s)", strings.Join(hosts, ", "))
		}
		s.WriteString(". The client runs with default settings: no server list, no certificate matching, none of the administrator's profile settings.")
		ev = append(ev, cite(attempts, "the connection request", 1)...)
		facts := []findings.FactRef{}
		if len(profiles) == 0 {
			facts = append(facts, findings.FactRef{Name: "vpn-profiles", Value: "none"})
		} else {
			names := make([]string, len(profiles))
			for i, pr := range profiles {
				names[i] = pr.File
			}
			facts = append(facts, findings.FactRef{Name: "vpn-profiles", Value: strings.Join(names, ", ")})
		}
		if ref, e, ok := profilesCollectedFact(p.Facts); ok {
			facts = append(facts, ref)
			ev = append(ev, e)
			switch p.Facts.ProfilesCollected.State {
			case dart.ProfilesNoneFound:
				s.WriteString(" DART looked for the client's profiles and found none.")
			case dart.ProfilesNotCollected:
				if generic {
					s.WriteString(" DART did not collect the client's profiles, so the bundle cannot show whether a profile exists: the records are the evidence.")
				}
			}
		}
		if ok, has := p.Series(connectedSignal.Name).Latest(); has {
			fmt.Fprintf(&s, " A connection was established at %s and the bundle still holds no profile: the headend's group policy assigns none.", clock(ok.Time, ok.Time))
			ev = append(ev, findings.EvidenceOf(&ok, "connected without a profile"))
		}
		p.Report(findings.Finding{Summary: s.String(), Evidence: ev, Facts: facts})
		return nil
	},
}

// profilesCollectedFact returns what DART's summary.txt says of the
// client's profiles as a fact and its evidence, and whether it says
// anything. It tells "no VPN profile" (DART looked and found none) from
// "profiles not collected".
func profilesCollectedFact(f *dart.Facts) (findings.FactRef, findings.Evidence, bool) {
	pc := f.ProfilesCollected
	var value, note string
	switch pc.State {
	case dart.ProfilesNoneFound:
		value, note = "none found", "DART looked for the client's profiles and found none"
	case dart.ProfilesNotCollected:
		value, note = "profiles not collected", "DART did not collect the client's profiles"
	case dart.ProfilesCollected:
		value, note = "collected", "DART collected the client's profiles"
	default:
		return findings.FactRef{}, findings.Evidence{}, false
	}
	return findings.FactRef{Name: "profiles-collected", Value: value, File: pc.Source.File, Line: pc.Source.Line},
		findings.Evidence{File: pc.Source.File, Line: pc.Source.Line, Text: pc.Text, Note: note}, true
}
