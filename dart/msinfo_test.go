package dart

import (
	"strings"
	"testing"
)

func TestMsinfo(t *testing.T) {
	data := func(item, value string) string {
		return "<Data><Item><![CDATA[" + item + "]]></Item><Value><![CDATA[" + value + "]]></Value></Data>\n"
	}
	tests := []struct {
		name, file, in    string
		os, version, host string
		platform          Platform
	}{
		{"summary", "msinfo.nfo", "<MsInfo><Category name=\"System Summary\">\n" + data("OS Name", "Microsoft Windows 11 Pro") + data("Version", "10.0.22631 Build 22631") + data("System Name", "PC-1") + "</Category></MsInfo>",
			"Microsoft Windows 11 Pro", "10.0.22631 Build 22631", "PC-1", PlatformWindows},
		{"plain text values", "x.nfo", "<MsInfo><Data><Item>OS Name</Item><Value>Microsoft Windows 10 Pro</Value></Data></MsInfo>",
			"Microsoft Windows 10 Pro", "", "", PlatformWindows},
		{"cut short keeps what was read", "msinfo.nfo", "<MsInfo>" + data("OS Name", "Microsoft Windows 10 Pro") + "<Data><Item><![CDATA[Vers",
			"Microsoft Windows 10 Pro", "", "", PlatformWindows},
		{"by content, any name", "sysinfo.xml", "<?xml version=\"1.0\"?>\n<MsInfo>" + data("System Name", "PC 2") + "</MsInfo>",
			"", "", "", PlatformUnknown}, // a name with a space is no host name
		{"a systeminfo line, not msinfo", "notes.txt", "OS Name:                   Some OS", "Some OS", "", "", PlatformUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewFactBuilder()
			if err := b.AddFile(File{Name: tt.file, Kind: KindOther}, strings.NewReader(tt.in)); err != nil {
				t.Fatal(err)
			}
			f := b.Facts()
			if f.OSName.Value != tt.os || f.OSVersion.Value != tt.version || f.Hostname.Value != tt.host || f.Platform != tt.platform {
				t.Errorf("got os=%q version=%q host=%q platform=%s", f.OSName.Value, f.OSVersion.Value, f.Hostname.Value, f.Platform)
			}
		})
	}
}
