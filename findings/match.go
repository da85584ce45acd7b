package findings

import (
	"strings"

	"github.com/dartkit/dartkit/logparse"
)

// vpnSources are the record sources of the VPN core: Windows event providers
// and syslog tags of AnyConnect 4.x and Secure Client 5.x, and the binaries'
// names as the macOS unified log gives them.
var vpnSources = []string{
	"acvpnagent", "acvpnui", "acvpnapi", "acvpndownloader", "acwebhelper",
	"vpnagentd", "vpnagent", "vpnui", "vpnapi", "vpndownloader",
	"csc_vpnagent", "csc_vpnui", "csc_vpnapi", "csc_vpndownloader",
	"cisco anyconnect secure mobility client", "cisco secure client",
}

// agentSources are the sources of the VPN agent alone.
var agentSources = []string{"acvpnagent", "vpnagentd", "vpnagent", "csc_vpnagent"}

// guiSources are the sources of the GUI and the API it uses.
var guiSources = []string{"acvpnui", "acvpnapi", "vpnui", "vpnapi", "csc_vpnui", "csc_vpnapi", "cisco anyconnect secure mobility client", "cisco secure client"}

// VPNSources returns the record sources of the VPN core (agent, GUI, API,
// downloader), for a [Signal]'s Sources.
func VPNSources() []string { return vpnSources }

// AgentSources returns the record sources of the VPN agent.
func AgentSources() []string { return agentSources }

// GUISources returns the record sources of the GUI and its API.
func GUISources() []string { return guiSources }

// SourceIs reports whether r's source is one of names, ignoring case. A
// source of the form "name.suffix" or "name (detail)" also matches name, so
// "vpnagentd (libvpnagentutilities.dylib)" is vpnagentd.
func SourceIs(r *logparse.Record, names ...string) bool {
	src := r.Source
	if i := strings.IndexAny(src, " (:"); i > 0 && !strings.HasPrefix(strings.ToLower(src), "cisco") {
		src = src[:i]
	}
	for _, n := range names {
		if strings.EqualFold(src, n) {
			return true
		}
	}
	return false
}

// RecordContains reports whether s occurs in r's message or in its header's
// description or invoked function (case-sensitive).
func RecordContains(r *logparse.Record, s string) bool {
	return strings.Contains(r.Message, s) ||
		strings.Contains(r.Header.Description, s) ||
		strings.Contains(r.Header.InvokedFunction, s) ||
		strings.Contains(r.Header.Function, s)
}

// ContainsFold reports whether substr occurs in s, ignoring ASCII case.
func ContainsFold(s, substr string) bool {
	n := len(substr)
	if n == 0 {
		return true
	}
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], substr) {
			return true
		}
	}
	return false
}
