package rules

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/internal/i18n"
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

// The Korean of the message rules: each rule's title, lead, cause and
// remediation, in the order of the table above.
func init() {
	i18n.Register(language.Korean, map[string]string{
		// cert-invalid-reason-59
		"Connection ended: certificate problems (reason 59)":                                                                             "연결 종료: 인증서 문제(reason 59)",
		"The agent ended connection attempts for certificate problems":                                                                   "에이전트가 인증서 문제로 연결 시도를 종료했습니다",
		"Validation of the headend's certificate failed (expired, wrong name, or a chain the endpoint does not trust).":                  "헤드엔드 인증서의 유효성 검사에 실패했습니다(만료, 이름 불일치, 또는 엔드포인트가 신뢰하지 않는 체인).",
		"Check the headend's certificate: validity dates, the name the user connects to, and the chain up to a trusted CA.":              "헤드엔드의 인증서를 확인하십시오: 유효 기간, 사용자가 연결하는 이름, 신뢰할 수 있는 CA까지의 체인.",
		"Check the endpoint's trust store; on Linux, the CA store the client reads (/opt/.cisco/certificates/ca and the NSS libraries).": "엔드포인트의 신뢰 저장소를 확인하십시오. Linux에서는 클라이언트가 읽는 CA 저장소(/opt/.cisco/certificates/ca 및 NSS 라이브러리)를 확인하십시오.",

		// vpn-remote-user-disabled
		"VPN refused: started by a remote user":                    "VPN 거부: 원격 사용자가 시작함",
		"The agent refused to establish the VPN for a remote user": "에이전트가 원격 사용자의 VPN 설정을 거부했습니다",
		"The profile allows only local users (WindowsVPNEstablishment or LinuxVPNEstablishment is LocalUsersOnly) and the client ran in a remote session.": "프로파일이 로컬 사용자만 허용하는데(WindowsVPNEstablishment 또는 LinuxVPNEstablishment가 LocalUsersOnly) 클라이언트가 원격 세션에서 실행되었습니다.",
		"Start the connection from the local console, or": "로컬 콘솔에서 연결을 시작하거나,",
		"set WindowsVPNEstablishment (LinuxVPNEstablishment on Linux) to AllowRemoteUsers in the VPN profile on the headend, if remote establishment is wanted.": "원격 설정이 필요하다면 헤드엔드의 VPN 프로파일에서 WindowsVPNEstablishment(Linux에서는 LinuxVPNEstablishment)를 AllowRemoteUsers로 설정하십시오.",

		// vpn-remote-desktop-disabled
		"VPN refused: started from a remote desktop":                                                                               "VPN 거부: 원격 데스크톱에서 시작함",
		"The agent refused to establish the VPN from a remote desktop":                                                             "에이전트가 원격 데스크톱에서의 VPN 설정을 거부했습니다",
		"The client ran in a remote-desktop session (RDP, or a Hyper-V Enhanced Session) and the profile allows only local users.": "클라이언트가 원격 데스크톱 세션(RDP 또는 Hyper-V 고급 세션)에서 실행되었고 프로파일은 로컬 사용자만 허용합니다.",
		"Connect from the local console; for a Hyper-V virtual machine use a basic session instead of an Enhanced Session.":        "로컬 콘솔에서 연결하십시오. Hyper-V 가상 머신에서는 고급 세션 대신 기본 세션을 사용하십시오.",
		"Or set WindowsVPNEstablishment to AllowRemoteUsers in the VPN profile on the headend.":                                    "또는 헤드엔드의 VPN 프로파일에서 WindowsVPNEstablishment를 AllowRemoteUsers로 설정하십시오.",

		// vpn-single-local-user
		"VPN refused: profile mandates a single local user":                                                      "VPN 거부: 프로파일이 단일 로컬 사용자를 요구함",
		"The agent refused to establish the VPN because several users are logged in":                             "여러 사용자가 로그인되어 있어 에이전트가 VPN 설정을 거부했습니다",
		"The profile's WindowsLogonEnforcement is SingleLocalLogon and another session is open on the endpoint.": "프로파일의 WindowsLogonEnforcement가 SingleLocalLogon이고 엔드포인트에 다른 세션이 열려 있습니다.",
		"Log off the other sessions (query user / Task Manager > Users on Windows) and connect again.":           "다른 세션을 로그오프한 다음(Windows에서는 query user 또는 작업 관리자 > 사용자) 다시 연결하십시오.",
		"Or set WindowsLogonEnforcement to SingleLogon in the VPN profile, if several local users are expected.": "또는 여러 로컬 사용자가 예상된다면 VPN 프로파일에서 WindowsLogonEnforcement를 SingleLogon으로 설정하십시오.",

		// vpn-unauthorized-connection-mechanism
		"Headend denied the login: unauthorized connection mechanism": "헤드엔드가 로그인을 거부함: 허가되지 않은 연결 방식",
		"The secure gateway denied the login":                         "보안 게이트웨이가 로그인을 거부했습니다",
		"The headend does not allow this connection mechanism for the user's group policy (vpn-tunnel-protocol) or mapped the user to the wrong group.":        "헤드엔드가 사용자의 그룹 정책(vpn-tunnel-protocol)에서 이 연결 방식을 허용하지 않거나, 사용자를 잘못된 그룹에 매핑했습니다.",
		"On the headend, allow the client's protocol (ssl-client, ikev2) in the vpn-tunnel-protocol of the user's group policy.":                               "헤드엔드에서 사용자 그룹 정책의 vpn-tunnel-protocol에 클라이언트의 프로토콜(ssl-client, ikev2)을 허용하십시오.",
		"Check which tunnel group, group policy and DAP record the user is mapped to (ASA: show vpn-sessiondb detail anyconnect, debug of the authorization).": "사용자가 매핑된 터널 그룹, 그룹 정책, DAP 레코드를 확인하십시오(ASA: show vpn-sessiondb detail anyconnect, 권한 부여 디버그).",

		// vpn-connection-subsystem-failed
		"GUI failed to initialize the connection subsystem":        "GUI가 연결 하위 시스템을 초기화하지 못함",
		"The client failed to initialize its connection subsystem": "클라이언트가 연결 하위 시스템을 초기화하지 못했습니다",
		"The GUI could not start its connection machinery; BELIEVED causes are an unreachable VPN agent or a broken WinINet dependency after a Windows update.": "GUI가 연결 기능을 시작하지 못했습니다. 추정(BELIEVED) 원인은 VPN 에이전트에 연결할 수 없거나 Windows 업데이트 후 WinINet 의존성이 손상된 것입니다.",
		"Check that the VPN agent service runs (vpnagent / csc_vpnagent on Windows, vpnagentd on macOS and Linux) and restart it.":                              "VPN 에이전트 서비스(Windows에서는 vpnagent / csc_vpnagent, macOS와 Linux에서는 vpnagentd)가 실행 중인지 확인하고 다시 시작하십시오.",
		"Update the client to a current release; on old Windows 8.1 endpoints look for the WinINet compatibility fix.":                                          "클라이언트를 최신 릴리스로 업데이트하십시오. 오래된 Windows 8.1 엔드포인트에서는 WinINet 호환성 수정을 찾아보십시오.",

		// ipc-depot-ics
		"Agent cannot create its IPC depot: Internet Connection Sharing":                                                                                                                                      "에이전트가 IPC depot을 만들 수 없음: 인터넷 연결 공유",
		"The VPN agent could not create its interprocess communication depot":                                                                                                                                 "VPN 에이전트가 프로세스 간 통신(IPC) depot을 만들지 못했습니다",
		"On Windows this is Internet Connection Sharing enabled on an adapter, holding the port the agent needs; the GUI cannot talk to the agent.":                                                           "Windows에서는 어댑터에 인터넷 연결 공유(ICS)가 켜져 있어 에이전트에 필요한 포트를 점유한 경우입니다. GUI가 에이전트와 통신할 수 없습니다.",
		"Disable Internet Connection Sharing: Network Connections > adapter Properties > Sharing, clear \"Allow other network users to connect\"; or stop the \"Internet Connection Sharing (ICS)\" service.": "인터넷 연결 공유를 끄십시오: 네트워크 연결 > 어댑터 속성 > 공유에서 \"Allow other network users to connect\"(다른 네트워크 사용자가 연결할 수 있도록 허용)를 해제하거나, \"Internet Connection Sharing (ICS)\" 서비스를 중지하십시오.",
		"Restart the VPN agent service (vpnagent / csc_vpnagent) or the computer, then connect again.":                                                                                                        "VPN 에이전트 서비스(vpnagent / csc_vpnagent) 또는 컴퓨터를 다시 시작한 다음 다시 연결하십시오.",

		// gateway-rejected-attempt
		"Secure gateway rejected the connection attempt": "보안 게이트웨이가 연결 시도를 거부함",
		"The secure gateway rejected the attempt":        "보안 게이트웨이가 연결 시도를 거부했습니다",
		"The headend refused the tunnel after authentication (session limit, address pool, stale session); the cause is on the headend.":                         "헤드엔드가 인증 후 터널을 거부했습니다(세션 수 제한, 주소 풀, 오래된 세션). 원인은 헤드엔드에 있습니다.",
		"On the headend, look at the user's sessions and the reason for the refusal: simultaneous-login limit, address pool exhausted, session already present.": "헤드엔드에서 사용자의 세션과 거부 사유를 확인하십시오: 동시 로그인 제한, 주소 풀 소진, 이미 있는 세션.",
		"Connect again (re-authentication is needed); if it repeats, collect the headend's logs for the same time.":                                              "다시 연결하십시오(재인증 필요). 반복되면 같은 시각의 헤드엔드 로그를 수집하십시오.",

		// captive-portal
		"Captive portal blocks the VPN":       "종속 포털(captive portal)이 VPN을 막음",
		"The agent detected a captive portal": "에이전트가 종속 포털(captive portal)을 감지했습니다",
		"The network the endpoint is on redirects web traffic to a login page, so the client cannot reach the headend until the user logs in to it.":                                                   "엔드포인트가 연결된 네트워크가 웹 트래픽을 로그인 페이지로 리디렉션하므로, 사용자가 그 페이지에 로그인할 때까지 클라이언트는 헤드엔드에 연결할 수 없습니다.",
		"Open a browser and log in to the hotspot, then connect again.":                                                                                                                                "브라우저를 열어 핫스팟에 로그인한 다음 다시 연결하십시오.",
		"If there is no hotspot (a false positive), look for a proxy or filter answering for the headend; as a last resort allow the user to set \"Disable Captive Portal Detection\" in the profile.": "핫스팟이 없다면(오탐) 헤드엔드 대신 응답하는 프록시나 필터를 찾아보십시오. 최후의 수단으로 프로파일에서 사용자가 \"Disable Captive Portal Detection\"을 설정할 수 있게 하십시오.",

		// headend-package-missing
		"No client package on the secure gateway":                                          "보안 게이트웨이에 클라이언트 패키지가 없음",
		"The client could not find its package on the secure gateway":                      "클라이언트가 보안 게이트웨이에서 패키지를 찾지 못했습니다",
		"The headend offers no client image for this platform, or the download broke off.": "헤드엔드에 이 플랫폼용 클라이언트 이미지가 없거나 다운로드가 중단되었습니다.",
		"Upload the client package for the endpoint's operating system and architecture to the headend (ASA: anyconnect image; FTD: AnyConnect file object) and enable it.": "엔드포인트의 운영 체제와 아키텍처에 맞는 클라이언트 패키지를 헤드엔드에 업로드하고 활성화하십시오(ASA: anyconnect image, FTD: AnyConnect 파일 개체).",
		"If the package is there, look for a network problem between the endpoint and the headend during the download.":                                                     "패키지가 있다면 다운로드 중 엔드포인트와 헤드엔드 사이의 네트워크 문제를 찾아보십시오.",

		// connect-null-object
		"GUI could not start a connection (NULL object)":                                                     "GUI가 연결을 시작하지 못함(NULL object)",
		"The GUI could not start a connection":                                                               "GUI가 연결을 시작하지 못했습니다",
		"ConnectMgr::activateConnectEvent found no connection object: the GUI or its API is in a bad state.": "ConnectMgr::activateConnectEvent가 연결 개체를 찾지 못했습니다: GUI 또는 그 API가 비정상 상태입니다.",
		"Quit the client GUI, restart the VPN agent service, start the GUI and connect again.":               "클라이언트 GUI를 종료하고 VPN 에이전트 서비스를 다시 시작한 다음, GUI를 시작하여 다시 연결하십시오.",
		"If it comes back, reinstall the client.":                                                            "다시 발생하면 클라이언트를 다시 설치하십시오.",
		// The documentation of each rule, as dartscan explain shows it.
		Reason59CertProblems.Doc: `에이전트의 "Termination reason code 59: Connection attempt failed due to
certificate problems."와 GUI의 "The certificate on the secure gateway is
invalid."를 감지합니다. 헤드엔드의 인증서 유효성 검사에 실패했습니다. 번들에 Linux
5.x 클라이언트의 "Required NSS library was not found"도 있으면 linux-nss-missing이
원인을 보고하고 이 규칙은 조용히 있습니다. 이후 연결이 설정되면 발견 사항은
취소됩니다.

보고된 대로 확인됨(CONFIRMED as reported): 문구(Linux의 Secure Client 5.1.19, 공개
코드의 패키징 노트).`,
		RemoteUserDisabled.Doc: `원격으로 로그인한 사용자에 대한 에이전트의 연결 거부를 감지합니다: "VPN
establishment capability for a remote user is disabled.  A VPN connection will
not be established."(첫 마침표 뒤에 공백 두 개). 프로파일의
WindowsVPNEstablishment(또는 LinuxVPNEstablishment)가 LocalUsersOnly이고
클라이언트가 RDP, SSH 또는 다른 원격 세션에서 시작되었습니다. 이후의 "The VPN
connection has been established and can now pass data."가 발견 사항을 취소합니다:
마지막 상태가 우선합니다.

확인됨(CONFIRMED): 메시지 문구(공개 코드에 인용된 vpncli 출력).`,
		RemoteDesktopDisabled.Doc: `"VPN establishment capability from a remote desktop is disabled.  A VPN
connection will not be established."를 감지합니다. 클라이언트가 원격 데스크톱
세션, 즉 RDP 세션 또는 Hyper-V 고급 세션(RDP임)에서 실행되었고 프로파일의
WindowsVPNEstablishment는 LocalUsersOnly입니다. GUI의 Message History에도 같은
문구가 표시됩니다. 이후 연결이 설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): 메시지 문구와 Hyper-V 고급 세션 원인(공개 코드).`,
		SingleLocalUser.Doc: `"AnyConnect profile settings mandate a single local user, but multiple local
users are currently logged into your computer.  A VPN connection will not be
established."를 감지합니다. 프로파일의 WindowsLogonEnforcement가
SingleLocalLogon이고 두 번째 세션이 있습니다. 다른 사용자의 오래된 콘솔 또는 RDP
세션인 경우가 많습니다. 이후 연결이 설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): 메시지 문구(공개 코드).`,
		UnauthorizedMechanism.Doc: `헤드엔드의 거부 "Login denied, unauthorized connection mechanism, contact your
administrator."(및 GUI의 "Unauthorized connection mechanism, contact your local
administrator.")를 감지합니다. 사용자는 인증되었지만 그룹 정책의
vpn-tunnel-protocol이 클라이언트의 프로토콜(ssl-client 또는 ikev2)을 허용하지
않거나, 사용자가 잘못된 터널 그룹, 그룹 정책 또는 DAP 레코드에 매핑되었습니다. 두
문구 모두에 있는 "nauthorized connection mechanism"으로 일치시킵니다. 이후 연결이
설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): 헤드엔드의 문구(공개 코드, openconnect 래퍼의 테스트). GUI
문구는 신뢰도가 더 낮습니다(헬프데스크 런북).`,
		SubsystemInitFailed.Doc: `GUI 또는 그 API의 "Failed to initialize connection subsystem"을 감지합니다:
클라이언트가 연결을 시작조차 할 수 없습니다. 이후 연결이 설정되면 발견 사항은
취소됩니다.

확인됨(CONFIRMED): 문구만(공개 코드). 추정(BELIEVED) 원인: GUI가 VPN 에이전트에
연결할 수 없음(서비스 중지 또는 차단), 또는 Windows 8.1 시절 Windows 업데이트가
클라이언트의 WinINet/IE 사용을 망가뜨린 경우(호환성 설정이나 클라이언트
업데이트로 해결).`,
		IPCDepotICS.Doc: `"The VPN client agent was unable to create the interprocess communication
depot."를 감지합니다. Windows에서 알려진 원인은 어댑터에 켜진 인터넷 연결
공유(ICS)로, 에이전트의 IPC 포트를 차지합니다. 해결하려면 ICS를 끄고 에이전트를
다시 시작합니다. 같은 문구가 Linux의 컨테이너(Secure Client 5.1.5를 쓰는
distrobox)에서도 나오지만 원인이 다르므로, 이 규칙은 Windows 번들에서만
실행됩니다. 이후 연결이 설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): 문구와 ICS 원인(여러 README, 공개 코드).`,
		GatewayRejected.Doc: `"The secure gateway has rejected the connection attempt. A new connection
attempt to the same or another secure gateway is needed, which requires
re-authentication."을 감지합니다. 헤드엔드가 인증 후 터널을 거부했습니다: 동시
로그인 제한, 주소 풀에 남은 주소 없음, 오래된 세션, 또는 DPD/keepalive 문제(ocserv의
경우 서버에 TUN 장치 없음). 원인은 헤드엔드에 있습니다. 이후 연결이 설정되면 진단
결과는 취소됩니다.

확인됨(CONFIRMED): 문구(공개 코드). 원인은 공개된 보고에서 가져왔습니다.`,
		CaptivePortal.Doc: `종속 포털(captive portal) 메시지 "The service provider in your current location
is restricting access to the Internet. You need to log on with the service
provider before you can establish a VPN session. You can try this by visiting
any website with your browser."를 감지합니다. 에이전트의 종속 포털 감지가
헤드엔드 대신 핫스팟 로그인 페이지를 보았습니다(드물게 오탐: 헤드엔드 대신 응답하는
프록시나 필터). "is restricting access to the Internet"으로 일치시킵니다. 이후
연결이 설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): 문구(공개 코드).`,
		HeadendPackageMissing.Doc: `"The AnyConnect package on the secure gateway could not be located. You may be
experiencing network connectivity issues. Please try connecting again."을
감지합니다(Secure Client 문구에도 남아 있을 "package on the secure gateway could
not be located"로 일치). 다운로더가 헤드엔드에서 이 운영 체제나 아키텍처용
클라이언트 이미지를 찾지 못했거나, 가져오는 중에 연결이 끊겼습니다. 이후 연결이
설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): 문구(공개 코드).`,
		ConnectNullObject.Doc: `ConnectMgr::activateConnectEvent가 기록한 "NULL object. Cannot establish a
connection at this time."을 감지합니다(레코드의 디버그 헤더가 그 함수를 가리켜야
하며, 문구만으로는 부족함). GUI 또는 그 API가 비정상 상태여서 연결을 에이전트에
넘길 수 없습니다. 이후 연결이 설정되면 발견 사항은 취소됩니다.

확인됨(CONFIRMED): 레코드(이벤트 뷰어 사본, pastebin V7ggxM9v). 조치 방법(GUI와
에이전트 다시 시작)은 일반적인 것입니다.`,
	})
}
