package redact_test

import (
	"bytes"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/logparse/evtx"
	"github.com/dartkit/dartkit/redact"
)

func ExampleEVTX() {
	// An AnyConnect.evtx whose events name the computer and a user.
	in := evtxgen.Bytes([]evtxgen.Event{{
		Time: time.Date(2020, 6, 17, 20, 21, 32, 0, time.UTC), Level: 4, Provider: "acvpnagent", EventID: 2039,
		Computer: "DESKTOP-ACME42", Channel: "Cisco AnyConnect Secure Mobility Client",
		Data: `Profile loaded from C:\Users\jdoe\AppData\Local\Cisco\profile.xml`,
	}})

	r, err := redact.New(&redact.Options{Key: []byte("a key of at least 16 bytes")})
	if err != nil {
		log.Fatal(err)
	}
	r.Learn(redact.KindHost, "DESKTOP-ACME42")
	r.Learn(redact.KindUser, "jdoe")
	var out bytes.Buffer
	if err := redact.EVTX(r, &out, bytes.NewReader(in), "AnyConnect.evtx"); err != nil {
		log.Fatal(err)
	}

	rd, err := evtx.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()), nil)
	if err != nil {
		log.Fatal(err)
	}
	rec, err := rd.Read()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("same size:", out.Len() == len(in))
	fmt.Println("source:", rec.Source, rec.EventID)
	fmt.Println("computer left:", strings.Contains(rec.Host, "ACME42"))
	fmt.Println("user left:", strings.Contains(rec.Message, "jdoe"))
	// Output:
	// same size: true
	// source: acvpnagent 2039
	// computer left: false
	// user left: false
}
