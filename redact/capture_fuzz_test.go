package redact

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/gopacket/gopacket/layers"
)

func FuzzCapture(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "captures", "*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	q := tcpMessage(f, query(7, "files.acme-corp.net", layers.DNSTypeA))
	f.Add(pcapOf(f, layers.LinkTypeEthernet, dhcpRequest(f),
		udpDNS(f, ip6Client, ip6Server, 40002, 53, query(2, "v6.acme-corp.net", layers.DNSTypeAAAA)),
		tcpFrame(f, ipClient, ipServer, 41000, 53, 100, 0, "S", nil),
		tcpFrame(f, ipClient, ipServer, 41000, 53, 101, 1, "A", q[:10]),
		tcpFrame(f, ipClient, ipServer, 41000, 53, 111, 1, "A", q[10:])))
	r, err := New(&Options{Key: captureKey})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		n, err := CaptureCount(r, &out, bytes.NewReader(in))
		if n.Written+n.Dropped() != n.Packets {
			t.Errorf("counts %+v", n)
		}
		if err != nil || !readable(t, in) {
			return
		}
		// The input was readable by pcapgo and by Capture: so is the output.
		if _, err := packets(t, out.Bytes()); err != nil {
			t.Errorf("pcapgo cannot read the output: %v", err)
		}
	})
}

// readable reports whether pcapgo reads all of in without an error or a
// panic.
func readable(t *testing.T, in []byte) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	_, err := packets(t, in)
	return err == nil
}
