package redact

import (
	"net/netip"

	"github.com/dartkit/dartkit/dart"
)

// LearnFacts makes r replace, wherever they appear, the secrets a
// bundle's facts name: its host name, its VPN profiles' servers, the names
// of its hosts file.
func (r *Redactor) LearnFacts(f *dart.Facts) {
	if f == nil {
		return
	}
	r.Learn(KindHost, f.Hostname.Value)
	for _, p := range f.Profiles {
		for _, e := range p.Entries {
			r.learnName(e.Name)
			r.learnName(e.Address)
		}
		for _, s := range p.Servers {
			r.learnName(s)
		}
	}
	for _, h := range f.Hosts {
		for _, n := range h.Names {
			r.learnName(n)
		}
	}
}

// learnName learns a server's name; addresses need no learning, since
// every address is replaced.
func (r *Redactor) learnName(s string) {
	if s == "" {
		return
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return
	}
	r.Learn(KindDomain, s)
}
