// Package sample makes the synthetic DART bundles kept in testdata: the
// scenarios the regression tests run, built from code so that anyone can see
// what each holds and make them again (go run ./internal/cmd/gensamples).
//
// A Windows bundle's event logs can be written in any [Layout]: DART's
// export in its variants, Event Viewer's copied details and saved CSV or
// tab-delimited text, wevtutil's text, PowerShell's Format-List, each in
// UTF-8 or UTF-16 ([Windows.Layout], [Scenario.InLayout]).
package sample

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"strings"
	"time"
)

// A File is one file of a bundle.
type File struct {
	Name string // slash-separated path in the archive; with a final slash, an empty folder
	Data []byte
	Mod  time.Time

	// log holds the events of an event-log file, so that it can be
	// written again in another layout ([Scenario.InLayout]).
	log *eventLog
	// nested holds the files of an archive inside the bundle, and pack
	// makes Data from them.
	nested []File
	pack   func([]File) []byte
	// summary, on summary.txt, makes Data from the other files.
	summary *summary
}

// An eventLog is the content of an event-log file.
type eventLog struct{ events []Event }

// Zip returns files as a zip archive, the way DART writes a bundle. The
// output depends only on the input.
func Zip(files []File) []byte { return zipFiles(files, zip.Deflate) }

// ZipDART returns files as a zip archive laid out as Cisco's dartcli
// writes one (dart-format.md §1b): deflated entries in the order given, no
// directory entries, no extra fields, times in the client's local time as
// MS-DOS dates. The output depends only on the input.
func ZipDART(files []File) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		if strings.HasSuffix(f.Name, "/") {
			panic("sample: DART writes no directory entries: " + f.Name)
		}
		// Modified is left zero: archive/zip would add an extended
		// timestamp field for it, which minizip does not write.
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate}
		//lint:ignore SA1019 the MS-DOS fields are the only way to set the time without the extra field
		h.ModifiedDate, h.ModifiedTime = msdosTime(f.Mod)
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write(f.Data); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// msdosTime returns t's wall clock as an MS-DOS date and time.
func msdosTime(t time.Time) (date, tm uint16) {
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	tm = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, tm
}

// ZipStored is Zip without compression, for tests that make many bundles
// and need only their content.
func ZipStored(files []File) []byte { return zipFiles(files, zip.Store) }

func zipFiles(files []File, method uint16) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	dirs := map[string]bool{}
	for _, f := range files {
		// DART zips carry directory entries too; readers must cope.
		for i := 0; i < len(f.Name); i++ {
			if f.Name[i] == '/' && !dirs[f.Name[:i+1]] {
				dirs[f.Name[:i+1]] = true
				h := &zip.FileHeader{Name: f.Name[:i+1], Modified: f.Mod}
				h.SetMode(0o755 | 1<<31)
				if _, err := zw.CreateHeader(h); err != nil {
					panic(err)
				}
			}
		}
		if strings.HasSuffix(f.Name, "/") {
			continue // the folder's entry is made
		}
		h := &zip.FileHeader{Name: f.Name, Method: method, Modified: f.Mod}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		if _, err := w.Write(f.Data); err != nil {
			panic(err)
		}
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// TarGz returns files as a gzip-compressed tar archive, as a customer might
// re-pack a bundle. The output depends only on the input.
func TarGz(files []File) []byte {
	var buf bytes.Buffer
	gw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gw)
	for _, f := range files {
		if strings.HasSuffix(f.Name, "/") {
			if err := tw.WriteHeader(&tar.Header{Name: f.Name, Mode: 0o755, ModTime: f.Mod, Typeflag: tar.TypeDir, Format: tar.FormatPAX}); err != nil {
				panic(err)
			}
			continue
		}
		if err := tw.WriteHeader(&tar.Header{Name: f.Name, Mode: 0o644, Size: int64(len(f.Data)), ModTime: f.Mod, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
			panic(err)
		}
		if _, err := tw.Write(f.Data); err != nil {
			panic(err)
		}
	}
	if err := tw.Close(); err != nil {
		panic(err)
	}
	if err := gw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
