package redact

import (
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/net/publicsuffix"
)

// A keyKind says what the value after a known key is.
type keyKind uint8

const (
	keyNone   keyKind = iota
	keyUser           // USERNAME=, User Name:, Username:, User: (DOMAIN\user too)
	keyHost           // COMPUTERNAME=, Host Name:, Computer:, Computer Name:
	keyDomain         // USERDOMAIN=, USERDNSDOMAIN=, the DNS suffixes of ipconfig
	keySSID           // SSID:, SSID name, SSID 1 :, Name : at a line's start (netsh)
	keyCert           // CN=, OU=, DC=, ST=, emailAddress=
	keyCert1          // O=, L=, S=, E=: only inside a distinguished name
	keySerial         // Serial Number:, serialNumber=, Serial:
)

// keys maps a key, lower case with single spaces, to the kind of its
// value. A key is followed by ':' or '=' (ipconfig's " . . . :" filler
// allowed).
var keys = map[string]keyKind{
	"username": keyUser, "user": keyUser, "logname": keyUser, "user name": keyUser,
	"computername": keyHost, "host name": keyHost, "hostname": keyHost, "computer": keyHost,
	"computer name": keyHost, "machine name": keyHost, "machinename": keyHost, "device name": keyHost,
	"userdomain": keyDomain, "userdnsdomain": keyDomain, "userdomain_roamingprofile": keyDomain,
	"primary dns suffix": keyDomain, "connection-specific dns suffix": keyDomain,
	"dns suffix search list": keyDomain, "domain": keyDomain, "dns domain": keyDomain,
	"ssid": keySSID, "ssid name": keySSID, "name": keySSID, "all user profile": keySSID,
	"network name": keySSID,
	"cn":           keyCert, "ou": keyCert, "dc": keyCert, "st": keyCert, "emailaddress": keyCert,
	"o": keyCert1, "l": keyCert1, "s": keyCert1, "e": keyCert1,
	"serial number": keySerial, "serialnumber": keySerial, "serial": keySerial,
}

// keysByLast lists the keys by their last word, the token the scanner
// stops at.
var keysByLast = func() map[string][]string {
	m := map[string][]string{}
	for k := range keys {
		last := k[strings.LastIndexByte(k, ' ')+1:]
		m[last] = append(m[last], k)
	}
	// Longest first, so that "user name" wins over "name".
	for _, l := range m {
		for i := 1; i < len(l); i++ {
			for j := i; j > 0 && len(l[j]) > len(l[j-1]); j-- {
				l[j], l[j-1] = l[j-1], l[j]
			}
		}
	}
	return m
}()

// keyLens has, for each first byte of a key's last word, a bit for each
// length such a word has, and keyEnds a bit for each pair of its first
// and last bytes: cheap tests before the map.
var keyLens, keyEnds = func() (lens [256]uint32, ends [1 << 10]uint64) {
	for last := range keysByLast {
		if len(last) < 32 {
			lens[last[0]] |= 1 << len(last)
		}
		p := uint16(last[0])<<8 | uint16(last[len(last)-1])
		ends[p>>6] |= 1 << (p & 63)
	}
	return
}()

// keyMayEnd reports whether a word of n bytes, first c0 and last c1 in
// lower case, may be a key's last word.
func keyMayEnd(c0, c1 byte, n int) bool {
	p := uint16(c0)<<8 | uint16(c1)
	return n < 32 && keyLens[c0]&(1<<n) != 0 && keyEnds[p>>6]&(1<<(p&63)) != 0
}

// fileExts are the extensions that make a name.ext a file, not a domain,
// even when .ext is a top-level domain too (.sh, .md, .so, .zip).
var fileExts = map[string]bool{}

func init() {
	for e := range strings.FieldsSeq(`sh md so py pl rs cc ps ps1 psm1 in am ai mo cs zip mov gz tgz xz
		bz2 7z rar tar cab msi msp exe dll sys drv ocx cpl scr log txt xml json ini cfg conf config
		plist pdf html htm js css cpp c h hpp m mm crt cer pem der p7b p12 pfx key csr evtx etl evt
		dmp mdmp pcap pcapng cap dat bin tmp bak old out err csv dmg pkg app deb rpm lnk reg vbs bat
		cmd jar class java rb lua png jpg jpeg gif ico svg yml yaml toml db sqlite lock pid sock nsh
		manifest mui cat inf tlb mof xsd xsl dtd bundle kext dylib nib strings lproj rtf docx xlsx
		vpn asa`) {
		fileExts[e] = true
	}
}

// internalSuffixes are suffixes of names inside a network, found like the
// public ones.
var internalSuffixes = []string{"local", "lan", "corp", "internal", "intranet", "home.arpa", "localdomain"}

// internalSuffixLabels returns the number of labels of the internal
// suffix name ends with, or 0.
func internalSuffixLabels(name string) int {
	for _, s := range internalSuffixes {
		if strings.HasSuffix(name, s) && (len(name) == len(s) || name[len(name)-len(s)-1] == '.') {
			return strings.Count(s, ".") + 1
		}
	}
	return 0
}

func publicSuffixPlusOne(name string) (string, error) {
	return publicsuffix.EffectiveTLDPlusOne(name)
}

// tldMemo remembers which lower-case last labels are top-level domains
// of the ICANN section or internal suffixes. It only grows, and is read
// far more often than written: readers load it without a lock, a writer
// replaces it with a copy.
var tldMemo atomic.Pointer[map[string]bool]

var tldMu sync.Mutex // serialises the writers of tldMemo

// isTLD reports whether the lower-case label is an ICANN top-level
// domain or the last label of an internal suffix.
func isTLD(label []byte) bool {
	if m := tldMemo.Load(); m != nil {
		if v, ok := (*m)[string(label)]; ok {
			return v
		}
	}
	l := string(label)
	ps, icann := publicsuffix.PublicSuffix("x." + l)
	v := icann && ps == l || internalSuffixLabels(l) > 0 || l == "arpa"
	tldMu.Lock()
	defer tldMu.Unlock()
	old := map[string]bool{}
	if m := tldMemo.Load(); m != nil {
		old = *m
	}
	if len(old) < 1<<12 {
		m := make(map[string]bool, len(old)+1)
		for k, x := range old {
			m[k] = x
		}
		m[l] = v
		tldMemo.Store(&m)
	}
	return v
}

func publicSuffix(name string) (string, bool) { return publicsuffix.PublicSuffix(name) }
