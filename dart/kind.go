package dart

import (
	"strconv"
	"time"

	"github.com/dartkit/dartkit/logparse"
)

// A Kind says what a file in a bundle holds. Kinds are decided from a file's
// content; its name is only a hint (see [Classify]).
type Kind uint8

// File kinds.
const (
	KindOther          Kind = iota // anything not listed below
	KindEventLog                   // Windows event log exported as text
	KindSyslog                     // BSD syslog or journalctl short output (macOS system.log, Linux)
	KindUnifiedLog                 // macOS "log show" output
	KindVPNProfile                 // AnyConnect XML profile with server entries
	KindServiceDisable             // VPNDisable_ServiceProfile.xml and the like
	KindPreferences                // preferences.xml, preferences_global.xml, local policy
	KindHosts                      // a copy of the hosts file
	KindSystemInfo                 // network and system information (ipconfig, systeminfo, installed programs, ...)
	KindInstallLog                 // MSI or macOS installer log
	KindArchive                    // an archive nested in the bundle
	KindSummary                    // DART's summary.txt: when, where and what it collected, and what it found missing
)

var kindNames = [...]string{
	KindOther:          "other",
	KindEventLog:       "eventlog",
	KindSyslog:         "syslog",
	KindUnifiedLog:     "unifiedlog",
	KindVPNProfile:     "vpn-profile",
	KindServiceDisable: "service-disable-profile",
	KindPreferences:    "preferences",
	KindHosts:          "hosts",
	KindSystemInfo:     "system-info",
	KindInstallLog:     "install-log",
	KindArchive:        "archive",
	KindSummary:        "dart-summary",
}

// String returns the kind's short name, as used in JSON output.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// IsLog reports whether files of kind k hold log records that package
// logparse reads.
func (k Kind) IsLog() bool {
	return k == KindEventLog || k == KindSyslog || k == KindUnifiedLog
}

// A File describes one file of a bundle.
type File struct {
	// Name is the file's slash-separated path inside the bundle. For a file
	// of an archive nested in the bundle, it is the nested archive's path
	// followed by the path inside it. Names are data from the archive:
	// cleaned, never used as a path on disk.
	Name     string
	Size     int64 // uncompressed size in bytes, -1 when the archive does not say
	Modified time.Time
	Kind     Kind
	// Format is the format of a log's records, for a file whose
	// Kind.IsLog() is true (see [ClassifyHead]); FormatUnknown otherwise.
	Format   logparse.Format
	Encoding string // the text encoding detected, e.g. "utf-8", "utf-16le"; empty for binary files
	// Mentions is the first name of an AnyConnect or Secure Client process
	// or product in the file's head (see [Mentions]), or "". Only the head
	// is looked at.
	Mentions string
}
