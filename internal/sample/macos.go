package sample

import (
	"fmt"
	"strings"
	"time"
)

// MacOS describes a macOS DART bundle: AnyConnect's records in system.log
// (syslog lines, as 4.x bundles hold them) and a `log show` excerpt.
type MacOS struct {
	Version     string // e.g. "4.9.05042"
	MusFailures int
	HostsMus    bool
	// Extra lines are appended to system.log, as written (syslog lines).
	Extra []string
}

// Files returns the bundle's files.
func (m MacOS) Files() []File {
	mod := time.Date(2021, 6, 17, 9, 30, 0, 0, time.UTC)
	var files []File
	add := func(name, data string) { files = append(files, File{Name: name, Data: []byte(data), Mod: mod}) }
	root := "Cisco AnyConnect Secure Mobility Client/"
	add(root+"AnyConnect VPN/Logs/system.log", m.systemLog())
	add(root+"AnyConnect VPN/Logs/vpnagentd_log_show.txt", m.unifiedLog())
	add(root+"AnyConnect VPN/Preferences/.anyconnect", prefsUserXML)
	add(root+"DART/dart.log", fmt.Sprintf(dartLog, "4.9.05042", bundleName(TechNoteStart)))
	add("System/sw_vers.txt", "ProductName:\tMac OS X\nProductVersion:\t10.15.7\nBuildVersion:\t19H2\n")
	add("System/uname.txt", "Darwin MacBook-Pro.local 19.6.0 Darwin Kernel Version 19.6.0: Thu Jun 18 20:49:00 PDT 2020; root:xnu-6153.141.1~1/RELEASE_X86_64 x86_64\n")
	add("System/scutil_dns.txt", scutilDNS)
	add("System/pkgutil.txt", fmt.Sprintf("package-id: com.cisco.pkg.anyconnect.vpn\nversion: %s\nvolume: /\nlocation: /\ninstall-time: 1617262011\n", m.Version))
	hosts := macHosts
	if m.HostsMus {
		hosts += "192.168.1.5 mus.cisco.com\n"
	}
	add("System/hosts", hosts)
	return files
}

func (m MacOS) systemLog() string {
	var b strings.Builder
	t := time.Date(2021, 6, 17, 9, 14, 2, 0, time.UTC)
	line := func(at time.Time, tag string, pid int, msg string) {
		fmt.Fprintf(&b, "%s MacBook-Pro %s[%d]: %s\n", at.Format(time.Stamp), tag, pid, msg)
	}
	line(t, "syslogd", 41, "ASL Sender Statistics")
	line(t.Add(time.Second), "acvpnagent", 123, fmt.Sprintf("Cisco AnyConnect Secure Mobility Client Agent (version %s) started.", m.Version))
	line(t.Add(2*time.Second), "acvpnagent", 123, "Function: saveRulesToConfigFile File: ../../vpn/AgentUtilities/UnixFwUtil_OSX.cpp Line: 758 Updating pf configuration file /opt/cisco/anyconnect/ac_pf_final.conf with: 0 options, 0 scrubs, 1 IPv4 rules, 1 IPv6 rules")
	line(t.Add(3*time.Second), "acvpnui", 311, "Function: loadProfiles File: ProfileMgr.cpp Line: 110 No profile is available.")
	line(t.Add(4*time.Second), "kernel", 0, "en0: promiscuous mode enable succeeded")
	start := time.Date(2021, 6, 17, 9, 15, 5, 0, time.UTC)
	fail := "Function: OnSocketReadComplete File: ../../vpn/Common/IP/DNSRequest.cpp Line: 1147 Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 192.168.1.1 (timeout 11000 ms) "
	for i := 0; i < m.MusFailures; i++ {
		at := start.Add(time.Duration(i) * 15 * time.Second)
		if i == 2 {
			// rsyslog folds an identical message into the next one.
			line(at, "acvpnagent", 123, fail)
			line(at.Add(15*time.Second), "acvpnagent", 123, "message repeated 1 time: [ "+fail+"]")
			i++
			continue
		}
		line(at, "acvpnagent", 123, fail)
		if i%4 == 0 {
			line(at.Add(time.Second), "acvpnui", 311, "Message type error sent to the user: Network error. Unable to lookup host names.")
		}
		if i == 1 {
			line(at.Add(3*time.Second), "mDNSResponder", 88, "mDNS_Execute: SendQueries didn't send all its queries (1/2)#011Will try again in one second")
		}
	}
	for _, l := range m.Extra {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}

func (m MacOS) unifiedLog() string {
	return `Filtering the log data using "process == "vpnagentd""
Timestamp                       Thread     Type        Activity             PID    TTL  
2021-06-17 09:14:03.102344-0700 0x1c2a     Default     0x0                  123    0    vpnagentd: (libvpnagentutilities.dylib) A new network interface has been detected.
2021-06-17 09:14:03.512001-0700 0x1c2a     Default     0x0                  123    0    vpnagentd: (libvpnagentutilities.dylib) Function: logInterfaces File: ../../vpn/AgentUtilities/Routing/InterfaceRouteMonitorCommon.cpp Line: 477 IP Address Interface List: 192.168.1.23 FE80:0:0:0:1C2B:3D4E:5F60:7182
--------------------------------------------------------------------------------------------------------------------
Log      - Default:          2, Info:                0, Debug:             0, Error:          0, Fault:          0
Activity - Create:           0, Transition:          0, Actions:           0
`
}

const scutilDNS = `DNS configuration

resolver #1
  search domain[0] : home.example
  nameserver[0] : 192.168.1.1
  if_index : 6 (en0)
  flags    : Request A records
  reach    : 0x00020002 (Reachable,Directly Reachable Address)

resolver #2
  domain   : local
  options  : mdns
  timeout  : 5
  flags    : Request A records
  reach    : 0x00000000 (Not Reachable)
  order    : 300000
`

const macHosts = `##
# Host Database
#
# localhost is used to configure the loopback interface
# when the system is booting.  Do not change this entry.
##
127.0.0.1	localhost
255.255.255.255	broadcasthost
::1             localhost
`
