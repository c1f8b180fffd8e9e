package catalog_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// An enum field sorts by its labels in the user's language, not by its
// option keys: in Russian "Винницкая" (vinnytsia) comes first, in English
// "Chernihiv".
func TestEnumSortsByLabel(t *testing.T) {
	f := mustFixture(t)
	var rows []map[string]any
	for i, r := range []string{"kyiv", "vinnytsia", "chernihiv", "zhytomyr", "kharkiv", "dnipro", "odesa", "lviv", ""} {
		rows = append(rows, map[string]any{"code": "R" + string(rune('a'+i)), "name": "Точка " + r, "region": r})
	}
	if _, err := f.svc.Load("outlets", rows, "test"); err != nil {
		t.Fatal(err)
	}
	// The fixture's own outlets are in kyiv and kharkiv; "" is none.
	ru := []string{"vinnytsia", "dnipro", "zhytomyr", "kyiv", "kyiv", "kyiv", "lviv", "odesa", "kharkiv", "kharkiv", "chernihiv", ""}
	en := []string{"chernihiv", "dnipro", "kharkiv", "kharkiv", "kyiv", "kyiv", "kyiv", "lviv", "odesa", "vinnytsia", "zhytomyr", ""}
	regions := func(lang string, desc bool) []string {
		t.Helper()
		reply, err := f.svc.Query(context.Background(), admin, api.QueryRequest{Catalog: "outlets", Limit: 50, Lang: lang,
			Sort: []api.SortKey{{Field: "region", Desc: desc}}})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range reply.Rows {
			s, _ := r.Values["region"].(string)
			out = append(out, s)
		}
		return out
	}
	if got := regions("ru", false); !slices.Equal(got, ru) {
		t.Errorf("ru:\n got %v\nwant %v", got, ru)
	}
	if got := regions("en", false); !slices.Equal(got, en) {
		t.Errorf("en:\n got %v\nwant %v", got, en)
	}
	// Descending reverses the labels' order; rows with no region stay last.
	desc := slices.Clone(ru[:len(ru)-1])
	slices.Reverse(desc)
	if got := regions("ru", true); !slices.Equal(got, append(desc, "")) {
		t.Errorf("ru descending:\n got %v\nwant %v", got, append(desc, ""))
	}

	// An export is sorted the same way.
	out, err := f.svc.Export(context.Background(), admin, "", api.ExportRequest{Catalog: "outlets", Columns: []string{"region", "code"},
		Sort: []api.SortKey{{Field: "region"}}, Format: api.ExportCSV, Lang: "ru"})
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Body, []byte("\ufeff"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, rec := range recs[1:] {
		labels = append(labels, rec[0])
	}
	want := []string{"Винницкая", "Днепропетровская", "Житомирская", "Киевская", "Киевская", "Киевская", "Львовская",
		"Одесская", "Харьковская", "Харьковская", "Черниговская", ""}
	if !slices.Equal(labels, want) {
		t.Errorf("export:\n got %q\nwant %q", labels, want)
	}
}

// Labels with ё and in mixed case sort as a Russian reader expects: ё as
// е (not first, as Ё's code point would have it, nor after я), case
// ignored.
func TestEnumSortWithYo(t *testing.T) {
	opt := func(key, ru, en string) api.Option { return api.Option{Key: key, Label: api.LocalText{RU: ru, EN: en}} }
	def := &catalog.Def{Key: "places", Label: api.LocalText{RU: "Места", EN: "Places"}, Group: "test", TitleField: "name",
		Fields: []api.Field{{Key: "name", Type: api.FieldText}, {Key: "area", Type: api.FieldEnum, Options: []api.Option{
			opt("a", "Ёлкинская", "Yolkino"), opt("b", "яблоневая", "apple"), opt("c", "Жуковская", "Zhukov"),
			opt("w", "Белгородская", "Belgorod"), opt("y", "Ейская", "Yeysk"), opt("e", "ёжиковая", "hedgehog")}}},
		Columns: []string{"name", "area"}, Sort: []api.SortKey{{Field: "name"}}}
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := catalog.Open(db, []*catalog.Def{def}, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	for _, k := range []string{"a", "b", "c", "w", "y", "e"} {
		rows = append(rows, map[string]any{"name": k, "area": k})
	}
	if _, err := svc.Load("places", rows, "test"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang string
		want []string
	}{
		// Белгородская, ёжиковая, Ейская, Ёлкинская, Жуковская, яблоневая.
		{"ru", []string{"w", "e", "y", "a", "c", "b"}},
		// apple, Belgorod, hedgehog, Yeysk, Yolkino, Zhukov.
		{"en", []string{"b", "w", "e", "y", "a", "c"}},
	} {
		reply, err := svc.Query(context.Background(), admin, api.QueryRequest{Catalog: "places", Limit: 10, Lang: tt.lang,
			Sort: []api.SortKey{{Field: "area"}}})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range reply.Rows {
			got = append(got, r.Values["area"].(string))
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.lang, got, tt.want)
		}
	}
}
