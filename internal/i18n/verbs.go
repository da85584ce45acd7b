package i18n

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Check verifies every translation registered: each takes the arguments
// of its key, with the same verbs (the same verb letter for each
// argument, in order or with explicit indexes). A key that is no format
// (a text with a '%' of its own) is not checked. It returns an error
// listing the translations that do not.
func Check() error {
	mu.Lock()
	defer mu.Unlock()
	var errs []error
	for _, tag := range slices.SortedFunc(maps.Keys(known), func(a, b language.Tag) int { return strings.Compare(a.String(), b.String()) }) {
		msgs := known[tag]
		for _, k := range slices.Sorted(maps.Keys(msgs)) {
			if err := sameVerbs(k, msgs[k]); err != nil {
				errs = append(errs, fmt.Errorf("i18n: %s: %q: %v", tag, k, err))
			}
		}
	}
	return errors.Join(errs...)
}

// sameVerbs reports, as an error, how the verbs of the format tr differ
// from those of key. A key that is no format is a text for Printer.Text,
// whose translation is not checked.
func sameVerbs(key, tr string) error {
	want, err := verbs(key)
	if err != nil {
		return nil
	}
	got, err := verbs(tr)
	if err != nil {
		return fmt.Errorf("%q: %v", tr, err)
	}
	if !slices.Equal(want, got) {
		return fmt.Errorf("%q: verbs %q, want %q", tr, got, want)
	}
	return nil
}

// verbs returns the verb letter format applies to each argument, by the
// argument's place; '*' for a width or precision taken from one.
func verbs(format string) ([]string, error) {
	var out []string
	set := func(i int, v string) error {
		for len(out) <= i {
			out = append(out, "")
		}
		if out[i] != "" && out[i] != v {
			return fmt.Errorf("argument %d formatted as %%%s and %%%s", i+1, out[i], v)
		}
		out[i] = v
		return nil
	}
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		// Flags, then width and precision, each maybe an argument.
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		for i < len(format) {
			c := format[i]
			switch {
			case c == '[':
				j := strings.IndexByte(format[i:], ']')
				if j < 0 {
					return nil, errors.New("unclosed argument index")
				}
				n, err := strconv.Atoi(format[i+1 : i+j])
				if err != nil || n < 1 {
					return nil, fmt.Errorf("bad argument index %q", format[i:i+j+1])
				}
				arg = n - 1
				i += j + 1
				continue
			case c == '*':
				if err := set(arg, "*"); err != nil {
					return nil, err
				}
				arg++
				i++
				continue
			case c == '.' || c >= '0' && c <= '9':
				i++
				continue
			}
			break
		}
		if i == len(format) {
			return nil, errors.New("a '%' ends the format")
		}
		if format[i] == '%' {
			continue
		}
		if err := set(arg, string(format[i])); err != nil {
			return nil, err
		}
		arg++
	}
	for i, v := range out {
		if v == "" {
			return nil, fmt.Errorf("argument %d not formatted", i+1)
		}
	}
	return out, nil
}
