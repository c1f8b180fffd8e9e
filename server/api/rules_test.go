package api_test

import (
	"math"
	"slices"
	"strings"
	"testing"

	"webtool/server/api"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in    string
		minor int64
		ok    bool
	}{
		{"1 234,56", 123456, true},
		{"1234.56", 123456, true},
		{"1\u00a0234,5", 123450, true},
		{"1\u2009234", 123400, true},
		{"1\u202f234.5", 123450, true},
		{"1'234.56", 123456, true},
		{"-5", -500, true},
		{"+5", 500, true},
		{" - 5 ", -500, true},
		{",5", 50, true},
		{"5.", 500, true},
		{"007.25", 725, true},
		{"-0", 0, true},
		{"999999999999999.99", 99999999999999999, true},
		{"000000000000000001", 100, true}, // leading zeros are not digits that count
		// Refused: never read as something the user did not mean.
		{"1.-5", 0, false},
		{"--5", 0, false},
		{"+-1", 0, false},
		{"-+1", 0, false},
		{"1.2.3", 0, false},
		{"1,2,3", 0, false},
		{"1.+5", 0, false},
		{"5-", 0, false},
		{"1 234,5 6", 0, false},
		{"1.005", 0, false}, // money is never rounded
		{"1e3", 0, false},
		{"0x10", 0, false},
		{"1000000000000000", 0, false}, // 16 whole digits
		{"", 0, false},
		{"-", 0, false},
		{".", 0, false},
		{"12a", 0, false},
		{"NaN", 0, false},
		{"１２", 0, false}, // full-width digits
	}
	for _, tt := range tests {
		got, ok := api.ParseMoney(tt.in)
		if got != tt.minor || ok != tt.ok {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.minor, tt.ok)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	for _, tt := range []struct {
		in   int64
		want string
	}{
		{0, "0.00"}, {5, "0.05"}, {-5, "-0.05"}, {123456, "1234.56"}, {-500, "-5.00"},
		{math.MinInt64, "-92233720368547758.08"},
	} {
		if got := api.FormatMoney(tt.in); got != tt.want {
			t.Errorf("FormatMoney(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseNumberAndDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1,5", 1.5, true}, {"1 000,25", 1000.25, true}, {"-3", -3, true}, {"1e3", 1000, true},
		{"1.-5", 0, false}, {"--5", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"1e999", 0, false}, {"", 0, false},
	} {
		if got, ok := api.ParseNumber(tt.in); ok != tt.ok || ok && got != tt.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"2026-11-23", true}, {" 2026-11-23 ", true}, {"1900-01-01", true}, {"2200-12-31", true},
		{"1899-12-31", false}, {"2201-01-01", false}, {"2026-02-29", false}, {"23.11.2026", false}, {"", false},
	} {
		if _, ok := api.ParseDate(tt.in); ok != tt.ok {
			t.Errorf("ParseDate(%q) ok = %v, want %v", tt.in, ok, tt.ok)
		}
	}
}

func TestTextLimit(t *testing.T) {
	free, capped := &api.Field{Type: api.FieldText}, &api.Field{Type: api.FieldText, MaxLen: 3}
	if free.TextLimit() != api.DefaultMaxLen || capped.TextLimit() != 3 {
		t.Fatalf("limits %d, %d", free.TextLimit(), capped.TextLimit())
	}
	// Characters, not bytes: three Cyrillic letters are six bytes.
	if capped.TooLong("абв") || !capped.TooLong("абвг") || free.TooLong(strings.Repeat("я", api.DefaultMaxLen)) ||
		!free.TooLong(strings.Repeat("я", api.DefaultMaxLen+1)) {
		t.Fatal("TooLong counts wrong")
	}
}

// Every operator a type offers needs operands the server can check, and
// every aggregate applies to a field the engine keeps.
func TestOperatorAndAggregateMatrices(t *testing.T) {
	for _, typ := range []api.FieldType{api.FieldText, api.FieldNumber, api.FieldMoney, api.FieldDate, api.FieldDateTime,
		api.FieldBool, api.FieldEnum, api.FieldRef, api.FieldCoords, api.FieldList, api.FieldUser, api.FieldPin} {
		ops, aggs := api.OpsFor(typ), api.AggsFor(typ)
		if api.Indexed(typ) != (len(ops) > 0) || api.Indexed(typ) != (len(aggs) > 0) {
			t.Errorf("%s: indexed %v, operators %v, aggregates %v", typ, api.Indexed(typ), ops, aggs)
		}
		for _, op := range ops {
			if !api.Applies(op, typ) {
				t.Errorf("%s: Applies(%s) is false", typ, op)
			}
		}
		if !slices.Contains(aggs, api.AggCount) && len(aggs) > 0 {
			t.Errorf("%s: no count among %v", typ, aggs)
		}
	}
}

// The orders within one script are those of golang.org/x/text/collate
// (CLDR), checked when CollationKey was written; that package does not
// reorder scripts, so the Russian order of scripts (Cyrillic first, CLDR's
// [reorder Cyrl]) is checked on its own.
func TestCollationKey(t *testing.T) {
	tests := []struct {
		lang string
		in   []string // in the order expected
	}{
		// ё sorts as е and only breaks a tie (before case does), so "ёж"
		// is before "ежи", not after я; ґ likewise after г; є, і, ї, ў
		// after their neighbours.
		{"ru", []string{"1-я", "10 лавка", "1я", "9 лавка", "а", "а б", "а-б", "аб", "Винницкая", "Волынская", "Ґанок",
			"Ґудзик", "Гусь", "Дім", "Днепропетровская", "ёж", "Ежевика", "ежи", "Ежи", "ёжик", "елка", "Елка", "ёлка",
			"Ёлка", "Ёлкино", "ель", "Ещё", "Євген", "Житомирская", "Закарпатская", "Запорожская", "Иван",
			"Ивано-Франковская", "Игра", "Іван", "Їжак", "йогурт", "Йод", "Киевская", "Киоск", "Кировоградская",
			"Луганская", "Львовская", "Московская", "Николаевская", "Одесская", "Опт", "орел", "Орел", "Орёл",
			"Полтавская", "Ровенская", "Розница", "Сумская", "Супермаркет", "Тернопольская", "Усы", "Ўзбек", "Ўсход",
			"Фото", "Харьковская", "Херсонская", "Хмельницкая", "Черкасская", "Черниговская", "Черновицкая", "Юг",
			"яблоко", "Яблоко"}},
		{"en", []string{"10 лавка", "9 лавка", "cafe", "Cafe", "Café", "cafeteria", "HoReCa", "metro", "Metro", "naïve",
			"nazi", "RDC (распределительный центр)", "spar", "Spar", "SPAR", "strasse", "Straße", "Zeta", "Ωμέγα", "а",
			"а б", "аб", "Днепропетровская", "ёж", "ежи", "Ежи", "ёжик", "елка", "Елка", "ёлка", "Ёлка", "Ёлкино", "ель",
			"Иван", "Ивано-Франковская", "Іван", "йогурт", "Йод", "Киевская", "Киоск", "Одесская", "Опт", "орел", "Орел",
			"Орёл", "Розница", "Супермаркет", "Ўзбек", "Харьковская", "Юг", "яблоко", "Яблоко"}},
		// Russian: Cyrillic, then Latin, then Greek, then other scripts.
		{"ru", []string{" ", "-", "0", "9", "юг", "Яблоко", "apple", "Zeta", "Ωμέγα", "ԱՄ", "日本"}},
	}
	for _, tt := range tests {
		got := slices.Clone(tt.in)
		slices.Reverse(got)
		slices.SortStableFunc(got, func(a, b string) int {
			return strings.Compare(api.CollationKey(tt.lang, a), api.CollationKey(tt.lang, b))
		})
		if !slices.Equal(got, tt.in) {
			t.Errorf("%s order\n got %q\nwant %q", tt.lang, got, tt.in)
		}
	}
	if api.CollationKey("ru", "Ёлка") == api.CollationKey("ru", "ёлка") || api.CollationKey("ru", "ёлка") == api.CollationKey("ru", "елка") {
		t.Error("case and ё must still tell texts apart")
	}
}

func TestSortOptions(t *testing.T) {
	opts := []api.Option{
		{Key: "north", Label: api.LocalText{RU: "Север", EN: "North"}},
		{Key: "south", Label: api.LocalText{RU: "Юг", EN: "South"}},
		{Key: "east", Label: api.LocalText{RU: "Восток", EN: "East"}},
		{Key: "fir", Label: api.LocalText{RU: "Ёлкино", EN: "Yolkino"}},
		{Key: "spruce", Label: api.LocalText{RU: "Ежово", EN: "Ezhovo"}},
		{Key: "west", Label: api.LocalText{RU: "запад", EN: "west"}},
		{Key: "z-other", Label: api.LocalText{RU: "Восток", EN: "East"}}, // same label: by key
	}
	keys := func(os []api.Option) []string {
		var out []string
		for _, o := range os {
			out = append(out, o.Key)
		}
		return out
	}
	for _, tt := range []struct {
		lang string
		want []string
	}{
		// Ёлкино among the Е words (not first, as Ё's code point, nor
		// after Я, as ё's); запад among the capitals.
		{"ru", []string{"east", "z-other", "spruce", "fir", "west", "north", "south"}},
		{"en", []string{"east", "z-other", "spruce", "north", "south", "west", "fir"}},
	} {
		if got := keys(api.SortOptions(opts, tt.lang)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.lang, got, tt.want)
		}
	}
	if opts[0].Key != "north" {
		t.Error("SortOptions reordered its argument")
	}
}
