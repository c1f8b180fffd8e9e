package ui

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/state"
	"webtool/server/api"
)

var bindingsCatalog = api.Catalog{
	Key: "warehouse_bindings", Label: lt("Типы документов, объекты оргструктуры", "Document types, org-structure objects"), TitleField: "doc_type",
	Parent: &api.ParentLink{Catalog: "warehouses", Field: "warehouse"},
	Fields: []api.Field{
		{Key: "warehouse", Label: lt("Склад", "Warehouse"), Type: api.FieldRef, Ref: "warehouses", Required: true},
		{Key: "doc_type", Label: lt("Тип документа", "Document type"), Type: api.FieldEnum, Required: true, Options: []api.Option{
			{Key: "order", Label: lt("Заказ", "Order")}, {Key: "return", Label: lt("Возврат", "Return")}}},
		{Key: "org_object", Label: lt("Объект оргструктуры", "Org-structure object"), Type: api.FieldRef, Ref: "org_structure", Required: true},
	},
	Columns: []string{"warehouse", "doc_type", "org_object"},
	Sort:    []api.SortKey{{Field: "doc_type"}},
	Rights:  api.Rights{Read: true, Edit: true, Create: true, Delete: true},
}

var warehousesCatalog = api.Catalog{
	Key: "warehouses", Label: lt("Склады", "Warehouses"), TitleField: "name",
	Tabs: []api.Tab{{Key: "general", Label: lt("Общее", "General")}},
	Fields: []api.Field{
		{Key: "code", Label: lt("Код", "Code"), Type: api.FieldText, Required: true},
		{Key: "name", Label: lt("Название", "Name"), Type: api.FieldText, Required: true},
	},
	Columns:  []string{"code", "name"},
	Rights:   api.Rights{Read: true, Edit: true, Create: true, Delete: true},
	Children: []api.Catalog{bindingsCatalog},
}

// warehouseServer answers as the server does for warehouse w1 with two
// bindings, and records the requests.
type warehouseServer struct {
	mu       sync.Mutex
	requests []string // type and JSON of every request but watch
}

func (s *warehouseServer) handle(typ string, req, reply any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, _ := json.Marshal(req)
	s.requests = append(s.requests, typ+" "+string(b))
	binding := func(id, doc string) api.Record {
		return api.Record{Catalog: "warehouse_bindings", ID: id, Version: 1,
			Values: map[string]any{"warehouse": "w1", "doc_type": doc, "org_object": "p1"},
			Labels: map[string]string{"warehouse": "Склад 1", "org_object": "ТП Иванов"}}
	}
	var out any
	switch typ {
	case api.TypeGet:
		if g := req.(api.GetRequest); g.Catalog == "warehouses" {
			out = api.Record{Catalog: "warehouses", ID: "w1", Version: 3, Values: map[string]any{"code": "W1", "name": "Склад 1"}}
		} else {
			out = binding(g.ID, "order")
		}
	case api.TypeQuery:
		out = api.QueryReply{Rows: []api.Record{binding("b1", "order"), binding("b2", "return")}, Total: 2}
	case api.TypeNew:
		out = api.Record{Catalog: "warehouse_bindings", Values: map[string]any{"warehouse": "w1"}, Labels: map[string]string{"warehouse": "Склад 1"}}
	case api.TypeSave:
		out = binding("b3", "order")
	case api.TypeHistory:
		out = api.History{}
	case api.TypeTotals:
		out = api.TotalsReply{Totals: []api.TotalValue{{Field: "doc_type", Fn: api.AggCount, Value: 2}}}
	default:
		out = struct{}{}
	}
	b, _ = json.Marshal(out)
	return json.Unmarshal(b, reply)
}

// sent returns the requests of type typ, as JSON.
func (s *warehouseServer) sent(typ string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.requests {
		if body, ok := strings.CutPrefix(r, typ+" "); ok {
			out = append(out, body)
		}
	}
	return out
}

// The card of a warehouse shows its bindings as a tab: the child
// catalog's grid of that warehouse's rows, asked with Of; creating from
// it opens the binding's card with the warehouse given (read-only), and
// the save goes through the tab (Of), without a warehouse of its own.
func TestCardShowsChildCatalogTab(t *testing.T) {
	srv := &warehouseServer{}
	link := &Link{}
	link.setSocket(&fakeSocket{handle: srv.handle})
	host := &fakeHost{}
	card := &Card{Lang: "ru", Catalog: &warehousesCatalog, Link: link, Host: host, Open: cardOpen{Seq: 1, ID: "w1"}}
	disp := app.NewClientTester(card)
	t.Cleanup(disp.Close)
	settle(disp)

	got := html(card)
	mustTag(t, got, `id="tab-warehouse_bindings"`, `role="tab"`)
	mustContain(t, got, "Типы документов, объекты оргструктуры")
	if q := srv.sent(api.TypeQuery); len(q) != 0 {
		t.Fatalf("a hidden tab asked %v", q)
	}

	doOn(disp, card, func() { card.tab = "warehouse_bindings" })
	got = html(card)
	mustTag(t, got, `id="grid-warehouse_bindings"`, `role="grid"`, `data-total="2"`)
	mustTag(t, got, `id="grid-warehouse_bindings-row-1"`, `data-id="b2"`)
	mustContain(t, got, "Заказ", "Возврат", "ТП Иванов", `id="child-create-warehouse_bindings"`)
	mustNotContain(t, got, `id="grid"`, `id="totals"`, ">Склад<") // the page's ids, the parent column
	q := srv.sent(api.TypeQuery)
	if len(q) != 1 || !strings.Contains(q[0], `"catalog":"warehouse_bindings"`) || !strings.Contains(q[0], `"of":"w1"`) {
		t.Fatalf("queries %v, want one of w1's bindings", q)
	}

	// Create from the tab: the binding's card, the parent given.
	doOn(disp, card, func() { card.openChild(tabCatalog(bindingsCatalog), ""); card.Update() })
	got = html(card)
	mustTag(t, got, `id="card"`, `data-mode="edit"`)
	mustContain(t, got, "Склад 1", `id="f-doc_type"`)
	mustNotContain(t, got, `id="f-warehouse"`) // read-only: shown, not edited
	if n := srv.sent(api.TypeNew); len(n) != 1 || !strings.Contains(n[0], `"of":"w1"`) {
		t.Fatalf("new %v, want one through w1's tab", n)
	}
	// What the binding's card saves: its own fields, through the tab.
	st := state.NewCard(card.child.Catalog)
	st.StartNew(card.child.Open.Values, card.child.Open.Labels)
	st.Set("doc_type", "order")
	st.Set("org_object", state.Ref{ID: "p1", Label: "ТП Иванов"})
	req, ok := st.Save()
	if !ok {
		t.Fatalf("the binding's draft: %v", st.Errors)
	}
	doOn(disp, card, func() { tabHost{card}.write(api.TypeSave, "", req, func(api.Record, error) {}) })
	s := srv.sent(api.TypeSave)
	if len(s) != 1 || !strings.Contains(s[0], `"of":"w1"`) || strings.Contains(s[0], `"warehouse"`) {
		t.Fatalf("saves %v, want one through w1's tab without a warehouse of its own", s)
	}
	if card.child == nil || card.child.Open.ID != "b3" {
		t.Fatalf("after the create the child's card shows %+v", card.child)
	}
	// Closing it shows the warehouse's card again, on the tab, asked anew.
	doOn(disp, card, func() { tabHost{card}.closeCard() })
	got = html(card)
	mustTag(t, got, `id="card"`, `data-id="w1"`)
	if q := srv.sent(api.TypeQuery); len(q) != 2 {
		t.Fatalf("%d queries after the child's save, want the tab's grid asked again", len(q))
	}
}

// The tab is a full grid: its quick search, totals row and export ask
// for the parent's rows only (Of), the search and the visible columns
// included, under ids of its own.
func TestChildGridSearchTotalsExport(t *testing.T) {
	srv := &warehouseServer{}
	link := &Link{}
	link.setSocket(&fakeSocket{handle: srv.handle})
	grid := &ChildGrid{Lang: "ru", Catalog: tabCatalog(bindingsCatalog), Parent: "w1", Link: link, OnOpen: func(string) {}}
	disp := app.NewClientTester(grid)
	t.Cleanup(disp.Close)
	settle(disp)
	got := html(grid)
	mustContain(t, got, `id="child-search-warehouse_bindings"`, `id="child-export-xlsx-warehouse_bindings"`, `id="child-export-csv-warehouse_bindings"`)
	mustTag(t, got, `id="totals-warehouse_bindings"`, `role="row"`)
	mustContain(t, got, `id="totals-warehouse_bindings-fn-doc_type"`)
	mustNotContain(t, got, `id="totals"`, `id="grid-search"`, `id="total-fn-doc_type"`)

	doOn(disp, grid, func() { grid.search = "возв"; grid.onSearchEnter() })
	mustTag(t, html(grid), `id="grid-warehouse_bindings"`, `data-search="возв"`)
	q := srv.sent(api.TypeQuery)
	if last := q[len(q)-1]; !strings.Contains(last, `"of":"w1"`) || !strings.Contains(last, `"search":"возв"`) {
		t.Fatalf("query after the search %s, want w1's bindings matching it", last)
	}

	doOn(disp, grid, func() { grid.onTotal("doc_type", api.AggCount) })
	tr := srv.sent(api.TypeTotals)
	if len(tr) != 1 || !strings.Contains(tr[0], `"of":"w1"`) || !strings.Contains(tr[0], `"search":"возв"`) {
		t.Fatalf("totals %v, want one of w1's bindings matching the search", tr)
	}
	mustTag(t, html(grid), `id="totals-warehouse_bindings"`, `data-rev="1"`)

	ex, _ := json.Marshal(grid.exportRequest(api.ExportCSV))
	for _, want := range []string{`"of":"w1"`, `"search":"возв"`, `"columns":["doc_type","org_object"]`, `"format":"csv"`} {
		if !strings.Contains(string(ex), want) {
			t.Errorf("export %s, want %s", ex, want)
		}
	}
}
