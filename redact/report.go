package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net"
	"net/netip"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/dartkit/dartkit/findings"
)

// Report returns a copy of rep with every string that comes from the
// bundle redacted by r: evidence and its context lines, facts, file names,
// coverage examples and notes, messages, the capture's names and
// addresses, the bundle's path. Rule IDs, references, severities, states,
// counts and times are left as they are, and so are fields of an
// enumeration's type. Each finding's fingerprint, a digest of the
// endpoint's facts, is replaced by a keyed digest of it: reports redacted
// with the same key can still be followed from one to the next.
//
// Report first learns rep's facts (see [Redactor.LearnFacts]), so that the
// host name or a profile's server is replaced wherever a report names it,
// with the pseudonym a redacted bundle gives it. rep is not changed. What
// a report holds unexported is not copied: the copy's
// [findings.CaptureReport.Capture] is nil.
func Report(r *Redactor, rep *findings.Report) *findings.Report {
	if rep == nil {
		return nil
	}
	r.LearnFacts(rep.Facts)
	if rep.Facts != nil && rep.Facts.Summary != nil {
		r.Learn(KindUser, rep.Facts.Summary.User)
	}
	out := new(findings.Report)
	w := reportWalker{r: r}
	w.copy(reflect.ValueOf(out).Elem(), reflect.ValueOf(rep).Elem(), false)
	return out
}

// keptFields are the string fields of a report that come from dartkit,
// not from the bundle, and must stay as they are for the report to be
// read: by type, then field name. Every other string field is redacted,
// so that a field added later is redacted until someone says otherwise.
var keptFields = map[reflect.Type]map[string]bool{
	reflect.TypeFor[findings.Finding]():   {"Rule": true},
	reflect.TypeFor[findings.Skip]():      {"Rule": true},
	reflect.TypeFor[findings.Reference](): {"Kind": true, "ID": true, "Title": true, "URL": true},
}

var (
	stringType = reflect.TypeFor[string]()
	timeType   = reflect.TypeFor[time.Time]()
	addrType   = reflect.TypeFor[netip.Addr]()
	portType   = reflect.TypeFor[netip.AddrPort]()
	macType    = reflect.TypeFor[net.HardwareAddr]()
	errorType  = reflect.TypeFor[error]()
	findType   = reflect.TypeFor[findings.Finding]()
	shapeType  = reflect.TypeFor[findings.Shape]()
)

// A reportWalker copies a value, redacting its strings on the way.
type reportWalker struct {
	r *Redactor
}

// copy sets dst, a settable zero value, to a deep copy of src with its
// strings redacted, or only copied when keep is set.
func (w reportWalker) copy(dst, src reflect.Value, keep bool) {
	t := src.Type()
	switch {
	case t == stringType:
		if !keep {
			dst.SetString(w.r.String(src.String()))
			return
		}
	case t == addrType:
		if a := src.Interface().(netip.Addr); a.IsValid() && !keep {
			dst.Set(reflect.ValueOf(w.r.Addr(a)))
			return
		}
	case t == portType:
		if ap := src.Interface().(netip.AddrPort); ap.IsValid() && !keep {
			dst.Set(reflect.ValueOf(netip.AddrPortFrom(w.r.Addr(ap.Addr()), ap.Port())))
			return
		}
	case t == macType:
		if hw := src.Interface().(net.HardwareAddr); len(hw) > 0 && !keep {
			dst.Set(reflect.ValueOf(w.r.MAC(hw)))
			return
		}
	case t == timeType:
		dst.Set(src)
		return
	}
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(t.Elem())
		w.copy(p.Elem(), src.Elem(), keep)
		dst.Set(p)
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		s := reflect.MakeSlice(t, src.Len(), src.Len())
		for i := range src.Len() {
			w.copy(s.Index(i), src.Index(i), keep)
		}
		dst.Set(s)
	case reflect.Array:
		for i := range src.Len() {
			w.copy(dst.Index(i), src.Index(i), keep)
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(t, src.Len())
		it := src.MapRange()
		for it.Next() {
			k := reflect.New(t.Key()).Elem()
			w.copy(k, it.Key(), keep)
			v := reflect.New(t.Elem()).Elem()
			w.copy(v, it.Value(), keep)
			// Two keys may share a pseudonym only if they were one
			// secret in two spellings; the later one wins.
			m.SetMapIndex(k, v)
		}
		dst.Set(m)
	case reflect.Struct:
		// Unexported fields cannot be redacted: they are left zero (a
		// capture report's capture, whose texts are the capture's own).
		kept := keptFields[t]
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			d := dst.Field(i)
			if t == findType && f.Name == "Fingerprint" && !keep {
				d.SetString(w.fingerprint(src.Field(i).String()))
				continue
			}
			w.copy(d, src.Field(i), keep || kept[f.Name])
		}
		if t == shapeType && !keep {
			w.reshape(dst.Addr().Interface().(*findings.Shape), src.Interface().(findings.Shape))
		}
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		if t == errorType && !keep {
			dst.Set(reflect.ValueOf(errors.New(w.r.String(src.Interface().(error).Error()))))
			return
		}
		v := reflect.New(src.Elem().Type()).Elem()
		w.copy(v, src.Elem(), keep)
		dst.Set(v)
	default:
		// Numbers, booleans, and strings of an enumeration's type: none
		// comes from the bundle as text.
		dst.Set(src)
	}
}

// reshape makes the shape of redacted, a copy of orig, that of its
// redacted example when orig's example held a secret. A shape is its
// source, function and message with their numbers masked, which leaves
// a secret holding a number (a host name, an address, a MAC) out of the
// redactor's reach in part: "win#-lab-#". The shape is then made again
// from the redacted example, its runs of digits masked but its name
// pseudonyms kept whole ("host-3c3ea5", not "host-#c#ea#"); an address
// or a MAC address is masked as the analysis masks one, so that records
// differing by an address still share a shape. It may differ from the
// shape the analysis would have made of the same text.
func (w reportWalker) reshape(redacted *findings.Shape, orig findings.Shape) {
	if redacted.Example.Text == orig.Example.Text {
		return
	}
	source, _, _ := strings.Cut(orig.Shape, ": ")
	text := redacted.Example.Text
	// A debug header reads "Function: F File: X Line: N message"; its
	// shape, "F: message".
	if m := headerRe.FindStringSubmatchIndex(text); m != nil {
		text = text[m[2]:m[3]] + ": " + text[m[1]:]
	}
	if len(text) > maxShapeText {
		text = text[:maxShapeText]
	}
	pseudonyms := w.r.namePseudonyms()
	var b strings.Builder
	b.WriteString(w.r.String(source))
	b.WriteString(": ")
	for i := 0; i < len(text); i++ {
		if p := pseudonymAt(text[i:], pseudonyms); p != "" {
			b.WriteString(p)
			i += len(p) - 1
			continue
		}
		c := text[i]
		if c < '0' || c > '9' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('#')
		for i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' {
			i++
		}
	}
	redacted.Shape = b.String()
}

var headerRe = regexp.MustCompile(`^Function: (\S+) File: \S+ Line: \d+ `)

// namePseudonyms returns the pseudonyms r has given to names (users,
// hosts, domains, certificate values, SSIDs, patterns' matches), not to
// addresses or MAC addresses.
func (r *Redactor) namePseudonyms() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []string
	for _, m := range r.names {
		for _, e := range m {
			out = append(out, e.pseudonym)
		}
	}
	return out
}

// pseudonymAt returns the longest of pseudonyms that s starts with, or "".
func pseudonymAt(s string, pseudonyms []string) string {
	best := ""
	for _, p := range pseudonyms {
		if len(p) > len(best) && strings.HasPrefix(s, p) {
			best = p
		}
	}
	return best
}

// maxShapeText is how much of a message a shape is made from, as the
// analysis makes them.
const maxShapeText = 120

// fingerprint returns the keyed digest standing for a finding's
// fingerprint fp, of its length (at most 64 hexadecimal digits).
func (w reportWalker) fingerprint(fp string) string {
	if fp == "" {
		return ""
	}
	m := hmac.New(sha256.New, w.r.key)
	m.Write([]byte("fingerprint\x00"))
	m.Write([]byte(fp))
	sum := hex.EncodeToString(m.Sum(nil))
	return sum[:min(len(fp), len(sum))]
}
