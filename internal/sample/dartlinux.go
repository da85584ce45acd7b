package sample

import (
	"fmt"
	"strings"
	"time"
)

// DartcliLinux describes a Linux bundle of AnyConnect 4.x as Cisco's
// dartcli writes it (dart-format.md §1b): summary.txt at the root, the
// system logs and commands' output flat in "General Information/", the
// VPN files flat in "Cisco AnyConnect Secure Mobility Client/", no
// directory entries, entries in dartcli's own order (ZipDART). The VPN
// records are syslog lines (acvpnagent, acvpnui) in syslog and its rotated
// copy; the preferences are anyconnect_global and anyconnect.
type DartcliLinux struct {
	Version string // e.g. "4.8.03052"
	// MusFailures is how many failed queries of mus.cisco.com the agent
	// logged, one every 15 s from TechNoteStart.
	MusFailures int
	VPNProfile  bool
}

// dartcliStamp is the install log's time stamp.
const dartcliStamp = "06102020092215"

// Files returns the bundle's files.
func (l DartcliLinux) Files() []File {
	mod := TechNoteStart.Add(10 * time.Minute)
	var files []File
	add := func(name, data string) { files = append(files, File{Name: name, Data: []byte(data), Mod: mod}) }
	gen, vpn := generalTitle+"/", vpnTitle+"/"
	add(gen+"uname_result.txt", resultBanner("uname -a")+"Linux ubuntu-lab 5.4.0-37-generic #41-Ubuntu SMP Wed Jun 3 18:57:02 UTC 2020 x86_64 x86_64 x86_64 GNU/Linux\n")
	add(vpn+"hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tubuntu-lab\n\n# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\n")
	add(gen+"syslog", l.syslog())
	add(vpn+"update.txt", strings.ReplaceAll(l.Version, ".", ",")+"\n")
	// summary.txt goes here, fifth.
	add(gen+"kern.log", l.sysLine(-20*time.Minute, "kernel", 0, "[    0.000000] Linux version 5.4.0-37-generic (buildd@lcy01-amd64-001) (gcc version 9.3.0 (Ubuntu 9.3.0-10ubuntu2)) #41-Ubuntu SMP Wed Jun 3 18:57:02 UTC 2020 (Ubuntu 5.4.0-37.41-generic 5.4.41)\n"))
	add(vpn+"anyconnect-linux64-"+l.Version+"-core-vpn-webdeploy-k9-"+dartcliStamp+".log", l.installLog())
	add(gen+"ifconfig_result.txt", resultBanner("ifconfig -a")+linuxIfconfig)
	add(vpn+"VPNManifest.dat", vpnManifest(l.Version))
	add(gen+"syslog.1", l.sysLine(-3*time.Hour, "systemd", 1, "Started Session 2 of user jdoe.\n")+l.sysLine(-3*time.Hour+time.Second, "acvpnagent", 1130, "A new network interface has been detected. \n"))
	add(vpn+"AnyConnectLocalPolicy.xml", localPolicyXML)
	if l.VPNProfile {
		add(vpn+"Corp_VPN.xml", vpnProfileXML)
	}
	add(gen+"netstat_result.txt", resultBanner("netstat -rn")+linuxNetstat)
	add(vpn+"AnyConnectProfile.xsd", profileXSD)
	add(gen+"messages", l.sysLine(-19*time.Minute, "rsyslogd", 612, "[origin software=\"rsyslogd\" swVersion=\"8.2001.0\"] start\n"))
	add(gen+"iptables_result.txt", resultBanner("iptables -L -n -v")+linuxIptables)
	add(gen+"kern.log.1", l.sysLine(-3*time.Hour, "kernel", 0, "[    3.118240] e1000: enp0s3 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX\n"))
	add(vpn+"debug_routechangesv4.txt", "IPv4 route changes\n")
	// /opt/cisco/anyconnect/.anyconnect_global and ~/.anyconnect, their
	// leading dots dropped as dartcli drops them.
	add(vpn+"anyconnect_global", prefsGlobalXML)
	add(vpn+"anyconnect", prefsUserXML)

	sum := summary{
		time:     mod,
		os:       "Linux : Linux 5.4.0-37-generic #41-Ubuntu SMP Wed Jun 3 18:57:02 UTC 2020 x86_64",
		user:     "jdoe",
		location: "/home/jdoe/Desktop/DARTBundle_0617_2031.zip",
	}
	vpnSec := summarySection{title: vpnTitle, included: included(files, vpn, linuxIDs(l.Version))}
	if !l.VPNProfile {
		vpnSec.omitted = []summaryRow{{id: "VPNProfiles", name: "N/A", desc: "AnyConnect VPN profiles", reason: "No file found with path matching: /opt/cisco/anyconnect/profile/*.xml"}}
	}
	sum.sections = []summarySection{{title: generalTitle, included: included(files, gen, linuxIDs(l.Version))}, vpnSec}
	return withSummary(files, 4, sum, mod)
}

// linuxIDs gives each file of a Linux bundle its summary ID and
// description (names of our own: the configs' IDs were not read).
func linuxIDs(version string) map[string][2]string {
	return map[string][2]string{
		"uname_result.txt":    {"Uname", "Output of uname -a"},
		"ifconfig_result.txt": {"Ifconfig", "Output of ifconfig -a"},
		"netstat_result.txt":  {"Netstat", "Output of netstat -rn"},
		"iptables_result.txt": {"Iptables", "Output of iptables -L -n -v"},
		"syslog":              {"Syslog", "System log"},
		"syslog.1":            {"Syslog", "System log"},
		"messages":            {"Messages", "System messages log"},
		"kern.log":            {"KernLog", "Kernel log"},
		"kern.log.1":          {"KernLog", "Kernel log"},
		"hosts":               {"HostsFile", "Hosts file"},
		"update.txt":          {"UpdateVersion", "Installed version"},
		"VPNManifest.dat":     {"VPNManifest", "Installed files manifest"},
		"anyconnect-linux64-" + version + "-core-vpn-webdeploy-k9-" + dartcliStamp + ".log": {"InstallLogs", "AnyConnect install logs"},
		"AnyConnectLocalPolicy.xml": {"LocalPolicy", "AnyConnect local policy"},
		"Corp_VPN.xml":              {"VPNProfiles", "AnyConnect VPN profiles"},
		"AnyConnectProfile.xsd":     {"VPNProfileSchema", "AnyConnect VPN profile schema"},
		"debug_routechangesv4.txt":  {"RouteChangesV4", "IPv4 route changes"},
		"anyconnect_global":         {"GlobalPreferences", "AnyConnect global preferences"},
		"anyconnect":                {"UserPreferences", "AnyConnect user preferences"},
	}
}

// sysLine returns a syslog line of tag[pid] at TechNoteStart+d, ended by
// a newline; pid 0 writes the tag alone, as the kernel's lines have it.
func (DartcliLinux) sysLine(d time.Duration, tag string, pid int, msg string) string {
	t := TechNoteStart.Add(d).Format(time.Stamp)
	if pid == 0 {
		return fmt.Sprintf("%s ubuntu-lab %s: %s", t, tag, msg)
	}
	return fmt.Sprintf("%s ubuntu-lab %s[%d]: %s", t, tag, pid, msg)
}

// syslog is /var/log/syslog: the agent starting, the GUI finding no
// profile, then the TechNote's failures as syslog lines (one line each,
// with the trailing space the client leaves).
func (l DartcliLinux) syslog() string {
	var b strings.Builder
	line := func(d time.Duration, tag string, pid int, msg string) {
		b.WriteString(l.sysLine(d, tag, pid, msg+"\n"))
	}
	start := -6*time.Minute - 30*time.Second
	line(start, "systemd", 1, "Started LSB: Cisco AnyConnect Secure Mobility Client for Linux.")
	line(start, "acvpnagent", 1130, fmt.Sprintf("Cisco AnyConnect Secure Mobility Client Agent (version %s) started. ", l.Version))
	line(start+2*time.Second, "acvpnagent", 1130, "Function: logInterfaces File: ../../vpn/AgentUtilities/Routing/InterfaceRouteMonitorCommon.cpp Line: 477 IP Address Interface List: 192.168.56.20 FE80:0:0:0:A00:27FF:FE4E:66A1 ")
	if !l.VPNProfile {
		line(start+39*time.Second, "acvpnui", 2211, "Function: loadProfiles File: ProfileMgr.cpp Line: 110 No profile is available. ")
	}
	line(start+40*time.Second, "acvpnui", 2211, "Message type information sent to the user: Ready to connect. ")
	for i := range l.MusFailures {
		d := time.Duration(i) * 15 * time.Second
		line(d, "acvpnagent", 1130, "Function: OnSocketReadComplete File: ../../vpn/Common/IP/DNSRequest.cpp Line: 1147 Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 192.168.56.1 (timeout 11000 ms) ")
		if i%3 == 0 {
			line(d+time.Second, "acvpnui", 2211, "Message type error sent to the user: Network error. Unable to lookup host names. ")
		}
	}
	return b.String()
}

func (l DartcliLinux) installLog() string {
	return fmt.Sprintf("Installing Cisco AnyConnect Secure Mobility Client...\nExtracting installation files to /tmp/vpn.xAJ3Yd/vpninst959613226.tgz...\nUnarchiving installation files to /tmp/vpn.xAJ3Yd...\nStarting Cisco AnyConnect Secure Mobility Client Agent...\nDone!\nAnyConnect Secure Mobility Client %s installed successfully.\n", l.Version)
}

const linuxIfconfig = `enp0s3: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500
        inet 192.168.56.20  netmask 255.255.255.0  broadcast 192.168.56.255
        inet6 fe80::a00:27ff:fe4e:66a1  prefixlen 64  scopeid 0x20<link>
        ether 08:00:27:4e:66:a1  txqueuelen 1000  (Ethernet)

lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536
        inet 127.0.0.1  netmask 255.0.0.0
        loop  txqueuelen 1000  (Local Loopback)
`

const linuxNetstat = `Kernel IP routing table
Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface
0.0.0.0         192.168.56.1    0.0.0.0         UG        0 0          0 enp0s3
192.168.56.0    0.0.0.0         255.255.255.0   U         0 0          0 enp0s3
`

const linuxIptables = `Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination
`
