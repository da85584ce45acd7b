package redact

// A Kind is what sort of secret a value is. Each kind has pseudonyms of
// its own form, so that a redacted line still reads as what it was.
type Kind uint8

const (
	KindUser    Kind = iota + 1 // a user name: user-3f9a1c
	KindHost                    // a host or computer name of one label: host-3f9a1c
	KindDomain                  // a domain name or FQDN of the customer: host-3f9a1c.dom-77b2e0.example
	KindAddress                 // an IPv4 or IPv6 address, of the same class
	KindMAC                     // a MAC address: the vendor's prefix kept
	KindEmail                   // an e-mail address: user-3f9a1c@dom-77b2e0.example
	KindCert                    // a certificate subject's value or a serial number
	KindSSID                    // a Wi-Fi network name: ssid-3f9a1c
	KindOther                   // a value matched by one of Options.Patterns
)

var kindNames = [...]string{
	KindUser:    "user",
	KindHost:    "host",
	KindDomain:  "domain",
	KindAddress: "address",
	KindMAC:     "mac",
	KindEmail:   "email",
	KindCert:    "cert",
	KindSSID:    "ssid",
	KindOther:   "other",
}

// String returns the kind's name as the map writes it: "user", "host", ...
func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "unknown"
}

// Kinds lists every kind, in the order of the constants.
func Kinds() []Kind {
	return []Kind{KindUser, KindHost, KindDomain, KindAddress, KindMAC, KindEmail, KindCert, KindSSID, KindOther}
}
