package dart

import (
	"strings"
)

// A ServiceState is the state of the client's VPN agent service as a
// services list in the bundle gives it.
type ServiceState struct {
	Name   string `json:"name"`  // vpnagent (4.x), csc_vpnagent (5.x)
	State  string `json:"state"` // "Running", "Stopped", ... as written, capitalised
	Source Source `json:"source"`
}

// An AdapterCheck says whether ipconfig /all shows the client's virtual
// adapter. IPConfig is zero when the bundle holds no ipconfig /all output;
// then nothing can be said.
type AdapterCheck struct {
	IPConfig Source `json:"ipconfig,omitzero"` // the "Windows IP Configuration" line
	Adapter  Value  `json:"adapter,omitzero"`  // its Description line; zero when absent
}

// Missing reports whether ipconfig /all was read and shows no virtual
// adapter of the client: the driver is not installed or is disabled.
func (a AdapterCheck) Missing() bool {
	return a.IPConfig.File != "" && a.Adapter.Value == ""
}

// agentServices are the agent's service names.
var agentServices = []string{"vpnagent", "csc_vpnagent"}

// services reads service and adapter facts from one trimmed line:
//
//   - sc query: "SERVICE_NAME: vpnagent" then "STATE : 1  STOPPED";
//   - Get-Service's table: "Stopped  vpnagent  Cisco AnyConnect ...";
//   - ipconfig /all: "Windows IP Configuration", and a Description naming
//     the client's Virtual Miniport Adapter.
func (s *textScan) services(n int, t string) {
	b := s.b
	if t == "Windows IP Configuration" && b.adapter.IPConfig.File == "" {
		b.adapter.IPConfig = s.src(n)
	}
	if b.adapter.Adapter.Value == "" && strings.Contains(t, "Virtual Miniport Adapter") &&
		(strings.Contains(t, "AnyConnect") || strings.Contains(t, "Cisco Secure Client")) {
		b.adapter.Adapter = Value{Value: clip(t, 256), Source: s.src(n)}
	}
	if b.agent.Name != "" {
		return
	}
	if v, ok := strings.CutPrefix(t, "SERVICE_NAME:"); ok {
		s.svc = ""
		if name := strings.TrimSpace(v); isAgentService(name) {
			s.svc = name
		}
		return
	}
	if s.svc != "" {
		if v, ok := strings.CutPrefix(t, "STATE"); ok {
			f := strings.Fields(strings.TrimLeft(v, " :"))
			if len(f) >= 2 {
				b.agent = ServiceState{Name: s.svc, State: capitalise(f[1]), Source: s.src(n)}
			}
			s.svc = ""
		}
		return
	}
	f := strings.Fields(t)
	if len(f) >= 2 && isAgentService(f[1]) {
		switch st := strings.ToLower(f[0]); st {
		case "running", "stopped", "paused", "startpending", "stoppending":
			b.agent = ServiceState{Name: f[1], State: capitalise(st), Source: s.src(n)}
		}
	}
}

func isAgentService(name string) bool {
	for _, a := range agentServices {
		if strings.EqualFold(name, a) {
			return true
		}
	}
	return false
}

// capitalise returns s in lower case with its first letter upper: sc's
// STOPPED and Get-Service's Stopped read alike.
func capitalise(s string) string {
	s = strings.ToLower(s)
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
