package sample

import (
	"strconv"
	"time"
)

// The catalogue rules' samples: for each rule a bundle where it must report
// (<id>.zip) and a near miss where it must not (<id>-near-miss.zip). Each
// starts from a healthy bundle (AnyConnect 4.10.07073 on Windows with a VPN
// profile, AnyConnect 4.9.05042 on macOS, or Secure Client 5.x on Linux)
// and adds only the records the case needs, so that one rule speaks.

// gateway is the headend the samples connect to.
const gateway = "vpn.example.com"

// A bundle is any sample bundle description.
type bundle interface{ Files() []File }

// win returns the healthy Windows bundle with extra events.
func win(extra ...Event) Windows {
	return Windows{Version: "4.10.07073", DARTVersion: "4.10.07073", VPNProfile: true, Style: StyleTabs, Extra: extra}
}

// linux returns the healthy Linux bundle of version v with extra lines.
func linux(v string, extra ...string) Linux {
	return Linux{Version: v, VPNProfile: true, Extra: extra}
}

// mac returns the healthy macOS bundle with extra system.log lines.
func mac(extra ...string) MacOS { return MacOS{Version: "4.9.05042", Extra: extra} }

// macLine formats a system.log line of tag[pid] at 09:20 plus d.
func macLine(d time.Duration, tag string, pid int, msg string) string {
	t := time.Date(2021, 6, 17, 9, 20, 0, 0, time.UTC).Add(d)
	return t.Format(time.Stamp) + " MacBook-Pro " + tag + "[" + strconv.Itoa(pid) + "]: " + msg
}

// sec is a time after TechNoteStart, when the Windows samples' extra
// events happen.
func sec(s int) time.Time { return TechNoteStart.Add(time.Duration(s) * time.Second) }

func ev(s int, typ, src, body string) Event {
	return Event{Time: sec(s), Type: typ, Source: src, Body: body}
}

// told is the GUI's message to the user.
func told(s int, sev, text string) Event {
	typ := map[string]string{"error": "Error", "warning": "Warning"}[sev]
	if typ == "" {
		typ = "Information"
	}
	return ev(s, typ, "acvpnui", "Message type "+sev+" sent to the user: "+text)
}

func requested(s int) Event {
	return ev(s, "Information", "acvpnapi", "An SSL VPN connection to "+gateway+" has been requested by the user.")
}

// connected is the agent's event 2039 and the GUI's confirmation.
func connected(s int) []Event {
	return []Event{
		ev(s, "Information", "acvpnagent", "The VPN connection has been established and can now pass data."),
		told(s+1, "information", "Connected to "+gateway+"."),
	}
}

func join(groups ...[]Event) []Event {
	var out []Event
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// pair returns a rule's positive sample and its near miss.
func pair(id, shows string, pos bundle, expect []string, nearShows string, near bundle, nearExpect []string) []Scenario {
	return []Scenario{
		{Name: id + ".zip", Shows: shows, Files: pos.Files(), Pack: Zip, Expect: expect},
		{Name: id + "-near-miss.zip", Shows: nearShows, Files: near.Files(), Pack: Zip, Expect: nearExpect},
	}
}

// none is an empty Expect: the bundle must report no finding.
var none = []string{}

const (
	confirmText  = "AnyConnect cannot confirm it is connected to your secure gateway.  The local network may not be trustworthy.  Please try another network."
	genericText  = "AnyConnect was not able to establish a connection to the specified secure gateway. Please try connecting again."
	timedOutText = "Connection attempt has timed out. Please verify Internet connectivity."
	buildPath    = `c:\temp\build\thehoff\negasonic_mr70.300073073\negasonic_mr7\vpn\`
)

// certFailure is the Ubuntu capture's certificate failure, as Windows
// events at s.
func certFailure(s int) []Event {
	return []Event{
		requested(s),
		told(s, "information", "Contacting "+gateway+"."),
		ev(s+1, "Error", "acvpnui", DebugRC("VerifyServerCertificate", buildPath+`Api\Certificates\FileCertStore.cpp`, 790, "CFileCertificate::Verify", -31326191, "CERTIFICATE_ERROR_VERIFY_CHAIN_POLICY_FAILED", "")),
		ev(s+1, "Error", "acvpnui", DebugRC("TranslateStatusCode", buildPath+`Api\ConnectIfc.cpp`, 2881, "TranslateStatusCode", -29949919, "CTRANSPORT_ERROR_PEER_CERT_REJECTED", confirmText)),
		told(s+1, "warning", "Connection attempt has failed."),
		told(s+1, "error", confirmText),
	}
}

// ruleScenarios returns the positive and negative sample of each catalogue
// rule.
func ruleScenarios() []Scenario {
	var out []Scenario
	add := func(s []Scenario) { out = append(out, s...) }

	add(pair("cert-chain-untrusted",
		"Three attempts to vpn.example.com fail certificate verification (CERTIFICATE_ERROR_VERIFY_CHAIN_POLICY_FAILED, CTRANSPORT_ERROR_PEER_CERT_REJECTED, \"AnyConnect cannot confirm it is connected to your secure gateway\"), with no connection after them. Expect cert-chain-untrusted.",
		win(join(certFailure(0), certFailure(120), certFailure(400))...), []string{"cert-chain-untrusted"},
		"The same certificate failure, after which the CA was installed and the connection came up: the last state wins. Expect no findings.",
		win(join(certFailure(0), []Event{requested(300)}, connected(305))...), none))

	add(pair("untrusted-server-blocked",
		"The GUI blocks vpn.example.com: \"Untrusted Server Blocked!\" twice, the preference \"Block connections to untrusted servers\" on. Expect untrusted-server-blocked.",
		win(requested(0), ev(1, "Error", "acvpnui", "Untrusted Server Blocked! AnyConnect cannot verify server: "+gateway), requested(60), ev(61, "Error", "acvpnui", "Untrusted Server Blocked! AnyConnect cannot verify server: "+gateway)), []string{"untrusted-server-blocked"},
		"The user is prompted with \"Untrusted VPN Server Certificate!\", accepts, and connects: a prompt is not a block. Expect no findings.",
		win(join([]Event{requested(0), ev(1, "Warning", "acvpnui", "Untrusted VPN Server Certificate! AnyConnect cannot verify server: "+gateway)}, connected(20))...), none))

	reason59 := func(s int) []Event {
		return []Event{
			requested(s),
			ev(s+2, "Error", "acvpnagent", "Termination reason code 59: Connection attempt failed due to certificate problems."),
			told(s+2, "error", "The certificate on the secure gateway is invalid."),
		}
	}
	add(pair("cert-invalid-reason-59",
		"The agent ends two attempts with \"Termination reason code 59: Connection attempt failed due to certificate problems.\" and the GUI says \"The certificate on the secure gateway is invalid.\" Expect cert-invalid-reason-59.",
		win(join(reason59(0), reason59(90))...), []string{"cert-invalid-reason-59"},
		"The user ends the session (termination reason code 5, a different code) after a good connection. Expect no findings.",
		win(join([]Event{requested(0)}, connected(3), []Event{ev(600, "Information", "acvpnagent", "Termination reason code 5: The user has requested the VPN connection to be disconnected.")})...), none))

	nss := func(l Linux, d time.Duration) []string {
		return []string{
			l.Line(d, "vpnui", 2211, "An SSL VPN connection to "+gateway+" has been requested by the user."),
			l.Line(d+time.Second, "vpnagentd", 1130, "Function: OpenStores File: CollectiveCertStore.cpp Line: 490 Required NSS library was not found"),
			l.Line(d+2*time.Second, "vpnagentd", 1130, "Termination reason code 59: Connection attempt failed due to certificate problems."),
			l.Line(d+2*time.Second, "vpnui", 2211, "Message type error sent to the user: The certificate on the secure gateway is invalid."),
		}
	}
	var l Linux
	add(pair("linux-nss-missing",
		"Secure Client 5.1.19.1862 on Ubuntu: \"Required NSS library was not found\" then reason 59 and \"The certificate on the secure gateway is invalid.\" Expect linux-nss-missing only: cert-invalid-reason-59 defers to the cause.",
		linux("5.1.19.1862", append(nss(l, 2*time.Minute), nss(l, 4*time.Minute)...)...), []string{"linux-nss-missing"},
		"The NSS line on a Linux AnyConnect 4.10.07073 client, outside the rule's 5.x range, with no failed attempt. Expect no findings.",
		linux("4.10.07073", l.Line(2*time.Minute, "vpnagentd", 1130, "Function: OpenStores File: CollectiveCertStore.cpp Line: 490 Required NSS library was not found")), none))

	certNotFound := func(s int) []Event {
		return []Event{
			ev(s, "Error", "acvpnui", DebugRC("CCertHelper::GetClientCertificates", buildPath+`Api\CertHelper.cpp`, 1520, "CCollectiveCertStore::GetCertificates", -31391730, "CERTSTORE_ERROR_CERT_NOT_FOUND", "")),
			ev(s, "Information", "acvpnui", Debug("CCertHelper::GetClientCertificates", buildPath+`Api\CertHelper.cpp`, 1530, "Number of certificates found: 0")),
		}
	}
	add(pair("client-cert-not-found",
		"Certificate authentication to vpn.example.com finds no client certificate: the scan logs CERTSTORE_ERROR_CERT_NOT_FOUND and \"Number of certificates found: 0\", then \"No valid certificates available for authentication.\" and \"Certificate Validation Failure\". Expect client-cert-not-found.",
		win(join([]Event{requested(0)}, certNotFound(2), []Event{told(3, "warning", "No valid certificates available for authentication."), told(3, "error", "Certificate Validation Failure")})...), []string{"client-cert-not-found"},
		"The routine scan finds no client certificate before each connection (CERTSTORE_ERROR_CERT_NOT_FOUND and \"Number of certificates found: 0\"): the gateway asks for none and the connection comes up; later the user starts another connection and cancels at the login prompt, so the last scan has no connection after it. Expect no findings.",
		win(join([]Event{requested(0)}, certNotFound(2), connected(8), []Event{requested(600)}, certNotFound(601),
			[]Event{told(602, "information", "Please enter your username."), told(608, "information", "User credentials prompt cancelled."), told(608, "information", "Ready to connect.")})...), none))

	add(pair("vpn-remote-user-disabled",
		"The user starts the VPN inside an RDP session; the agent refuses: \"VPN establishment capability for a remote user is disabled.\" Expect vpn-remote-user-disabled.",
		win(requested(0), told(1, "error", "VPN establishment capability for a remote user is disabled.  A VPN connection will not be established.")), []string{"vpn-remote-user-disabled"},
		"The same refusal, then the user connects from the console. Expect no findings.",
		win(join([]Event{requested(0), told(1, "error", "VPN establishment capability for a remote user is disabled.  A VPN connection will not be established."), requested(900)}, connected(905))...), none))

	add(pair("vpn-remote-desktop-disabled",
		"The client runs in a Hyper-V Enhanced Session: \"VPN establishment capability from a remote desktop is disabled.\" Expect vpn-remote-desktop-disabled.",
		win(requested(0), told(1, "error", "VPN establishment capability from a remote desktop is disabled.  A VPN connection will not be established.")), []string{"vpn-remote-desktop-disabled"},
		"The same refusal, then the user switches to a basic session and connects. Expect no findings.",
		win(join([]Event{requested(0), told(1, "error", "VPN establishment capability from a remote desktop is disabled.  A VPN connection will not be established.")}, connected(300))...), none))

	single := told(1, "error", "AnyConnect profile settings mandate a single local user, but multiple local users are currently logged into your computer.  A VPN connection will not be established.")
	add(pair("vpn-single-local-user",
		"A stale session of another user blocks the VPN: \"AnyConnect profile settings mandate a single local user, but multiple local users are currently logged into your computer.\" Expect vpn-single-local-user.",
		win(requested(0), single), []string{"vpn-single-local-user"},
		"The same refusal; the other user logs off and the connection comes up. Expect no findings.",
		win(join([]Event{requested(0), single, requested(200)}, connected(203))...), none))

	denied := told(6, "error", "Login denied, unauthorized connection mechanism, contact your administrator.")
	add(pair("vpn-unauthorized-connection-mechanism",
		"The headend denies the login: \"Login denied, unauthorized connection mechanism, contact your administrator.\" Expect vpn-unauthorized-connection-mechanism.",
		win(requested(0), denied), []string{"vpn-unauthorized-connection-mechanism"},
		"The same denial; the administrator fixes the group policy and the next attempt connects. Expect no findings.",
		win(join([]Event{requested(0), denied, requested(1800)}, connected(1806))...), none))

	subsys := told(0, "error", "Failed to initialize connection subsystem")
	add(pair("vpn-connection-subsystem-failed",
		"The GUI starts with \"Failed to initialize connection subsystem\" twice. Expect vpn-connection-subsystem-failed.",
		win(subsys, told(60, "error", "Failed to initialize connection subsystem")), []string{"vpn-connection-subsystem-failed"},
		"The same failure, then the agent is restarted and the connection comes up. Expect no findings.",
		win(join([]Event{subsys, requested(120)}, connected(125))...), none))

	add(pair("vpn-adapter-error",
		"Secure Client 5.1.2.42 on Linux without a tun device: \"Activating VPN adapter\" followed by CONNECTMGR_ERROR_UNEXPECTED from ConnectMgr::initiateTunnel. Expect vpn-adapter-error.",
		linux("5.1.2.42",
			l.Line(2*time.Minute, "vpnui", 2211, "An SSL VPN connection to "+gateway+" has been requested by the user."),
			l.Line(2*time.Minute+3*time.Second, "vpnui", 2211, "Message type information sent to the user: Activating VPN adapter..."),
			l.Line(2*time.Minute+4*time.Second, "vpnagentd", 1130, "Function: run File: ConnectMgr.cpp Line: 568 Invoked Function: ConnectMgr::initiateTunnel Return Code: -29556727 (0xFE3D0009) Description: CONNECTMGR_ERROR_UNEXPECTED "),
		), []string{"vpn-adapter-error"},
		"CONNECTMGR_ERROR_UNEXPECTED from ConnectMgr::initiateConnect (not the adapter) and an unrelated \"Activating VPN adapter\" long before. Expect no findings.",
		linux("5.1.2.42",
			l.Line(2*time.Minute, "vpnui", 2211, "Message type information sent to the user: Activating VPN adapter..."),
			l.Line(2*time.Minute+3*time.Second, "vpnagentd", 1130, "The VPN connection has been established and can now pass data."),
			l.Line(40*time.Minute, "vpnagentd", 1130, "Function: run File: ConnectMgr.cpp Line: 568 Invoked Function: ConnectMgr::initiateConnect Return Code: -29556727 (0xFE3D0009) Description: CONNECTMGR_ERROR_UNEXPECTED "),
		), none))

	depot := "The VPN client agent was unable to create the interprocess communication depot."
	add(pair("ipc-depot-ics",
		"Windows with Internet Connection Sharing on: the agent logs \""+depot+"\" Expect ipc-depot-ics.",
		win(ev(0, "Error", "acvpnagent", depot), ev(30, "Error", "acvpnagent", depot)), []string{"ipc-depot-ics"},
		"The same text in a Linux container (distrobox), where ICS is not the cause: the Windows-only rule does not run. Expect no findings.",
		linux("5.1.5.65", l.Line(time.Minute, "vpnagentd", 1130, depot)), none))

	dl := func(s int) Event {
		return ev(s, "Information", "acvpndownloader", DebugRC("wWinMain", buildPath+`downloader\downloader.cpp`, 365, "CDnldrIpc::SendAckMsgToDownloader", -31588340, "SOCKETTRANSPORT_ERROR_CONNECT", ""))
	}
	add(pair("downloader-agent-unreachable",
		"The downloader cannot reach the agent on three connection attempts (SOCKETTRANSPORT_ERROR_CONNECT from CDnldrIpc::SendAckMsgToDownloader, besides the usual one) and says \"The downloader command line arguments are invalid\". Expect downloader-agent-unreachable.",
		win(requested(0), dl(2), requested(60), dl(62), ev(63, "Error", "acvpndownloader", "The downloader command line arguments are invalid")), []string{"downloader-agent-unreachable"},
		"The healthy bundle's single SendAckMsgToDownloader failure: common noise, not a finding. Expect no findings.",
		win(), none))

	lookup := func(s int, host string) Event {
		return ev(s, "Warning", "acvpnagent", DebugRC("ResolveHostname", buildPath+`Common\Utility\HostLocator.cpp`, 804, "CHostLocator::resolveHostName", -31129588, "SOCKETSUPPORT_ERROR_GETADDRINFO", "failed to resolve host name "+host+" to IPv4 address"))
	}
	add(pair("headend-dns-failure",
		"vpn.example.com does not resolve: SOCKETSUPPORT_ERROR_GETADDRINFO, \"Response type (DNS resolution failed)\" and \"The VPN connection failed due to unsuccessful domain name resolution.\" Expect headend-dns-failure.",
		win(requested(0), lookup(1, gateway),
			ev(1, "Error", "acvpnapi", Debug("processIfcData", buildPath+`Api\ConnectMgr.cpp`, 3399, "Content type (unknown) received. Response type (DNS resolution failed) from "+gateway+": DNS resolution failed")),
			told(2, "error", "The VPN connection failed due to unsuccessful domain name resolution.")), []string{"headend-dns-failure"},
		"The agent fails to resolve a proxy's name (GETADDRINFO for proxy.lab.example.com) without any failed connection. Expect no findings.",
		win(lookup(1, "proxy.lab.example.com"), lookup(61, "proxy.lab.example.com")), none))

	timeout := func(s int) Event {
		return ev(s, "Error", "acvpnapi", DebugRC("CTransportCurlStatic::SendRequest", buildPath+`Api\CTransportCurlStatic.cpp`, 2046, "curl_easy_perform", -29949904, "CTRANSPORT_ERROR_TIMEOUT", "28 : Error"))
	}
	add(pair("gateway-unreachable",
		"TCP/443 to vpn.example.com is blocked: CTRANSPORT_ERROR_TIMEOUT, \"Connection attempt has timed out. Please verify Internet connectivity.\" and \"Unable to contact vpn.example.com.\" Expect gateway-unreachable.",
		win(requested(0), timeout(30), told(30, "warning", timedOutText), told(31, "error", "Unable to contact "+gateway+".")), []string{"gateway-unreachable"},
		"A first attempt times out once (CTRANSPORT_ERROR_TIMEOUT) and the retry connects; later a transport timeout inside the working session. Expect no findings.",
		win(join([]Event{requested(0), timeout(30), requested(60)}, connected(63), []Event{timeout(900)})...), none))

	quiet := func(l Linux, d time.Duration) []string {
		rc := func(fn, file string, line int, invoked, desc, text string) string {
			return "Function: " + fn + " File: " + file + " Line: " + strconv.Itoa(line) + " Invoked Function: " + invoked + " Return Code: -29949904 (0xFE370030) Description: " + desc + " " + text
		}
		return []string{
			l.Line(d, "vpnui", 2211, "An SSL VPN connection to "+gateway+" has been requested by the user."),
			l.Line(d+21*time.Second, "vpnui", 2211, rc("SendRequest", "CTransportCurlStatic.cpp", 2046, "curl_easy_perform", "CTRANSPORT_ERROR_TIMEOUT", "28 : Error")),
			l.Line(d+21*time.Second, "vpnui", 2211, rc("connect", "ConnectIfc.cpp", 334, "CTransport::SendRequest", "CTRANSPORT_ERROR_TIMEOUT", "")),
			l.Line(d+21*time.Second, "vpnui", 2211, "Function: processIfcData File: ConnectMgr.cpp Line: 1564 Invoked Function: processIfcData Return Code: -33554423 (0xFE000009) Description: GLOBAL_ERROR_UNEXPECTED Unable to contact "+gateway+". "),
			l.Line(d+21*time.Second, "vpnui", 2211, "Function: initiateConnect File: ConnectMgr.cpp Line: 541 Connection failed."),
		}
	}
	add([]Scenario{{Name: "gateway-unreachable-no-message.zip",
		Shows:  "A Linux client that tells the user nothing: two attempts each log CTRANSPORT_ERROR_TIMEOUT and the connection manager's own \"Unable to contact vpn.example.com.\", with no message to the user. Expect gateway-unreachable.",
		Files:  linux("5.1.2.42", append(quiet(l, 2*time.Minute), quiet(l, 5*time.Minute)...)...).Files(),
		Pack:   Zip,
		Expect: []string{"gateway-unreachable"}}})

	add(pair("gateway-connect-failed",
		"Two attempts end with the generic \""+genericText+"\" and nothing before them names a cause. Expect gateway-connect-failed.",
		win(requested(0), told(8, "error", genericText), requested(200), told(208, "error", genericText)), []string{"gateway-connect-failed"},
		"The generic failure follows \""+timedOutText+"\" in the same second: gateway-unreachable explains it, and only that rule speaks. Expect gateway-unreachable.",
		win(requested(0), told(30, "warning", timedOutText), told(30, "error", genericText)), []string{"gateway-unreachable"}))

	rejected := told(9, "error", "The secure gateway has rejected the connection attempt. A new connection attempt to the same or another secure gateway is needed, which requires re-authentication.")
	add(pair("gateway-rejected-attempt",
		"The headend rejects the tunnel after authentication: \"The secure gateway has rejected the connection attempt.\" Expect gateway-rejected-attempt.",
		win(requested(0), rejected), []string{"gateway-rejected-attempt"},
		"The same rejection, then the user re-authenticates and connects. Expect no findings.",
		win(join([]Event{requested(0), rejected, requested(60)}, connected(66))...), none))

	portal := "Message type error sent to the user: The service provider in your current location is restricting access to the Internet. You need to log on with the service provider before you can establish a VPN session. You can try this by visiting any website with your browser."
	add(pair("captive-portal",
		"A MacBook in a hotel: the agent detects a captive portal twice (\"The service provider in your current location is restricting access to the Internet.\"). Expect captive-portal.",
		mac(macLine(2*time.Second, "acvpnui", 311, portal), macLine(time.Minute, "acvpnui", 311, portal)), []string{"captive-portal"},
		"The same portal; the user logs in to the hotspot and the VPN comes up. Expect no findings.",
		mac(macLine(0, "acvpnui", 311, portal), macLine(3*time.Minute, "acvpnagent", 123, "The VPN connection has been established and can now pass data.")), none))

	pkg := told(12, "error", "The AnyConnect package on the secure gateway could not be located. You may be experiencing network connectivity issues. Please try connecting again.")
	add(pair("headend-package-missing",
		"The headend has no client image for this endpoint: \"The AnyConnect package on the secure gateway could not be located.\" Expect headend-package-missing.",
		win(requested(0), ev(5, "Information", "acvpndownloader", "Connecting to "+gateway+"."), pkg), []string{"headend-package-missing"},
		"The same message during a network hiccup, then the download and the connection succeed. Expect no findings.",
		win(join([]Event{requested(0), pkg, requested(100)}, connected(130))...), none))

	add(pair("sso-navigation-failed",
		"Secure Client 5.1.19.1862 on Linux without glib-networking: \"webViewLoadFailedCB: Failed to load page: TLS support is not available\", then \"Authentication failed due to problem navigating to the single sign-on URL.\" Expect sso-navigation-failed.",
		linux("5.1.19.1862",
			l.Line(2*time.Minute, "vpnui", 2211, "An SSL VPN connection to "+gateway+" has been requested by the user."),
			l.Line(2*time.Minute+5*time.Second, "acwebhelper", 2290, "webViewLoadFailedCB: Failed to load page: TLS support is not available"),
			l.Line(2*time.Minute+6*time.Second, "vpnui", 2211, "Message type error sent to the user: Authentication failed due to problem navigating to the single sign-on URL."),
		), []string{"sso-navigation-failed"},
		"The TLS-support line alone, from a page load the user did not need (no failed login), then a connection. Expect no findings.",
		linux("5.1.19.1862",
			l.Line(2*time.Minute, "acwebhelper", 2290, "webViewLoadFailedCB: Failed to load page: TLS support is not available"),
			l.Line(3*time.Minute, "vpnagentd", 1130, "The VPN connection has been established and can now pass data."),
		), none))

	null := ev(0, "Error", "acvpnui", Debug("ConnectMgr::activateConnectEvent", `.\ConnectMgr.cpp`, 1360, "NULL object. Cannot establish a connection at this time."))
	add(pair("connect-null-object",
		"The GUI cannot start a connection: \"NULL object. Cannot establish a connection at this time.\" from ConnectMgr::activateConnectEvent (pastebin V7ggxM9v). Expect connect-null-object.",
		win(requested(0), null), []string{"connect-null-object"},
		"The same text logged by another function (CMainFrame::OnCreate), not the connect path. Expect no findings.",
		win(ev(0, "Error", "acvpnui", Debug("CMainFrame::OnCreate", `.\mainfrm.cpp`, 342, "NULL object. Cannot establish a connection at this time."))), none))

	noProfile := win(requested(60), told(61, "information", "Contacting "+gateway+"."))
	noProfile.VPNProfile = false
	umbrella := win()
	umbrella.VPNProfile = false
	add(pair("vpn-no-profile",
		"No VPN profile on the endpoint (\"No profile is available.\", \"Using default preferences...\") and the user connects to vpn.example.com by address. Expect vpn-no-profile.",
		noProfile, []string{"vpn-no-profile"},
		"No VPN profile and no connection request: the VPN module is unused (as on an Umbrella-only endpoint) and 4.10 does not query mus.cisco.com. Expect no findings.",
		umbrella, none))

	tlv := "Function: verifyPeer File: IPC/IpcDepot.cpp Line: 301 Invoked Function: CVerifyFileSignature::Verify Return Code: -33292279 (0xFE040009) Description: TLV_ERROR_INVALID_BUFFER File (/opt/cisco/secureclient/bin/vpnagentd)"
	add(pair("agent-binary-modified",
		"A repackaged Secure Client 5.1.19.1862 whose vpnagentd was patched: TLV_ERROR_INVALID_BUFFER naming /opt/cisco/secureclient/bin/vpnagentd. Expect agent-binary-modified.",
		linux("5.1.19.1862", l.Line(time.Minute, "vpnui", 2211, tlv)), []string{"agent-binary-modified"},
		"A TLV_ERROR_INVALID_BUFFER about a short GUI message, naming no binary. Expect no findings.",
		linux("5.1.19.1862", l.Line(time.Minute, "vpnui", 2211, "Function: parse File: IPC/TLV.cpp Line: 88 Invoked Function: CTLV::getBuffer Return Code: -33292279 (0xFE040009) Description: TLV_ERROR_INVALID_BUFFER short message")), none))

	dpd := func(s int) Event {
		return ev(s, "Warning", "acvpnagent", DebugRC("CTunnelProtocolDpdMgr::onTimerExpired", buildPath+`AgentUtilities\TunnelProtocolDpdMgr.cpp`, 412, "CTunnelProtocolDpdMgr::checkResponse", -29425631, "TUNNELPROTOCOLDPDMGR_ERROR_NO_DPD_RESPONSE", ""))
	}
	// mtu is Cisco TechNote 116881's DART records of one reconnect for a
	// new MTU, which repeat every minute while DTLS cannot be built.
	mtu := func(s int) []Event {
		return []Event{
			ev(s, "Warning", "acvpnagent", "Reconfigure reason code 16:\nNew MTU configuration."),
			ev(s, "Information", "acvpnagent", "The entire VPN connection is being reconfigured."),
			told(s+1, "information", "Reconnecting to "+gateway+"..."),
			ev(s+1, "Warning", "acvpnagent", "A new MTU needs to be applied to the VPN network interface.\nDisabling and re-enabling the Virtual Adapter. Applications utilizing the\nprivate network may need to be restarted."),
		}
	}
	add(pair("dtls-dpd-failure",
		"UDP/443 is blocked on the path: inside an established tunnel the agent rebuilds the connection for a new MTU every minute (\"Reconfigure reason code 16: New MTU configuration.\", Cisco TechNote 116881's records), and dead-peer detection gets no answer 4 times (BELIEVED wording TUNNELPROTOCOLDPDMGR_ERROR_NO_DPD_RESPONSE). Expect dtls-dpd-failure.",
		win(join([]Event{requested(0)}, connected(3), mtu(63), mtu(123), mtu(183), []Event{dpd(60), dpd(90), dpd(120), dpd(150)})...), []string{"dtls-dpd-failure"},
		"One new MTU after connecting and two lost DPD answers on a lossy link: below the rule's thresholds. Expect no findings.",
		win(join([]Event{requested(0)}, connected(3), mtu(63), []Event{dpd(60), dpd(90)})...), none))

	add(pair("trusted-network-detected",
		"BELIEVED wording: the MacBook is in the office and the GUI says \"The VPN client detected a trusted network.\" Expect trusted-network-detected (info).",
		mac(macLine(0, "acvpnui", 311, "Message type information sent to the user: The VPN client detected a trusted network. The VPN connection is not needed.")), []string{"trusted-network-detected"},
		"The agent's own record mentioning trusted networks while checking the policy (not a message to the user). Expect no findings.",
		mac(macLine(0, "acvpnagent", 123, "Function: checkTND File: TNDMgr.cpp Line: 210 Checking whether the VPN client detected a trusted network: no")), none))

	segv := func(name string, pid int) string {
		return l.Line(5*time.Minute, "kernel", 0, "[ 1234.567890] "+name+"["+strconv.Itoa(pid)+"]: segfault at 0 ip 00007f2b1c2d3e4f sp 00007ffd5e6f7a80 error 4 in libvpnagentutilities.so[7f2b1c200000+1a0000]")
	}
	add(pair("agent-crashed",
		"The agent crashes on Linux (kernel: \"vpnagentd[1130]: segfault at 0 ... in libvpnagentutilities.so\") and the GUI reports the service unavailable; nothing connects after it. Expect agent-crashed.",
		linux("5.1.2.42", segv("vpnagentd", 1130), l.Line(5*time.Minute+10*time.Second, "vpnui", 2211, "Message type error sent to the user: VPN service not available.")), []string{"agent-crashed"},
		"Another program segfaults in the same journal; the VPN client is fine. Expect no findings.",
		linux("5.1.2.42", l.Line(5*time.Minute, "kernel", 0, "[ 1234.567890] gnome-shell[1822]: segfault at 8 ip 00007f00 sp 00007ffd error 4 in libmutter-10.so.0[7f00+1000]")), none))
	return out
}
