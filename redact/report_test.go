package redact_test

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/redact"
)

var testKey = []byte("dartkit report test key, 32 byte")

// The secrets planted in every string of a report, and what finds them
// after redaction.
const planted = "jdoe@corp-secret.example at 10.9.8.7 from 00:1a:2b:3c:4d:5e"

var plantedParts = []string{"jdoe@corp-secret.example", "10.9.8.7", "3c:4d:5e"}

// plant fills v, settable, with a value in every field reachable from it:
// each string holds the planted secrets after a number of its own, so that
// no two are equal; each slice and map has an element, each pointer a
// value. depth bounds a recursive type.
func plant(v reflect.Value, n *int, depth int) {
	if depth > 8 {
		return
	}
	switch v.Type() {
	case reflect.TypeFor[time.Time]():
		v.Set(reflect.ValueOf(time.Date(2026, 12, 7, 3, 19, 2, 0, time.UTC)))
		return
	case reflect.TypeFor[netip.Addr]():
		v.Set(reflect.ValueOf(netip.MustParseAddr("10.9.8.7")))
		return
	case reflect.TypeFor[net.HardwareAddr]():
		hw, _ := net.ParseMAC("00:1a:2b:3c:4d:5e")
		v.Set(reflect.ValueOf(hw))
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.Type() == reflect.TypeFor[string]() {
			*n++
			v.SetString(fmt.Sprintf("f%d %s", *n, planted))
		}
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		plant(p.Elem(), n, depth+1)
		v.Set(p)
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		plant(s.Index(0), n, depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k := reflect.New(v.Type().Key()).Elem()
		plant(k, n, depth+1)
		e := reflect.New(v.Type().Elem()).Elem()
		plant(e, n, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				plant(v.Field(i), n, depth+1)
			}
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(7)
	}
}

// kept lists the fields Report leaves as they are: the test's own list,
// so that a field added to the package's by mistake fails here.
var kept = map[string]bool{
	"Finding.Rule": true, "Skip.Rule": true,
	"Reference.Kind": true, "Reference.ID": true, "Reference.Title": true, "Reference.URL": true,
}

// visit calls fn with each string reachable from v and the name
// (Type.Field) of the field holding it.
func visit(v reflect.Value, field string, fn func(field, s string)) {
	switch v.Kind() {
	case reflect.String:
		fn(field, v.String())
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			visit(v.Elem(), field, fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			visit(v.Index(i), field, fn)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			visit(it.Key(), field+"[key]", fn)
			visit(it.Value(), field, fn)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				visit(v.Field(i), v.Type().Name()+"."+f.Name, fn)
			}
		}
	}
}

// TestReportEveryField plants secrets in every string field of a report,
// as the report's types are now, and checks that none survives outside
// the fields a report must keep: a field added later is redacted without
// anyone listing it.
func TestReportEveryField(t *testing.T) {
	var rep findings.Report
	n := 0
	plant(reflect.ValueOf(&rep).Elem(), &n, 0)
	if n < 50 {
		t.Fatalf("planted %d strings only: the walk missed the report's fields", n)
	}
	r, err := redact.New(&redact.Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	out := redact.Report(r, &rep)
	seen := 0
	visit(reflect.ValueOf(out).Elem(), "Report", func(field, s string) {
		seen++
		if kept[field] {
			if !strings.Contains(s, planted) {
				t.Errorf("%s: %q changed; it must be kept", field, s)
			}
			return
		}
		for _, p := range plantedParts {
			if strings.Contains(s, p) {
				t.Errorf("%s: %q left in %q", field, p, s)
			}
		}
	})
	if seen < n {
		t.Errorf("%d strings in the copy, %d planted", seen, n)
	}
	// The original is untouched.
	if !strings.HasSuffix(rep.Findings[0].Evidence[0].Text, planted) || !strings.HasSuffix(rep.Facts.Hostname.Value, planted) {
		t.Errorf("the original changed: %q", rep.Findings[0].Evidence[0].Text)
	}
	if out.Facts.DNSServers[0].Source.Line != rep.Facts.DNSServers[0].Source.Line || out.Findings[0].Severity != rep.Findings[0].Severity {
		t.Error("numbers or enumerations changed")
	}
	if fp := out.Findings[0].Fingerprint; fp == rep.Findings[0].Fingerprint || len(fp) != len(rep.Findings[0].Fingerprint) {
		t.Errorf("fingerprint %q for %q: want a keyed digest of its length", fp, rep.Findings[0].Fingerprint)
	}
}

// TestReportCapture checks that the capture a report was made of, which
// the walk cannot redact, is not in the copy.
func TestReportCapture(t *testing.T) {
	f, err := os.Open("../testdata/captures/technote.pcapng")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := findings.ReadCapture(context.Background(), f, "technote.pcapng")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := findings.AnalyzeCapture(context.Background(), c, rules.All(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Capture.Capture() == nil {
		t.Fatal("the report holds no capture to leave out")
	}
	r, err := redact.New(&redact.Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	if out := redact.Report(r, rep); out.Capture == nil || out.Capture.Capture() != nil {
		t.Errorf("capture report %+v: want one without its capture", out.Capture)
	}
}

func TestReportNil(t *testing.T) {
	r, err := redact.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	if redact.Report(r, nil) != nil {
		t.Error("a nil report gave a report")
	}
}

// TestReportFingerprint checks that the same key gives the same
// fingerprints, so that redacted reports can be followed across bundles,
// and another key others.
func TestReportFingerprint(t *testing.T) {
	rep := &findings.Report{Findings: []findings.Finding{{Rule: "x", Fingerprint: "0123456789abcdef"}}}
	fp := func(key string) string {
		r, err := redact.New(&redact.Options{Key: []byte(key)})
		if err != nil {
			t.Fatal(err)
		}
		return redact.Report(r, rep).Findings[0].Fingerprint
	}
	a, b, c := fp("key one, sixteen bytes"), fp("key one, sixteen bytes"), fp("key two, sixteen bytes")
	if a != b || a == c || !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(a) {
		t.Errorf("fingerprints %q, %q (same key), %q (another)", a, b, c)
	}
}

// pseudonymRe finds the pseudonyms of every kind in a text, and the
// addresses, which are their own pseudonyms.
var pseudonymRe = regexp.MustCompile(`\b(?:user|host|domain|email|cert|ssid|other|mac|address)-[0-9a-f]{6}\b|\b(?:\d{1,3}\.){3}\d{1,3}\b`)

func analyze(t *testing.T, path string) *findings.Report {
	t.Helper()
	ctx := context.Background()
	b, err := dart.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, rules.All(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestReportMatchesBundle checks that the redacted report of a bundle
// and the report of the redacted bundle, redacted with one key, name the
// same pseudonyms and hold the same findings.
func TestReportMatchesBundle(t *testing.T) {
	for _, name := range []string{"dart-windows-technote.zip", "dart-linux-technote.zip"} {
		t.Run(name, func(t *testing.T) { testReportMatchesBundle(t, "../testdata/bundles/"+name) })
	}
}

func testReportMatchesBundle(t *testing.T, technote string) {
	orig := analyze(t, technote)

	rb, err := redact.New(&redact.Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	rb.LearnFacts(orig.Facts)
	out := filepath.Join(t.TempDir(), "redacted.zip")
	if _, err := redact.Bundle(context.Background(), rb, technote, out); err != nil {
		t.Fatal(err)
	}
	ofBundle := analyze(t, out)

	rr, err := redact.New(&redact.Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	ofReport := redact.Report(rr, orig)

	if len(ofBundle.Findings) == 0 || len(ofBundle.Findings) != len(ofReport.Findings) {
		t.Fatalf("%d findings of the redacted bundle, %d of the redacted report", len(ofBundle.Findings), len(ofReport.Findings))
	}
	// Evidence is compared where both name the same line: how many
	// lines a finding cites is the bundle writer's concern, tested with
	// it.
	matched := 0
	var fromBundle, fromReport, fromOriginal []string
	for i, f := range ofReport.Findings {
		g := ofBundle.Findings[i]
		if f.Rule != g.Rule || f.Severity != g.Severity {
			t.Fatalf("finding %d: %s %v of the report, %s %v of the bundle", i, f.Rule, f.Severity, g.Rule, g.Severity)
		}
		at := map[string]string{}
		for _, e := range g.Evidence {
			at[e.Location()] = e.Text
		}
		for j, e := range f.Evidence {
			text, ok := at[e.Location()]
			// Bundle does not yet decode an .evtx (UTF-16 inside a
			// binary layout): its records reach the report as they
			// were, and are left out of the comparison until it does.
			if !ok || strings.HasSuffix(e.File, ".evtx") {
				continue
			}
			matched++
			fromOriginal = append(fromOriginal, pseudonymRe.FindAllString(orig.Findings[i].Evidence[j].Text, -1)...)
			if e.Text != text {
				t.Errorf("%s evidence at %s:\n report: %s\n bundle: %s", f.Rule, e.Location(), e.Text, text)
			}
			fromReport = append(fromReport, pseudonymRe.FindAllString(e.Text, -1)...)
			fromBundle = append(fromBundle, pseudonymRe.FindAllString(text, -1)...)
		}
	}
	if matched == 0 {
		t.Error("no evidence of the redacted report at a line the redacted bundle's cites")
	}
	if ofReport.Facts.Hostname.Value != ofBundle.Facts.Hostname.Value || ofReport.Facts.Hostname.Value == orig.Facts.Hostname.Value {
		t.Errorf("host name %q in the redacted report, %q of the redacted bundle, %q at first",
			ofReport.Facts.Hostname.Value, ofBundle.Facts.Hostname.Value, orig.Facts.Hostname.Value)
	}
	for _, v := range orig.Facts.DNSServers {
		fromOriginal = append(fromOriginal, v.Value)
	}
	for _, v := range ofReport.Facts.DNSServers {
		fromReport = append(fromReport, v.Value)
	}
	for _, v := range ofBundle.Facts.DNSServers {
		fromBundle = append(fromBundle, v.Value)
	}
	for _, s := range []*[]string{&fromBundle, &fromReport} {
		slices.Sort(*s)
		*s = slices.Compact(*s)
	}
	for _, o := range fromOriginal {
		if slices.Contains(fromReport, o) {
			t.Errorf("%s left in the redacted report", o)
		}
	}
	if len(fromReport) == 0 || !slices.Equal(fromBundle, fromReport) {
		t.Errorf("pseudonyms of the redacted report %q, of the redacted bundle %q", fromReport, fromBundle)
	}
}

// TestReportShape checks that the shape of a record holding a secret,
// masked where the secret has digits, is made again from the redacted
// example, and that other shapes are left as they are.
func TestReportShape(t *testing.T) {
	rep := &findings.Report{
		Facts: &dart.Facts{Hostname: dart.Value{Value: "WIN10-LAB-07"}},
		Coverage: findings.Coverage{Shapes: []findings.Shape{
			{Shape: "acvpnagent: CCertStore::Verify: Certificate of WIN#-LAB-# (#.#.#.#) rejected", Count: 2, Example: findings.Evidence{
				Text: `Function: CCertStore::Verify File: c:\build\certstore.cpp Line: 412 Certificate of WIN10-LAB-07 (10.31.121.202) rejected`}},
			{Shape: "EventLog: The Event log service was started.", Count: 1, Example: findings.Evidence{Text: "The Event log service was started."}},
		}},
	}
	r, err := redact.New(&redact.Options{Key: testKey})
	if err != nil {
		t.Fatal(err)
	}
	out := redact.Report(r, rep)
	host := out.Facts.Hostname.Value
	s := out.Coverage.Shapes[0].Shape
	if strings.Contains(s, "WIN#-LAB-#") || strings.Contains(s, "10.31") || !strings.HasPrefix(s, "acvpnagent: CCertStore::Verify: Certificate of "+host+" (#.#.#.#) rejected") {
		t.Errorf("shape %q, host %q", s, host)
	}
	if got := out.Coverage.Shapes[1].Shape; got != rep.Coverage.Shapes[1].Shape {
		t.Errorf("shape without a secret changed: %q", got)
	}
}
