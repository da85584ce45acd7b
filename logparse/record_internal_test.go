package logparse

import (
	"testing"
	"unsafe"
)

func TestPack(t *testing.T) {
	a, b, empty, c := "alpha", "be", "", "gamma"
	orig := unsafe.StringData(a)
	all := pack(&a, &b, &empty, &c)
	if all != "alphabegamma" {
		t.Fatalf("pack = %q", all)
	}
	if a != "alpha" || b != "be" || empty != "" || c != "gamma" {
		t.Fatalf("strings changed: %q %q %q %q", a, b, empty, c)
	}
	if unsafe.StringData(a) == orig {
		t.Error("a still points to its old memory")
	}
	base := uintptr(unsafe.Pointer(unsafe.StringData(all)))
	for _, s := range []string{a, b, c} {
		p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
		if p < base || p+uintptr(len(s)) > base+uintptr(len(all)) {
			t.Errorf("%q is not inside the packed string", s)
		}
	}
	if pack() != "" {
		t.Error("pack() is not empty")
	}
}
