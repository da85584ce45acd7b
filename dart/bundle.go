package dart

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// headSize is how many bytes of each file are read to detect its encoding,
// its kind and nested archives.
const headSize = 4096

// A Bundle is an opened DART bundle: an index of its files, and ways to read
// them. Names, kinds and encodings are settled by [Open] or [NewReader];
// content is read again by [Bundle.Walk] and [Bundle.ReadFile].
//
// The methods of a Bundle may be called from several goroutines at once;
// each Walk or ReadFile call reads on its own.
type Bundle struct {
	name   string
	format string
	limits Limits
	top    container
	closer io.Closer

	files []File   // sorted by Name
	empty []string // empty folders, sorted
	// order lists the files in the order the index met them, as indexes
	// in files; rank is its inverse. A pass meets the files in that order
	// again, so it finds each by a cursor, without a map of a hundred
	// thousand locators (see find).
	order []int32
	rank  []int32
	// byLoc maps locators to indexes in files. It is made only when a pass
	// meets a file out of order (damage found since, a file past
	// MaxEntries).
	byLocOnce sync.Once
	byLoc     map[string]int
	locs      locators        // in the order met: file i's is locs.at(rank[i])
	opened    map[string]bool // locators of nested archives opened by the index

	mu       sync.Mutex
	problems []error
	seen     map[string]bool // problem texts already recorded
	closed   bool
}

// Name returns the path or name the bundle was opened with.
func (b *Bundle) Name() string { return b.name }

// Format returns the bundle's container format: "zip", "tar", "tar.gz",
// "tar.bz2", "tar.xz", "tar.zst", "7z", "dir", or "zip in gz" for a zip
// that was compressed whole. When the container holds exactly one nested
// archive that was opened, its format comes first: "zip in tar.gz",
// "zip in dir", "zip in zip".
func (b *Bundle) Format() string { return b.format }

// Files returns the index: every regular file of the bundle, nested
// archives' files included, sorted by Name, with Kind and Encoding decided
// from content. Opened nested archives are not listed themselves; archives
// that were not opened (too deep, too big, damaged, unsupported) are listed
// with [KindArchive]. The caller may modify the returned slice.
func (b *Bundle) Files() []File {
	return append([]File(nil), b.files...)
}

// Index returns the index that Files returns a copy of. It is the
// bundle's own: the caller must not modify it.
func (b *Bundle) Index() []File { return b.files }

// Len returns how many files the bundle holds: len(b.Files()), without
// the copy.
func (b *Bundle) Len() int { return len(b.files) }

// EmptyFolders returns the folders the bundle lists with nothing in them,
// sorted, named like its files: an empty "Profile" folder says the client
// had no profile where DART looked, which no file can. Only folders that a
// container lists as entries of their own are known; a zip may list none.
// A folder that holds only empty folders is not listed itself.
func (b *Bundle) EmptyFolders() []string {
	return slices.Clone(b.empty)
}

// Problems returns the non-fatal problems met so far, by the index and by
// the walks and reads since: insecure or duplicate names, damaged entries,
// limits hit, nested archives not opened. Each error names the file it is
// about and wraps a sentinel such as [ErrInsecurePath], [ErrDamaged],
// [ErrDuplicate], [ErrNotOpened] or [ErrLimit] (a [*LimitError]).
func (b *Bundle) Problems() []error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]error(nil), b.problems...)
}

// Close releases the bundle's file, if [Open] opened one. Walk and ReadFile
// return [ErrClosed] afterwards; Files and Problems still work.
func (b *Bundle) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	if b.closer != nil {
		return b.closer.Close()
	}
	return nil
}

func (b *Bundle) isClosed() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.closed
}

// problem records a non-fatal problem once.
func (b *Bundle) problem(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	key := err.Error()
	if b.seen[key] {
		return
	}
	if b.seen == nil {
		b.seen = map[string]bool{}
	}
	b.seen[key] = true
	b.problems = append(b.problems, err)
}

// Walk calls fn for each file of the index, reading the bundle once, in the
// archive's storage order (for a folder, lexical order), so that compressed
// streams such as tar.gz are inflated once. r yields the file's text decoded
// to UTF-8 when f.Encoding is set (see [DecodeText]), its raw bytes
// otherwise; it is valid only until fn returns, and fn need not read it to
// the end. Reads are bounded by the limits: a read past one returns a
// [*LimitError].
//
// If fn returns an error, Walk stops and returns it; [fs.SkipAll] stops it
// without error. An entry that cannot be read (bad checksum, corrupt data)
// reaches fn as an error from r and is recorded in Problems; the walk goes
// on. Walk returns ctx.Err() if ctx is done.
//
// Walk inflates and decodes a large file (1 MiB or more, or of unknown
// size, unless it turns out to end within its first kilobytes) on a
// goroutine of its own, a few hundred kilobytes ahead of fn, so that
// inflating and parsing use two cores; smaller files are read on the
// calling goroutine. Memory stays bounded whatever the file sizes. fn must
// not keep r after it returns: Walk stops the reading when fn returns, and
// before it goes on to the next file; a read of r after that fails.
func (b *Bundle) Walk(ctx context.Context, fn func(f File, r io.Reader) error) error {
	if b.isClosed() {
		return ErrClosed
	}
	p := b.newPass(passWalk)
	p.leaf = func(f File, r io.Reader) error { return fn(f, r) }
	err := p.visit(ctx, b.top, "", "", 0)
	var ce callerError
	switch {
	case errors.As(err, &ce):
		if errors.Is(ce.err, fs.SkipAll) {
			return nil
		}
		return ce.err
	}
	return err
}

// ReadFile returns the content of the named file of the index, decoded like
// in [Bundle.Walk] and bounded by MaxFileSize. For a file in a tar or 7z
// stream it reads the stream up to that file; for a file in a nested zip
// it reads that zip into memory again. To read many files, Walk once. A
// missing name gives an [*fs.PathError] wrapping [fs.ErrNotExist].
func (b *Bundle) ReadFile(name string) ([]byte, error) {
	i, ok := b.lookup(name)
	if !ok {
		return nil, &fs.PathError{Op: "read", Path: name, Err: fs.ErrNotExist}
	}
	if b.isClosed() {
		return nil, &fs.PathError{Op: "read", Path: name, Err: ErrClosed}
	}
	loc := b.loc(i)
	var data []byte
	found := false
	p := b.newPass(passRead)
	p.target, p.targetIdx = loc, i
	p.leaf = func(f File, r io.Reader) error {
		found = true
		var buf bytes.Buffer
		_, err := buf.ReadFrom(r)
		data = buf.Bytes()
		if err != nil {
			return err
		}
		return errFound
	}
	err := p.visit(context.Background(), b.top, "", "", 0)
	var ce callerError
	if errors.As(err, &ce) {
		err = ce.err
	}
	if err == errFound {
		return data, nil
	}
	if err == nil && !found {
		err = newFileError(name, "no longer found in the bundle", ErrDamaged, nil)
	}
	return data, err
}

var errFound = errors.New("found")

// callerError carries an error returned by a Walk callback up through the
// containers, so that it is not taken for damage.
type callerError struct{ err error }

func (c callerError) Error() string { return c.err.Error() }

// errStopIndex ends the index pass at MaxEntries.
var errStopIndex = errors.New("dart: index stopped")

type passMode int

const (
	passIndex passMode = iota // build the index: read heads only where possible
	passWalk                  // read every file
	passRead                  // read one file (target)
)

// A pass is one traversal of the bundle. All three modes share the same
// code, so that the locators (entry index paths like "3/0/17") and names
// the index records match what Walk and ReadFile meet.
type pass struct {
	b         *Bundle
	mode      passMode
	target    string // passRead: locator of the wanted file
	targetIdx int    // and its index in b.files
	count     passCounter
	leaf      func(f File, r io.Reader) error
	free      []*bufio.Reader // buffers of finished entries, for the next ones
	cursor    int             // in b.order: the file expected next (see find)

	// index mode
	files        []File
	locs         locators // parallel to files
	folders      []string // listed as such, at most MaxEntries
	byName       map[string]bool
	depth1       []string // formats of the nested archives opened at depth 1
	curStreaming bool     // the container being listed is a stream
}

func (b *Bundle) newPass(mode passMode) *pass {
	return &pass{
		b:      b,
		mode:   mode,
		count:  passCounter{max: b.limits.MaxTotalSize, bundle: b.name},
		byName: map[string]bool{},
	}
}

// visit lists container c, whose files are named prefix+name and located
// locPrefix+index.
func (p *pass) visit(ctx context.Context, c container, prefix, locPrefix string, depth int) error {
	_, single := c.(*singleSource)
	err := c.entries(ctx, func(i int, e entry) error {
		if e.folder {
			if p.mode == passIndex && len(p.folders) < p.b.limits.MaxEntries {
				clean, _ := cleanName(e.name)
				p.folders = append(p.folders, prefix+clean)
			}
			return nil
		}
		loc := locPrefix + strconv.Itoa(i)
		if p.mode == passRead && p.target != loc && !strings.HasPrefix(p.target, loc+"/") {
			return nil
		}
		if p.mode == passIndex && len(p.files) >= p.b.limits.MaxEntries {
			p.b.problem(&LimitError{Limit: "MaxEntries", Value: int64(p.b.limits.MaxEntries), File: p.b.name})
			return errStopIndex
		}
		name := e.name
		if !single {
			clean, err := cleanName(e.name)
			name = prefix + clean
			if err != nil && p.mode == passIndex {
				p.b.problem(newFileError(name, err.Error(), ErrInsecurePath, nil))
			}
		}
		return p.entry(ctx, loc, name, e, depth)
	})
	if err == nil || errors.Is(err, errStopIndex) || errors.As(err, new(callerError)) || errors.Is(err, errFound) {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	// Damage past some entry: keep what was read, note the rest.
	p.b.problem(err)
	return nil
}

// entry handles one regular file of a container: a nested archive is
// visited, anything else is a leaf.
func (p *pass) entry(ctx context.Context, loc, name string, e entry, depth int) error {
	rc, err := e.open()
	if err != nil {
		perr := newFileError(name, "cannot read entry", ErrDamaged, err)
		p.b.problem(perr)
		return p.deliver(ctx, loc, name, e, nil, perr, false)
	}
	defer rc.Close()
	max, limit := p.b.limits.fileLimit(e.csize)
	if p.mode == passIndex && e.size > max {
		p.b.problem(&LimitError{Limit: limit, Value: max, File: name})
	}
	lr := newLimitReader(rc, name, max, limit, &p.count)
	bufSize := 32 << 10
	if p.mode == passIndex && !p.streamingAt(e) {
		bufSize = headSize // read no more than the head
	}
	br := p.bufReader(lr, bufSize)
	defer p.release(br)
	head, _ := br.Peek(headSize)
	if magic := archiveMagic(head); magic != "" {
		head = append([]byte(nil), head...)
		try := p.mode == passIndex || p.b.opened[loc]
		if try && depth+1 > p.b.limits.MaxDepth {
			if p.mode == passIndex {
				p.b.problem(newFileError(name, "nested archive not opened", ErrNotOpened,
					&LimitError{Limit: "MaxDepth", Value: int64(p.b.limits.MaxDepth), File: name}))
			}
			try = false
		}
		if try {
			opened, err := p.nested(ctx, loc, name, magic, br, e, depth+1)
			if err != nil || opened {
				return err
			}
			if p.mode != passIndex {
				return nil // the index opened it; this pass could not
			}
			// Only the head is left to classify: the size stays as declared.
			return p.deliver(ctx, loc, name, e, bufio.NewReader(bytes.NewReader(head)), nil, true)
		}
	}
	return p.deliver(ctx, loc, name, e, br, nil, false)
}

// deliver hands a leaf file to the pass: the index records it, a walk or
// read calls p.leaf. br is nil when the entry could not be opened (openErr);
// headOnly says br holds only the head of the entry.
func (p *pass) deliver(ctx context.Context, loc, name string, e entry, br *bufio.Reader, openErr error, headOnly bool) error {
	switch p.mode {
	case passIndex:
		f := File{Name: name, Size: e.size, Modified: e.mod, Kind: KindOther}
		if br != nil {
			head, _ := br.Peek(headSize)
			f.Encoding = fileEncoding(head)
			if archiveMagic(head) != "" {
				f.Kind, f.Encoding = KindArchive, ""
			} else {
				c := ClassifyHead(name, decodeHead(head, f.Encoding))
				f.Kind, f.Format, f.Mentions = c.Kind, c.Format, c.Mentions
			}
			if p.streamingAt(e) && !headOnly {
				// The stream must be read past this file anyway: count it,
				// and meet its damage and limits now.
				n, err := io.Copy(io.Discard, br)
				if err != nil {
					p.b.problem(readProblem(name, err))
				} else {
					f.Size = n
				}
			}
		}
		if f.Size < 0 {
			f.Size = -1
		}
		p.addFile(loc, f)
		return nil
	default:
		i, ok := p.find(loc)
		if !ok {
			return nil // past MaxEntries when indexed
		}
		f := p.b.files[i]
		var r io.Reader
		if br == nil {
			r = errReader{openErr}
		} else {
			// The buffers under r serve other files once p.leaf returns:
			// pr stops reads from r then.
			pr := &problemReader{r: br, b: p.b, name: f.Name}
			defer pr.stop()
			var faults func() error
			r, faults = decodeChecked(pr, f.Encoding, f.Name)
			// Faults of the encoding are recorded once the file is done
			// with, after the read-ahead below has stopped reading r
			// (deferred calls run last first).
			defer func() {
				if err := faults(); err != nil {
					p.b.problem(err)
				}
			}()
			// entry peeked headSize bytes: fewer are buffered when the file
			// ended before, whatever size it declared.
			whole := br.Buffered() < headSize
			if p.mode == passWalk && (e.size < 0 || e.size >= aheadMin) && !whole {
				a := readAhead(ctx, r)
				defer a.close()
				r = a
			}
		}
		if err := p.leaf(f, r); err != nil {
			if err == errFound {
				return err
			}
			return callerError{err}
		}
		return nil
	}
}

// find returns the index in p.b.files of the file at locator loc. The file
// the index met after the one found last is tried first.
func (p *pass) find(loc string) (int, bool) {
	b := p.b
	if p.mode == passRead && loc == p.target {
		return p.targetIdx, true
	}
	if p.cursor < len(b.order) {
		if b.locs.at(p.cursor) == loc {
			i := int(b.order[p.cursor])
			p.cursor++
			return i, true
		}
	}
	b.byLocOnce.Do(func() {
		b.byLoc = make(map[string]int, len(b.files))
		for k := range b.files {
			b.byLoc[b.loc(k)] = k
		}
	})
	i, ok := b.byLoc[loc]
	if ok {
		p.cursor = int(b.rank[i]) + 1
	}
	return i, ok
}

// bufReader returns a reader of r buffered by size bytes. It reuses the
// buffer of an entry the pass is done with, if one has that size: a pass
// over many small files then holds a buffer per nesting level, not one
// per file. The caller must release it once nothing reads it any more.
func (p *pass) bufReader(r io.Reader, size int) *bufio.Reader {
	for i := len(p.free) - 1; i >= 0; i-- {
		if br := p.free[i]; br.Size() == size {
			p.free = slices.Delete(p.free, i, i+1)
			br.Reset(r)
			return br
		}
	}
	return bufio.NewReaderSize(r, size)
}

// release keeps br for the next entries of the pass.
func (p *pass) release(br *bufio.Reader) {
	br.Reset(nil)
	p.free = append(p.free, br)
}

// streamingAt reports whether the entry being indexed sits in a stream that
// is read through anyway. The index pass drains such entries.
func (p *pass) streamingAt(e entry) bool { return e.size < 0 || p.curStreaming }

// addFile records f in the index, renaming duplicates.
func (p *pass) addFile(loc string, f File) {
	if p.byName[f.Name] {
		base := f.Name
		for n := 2; ; n++ {
			f.Name = base + "~" + strconv.Itoa(n)
			if !p.byName[f.Name] {
				break
			}
		}
		p.b.problem(newFileError(base, "duplicate name; the later file is listed as "+f.Name, ErrDuplicate, nil))
	}
	p.byName[f.Name] = true
	p.files = append(p.files, f)
	p.locs.add(loc)
}

// nested opens the archive that is the content of entry e, read from br,
// and visits it. It reports whether it opened it. An error is returned only
// to stop the pass (ctx done, caller error, MaxEntries).
func (p *pass) nested(ctx context.Context, loc, name, magic string, br *bufio.Reader, e entry, depth int) (bool, error) {
	notOpened := func(err error) (bool, error) {
		if p.mode == passIndex {
			p.b.problem(newFileError(name, "nested archive not opened", ErrNotOpened, err))
		}
		return false, nil
	}
	var c container
	prefix := name + "/"
	switch magic {
	case "zip", "7z":
		data, err := readNested(br, name, p.b.limits.MaxNestedSize)
		if err != nil {
			return notOpened(err)
		}
		if magic == "zip" {
			zs, err := newLimitedZipSource(name, bytes.NewReader(data), int64(len(data)), p.b.limits)
			if err != nil {
				return notOpened(err)
			}
			c = zs
		} else {
			c = &sevenZipSource{name: name, r: bytes.NewReader(data), size: int64(len(data))}
		}
	case "tar":
		c = &tarSource{name: name, fmt: "tar", open: func() (io.Reader, func(), error) { return br, nil, nil }}
	case "gz", "bz2", "xz", "zst":
		dr, err := openDecoder(magic, br)
		if err != nil {
			return notOpened(newFileError(name, "damaged "+magic+" data", ErrDamaged, err))
		}
		defer dr.Close()
		limited := newLimitReader(dr, name, p.b.limits.MaxTotalSize, "MaxTotalSize", nil)
		inner := p.bufReader(limited, 32<<10)
		defer p.release(inner)
		ih, _ := inner.Peek(headSize)
		if archiveMagic(ih) == "tar" {
			c = &tarSource{name: name, fmt: "tar." + magic, open: func() (io.Reader, func(), error) { return inner, nil, nil }}
		} else {
			prefix = ""
			c = &singleSource{
				name:  trimCompressionSuffix(name, magic),
				csize: e.csize,
				mod:   e.mod,
				fmt:   magic,
				open:  func() (io.ReadCloser, error) { return io.NopCloser(inner), nil },
			}
		}
	default:
		return notOpened(fmt.Errorf("%s archives are not supported", magic))
	}
	before := len(p.files)
	saved := p.curStreaming
	p.curStreaming = c.streaming()
	err := p.visit(ctx, c, prefix, loc+"/", depth)
	p.curStreaming = saved
	if err != nil {
		return true, err
	}
	if p.mode == passIndex {
		if len(p.files) == before {
			if _, single := c.(*singleSource); !single {
				return notOpened(errors.New("no files"))
			}
		}
		p.b.opened[loc] = true
		if _, single := c.(*singleSource); depth == 1 && !single {
			p.depth1 = append(p.depth1, c.format())
		}
	}
	return true, nil
}

// readNested reads a nested archive into memory, up to max bytes.
func readNested(r io.Reader, name string, max int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, max+1))
	if err != nil {
		return nil, readProblem(name, err)
	}
	if n > max {
		return nil, &LimitError{Limit: "MaxNestedSize", Value: max, File: name}
	}
	return buf.Bytes(), nil
}

// readProblem describes an error met reading a file's content.
func readProblem(name string, err error) error {
	var le *LimitError
	if errors.As(err, &le) {
		return le
	}
	return newFileError(name, "damaged entry", ErrDamaged, err)
}

// problemReader records the first read error as a problem of the bundle.
// Once stopped, it reads no more.
type problemReader struct {
	r       io.Reader
	b       *Bundle
	name    string
	done    bool
	stopped bool
}

// errReadAfterWalk is returned by reads of a file's reader after the Walk
// callback it was given to returned.
var errReadAfterWalk = errors.New("dart: file read after its Walk callback returned")

func (r *problemReader) stop() { r.stopped = true }

func (r *problemReader) Read(p []byte) (int, error) {
	if r.stopped {
		return 0, errReadAfterWalk
	}
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF && !r.done {
		r.done = true
		r.b.problem(readProblem(r.name, err))
	}
	return n, err
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// finishIndex sorts the files of an index pass into the bundle. The pass's
// slices are sorted in place and kept: names are unique (addFile renamed
// duplicates), so no stable sort and no copy is needed.
func (b *Bundle) finishIndex(p *pass) {
	n := len(p.files)
	b.rank = make([]int32, n) // for now, the order met of each file as sorted
	for i := range b.rank {
		b.rank[i] = int32(i)
	}
	sort.Sort(byFileName{p.files, b.rank})
	p.locs.done()
	b.files, b.locs = p.files, p.locs
	b.order = make([]int32, n)
	for k, met := range b.rank {
		b.order[met] = int32(k)
	}
	b.empty = emptyFolders(p.folders, b.files)
	b.format = b.top.format()
	if len(p.depth1) == 1 {
		b.format = p.depth1[0] + " in " + b.format
	}
}

// byFileName sorts files by name, and their ranks with them.
type byFileName struct {
	files []File
	rank  []int32
}

func (s byFileName) Len() int           { return len(s.files) }
func (s byFileName) Less(i, j int) bool { return s.files[i].Name < s.files[j].Name }
func (s byFileName) Swap(i, j int) {
	s.files[i], s.files[j] = s.files[j], s.files[i]
	s.rank[i], s.rank[j] = s.rank[j], s.rank[i]
}

// loc returns the locator of b.files[i].
func (b *Bundle) loc(i int) string { return b.locs.at(int(b.rank[i])) }

// locators are the locators of an index's files, in one string, each
// found by where it ends: a string each would take three words and an
// allocation a file, in a bundle of a hundred thousand files. The ends
// are 32 bits: four gigabytes of locators would come with far more of
// index.
type locators struct {
	buf  []byte // while they are added
	text string // once done
	ends []uint32
}

// add appends loc.
func (l *locators) add(loc string) {
	l.buf = append(l.buf, loc...)
	l.ends = append(l.ends, uint32(len(l.buf)))
}

// done ends the adding; at may be called from then on.
func (l *locators) done() { l.text, l.buf = string(l.buf), nil }

// at returns the k-th locator added.
func (l *locators) at(k int) string {
	start := uint32(0)
	if k > 0 {
		start = l.ends[k-1]
	}
	return l.text[start:l.ends[k]]
}

// lookup returns the index in b.files of the file named name.
func (b *Bundle) lookup(name string) (int, bool) {
	return slices.BinarySearchFunc(b.files, name, func(f File, s string) int { return strings.Compare(f.Name, s) })
}

// emptyFolders returns the folders, of those listed, that hold no file
// and no other listed folder, sorted. files is sorted by name.
func emptyFolders(folders []string, files []File) []string {
	slices.Sort(folders)
	folders = slices.Compact(folders)
	var out []string
	for i, d := range folders {
		if d == "_" {
			continue // the container's own top: cleanName of "/" or "./"
		}
		under := d + "/"
		if i+1 < len(folders) && strings.HasPrefix(folders[i+1], under) {
			continue // a listed folder inside it: that one is reported
		}
		k, _ := slices.BinarySearchFunc(files, under, func(f File, s string) int { return strings.Compare(f.Name, s) })
		if k < len(files) && strings.HasPrefix(files[k].Name, under) {
			continue
		}
		out = append(out, d)
	}
	return out
}

// cleanName turns an archive's entry name into a bundle file name: slashes
// for backslashes, no drive letter, no leading slash, no "..", cleaned with
// path.Clean; NUL bytes and invalid UTF-8 are escaped as %XX. The error,
// if any, says why the name was insecure; the returned name is usable
// anyway.
func cleanName(raw string) (string, error) {
	if isCleanName(raw) {
		return raw, nil // no copy: a bundle may name a hundred thousand files
	}
	var why []string
	name := raw
	if strings.IndexByte(name, 0) >= 0 || !utf8.ValidString(name) {
		name = escapeName(name)
		why = append(why, "invalid bytes")
	}
	name = strings.ReplaceAll(name, `\`, "/")
	if len(name) >= 2 && name[1] == ':' && ('a' <= name[0]|0x20 && name[0]|0x20 <= 'z') {
		name = name[2:]
		why = append(why, "drive letter")
	}
	if strings.HasPrefix(name, "/") {
		why = append(why, "absolute path")
	}
	if rel := path.Clean(strings.TrimLeft(name, "/")); rel == ".." || strings.HasPrefix(rel, "../") {
		why = append(why, "parent directory")
	}
	name = path.Clean("/" + name)[1:]
	if name == "" {
		name = "_"
	}
	if len(why) > 0 {
		return name, fmt.Errorf("insecure name %q (%s)", raw, strings.Join(why, ", "))
	}
	return name, nil
}

// isCleanName reports whether cleanName would return name as it is: a
// relative slash-separated path of valid UTF-8 without NUL bytes, drive
// letter, backslashes or empty, "." or ".." elements.
func isCleanName(name string) bool {
	if name == "" || len(name) >= 2 && name[1] == ':' || !utf8.ValidString(name) {
		return false
	}
	for elem := range strings.SplitSeq(name, "/") {
		if elem == "" || elem == "." || elem == ".." || strings.ContainsAny(elem, "\\\x00") {
			return false
		}
	}
	return true
}

// escapeName replaces NUL bytes and bytes that are not valid UTF-8 by %XX.
func escapeName(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0 || (r == utf8.RuneError && size == 1) {
			fmt.Fprintf(&sb, "%%%02X", s[i])
			i++
			continue
		}
		sb.WriteString(s[i : i+size])
		i += size
	}
	return sb.String()
}
