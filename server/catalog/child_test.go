package catalog_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// childDefs are a test catalog with two children: order lines, deleted
// with their order, and notes, which keep an order from being deleted.
// Adding a child catalog is this: a description with Parent, a read-only
// scope field, and what deleting the parent does.
func childDefs() []*catalog.Def {
	ref := func(key, cat string, req bool) api.Field {
		return api.Field{Key: key, Type: api.FieldRef, Ref: cat, Required: req}
	}
	scope := api.Field{Key: "distributor", Type: api.FieldRef, Ref: "distributors", ReadOnly: true}
	var dist *catalog.Def
	for _, d := range catalog.Definitions() {
		if d.Key == "distributors" {
			dist = d
		}
	}
	return []*catalog.Def{dist,
		{Key: "orders", TitleField: "no", ScopeField: "distributor",
			Fields: []api.Field{{Key: "no", Type: api.FieldText, Required: true}, ref("distributor", "distributors", true)}},
		{Key: "lines", TitleField: "item", ScopeField: "distributor",
			Parent: &api.ParentLink{Catalog: "orders", Field: "order"}, OnParentDelete: catalog.DeleteChildren,
			Fields: []api.Field{ref("order", "orders", true), {Key: "item", Type: api.FieldText, Required: true},
				{Key: "amount", Type: api.FieldMoney}, scope},
			Unique: [][]string{{"order", "item"}}},
		{Key: "notes", Label: api.LocalText{RU: "Заметки", EN: "Notes"}, TitleField: "text", ScopeField: "distributor",
			Parent: &api.ParentLink{Catalog: "orders", Field: "order"},
			Fields: []api.Field{ref("order", "orders", true), {Key: "text", Type: api.FieldText}, scope}},
	}
}

type childFixture struct {
	svc *catalog.Service
	id  map[string]string
	key access.Principal // sees D1 only
}

// mustChildFixture: orders o1, o2 of D1 and o3 of D2; lines l1, l2 of o1,
// l3 of o2, l4 of o3.
func mustChildFixture(t *testing.T) *childFixture {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "c.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := catalog.Open(db, childDefs(), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	f := &childFixture{svc: svc, id: map[string]string{}}
	load := func(cat string, names []string, rows ...map[string]any) {
		t.Helper()
		ids, err := svc.Load(cat, rows, "test")
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			f.id[n] = ids[i]
		}
	}
	load("distributors", []string{"D1", "D2"}, map[string]any{"code": "D1", "name": "Один"}, map[string]any{"code": "D2", "name": "Два"})
	load("orders", []string{"o1", "o2", "o3"}, map[string]any{"no": "1", "distributor": f.id["D1"]},
		map[string]any{"no": "2", "distributor": f.id["D1"]}, map[string]any{"no": "3", "distributor": f.id["D2"]})
	load("lines", []string{"l1", "l2", "l3", "l4"},
		map[string]any{"order": f.id["o1"], "item": "кофе", "amount": "10.50"}, map[string]any{"order": f.id["o1"], "item": "чай", "amount": "2.00"},
		map[string]any{"order": f.id["o2"], "item": "кофе", "amount": "7.00"}, map[string]any{"order": f.id["o3"], "item": "какао", "amount": "1.00"})
	f.key = access.NewPrincipal("keyuser", []string{"key_user"}, []string{f.id["D1"]})
	return f
}

func (f *childFixture) ids(t *testing.T, p access.Principal, req api.QueryRequest) []string {
	t.Helper()
	req.Limit = 100
	rep, err := f.svc.Query(context.Background(), p, req)
	if err != nil {
		t.Fatalf("query %+v: %v", req, err)
	}
	var out []string
	for _, r := range rep.Rows {
		out = append(out, r.ID)
	}
	return out
}

func (f *childFixture) names(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = f.id[n]
	}
	slices.Sort(out)
	return out
}

// A child catalog is described as one, its parent lists it, and it is not
// in the navigation unless declared.
func TestChildCatalogIsDescribed(t *testing.T) {
	f := mustChildFixture(t)
	var orders, lines *api.Catalog
	for _, c := range f.svc.Describe(f.key) {
		switch c.Key {
		case "orders":
			orders = &c
		case "lines":
			lines = &c
		}
	}
	if orders == nil || lines == nil || lines.Parent == nil || *lines.Parent != (api.ParentLink{Catalog: "orders", Field: "order"}) {
		t.Fatalf("described: orders %+v, lines %+v", orders, lines)
	}
	if len(orders.Children) != 2 || orders.Children[0].Key != "lines" || orders.Children[1].Key != "notes" || !orders.Children[0].Rights.Create {
		t.Fatalf("the parent's child tabs: %+v", orders.Children)
	}
	nav := f.svc.Navigation(f.key, []string{""})
	if got := nav[0].Items; len(got) != 1 || got[0].Key != "orders" {
		t.Fatalf("navigation %+v, want orders without its children", got)
	}
	// A child is never more open than its parent.
	viewer := access.NewPrincipal("v", []string{"viewer"}, nil)
	if _, err := f.svc.Save(viewer, "", api.SaveRequest{Catalog: "lines", Values: map[string]any{"order": f.id["o1"], "item": "x"}}); code(err) != api.CodeForbidden {
		t.Fatalf("a viewer saves a line: %v", err)
	}
}

// Through a parent's tab (Of) a child catalog is queried, totalled and
// exported over that parent's children only, and the row scope comes from
// the parent; a parent the user cannot see is answered like a missing one.
func TestChildQueryScopedByParent(t *testing.T) {
	f := mustChildFixture(t)
	ctx := context.Background()
	if got, want := f.ids(t, f.key, api.QueryRequest{Catalog: "lines", Of: f.id["o1"]}), f.names("l1", "l2"); !slices.Equal(got, want) {
		t.Errorf("lines of o1: %v, want %v", got, want)
	}
	// Without Of, every child the user sees: those of D1's orders.
	if got, want := f.ids(t, f.key, api.QueryRequest{Catalog: "lines"}), f.names("l1", "l2", "l3"); !slices.Equal(got, want) {
		t.Errorf("lines for a user of D1: %v, want %v", got, want)
	}
	if got := f.ids(t, admin, api.QueryRequest{Catalog: "lines"}); len(got) != 4 {
		t.Errorf("admin sees %v", got)
	}
	tot, err := f.svc.Totals(f.key, api.TotalsRequest{Catalog: "lines", Of: f.id["o1"], Totals: []api.Total{{Field: "amount", Fn: api.AggSum}}})
	if err != nil || tot.Totals[0].Value != "12.50" || tot.Totals[0].Rows != 2 {
		t.Errorf("totals of o1's lines: %+v, %v", tot, err)
	}
	exp, err := f.svc.Export(ctx, f.key, "", api.ExportRequest{Catalog: "lines", Of: f.id["o1"], Columns: []string{"item", "amount"}, Format: api.ExportCSV, Lang: "ru"})
	if body := string(exp.Body); err != nil || exp.Rows != 2 || !strings.Contains(body, "чай") || strings.Contains(body, "какао") {
		t.Errorf("export of o1's lines: %d rows %q, %v", exp.Rows, body, err)
	}
	// o3 is D2's: through its tab the user learns exactly what a missing id tells.
	for _, of := range []string{f.id["o3"], missingID()} {
		_, err := f.svc.Query(ctx, f.key, api.QueryRequest{Catalog: "lines", Of: of, Limit: 10})
		_, terr := f.svc.Totals(f.key, api.TotalsRequest{Catalog: "lines", Of: of})
		_, nerr := f.svc.New(f.key, api.NewRequest{Catalog: "lines", Of: of})
		if code(err) != api.CodeNotFound || code(terr) != api.CodeNotFound || code(nerr) != api.CodeNotFound {
			t.Errorf("lines of %s: %v, %v, %v; want not_found", of, err, terr, nerr)
		}
	}
	if _, err := f.svc.Query(ctx, admin, api.QueryRequest{Catalog: "orders", Of: f.id["o1"], Limit: 10}); code(err) != api.CodeBadRequest {
		t.Errorf("Of on a catalog that is no child: %v", err)
	}
}

// Through a parent's tab a new child starts as the parent's (with the
// parent's scope), is saved into it, and no save or delete from there
// touches another parent's children or moves one away.
func TestChildWritesThroughTheTab(t *testing.T) {
	f := mustChildFixture(t)
	o1, o2 := f.id["o1"], f.id["o2"]
	nw, err := f.svc.New(f.key, api.NewRequest{Catalog: "lines", Of: o1})
	if err != nil || nw.Values["order"] != o1 || nw.Values["distributor"] != f.id["D1"] || nw.Labels["order"] != "1" {
		t.Fatalf("new line in o1's tab: %+v, %v", nw, err)
	}
	rec, err := f.svc.Save(f.key, "", api.SaveRequest{Catalog: "lines", Of: o1, Values: map[string]any{"item": "сахар"}})
	if err != nil || rec.Values["order"] != o1 || rec.Values["distributor"] != f.id["D1"] {
		t.Fatalf("create in o1's tab: %+v, %v", rec, err)
	}
	// Into another parent through o1's tab: refused, nothing stored.
	_, err = f.svc.Save(f.key, "", api.SaveRequest{Catalog: "lines", Of: o1, Values: map[string]any{"order": o2, "item": "соль"}})
	if fe := fieldErrors(t, err); fe["order"] != api.FieldFixed {
		t.Errorf("create into o2 through o1's tab: %v", fe)
	}
	_, err = f.svc.Save(f.key, "", api.SaveRequest{Catalog: "lines", Of: o1, ID: rec.ID, Version: rec.Version, Values: map[string]any{"order": o2}})
	if fe := fieldErrors(t, err); fe["order"] != api.FieldFixed {
		t.Errorf("move to o2 through o1's tab: %v", fe)
	}
	// o2's line through o1's tab does not exist, for a save or a delete.
	l3, err := f.svc.Get(f.key, "lines", f.id["l3"])
	if err != nil {
		t.Fatal(err)
	}
	_, serr := f.svc.Save(f.key, "", api.SaveRequest{Catalog: "lines", Of: o1, ID: l3.ID, Version: l3.Version, Values: map[string]any{"item": "x"}})
	_, derr := f.svc.Delete(f.key, "", api.RecordRef{Catalog: "lines", Of: o1, ID: l3.ID, Version: l3.Version})
	if code(serr) != api.CodeNotFound || code(derr) != api.CodeNotFound {
		t.Errorf("o2's line through o1's tab: save %v, delete %v", serr, derr)
	}
	if got, _ := f.svc.Get(f.key, "lines", l3.ID); got.Version != l3.Version || got.Deleted {
		t.Errorf("o2's line changed: %+v", got)
	}
	// The user's own tab may delete its line.
	if _, err := f.svc.Delete(f.key, "", api.RecordRef{Catalog: "lines", Of: o2, ID: l3.ID, Version: l3.Version}); err != nil {
		t.Errorf("delete in o2's tab: %v", err)
	}
}

// A child's row scope is its parent's, whatever the client sent, and
// follows the parent when it moves to another distributor; a child of a
// parent the user cannot see is not found.
func TestChildScopeFollowsTheParent(t *testing.T) {
	f := mustChildFixture(t)
	_, err := f.svc.Save(f.key, "", api.SaveRequest{Catalog: "lines", Values: map[string]any{"order": f.id["o3"], "item": "x"}})
	if fe := fieldErrors(t, err); fe["order"] != api.FieldNotFound {
		t.Errorf("a line of D2's order by a user of D1: %v", fe)
	}
	_, err = f.svc.Save(f.key, "", api.SaveRequest{Catalog: "lines", Values: map[string]any{"order": f.id["o1"], "item": "x", "distributor": f.id["D2"]}})
	if fe := fieldErrors(t, err); fe["distributor"] != api.FieldReadOnly {
		t.Errorf("a line given a scope of its own: %v", fe)
	}
	if _, err := f.svc.Get(f.key, "lines", f.id["l4"]); code(err) != api.CodeNotFound {
		t.Errorf("a line of D2's order: %v", err)
	}
	// o2 moves to D2: its line goes with it.
	o2, _ := f.svc.Get(admin, "orders", f.id["o2"])
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "orders", ID: o2.ID, Version: o2.Version, Values: map[string]any{"distributor": f.id["D2"]}}); err != nil {
		t.Fatal(err)
	}
	if l3, err := f.svc.Get(admin, "lines", f.id["l3"]); err != nil || l3.Values["distributor"] != f.id["D2"] {
		t.Errorf("o2's line after o2 moved to D2: %+v, %v", l3.Values, err)
	}
	if got, want := f.ids(t, f.key, api.QueryRequest{Catalog: "lines"}), f.names("l1", "l2"); !slices.Equal(got, want) {
		t.Errorf("lines for a user of D1 after o2 moved: %v, want %v", got, want)
	}
}

// Deleting a parent is refused while a child catalog that says so has
// live children (naming how many), and deletes the others' children with
// it; restoring it brings back those, not one deleted before on its own.
func TestParentDeleteRefusedCascadedRestored(t *testing.T) {
	f := mustChildFixture(t)
	o1 := f.id["o1"]
	note, err := f.svc.Save(f.key, "", api.SaveRequest{Catalog: "notes", Of: o1, Values: map[string]any{"text": "срочно"}})
	if err != nil {
		t.Fatal(err)
	}
	get := func(cat, name string) api.Record {
		t.Helper()
		r, err := f.svc.Get(admin, cat, f.id[name])
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	order := get("orders", "o1")
	_, err = f.svc.Delete(f.key, "", api.RecordRef{Catalog: "orders", ID: o1, Version: order.Version})
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeInUse || e.Args["refs"] != "Заметки: 1" || e.Args["refs_en"] != "Notes: 1" {
		t.Fatalf("delete an order with a note: %v %+v", err, e)
	}
	if l1 := get("lines", "l1"); l1.Deleted || get("orders", "o1").Deleted {
		t.Fatal("a refused delete deleted something")
	}
	if _, err := f.svc.Delete(f.key, "", api.RecordRef{Catalog: "notes", ID: note.ID, Version: note.Version}); err != nil {
		t.Fatal(err)
	}
	l2 := get("lines", "l2")
	if _, err := f.svc.Delete(f.key, "", api.RecordRef{Catalog: "lines", Of: o1, ID: l2.ID, Version: l2.Version}); err != nil {
		t.Fatal(err)
	}
	del, err := f.svc.Delete(f.key, "", api.RecordRef{Catalog: "orders", ID: o1, Version: order.Version})
	if err != nil {
		t.Fatalf("delete the order: %v", err)
	}
	if l1 := get("lines", "l1"); !l1.Deleted || l1.DeletedBy != "keyuser" {
		t.Errorf("o1's line after o1 was deleted: %+v", l1)
	}
	if got := f.ids(t, f.key, api.QueryRequest{Catalog: "lines", Of: o1}); len(got) != 0 {
		t.Errorf("live lines of the deleted order: %v", got)
	}
	// A line deleted with its order comes back only with it.
	l1 := get("lines", "l1")
	_, err = f.svc.Restore(f.key, "", api.RecordRef{Catalog: "lines", ID: l1.ID, Version: l1.Version})
	if fe := fieldErrors(t, err); fe["order"] != api.FieldNotFound {
		t.Errorf("restore a line of a deleted order: %v", fe)
	}
	if _, err := f.svc.Restore(f.key, "", api.RecordRef{Catalog: "orders", ID: o1, Version: del.Version}); err != nil {
		t.Fatalf("restore the order: %v", err)
	}
	if got, want := f.ids(t, f.key, api.QueryRequest{Catalog: "lines", Of: o1}), f.names("l1"); !slices.Equal(got, want) {
		t.Errorf("o1's live lines after restoring it: %v, want %v (l2 was deleted on its own)", got, want)
	}
}

// A parent's restore that would bring back a child whose unique values
// were taken meanwhile is refused whole, with the child's fault.
func TestParentRestoreRefusedByAChildClash(t *testing.T) {
	f := mustChildFixture(t)
	o1 := f.id["o1"]
	order, _ := f.svc.Get(admin, "orders", o1)
	del, err := f.svc.Delete(admin, "", api.RecordRef{Catalog: "orders", ID: o1, Version: order.Version})
	if err != nil {
		t.Fatal(err)
	}
	// Meanwhile a trusted load put a live "кофе" into o1, which its
	// deleted line l1 has too.
	if _, err := f.svc.Load("lines", []map[string]any{{"order": o1, "item": "кофе"}}, "test"); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Restore(admin, "", api.RecordRef{Catalog: "orders", ID: o1, Version: del.Version})
	if fe := fieldErrors(t, err); fe["lines.item"] != api.FieldUnique {
		t.Errorf("restore over a clash of a child: %v", fe)
	}
	if got, _ := f.svc.Get(admin, "orders", o1); !got.Deleted {
		t.Error("a refused restore restored the order")
	}
}

// The tab's grid is the child catalog's grid: pushes name the child
// catalog, and a parent's delete publishes its children too.
func TestCascadePublishesTheChildren(t *testing.T) {
	f := mustChildFixture(t)
	var got []catalog.Change
	f.svc.Subscribe(func(c catalog.Change) { got = append(got, c) })
	order, _ := f.svc.Get(admin, "orders", f.id["o1"])
	if _, err := f.svc.Delete(admin, "", api.RecordRef{Catalog: "orders", ID: order.ID, Version: order.Version}); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	if len(got) != 2 || got[0].Catalog != "orders" || got[1].Catalog != "lines" || !slices.Equal(got[1].IDs, f.names("l1", "l2")) ||
		!slices.Equal(got[1].Scopes, []string{f.id["D1"]}) {
		t.Errorf("changes %s", b)
	}
}

// oldDefinitions are the catalogs as webtool had them before warehouse
// bindings became a child catalog: a list field of the warehouse.
func oldDefinitions() []*catalog.Def {
	var out []*catalog.Def
	for _, d := range catalog.Definitions() {
		switch d.Key {
		case "warehouse_bindings":
			continue
		case "warehouses":
			d.Fields = append(d.Fields, api.Field{Key: "bindings", Type: api.FieldList, Columns: []api.Field{
				{Key: "doc_type", Type: api.FieldEnum, Required: true, Options: []api.Option{{Key: "order"}, {Key: "return"}}},
				{Key: "org_object", Type: api.FieldRef, Ref: "org_structure", Required: true}}})
		}
		out = append(out, d)
	}
	return out
}

// Opening a store whose warehouses hold bindings as a list turns each row
// into a binding of that warehouse, with its scope, and a deleted
// warehouse's into bindings deleted with it; opening it again changes
// nothing.
func TestBindingsMoveToTheirChildCatalog(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "c.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clock := func() time.Time { return now }
	old, err := catalog.Open(db, oldDefinitions(), clock)
	if err != nil {
		t.Fatal(err)
	}
	load := func(cat string, rows ...map[string]any) []string {
		t.Helper()
		ids, err := old.Load(cat, rows, "test")
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	d := load("distributors", map[string]any{"code": "D1", "name": "Один"}, map[string]any{"code": "D2", "name": "Два"})
	// Distributor nodes: no one need be bound to them (a territory or a
	// position needs a primary person).
	pos := load("org_structure", map[string]any{"name": "ТП 1", "type": "distributor", "distributor": d[0]},
		map[string]any{"name": "ТП 2", "type": "distributor", "distributor": d[1]})
	row := func(doc, org string) map[string]any { return map[string]any{"doc_type": doc, "org_object": org} }
	wh := load("warehouses",
		map[string]any{"code": "W1", "name": "Склад 1", "distributor": d[0], "bindings": []any{row("order", pos[0]), row("return", pos[0])}},
		map[string]any{"code": "W2", "name": "Склад 2", "distributor": d[1], "bindings": []any{row("order", pos[1])}},
		map[string]any{"code": "W3", "name": "Склад 3", "distributor": d[0]})
	w2, _ := old.Get(admin, "warehouses", wh[1])
	if _, err := old.Delete(admin, "", api.RecordRef{Catalog: "warehouses", ID: w2.ID, Version: w2.Version}); err != nil {
		t.Fatal(err)
	}

	type binding struct{ warehouse, doc, org, dist string }
	state := func(svc *catalog.Service) (got []binding, deleted []string) {
		t.Helper()
		rep, err := svc.Query(context.Background(), admin, api.QueryRequest{Catalog: "warehouse_bindings", Deleted: true, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rep.Rows {
			b := binding{r.Values["warehouse"].(string), r.Values["doc_type"].(string), r.Values["org_object"].(string), r.Values["distributor"].(string)}
			got = append(got, b)
			if r.Deleted {
				deleted = append(deleted, b.warehouse)
			}
		}
		slices.SortFunc(got, func(a, b binding) int { return strings.Compare(a.warehouse+a.doc, b.warehouse+b.doc) })
		return got, deleted
	}
	want := []binding{{wh[0], "order", pos[0], d[0]}, {wh[0], "return", pos[0], d[0]}, {wh[1], "order", pos[1], d[1]}}
	var first []string
	for run := 1; run <= 2; run++ {
		svc, err := catalog.Open(db, catalog.Definitions(), clock)
		if err != nil {
			t.Fatalf("open %d: %v", run, err)
		}
		got, deleted := state(svc)
		if !slices.Equal(got, want) || !slices.Equal(deleted, []string{wh[1]}) {
			t.Fatalf("open %d: bindings %v (deleted in %v), want %v (deleted in W2)", run, got, deleted, want)
		}
		for _, id := range wh {
			if w, err := svc.Get(admin, "warehouses", id); err != nil || w.Values["bindings"] != nil {
				t.Fatalf("open %d: warehouse %+v, %v still holds its list", run, w.Values, err)
			}
		}
		ids, _ := svc.IDs("warehouse_bindings")
		if run == 1 {
			first = ids
		} else if !slices.Equal(ids, first) {
			t.Fatalf("the second open made bindings anew: %v, then %v", first, ids)
		}
		if run == 2 {
			// W2's bindings come back with it.
			w2, _ := svc.Get(admin, "warehouses", wh[1])
			if _, err := svc.Restore(admin, "", api.RecordRef{Catalog: "warehouses", ID: w2.ID, Version: w2.Version}); err != nil {
				t.Fatal(err)
			}
			if _, deleted := state(svc); len(deleted) != 0 {
				t.Errorf("bindings still deleted after restoring W2: %v", deleted)
			}
		}
	}
	var converted int
	db.View(func(tx *store.Tx) error {
		tail, err := tx.AuditTail(50)
		for _, a := range tail {
			if a.Action == "catalog.convert" {
				converted++
			}
		}
		return err
	})
	if converted != 1 {
		t.Errorf("%d conversions audited, want 1", converted)
	}
}
