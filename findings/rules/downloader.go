package rules

import (
	"fmt"
	"strings"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// downloaderMinFailures is how many failed acknowledgements make a finding
// without the "arguments are invalid" text: a single one is common noise.
const downloaderMinFailures = 2

// DownloaderAgentUnreachable reports a downloader that cannot reach the
// agent over IPC.
var DownloaderAgentUnreachable = &findings.Rule{
	ID:       "downloader-agent-unreachable",
	Title:    "Downloader cannot reach the VPN agent",
	Severity: findings.SeverityMedium,
	Doc: `Detects the downloader (acvpndownloader) failing to talk to the agent:
records from wWinMain whose header names the invoked function
CDnldrIpc::SendAckMsgToDownloader and reports SOCKETTRANSPORT_ERROR_CONNECT
(0xFE1E000C), and "The downloader command line arguments are invalid". One
SendAckMsgToDownloader failure is common and harmless (the downloader ran
when the agent had already gone on), so the rule needs at least 2 of them,
or the "arguments are invalid" text. Updates and profile downloads at
connect time fail while this lasts. A later established connection cancels
the finding.

CONFIRMED: the records (Get-WinEvent output of AnyConnect 4.8.03036,
https://github.com/goichot/CVE-2020-3433/issues/1).
That thread is about an exploit of CVE-2020-3433: an unexpected downloader
run with odd arguments is also worth a look for tampering.`,
	Component:  "vpndownloader",
	Needs:      []findings.Input{findings.InputVPNLog},
	References: []findings.Reference{{Kind: "doc", Title: "acvpndownloader SOCKETTRANSPORT_ERROR_CONNECT records (CVE-2020-3433 report)", URL: "https://github.com/goichot/CVE-2020-3433/issues/1"}},
	Remediation: []string{
		"Restart the VPN agent service and connect again.",
		"Look for security software blocking local connections between the downloader and the agent.",
		"If the downloader ran without a connection attempt or with invalid arguments, check the endpoint for tampering (CVE-2020-3433 abused the downloader) and update the client.",
	},
	Signals: standardSignals(
		findings.Signal{Name: "ack", Contains: "SendAckMsgToDownloader", Sources: findings.VPNSources(), Match: func(r *logparse.Record) bool {
			return r.Header.Description == "SOCKETTRANSPORT_ERROR_CONNECT"
		}},
		vpnSignal("args", "command line arguments are invalid"),
	),
	Identity: failureIdentity,
	Check: func(p *findings.Pass) error {
		ack, args := p.Series("ack"), p.Series("args")
		if args.Empty() && ack.Count() < downloaderMinFailures {
			return nil
		}
		f := unresolved(p, "ack", "args")
		if f == nil {
			return nil
		}
		var s strings.Builder
		fmt.Fprintf(&s, "The downloader could not reach the VPN agent: %s", counted(f.cadence, "record"))
		if n := ack.Count(); n > 0 {
			fmt.Fprintf(&s, "; %d %s SOCKETTRANSPORT_ERROR_CONNECT from CDnldrIpc::SendAckMsgToDownloader", n, plural("record", n)+" with")
		}
		if n := args.Count(); n > 0 {
			fmt.Fprintf(&s, "; %d %s \"The downloader command line arguments are invalid\"", n, plural("record", n)+" with")
		}
		fmt.Fprintf(&s, ". Client updates and profile downloads fail while the downloader cannot talk to the agent over IPC. %s", f.history())
		p.Report(findings.Finding{Summary: s.String(), Evidence: cite(f.fails, "", 4), Facts: f.facts()})
		return nil
	},
}
