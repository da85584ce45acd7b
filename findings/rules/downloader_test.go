package rules

import (
	"testing"

	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/logparse"
)

func ackFailure(sec int) logparse.Record {
	r := code(sec, "acvpndownloader", "wWinMain", "CDnldrIpc::SendAckMsgToDownloader", "SOCKETTRANSPORT_ERROR_CONNECT", "")
	r.Header.File = `c:\temp\build\thehoff\negasonic_mr30.550195061902\negasonic_mr3\vpn\downloader\downloader.cpp`
	return r
}

func TestDownloaderAgentUnreachable(t *testing.T) {
	args := rec(2, "acvpndownloader", "The downloader command line arguments are invalid")
	runRule(t, DownloaderAgentUnreachable, []ruleCase{
		{"one failure is noise", nil, []logparse.Record{ackFailure(0)}, 0, nil},
		{"repeated", nil, []logparse.Record{ackFailure(0), ackFailure(60)}, findings.SeverityMedium,
			[]string{"2 records between 09:15:02 and 09:16:02", "2 records with SOCKETTRANSPORT_ERROR_CONNECT from CDnldrIpc::SendAckMsgToDownloader"}},
		{"invalid arguments", nil, []logparse.Record{ackFailure(0), args}, findings.SeverityMedium, []string{"1 record with \"The downloader command line arguments are invalid\""}},
		{"connected later", nil, []logparse.Record{ackFailure(0), ackFailure(60), connectedAt(90)}, 0, nil},
		{"other return code", nil, []logparse.Record{func() logparse.Record {
			r := ackFailure(0)
			r.Header.Description = "SOCKETTRANSPORT_ERROR_TIMEOUT"
			return r
		}(), func() logparse.Record {
			r := ackFailure(9)
			r.Header.Description = "SOCKETTRANSPORT_ERROR_TIMEOUT"
			return r
		}()}, 0, nil},
	})
}
