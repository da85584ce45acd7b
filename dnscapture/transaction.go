package dnscapture

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// A Transport is the transport protocol that carried a DNS message.
type Transport uint8

// Transports.
const (
	UDP Transport = iota + 1
	TCP
)

// String returns "udp" or "tcp".
func (t Transport) String() string {
	switch t {
	case UDP:
		return "udp"
	case TCP:
		return "tcp"
	}
	return "transport(" + strconv.Itoa(int(t)) + ")"
}

// A Type is the type of a DNS question or resource record (RFC 1035 QTYPE).
type Type uint16

// Common query types.
const (
	TypeA     Type = 1
	TypeNS    Type = 2
	TypeCNAME Type = 5
	TypeSOA   Type = 6
	TypePTR   Type = 12
	TypeMX    Type = 15
	TypeTXT   Type = 16
	TypeAAAA  Type = 28
	TypeSRV   Type = 33
	TypeSVCB  Type = 64
	TypeHTTPS Type = 65
	TypeANY   Type = 255
)

var typeNames = map[Type]string{
	TypeA: "A", TypeNS: "NS", TypeCNAME: "CNAME", TypeSOA: "SOA", TypePTR: "PTR",
	TypeMX: "MX", TypeTXT: "TXT", TypeAAAA: "AAAA", TypeSRV: "SRV", 35: "NAPTR",
	41: "OPT", 43: "DS", 46: "RRSIG", 47: "NSEC", 48: "DNSKEY", 52: "TLSA",
	TypeSVCB: "SVCB", TypeHTTPS: "HTTPS", 252: "AXFR", TypeANY: "ANY", 257: "CAA",
}

// String returns the mnemonic of t ("A", "AAAA", ...), or "TYPEn" in the
// style of RFC 3597 for types without one.
func (t Type) String() string {
	if s, ok := typeNames[t]; ok {
		return s
	}
	return "TYPE" + strconv.Itoa(int(t))
}

// An RCode is the response code of a DNS response (RFC 1035 RCODE, with the
// extended bits of an EDNS OPT record).
type RCode uint16

// Response codes.
const (
	RCodeNoError  RCode = 0 // NOERROR
	RCodeFormErr  RCode = 1 // FORMERR
	RCodeServFail RCode = 2 // SERVFAIL
	RCodeNXDomain RCode = 3 // NXDOMAIN
	RCodeNotImp   RCode = 4 // NOTIMP
	RCodeRefused  RCode = 5 // REFUSED
)

var rcodeWords = [...]string{
	0: "No error", 1: "Format error", 2: "Server failure", 3: "No such name",
	4: "Not implemented", 5: "Refused", 6: "Name exists", 7: "RRset exists",
	8: "RRset does not exist", 9: "Not authoritative", 10: "Name out of zone",
	16: "Bad OPT version", 17: "Key not recognized", 18: "Signature out of time window",
	19: "Bad TKEY mode", 20: "Duplicate key name", 21: "Algorithm not supported",
	22: "Bad truncation", 23: "Bad server cookie",
}

var rcodeNames = [...]string{
	0: "NOERROR", 1: "FORMERR", 2: "SERVFAIL", 3: "NXDOMAIN", 4: "NOTIMP",
	5: "REFUSED", 6: "YXDOMAIN", 7: "YXRRSET", 8: "NXRRSET", 9: "NOTAUTH",
	10: "NOTZONE", 16: "BADVERS", 17: "BADKEY", 18: "BADTIME", 19: "BADMODE",
	20: "BADNAME", 21: "BADALG", 22: "BADTRUNC", 23: "BADCOOKIE",
}

// String returns the words Wireshark shows for c: "No error",
// "No such name", "Server failure", "Refused", ...
func (c RCode) String() string {
	if int(c) < len(rcodeWords) && rcodeWords[c] != "" {
		return rcodeWords[c]
	}
	return "Unknown (" + strconv.Itoa(int(c)) + ")"
}

// Mnemonic returns the name RFC 6895 gives c: "NOERROR", "NXDOMAIN",
// "SERVFAIL", "REFUSED", ..., or "RCODEn" for codes without one.
func (c RCode) Mnemonic() string {
	if int(c) < len(rcodeNames) && rcodeNames[c] != "" {
		return rcodeNames[c]
	}
	return "RCODE" + strconv.Itoa(int(c))
}

// A Transaction is one DNS query and the response that answered it, if any.
//
// Frame numbers are 1-based and count every packet record of the capture,
// as Wireshark numbers frames. Times are capture times in UTC.
type Transaction struct {
	ID        uint16         // DNS message ID
	Name      string         // query name, without the trailing dot; "" for the root
	Type      Type           // query type
	Transport Transport      // UDP or TCP
	Client    netip.AddrPort // sender of the query
	Server    netip.AddrPort // receiver of the query

	QueryFrame int       // frame of the first query
	QueryTime  time.Time // time of the first query
	// Retransmissions counts further queries with the same client, server,
	// ID, transport and question sent before the response arrived.
	Retransmissions int

	ResponseFrame int       // frame of the response; 0 if none arrived
	ResponseTime  time.Time // time of the response; zero if none arrived
	RCode         RCode     // response code; meaningful only if Answered
	Truncated     bool      // the response had the TC bit set
	// Answers lists the IPv4 and IPv6 addresses of the A and AAAA records
	// in the answer section of the response, in message order. It is
	// empty if the response's records could not be decoded; its header and
	// question still make it the answer.
	Answers []netip.Addr
}

// Answered reports whether a response to the query was seen.
func (t Transaction) Answered() bool { return t.ResponseFrame != 0 }

// Delay returns the time from the first query to the response, or 0 if no
// response arrived.
func (t Transaction) Delay() time.Duration {
	if !t.Answered() {
		return 0
	}
	return t.ResponseTime.Sub(t.QueryTime)
}

// String describes t on one line, as a support engineer cites a frame:
//
//	frame 2, 20:21:32.289, query 0x03a7 A mus.cisco.com to 10.88.240.69 → frame 18, Server failure after 11.4 s
//
// An unanswered query ends in "→ no response". Retransmissions, TCP and
// answer addresses are added when present.
func (t Transaction) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "frame %d, %s, query 0x%04x %s %s to %s",
		t.QueryFrame, t.QueryTime.UTC().Format("15:04:05.000"), t.ID, t.Type, displayName(t.Name), serverString(t.Server))
	if t.Transport == TCP {
		b.WriteString(" over TCP")
	}
	switch t.Retransmissions {
	case 0:
	case 1:
		b.WriteString(" (1 retransmission)")
	default:
		fmt.Fprintf(&b, " (%d retransmissions)", t.Retransmissions)
	}
	if !t.Answered() {
		b.WriteString(" → no response")
		return b.String()
	}
	fmt.Fprintf(&b, " → frame %d, %s after %s", t.ResponseFrame, t.RCode, seconds(t.Delay()))
	if t.Truncated {
		b.WriteString(", truncated")
	}
	for i, a := range t.Answers {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(a.String())
	}
	return b.String()
}

// displayName returns name as Wireshark shows it.
func displayName(name string) string {
	if name == "" {
		return "<Root>"
	}
	return name
}

// serverString returns the server address, with its port only when the
// port is not 53.
func serverString(ap netip.AddrPort) string {
	if ap.Port() == 53 {
		return ap.Addr().String()
	}
	return ap.String()
}

// seconds renders d as "11.4 s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', 1, 64) + " s"
}
