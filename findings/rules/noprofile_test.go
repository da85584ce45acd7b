package rules

import (
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestNoProfile(t *testing.T) {
	none := dbg(0, "acvpnui", "ProfileMgr::loadProfiles", "No profile is available.")
	defaults := rec(1, "acvpnui", "Using default preferences. Some settings (e.g. certificate matching) may not function as expected if a local profile is expected to be used.")
	withProfile := platform(dart.PlatformWindows, "4.10.07073")
	withProfile.Profiles = []dart.Profile{{File: "Profile/Corp_VPN.xml", Kind: dart.KindVPNProfile, Servers: []string{"vpn.example.com"}}}
	runRule(t, NoProfile, []ruleCase{
		{"connecting without a profile", nil, []logparse.Record{none, defaults, requestedAt(30, "vpn.example.com")}, findings.SeverityLow,
			[]string{"2 records between 09:15:02 and 09:15:03", "(connection requested to vpn.example.com)", "default settings"}},
		{"connected and still none", nil, []logparse.Record{none, requestedAt(30, "vpn.example.com"), connectedAt(40)}, findings.SeverityLow, []string{"group policy assigns none"}},
		{"no connection requested: VPN unused", nil, []logparse.Record{none, defaults}, 0, nil},
		{"bundle holds a profile", withProfile, []logparse.Record{none, requestedAt(30, "vpn.example.com")}, 0, nil},
		{"host not in the server list", withProfile, []logparse.Record{rec(30, "acvpnui", "No profile available for host vpn3.example.com.")}, findings.SeverityLow, []string{"in no profile's server list", "vpn3.example.com"}},
	})
}
