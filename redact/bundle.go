package redact

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dartkit/dartkit/dart"
)

// A Result says what Bundle did with each file.
type Result struct {
	// Format is the container written: "zip", "tar", "tar.gz" or "dir".
	Format string
	// Converted says why the container differs from the input's, or is
	// "" when it does not: nothing here writes 7z, so a 7z bundle is
	// written as a zip; a damaged zip is rebuilt.
	Converted string
	Files     []FileResult
}

// A FileResult is what became of one file of the bundle. Files of a
// nested archive are listed after the archive itself, named by the
// archive's path, a slash, and their path inside it.
type FileResult struct {
	Name    string // in the input
	NewName string // in the output; Name when unchanged
	// Action is one of the Action constants, or "dropped: " and why.
	Action string
	// Replacements is how many secrets were replaced in the file's
	// content.
	Replacements int
}

// What Bundle did with a file, as FileResult.Action says it.
const (
	ActionRedacted = "redacted"                 // text, redacted in its own encoding
	ActionCopied   = "copied unchanged"         // text or a folder with nothing to replace
	ActionBinary   = "binary redacted in place" // printable ASCII and UTF-16LE runs, offsets kept
	ActionEVTX     = "evtx"                     // an .evtx redacted in place
	ActionCapture  = "capture"                  // a pcap or pcapng redacted
	ActionArchive  = "archive"                  // a nested archive, its files redacted and listed after it
	ActionNote     = "note"                     // the note of a former redaction, written anew
)

// NoteName is the name of the note at the root of a redacted bundle.
const NoteName = dart.RedactionNote

// ErrExist reports an output that is already a folder: Bundle does not
// write into one, nor over its input.
var ErrExist = errors.New("redact: output exists")

// Bundle writes to out a copy of the bundle in, with its secrets
// replaced by r's pseudonyms, and says what it did with each file.
//
// in is a zip, a tar, a tar.gz or tgz, a 7z or a folder, as [dart.Open]
// reads them; out is written in the same form, with the same order of
// files, names (redacted), modification times, modes and compression
// methods. A 7z is written as a zip, which Result.Converted says; so is a
// zip whose directory cannot be read (a transfer cut short): it is rebuilt
// from the files dart recovers, text in the encoding dart found (UTF-16
// with a byte-order mark, UTF-8 without), the files of nested archives in
// folders named for them. Nested
// archives (a zip in the zip, a tar.gz, a .gz log) are redacted and written
// back as what they were. Text keeps its encoding and byte-order mark; a
// line that nothing was replaced in keeps its bytes. .evtx files and
// captures are redacted in place by [EVTX] and [Capture]; other binary
// files have their printable ASCII and UTF-16LE runs redacted with
// [Redactor.SameLength], so that no offset moves. File and folder names are
// redacted like text.
//
// Bundle reads in twice: first to learn its facts ([Redactor.LearnFacts]),
// what its files of system information state, the hosts of the first
// records of each log, and the note of a former redaction; then to write.
// Memory stays bounded:
// text is redacted a line at a time (a line longer than 64 KiB is cut
// before its last blank or punctuation, or else at 64 KiB), and a file
// whose redacted size a tar header must state is spooled to a temporary
// file when large. The limits of dart ([dart.Limits], at their defaults)
// apply; an archive nested deeper than MaxDepth, or any other limit hit,
// fails the whole bundle.
//
// At the root of out, Bundle writes the note [NoteName]: that the bundle
// was redacted by dartkit, the kinds replaced and the pseudonyms it holds,
// never an original nor the key. Given a redacted bundle, Bundle keeps the
// pseudonyms its note lists, so that redacting it again with the same key
// gives the same bytes. While Bundle writes, r replaces every address
// that is not kept for its class, by Options.Keep or by that note, even
// one that is the pseudonym of another it met: what a file becomes does
// not depend on what the others hold.
//
// Errors name the file they are about and wrap the cause. On error, or
// when ctx is done, nothing is left at out. An existing folder at out, or
// out naming in, is refused with [ErrExist].
func Bundle(ctx context.Context, r *Redactor, in, out string) (*Result, error) {
	info, err := os.Stat(in)
	if err != nil {
		return nil, err
	}
	if oi, err := os.Stat(out); err == nil {
		if oi.IsDir() || os.SameFile(info, oi) {
			return nil, fmt.Errorf("%s: %w", out, ErrExist)
		}
	}
	b := &bundler{ctx: ctx, r: r, lim: limits(), in: in}
	if err := b.learn(in); err != nil {
		return nil, err
	}
	before := r.fileReplacements()
	res := &Result{}
	b.res = res
	// Frozen, r replaces an address whatever it met before: what a part
	// of the bundle becomes does not depend on the others.
	r.frozen.Add(1)
	r.addrGen.Store(addrGens.Add(1))
	tmp, err := b.write(in, info, out)
	r.frozen.Add(-1)
	r.addrGen.Store(addrGens.Add(1))
	if err != nil {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
		return nil, err
	}
	if err := os.Rename(tmp, out); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	after := r.fileReplacements()
	for i := range res.Files {
		f := &res.Files[i]
		if f.Name != "" {
			f.Replacements = after[f.Name] - before[f.Name]
		}
	}
	return res, nil
}

// limits returns dart's limits at their defaults.
func limits() dart.Limits {
	return dart.Limits{
		MaxFileSize:   dart.DefaultMaxFileSize,
		MaxTotalSize:  dart.DefaultMaxTotalSize,
		MaxRatio:      dart.DefaultMaxRatio,
		MaxDepth:      dart.DefaultMaxDepth,
		MaxEntries:    dart.DefaultMaxEntries,
		MaxNestedSize: dart.DefaultMaxNestedSize,
		MaxEVTXMemory: dart.DefaultMaxEVTXMemory,
	}
}

// A bundler is one call of Bundle.
type bundler struct {
	ctx     context.Context
	r       *Redactor
	in      string // the bundle's path, naming errors about it as a whole
	lim     dart.Limits
	res     *Result
	note    note      // of a former redaction, read by learn
	latest  time.Time // the latest modification time of a file, for the note's
	entries int       // files and folders met, nested ones included
	total   int64     // bytes read, nested archives included

	free  []*bufio.Reader // readers of files done with
	spare []*chunk        // windows of files done with
	out   []byte          // buffer of a binary file being redacted
}

// write writes the redacted bundle next to out and returns its name.
func (b *bundler) write(in string, info os.FileInfo, out string) (string, error) {
	if info.IsDir() {
		tmp, err := os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".partial-")
		if err != nil {
			return "", err
		}
		b.res.Format = "dir"
		return tmp, b.dir(in, tmp)
	}
	f, err := os.Open(in)
	if err != nil {
		return "", err
	}
	defer f.Close()
	w, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".partial-")
	if err != nil {
		return "", err
	}
	tmp := w.Name()
	bw := bufio.NewWriterSize(w, 64<<10)
	err = b.top(f, info.Size(), bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return tmp, err
}

// top writes the redacted form of the archive in f.
func (b *bundler) top(f *os.File, size int64, w io.Writer) error {
	head := make([]byte, min(size, 512))
	if _, err := io.ReadFull(f, head); err != nil {
		return fmt.Errorf("%s: %w", f.Name(), err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	name := f.Name()
	switch magic(head) {
	case "zip":
		b.res.Format = "zip"
		if _, err := zip.NewReader(f, size); errors.Is(err, zip.ErrFormat) {
			b.res.Converted = "damaged zip rebuilt from the files dart recovered"
			return b.rebuild(w)
		}
		return b.zip(f, size, w, "", 0)
	case "7z":
		b.res.Format = "zip"
		b.res.Converted = "7z written as zip: nothing here writes 7z"
		return b.sevenZip(f, size, w, "", 0)
	case "gz":
		b.res.Format = "tar.gz"
		return b.gzip(io.NewSectionReader(f, 0, size), w, name, "", 0)
	case "tar":
		b.res.Format = "tar"
		return b.tar(io.NewSectionReader(f, 0, size), w, "", 0)
	case "":
		return fmt.Errorf("%s: not an archive or folder: %w", name, dart.ErrNotBundle)
	}
	return fmt.Errorf("%s: %s archives cannot be written back: %w", name, magic(head), dart.ErrNotBundle)
}

// magic names the archive format whose head is head, as dart decides
// it, or "".
func magic(head []byte) string { return dart.ArchiveFormat(head) }

// count charges one file or folder to MaxEntries.
func (b *bundler) count(name string) error {
	b.entries++
	if b.entries > b.lim.MaxEntries {
		return fmt.Errorf("%s: %w", name, &dart.LimitError{Limit: "MaxEntries", Value: int64(b.lim.MaxEntries), File: name})
	}
	return b.ctx.Err()
}

// entry charges the archive entry name, inside the container at prefix,
// to MaxEntries and returns its full path; note says that it is the note
// of a former redaction, which is recorded and not copied (Bundle writes
// its own).
func (b *bundler) entry(prefix, name string) (full string, note bool, err error) {
	full = prefix + name
	if err := b.count(full); err != nil {
		return full, false, err
	}
	if isNote(prefix, name) {
		b.add(full, NoteName, ActionNote)
		return full, true, nil
	}
	return full, false, nil
}

// add records what became of a file.
func (b *bundler) add(name, newName, action string) {
	b.res.Files = append(b.res.Files, FileResult{Name: name, NewName: newName, Action: action})
}

// name returns the redacted form of an entry's name.
func (b *bundler) name(name string) string {
	if name == "" {
		return name
	}
	return b.r.String(name)
}

// isNote reports whether name, a path inside the top container, is the
// note of a former redaction.
func isNote(prefix, name string) bool {
	return prefix == "" && strings.EqualFold(strings.TrimPrefix(name, "./"), NoteName)
}

// noteTime returns the modification time written on the note: the latest
// of the bundle's files, so that the same input gives the same bytes.
func (b *bundler) noteTime() time.Time {
	if b.latest.IsZero() {
		return time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return b.latest
}

func (b *bundler) seen(t time.Time) {
	if t.After(b.latest) {
		b.latest = t
	}
}

// sortedKeys returns m's keys, sorted.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
