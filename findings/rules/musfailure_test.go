package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

// isFailureText is isFailure as it was: the failure words looked for one
// by one in the record's Text. isFailure must tell the same without
// building the text.
func isFailureText(r *logparse.Record) bool {
	t := r.Text()
	for _, w := range failureWords {
		if findings.ContainsFold(t, w) {
			return true
		}
	}
	return false
}

func TestIsFailureReadsTheFields(t *testing.T) {
	const file = `c:\temp\build\thehoff\negasonic_mr30.297045120452\negasonic_mr3\vpn\common\ip\dnsrequest.cpp`
	hdr := logparse.Header{Function: "CDNSRequest::OnSocketReadComplete", File: file, Line: 1147}
	recs := map[string]logparse.Record{
		"technote":  {Header: hdr, Message: "Timeout (per request) while trying to resolve [A] query mus.cisco.com via DNS server 10.88.240.69 (timeout 11000 ms)"},
		"resolved":  {Header: hdr, Message: "Resolved [A] query mus.cisco.com via DNS server 10.88.240.69: 72.163.1.80"},
		"no header": {Message: "getaddrinfo mus.cisco.com: NO SUCH HOST"},
		"in the description": {Header: logparse.Header{Function: "CHostLocator::resolve", File: "x.cpp", Line: 3,
			InvokedFunction: "CSocketSupport::connect", HasReturnCode: true, ReturnCode: -31588340, Description: "SOCKETTRANSPORT_ERROR_CONNECT"},
			Message: "probe of mus.cisco.com"},
		"in the file":             {Header: logparse.Header{Function: "F", File: `c:\vpn\ErrorHandler.cpp`, Line: 1}, Message: "mus.cisco.com"},
		"in the function":         {Header: logparse.Header{Function: "CDns::onServFail", File: "dns.cpp", Line: 1}, Message: "mus.cisco.com"},
		"in the invoked function": {Header: logparse.Header{Function: "F", File: "f.cpp", Line: 1, InvokedFunction: "CannotConnect"}, Message: "mus.cisco.com"},
		"none":                    {Header: logparse.Header{Function: "CDNSRequest::send", File: "dns.cpp", Line: 2}, Message: "Query mus.cisco.com sent to 10.88.240.69"},
		"long message":            {Message: string(make([]byte, 3000)) + " mus.cisco.com SERVER FAILURE"},
	}
	for name, r := range recs {
		if got, want := isFailure(&r), isFailureText(&r); got != want {
			t.Errorf("%s: isFailure = %v, the words in its Text say %v", name, got, want)
		}
	}
}
