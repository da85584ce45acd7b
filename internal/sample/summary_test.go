package sample

import (
	"archive/zip"
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// dartBundles are the scenarios packed as dartcli packs a bundle.
func dartBundles(t *testing.T) []Scenario {
	var out []Scenario
	for _, s := range Scenarios() {
		if strings.HasPrefix(s.Name, "dart-") {
			out = append(out, s)
		}
	}
	if len(out) < 6 {
		t.Fatalf("%d bundles in DART's layout, want at least 6", len(out))
	}
	return out
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1.00K", 1707: "1.67K", 69632: "68.00K"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestDARTZip checks the zip as §1b describes dartcli's: no directory
// entries, no extra fields, files flat in their title folder, summary.txt
// at the root, not first, and the entries not in sorted order.
func TestDARTZip(t *testing.T) {
	titles := []string{"General Information", "Cisco AnyConnect Secure Mobility Client"}
	for _, s := range dartBundles(t) {
		data := s.Data()
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		var names []string
		for i, f := range zr.File {
			names = append(names, f.Name)
			if strings.HasSuffix(f.Name, "/") || len(f.Extra) > 0 || f.Method != zip.Deflate {
				t.Errorf("%s: entry %q: directory, extra field or not deflated", s.Name, f.Name)
			}
			dir := path.Dir(f.Name)
			switch {
			case dir == ".":
				if f.Name != "summary.txt" && f.Name != "comments.txt" {
					t.Errorf("%s: %q at the root", s.Name, f.Name)
				}
				if f.Name == "summary.txt" && i == 0 {
					t.Errorf("%s: summary.txt first; dartcli's order is its own", s.Name)
				}
			case !slices.Contains(titles, dir):
				t.Errorf("%s: %q is not flat in a title folder", s.Name, f.Name)
			}
		}
		if slices.IsSorted(names) {
			t.Errorf("%s: entries sorted", s.Name)
		}
		if !slices.Contains(names, "summary.txt") {
			t.Errorf("%s: no summary.txt", s.Name)
		}
	}
}

// TestSummaryListsTheBundle checks each summary.txt against its bundle:
// every file but summary.txt and comments.txt is listed once with its
// size, every table line is as wide as its rule, the file is ASCII with
// LF endings, and it ends with DART's closing line; and, written in
// another layout, the summary gives the text log's new size.
func TestSummaryListsTheBundle(t *testing.T) {
	row := regexp.MustCompile(`^(.{17})  (.{28})  (.{40})  (.{10})$`)
	for _, s := range dartBundles(t) {
		check := func(files []File) {
			t.Helper()
			var sum []byte
			sizes := map[string]int{}
			for _, f := range files {
				switch f.Name {
				case "summary.txt":
					sum = f.Data
				case "comments.txt":
				default:
					sizes[path.Base(f.Name)] = len(f.Data)
				}
			}
			text := string(sum)
			if strings.Contains(text, "\r") || !strings.HasPrefix(text, "DART BUNDLE SUMMARY\n\nTime:                         ") ||
				!strings.HasSuffix(text, "No instruction found in any config for the following file ID's from request:\n") {
				t.Errorf("%s: summary.txt does not open and close as DART's", s.Name)
			}
			listed := map[string]int{}
			lines := strings.Split(text, "\n")
			for i, l := range lines {
				for _, c := range l {
					if c > 0x7e {
						t.Fatalf("%s: summary.txt not ASCII: %q", s.Name, l)
					}
				}
				m := row.FindStringSubmatch(l)
				if m == nil || strings.TrimSpace(m[4]) == "File Size" || strings.TrimSpace(m[4]) == "" {
					continue
				}
				name := strings.TrimSpace(m[2])
				// A file name too long for its column goes on.
				for j := i + 1; j < len(lines) && strings.HasPrefix(lines[j], strings.Repeat(" ", 19)) && len(lines[j]) >= 47; j++ {
					name += strings.TrimSpace(lines[j][19:47])
				}
				listed[name]++
				if n, ok := sizes[name]; !ok || strings.TrimSpace(m[4]) != sizeText(n) {
					t.Errorf("%s: summary lists %s at %q, the bundle holds it at %d bytes", s.Name, name, strings.TrimSpace(m[4]), n)
				}
			}
			for name := range sizes {
				if listed[name] != 1 {
					t.Errorf("%s: summary lists %s %d times, want once", s.Name, name, listed[name])
				}
			}
		}
		check(s.Files)
		for _, l := range Layouts() {
			if sl, ok := s.InLayout(l); ok {
				check(sl.Files)
			}
		}
	}
}

// TestResultBanner checks the banner of a _result.txt byte for byte.
func TestResultBanner(t *testing.T) {
	stars := strings.Repeat("*", 75)
	want := "\n\r" + stars + "\n\"uname -a\" output:\n" + stars + "\n\r\n"
	if got := resultBanner("uname -a"); got != want {
		t.Errorf("resultBanner = %q, want %q", got, want)
	}
}
