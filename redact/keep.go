package redact

import (
	"bytes"
	"net/netip"
	"strings"
)

// keptDomains are the built-in domains kept with their subdomains: the
// vendors whose services a diagnosis names, their certificate
// authorities' OCSP and CRL hosts, and the reserved names.
var keptDomains = []string{
	"cisco.com", "webex.com", "duo.com", "duosecurity.com", "opendns.com", "umbrella.com",
	"microsoft.com", "windows.com", "windowsupdate.com", "msftncsi.com", "msftconnecttest.com",
	"live.com", "office.com", "office365.com", "microsoftonline.com", "msocsp.com",
	"apple.com", "icloud.com", "google.com", "gstatic.com", "pki.goog",
	"digicert.com", "verisign.com", "entrust.net", "entrust.com", "globalsign.com", "globalsign.net",
	"godaddy.com", "sectigo.com", "comodoca.com", "usertrust.com", "letsencrypt.org", "lencr.org",
	"identrust.com", "symcd.com", "symcb.com", "thawte.com", "geotrust.com", "amazontrust.com",
	"localhost", "localhost.localdomain", "example", "example.com", "example.net", "example.org",
	"test", "invalid",
}

// keptResolvers are the well-known public resolvers, kept.
var keptResolvers = []string{
	"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9", "149.112.112.112",
	"208.67.222.222", "208.67.220.220",
	"2001:4860:4860::8888", "2001:4860:4860::8844",
	"2606:4700:4700::1111", "2606:4700:4700::1001",
	"2620:fe::fe", "2620:fe::9",
	"2620:119:35::35", "2620:119:53::53",
}

// keptWords are values kept where a user or host name is expected: the
// built-in accounts and placeholders that name nobody.
var keptWords = map[string]bool{
	"public": true, "default": true, "default user": true, "all users": true, "shared": true,
	"defaultuser0": true, "administrator": true, "guest": true, "system": true, "root": true,
	"localservice": true, "networkservice": true, "localsystem": true, "systemprofile": true,
	"n/a": true, "na": true, "none": true, "null": true, "(null)": true, "unknown": true,
	"localhost": true, "nt authority": true, "workgroup": true, "wi-fi": true, "wlan": true,
	"ethernet": true, "-": true, "nt": true, "s-1-5-18": true, "s-1-5-19": true,
	"s-1-5-20": true, "local service": true, "network service": true,
}

// keptCertWords mark a certificate subject's value as a vendor's or a
// public authority's, kept.
var keptCertWords = []string{
	"cisco", "digicert", "microsoft", "apple", "google", "verisign", "entrust", "globalsign",
	"godaddy", "go daddy", "sectigo", "comodo", "usertrust", "let's encrypt", "isrg", "thawte",
	"geotrust", "quovadis", "identrust", "amazon", "baltimore", "cybertrust", "starfield",
	"duo security", "opendns", "rapidssl", "internet security research group",
}

// keepList is the compiled keep list: the built-in one and Options.Keep.
type keepList struct {
	exact    map[string]bool // lower-case values
	suffixes map[string]bool // domains kept with their subdomains
	prefixes []netip.Prefix
}

func newKeepList(extra []string) keepList {
	k := keepList{exact: map[string]bool{}, suffixes: map[string]bool{}}
	for _, d := range keptDomains {
		k.suffixes[d] = true
	}
	for _, v := range extra {
		v = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(v)), ".")
		switch {
		case v == "":
		case strings.HasPrefix(v, "*."):
			k.suffixes[v[2:]] = true
		case strings.Contains(v, "/"):
			if p, err := netip.ParsePrefix(v); err == nil {
				k.prefixes = append(k.prefixes, p.Masked())
			} else {
				k.exact[v] = true
			}
		default:
			if a, _, ok := parseAddrZone(v); ok {
				k.prefixes = append(k.prefixes, netip.PrefixFrom(a, a.BitLen()))
			} else {
				k.exact[v] = true
			}
		}
	}
	return k
}

// keptName reports whether the lower-case DNS name name is kept: a kept
// domain or one of its subdomains, an exact value of Options.Keep, or a
// name under .example.
func (r *Redactor) keptName(name string) bool {
	return r.keptNameBytes([]byte(name))
}

func (r *Redactor) keptNameBytes(name []byte) bool {
	if r.keep.exact[string(name)] {
		return true
	}
	for s := name; ; {
		if r.keep.suffixes[string(s)] {
			return true
		}
		i := bytes.IndexByte(s, '.')
		if i < 0 {
			return false
		}
		s = s[i+1:]
	}
}

// keptCertValue is keptCert, remembered for the values met: a bundle
// names its few authorities on every certificate check.
func (r *Redactor) keptCertValue(lower []byte) bool {
	r.mu.RLock()
	v, ok := r.certKept[string(lower)]
	r.mu.RUnlock()
	if ok {
		return v
	}
	v = keptCert(lower)
	r.mu.Lock()
	if len(r.certKept) < 1<<12 {
		r.certKept[string(lower)] = v
	}
	r.mu.Unlock()
	return v
}

// keptCert reports whether a certificate subject's value is a vendor's.
func keptCert(lower []byte) bool {
	for _, w := range keptCertWords {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}
