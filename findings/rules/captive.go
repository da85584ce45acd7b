package rules

import (
	"github.com/dartkit/dartkit/findings"
)

// CaptivePortal reports the agent detecting a captive portal.
var CaptivePortal = &findings.Rule{
	ID:       "captive-portal",
	Title:    "Captive portal blocks the VPN",
	Severity: findings.SeverityMedium,
	Doc: `Detects the captive-portal message "The service provider in your current
location is restricting access to the Internet. You need to log on with the
service provider before you can establish a VPN session. You can try this by
visiting any website with your browser." The agent's captive-portal
detection saw a hotspot login page instead of the headend (or, rarely, a
false positive: a proxy or filter answering for the headend). The match is
on "is restricting access to the Internet". A later established connection
cancels the finding.

CONFIRMED: the text (public code).`,
	Component:  "vpnagent",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "technote", ID: "118086", Title: "Cisco TechNote 118086: AnyConnect Captive Portal Detection and Remediation", URL: "https://cisco.com/c/en/us/support/docs/security/anyconnect-secure-mobility-client/118086-technote-anyconnect-00.html"}, profileEditorRef},
	Remediation: []string{
		"Open a browser and log in to the hotspot, then connect again.",
		"If there is no hotspot (a false positive), look for a proxy or filter answering for the headend; as a last resort allow the user to set \"Disable Captive Portal Detection\" in the profile.",
	},
	Signals: standardSignals(vpnSignal("portal", "is restricting access to the Internet")),
	Check: func(p *findings.Pass) error {
		reportMessage(p, "The agent detected a captive portal",
			"The network the endpoint is on redirects web traffic to a login page, so the client cannot reach the headend until the user logs in to it.", "portal")
		return nil
	},
}
