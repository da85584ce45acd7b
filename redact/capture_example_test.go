package redact_test

import (
	"bytes"
	"fmt"
	"log"
	"net/netip"
	"os"

	"github.com/dartkit/dartkit/dnscapture"
	"github.com/dartkit/dartkit/redact"
)

func ExampleCapture() {
	in, err := os.Open("../testdata/captures/technote.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	defer in.Close()
	r, err := redact.New(&redact.Options{Key: []byte("a key of sixteen bytes or more")})
	if err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	if err := redact.Capture(r, &out, in); err != nil {
		log.Fatal(err)
	}

	// The redacted capture tells the same story: the kept name fails,
	// asked by a client whose private address is now another.
	rd, err := dnscapture.NewReader(&out, nil)
	if err != nil {
		log.Fatal(err)
	}
	for tx, err := range rd.All() {
		if err != nil {
			log.Fatal(err)
		}
		client := tx.Client.Addr()
		fmt.Println(tx.Name, tx.RCode, client.IsPrivate(), client != netip.MustParseAddr("10.31.121.202"))
	}
	// Output:
	// mus.cisco.com Server failure true true
	// mus.cisco.com Server failure true true
	// mus.cisco.com Server failure true true
	// mus.cisco.com Server failure true true
	// mus.cisco.com Server failure true true
	// mus.cisco.com Server failure true true
	// mus.cisco.com Server failure true true
	// mus.cisco.com Server failure true true
}
