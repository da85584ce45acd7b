package rules

import (
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestSSONavigationFailed(t *testing.T) {
	notls := rec(1, "acwebhelper", "webViewLoadFailedCB: Failed to load page: TLS support is not available")
	failed := told(2, "error", "Authentication failed due to problem navigating to the single sign-on URL.")
	runRule(t, SSONavigationFailed, []ruleCase{
		{"no TLS backend", platform(dart.PlatformLinux, "5.1.19.1862"), []logparse.Record{notls, failed}, findings.SeverityHigh,
			[]string{"1 record at 09:15:04 says", "no TLS backend", "glib-networking", "(1 followed by the failure)"}},
		{"unreachable IdP", nil, []logparse.Record{failed}, findings.SeverityHigh, []string{"did not load"}},
		{"TLS record alone", nil, []logparse.Record{notls}, 0, nil},
		{"connected later", nil, []logparse.Record{failed, connectedAt(120)}, 0, nil},
	})
}
