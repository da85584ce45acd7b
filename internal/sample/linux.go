package sample

import (
	"fmt"
	"strings"
	"time"
)

// LinuxStart is when the Linux samples' log begins (local time, as syslog
// writes it).
var LinuxStart = time.Date(2026, 3, 9, 9, 14, 0, 0, time.UTC)

// Linux describes a Linux DART bundle of Cisco Secure Client 5.x: the VPN
// records as journalctl's short (syslog-style) output, /etc/os-release,
// resolv.conf, uname and the hosts file.
type Linux struct {
	Version    string // e.g. "5.1.19.1862"
	VPNProfile bool
	// Extra lines are appended to the journal, as written; Line formats
	// one.
	Extra []string
}

// Line returns a journal line of tag[pid] at LinuxStart+d.
func (Linux) Line(d time.Duration, tag string, pid int, msg string) string {
	return fmt.Sprintf("%s ubuntu-lab %s[%d]: %s", LinuxStart.Add(d).Format(time.Stamp), tag, pid, msg)
}

// Files returns the bundle's files.
func (l Linux) Files() []File {
	mod := LinuxStart.Add(time.Hour)
	var files []File
	add := func(name, data string) { files = append(files, File{Name: name, Data: []byte(data), Mod: mod}) }
	root := "Cisco Secure Client/"
	add(root+"VPN/Logs/journalctl-vpn.txt", l.journal())
	if l.VPNProfile {
		add(root+"VPN/Profile/Corp_VPN.xml", vpnProfileXML)
	}
	add(root+"DART/dart.log", strings.Replace(fmt.Sprintf(dartLog, l.Version, bundleName(TechNoteStart)), `C:\Users\jdoe\Desktop\`, "/home/jdoe/", 2))
	add("System/os-release", linuxOSRelease)
	add("System/uname.txt", "Linux ubuntu-lab 5.15.0-101-generic #111-Ubuntu SMP Tue Mar 5 20:16:58 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n")
	add("System/resolv.conf", "# This is /run/systemd/resolve/stub-resolv.conf managed by man:systemd-resolved(8).\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lab.example.com\n")
	add("System/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\tubuntu-lab\n\n# The following lines are desirable for IPv6 capable hosts\n::1     ip6-localhost ip6-loopback\n")
	return files
}

func (l Linux) journal() string {
	var b strings.Builder
	line := func(d time.Duration, tag string, pid int, msg string) {
		b.WriteString(l.Line(d, tag, pid, msg))
		b.WriteByte('\n')
	}
	line(0, "systemd", 1, "Started vpnagentd.service - Cisco Secure Client - AnyConnect VPN Agent.")
	line(time.Second, "vpnagentd", 1130, fmt.Sprintf("Cisco Secure Client - AnyConnect VPN Agent (version %s) started.", l.Version))
	line(2*time.Second, "vpnagentd", 1130, "Function: logInterfaces File: ../../vpn/AgentUtilities/Routing/InterfaceRouteMonitorCommon.cpp Line: 477 IP Address Interface List: 192.168.56.20 FE80:0:0:0:A00:27FF:FE4E:66A1")
	line(3*time.Second, "vpnagentd", 1130, "A new network interface has been detected.")
	if !l.VPNProfile {
		line(40*time.Second, "vpnui", 2211, "Function: loadProfiles File: ProfileMgr.cpp Line: 110 No profile is available.")
	}
	line(41*time.Second, "vpnui", 2211, "Message type information sent to the user: Ready to connect.")
	line(42*time.Second, "vpnui", 2211, "VPN state: Disconnected Network state: Network Accessible Network control state: Network Access: Available Network type: Undefined")
	for _, x := range l.Extra {
		b.WriteString(x)
		b.WriteByte('\n')
	}
	return b.String()
}

const linuxOSRelease = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
`
