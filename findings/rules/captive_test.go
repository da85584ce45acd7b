package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestCaptivePortal(t *testing.T) {
	msg := told(3, "error", "The service provider in your current location is restricting access to the Internet. You need to log on with the service provider before you can establish a VPN session. You can try this by visiting any website with your browser.")
	runRule(t, CaptivePortal, []ruleCase{
		{"hotspot", nil, []logparse.Record{msg, told(63, "error", msg.Message[len("Message type error sent to the user: "):])}, findings.SeverityMedium, []string{"captive portal", "2 records between 09:15:05 and 09:16:05"}},
		{"logged in, then connected", nil, []logparse.Record{msg, connectedAt(300)}, 0, nil},
		{"other process", nil, []logparse.Record{rec(3, "chrome", "Your network is restricting access to the Internet")}, 0, nil},
	})
}
