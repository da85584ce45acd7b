package dart

import "github.com/mholt/archives"

// compressor returns the mholt/archives compressor for a magic name, to
// build test inputs.
func compressor(magic string) archives.Compressor {
	switch magic {
	case "bz2":
		return archives.Bz2{}
	case "xz":
		return archives.Xz{}
	case "zst":
		return archives.Zstd{}
	}
	return archives.Gz{}
}
