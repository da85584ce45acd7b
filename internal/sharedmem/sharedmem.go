// Package sharedmem tells tests whether a value still holds memory of the
// input it was built from. Log readers return records whose strings are
// cut from large shared blocks of text; code that keeps a few records, or a
// few strings of them, must keep copies, or each kept string pins its whole
// block.
package sharedmem

import (
	"reflect"
	"unsafe"
)

// Within reports whether the non-empty string s lies inside the memory of
// block.
func Within(s, block string) bool {
	if s == "" || block == "" {
		return false
	}
	p := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	b := uintptr(unsafe.Pointer(unsafe.StringData(block)))
	return p >= b && p < b+uintptr(len(block))
}

// Find returns the strings reachable from v, through pointers, structs
// (exported fields or not), slices, arrays, maps (keys and values) and
// interfaces, that lie inside block. Functions and channels are not
// followed.
func Find(v any, block string) []string {
	w := walker{block: block, seen: map[uintptr]bool{}}
	w.walk(reflect.ValueOf(v))
	return w.found
}

type walker struct {
	block string
	seen  map[uintptr]bool
	found []string
}

func (w *walker) walk(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		if s := v.String(); Within(s, w.block) {
			w.found = append(w.found, s)
		}
	case reflect.Pointer:
		if v.IsNil() || w.seen[v.Pointer()] {
			return
		}
		w.seen[v.Pointer()] = true
		w.walk(v.Elem())
	case reflect.Interface:
		if !v.IsNil() {
			w.walk(v.Elem())
		}
	case reflect.Struct:
		for i := range v.NumField() {
			w.walk(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			w.walk(v.Index(i))
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			w.walk(it.Key())
			w.walk(it.Value())
		}
	}
}
