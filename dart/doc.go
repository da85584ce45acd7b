// Package dart reads Cisco AnyConnect / Cisco Secure Client DART support
// bundles: it opens the bundle whatever it was packed in, lists its files
// with the kind and text encoding of each, and streams their text to the
// parsers of package logparse and to the fact extraction of this package.
//
// # Opening a bundle
//
// [Open] takes a path: the zip DART writes; a zip, tar, tar.gz/tgz,
// tar.bz2, tar.xz, tar.zst or 7z archive a customer re-packed it in; or a
// folder where it was extracted. [NewReader] takes an [io.ReaderAt] (bytes
// in memory, a blob in a store) and writes nothing to disk. The container
// format is told from content, never from the name:
//
//	b, err := dart.Open(ctx, "case123.tar.gz", nil)
//	if err != nil { ... }
//	defer b.Close()
//	for _, f := range b.Files() { ... }       // sorted by name
//	err = b.Walk(ctx, func(f dart.File, r io.Reader) error { ... })
//
// Archives nested in the bundle are opened, up to [Limits.MaxDepth], and
// their files are named after the nested archive's path:
// DARTBundle_0617_2021.zip in case123.tar.gz gives
//
//	DARTBundle_0617_2021.zip/Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/AnyConnectVPN.txt
//
// An opened nested archive is not itself listed; one that is not opened
// (too deep, too big, damaged, unsupported such as rar) is listed as a file
// of kind [KindArchive] whose content is its raw bytes. A single compressed
// file (system.log.0.gz, .bz2, .xz, .zst) is decompressed and listed
// without its suffix. [Bundle.Format] says what was found: "zip",
// "tar.gz", "dir", "zip in tar.gz".
//
// How much is read depends on the format. For a zip or a folder, which
// allow random access, building the index reads only the first 4 KiB of
// each file, and [Bundle.ReadFile] reads one file. A tar stream (tar.gz in
// particular) and a 7z archive can only be read in order: the index pass
// inflates the whole bundle once, [Bundle.Walk] once more, and ReadFile
// reads up to the file. Nested zip and 7z archives are read into memory
// (up to [Limits.MaxNestedSize]) for random access. Walk always reads in
// storage order and streams: memory stays bounded whatever the file sizes.
//
// # File kinds
//
// [Classify] decides a file's [Kind] from its first bytes: event-log
// exports (DART's asterisk-separated blocks, Event Viewer text), syslog,
// macOS unified log ("log show"), AnyConnect XML profiles (VPN,
// service-disable) and preferences, hosts files, system and network
// reports (ipconfig, systeminfo, route, netstat, resolv.conf, scutil,
// system_profiler, sw_vers, os-release, uname, pkgutil), installer logs
// (MSI, macOS install.log) and nested archives. An event log may be DART's
// export, wevtutil or Event Viewer text, Event Viewer CSV or PowerShell
// output, and [File.Format] says which; a syslog may come from macOS
// Console. DART's command output (_result.txt, with a banner of asterisks)
// is system information, not an event log, and DART's summary.txt is a
// [KindSummary]. [ClassifyHead] also says which client process or product
// a file's head names ([File.Mentions]), so that a file about the client
// that nothing reads can be told from one nobody needs. Names are only
// hints: they break ties and confirm weak evidence (a file named hosts
// holding only comments), so a syslog named AnyConnectVPN.txt is a syslog.
// Rules are rows of a table in classify.go.
//
// # Text encodings
//
// [DetectEncoding] and [DecodeText] recognize UTF-8 (a byte-order mark is
// dropped), UTF-16LE and UTF-16BE with or without a byte-order mark (text
// whose NUL bytes sit at odd or even offsets), and Windows-1252 for bytes
// that are not valid UTF-8; anything else with NUL or control bytes is
// binary. [Bundle.Walk] and [Bundle.ReadFile] yield text decoded to UTF-8,
// with U+FFFD for invalid input, and line endings as they were (CRLF is
// kept); the bundle then records an [*EncodingError] among its Problems,
// which names the file, the first fault with its line, and how many there
// were. [File.Encoding] is empty for binary files, whose bytes are yielded
// as they are. UTF-16 is decoded by dart itself, to the same text as
// golang.org/x/text's decoder gives; Windows-1252 and invalid UTF-8 are
// decoded with golang.org/x/text.
//
// # Limits and untrusted input
//
// A bundle comes from outside and is treated as hostile. [Limits] bound
// the work and memory spent on it; a zero field of [Options.Limits] means
// its default:
//
//	MaxFileSize    2 GiB    uncompressed bytes of one file
//	MaxTotalSize   8 GiB    uncompressed bytes read in one pass
//	MaxRatio       1000     uncompressed/compressed bytes of a zip entry (zip bombs)
//	MaxDepth       3        archives inside archives (42.zip)
//	MaxEntries     100000   files listed
//	MaxNestedSize  512 MiB  a nested zip or 7z, held in memory
//
// A read past a limit returns a [*LimitError] naming the limit, its value
// and the file; one met while indexing is also in [Bundle.Problems], and
// the rest of the bundle is still listed and read. (The log parsers bound
// lines and records too: see logparse.Options.)
//
// Names in archives are data: they are cleaned (backslashes become
// slashes; drive letters, leading slashes and ".." are removed), NUL bytes
// and invalid UTF-8 are escaped as %XX, and a name is never used as a path
// on disk; nothing is extracted. Other control characters are kept: a
// program that prints names must escape them. A folder is read through an
// [os.Root], and symbolic links are not followed. Two files with the same
// cleaned name are both kept, the later one with a "~2" suffix.
//
// Damage is reported and what could be read is kept. A zip whose central
// directory is lost (a transfer cut short) is read from the local headers
// of its entries, up to the cut; a tar stream cut short keeps the files
// before the cut; a damaged entry yields what it holds and then an error.
// Each such problem names the file and, where there is one, the offset.
//
// # Errors
//
// Errors read "file: what happened", wrap their cause with %w, and wrap a
// sentinel callers can test with [errors.Is]: [ErrNotBundle] for input
// that is not a bundle (an empty file, a text file), [ErrDamaged] for a
// truncated or corrupt archive or entry, [ErrNoFiles] for an archive
// without files, [ErrLimit] for a [*LimitError]. Problems that do not stop
// the bundle from being read (an insecure or duplicate name, a damaged
// entry, a limit hit, a nested archive not opened) are collected by
// [Bundle.Problems]; they wrap [ErrInsecurePath], [ErrDuplicate],
// [ErrDamaged] (and [ErrRepaired] where nothing was lost), [ErrLimit] or
// [ErrNotOpened]. Bad input never panics.
package dart
