package state

import (
	"strings"
	"testing"
	"unicode/utf8"

	"webtool/server/api"
)

func TestParseViewParam(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"view=v1", "v1"},
		{"?view=v1", "v1"},
		{"?view=builtin%3Aoutlets%3Ardc", "builtin:outlets:rdc"},
		{"view=builtin:outlets:rdc&x=1", "builtin:outlets:rdc"},
		{"x=1", ""},
		{"view=%zz", ""},
		{"view=+v2+", "v2"},
	} {
		if got := ParseViewParam(tt.in); got != tt.want {
			t.Errorf("ParseViewParam(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCatalogURL(t *testing.T) {
	for _, tt := range []struct{ cat, view, want string }{
		{"outlets", "", "/c/outlets"},
		{"outlets", "v7", "/c/outlets?view=v7"},
		{"outlets", "builtin:outlets:rdc", "/c/outlets?view=builtin%3Aoutlets%3Ardc"},
	} {
		got := CatalogURL(tt.cat, tt.view)
		if got != tt.want {
			t.Errorf("CatalogURL(%q, %q) = %q, want %q", tt.cat, tt.view, got, tt.want)
		}
		if back := ParseViewParam(got[len("/c/"+tt.cat):]); back != tt.view {
			t.Errorf("round trip of %q: %q", tt.view, back)
		}
	}
}

func TestChooseOpening(t *testing.T) {
	lay := func(field string) *api.Layout {
		return &api.Layout{Sort: []api.SortKey{{Field: field}}}
	}
	views := []api.View{
		{ID: "builtin:x", Layout: *lay("b")},
		{ID: "v1", Layout: *lay("v1"), Mine: true},
		{ID: "v2", Layout: *lay("v2"), Mine: true, Default: true},
	}
	noDefault := views[:2]
	for _, tt := range []struct {
		name     string
		link     string
		fs       api.FormSettings
		views    []api.View
		source   LayoutSource
		view     string
		sortedBy string
	}{
		{"defaults", "", api.FormSettings{}, noDefault, FromDefaults, "", ""},
		{"link", "v1", api.FormSettings{Layout: lay("s"), View: "v2"}, views, FromLink, "v1", "v1"},
		{"link builtin", "builtin:x", api.FormSettings{}, views, FromLink, "builtin:x", "b"},
		{"unknown link falls through", "nope", api.FormSettings{Layout: lay("s")}, views, FromSettings, "", "s"},
		{"settings with view", "", api.FormSettings{Layout: lay("s"), View: "builtin:x"}, views, FromSettings, "builtin:x", "s"},
		{"settings with gone view", "", api.FormSettings{Layout: lay("s"), View: "v9"}, views, FromSettings, "", "s"},
		{"settings view without layout", "", api.FormSettings{View: "v1"}, views, FromDefaultView, "v2", "v2"},
		{"default view", "", api.FormSettings{}, views, FromDefaultView, "v2", "v2"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := ChooseOpening(tt.link, tt.fs, tt.views)
			if got.Source != tt.source || got.View != tt.view {
				t.Fatalf("got source %d view %q, want %d %q", got.Source, got.View, tt.source, tt.view)
			}
			sorted := ""
			if got.Layout != nil && len(got.Layout.Sort) > 0 {
				sorted = got.Layout.Sort[0].Field
			}
			if sorted != tt.sortedBy {
				t.Errorf("layout sorted by %q, want %q", sorted, tt.sortedBy)
			}
		})
	}
}

func TestSameLayout(t *testing.T) {
	cat := &api.Catalog{Key: "c", Columns: []string{"a", "b"}, Fields: []api.Field{{Key: "a"}, {Key: "b"}, {Key: "n", Type: api.FieldNumber}}}
	cond := func(v any) api.Filter {
		return api.Filter{All: []api.Condition{{Field: "n", Op: api.OpEquals, Values: []any{v}}}}
	}
	for _, tt := range []struct {
		name string
		a, b api.Layout
		want bool
	}{
		{"empty", api.Layout{}, api.Layout{}, true},
		{"preset columns", api.Layout{}, api.Layout{Columns: []api.ColumnLayout{{Field: "a"}, {Field: "b"}}}, true},
		{"other order", api.Layout{}, api.Layout{Columns: []api.ColumnLayout{{Field: "b"}, {Field: "a"}}}, false},
		{"width", api.Layout{Columns: []api.ColumnLayout{{Field: "a"}}}, api.Layout{Columns: []api.ColumnLayout{{Field: "a", Width: 90}}}, false},
		{"empty slices", api.Layout{Sort: []api.SortKey{}, Filter: api.Filter{All: []api.Condition{}}}, api.Layout{}, true},
		{"number types", api.Layout{Filter: cond(5)}, api.Layout{Filter: cond(5.0)}, true},
		{"other value", api.Layout{Filter: cond(5)}, api.Layout{Filter: cond(6)}, false},
		{"search", api.Layout{Filter: api.Filter{Search: "x"}}, api.Layout{}, false},
		{"sort", api.Layout{Sort: []api.SortKey{{Field: "a", Desc: true}}}, api.Layout{Sort: []api.SortKey{{Field: "a"}}}, false},
		{"deleted", api.Layout{Deleted: true}, api.Layout{}, false},
		{"totals", api.Layout{Totals: []api.Total{{Field: "n", Fn: api.AggSum}}}, api.Layout{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := SameLayout(cat, tt.a, tt.b); got != tt.want {
				t.Errorf("SameLayout = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCopyName(t *testing.T) {
	views := []api.View{
		{Name: "Мои ТТ", Mine: true},
		{Name: "мои тт (копия)", Mine: true},
		{Name: "Чужое (копия)"}, // not mine: no clash
	}
	for _, tt := range []struct{ in, want string }{
		{"Новое", "Новое (копия)"},
		{"Мои ТТ", "Мои ТТ (копия 2)"},
		{"Чужое", "Чужое (копия)"},
		{"  Пробелы ", "Пробелы (копия)"},
	} {
		if got := CopyName(tt.in, "копия", views); got != tt.want {
			t.Errorf("CopyName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A copy of a name at the limit is cut to fit, never refused by the
	// server as too long.
	long := strings.Repeat("я", api.MaxViewName)
	views = append(views, api.View{Name: strings.Repeat("я", api.MaxViewName-8) + " (копия)", Mine: true})
	got, want := CopyName(long, "копия", views), strings.Repeat("я", api.MaxViewName-10)+" (копия 2)"
	if got != want || api.ViewNameTooLong(got) {
		t.Errorf("CopyName(%d × я) = %q (%d characters), want %q", api.MaxViewName, got, utf8.RuneCountInString(got), want)
	}
}

func TestViewName(t *testing.T) {
	b := api.View{Name: "ТТ RDC", Label: api.LocalText{RU: "ТТ RDC", EN: "RDC outlets"}}
	if got, want := ViewName(b, "en"), "RDC outlets"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := ViewName(api.View{Name: "Мой"}, "en"), "Мой"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
