package rules

import (
	"strings"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// A message is a rule that recognises one failure the VPN client reports
// in fixed words, as data: the words to look for, and those of the
// finding. Its finding quotes the first record, counts them and gives their
// times, then says the cause and what the bundle shows of connections since;
// a later established connection cancels it (see [reportMessage]).
//
// A message the user is told that names the cause of a failed attempt
// belongs in explainingTexts too, so that gateway-connect-failed does not
// report the same failure as unexplained.
type message struct {
	ID        string
	Title     string
	Severity  findings.Severity
	Component string
	Platforms []dart.Platform // empty: every platform
	Doc       string
	// Texts are what the rule looks for; a record holding any of them is
	// a failure.
	Texts []text
	// Lead opens the summary ("The secure gateway rejected the attempt"),
	// Cause is its sentence on why.
	Lead, Cause  string
	Remediation  []string
	References   []findings.Reference
	SupersededBy []string // see [findings.Rule]
}

// A text is one wording a message rule looks for in the records of the
// VPN client's processes.
type text struct {
	Signal   string // the name of the signal that collects the records
	Contains string
	// Told restricts the text to a message the client showed the user,
	// "Message type error sent to the user: ...".
	Told bool
	// Function, if set, must end the function the record's debug header
	// names, where the text alone could be logged elsewhere. It is not
	// read when Told is set.
	Function string
}

// signal returns the signal that collects the records holding t.
func (t text) signal() findings.Signal {
	if t.Told {
		return userMessage(t.Signal, t.Contains)
	}
	s := vpnSignal(t.Signal, t.Contains)
	if t.Function != "" {
		s.Match = func(r *logparse.Record) bool { return strings.HasSuffix(r.Header.Function, t.Function) }
	}
	return s
}

// rule returns the rule m describes. It needs the VPN log, and reads its
// texts with the signals of connections and of the user's requests.
func (m message) rule() *findings.Rule {
	names := make([]string, len(m.Texts))
	sigs := make([]findings.Signal, len(m.Texts))
	for i, t := range m.Texts {
		names[i], sigs[i] = t.Signal, t.signal()
	}
	refs := m.References
	if refs == nil {
		refs = []findings.Reference{} // a finding lists its references, even none
	}
	return &findings.Rule{
		ID: m.ID, Title: m.Title, Severity: m.Severity, Doc: m.Doc, Component: m.Component, Platforms: m.Platforms,
		Needs:      []findings.Input{findings.InputVPNLog},
		References: refs, Remediation: m.Remediation, SupersededBy: m.SupersededBy,
		Identity: failureIdentity,
		Signals:  standardSignals(sigs...),
		Check: func(p *findings.Pass) error {
			reportMessage(p, m.Lead, m.Cause, names...)
			return nil
		},
	}
}

// The message rules, in catalogue order; the number after each is its
// place in the catalogue, as in [All].
var (
	// Reason59CertProblems reports connections the agent ended with reason
	// code 59, certificate problems.
	Reason59CertProblems = message{ // 3
		ID:        "cert-invalid-reason-59",
		Title:     "Connection ended: certificate problems (reason 59)",
		Severity:  findings.SeverityHigh,
		Component: "vpnagent",
		Doc: `Detects "Termination reason code 59: Connection attempt failed due to
certificate problems." from the agent and the GUI's "The certificate on the
secure gateway is invalid." Certificate validation of the headend failed.
When the bundle also shows "Required NSS library was not found" on a Linux
5.x client, linux-nss-missing reports the cause and this rule stays silent.
A later established connection cancels the finding.

CONFIRMED as reported: the texts (Secure Client 5.1.19 on Linux, packaging
notes in public code).`,
		Texts: []text{
			{Signal: "reason", Contains: reason59Text},
			{Signal: "told", Contains: certInvalidGUI, Told: true},
		},
		Lead:  "The agent ended connection attempts for certificate problems",
		Cause: "Validation of the headend's certificate failed (expired, wrong name, or a chain the endpoint does not trust).",
		Remediation: []string{
			"Check the headend's certificate: validity dates, the name the user connects to, and the chain up to a trusted CA.",
			"Check the endpoint's trust store; on Linux, the CA store the client reads (/opt/.cisco/certificates/ca and the NSS libraries).",
		},
		// linux-nss-missing names the cause.
		SupersededBy: []string{"linux-nss-missing"},
	}.rule()

	// RemoteUserDisabled reports a connection refused because the user is
	// logged in remotely.
	RemoteUserDisabled = message{ // 5
		ID:        "vpn-remote-user-disabled",
		Title:     "VPN refused: started by a remote user",
		Severity:  findings.SeverityHigh,
		Component: "vpnagent",
		Doc: `Detects the agent's refusal to connect for a user who is logged in remotely:
"VPN establishment capability for a remote user is disabled.  A VPN
connection will not be established." (two spaces after the first period).
The profile's WindowsVPNEstablishment (or LinuxVPNEstablishment) is
LocalUsersOnly and the client was started from an RDP, SSH or other remote
session. A later "The VPN connection has been established and can now pass
data." cancels the finding: the last state wins.

CONFIRMED: the message text (vpncli output quoted in public code).`,
		Texts: []text{{Signal: "refused", Contains: "VPN establishment capability for a remote user is disabled"}},
		Lead:  "The agent refused to establish the VPN for a remote user",
		Cause: "The profile allows only local users (WindowsVPNEstablishment or LinuxVPNEstablishment is LocalUsersOnly) and the client ran in a remote session.",
		Remediation: []string{
			"Start the connection from the local console, or",
			"set WindowsVPNEstablishment (LinuxVPNEstablishment on Linux) to AllowRemoteUsers in the VPN profile on the headend, if remote establishment is wanted.",
		},
		References: []findings.Reference{profileEditorRef},
	}.rule()

	// RemoteDesktopDisabled reports a connection refused because the client
	// runs in a remote-desktop session.
	RemoteDesktopDisabled = message{ // 6
		ID:        "vpn-remote-desktop-disabled",
		Title:     "VPN refused: started from a remote desktop",
		Severity:  findings.SeverityHigh,
		Component: "vpnagent",
		Doc: `Detects "VPN establishment capability from a remote desktop is disabled.  A
VPN connection will not be established." The client ran in a remote-desktop
session: an RDP session, or a Hyper-V Enhanced Session (which is RDP), while
the profile's WindowsVPNEstablishment is LocalUsersOnly. The GUI's Message
History shows the same text. A later established connection cancels the
finding.

CONFIRMED: the message text and the Hyper-V Enhanced Session cause (public
code).`,
		Texts: []text{{Signal: "refused", Contains: "VPN establishment capability from a remote desktop is disabled"}},
		Lead:  "The agent refused to establish the VPN from a remote desktop",
		Cause: "The client ran in a remote-desktop session (RDP, or a Hyper-V Enhanced Session) and the profile allows only local users.",
		Remediation: []string{
			"Connect from the local console; for a Hyper-V virtual machine use a basic session instead of an Enhanced Session.",
			"Or set WindowsVPNEstablishment to AllowRemoteUsers in the VPN profile on the headend.",
		},
		References: []findings.Reference{profileEditorRef},
	}.rule()

	// SingleLocalUser reports a connection refused because several users are
	// logged in while the profile demands one.
	SingleLocalUser = message{ // 7
		ID:        "vpn-single-local-user",
		Title:     "VPN refused: profile mandates a single local user",
		Severity:  findings.SeverityHigh,
		Component: "vpnagent",
		Doc: `Detects "AnyConnect profile settings mandate a single local user, but
multiple local users are currently logged into your computer.  A VPN
connection will not be established." The profile's WindowsLogonEnforcement
is SingleLocalLogon and a second session exists, often a stale console or
RDP session of another user. A later established connection cancels the
finding.

CONFIRMED: the message text (public code).`,
		Texts: []text{{Signal: "refused", Contains: "mandate a single local user, but multiple local users are currently logged into your computer"}},
		Lead:  "The agent refused to establish the VPN because several users are logged in",
		Cause: "The profile's WindowsLogonEnforcement is SingleLocalLogon and another session is open on the endpoint.",
		Remediation: []string{
			"Log off the other sessions (query user / Task Manager > Users on Windows) and connect again.",
			"Or set WindowsLogonEnforcement to SingleLogon in the VPN profile, if several local users are expected.",
		},
		References: []findings.Reference{profileEditorRef},
	}.rule()

	// UnauthorizedMechanism reports a login the headend denied because the
	// tunnel protocol is not allowed for the user's group.
	UnauthorizedMechanism = message{ // 8
		ID:        "vpn-unauthorized-connection-mechanism",
		Title:     "Headend denied the login: unauthorized connection mechanism",
		Severity:  findings.SeverityHigh,
		Component: "vpnui",
		Doc: `Detects the headend's refusal "Login denied, unauthorized connection
mechanism, contact your administrator." (and the GUI's "Unauthorized
connection mechanism, contact your local administrator."). The user
authenticated, but the group policy's vpn-tunnel-protocol does not allow
the client's protocol (ssl-client or ikev2), or the user was mapped to the
wrong tunnel group, group policy or DAP record. The match is on the phrase
"nauthorized connection mechanism", which both wordings hold. A later
established connection cancels the finding.

CONFIRMED: the headend's text (public code, an openconnect wrapper's test);
the GUI wording has lower confidence (a help-desk runbook).`,
		Texts: []text{{Signal: "denied", Contains: "nauthorized connection mechanism"}},
		Lead:  "The secure gateway denied the login",
		Cause: "The headend does not allow this connection mechanism for the user's group policy (vpn-tunnel-protocol) or mapped the user to the wrong group.",
		Remediation: []string{
			"On the headend, allow the client's protocol (ssl-client, ikev2) in the vpn-tunnel-protocol of the user's group policy.",
			"Check which tunnel group, group policy and DAP record the user is mapped to (ASA: show vpn-sessiondb detail anyconnect, debug of the authorization).",
		},
		References: []findings.Reference{{Kind: "doc", Title: "Cisco ASA Series VPN Configuration Guide 9.6: Connection Profiles, Group Policies, and Users (vpn-tunnel-protocol)", URL: "https://cisco.com/c/en/us/td/docs/security/asa/asa96/configuration/vpn/asa-96-vpn-config/vpn-groups.html"}},
	}.rule()

	// SubsystemInitFailed reports the GUI failing to initialise its connection
	// subsystem.
	SubsystemInitFailed = message{ // 9
		ID:        "vpn-connection-subsystem-failed",
		Title:     "GUI failed to initialize the connection subsystem",
		Severity:  findings.SeverityHigh,
		Component: "vpnui",
		Doc: `Detects "Failed to initialize connection subsystem" from the GUI or its API:
the client cannot even start a connection. A later established connection
cancels the finding.

CONFIRMED: the text only (public code). BELIEVED causes:
the GUI cannot reach the VPN agent (service stopped or blocked), or, in the
Windows 8.1 era, a Windows update broke the client's use of WinINet/IE,
fixed by a compatibility setting or a client update.`,
		Texts: []text{{Signal: "failed", Contains: "Failed to initialize connection subsystem"}},
		Lead:  "The client failed to initialize its connection subsystem",
		Cause: "The GUI could not start its connection machinery; BELIEVED causes are an unreachable VPN agent or a broken WinINet dependency after a Windows update.",
		Remediation: []string{
			"Check that the VPN agent service runs (vpnagent / csc_vpnagent on Windows, vpnagentd on macOS and Linux) and restart it.",
			"Update the client to a current release; on old Windows 8.1 endpoints look for the WinINet compatibility fix.",
		},
		References: []findings.Reference{troubleshootRef},
	}.rule()

	// IPCDepotICS reports the agent failing to create its IPC depot, which on
	// Windows means Internet Connection Sharing.
	IPCDepotICS = message{ // 11
		ID:        "ipc-depot-ics",
		Title:     "Agent cannot create its IPC depot: Internet Connection Sharing",
		Severity:  findings.SeverityHigh,
		Component: "vpnagent",
		Platforms: []dart.Platform{dart.PlatformWindows},
		Doc: `Detects "The VPN client agent was unable to create the interprocess
communication depot." On Windows the known cause is Internet Connection
Sharing (ICS) enabled on an adapter, which takes the agent's IPC port; the
fix is to disable ICS and restart the agent. The same text appears on Linux
in containers (distrobox with Secure Client 5.1.5), a different cause, so
the rule runs on Windows bundles only. A later established connection
cancels the finding.

CONFIRMED: text and ICS cause (several READMEs, public code).`,
		Texts: []text{{Signal: "depot", Contains: "unable to create the interprocess communication depot"}},
		Lead:  "The VPN agent could not create its interprocess communication depot",
		Cause: "On Windows this is Internet Connection Sharing enabled on an adapter, holding the port the agent needs; the GUI cannot talk to the agent.",
		Remediation: []string{
			"Disable Internet Connection Sharing: Network Connections > adapter Properties > Sharing, clear \"Allow other network users to connect\"; or stop the \"Internet Connection Sharing (ICS)\" service.",
			"Restart the VPN agent service (vpnagent / csc_vpnagent) or the computer, then connect again.",
		},
		References: []findings.Reference{{Kind: "doc", Title: "distrobox: Secure Client cannot create the IPC depot in a container", URL: "https://github.com/89luca89/distrobox/issues/1536"}},
	}.rule()

	// GatewayRejected reports the headend rejecting the connection attempt.
	GatewayRejected = message{ // 16
		ID:        "gateway-rejected-attempt",
		Title:     "Secure gateway rejected the connection attempt",
		Severity:  findings.SeverityHigh,
		Component: "vpnui",
		Doc: `Detects "The secure gateway has rejected the connection attempt. A new
connection attempt to the same or another secure gateway is needed, which
requires re-authentication." The headend refused the tunnel after
authentication: a simultaneous-login limit, no address left in the pool, a
stale session, or DPD/keepalive trouble (with ocserv: no TUN device on the
server). The cause is on the headend. A later established connection
cancels the finding.

CONFIRMED: the text (public code); the causes are from
public reports.`,
		Texts: []text{{Signal: "rejected", Contains: "The secure gateway has rejected the connection attempt"}},
		Lead:  "The secure gateway rejected the attempt",
		Cause: "The headend refused the tunnel after authentication (session limit, address pool, stale session); the cause is on the headend.",
		Remediation: []string{
			"On the headend, look at the user's sessions and the reason for the refusal: simultaneous-login limit, address pool exhausted, session already present.",
			"Connect again (re-authentication is needed); if it repeats, collect the headend's logs for the same time.",
		},
		References: []findings.Reference{{Kind: "doc", Title: "OpenConnect-Cisco-AnyConnect-VPN-Server-OneKey-ocserv#50: \"The secure gateway has rejected the connection attempt\" after a few minutes", URL: "https://github.com/iw4p/OpenConnect-Cisco-AnyConnect-VPN-Server-OneKey-ocserv/issues/50"}},
	}.rule()

	// CaptivePortal reports the agent detecting a captive portal.
	CaptivePortal = message{ // 17
		ID:        "captive-portal",
		Title:     "Captive portal blocks the VPN",
		Severity:  findings.SeverityMedium,
		Component: "vpnagent",
		Doc: `Detects the captive-portal message "The service provider in your current
location is restricting access to the Internet. You need to log on with the
service provider before you can establish a VPN session. You can try this by
visiting any website with your browser." The agent's captive-portal
detection saw a hotspot login page instead of the headend (or, rarely, a
false positive: a proxy or filter answering for the headend). The match is
on "is restricting access to the Internet". A later established connection
cancels the finding.

CONFIRMED: the text (public code).`,
		Texts: []text{{Signal: "portal", Contains: "is restricting access to the Internet"}},
		Lead:  "The agent detected a captive portal",
		Cause: "The network the endpoint is on redirects web traffic to a login page, so the client cannot reach the headend until the user logs in to it.",
		Remediation: []string{
			"Open a browser and log in to the hotspot, then connect again.",
			"If there is no hotspot (a false positive), look for a proxy or filter answering for the headend; as a last resort allow the user to set \"Disable Captive Portal Detection\" in the profile.",
		},
		References: []findings.Reference{{Kind: "technote", ID: "118086", Title: "Cisco TechNote 118086: AnyConnect Captive Portal Detection and Remediation", URL: "https://cisco.com/c/en/us/support/docs/security/anyconnect-secure-mobility-client/118086-technote-anyconnect-00.html"}, profileEditorRef},
	}.rule()

	// HeadendPackageMissing reports that the headend has no client package for
	// this endpoint.
	HeadendPackageMissing = message{ // 18
		ID:        "headend-package-missing",
		Title:     "No client package on the secure gateway",
		Severity:  findings.SeverityHigh,
		Component: "vpndownloader",
		Doc: `Detects "The AnyConnect package on the secure gateway could not be located.
You may be experiencing network connectivity issues. Please try connecting
again." (matched on "package on the secure gateway could not be located",
which a Secure Client wording would keep). The downloader found no client
image for this operating system or architecture on the headend, or lost the
connection while fetching it. A later established connection cancels the
finding.

CONFIRMED: the text (public code).`,
		Texts: []text{{Signal: "missing", Contains: "package on the secure gateway could not be located"}},
		Lead:  "The client could not find its package on the secure gateway",
		Cause: "The headend offers no client image for this platform, or the download broke off.",
		Remediation: []string{
			"Upload the client package for the endpoint's operating system and architecture to the headend (ASA: anyconnect image; FTD: AnyConnect file object) and enable it.",
			"If the package is there, look for a network problem between the endpoint and the headend during the download.",
		},
	}.rule()

	// ConnectNullObject reports the GUI's "NULL object" failure in
	// ConnectMgr::activateConnectEvent.
	ConnectNullObject = message{ // 20
		ID:        "connect-null-object",
		Title:     "GUI could not start a connection (NULL object)",
		Severity:  findings.SeverityMedium,
		Component: "vpnui",
		Doc: `Detects "NULL object. Cannot establish a connection at this time." logged by
ConnectMgr::activateConnectEvent (the record's debug header must name that
function: the text alone is not enough). The GUI or its API is in a bad
state and cannot hand the connection to the agent. A later established
connection cancels the finding.

CONFIRMED: the record (Event Viewer copy, pastebin V7ggxM9v). The remedy
(restart the GUI and the agent) is the usual one.`,
		Texts: []text{{Signal: "null", Contains: "NULL object. Cannot establish a connection", Function: "activateConnectEvent"}},
		Lead:  "The GUI could not start a connection",
		Cause: "ConnectMgr::activateConnectEvent found no connection object: the GUI or its API is in a bad state.",
		Remediation: []string{
			"Quit the client GUI, restart the VPN agent service, start the GUI and connect again.",
			"If it comes back, reinstall the client.",
		},
		References: []findings.Reference{{Kind: "doc", Title: "AnyConnect event log: NULL object in ConnectMgr::activateConnectEvent", URL: "https://pastebin.com/V7ggxM9v"}},
	}.rule()
)
