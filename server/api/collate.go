package api

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CollationKey returns a key of s whose byte order (strings.Compare) is the
// order a reader of lang ("en", else Russian) expects in a list, the
// Unicode collation (CLDR) of ru and en for what labels hold:
//
//   - Case does not count, and ё sorts as е (as in Russian dictionaries),
//     so "ёж" comes before "ежа". They count only between texts otherwise
//     equal: е before ё and a plain letter before an accented one, then
//     lower case before upper case (the collation's second and third
//     levels: "елка" < "Елка" < "ёлка" < "Ёлка").
//   - Spaces and punctuation come before digits, digits before letters;
//     digits compare one by one ("10" before "9").
//   - In Russian, Cyrillic comes before Latin and then Greek (CLDR's
//     [reorder Cyrl]); in English Latin, Greek, Cyrillic. Letters of other
//     scripts come after these, by code point.
//   - Ukrainian and Belarusian letters sort after their neighbours (є after
//     е, і and ї after и, ў after у), ґ as г with a tie-break, like ё; Latin
//     letters with accents of Latin-1 (é, ü, ñ…) as their base letter.
//
// It is written by hand because both sides compute it (the server sorts
// enum fields by label, the client lists their values in that order), and
// golang.org/x/text/collate would add its tables to the wasm. Decomposed
// accents (a letter then a combining mark) and expansions (æ as ae, ß as
// ss, № as No) are not handled: such characters sort on their own, and
// punctuation sorts by code point.
func CollationKey(lang, s string) string {
	cyr, lat, greek := collFirst, collSecond, collThird
	if lang == "en" {
		cyr, lat, greek = collThird, collFirst, collSecond
	}
	n := utf8.RuneCountInString(s)
	// Four bytes of primary weight per character (a group, then the
	// weight within it), four zero bytes (below every weight, so a prefix
	// sorts first), then a byte per character of each tie-break level.
	key := make([]byte, 0, 4*n+4+2*n)
	second := make([]byte, 0, n)
	third := make([]byte, 0, n)
	for _, r := range s {
		up := byte(1)
		if unicode.IsUpper(r) {
			up = 2
		}
		third = append(third, up)
		r = unicode.ToLower(r)
		accent := byte(1)
		switch {
		case r == 'ё':
			r, accent = 'е', 2
		case r == 'ґ':
			r, accent = 'г', 2
		case r >= 0xE0 && r <= 0xFF && latin1Base[r-0xE0] != 0:
			// Each accented letter has a tie-break weight of its own.
			accent = byte(2 + r - 0xE0)
			r = rune(latin1Base[r-0xE0])
		}
		second = append(second, accent)
		var group byte
		var w uint32
		switch {
		case r >= '0' && r <= '9':
			group, w = collDigit, uint32(r-'0')
		case unicode.Is(unicode.Cyrillic, r):
			group, w = cyr, cyrillicWeight(r)
		case r >= 'a' && r <= 'z':
			group, w = lat, uint32(r-'a')
		case unicode.Is(unicode.Latin, r):
			group, w = lat, 32+uint32(r)
		case unicode.Is(unicode.Greek, r):
			group, w = greek, uint32(r)
		case unicode.IsLetter(r):
			group, w = collLetter, uint32(r)
		default:
			group, w = collOther, uint32(r)
		}
		key = append(key, group, byte(w>>16), byte(w>>8), byte(w))
	}
	key = append(key, 0, 0, 0, 0)
	key = append(key, second...)
	return string(append(key, third...))
}

// Groups of primary weights, in order; the letters of a language's own
// script come first.
const (
	collOther  byte = iota + 1 // spaces, punctuation, symbols
	collDigit                  // 0–9
	collFirst                  // Cyrillic in Russian, Latin in English
	collSecond                 // Latin in Russian, Greek in English
	collThird                  // Greek in Russian, Cyrillic in English
	collLetter                 // other scripts
)

// latin1Base is the base letter of each of U+00E0–U+00FF, à to ÿ (0: none,
// as for æ, ÷ and þ).
const latin1Base = "aaaaaa\x00ceeeeiiiidnooooo\x00ouuuuy\x00y"

// cyrillicWeight places a lower-case Cyrillic letter: а to я 8 apart, є, і,
// ї and ў just after their neighbours, the rest after я by code point.
func cyrillicWeight(r rune) uint32 {
	switch {
	case r >= 'а' && r <= 'я':
		return 8 * uint32(r-'а')
	case r == 'є':
		return 8*('е'-'а') + 1
	case r == 'і':
		return 8*('и'-'а') + 1
	case r == 'ї':
		return 8*('и'-'а') + 2
	case r == 'ў':
		return 8*('у'-'а') + 1
	}
	return 8*32 + uint32(r)
}

// SortOptions returns options ordered by their labels in lang (see
// CollationKey), options with the same label by key. Enum fields sort this
// way on the server and list their values this way in the client's filter.
func SortOptions(options []Option, lang string) []Option {
	type keyed struct {
		key string
		o   Option
	}
	ks := make([]keyed, len(options))
	for i, o := range options {
		ks[i] = keyed{CollationKey(lang, o.Label.In(lang)), o}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.o.Key, b.o.Key)
	})
	out := make([]Option, len(ks))
	for i, k := range ks {
		out[i] = k.o
	}
	return out
}
