package ui

import (
	"regexp"
	"slices"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/state"
	"webtool/server/api"
)

var regionsCatalog = api.Catalog{
	Key: "outlets", Label: lt("Торговые точки", "Outlets"), TitleField: "name",
	Fields: []api.Field{
		{Key: "name", Label: lt("Название", "Name"), Type: api.FieldText},
		{Key: "region", Label: lt("Область", "Region"), Type: api.FieldEnum, Options: []api.Option{
			{Key: "kyiv", Label: lt("Киевская", "Kyiv")}, {Key: "vinnytsia", Label: lt("Винницкая", "Vinnytsia")},
			{Key: "fir", Label: lt("Ёлкинская", "Yolkino")}, {Key: "dnipro", Label: lt("Днепропетровская", "Dnipro")},
			{Key: "zhytomyr", Label: lt("житомирская", "Zhytomyr")}}},
		{Key: "geo", Label: lt("Координаты", "Coordinates"), Type: api.FieldCoords},
	},
	Columns: []string{"name", "region"},
	Sort:    []api.SortKey{{Field: "name"}},
	Rights:  api.Rights{Read: true},
}

// The values of an enum come in the order of their labels in the user's
// language (as the server sorts the field), and the server is told that
// language with every query.
func TestFilterChoicesInLabelOrder(t *testing.T) {
	srv := &fakeServer{total: 3}
	page, disp := mustMountCatalog(t, srv, &regionsCatalog)
	if q := srv.lastQuery(t); q.Lang != "ru" {
		t.Errorf("query language %q, want ru", q.Lang)
	}
	options := regexp.MustCompile(`data-value="([a-z]+)"`)
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"ru", []string{"vinnytsia", "dnipro", "fir", "zhytomyr", "kyiv"}},
		{"en", []string{"dnipro", "kyiv", "vinnytsia", "fir", "zhytomyr"}},
	} {
		doOn(disp, page, func() {
			page.Lang = tt.lang
			page.filter = state.FilterForm{Open: true}
			page.setFilterField("region")
		})
		var got []string
		for _, m := range options.FindAllStringSubmatch(html(page), -1) {
			got = append(got, m[1])
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: choices %v, want %v", tt.lang, got, tt.want)
		}
	}
	// Coordinates are not offered: the server cannot filter them.
	mustNotContain(t, html(page), `<option value="geo"`)
}

// Switching the language fetches the rows again, in the new language's
// order.
func TestLanguageSwitchRefetches(t *testing.T) {
	srv := &fakeServer{total: 3}
	page, disp := mustMountCatalog(t, srv, &regionsCatalog)
	before := len(srv.queries)
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: page, Function: func(ctx app.Context) {
		page.Lang = "en"
		page.OnUpdate(ctx)
	}})
	settle(disp)
	if q := srv.lastQuery(t); len(srv.queries) == before || q.Lang != "en" {
		t.Errorf("after the switch: %d queries (before %d), language %q", len(srv.queries), before, q.Lang)
	}
}
