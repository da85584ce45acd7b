package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestConnectNullObject(t *testing.T) {
	null := dbg(0, "acvpnui", "ConnectMgr::activateConnectEvent", "NULL object. Cannot establish a connection at this time.")
	runRule(t, ConnectNullObject, []ruleCase{
		{"pastebin record", nil, []logparse.Record{null}, findings.SeverityMedium, []string{"1 record at 09:15:02 says \"NULL object. Cannot establish a connection at this time\""}},
		{"other function", nil, []logparse.Record{dbg(0, "acvpnui", "CMainFrame::OnCreate", "NULL object. Cannot establish a connection at this time.")}, 0, nil},
		{"connected later", nil, []logparse.Record{null, connectedAt(10)}, 0, nil},
	})
}
