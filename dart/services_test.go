package dart

import (
	"strings"
	"testing"
)

func TestServicesAndAdapter(t *testing.T) {
	tests := []struct {
		name, in   string
		svc, state string
		ipconfig   bool
		adapter    bool
	}{
		{"sc query stopped", "SERVICE_NAME: vpnagent\n  TYPE : 10 WIN32_OWN_PROCESS\n  STATE : 1  STOPPED\n", "vpnagent", "Stopped", false, false},
		{"sc query of another service", "SERVICE_NAME: Dnscache\n  STATE : 4  RUNNING\n", "", "", false, false},
		{"get-service table", "Status   Name               DisplayName\n------   ----               -----------\nStopped  csc_vpnagent       Cisco Secure Client - AnyConnect VPN Agent\n", "csc_vpnagent", "Stopped", false, false},
		{"get-service running", "Running  vpnagent           Cisco AnyConnect Secure Mobility Agent\n", "vpnagent", "Running", false, false},
		{"a log line naming the agent", "Stopping vpnagent now\n", "", "", false, false},
		{"ipconfig without the adapter", "Windows IP Configuration\n\nEthernet adapter Ethernet:\n   Description . . . : Intel(R) Ethernet Connection\n", "", "", true, false},
		{"ipconfig with the adapter", "Windows IP Configuration\n\nEthernet adapter Ethernet 2:\n   Description . . . : Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter for Windows x64\n", "", "", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewFactBuilder()
			if err := b.AddFile(File{Name: "x.txt", Kind: KindSystemInfo}, strings.NewReader(tt.in)); err != nil {
				t.Fatal(err)
			}
			f := b.Facts()
			if f.AgentService.Name != tt.svc || f.AgentService.State != tt.state {
				t.Errorf("agent service %+v, want %s %s", f.AgentService, tt.svc, tt.state)
			}
			a := f.VirtualAdapter
			if (a.IPConfig.File != "") != tt.ipconfig || (a.Adapter.Value != "") != tt.adapter || a.Missing() != (tt.ipconfig && !tt.adapter) {
				t.Errorf("adapter %+v missing=%v", a, a.Missing())
			}
		})
	}
}
