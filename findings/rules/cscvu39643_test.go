package rules

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var start = time.Date(2020, 6, 17, 20, 21, 32, 0, time.UTC)

// musFailure is the TechNote's record at start+d.
func musFailure(d time.Duration, line int) logparse.Record {
	return logparse.Record{
		Time: start.Add(d), Level: logparse.LevelWarning, Source: "acvpnagent",
		Header:  logparse.Header{Function: "CDNSRequest::OnSocketReadComplete", File: `c:\temp\build\dnsrequest.cpp`, Line: 1147},
		Message: "Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)",
		Pos:     logparse.Position{File: "AnyConnectVPN.txt", Line: line},
	}
}

func every15s(n int) []logparse.Record {
	var out []logparse.Record
	for i := range n {
		out = append(out, musFailure(time.Duration(i)*15*time.Second, 100-10*i))
	}
	return out
}

func gui(d time.Duration, line int) logparse.Record {
	return logparse.Record{Time: start.Add(d), Level: logparse.LevelError, Source: "acvpnui",
		Message: "Message type error sent to the user: Network error. Unable to lookup host names.",
		Pos:     logparse.Position{File: "AnyConnectVPN.txt", Line: line}}
}

func facts(version string, mods ...func(*dart.Facts)) *dart.Facts {
	f := &dart.Facts{Platform: dart.PlatformWindows, Product: dart.Product{Name: "Cisco AnyConnect Secure Mobility Client"}}
	if version != "" {
		f.Product.Version = dart.MustParseVersion(version)
		f.Product.VersionFrom = dart.ComponentVPN
		f.Product.Source = dart.Source{File: "InstalledPrograms.txt", Line: 9}
	}
	for _, m := range mods {
		m(f)
	}
	return f
}

func withProfile(f *dart.Facts) {
	f.Profiles = append(f.Profiles, dart.Profile{File: "Profile/Corp_VPN.xml", Kind: dart.KindVPNProfile, Servers: []string{"vpn.example.com"}})
}

func withServiceDisable(f *dart.Facts) {
	f.Profiles = append(f.Profiles, dart.Profile{File: "Profile/VPNDisable_ServiceProfile.xml", Kind: dart.KindServiceDisable, ServiceDisable: true})
}

func withEmptyProfileFolder(f *dart.Facts) {
	f.EmptyFolders = append(f.EmptyFolders, "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/profile")
}

func withEmptyOtherFolder(f *dart.Facts) {
	f.EmptyFolders = append(f.EmptyFolders, "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/ProfileBackup")
}

// withSummary sets what summary.txt says of the profiles, as the
// FactBuilder reads it from the row at summary.txt:36.
func withSummary(state dart.ProfileCollection, text string) func(*dart.Facts) {
	return func(f *dart.Facts) {
		f.ProfilesCollected = dart.ProfileStatus{State: state, Text: text, Source: dart.Source{File: "summary.txt", Line: 36}}
	}
}

var (
	summaryNoneFound    = withSummary(dart.ProfilesNoneFound, `No file found with path matching: C:\ProgramData\Cisco\Cisco AnyConnect Secure Mobility Client\Profile\*.xml`)
	summaryNotCollected = withSummary(dart.ProfilesNotCollected, "Corp_VPN.xml: The file is excluded by the selected bundle option (default)")
	summaryCollected    = withSummary(dart.ProfilesCollected, "Corp_VPN.xml (VPN client profiles)")
)

func withHosts(f *dart.Facts) {
	f.Hosts = append(f.Hosts, dart.HostsEntry{Address: "10.31.121.5", Names: []string{"MUS.cisco.com"}, Source: dart.Source{File: "hosts", Line: 22}})
}

func run(t *testing.T, f *dart.Facts, recs []logparse.Record) []findings.Finding {
	t.Helper()
	got, _, err := findings.Evaluate(All(), slices.Values(recs), &findings.EvaluateOptions{Facts: f})
	require.NoError(t, err)
	return got
}

func TestMusRules(t *testing.T) {
	tests := []struct {
		name     string
		facts    *dart.Facts
		records  []logparse.Record
		rule     string // "" for no finding
		severity findings.Severity
		contains []string
	}{
		{"technote", facts("4.8.03052"), append(every15s(8), gui(time.Second, 5)), MusLookupCSCvu39643.ID, findings.SeverityMedium,
			[]string{"8 failures, one every 15.0 s, 20:21:32 to 20:23:17", "via DNS server 10.88.240.69", "4.8.03052 is older than 4.10", "CSCvu39643", `"Unable to lookup host names" (1 record, shown within 5 s of 1 of the failures)`}},
		{"three is the pattern", facts("4.8.03052"), every15s(3), MusLookupCSCvu39643.ID, findings.SeverityMedium, []string{"3 failures"}},
		{"two is not", facts("4.8.03052"), every15s(2), "", 0, nil},
		{"4.10 fixed", facts("4.10.00093"), every15s(8), MusLookupFailing.ID, findings.SeverityLow, []string{"the client is at 4.10.00093"}},
		{"5.x fixed", facts("5.1.2.42"), every15s(8), MusLookupFailing.ID, findings.SeverityLow, []string{"5.1.2.42"}},
		{"4.9 last before fix", facts("4.9.06037"), every15s(8), MusLookupCSCvu39643.ID, findings.SeverityMedium, []string{"4.9.06037 is older than 4.10"}},
		{"profile", facts("4.8.03052", withProfile), every15s(8), MusLookupFailing.ID, findings.SeverityLow, []string{"a VPN profile is configured (Profile/Corp_VPN.xml)"}},
		{"unknown version", facts(""), every15s(4), MusLookupCSCvu39643.ID, findings.SeverityMedium, []string{"names no version of the VPN core", "rests on the other evidence"}},
		{"empty profile folder", facts("4.8.03052", withEmptyProfileFolder), every15s(4), MusLookupCSCvu39643.ID, findings.SeverityMedium,
			[]string{"holds no VPN profile (its profile folder, Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/profile, is empty), so"}},
		{"an empty folder named otherwise", facts("4.8.03052", withEmptyOtherFolder), every15s(4), MusLookupCSCvu39643.ID, findings.SeverityMedium,
			[]string{"holds no VPN profile, so"}},
		{"empty profile folder and a profile elsewhere", facts("4.8.03052", withEmptyProfileFolder, withProfile), every15s(8), MusLookupFailing.ID, findings.SeverityLow,
			[]string{"a VPN profile is configured (Profile/Corp_VPN.xml)"}},
		{"summary: looked and none found", facts("4.8.03052", summaryNoneFound), every15s(4), MusLookupCSCvu39643.ID, findings.SeverityMedium,
			[]string{"holds no VPN profile (DART looked for profiles and found none), so the VPN module is installed but unused"}},
		{"summary: profiles not collected", facts("4.8.03052", summaryNotCollected), every15s(4), MusLookupCSCvu39643.ID, findings.SeverityMedium,
			[]string{"DART did not collect the client's profiles: whether the client has one is unknown", "probably installed but unused", "CSCvu39643"}},
		{"summary: profiles collected, one present", facts("4.8.03052", summaryCollected, withProfile), every15s(8), MusLookupFailing.ID, findings.SeverityLow,
			[]string{"a VPN profile is configured (Profile/Corp_VPN.xml)"}},
		{"service disable", facts("4.8.03052", withServiceDisable), every15s(5), MusLookupCSCvu39643.ID, findings.SeverityMedium,
			[]string{"service-disable profile (Profile/VPNDisable_ServiceProfile.xml)", "sees no VPN"}},
		{"hosts workaround", facts("4.8.03052", withHosts), every15s(5), MusLookupCSCvu39643.ID, findings.SeverityInfo,
			[]string{"already maps mus.cisco.com to 10.31.121.5 (hosts:22)", "workaround is applied"}},
		{"resolved later", facts("4.8.03052"), append(every15s(5), logparse.Record{Time: start.Add(10 * time.Minute), Source: "acvpnagent",
			Message: "Successfully resolved mus.cisco.com to 72.163.15.141"}), "", 0, nil},
		{"other process", facts("4.8.03052"), func() []logparse.Record {
			r := every15s(5)
			for i := range r {
				r[i].Source = "chrome"
			}
			return r
		}(), "", 0, nil},
		{"harmless mention", facts("4.8.03052"), func() []logparse.Record {
			r := every15s(5)
			for i := range r {
				r[i].Message = "Adding mus.cisco.com to the list of probe hosts."
				r[i].Header = logparse.Header{}
			}
			return r
		}(), "", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, tt.facts, tt.records)
			if tt.rule == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1, "exactly one of the two mus.cisco.com rules speaks")
			f := got[0]
			assert.Equal(t, tt.rule, f.Rule)
			assert.Equal(t, tt.severity, f.Severity)
			for _, c := range tt.contains {
				assert.Contains(t, f.Summary, c)
			}
			assert.GreaterOrEqual(t, len(f.Evidence), 3)
			for _, e := range f.Evidence {
				assert.NotEmpty(t, e.File)
			}
			if d, ok := tt.facts.EmptyProfileFolder(); ok && tt.rule == MusLookupCSCvu39643.ID {
				assert.Contains(t, f.Facts, findings.FactRef{Name: "profile-folder", Value: "empty", File: d})
				assert.True(t, slices.ContainsFunc(f.Evidence, func(e findings.Evidence) bool { return e.File == d }), "the empty folder is evidence")
			} else {
				assert.NotContains(t, f.Summary, "profile folder")
			}
			if pc := tt.facts.ProfilesCollected; pc.State != dart.ProfilesUnknown && tt.rule == MusLookupCSCvu39643.ID {
				assert.True(t, slices.ContainsFunc(f.Facts, func(r findings.FactRef) bool {
					return r.Name == "profiles-collected" && r.File == "summary.txt" && r.Line == 36
				}), "the summary's line is a fact: %v", f.Facts)
				assert.True(t, slices.ContainsFunc(f.Evidence, func(e findings.Evidence) bool { return e.File == "summary.txt" && e.Text == pc.Text }), "the summary's line is evidence")
			} else {
				assert.NotContains(t, f.Summary, "DART looked")
				assert.NotContains(t, f.Summary, "DART did not collect")
			}
			if tt.rule == MusLookupFailing.ID {
				for _, r := range f.References {
					assert.NotContains(t, r.ID+r.Title+r.URL, "CSCvu39643")
				}
				assert.NotContains(t, f.Rule+f.Title, "CSCvu39643")
			}
		})
	}
}

func TestMusRemediesByPlatform(t *testing.T) {
	for _, tt := range []struct {
		platform dart.Platform
		want     []string
		not      string
	}{
		{dart.PlatformWindows, []string{`C:\Windows\System32\Drivers\etc\hosts`}, "sudo nano"},
		{dart.PlatformMacOS, []string{"sudo nano /etc/hosts"}, `C:\Windows`},
		{dart.PlatformLinux, []string{"sudo nano /etc/hosts"}, `C:\Windows`},
		{dart.PlatformUnknown, []string{`C:\Windows\System32\Drivers\etc\hosts`, "sudo nano /etc/hosts"}, ""},
	} {
		f := facts("4.8.03052")
		f.Platform = tt.platform
		got := run(t, f, every15s(4))
		require.Len(t, got, 1)
		all := strings.Join(got[0].Remediation, "\n")
		assert.Len(t, got[0].Remediation, 2+len(tt.want), tt.platform)
		assert.Contains(t, all, "4.10 or later")
		assert.Contains(t, all, "DNS server the client uses (10.88.240.69)")
		for _, w := range tt.want {
			assert.Contains(t, all, w)
		}
		if tt.not != "" {
			assert.NotContains(t, all, tt.not)
		}
	}
}

func TestBuiltinRulesValidate(t *testing.T) {
	require.NoError(t, findings.Validate(All()))
	assert.NotPanics(t, func() { Registry() })
}
