package dart

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestEmptyFolders(t *testing.T) {
	const vpn = "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/"
	// A bundle whose Profile folder is empty, beside a folder that holds
	// a file and one that holds only an empty folder.
	tree := []tfile{
		{vpn, ""},
		{vpn + "Profile/", ""},
		{vpn + "Logs/", ""},
		{vpn + "Logs/AnyConnectVPN.txt", eventLogText},
		{"Windows/", ""},
		{"Windows/Network/", ""},
		{"Windows/Network/Empty/", ""},
	}
	wantTree := []string{vpn + "Profile", "Windows/Network/Empty"}
	tests := []struct {
		name string
		file string
		data func(t *testing.T) []byte
		want []string
	}{
		{"zip", "b.zip", func(t *testing.T) []byte { return makeZip(t, tree...) }, wantTree},
		{"zip, backslash folder names", "b.zip", func(t *testing.T) []byte {
			return makeZip(t, tfile{`A\Profile\`, ""}, tfile{`A\Logs\x.txt`, "x\n"})
		}, []string{"A/Profile"}},
		{"zip recovered from its local headers", "b.zip", func(t *testing.T) []byte {
			z := storedZip(t, tree...)
			return z[:len(z)-22] // no end of central directory
		}, wantTree},
		{"tar.gz", "b.tgz", func(t *testing.T) []byte { return gzipped(t, makeTar(t, tree...)) }, wantTree},
		{"zip in a zip", "outer.zip", func(t *testing.T) []byte {
			return makeZip(t, tfile{"inner.zip", string(makeZip(t, tree...))})
		}, []string{"inner.zip/" + vpn + "Profile", "inner.zip/Windows/Network/Empty"}},
		{"folders listed twice, and the top", "b.zip", func(t *testing.T) []byte {
			return makeZip(t, tfile{"/", ""}, tfile{"P/", ""}, tfile{"./P/", ""}, tfile{"x.txt", "x\n"})
		}, []string{"P"}},
		{"no folder entries", "b.zip", func(t *testing.T) []byte { return dartZip(t) }, nil},
		{"a folder with a file is not empty", "b.zip", func(t *testing.T) []byte {
			return makeZip(t, tfile{"P/", ""}, tfile{"P/vpn.xml", profileText})
		}, nil},
		{"a folder whose name another extends", "b.zip", func(t *testing.T) []byte {
			return makeZip(t, tfile{"P/", ""}, tfile{"Px/a.txt", "a\n"})
		}, []string{"P"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), tt.file, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.EmptyFolders(); !slices.Equal(got, tt.want) {
				t.Errorf("EmptyFolders = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEmptyFoldersOfAFolder(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"VPN/Profile", "VPN/Logs", "Windows/Network/Empty"} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "VPN", "Logs", "system.log"), []byte(syslogText), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := Open(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got, want := b.EmptyFolders(), []string{"VPN/Profile", "Windows/Network/Empty"}; !slices.Equal(got, want) {
		t.Errorf("EmptyFolders = %q, want %q", got, want)
	}
}

// TestEmptyFoldersBounded lists more folders than MaxEntries: no more than
// that many are kept.
func TestEmptyFoldersBounded(t *testing.T) {
	files := []tfile{{"x.txt", "x\n"}}
	for i := range 50 {
		files = append(files, tfile{string(rune('A'+i%26)) + string(rune('a'+i/26)) + "/", ""})
	}
	data := makeZip(t, files...)
	b, err := NewReader(context.Background(), bytes.NewReader(data), int64(len(data)), "b.zip", &Options{Limits: Limits{MaxEntries: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(b.EmptyFolders()); got != 10 {
		t.Errorf("%d empty folders kept, want 10 (MaxEntries)", got)
	}
}

func TestEmptyProfileFolder(t *testing.T) {
	tests := []struct {
		folders []string
		want    string
	}{
		{[]string{"Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Profile"}, "Cisco AnyConnect Secure Mobility Client/AnyConnect VPN/Profile"},
		{[]string{"opt/cisco/secureclient/vpn/profile"}, "opt/cisco/secureclient/vpn/profile"},
		{[]string{"A/Logs", "B/PROFILES"}, "B/PROFILES"},
		{[]string{"Profile"}, "Profile"},
		{[]string{"A/ProfileBackup", "A/MyProfile", "Profile.old"}, ""},
		{nil, ""},
	}
	for _, tt := range tests {
		fb := NewFactBuilder()
		for _, d := range tt.folders {
			fb.AddEmptyFolder(d)
			fb.AddEmptyFolder(d) // twice: listed once
		}
		f := fb.Facts()
		got, ok := f.EmptyProfileFolder()
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("EmptyProfileFolder of %q = %q, %v; want %q", tt.folders, got, ok, tt.want)
		}
		want := slices.Sorted(slices.Values(tt.folders))
		if !slices.Equal(f.EmptyFolders, want) {
			t.Errorf("EmptyFolders = %q, want %q", f.EmptyFolders, want)
		}
	}
}
