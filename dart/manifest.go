package dart

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// A Module is one entry of the client's VPNManifest.dat: a module the
// installer put on the endpoint and its version.
//
// No public copy of an installed VPNManifest.dat was found. What is read
// here is the shape of the manifest the headend sends the client in its
// config-auth reply (the <vpn-core-manifest> element, public in captures
// of that exchange), which the client keeps as VPNManifest.dat:
//
//	<vpn rev="1.0">
//	  <file version="4.9.04053" id="VPNCore" is_core="yes" type="msi" action="install" os="win:6.1.7601">
//	    <uri>binaries/anyconnect-win-4.9.04053-core-vpn-webdeploy-k9.msi</uri>
//	    <display-name>AnyConnect Secure Mobility Client</display-name>
//	  </file>
//	</vpn>
//
// Every <file> element with a version attribute is a module, wherever it
// sits; attributes and elements not listed are ignored.
type Module struct {
	ID          string `json:"id"`                     // "VPNCore", "DART", "Posture", ...
	Version     string `json:"version"`                // as written
	Core        bool   `json:"core,omitempty"`         // is_core="yes"
	DisplayName string `json:"display_name,omitempty"` // <display-name>
	URI         string `json:"uri,omitempty"`          // <uri>: the package it came from
	Source      Source `json:"source"`
}

// factMaxModules bounds the modules kept: a manifest lists a dozen.
const factMaxModules = 256

// isManifest reports whether a file is the client's module manifest: by its
// name, or by a head that opens <vpn rev=...> and a <file element.
func isManifest(name string, head []byte) bool {
	base := strings.ToLower(name[strings.LastIndexAny(name, `/\`)+1:])
	if base == "vpnmanifest.dat" {
		return true
	}
	return strings.HasSuffix(base, ".dat") && strings.Contains(string(head), "<vpn rev=") && strings.Contains(string(head), "<file ")
}

// addManifest reads VPNManifest.dat. The core's version becomes a
// ComponentManifest sighting. XML that breaks part way keeps what was read
// before; it is not a read error.
func (b *FactBuilder) addManifest(f File, r io.Reader) error {
	cr := &countingReader{r: r}
	d := xml.NewDecoder(cr)
	d.Strict = false
	var cur *Module
	var field string
	for {
		tok, err := d.Token()
		if err != nil {
			var re *readError
			if errors.As(err, &re) {
				return fmt.Errorf("%s: read: %w", f.Name, re.err)
			}
			return nil // io.EOF, or XML broken: keep what was read
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "file":
				m := Module{Source: Source{File: f.Name, Line: cr.line(d.InputOffset())}}
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "id":
						m.ID = clip(a.Value, 256)
					case "version":
						m.Version = clip(a.Value, 64)
					case "is_core":
						m.Core = strings.EqualFold(a.Value, "yes") || a.Value == "true"
					}
				}
				cur = &m
			case cur != nil && (t.Name.Local == "display-name" || t.Name.Local == "uri"):
				field = t.Name.Local
			}
		case xml.CharData:
			if cur == nil || field == "" {
				break
			}
			v := clip(strings.TrimSpace(string(t)), 512)
			if field == "display-name" {
				cur.DisplayName = v
			} else {
				cur.URI = v
			}
		case xml.EndElement:
			field = ""
			if t.Name.Local == "file" && cur != nil {
				b.addModule(*cur)
				cur = nil
			}
		}
	}
}

func (b *FactBuilder) addModule(m Module) {
	if m.Version == "" || len(b.modules) >= factMaxModules {
		return
	}
	b.modules = append(b.modules, m)
	if !m.Core && !strings.EqualFold(m.ID, "VPNCore") {
		return
	}
	if v, ok := nextVersion(m.Version, 0); ok {
		// The text is the attribute's value as written: a sighting's text
		// is always a piece of the input.
		b.sight(VersionSighting{Version: v.v, Component: ComponentManifest, Text: m.Version, Source: m.Source})
	}
}

// readError marks an error of the underlying reader, to tell it from an
// XML syntax error.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }

// countingReader counts the line ends of what it read, to give a module
// its line, and wraps read errors.
type countingReader struct {
	r     io.Reader
	off   int64
	lines []int64 // offsets just past each '\n'
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, x := range p[:n] {
		if x == '\n' && len(c.lines) < 1<<16 {
			c.lines = append(c.lines, c.off+int64(i)+1)
		}
	}
	c.off += int64(n)
	if err != nil && err != io.EOF {
		return n, &readError{err}
	}
	return n, err
}

// line returns the 1-based line of offset off.
func (c *countingReader) line(off int64) int {
	n := 1
	for _, l := range c.lines {
		if l > off {
			break
		}
		n++
	}
	return n
}
