package dart

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// msinfo.nfo is msinfo32's export, XML (UTF-16 as Windows writes it,
// decoded before the FactBuilder sees it). Its "System Summary" category
// holds one <Data> per fact, an <Item> name and its <Value>, each text
// usually in CDATA:
//
//	<Category name="System Summary">
//	  <Data><Item><![CDATA[OS Name]]></Item><Value><![CDATA[Microsoft Windows 10 Enterprise]]></Value></Data>
//	  <Data><Item><![CDATA[Version]]></Item><Value><![CDATA[10.0.19045 Build 19045]]></Value></Data>
//	  <Data><Item><![CDATA[System Name]]></Item><Value><![CDATA[LAPTOP-7]]></Value></Data>
//
// Only the OS name, its version and the system name are read, from the
// first Data items that give them; the rest of the file (drivers,
// services, a large part) is skipped token by token.

// isMsinfo reports whether a file is msinfo32's export: by its name, or a
// head that opens <MsInfo>.
func isMsinfo(name string, head []byte) bool {
	lower := strings.ToLower(name)
	return strings.HasSuffix(lower, ".nfo") || strings.Contains(string(head), "<MsInfo")
}

// factMaxMsinfoItems bounds the Data items looked at: the System Summary
// comes first and holds a few dozen.
const factMaxMsinfoItems = 4096

func (b *FactBuilder) addMsinfo(f File, r io.Reader) error {
	cr := &countingReader{r: r}
	d := xml.NewDecoder(cr)
	d.Strict = false
	var item, value strings.Builder
	var in string // "Item" or "Value" while inside one
	line := 0
	seen := 0
	for {
		tok, err := d.Token()
		if err != nil {
			var re *readError
			if errors.As(err, &re) {
				return fmt.Errorf("%s: read: %w", f.Name, re.err)
			}
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "Data":
				item.Reset()
				value.Reset()
				line = cr.line(d.InputOffset())
			case "Item", "Value":
				in = t.Name.Local
			}
		case xml.CharData:
			switch in {
			case "Item":
				if item.Len() < 256 {
					item.Write(t)
				}
			case "Value":
				if value.Len() < 1024 {
					value.Write(t)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "Item", "Value":
				in = ""
			case "Data":
				seen++
				b.msinfoItem(strings.TrimSpace(item.String()), clip(strings.TrimSpace(value.String()), 1024), Source{File: f.Name, Line: line})
				if seen >= factMaxMsinfoItems || b.osName.Value != "" && b.osVersion.Value != "" && b.hostname.Value != "" {
					return nil
				}
			}
		}
	}
}

func (b *FactBuilder) msinfoItem(item, val string, src Source) {
	if val == "" {
		return
	}
	switch item {
	case "OS Name":
		if b.osName.Value == "" {
			b.osName = Value{Value: val, Source: src}
		}
		if strings.HasPrefix(val, "Microsoft Windows") {
			b.hint(PlatformWindows, 10, "msinfo OS Name: Microsoft Windows", src)
		}
	case "Version":
		if b.osVersion.Value == "" {
			b.osVersion = Value{Value: val, Source: src}
		}
	case "System Name":
		if b.hostname.Value == "" && !strings.ContainsAny(val, " \t") && len(val) <= 253 {
			b.hostname = Value{Value: val, Source: src}
		}
	}
}
