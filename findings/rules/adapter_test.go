package rules

import (
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestVirtualAdapterError(t *testing.T) {
	driver := told(3, "error", "The VPN client driver encountered an error. Please restart your computer or device, then try again.")
	activating := told(0, "information", "Activating VPN adapter...")
	tunnel := code(1, "vpnagentd", "ConnectMgr::run", "ConnectMgr::initiateTunnel", "CONNECTMGR_ERROR_UNEXPECTED", "")
	connect := code(1, "vpnagentd", "ConnectMgr::run", "ConnectMgr::initiateConnect", "CONNECTMGR_ERROR_UNEXPECTED", "")
	linux := platform(dart.PlatformLinux, "5.1.2.42")
	runRule(t, VirtualAdapterError, []ruleCase{
		{"driver message", nil, []logparse.Record{driver}, findings.SeverityHigh, []string{"1 record at 09:15:05", "told \"The VPN client driver encountered an error\" (1 time)"}},
		{"linux activating then initiateTunnel", linux, []logparse.Record{activating, tunnel}, findings.SeverityHigh, []string{"1 attempt of \"Activating VPN adapter\" ended in CONNECTMGR_ERROR_UNEXPECTED"}},
		{"initiateConnect is not the adapter", linux, []logparse.Record{activating, connect}, 0, nil},
		{"tunnel failure long after activating", linux, []logparse.Record{activating, func() logparse.Record { r := tunnel; r.Time = r.Time.Add(time.Hour); return r }()}, 0, nil},
		{"connected later", nil, []logparse.Record{driver, connectedAt(600)}, 0, nil},
	})
}
