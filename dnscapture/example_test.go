package dnscapture_test

import (
	"fmt"
	"log"
	"os"

	"github.com/dartkit/dartkit/dnscapture"
)

// The capture of the Cisco TechNote on CSCvu39643: the AnyConnect VPN core
// asks for mus.cisco.com every 15 s and the server fails each time.
func Example() {
	f, err := os.Open("../testdata/captures/technote.pcapng")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r, err := dnscapture.NewReader(f, nil)
	if err != nil {
		log.Fatal(err)
	}
	mus := dnscapture.NewSeries("mus.cisco.com")
	for tx, err := range r.All() {
		if err != nil {
			log.Fatal(err)
		}
		if mus.Add(tx) && tx.RCode == dnscapture.RCodeServFail {
			fmt.Println(tx)
		}
	}
	fmt.Println(mus.Summary())
	st := r.Stats()
	fmt.Printf("%d packets, %d DNS\n", st.Packets, st.DNS)
	// Output:
	// frame 2, 20:21:32.289, query 0x03a7 A mus.cisco.com to 10.88.240.69 → frame 18, Server failure after 11.4 s
	// frame 26, 20:21:47.336, query 0x03d8 A mus.cisco.com to 10.88.240.69 → frame 59, Server failure after 11.7 s
	// frame 66, 20:22:02.385, query 0x0409 A mus.cisco.com to 10.88.240.69 → frame 88, Server failure after 11.2 s
	// frame 96, 20:22:17.426, query 0x043a A mus.cisco.com to 10.88.240.69 → frame 117, Server failure after 11.6 s
	// frame 135, 20:22:32.478, query 0x046b A mus.cisco.com to 10.88.240.69 → frame 159, Server failure after 11.0 s
	// frame 167, 20:22:47.526, query 0x049c A mus.cisco.com to 10.88.240.69 → frame 197, Server failure after 12.3 s
	// frame 203, 20:23:02.572, query 0x04cd A mus.cisco.com to 10.88.240.69 → frame 225, Server failure after 11.7 s
	// frame 232, 20:23:17.615, query 0x04fe A mus.cisco.com to 10.88.240.69 → frame 251, Server failure after 12.1 s
	// 8 queries, one every 15.0 s, 20:21:32 to 20:23:17, all Server failure, server 10.88.240.69
	// 260 packets, 16 DNS
}
