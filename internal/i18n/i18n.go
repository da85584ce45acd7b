// Package i18n holds the translations of dartkit's user-facing texts and
// gives printers for the languages it has: English, the language every
// text is written in, and Korean.
//
// A text's key is its English form, a fmt format as passed to
// Printer.Sprintf; each package registers, in a file of its own, what its
// texts are in the other languages. The translations are kept in a
// golang.org/x/text/message/catalog, and a language asked for is matched
// to the nearest supported one with a language.Matcher.
//
// A translation is a format of package fmt, formatted as fmt formats it:
// numbers are written as in English (1234, not 1,234), so that a line
// number or a count reads the same in every language. It takes the same
// arguments as its key, with the same verbs; it may take them in another
// order with explicit indexes ("%[2]s ... %[1]d"). Check verifies that.
package i18n

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// Languages are the languages dartkit's texts exist in, English first.
var Languages = []language.Tag{language.English, language.Korean}

var (
	mu      sync.Mutex
	builder = catalog.NewBuilder(catalog.Fallback(language.English))
	known   = map[language.Tag]map[string]string{} // the translations registered, by language
	texts   = map[language.Tag]map[string]bool{}   // the same, by translation
	matcher = language.NewMatcher(Languages)

	missing   map[string]bool // while Record runs: the keys without a translation
	recording bool
)

// Register adds translations in the language tag: for each key, an
// English text as the code formats it, its text in tag's language, with
// the same verbs. Packages call it from init.
func Register(tag language.Tag, msgs map[string]string) {
	mu.Lock()
	defer mu.Unlock()
	if known[tag] == nil {
		known[tag], texts[tag] = map[string]string{}, map[string]bool{}
	}
	for k, v := range msgs {
		if err := builder.SetString(tag, k, v); err != nil {
			panic("i18n: " + err.Error())
		}
		known[tag][k] = v
		texts[tag][v] = true
	}
}

// Match returns the supported language nearest to the first of prefs that
// names one: a BCP 47 tag or a POSIX locale such as "ko_KR.UTF-8". It
// returns English when none does.
func Match(prefs ...string) language.Tag {
	for _, p := range prefs {
		p, _, _ = strings.Cut(p, ".") // ko_KR.UTF-8
		p, _, _ = strings.Cut(p, "@")
		if p == "" || p == "C" || p == "POSIX" {
			continue
		}
		t, err := language.Parse(strings.ReplaceAll(p, "_", "-"))
		if err != nil {
			continue
		}
		_, i, conf := matcher.Match(t)
		if conf == language.No {
			continue
		}
		return Languages[i]
	}
	return language.English
}

// A Printer formats texts in one language. It is safe for concurrent use.
type Printer struct {
	tag language.Tag
}

// NewPrinter returns a printer of the supported language nearest to tag.
func NewPrinter(tag language.Tag) *Printer {
	_, i, _ := matcher.Match(tag)
	return &Printer{tag: Languages[i]}
}

// Language returns the language p prints in. A nil Printer prints in
// English.
func (p *Printer) Language() language.Tag {
	if p == nil {
		return language.English
	}
	return p.tag
}

// English reports whether p prints in English, the language of the keys.
func (p *Printer) English() bool { return p == nil || p.tag == language.English }

// Sprintf formats the text whose English form is key in p's language, as
// fmt.Sprintf formats. A text without a translation is formatted in
// English. A nil Printer prints in English.
func (p *Printer) Sprintf(key string, args ...any) string {
	if p.English() {
		return fmt.Sprintf(key, args...)
	}
	return fmt.Sprintf(p.lookup(key), args...)
}

// Text returns the text whose English form is key in p's language, not
// formatted: a rule's title or remediation, which may hold a '%' of its
// own. A text without a translation is returned as it is, and so is a
// text already in p's language: a finding's title or remediation from an
// analysis in that language.
func (p *Printer) Text(key string) string {
	if p.English() || key == "" {
		return key
	}
	return p.lookup(key)
}

// lookup returns the translation of key in p's language, or key, and
// records a key without one while Record runs.
func (p *Printer) lookup(key string) string {
	var r raw
	p.check(key)
	if err := builder.Context(p.tag, &r).Execute(key); err != nil {
		return key
	}
	return string(r)
}

// raw receives a message of the catalog as it was registered: a format
// that fmt, not the catalog, fills in.
type raw string

func (r *raw) Render(s string) { *r += raw(s) }
func (r *raw) Arg(int) any     { return nil }

// check records key when Record runs and p's language has no text for it
// and it is no text of that language.
func (p *Printer) check(key string) {
	mu.Lock()
	defer mu.Unlock()
	if _, ok := known[p.tag][key]; recording && !ok && !texts[p.tag][key] && !p.written(key) {
		missing[key] = true
	}
}

// scripts are the scripts that only a text of a language, not an English
// key, is written in.
var scripts = map[language.Tag]*unicode.RangeTable{language.Korean: unicode.Hangul}

// written reports whether s is written in p's language already: it holds
// a letter of the language's script, as a finding's remediation from an
// analysis in that language does.
func (p *Printer) written(s string) bool {
	t := scripts[p.tag]
	return t != nil && strings.IndexFunc(s, func(r rune) bool { return unicode.Is(t, r) }) >= 0
}

// Record records, until the function it returns is called, the keys
// printed in another language than English that have no translation in
// it; that function returns them, sorted. Tests use it to find texts that
// lack a language.
func Record() (stop func() []string) {
	mu.Lock()
	defer mu.Unlock()
	recording, missing = true, map[string]bool{}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		recording = false
		var keys []string
		for k := range missing {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return keys
	}
}

// Translated reports whether key has a translation in tag's language; an
// English key always has.
func Translated(tag language.Tag, key string) bool {
	if tag == language.English {
		return true
	}
	mu.Lock()
	defer mu.Unlock()
	_, ok := known[tag][key]
	return ok
}
