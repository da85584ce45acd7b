package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestAgentBinaryModified(t *testing.T) {
	tlv := code(0, "vpnui", "CIpcDepot::verifyPeer", "CVerifyFileSignature::Verify", "TLV_ERROR_INVALID_BUFFER", "File (/opt/cisco/secureclient/bin/vpnagentd)")
	other := code(0, "vpnui", "CTlv::parse", "CTlv::getBuffer", "TLV_ERROR_INVALID_BUFFER", "short message from the GUI")
	runRule(t, AgentBinaryModified, []ruleCase{
		{"patched agent", nil, []logparse.Record{tlv}, findings.SeverityHigh, []string{"1 record at 09:15:02 reports TLV_ERROR_INVALID_BUFFER naming vpnagentd", "modified after installation"}},
		{"TLV error about something else", nil, []logparse.Record{other}, 0, nil},
		{"connected later", nil, []logparse.Record{tlv, connectedAt(30)}, 0, nil},
	})
}
