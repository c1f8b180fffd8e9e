package i18n

import (
	"fmt"
	"strings"
	"testing"

	"webtool/server/api"
)

func TestCatalogsHaveSameKeys(t *testing.T) {
	for lang, cat := range catalogs {
		for other, ocat := range catalogs {
			for key := range cat {
				if _, ok := ocat[key]; !ok {
					t.Errorf("key %q is in %s but not in %s", key, lang, other)
				}
			}
		}
		for key, text := range cat {
			if strings.TrimSpace(text) == "" {
				t.Errorf("%s: key %q has an empty text", lang, key)
			}
		}
	}
	if got, want := len(catalogs), len(Langs()); got != want {
		t.Errorf("catalogs: got %d languages, want %d", got, want)
	}
}

// Every code the server may send must have its own message: a generic
// "something went wrong" for a known code would hide a missing translation.
func TestEveryErrorCodeHasAMessage(t *testing.T) {
	for _, code := range api.Codes {
		if got, want := ErrorKey(code), "error."+string(code); got != want {
			t.Errorf("ErrorKey(%q) = %q, want %q", code, got, want)
		}
	}
	if got, want := ErrorKey("from_the_future"), "error.unknown"; got != want {
		t.Errorf("ErrorKey(unknown) = %q, want %q", got, want)
	}
}

func TestEveryEndReasonAndNavGroupHasAText(t *testing.T) {
	keys := []string{"end.logout", "end.idle", "end.expired", "end.revoked"}
	for _, g := range []string{"outlets", "products", "personnel", "logistics", "mobile", "documents", "tools"} {
		keys = append(keys, "nav.group."+g)
	}
	for _, key := range keys {
		if !Has(key) {
			t.Errorf("missing key %q", key)
		}
	}
}

func TestChoose(t *testing.T) {
	tests := []struct {
		name      string
		stored    string
		preferred []string
		want      string
	}{
		{"nothing known", "", nil, RU},
		{"stored wins", "en", []string{"ru-RU"}, EN},
		{"bad stored ignored", "de", []string{"en-GB"}, EN},
		{"first match wins", "", []string{"de-DE", "en-US", "ru"}, EN},
		{"russian region", "", []string{"ru-KZ"}, RU},
		{"ukrainian reads russian", "", []string{"uk-UA", "en"}, RU},
		{"belarusian", "", []string{"be"}, RU},
		{"kazakh", "", []string{"kk_KZ"}, RU},
		{"case", "", []string{"EN-us"}, EN},
		{"no supported", "", []string{"fr", "de"}, RU},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Choose(tt.stored, tt.preferred); got != tt.want {
				t.Errorf("Choose(%q, %q) = %q, want %q", tt.stored, tt.preferred, got, tt.want)
			}
		})
	}
}

func TestTFallsBack(t *testing.T) {
	if got, want := T("de", "login.submit"), ru["login.submit"]; got != want {
		t.Errorf("unknown language: got %q, want %q", got, want)
	}
	if got, want := T(EN, "no.such.key"), "no.such.key"; got != want {
		t.Errorf("unknown key: got %q, want %q", got, want)
	}
	if got, want := Tf(EN, "home.welcome", "Ann"), "Welcome, Ann"; got != want {
		t.Errorf("Tf: got %q, want %q", got, want)
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{RU, 1, "1 запись"}, {RU, 2, "2 записи"}, {RU, 5, "5 записей"}, {RU, 11, "11 записей"},
		{RU, 12, "12 записей"}, {RU, 21, "21 запись"}, {RU, 22, "22 записи"}, {RU, 111, "111 записей"},
		{RU, 0, "0 записей"}, {EN, 1, "1 record"}, {EN, 0, "0 records"}, {EN, 2, "2 records"},
	}
	for _, tt := range tests {
		if got := Count(tt.lang, tt.n, fmt.Sprint(tt.n)); got != tt.want {
			t.Errorf("Count(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

// Every field code the server may send must have its own message, like
// the error codes above.
func TestEveryFieldCodeHasAMessage(t *testing.T) {
	for _, code := range api.FieldCodes {
		if !Has("field." + string(code)) {
			t.Errorf("no message for field code %q", code)
		}
	}
	if got, want := FieldError(EN, "from_the_future"), en["field.unknown"]; got != want {
		t.Errorf("unknown field code: %q, want %q", got, want)
	}
}
