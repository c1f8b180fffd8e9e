package ui

import (
	"reflect"
	"sync"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/state"
	"webtool/server/api"
)

// lookupServer answers lookups with fixed choices and records them.
type lookupServer struct {
	mu      sync.Mutex
	asked   []api.LookupRequest
	choices []api.Choice
}

func (s *lookupServer) handle(typ string, req, reply any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if typ != api.TypeLookup {
		return nil
	}
	s.asked = append(s.asked, req.(api.LookupRequest))
	*reply.(*api.LookupReply) = api.LookupReply{Choices: s.choices}
	return nil
}

func (s *lookupServer) last(t *testing.T) api.LookupRequest {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.asked) == 0 {
		t.Fatal("no lookup sent")
	}
	return s.asked[len(s.asked)-1]
}

func mountPicker(t *testing.T, srv *lookupServer, p *RefPicker) app.ClientDispatcher {
	t.Helper()
	p.Link = &Link{}
	p.Link.setSocket(&fakeSocket{handle: srv.handle})
	disp := app.NewClientTester(p)
	t.Cleanup(disp.Close)
	settle(disp)
	return disp
}

// A card's picker asks with the field it fills and the draft values its
// limits compare with, sends the text as typed (the server matches every
// word), and shows each choice's code, owner and detail under its name;
// the picked record reads as its name and code.
func TestPickerSendsLimitsAndTellsChoicesApart(t *testing.T) {
	srv := &lookupServer{choices: []api.Choice{
		{ID: "e1", Label: "Boiko Oleksandr", Code: "EMP-52", Owner: "ООО «Днепр Продукт»", Detail: "+380 55"},
		{ID: "e2", Label: "Boiko Oleksandr", Code: "EMP-07", Owner: "ООО «Харьков-Дистрибуция»"},
	}}
	var picked state.Ref
	for_ := &api.LookupFor{Catalog: "org_structure", Field: "people.person", Values: map[string]any{"distributor": "d4"}}
	p := &RefPicker{ID: "f-people-0-person", Lang: "ru", Catalog: "personnel",
		For: func() *api.LookupFor { return for_ }, OnPick: func(r state.Ref) { picked = r }}
	disp := mountPicker(t, srv, p)

	doOn(disp, p, func() { p.open = true; p.lookup("«Берёзка» №103 ") })
	got := srv.last(t)
	if got.Search != "«Берёзка» №103 " || got.Catalog != "personnel" || !reflect.DeepEqual(got.For, for_) {
		t.Errorf("lookup = %+v, want the text as typed and For %+v", got, for_)
	}
	page := html(p)
	mustContain(t, page, "Boiko Oleksandr", `class="picker-detail"`, "EMP-52 · ООО «Днепр Продукт» · +380 55", "EMP-07 · ООО «Харьков-Дистрибуция»")

	doOn(disp, p, func() { p.pick(srv.choices[0]) })
	if picked != (state.Ref{ID: "e1", Label: "Boiko Oleksandr"}) {
		t.Errorf("picked %+v", picked)
	}
	doOn(disp, p, func() { p.Value = picked; p.Update() })
	mustTag(t, html(p), `id="f-people-0-person"`, `value="Boiko Oleksandr · EMP-52"`, `title="Boiko Oleksandr · EMP-52 · ООО «Днепр Продукт»"`)

	// A filter's list is not limited: no For.
	free := &RefPicker{ID: "f-x", Lang: "ru", Catalog: "personnel"}
	freeDisp := mountPicker(t, srv, free)
	doOn(freeDisp, free, func() { free.lookup("") })
	if srv.last(t).For != nil {
		t.Error("a picker without For sent limits")
	}
}

// A text field with Pick: the choice's Value becomes the text, typing
// stays free, and the lookup goes to the Pick's catalog.
func TestTextPickerTakesTheChoicesValue(t *testing.T) {
	srv := &lookupServer{choices: []api.Choice{{ID: "o7", Label: "РЦ Север", Code: "GO-7", Value: "GO-7"}}}
	var text string
	p := &RefPicker{ID: "f-external_code", Lang: "ru", Catalog: "outlets", Text: true,
		Value: state.Ref{Label: "OLD"}, OnText: func(s string) { text = s }}
	disp := mountPicker(t, srv, p)
	mustTag(t, html(p), `id="f-external_code"`, `value="OLD"`)
	doOn(disp, p, func() { p.open = true; p.lookup("") })
	doOn(disp, p, func() { p.pick(srv.choices[0]) })
	if text != "GO-7" {
		t.Errorf("text = %q, want the choice's value", text)
	}
	// The card has not rendered yet: the picker shows the text all the same.
	mustTag(t, html(p), `id="f-external_code"`, `value="GO-7"`)
	mustContain(t, html(p), `data-value="GO-7"`)
}

var orgCatalog = api.Catalog{
	Key: "org_structure", Label: lt("Оргструктура", "Org structure"), TitleField: "name",
	Fields: []api.Field{
		{Key: "name", Label: lt("Название", "Name"), Type: api.FieldText},
		{Key: "distributor", Label: lt("Точка синхронизации", "Sync point"), Type: api.FieldRef, Ref: "distributors"},
		{Key: "people", Label: lt("Привязанный персонал", "Bound personnel"), Type: api.FieldList, Columns: []api.Field{
			{Key: "person", Label: lt("Сотрудник", "Employee"), Type: api.FieldRef, Ref: "personnel",
				Limit: []api.RefLimit{{Field: "distributor", Same: "distributor"}}},
		}},
	},
	Rights: api.Rights{Read: true, Edit: true},
}

// The card's pickers are limited by what the draft holds when they ask
// (not when the card last rendered), and a child record's card names its
// parent.
func TestCardPickerLimits(t *testing.T) {
	c := &Card{Catalog: &orgCatalog, st: state.NewCard(&orgCatalog), Host: &fakeHost{}}
	c.st.StartNew(map[string]any{"distributor": "d1"}, map[string]string{"distributor": "Кава"})
	forPerson := c.lookupFor("people.3.person")
	c.st.Set("distributor", state.Ref{ID: "d4", Label: "Днепр"})
	want := &api.LookupFor{Catalog: "org_structure", Field: "people.person", Values: map[string]any{"distributor": "d4"}}
	if got := forPerson(); !reflect.DeepEqual(got, want) {
		t.Errorf("For = %+v, want %+v", got, want)
	}
	parent := &Card{st: state.NewCard(&warehousesCatalog)}
	parent.st.Load(api.Record{ID: "w1"})
	child := &Card{Catalog: &bindingsCatalog, st: state.NewCard(&bindingsCatalog), Host: tabHost{parent}}
	child.st.StartNew(nil, nil)
	if got := child.lookupFor("org_object")(); got.Of != "w1" || got.Field != "org_object" {
		t.Errorf("a tab's card asks %+v, want Of w1", got)
	}
}

// A reference cell reads as the name, then muted its code and owner,
// with all of it as the tooltip; a deleted row is marked before its
// first cell's text, not by a tag over it.
func TestGridRefCellsAndDeletedMark(t *testing.T) {
	rec := outletRow(1)
	rec.Refs = map[string]api.RefInfo{"distributor": {Code: "D1", Owner: "Киев"}}
	rec.Deleted = true
	cols := []*api.Field{&outletsCatalog.Fields[0], &outletsCatalog.Fields[4]}
	g := &Grid{Lang: "ru", Columns: cols, Widths: []int{100, 200}, Rows: 1, Count: 1, Known: true,
		Range: state.Range{First: 0, Last: 1}, Slots: []state.Slot{{Index: 0, Loaded: true, Row: state.TreeRow{ID: rec.ID, Rec: rec}}}}
	disp := app.NewClientTester(g)
	defer disp.Close()
	got := html(g)
	mustContain(t, got, `title="ООО Дистрибьютор · D1 · Киев"`, `<span class="cell-ref"> · D1 · Киев</span>`, `class="deleted-mark"`)
	mustNotContain(t, got, "tag-deleted")
	mustTag(t, got, `class="grid-cell"`, `title="C00001"`)

	// A tree gives the free width to its names, a list to its last column.
	if tmpl, _ := gridTemplate([]int{200, 100}, 0); tmpl != "minmax(200px, 1fr) 100px" {
		t.Errorf("tree template %q", tmpl)
	}
	if tmpl, _ := gridTemplate([]int{200, 100}, 1); tmpl != "200px minmax(100px, 1fr)" {
		t.Errorf("list template %q", tmpl)
	}
}

// The totals row names each figure by its function and formats it like
// the column: grouped money, dates in the UI's format.
func TestTotalsRowNamesTheFigure(t *testing.T) {
	debt, opened := &outletsCatalog.Fields[3], &outletsCatalog.Fields[5]
	for _, tt := range []struct{ lang, money, date string }{
		{"ru", "12\u2009345,50", "Мин:"}, {"en", "12\u2009345.50", "Min:"},
	} {
		row := &TotalsRow{Lang: tt.lang, Columns: []*api.Field{debt, opened},
			Totals: []api.Total{{Field: "debt", Fn: api.AggSum}, {Field: "opened", Fn: api.AggMin}},
			Values: map[string]api.TotalValue{
				"debt":   {Field: "debt", Fn: api.AggSum, Value: "12345.5"},
				"opened": {Field: "opened", Fn: api.AggMin, Value: "2026-02-01"}}}
		disp := app.NewClientTester(row)
		got := html(row)
		disp.Close()
		wantDate := "01.02.2026"
		if tt.lang == "en" {
			wantDate = "01 Feb 2026"
		}
		mustContain(t, got, `>Σ</span>`, `<span class="total-value">`+tt.money+`</span>`,
			`>`+tt.date+`</span>`, `<span class="total-value">`+wantDate+`</span>`,
			`id="total-fn-debt"`, `class="total-caret"`)
	}
}

// A reference condition keeps, as each value's label, the choice's name
// with its code and owner: the chip, saved with the filter or a view,
// tells apart records of the same name.
func TestFilterChipLabelsTellRecordsApart(t *testing.T) {
	cond := api.Condition{Field: "distributor", Op: api.OpIn, Values: []any{"d1", "d2"}, Labels: []string{"Кава", "Кава"}}
	refLabels(&cond, []api.Choice{{ID: "d2", Label: "Кава", Code: "D002", Owner: "Харьков"}, {ID: "d1", Label: "Кава", Code: "D001", Owner: "Киев"}})
	if want := []string{"Кава · D001 · Киев", "Кава · D002 · Харьков"}; !reflect.DeepEqual(cond.Labels, want) {
		t.Errorf("labels %q, want %q", cond.Labels, want)
	}
	got := chipText("ru", &outletsCatalog, cond, nil)
	if want := "Дистрибьютор: любое из Кава · D001 · Киев, Кава · D002 · Харьков"; got != want {
		t.Errorf("chip %q, want %q", got, want)
	}
}
