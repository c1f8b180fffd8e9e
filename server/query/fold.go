package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text is stored only in a folded form (the "key"): lower-cased, with ё read
// as е, and re-encoded so that every Russian letter takes one byte instead of
// two. The key is what contains, equals, starts-with and sorting work on, so
// all of them are case-insensitive by construction, and byte order of keys is
// the order people expect: digits and Latin first, then Cyrillic in alphabet
// order, then everything else by code point.
//
// The encoding (one "unit" per rune):
//
//	0x00–0x7F  ASCII, upper case mapped to lower case
//	0x80–0x9F  а…я (U+0430–U+044F), ё mapped to е
//	0xA0 p p p p   any other rune, lower-cased: marker then four payload bytes
//	               0xC0|6 bits, most significant first
//
// Lead bytes (ASCII, Cyrillic, the marker) never occur as payload bytes, so the
// encoding is self-synchronising: a folded pattern found anywhere in a folded
// value starts on a rune boundary, and substring search on keys is substring
// search on the folded text. Byte 0xA1–0xBF never occur.
const (
	foldCyr     = 0x80
	foldMarker  = 0xA0
	foldPayload = 0xC0
)

// appendFold appends the key of s to dst.
func appendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		dst = appendFoldRune(dst, r)
	}
	return dst
}

func appendFoldRune(dst []byte, r rune) []byte {
	switch {
	case r >= 'а' && r <= 'я':
	case r >= 'А' && r <= 'Я':
		r += 'а' - 'А'
	case r == 'ё' || r == 'Ё':
		r = 'е'
	default:
		r = unicode.ToLower(r)
		if r == 'ё' {
			r = 'е'
		}
	}
	switch {
	case r < utf8.RuneSelf:
		return append(dst, byte(r))
	case r >= 'а' && r <= 'я':
		return append(dst, byte(foldCyr+r-'а'))
	}
	return append(dst, foldMarker,
		foldPayload|byte(r>>18&0x3F), foldPayload|byte(r>>12&0x3F),
		foldPayload|byte(r>>6&0x3F), foldPayload|byte(r&0x3F))
}

// fold returns the key of s.
func fold(s string) []byte { return appendFold(make([]byte, 0, len(s)), s) }

// unfold decodes a key back to (lower-case) text.
func unfold(key []byte) string {
	var b strings.Builder
	b.Grow(len(key) * 2)
	for i := 0; i < len(key); i++ {
		c := key[i]
		switch {
		case c < utf8.RuneSelf:
			b.WriteByte(c)
		case c < foldMarker:
			b.WriteRune(rune(c-foldCyr) + 'а')
		case c == foldMarker && i+4 < len(key):
			r := rune(key[i+1]&0x3F)<<18 | rune(key[i+2]&0x3F)<<12 |
				rune(key[i+3]&0x3F)<<6 | rune(key[i+4]&0x3F)
			b.WriteRune(r)
			i += 4
		default:
			b.WriteRune(utf8.RuneError)
		}
	}
	return b.String()
}
