package shapes

import (
	"testing"

	"github.com/dartkit/dartkit/logparse"
)

// shapeRecords are typical records no rule looks at.
var shapeRecords = []logparse.Record{
	{Source: "acvpnagent", Header: logparse.Header{Function: "CHostConfigMgr::logInterfaces"}, Message: "IP Address Interface List: 10.31.121.202 FE80:0:0:0:8D2A:4C1E:9B7:5F21 10.4.5.6"},
	{Source: "acvpnagent", Header: logparse.Header{Function: "CCertHelper::verifyServerCertificate"}, Message: "Certificate chain verified for CN=vpn3.example.com, issuer CN=Example Issuing CA 2, thumbprint 0A1B2C3D4E5F60718293A4B5C6D7E8F9, valid until 2021-05-17"},
	{Source: "acvpnui", Message: "VPN state: Disconnected Network state: Network Accessible Network control state: Network Access: Available Network type: Undefined"},
	{Source: "acvpnagent", Header: logparse.Header{Function: "CRouteMgr::logRouteChange"}, Message: "Route change detected: added 10.12.200.0 mask 255.255.255.0 gateway 192.168.7.1 interface 12 metric 291"},
}

// BenchmarkShapeCounter measures the coverage tally that every record no
// rule looked at goes through.
func BenchmarkShapeCounter(b *testing.B) {
	c := New(position)
	b.ReportAllocs()
	for b.Loop() {
		for i := range shapeRecords {
			c.Add(&shapeRecords[i])
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(shapeRecords)), "ns/record")
}
