// Package i18n holds the translations of dartkit's user-facing texts and
// gives printers for the languages it has: English, the language every
// text is written in, and Korean.
//
// A text's key is its English form, a fmt format as passed to
// Printer.Sprintf; each package registers, in a file of its own, what its
// texts are in the other languages. The catalog is built with
// golang.org/x/text/message/catalog, and a language asked for is matched
// to the nearest supported one with a language.Matcher.
package i18n

import (
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Languages are the languages dartkit's texts exist in, English first.
var Languages = []language.Tag{language.English, language.Korean}

var (
	mu      sync.Mutex
	builder = catalog.NewBuilder(catalog.Fallback(language.English))
	known   = map[language.Tag]map[string]bool{}
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
		known[tag] = map[string]bool{}
	}
	for k, v := range msgs {
		if err := builder.SetString(tag, k, v); err != nil {
			panic("i18n: " + err.Error())
		}
		known[tag][k] = true
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

// A Printer formats texts in one language.
type Printer struct {
	tag language.Tag
	p   *message.Printer
}

// NewPrinter returns a printer of the supported language nearest to tag.
func NewPrinter(tag language.Tag) *Printer {
	_, i, _ := matcher.Match(tag)
	t := Languages[i]
	return &Printer{tag: t, p: message.NewPrinter(t, message.Catalog(builder))}
}

// Language returns the language p prints in.
func (p *Printer) Language() language.Tag { return p.tag }

// Sprintf formats the text whose English form is key in p's language.
func (p *Printer) Sprintf(key string, args ...any) string {
	if p == nil {
		p = english
	}
	if p.tag != language.English {
		p.check(key)
	}
	return p.p.Sprintf(key, args...)
}

// Text returns the text whose English form is key in p's language, not
// formatted: a rule's title or remediation, which may hold a '%' of its
// own. A key that holds one is returned as it is.
func (p *Printer) Text(key string) string {
	if p == nil || p.tag == language.English || key == "" || strings.Contains(key, "%") {
		return key
	}
	p.check(key)
	return p.p.Sprintf(key)
}

var english = NewPrinter(language.English)

// check records key when Record runs and p's language has no text for it.
func (p *Printer) check(key string) {
	mu.Lock()
	defer mu.Unlock()
	if recording && !known[p.tag][key] {
		missing[key] = true
	}
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
