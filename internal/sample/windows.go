package sample

import (
	"fmt"
	"strings"
	"time"
)

// TechNoteStart is when the TechNote's capture saw the first query to
// mus.cisco.com (its local time, 06/17/2020).
var TechNoteStart = time.Date(2020, 6, 17, 20, 21, 32, 0, time.UTC)

// dnsRequestFile is the build path the TechNote's record shows.
const dnsRequestFile = `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\common\ip\dnsrequest.cpp`

// Windows describes a Windows DART bundle.
type Windows struct {
	Version     string // VPN core version, e.g. "4.8.03052"; "" leaves every version source out but DART's
	DARTVersion string // e.g. "4.9.04043"; "" leaves DART's log out
	NoDARTLog   bool
	// MusFailures is how many failed queries of mus.cisco.com the agent
	// logged, one every 15 s from TechNoteStart.
	MusFailures    int
	VPNProfile     bool // a profile with a server list
	ServiceDisable bool // VPNDisable_ServiceProfile.xml with ServiceDisable true
	// EmptyProfile lists the profile folder, empty, when no profile is in
	// it: DART copied the folder and found nothing (zip only).
	EmptyProfile bool
	HostsMus     bool // the hosts file maps mus.cisco.com
	UTF16        bool // event logs exported as UTF-16LE with BOM
	Style        EventStyle
	NewestFirst  bool
	// Layout names the layout ([LayoutByName]) of both event logs, in
	// its own order; "" means DART's export in Style, UTF16 and
	// NewestFirst (and the Application log newest first, tab-padded).
	Layout    string
	Connected bool // the log shows a successful VPN connection
	// Extra events go into the AnyConnect event log beside the usual
	// ones; rule samples put the records they need here.
	Extra []Event

	// DART lays the bundle out as DART 4.6's collection configs do
	// (dartFiles): AnyConnect.txt beside AnyConnect.evtx, the Windows
	// logs as .evtx, summary.txt. Layout, UTF16 and EmptyProfile do not
	// apply to it.
	DART bool
	// NoTextExport leaves AnyConnect.txt out: the channel is only in
	// AnyConnect.evtx (DART only).
	NoTextExport bool
	// ProfilesOmitted leaves the VPN profile out and lists it in
	// summary.txt as omitted on request (DART only).
	ProfilesOmitted bool
	// LogRolled drops the VPN channel's records older than a minute
	// before the first failure, as a log that has wrapped (DART only).
	LogRolled bool
	// Comments is what the user typed in the GUI wizard, for
	// comments.txt (DART only; "" leaves it out, as dartcli does).
	Comments string
	// Later moves every time the bundle holds, and the names that carry
	// one, by this much: the same endpoint, collected again later. Extra
	// events keep their times.
	Later time.Duration
}

// start is when the first query to mus.cisco.com leaves: TechNoteStart,
// moved by Later.
func (w Windows) start() time.Time { return TechNoteStart.Add(w.Later) }

func (w Windows) root() string {
	if strings.HasPrefix(w.Version, "5.") {
		return "Cisco Secure Client/"
	}
	return "Cisco AnyConnect Secure Mobility Client/"
}

func (w Windows) productName() string {
	if strings.HasPrefix(w.Version, "5.") {
		return "Cisco Secure Client - AnyConnect VPN"
	}
	return "Cisco AnyConnect Secure Mobility Client"
}

// Files returns the bundle's files.
func (w Windows) Files() []File {
	if w.DART {
		return w.dartFiles()
	}
	mod := w.start().Add(10 * time.Minute)
	var files []File
	add := func(name string, data []byte) { files = append(files, File{Name: name, Data: data, Mod: mod}) }
	// encode applies the export's encoding; text also gives CRLF endings.
	encode := func(s string) []byte {
		if w.UTF16 {
			return UTF16LE(s)
		}
		return []byte(s)
	}
	text := func(s string) []byte { return encode(crlf(s)) }
	root := w.root()
	vpn := root + "AnyConnect VPN/"
	if strings.HasPrefix(w.Version, "5.") {
		vpn = root + "VPN/"
	}
	// addLog adds an event-log file: in w.Layout if set, else as
	// render makes it.
	addLog := func(name string, events []Event, render func() []byte) {
		var data []byte
		if w.Layout != "" {
			l, ok := LayoutByName(w.Layout)
			if !ok {
				panic("sample: no layout " + w.Layout)
			}
			data = l.Render(events, l.NewestFirst)
		} else {
			data = render()
		}
		files = append(files, File{Name: name, Data: data, Mod: mod, log: &eventLog{events: events}})
	}
	vpnEvents := w.vpnEvents()
	addLog(vpn+"Logs/AnyConnectVPN.txt", vpnEvents, func() []byte { return encode(EventLog(vpnEvents, w.Style, w.NewestFirst)) })
	if w.VPNProfile {
		add(vpn+"Profile/Corp_VPN.xml", []byte(vpnProfileXML))
	}
	if w.ServiceDisable {
		add(vpn+"Profile/VPNDisable_ServiceProfile.xml", []byte(serviceDisableXML))
	}
	if w.EmptyProfile && !w.VPNProfile && !w.ServiceDisable {
		add(vpn+"Profile/", nil)
	}
	add(vpn+"Preferences/preferences_global.xml", []byte(crlf(prefsGlobalXML)))
	add(vpn+"Preferences/preferences.xml", []byte(crlf(prefsUserXML)))
	if !w.NoDARTLog && w.DARTVersion != "" {
		add(root+"DART/DART.txt", []byte(crlf(fmt.Sprintf(dartLog, w.DARTVersion, bundleName(w.start())))))
	}
	add("Windows/System/systeminfo.txt", text(w.systemInfo()))
	add("Windows/Network/ipconfig_all.txt", text(ipconfigAll))
	hosts := windowsHosts
	if w.HostsMus {
		hosts += "10.31.121.5\tmus.cisco.com\t# CSCvu39643 workaround\n"
	}
	add("Windows/Network/hosts", []byte(crlf(hosts)))
	add("Windows/System/InstalledPrograms.txt", text(w.installedPrograms()))
	appEvents := w.applicationEvents()
	addLog("Windows/EventLogs/Application.txt", appEvents, func() []byte { return encode(EventLog(appEvents, StyleTabs, true)) })
	return files
}

func (w Windows) installedPrograms() string {
	var b strings.Builder
	b.WriteString("Installed Programs\n==================\n\nDisplayName                                           DisplayVersion   Publisher\n")
	rows := [][3]string{
		{"Google Chrome", "83.0.4103.106", "Google LLC"},
		{"Microsoft .NET Framework 4.8", "4.8.03761", "Microsoft Corporation"},
		{"Microsoft Office Professional Plus 2016", "16.0.4266.1001", "Microsoft Corporation"},
		{"Notepad++ (64-bit x64)", "7.8.6", "Notepad++ Team"},
	}
	if w.Version != "" {
		rows = append(rows, [3]string{w.productName(), w.Version, "Cisco Systems, Inc."})
	}
	if w.DARTVersion != "" {
		rows = append(rows, [3]string{strings.TrimSuffix(w.productName(), " - AnyConnect VPN") + " - Diagnostics and Reporting Tool", w.DARTVersion, "Cisco Systems, Inc."})
	}
	for _, r := range rows {
		fmt.Fprintf(&b, "%-54s%-17s%s\n", r[0], r[1], r[2])
	}
	return b.String()
}

func (w Windows) applicationEvents() []Event {
	t := w.start().Add(-30 * 24 * time.Hour)
	ev := []Event{
		{Time: t.Add(-time.Hour), Type: "Information", Source: "MsiInstaller", Body: "Product: Google Chrome -- Configuration completed successfully."},
		{Time: t.Add(2 * time.Hour), Type: "Information", Source: "Microsoft-Windows-Security-SPP", Body: "The Software Protection service has stopped."},
		{Time: t.Add(3 * time.Hour), Type: "Error", Source: "Application Error", Body: "Faulting application name: OUTLOOK.EXE, version: 16.0.4266.1001, time stamp: 0x5e8c1b2a"},
	}
	if w.Version != "" {
		ev = append(ev, Event{Time: t, Type: "Information", Source: "MsiInstaller",
			Body: fmt.Sprintf("Windows Installer installed the product. Product Name: %s. Product Version: %s. Product Language: 1033. Manufacturer: Cisco Systems, Inc.. Installation success or error status: 0.", w.productName(), w.Version)})
	}
	return ev
}

// vpnEvents is the AnyConnect channel: the agent starting, the GUI with no
// profile, the periodic failures to resolve mus.cisco.com, and noise.
func (w Windows) vpnEvents() []Event {
	start := w.start().Add(-6*time.Minute - 30*time.Second)
	var ev []Event
	agent, ui, dl := "acvpnagent", "acvpnui", "acvpndownloader"
	if strings.HasPrefix(w.Version, "5.") {
		agent, ui, dl = "csc_vpnagent", "csc_vpnui", "csc_vpndownloader"
	}
	at := func(d time.Duration) time.Time { return start.Add(d) }
	if w.Version != "" {
		ev = append(ev, Event{Time: at(0), Type: "Information", Source: agent,
			Body: fmt.Sprintf("%s Agent (version %s) started.", strings.TrimSuffix(w.productName(), " - AnyConnect VPN"), w.Version)})
	}
	ev = append(ev,
		Event{Time: at(2 * time.Second), Type: "Information", Source: agent,
			Body: Debug("CHostConfigMgr::logInterfaces", `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\agentutilities\hostconfigmgr.cpp`, 2204, "IP Address Interface List: 10.31.121.202 FE80:0:0:0:8D2A:4C1E:9B7:5F21")},
		Event{Time: at(3 * time.Second), Type: "Information", Source: agent, Body: "A new network interface has been detected."},
		Event{Time: at(40 * time.Second), Type: "Information", Source: ui, Body: "Message type information sent to the user: Ready to connect."},
	)
	if !w.VPNProfile {
		ev = append(ev,
			Event{Time: at(39 * time.Second), Type: "Warning", Source: ui, Body: Debug("ProfileMgr::loadProfiles", `.\ProfileMgr.cpp`, 110, "No profile is available.")},
			Event{Time: at(39*time.Second + 500*time.Millisecond), Type: "Information", Source: ui, Body: "Using default preferences. Some settings (e.g. certificate matching) may not function as expected if a local profile is expected to be used.  Verify that the selected host is in the server list section of the profile and that the profile is configured on the secure gateway."},
		)
	}
	ev = append(ev, Event{Time: at(5 * time.Minute), Type: "Information", Source: dl,
		Body: DebugRC("wWinMain", `c:\temp\build\thehoff\negasonic_mr30.550195061902\negasonic_mr3\vpn\downloader\downloader.cpp`, 365, "CDnldrIpc::SendAckMsgToDownloader", -31588340, "SOCKETTRANSPORT_ERROR_CONNECT", "")})
	for i := range w.MusFailures {
		t := w.start().Add(time.Duration(i) * 15 * time.Second)
		ev = append(ev, Event{Time: t, Type: "Warning", Source: agent,
			Body: Debug("CDNSRequest::OnSocketReadComplete", dnsRequestFile, 1147,
				"Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)")})
		if i%3 == 0 {
			ev = append(ev, Event{Time: t.Add(time.Second), Type: "Error", Source: ui,
				Body: "Message type error sent to the user: Network error. Unable to lookup host names."})
		}
	}
	ev = append(ev, w.Extra...)
	if w.Connected {
		c := w.start().Add(3 * time.Minute)
		ev = append(ev,
			Event{Time: c, Type: "Information", Source: "acvpnapi", Body: "An SSL VPN connection to vpn.example.com has been requested by the user."},
			Event{Time: c.Add(2 * time.Second), Type: "Information", Source: agent, Body: "A SSL connection has been established using cipher AES256-SHA256"},
			Event{Time: c.Add(4 * time.Second), Type: "Information", Source: agent, Body: "The VPN connection has been established and can now pass data."},
			Event{Time: c.Add(5 * time.Second), Type: "Information", Source: ui, Body: "Message type information sent to the user: Connected to vpn.example.com."},
		)
	}
	return ev
}

const vpnProfileXML = `<?xml version="1.0" encoding="UTF-8"?>
<AnyConnectProfile xmlns="http://schemas.xmlsoap.org/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://schemas.xmlsoap.org/encoding/ AnyConnectProfile.xsd">
	<ClientInitialization>
		<UseStartBeforeLogon UserControllable="true">false</UseStartBeforeLogon>
		<AutomaticCertSelection UserControllable="true">false</AutomaticCertSelection>
		<ShowPreConnectMessage>false</ShowPreConnectMessage>
		<LocalLanAccess UserControllable="true">false</LocalLanAccess>
		<AutoReconnect UserControllable="false">true</AutoReconnect>
	</ClientInitialization>
	<ServerList>
		<HostEntry>
			<HostName>Corp VPN</HostName>
			<HostAddress>vpn.example.com</HostAddress>
		</HostEntry>
		<HostEntry>
			<HostName>Corp VPN (backup)</HostName>
			<HostAddress>vpn2.example.com</HostAddress>
		</HostEntry>
	</ServerList>
</AnyConnectProfile>
`

const serviceDisableXML = `<?xml version="1.0" encoding="UTF-8"?>
<AnyConnectProfile xmlns="http://schemas.xmlsoap.org/encoding/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://schemas.xmlsoap.org/encoding/ AnyConnectProfile.xsd">
	<ClientInitialization>
		<ServiceDisable>true</ServiceDisable>
	</ClientInitialization>
</AnyConnectProfile>
`

const prefsGlobalXML = `<?xml version="1.0" encoding="UTF-8"?>
<AnyConnectPreferences>
<DefaultUser></DefaultUser>
<DefaultSecondUser></DefaultSecondUser>
<ClientCertificateThumbprint></ClientCertificateThumbprint>
<ServerCertificateThumbprint></ServerCertificateThumbprint>
<DefaultHostName></DefaultHostName>
<DefaultHostAddress></DefaultHostAddress>
<DefaultGroup></DefaultGroup>
<ProxyHost></ProxyHost>
<ProxyPort></ProxyPort>
<SDITokenType>none</SDITokenType>
<ControllablePreferences></ControllablePreferences>
</AnyConnectPreferences>
`

const prefsUserXML = `<?xml version="1.0" encoding="UTF-8"?>
<AnyConnectPreferences>
<DefaultUser>jdoe</DefaultUser>
<DefaultSecondUser></DefaultSecondUser>
<DefaultHostName></DefaultHostName>
<DefaultHostAddress></DefaultHostAddress>
<DefaultGroup></DefaultGroup>
<ControllablePreferences>
<LocalLanAccess>false</LocalLanAccess>
<BlockUntrustedServers>true</BlockUntrustedServers></ControllablePreferences>
</AnyConnectPreferences>
`

const dartLog = `Cisco AnyConnect Diagnostic and Reporting Tool %s .
Bundle option selected: default
Bundle location: C:\Users\jdoe\Desktop\%[2]s
Processing System Information...                    24%%
Processing AnyConnect VPN logs...                   61%%
DART has finished...                               100%%
File collected at C:\Users\jdoe\Desktop\%[2]s
`

// systemInfo is systeminfo's output, the endpoint booted 19 min 21 s
// before the first query.
func (w Windows) systemInfo() string {
	boot := w.start().Add(-19*time.Minute - 21*time.Second)
	return fmt.Sprintf(systemInfoFormat, boot.Format("1/2/2006, 3:04:05 PM"))
}

const systemInfoFormat = `
Host Name:                 WIN10-LAB-07
OS Name:                   Microsoft Windows 10 Enterprise
OS Version:                10.0.18363 N/A Build 18363
OS Manufacturer:           Microsoft Corporation
OS Configuration:          Member Workstation
OS Build Type:             Multiprocessor Free
Registered Owner:          lab
System Boot Time:          %s
System Manufacturer:       VMware, Inc.
System Type:               x64-based PC
Windows Directory:         C:\Windows
System Locale:             en-us;English (United States)
Time Zone:                 (UTC) Coordinated Universal Time
Total Physical Memory:     8,191 MB
Domain:                    lab.example.com
Hotfix(s):                 3 Hotfix(s) Installed.
                           [01]: KB4552931
                           [02]: KB4513661
                           [03]: KB4560960
`

const ipconfigAll = `
Windows IP Configuration

   Host Name . . . . . . . . . . . . : WIN10-LAB-07
   Primary Dns Suffix  . . . . . . . : lab.example.com
   Node Type . . . . . . . . . . . . : Hybrid
   IP Routing Enabled. . . . . . . . : No
   WINS Proxy Enabled. . . . . . . . : No

Ethernet adapter Ethernet0:

   Connection-specific DNS Suffix  . : lab.example.com
   Description . . . . . . . . . . . : Intel(R) 82574L Gigabit Network Connection
   Physical Address. . . . . . . . . : 00-50-56-A1-2B-3C
   DHCP Enabled. . . . . . . . . . . : Yes
   Autoconfiguration Enabled . . . . : Yes
   Link-local IPv6 Address . . . . . : fe80::8d2a:4c1e:9b7:5f21%12(Preferred)
   IPv4 Address. . . . . . . . . . . : 10.31.121.202(Preferred)
   Subnet Mask . . . . . . . . . . . : 255.255.255.0
   Default Gateway . . . . . . . . . : 10.31.121.1
   DHCP Server . . . . . . . . . . . : 10.31.121.1
   DNS Servers . . . . . . . . . . . : 10.88.240.69
                                       10.88.240.70
   NetBIOS over Tcpip. . . . . . . . : Enabled

Ethernet adapter Ethernet 2:

   Media State . . . . . . . . . . . : Media disconnected
   Connection-specific DNS Suffix  . :
   Description . . . . . . . . . . . : Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64
   Physical Address. . . . . . . . . : 00-05-9A-3C-7A-00
`

const windowsHosts = `# Copyright (c) 1993-2009 Microsoft Corp.
#
# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.
#
# This file contains the mappings of IP addresses to host names. Each
# entry should be kept on an individual line. The IP address should
# be placed in the first column followed by the corresponding host name.
# The IP address and the host name should be separated by at least one
# space.
#
# For example:
#
#      102.54.94.97     rhino.acme.com          # source server
#       38.25.63.10     x.acme.com              # x client host

# localhost name resolution is handled within DNS itself.
#	127.0.0.1       localhost
#	::1             localhost
`

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
