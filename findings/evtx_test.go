package findings_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dartkit/dartkit/dart"
	"github.com/dartkit/dartkit/findings"
	"github.com/dartkit/dartkit/findings/rules"
	"github.com/dartkit/dartkit/internal/evtxgen"
	"github.com/dartkit/dartkit/internal/hostile"
	"github.com/dartkit/dartkit/logparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const acDir = "Cisco AnyConnect Secure Mobility Client/"

// dartExport writes events as DART's text export of the channel, with
// local times in loc and no offset.
func dartExport(events []evtxgen.Event, loc *time.Location) string {
	var b strings.Builder
	b.WriteString("Cisco AnyConnect Secure Mobility Client event log export\r\n")
	levels := map[uint8]string{1: "Critical", 2: "Error", 3: "Warning", 4: "Information"}
	for _, e := range events {
		t := e.Time.In(loc)
		fmt.Fprintf(&b, "******************************************\r\n\r\nDate\t\t: %s\r\nTime\t\t: %s\r\nType\t\t: %s\r\nSource\t\t: %s\r\nEvent ID\t: %d\r\nCategory\t: None\r\nComputer\t: %s\r\n\r\nDescription\t: %s\r\n\r\n",
			t.Format("01/02/2006"), t.Format("15:04:05"), levels[e.Level], e.Provider, e.EventID, e.Computer, strings.TrimRight(e.Data, "\r\n"))
	}
	return b.String()
}

// musFinding returns the CSCvu39643 finding of rep, failing the test when
// there is none.
func musFinding(t *testing.T, rep *findings.Report) findings.Finding {
	t.Helper()
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, "cscvu39643") {
			return f
		}
	}
	require.FailNow(t, "no CSCvu39643 finding", "findings %v, skipped %v", rep.Findings, rep.Skipped)
	return findings.Finding{}
}

// failuresFrom returns the files that the finding's failure evidence
// cites.
func failuresFrom(f findings.Finding) map[string]int {
	m := map[string]int{}
	for _, e := range f.Evidence {
		if strings.Contains(e.Text, "mus.cisco.com") {
			m[e.File]++
		}
	}
	return m
}

func fileReport(t *testing.T, rep *findings.Report, name string) findings.FileReport {
	t.Helper()
	for _, f := range rep.Files {
		if f.Name == name {
			return f
		}
	}
	require.FailNow(t, "no file report", name)
	return findings.FileReport{}
}

// TestEVTXOnly finds the bug in a bundle whose only VPN log is the binary
// AnyConnect.evtx, wherever it lies.
func TestEVTXOnly(t *testing.T) {
	file := evtxgen.Bytes(evtxgen.TechNote())
	tests := []struct {
		name string
		zip  []byte
		file string
	}{
		{"top", hostile.Zip(hostile.Entry{Name: acDir + "AnyConnect.evtx", Data: file}), acDir + "AnyConnect.evtx"},
		{"nested zip", hostile.Zip(hostile.Entry{Name: "DARTBundle.zip", Data: hostile.Zip(hostile.Entry{Name: acDir + "AnyConnect.evtx", Data: file})}),
			"DARTBundle.zip/" + acDir + "AnyConnect.evtx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := analyzeZip(t, tt.zip, nil, rules.All(), nil)
			assert.False(t, rep.Incomplete, "%q", rep.Errors)
			assert.False(t, rep.NotBundle)
			fr := fileReport(t, rep, tt.file)
			assert.Equal(t, findings.StateRead, fr.State)
			assert.Equal(t, dart.KindEventLog, fr.Kind)
			assert.Equal(t, logparse.FormatEVTX, fr.Format)
			assert.Empty(t, fr.Encoding, "binary")
			assert.Equal(t, len(evtxgen.TechNote()), fr.Records)
			f := musFinding(t, rep)
			assert.Contains(t, f.Summary, "3 failures, one every 15.0 s")
			assert.Equal(t, map[string]int{tt.file: 3}, failuresFrom(f))
			for _, e := range f.Evidence {
				if e.File == tt.file {
					assert.Positive(t, e.Line, "the event record id")
					assert.True(t, e.Zoned, "UTC")
				}
			}
		})
	}
}

// TestBothCopies checks that an event in both AnyConnect.txt and
// AnyConnect.evtx counts once, whatever the zone the text was written in,
// and that the text's events the binary lacks are kept.
func TestBothCopies(t *testing.T) {
	events := evtxgen.TechNote()
	// older is events[0] two days before: the same key modulo 15 minutes,
	// kept because it lies outside the binary's span.
	older := evtxgen.Event{Time: events[0].Time.Add(-48 * time.Hour), Level: 4, Provider: "acvpnagent", EventID: 2039,
		Computer: events[0].Computer, Data: "The VPN connection has been established and can now pass data."}
	for _, zone := range []string{"UTC", "Europe/Berlin", "America/Los_Angeles", "Asia/Kathmandu", "Asia/Kolkata"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				loc = time.FixedZone(zone, 0) // no zone database: the test is still one of UTC
			}
			text := dartExport(append([]evtxgen.Event{older}, events...), loc)
			z := hostile.Zip(
				hostile.E(acDir+"AnyConnect.txt", text),
				hostile.Entry{Name: acDir + "AnyConnect.evtx", Data: evtxgen.Bytes(events)},
			)
			rep := analyzeZip(t, z, nil, rules.All(), nil)
			assert.False(t, rep.Incomplete, "%q", rep.Errors)
			f := musFinding(t, rep)
			assert.Contains(t, f.Summary, "3 failures", "each failure once")
			assert.Equal(t, map[string]int{acDir + "AnyConnect.evtx": 3}, failuresFrom(f))

			txt := fileReport(t, rep, acDir+"AnyConnect.txt")
			assert.Equal(t, findings.StateRead, txt.State)
			assert.Equal(t, 1, txt.Records, "the older event only the text has")
			assert.Equal(t, len(events), txt.Duplicates)
			assert.Equal(t, acDir+"AnyConnect.evtx", txt.DuplicatesIn)
			assert.Contains(t, rep.Coverage.Notes, fmt.Sprintf("%sAnyConnect.txt: read; %d records also in %sAnyConnect.evtx, not counted twice", acDir, len(events), acDir))
			assert.Equal(t, len(events), fileReport(t, rep, acDir+"AnyConnect.evtx").Records)
		})
	}
}

// TestCopiesNotPaired checks that a text log in another folder, or the
// same events twice in the text, are not taken for the binary's copy.
func TestCopiesNotPaired(t *testing.T) {
	events := evtxgen.TechNote()
	z := hostile.Zip(
		hostile.E("Other/AnyConnect.txt", dartExport(events, time.UTC)),
		hostile.Entry{Name: acDir + "AnyConnect.evtx", Data: evtxgen.Bytes(events)},
	)
	rep := analyzeZip(t, z, nil, rules.All(), nil)
	txt := fileReport(t, rep, "Other/AnyConnect.txt")
	assert.Equal(t, len(events), txt.Records)
	assert.Zero(t, txt.Duplicates)

	// An event the text has twice and the binary once counts twice.
	twice := append(append([]evtxgen.Event(nil), events...), events[2])
	z = hostile.Zip(
		hostile.E(acDir+"AnyConnect.txt", dartExport(twice, time.UTC)),
		hostile.Entry{Name: acDir + "AnyConnect.evtx", Data: evtxgen.Bytes(events)},
	)
	rep = analyzeZip(t, z, nil, rules.All(), nil)
	txt = fileReport(t, rep, acDir+"AnyConnect.txt")
	assert.Equal(t, 1, txt.Records)
	assert.Equal(t, len(events), txt.Duplicates)
	assert.Contains(t, musFinding(t, rep).Summary, "4 failures")
}

// manyEvents returns n TechNote failures, one a second: three chunks
// for 250.
func manyEvents(n int) []evtxgen.Event {
	tn := evtxgen.TechNote()
	out := make([]evtxgen.Event, n)
	for i := range out {
		out[i] = tn[2]
		out[i].Time = tn[2].Time.Add(time.Duration(i) * time.Second)
	}
	return out
}

// TestDamagedEVTX checks the policy for damaged chunks: records lost make
// the report incomplete, a checksum that does not match is a note.
func TestDamagedEVTX(t *testing.T) {
	const hdr, chunk = evtxgen.FileHeaderSize, evtxgen.ChunkSize
	tests := []struct {
		name       string
		damage     func(b []byte)
		incomplete bool
	}{
		{"chunk signature", func(b []byte) { copy(b[hdr+chunk:], "ElfChnX") }, true},
		{"chunk header checksum", func(b []byte) { b[hdr+chunk+124] ^= 1 }, false},
		{"record size", func(b []byte) {
			c := b[hdr : hdr+chunk]
			binary.LittleEndian.PutUint32(c[512+4:], 0x7fffffff)
			evtxgen.SetChunkChecksums(c)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := evtxgen.Bytes(manyEvents(250))
			tt.damage(b)
			name := acDir + "AnyConnect.evtx"
			rep := analyzeZip(t, hostile.Zip(hostile.Entry{Name: name, Data: b}), nil, rules.All(), nil)
			assert.Equal(t, tt.incomplete, rep.Incomplete, "errors %q, notes %q", rep.Errors, rep.Coverage.Notes)
			fr := fileReport(t, rep, name)
			assert.Equal(t, findings.StateRead, fr.State)
			assert.Positive(t, fr.Errors)
			if tt.incomplete {
				require.NotEmpty(t, rep.Unread)
				assert.Contains(t, rep.Unread[0], name)
			} else {
				assert.NotEmpty(t, rep.Coverage.Notes)
				assert.Equal(t, 250, fr.Records)
			}
			musFinding(t, rep)
		})
	}
}

// TestEVTXNoTempLeft reads an EVTX over MaxEVTXMemory, gzip-compressed in
// a zip, and checks that no temporary file is left, also when the analysis
// is cancelled. Its size is known once indexed, so it is read forward from
// the stream (dart's tests cover the copy to disk of one whose size is
// not known).
func TestEVTXNoTempLeft(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err := zw.Write(evtxgen.Bytes(manyEvents(250)))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	z := hostile.Zip(hostile.Entry{Name: acDir + "AnyConnect.evtx.gz", Data: gz.Bytes()})
	dopts := &dart.Options{Limits: dart.Limits{MaxEVTXMemory: 1024}}
	rep := analyzeZip(t, z, dopts, rules.All(), nil)
	require.Len(t, rep.Files, 1)
	assert.Equal(t, 250, rep.Files[0].Records, rep.Files[0].Name)
	musFinding(t, rep)
	left, err := os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left)

	ctx, cancel := context.WithCancel(context.Background())
	b, err := dart.NewReader(ctx, bytes.NewReader(z), int64(len(z)), "case.zip", dopts)
	require.NoError(t, err)
	defer b.Close()
	cancel()
	_, err = findings.Analyze(ctx, b, rules.All(), nil)
	assert.ErrorIs(t, err, context.Canceled)
	left, err = os.ReadDir(tmp)
	require.NoError(t, err)
	assert.Empty(t, left)
}

// TestEVTXFolder reads the EVTX of a folder bundle in place.
func TestEVTXFolder(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, filepath.FromSlash(acDir+"AnyConnect.evtx"))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, evtxgen.Bytes(evtxgen.TechNote()), 0o644))
	ctx := context.Background()
	b, err := dart.Open(ctx, dir, nil)
	require.NoError(t, err)
	defer b.Close()
	rep, err := findings.Analyze(ctx, b, rules.All(), nil)
	require.NoError(t, err)
	assert.Equal(t, len(evtxgen.TechNote()), fileReport(t, rep, acDir+"AnyConnect.evtx").Records)
	assert.Equal(t, map[string]int{acDir + "AnyConnect.evtx": 3}, failuresFrom(musFinding(t, rep)))
}

// TestCopyKeysBound checks that past the bound on keys, the text records
// the binary's later events would have matched are read, and a note says
// so.
func TestCopyKeysBound(t *testing.T) {
	defer findings.SetMaxCopyKeys(2)()
	events := evtxgen.TechNote()
	z := hostile.Zip(
		hostile.E(acDir+"AnyConnect.txt", dartExport(events, time.UTC)),
		hostile.Entry{Name: acDir + "AnyConnect.evtx", Data: evtxgen.Bytes(events)},
	)
	rep := analyzeZip(t, z, nil, rules.All(), nil)
	txt := fileReport(t, rep, acDir+"AnyConnect.txt")
	assert.Equal(t, 2, txt.Duplicates)
	assert.Equal(t, len(events)-2, txt.Records)
	assert.Contains(t, rep.Coverage.Notes, acDir+"AnyConnect.txt: read; 2 records also in "+acDir+
		"AnyConnect.evtx, not counted twice (keys of "+acDir+"AnyConnect.evtx kept for its first 2 distinct events only: later events of both files may count twice)")
}

// TestEVTXCutInHeader checks that an EVTX cut inside its header is a loss,
// not a file in a format nobody reads.
func TestEVTXCutInHeader(t *testing.T) {
	name := acDir + "AnyConnect.evtx"
	z := hostile.Zip(hostile.Entry{Name: name, Data: evtxgen.Bytes(evtxgen.TechNote())[:1000]})
	rep := analyzeZip(t, z, nil, rules.All(), nil)
	assert.True(t, rep.Incomplete)
	require.NotEmpty(t, rep.Unread)
	assert.Contains(t, rep.Unread[0], name)
	assert.Contains(t, rep.Unread[0], "ends inside its 4096-byte header")
	fr := fileReport(t, rep, name)
	assert.Equal(t, findings.StateNotUnderstood, fr.State)
	assert.Equal(t, 1, fr.Errors)
	assert.True(t, fr.Missed)
}
