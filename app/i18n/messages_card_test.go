package i18n

import (
	"strings"
	"testing"

	"webtool/server/api"
)

// Each message says what is wrong and what to do: by the field's type, by
// the code with what the server named, and never a bare "wrong value".
func TestFieldMessage(t *testing.T) {
	number := &api.Field{Key: "k", Type: api.FieldNumber}
	text := &api.Field{Key: "name", Type: api.FieldText, MaxLen: 20}
	list := &api.Field{Key: "people", Type: api.FieldList}
	for _, tt := range []struct {
		lang string
		f    *api.Field
		code api.Code
		arg  string
		want string
	}{
		{RU, number, api.FieldBadValue, "", "например 12,5"},
		{EN, number, api.FieldBadValue, "", "e.g. 12.5"},
		{RU, &api.Field{Type: api.FieldDate}, api.FieldBadValue, "", "ДД.ММ.ГГГГ"},
		{RU, text, api.FieldTooLong, "", "не больше 20 символов"},
		{RU, text, api.FieldUnique, "Склад 1 · W1", "у записи «Склад 1 · W1»"},
		{RU, text, api.FieldUnique, "", "введите другое"},
		{EN, number, api.FieldNotPositive, "0", "greater than 0"},
		{RU, list, api.FieldRequired, "", "хотя бы одну строку"},
		{RU, list, api.FieldNoPrimary, "", "основного"},
		{RU, list, api.FieldOnePrimary, "", "пересекаются"},
		{RU, list, api.FieldBoundTwice, "Boiko Andrii · EMP-000028", "Boiko Andrii · EMP-000028 уже привязан"},
		{RU, text, api.FieldBadEmail, "", "name@example.com"},
		{RU, text, api.FieldLatinOnly, "", "латинскими"},
		{RU, nil, "from_the_future", "", ru["field.unknown"]},
	} {
		if got := FieldMessage(tt.lang, tt.f, tt.code, tt.arg); !strings.Contains(got, tt.want) {
			t.Errorf("FieldMessage(%s, %v, %s, %q) = %q, want it to contain %q", tt.lang, tt.f, tt.code, tt.arg, got, tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{RU, 1, "1 поле требует"}, {RU, 3, "3 поля требуют"}, {RU, 5, "5 полей требуют"}, {RU, 21, "21 поле"},
		{EN, 1, "1 field needs"}, {EN, 2, "2 fields need"},
	} {
		if got := Plural(tt.lang, "card.errors", tt.n); !strings.HasPrefix(got, tt.want) {
			t.Errorf("Plural(%s, %d) = %q, want %q…", tt.lang, tt.n, got, tt.want)
		}
	}
}
