package scenario

import (
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func TestParse(t *testing.T) {
	s, err := Parse("x.log", []byte(`# The headend refuses.
platform: linux
version: 5.1.2.42
profile: Profile/Corp_VPN.xml vpn.example.com
want: high
summary: rejected

09:15:02 acvpnapi An SSL VPN connection to vpn.example.com has been requested by the user.
# a comment between records
2026-03-10T00:00:01 vpnui [function=processIfcData invoked=processIfcData code=-29949919 description=GLOBAL_ERROR_UNEXPECTED] "Unable to contact h. "
- kernel [ 1.0] firefox[2201]: segfault
`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Comment != "The headend refuses." || s.Want != findings.SeverityHigh || len(s.Summary) != 1 || s.Summary[0] != (Text{"rejected", 6}) {
		t.Errorf("header: %+v", s)
	}
	if s.Facts.Platform != dart.PlatformLinux || s.Facts.Product.Version.String() != "5.1.2.42" || len(s.Facts.Profiles) != 1 || s.Facts.Profiles[0].Servers[0] != "vpn.example.com" {
		t.Errorf("facts: %+v", s.Facts)
	}
	want := []logparse.Record{
		{Time: Day.Add(9*time.Hour + 15*time.Minute + 2*time.Second), Source: "acvpnapi", Message: "An SSL VPN connection to vpn.example.com has been requested by the user.", Pos: logparse.Position{File: "x.log", Line: 8}},
		{Time: Day.Add(24*time.Hour + time.Second), Source: "vpnui", Message: "Unable to contact h. ", Pos: logparse.Position{File: "x.log", Line: 10},
			Header: logparse.Header{Function: "processIfcData", InvokedFunction: "processIfcData", ReturnCode: -29949919, HasReturnCode: true, Description: "GLOBAL_ERROR_UNEXPECTED"}},
		{Source: "kernel", Message: "[ 1.0] firefox[2201]: segfault", Pos: logparse.Position{File: "x.log", Line: 11}},
	}
	if len(s.Records) != len(want) {
		t.Fatalf("got %d records, want %d", len(s.Records), len(want))
	}
	for i := range want {
		if !s.Records[i].Time.Equal(want[i].Time) || s.Records[i].Source != want[i].Source || s.Records[i].Message != want[i].Message ||
			s.Records[i].Header != want[i].Header || s.Records[i].Pos != want[i].Pos {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, s.Records[i], want[i])
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"want: none\nsummary: x\n", "x.log:2: summary: given with want: none"},
		{"platform: windows\n", "x.log:1: no want: line"},
		{"want: none\ncolour: red\n", `x.log:2: unknown key "colour"`},
		{"want: none\nplatform: beos\n", `x.log:2: unknown platform "beos"`},
		{"want: severe\n", "x.log:1: want: "},
		{"want: none\n\n9:15 acvpnui x\n", `x.log:3: bad time "9:15"`},
		{"want: none\n\n09:15:02 acvpnui [function=f lne=3] x\n", `x.log:3: header: unknown key "lne"`},
	} {
		_, err := Parse("x.log", []byte(tt.in))
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Parse(%q) = %v, want %s", tt.in, err, tt.want)
		}
	}
}
