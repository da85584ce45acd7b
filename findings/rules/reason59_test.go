package rules

import (
	"testing"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func reason59(sec int) logparse.Record {
	return rec(sec, "vpnagentd", "Termination reason code 59: Connection attempt failed due to certificate problems.")
}

func nssMissing(sec int) logparse.Record {
	r := dbg(sec, "vpnagentd", "OpenStores", "Required NSS library was not found")
	r.Header.File = "CollectiveCertStore.cpp"
	return r
}

func TestReason59CertProblems(t *testing.T) {
	gui := told(2, "error", "The certificate on the secure gateway is invalid.")
	runRule(t, Reason59CertProblems, []ruleCase{
		{"reason 59", platform(dart.PlatformWindows, "4.10.07073"), []logparse.Record{reason59(1), gui}, findings.SeverityHigh,
			[]string{"2 records between 09:15:03 and 09:15:04", "Connection attempt failed due to certificate problems"}},
		{"other reason code", nil, []logparse.Record{rec(1, "vpnagentd", "Termination reason code 5: the user disconnected.")}, 0, nil},
		{"connected later", nil, []logparse.Record{reason59(1), connectedAt(90)}, 0, nil},
		{"linux nss names the cause", platform(dart.PlatformLinux, "5.1.19.1862"), []logparse.Record{nssMissing(0), reason59(1)}, 0, nil},
		{"nss text on Windows does not silence", platform(dart.PlatformWindows, "5.1.2.42"), []logparse.Record{nssMissing(0), reason59(1)}, findings.SeverityHigh, nil},
		{"nss on Linux 4.x does not silence", platform(dart.PlatformLinux, "4.10.07073"), []logparse.Record{nssMissing(0), reason59(1)}, findings.SeverityHigh, nil},
	})
}

func TestLinuxNSSMissing(t *testing.T) {
	linux := platform(dart.PlatformLinux, "5.1.19.1862")
	runRule(t, LinuxNSSMissing, []ruleCase{
		{"nss then reason 59", linux, []logparse.Record{nssMissing(0), reason59(1), told(1, "error", "The certificate on the secure gateway is invalid.")}, findings.SeverityHigh,
			[]string{"could not load its NSS libraries", "1 record at 09:15:02", "reason 59", "the missing library is why"}},
		{"nss alone", linux, []logparse.Record{nssMissing(0)}, findings.SeverityHigh, []string{"NSS"}},
		{"unknown platform and version", platform(dart.PlatformUnknown, ""), []logparse.Record{nssMissing(0)}, findings.SeverityHigh, nil},
		{"not on Windows", platform(dart.PlatformWindows, "5.1.2.42"), []logparse.Record{nssMissing(0)}, 0, nil},
		{"not on 4.x", platform(dart.PlatformLinux, "4.10.07073"), []logparse.Record{nssMissing(0)}, 0, nil},
		{"connected later", linux, []logparse.Record{nssMissing(0), connectedAt(30)}, 0, nil},
	})
}
