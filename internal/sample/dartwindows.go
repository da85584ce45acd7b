package sample

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"

	"github.com/dartkit/dartkit/internal/evtxgen"
)

// The Windows bundle as DART 4.6's collection configs lay it out
// (dart-format.md §1a): one flat folder per config title, the VPN channel
// twice (AnyConnect.txt by DART's wineventlog plugin, AnyConnect.evtx by
// wevtutil epl), the System, Application and DART logs only as .evtx,
// command output in _result.txt files, summary.txt at the root and
// comments.txt when the GUI wizard made the bundle.
//
// Where §1a is silent these are assumed:
//   - files sit flat in their title folder, as §1b saw on Linux;
//   - System.evtx, Application.evtx and DART.evtx are in General
//     Information (BaseConfig collects them), with msinfo.nfo and the
//     commands' output;
//   - a Windows _result.txt has the Linux banner bytes, then the
//     command's output with its own CRLF endings;
//   - summary.txt's OS line reads "Windows : <product> <version>", and
//     its IDs and descriptions are names of our own (the configs' IDs
//     were not read);
//   - DART omits the profiles on request with the reason written in
//     omittedReason.
const (
	vpnTitle     = "Cisco AnyConnect Secure Mobility Client"
	generalTitle = "General Information"
	// omittedReason is the Reason Omitted of files left out on request.
	omittedReason = "File excluded by the user from the bundle (custom bundle option)."
	// profilePattern is where DART 4.x looks for VPN profiles on Windows.
	profilePattern = `C:\ProgramData\Cisco\Cisco AnyConnect Secure Mobility Client\Profile\*.xml`
)

// dartFiles returns the bundle's files in DART's layout.
func (w Windows) dartFiles() []File {
	mod := w.start().Add(10 * time.Minute)
	var files []File
	add := func(name string, data []byte) { files = append(files, File{Name: name, Data: data, Mod: mod}) }
	vpn, gen := vpnTitle+"/", generalTitle+"/"
	vpnEvents := w.vpnEvents()
	if w.LogRolled {
		// The channel has wrapped: the agent's start and the GUI's
		// profile load are gone, the failures are left.
		var kept []Event
		for _, e := range vpnEvents {
			if !e.Time.Before(w.start().Add(-time.Minute)) {
				kept = append(kept, e)
			}
		}
		vpnEvents = kept
	}

	// General Information first: dartcli's zip order is its own.
	add(gen+"systeminfo_result.txt", []byte(resultBanner("systeminfo.exe")+crlf(w.systemInfo())))
	add(gen+"ipconfig_result.txt", []byte(resultBanner("ipconfig.exe /all")+crlf(ipconfigAll)))
	add(gen+"route_result.txt", []byte(resultBanner("route.exe print")+crlf(routePrint)))
	add(gen+"System.evtx", evtxBytes(systemEvents(w.start()), "System"))
	appEvents := w.applicationEvents()
	add(gen+"Application.evtx", evtxBytes(appEvents, "Application"))
	if !w.NoDARTLog && w.DARTVersion != "" {
		add(gen+"DART.evtx", evtxBytes(dartEvents(w.DARTVersion, w.start()), "Cisco AnyConnect Diagnostics and Reporting Tool"))
	}
	add(gen+"msinfo.nfo", UTF16LE(crlf(fmt.Sprintf(msinfoFormat, w.start().Add(9*time.Minute+8*time.Second).Format("01/02/06 15:04:05")))))

	if !w.NoTextExport {
		// DART's own text export; its real layout is unknown (§1a), the
		// samples' StyleTabs stands for it.
		files = append(files, File{Name: vpn + "AnyConnect.txt", Data: []byte(EventLog(vpnEvents, w.Style, w.NewestFirst)),
			Mod: mod, log: &eventLog{events: vpnEvents}})
	}
	add(vpn+"AnyConnect.evtx", evtxBytes(vpnEvents, w.productName()))
	if w.VPNProfile && !w.ProfilesOmitted {
		add(vpn+"Corp_VPN.xml", []byte(crlf(vpnProfileXML)))
	}
	add(vpn+"AnyConnectProfile.xsd", []byte(crlf(profileXSD)))
	add(vpn+"preferences_global.xml", []byte(crlf(prefsGlobalXML)))
	add(vpn+"preferences.xml", []byte(crlf(prefsUserXML)))
	add(vpn+"AnyConnectLocalPolicy.xml", []byte(crlf(localPolicyXML)))
	if w.Version != "" {
		add(vpn+"update.txt", []byte(strings.ReplaceAll(w.Version, ".", ",")+"\r\n"))
		add(vpn+"VPNManifest.dat", []byte(crlf(vpnManifest(w.Version))))
	}
	hosts := windowsHosts
	if w.HostsMus {
		hosts += "10.31.121.5\tmus.cisco.com\t# CSCvu39643 workaround\n"
	}
	add(vpn+"hosts", []byte(crlf(hosts)))
	add(vpn+uiHistoryName(w.start()), []byte(crlf(w.uiHistory())))
	add(vpn+"debug_routechangesv4.txt", []byte(crlf("IPv4 route changes\n")))

	if w.Comments != "" {
		add("comments.txt", []byte("Comments from AnyConnect user:\n"+w.Comments))
	}
	sum := summary{
		time:     mod,
		os:       "Windows : Microsoft Windows 10 Enterprise 10.0.18363",
		user:     "jdoe",
		location: `C:\Users\jdoe\Desktop\` + bundleName(mod),
	}
	ids := maps.Clone(windowsIDs) // and the GUI's history, named for a time
	ids[uiHistoryName(w.start())] = [2]string{"UIHistory", "AnyConnect GUI message history"}
	vpnSec := summarySection{title: vpnTitle, included: included(files, vpn, ids)}
	switch {
	case w.ProfilesOmitted:
		vpnSec.omitted = append(vpnSec.omitted, summaryRow{id: "VPNProfiles", name: "Corp_VPN.xml", desc: "AnyConnect VPN profiles", reason: omittedReason})
	case !w.VPNProfile:
		vpnSec.omitted = append(vpnSec.omitted, summaryRow{id: "VPNProfiles", name: "N/A", desc: "AnyConnect VPN profiles", reason: "No file found with path matching: " + profilePattern})
	}
	sum.sections = []summarySection{
		{title: generalTitle, included: included(files, gen, ids)},
		vpnSec,
	}
	return withSummary(files, 3, sum, mod)
}

// windowsIDs gives each file of a Windows bundle its summary ID and
// description (names of our own, see dartFiles), but the GUI's history,
// whose name holds a time.
var windowsIDs = map[string][2]string{
	"systeminfo_result.txt":     {"SystemInfo", "Output of systeminfo"},
	"ipconfig_result.txt":       {"IPConfig", "Output of ipconfig /all"},
	"route_result.txt":          {"RoutePrint", "Output of route print"},
	"System.evtx":               {"SystemEventLog", "Windows System event log"},
	"Application.evtx":          {"ApplicationEventLog", "Windows Application event log"},
	"DART.evtx":                 {"DARTEventLog", "DART event log"},
	"msinfo.nfo":                {"MSInfo", "System information (msinfo32)"},
	"AnyConnect.txt":            {"VPNEventLogText", "AnyConnect VPN event log (text)"},
	"AnyConnect.evtx":           {"VPNEventLog", "AnyConnect VPN event log"},
	"Corp_VPN.xml":              {"VPNProfiles", "AnyConnect VPN profiles"},
	"AnyConnectProfile.xsd":     {"VPNProfileSchema", "AnyConnect VPN profile schema"},
	"preferences_global.xml":    {"GlobalPreferences", "AnyConnect global preferences"},
	"preferences.xml":           {"UserPreferences", "AnyConnect user preferences"},
	"AnyConnectLocalPolicy.xml": {"LocalPolicy", "AnyConnect local policy"},
	"update.txt":                {"UpdateVersion", "Installed version"},
	"VPNManifest.dat":           {"VPNManifest", "Installed files manifest"},
	"hosts":                     {"HostsFile", "Hosts file"},
	"debug_routechangesv4.txt":  {"RouteChangesV4", "IPv4 route changes"},
}

// evtxBytes returns events as the .evtx file wevtutil epl writes of
// channel: oldest first, each record as the classic source logs it, the
// body's lines joined with CRLF and ended by one.
func evtxBytes(events []Event, channel string) []byte {
	ev := append([]Event(nil), events...)
	sort.SliceStable(ev, func(i, j int) bool { return ev[i].Time.Before(ev[j].Time) })
	out := make([]evtxgen.Event, len(ev))
	for i, e := range ev {
		out[i] = evtxgen.Event{
			Time:       e.Time,
			Level:      uint8(level(e.Type)),
			Provider:   e.Source,
			EventID:    uint16(eventID(e)),
			Qualifiers: uint16(qualifiers(e.Type)),
			Computer:   computer,
			Channel:    channel,
			Data:       crlf(e.Body) + "\r\n",
		}
	}
	return evtxgen.Bytes(out)
}

// systemEvents is the System log of a bundle whose first query to
// mus.cisco.com left at start: the boot, the VPN agent's service starting,
// and noise.
func systemEvents(start time.Time) []Event {
	boot := start.Add(-19*time.Minute - 21*time.Second)
	return []Event{
		{Time: boot, Type: "Information", Source: "EventLog", Body: "The Event log service was started."},
		{Time: boot.Add(40 * time.Second), Type: "Information", Source: "Service Control Manager", Body: "The Cisco AnyConnect Secure Mobility Agent service entered the running state."},
		{Time: boot.Add(2 * time.Minute), Type: "Warning", Source: "Microsoft-Windows-Time-Service", Body: "NtpClient was unable to set a manual peer to use as a time source."},
	}
}

// dartEvents is DART's own log while it made the bundle, 9 min after
// start.
func dartEvents(version string, start time.Time) []Event {
	t := start.Add(9 * time.Minute)
	return []Event{
		{Time: t, Type: "Information", Source: "DART", Body: fmt.Sprintf("Cisco AnyConnect Diagnostic and Reporting Tool %s .", version)},
		{Time: t.Add(50 * time.Second), Type: "Information", Source: "DART", Body: `File collected at C:\Users\jdoe\Desktop\` + bundleName(t.Add(time.Minute))},
	}
}

// bundleName is the name DART gives a bundle made at t.
func bundleName(t time.Time) string { return t.Format("DARTBundle_0102_1504.zip") }

// uiHistoryName is the GUI's message history in a bundle whose first
// query to mus.cisco.com left at start: the file is named for when the GUI
// started, 16 min 30 s before.
func uiHistoryName(start time.Time) string {
	return "UIHistory_" + start.Add(-16*time.Minute-30*time.Second).Format("20060102_150405") + ".txt"
}

// uiHistory is the GUI's message history: what the user saw.
func (w Windows) uiHistory() string {
	var b strings.Builder
	t := w.start().Add(-6 * time.Minute)
	fmt.Fprintf(&b, "%s Ready to connect.\n", t.Format("3:04:05 PM"))
	for i := 0; i < w.MusFailures; i += 3 {
		fmt.Fprintf(&b, "%s Network error. Unable to lookup host names.\n", w.start().Add(time.Duration(i)*15*time.Second+time.Second).Format("3:04:05 PM"))
	}
	return b.String()
}

// vpnManifest is VPNManifest.dat: the installed modules and their
// versions. Its exact format was not seen; this follows the client's
// manifest XML.
func vpnManifest(version string) string {
	return fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<vpn rev="1.0">
	<file version="%[1]s" id="VPNCore" is_core="yes" type="exe" action="install">
		<uri>binaries/anyconnect-win-%[1]s-core-vpn-webdeploy-k9.msi</uri>
	</file>
	<file version="%[1]s" id="dart" type="exe" action="install">
		<uri>binaries/anyconnect-win-%[1]s-dart-webdeploy-k9.msi</uri>
	</file>
</vpn>
`, version)
}

const routePrint = `===========================================================================
Interface List
 12...00 50 56 a1 2b 3c ......Intel(R) 82574L Gigabit Network Connection
 16...00 05 9a 3c 7a 00 ......Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64
  1...........................Software Loopback Interface 1
===========================================================================

IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0      10.31.121.1    10.31.121.202     25
      10.31.121.0    255.255.255.0         On-link     10.31.121.202    281
        127.0.0.0        255.0.0.0         On-link         127.0.0.1    331
===========================================================================
Persistent Routes:
  None
`

const msinfoFormat = `<?xml version="1.0"?>
<MsInfo>
<Metadata>
<Version>8.0</Version>
<CreationUTC>%s</CreationUTC>
</Metadata>
<Category name="System Summary">
<Data>
<Item><![CDATA[OS Name]]></Item>
<Value><![CDATA[Microsoft Windows 10 Enterprise]]></Value>
</Data>
<Data>
<Item><![CDATA[Version]]></Item>
<Value><![CDATA[10.0.18363 Build 18363]]></Value>
</Data>
<Data>
<Item><![CDATA[System Name]]></Item>
<Value><![CDATA[WIN10-LAB-07]]></Value>
</Data>
<Data>
<Item><![CDATA[System Manufacturer]]></Item>
<Value><![CDATA[VMware, Inc.]]></Value>
</Data>
<Data>
<Item><![CDATA[System Type]]></Item>
<Value><![CDATA[x64-based PC]]></Value>
</Data>
</Category>
</MsInfo>
`

const profileXSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://schemas.xmlsoap.org/encoding/" elementFormDefault="qualified">
	<xs:element name="AnyConnectProfile"/>
</xs:schema>
`

const localPolicyXML = `<?xml version="1.0" encoding="UTF-8"?>
<AnyConnectLocalPolicy xmlns="http://schemas.xmlsoap.org/encoding/" acversion="4.8.03052">
<BypassDownloader>false</BypassDownloader>
<EnableCRLCheck>false</EnableCRLCheck>
<FipsMode>false</FipsMode>
<RestrictPreferenceCaching>false</RestrictPreferenceCaching>
<StrictCertificateTrust>false</StrictCertificateTrust>
</AnyConnectLocalPolicy>
`
