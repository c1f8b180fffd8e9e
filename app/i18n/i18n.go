// Package i18n is the client's message catalog in Russian and English and
// the rule that picks the user's language. It has no UI import, so the
// choice of language and the completeness of the catalogs are tested
// natively.
package i18n

import (
	"fmt"
	"strings"

	"webtool/server/api"
)

// Languages the UI speaks. Russian is the default: most users read it first.
const (
	RU      = "ru"
	EN      = "en"
	Default = RU
)

// StorageKey is the localStorage key that remembers the user's choice, so a
// reload or a new tab keeps the language the user picked.
const StorageKey = "webtool.lang"

// Langs lists the supported languages in the order the switch shows them.
func Langs() []string { return []string{RU, EN} }

// Supported reports whether lang is one of Langs.
func Supported(lang string) bool { return lang == RU || lang == EN }

// catalogs holds one map per language. Both must have exactly the same keys:
// i18n_test.go enforces it, so a missing translation fails the build's tests
// rather than showing a raw key to a user.
var catalogs = map[string]map[string]string{
	RU: ru,
	EN: en,
}

// add merges a feature's messages into the catalogs, so that each feature
// keeps its texts in a file of its own (messages_<feature>.go, with an
// init that calls add). A key defined twice is a bug: add panics at start,
// which every test run catches.
func add(ruMore, enMore map[string]string) {
	for k, v := range ruMore {
		if _, dup := ru[k]; dup {
			panic("i18n: key " + k + " defined twice")
		}
		ru[k] = v
	}
	for k, v := range enMore {
		if _, dup := en[k]; dup {
			panic("i18n: key " + k + " defined twice")
		}
		en[k] = v
	}
}

// T returns the text of key in lang. An unknown language falls back to the
// default one; an unknown key returns the key itself, which is ugly on
// purpose so it gets noticed.
func T(lang, key string) string {
	if s, ok := catalogs[lang][key]; ok {
		return s
	}
	if s, ok := catalogs[Default][key]; ok {
		return s
	}
	return key
}

// Tf is T with fmt.Sprintf arguments.
func Tf(lang, key string, args ...any) string {
	return fmt.Sprintf(T(lang, key), args...)
}

// Has reports whether key exists in the catalog.
func Has(key string) bool {
	_, ok := catalogs[Default][key]
	return ok
}

// ErrorKey is the catalog key of an error code. Codes the client does not
// know yet (a newer server) map to a generic message instead of a raw key.
func ErrorKey(code api.Code) string {
	key := "error." + string(code)
	if !Has(key) {
		return "error.unknown"
	}
	return key
}

// Error returns the user-facing message for an error code.
func Error(lang string, code api.Code) string {
	return T(lang, ErrorKey(code))
}

// Choose picks the UI language: the remembered choice when it is valid,
// else the first of the browser's preferred languages that we speak, else the
// default. Ukrainian, Belarusian and Kazakh readers get Russian, which they
// are far more likely to read than English in this product's audience.
func Choose(stored string, preferred []string) string {
	if Supported(stored) {
		return stored
	}
	for _, tag := range preferred {
		base := strings.ToLower(tag)
		if i := strings.IndexAny(base, "-_"); i >= 0 {
			base = base[:i]
		}
		switch base {
		case RU, "uk", "be", "kk":
			return RU
		case EN:
			return EN
		}
	}
	return Default
}

// Name is a language's own name, which is how a language switch should
// label it whatever the current UI language is.
func Name(lang string) string {
	switch lang {
	case EN:
		return "English"
	default:
		return "Русский"
	}
}

// Count words a number of records with the plural form the language needs:
// "1 запись", "3 записи", "5 записей"; "1 record", "5 records". formatted
// is n as it should be shown (grouped thousands).
func Count(lang string, n int, formatted string) string {
	return Tf(lang, "catalog.count."+pluralForm(lang, n), formatted)
}

// pluralForm is the CLDR cardinal category of n: "one", "few" or "many".
func pluralForm(lang string, n int) string {
	if n < 0 {
		n = -n
	}
	if lang == EN {
		if n == 1 {
			return "one"
		}
		return "many"
	}
	switch d, dd := n%10, n%100; {
	case d == 1 && dd != 11:
		return "one"
	case d >= 2 && d <= 4 && (dd < 12 || dd > 14):
		return "few"
	}
	return "many"
}

// FieldErrorWith is FieldError for an error the server sent with what it
// names (arg: e.g. the user who already holds a position), shown with the
// "field.<code>.by" message when there is one.
func FieldErrorWith(lang string, code api.Code, arg string) string {
	if key := "field." + string(code) + ".by"; arg != "" && Has(key) {
		return Tf(lang, key, arg)
	}
	return FieldError(lang, code)
}

// FieldError returns the message of a field error code, or a generic one
// for a code the client does not know.
func FieldError(lang string, code api.Code) string {
	key := "field." + string(code)
	if !Has(key) {
		key = "field.unknown"
	}
	return T(lang, key)
}
