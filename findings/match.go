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
// source of the form "name (detail)" or "name: detail" also matches name,
// so "vpnagentd (libvpnagentutilities.dylib)" is vpnagentd; a source that
// starts with the product's name ("Cisco Secure Client - AnyConnect VPN
// (ext)", "Cisco AnyConnect Secure Mobility Client") is that name.
func SourceIs(r *logparse.Record, names ...string) bool {
	src := r.Source
	if p := productOf(src); p != "" {
		// The client's own name, as macOS names its processes and
		// extensions: "Cisco Secure Client - AnyConnect VPN (ext)".
		src = p
	} else if i := strings.IndexAny(src, " (:"); i > 0 {
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

// products are the client's names as process names start with them, each
// a name of vpnSources.
var products = []string{"cisco anyconnect secure mobility client", "cisco secure client"}

// productOf returns the product name src starts with, or "".
func productOf(src string) string {
	for _, p := range products {
		if len(src) >= len(p) && strings.EqualFold(src[:len(p)], p) {
			return p
		}
	}
	return ""
}
