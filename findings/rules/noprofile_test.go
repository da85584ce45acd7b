package rules

import (
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// TestNoProfileSummary holds the cases that need what DART's summary.txt
// says of the profiles, which scenarios do not express.
func TestNoProfileSummary(t *testing.T) {
	none := dbg(0, "acvpnui", "ProfileMgr::loadProfiles", "No profile is available.")
	defaults := rec(1, "acvpnui", "Using default preferences. Some settings (e.g. certificate matching) may not function as expected if a local profile is expected to be used.")
	profiles := []dart.Profile{{File: "Profile/Corp_VPN.xml", Kind: dart.KindVPNProfile, Servers: []string{"vpn.example.com"}}}
	summary := func(state dart.ProfileCollection, text string, mods ...func(*dart.Facts)) *dart.Facts {
		f := platform(dart.PlatformWindows, "4.10.07073")
		f.ProfilesCollected = dart.ProfileStatus{State: state, Text: text, Source: dart.Source{File: "summary.txt", Line: 36}}
		for _, m := range mods {
			m(f)
		}
		return f
	}
	runRule(t, NoProfile, []ruleCase{
		{"summary: looked and none found", summary(dart.ProfilesNoneFound, "No file found with path matching: /opt/cisco/anyconnect/profile/*.xml"),
			[]logparse.Record{none, requestedAt(30, "vpn.example.com")}, findings.SeverityLow,
			[]string{"the bundle holds no VPN profile", "DART looked for the client's profiles and found none."}},
		{"summary: profiles not collected", summary(dart.ProfilesNotCollected, "Corp_VPN.xml: The file is excluded by the selected bundle option (default)"),
			[]logparse.Record{none, requestedAt(30, "vpn.example.com")}, findings.SeverityLow,
			[]string{"DART did not collect the client's profiles, so the bundle cannot show whether a profile exists"}},
		{"summary: profiles collected and present", summary(dart.ProfilesCollected, "Corp_VPN.xml (VPN client profiles)", func(f *dart.Facts) { f.Profiles = profiles }),
			[]logparse.Record{none, requestedAt(30, "vpn.example.com")}, 0, nil},
		{"summary: none found, VPN unused", summary(dart.ProfilesNoneFound, "No file found with path matching: /opt/cisco/anyconnect/profile/*.xml"),
			[]logparse.Record{none, defaults}, 0, nil},
	})
}
