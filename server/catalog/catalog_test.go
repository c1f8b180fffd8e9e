package catalog_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

type fixture struct {
	path string
	db   *store.DB
	// tx counts the transactions the service begins (see txCounter).
	tx  *txCounter
	svc *catalog.Service
	// ids of seeded records by a short name
	id      map[string]string
	changes []catalog.Change
	mu      sync.Mutex
	clock   time.Time
}

var (
	admin  = access.NewPrincipal("admin", []string{"admin"}, nil)
	viewer = access.NewPrincipal("viewer", []string{"viewer"}, nil)
)

func (f *fixture) key(sps ...string) access.Principal {
	var ids []string
	for _, s := range sps {
		ids = append(ids, f.id[s])
	}
	return access.NewPrincipal("keyuser", []string{"key_user"}, ids)
}

// mustFixture opens a store with two distributors and a few records of
// each kind.
func mustFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{path: filepath.Join(t.TempDir(), "c.db"), id: map[string]string{}, clock: now}
	f.open(t)
	load := func(catalog string, names []string, rows ...map[string]any) {
		ids, err := f.svc.Load(catalog, rows, "test")
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			f.id[n] = ids[i]
		}
	}
	load("distributors", []string{"D1", "D2"}, map[string]any{"code": "D1", "name": "Кава Трейд"}, map[string]any{"code": "D2", "name": "Харків Дистрибуція"})
	load("outlets", []string{"shop", "rdc", "cafe"},
		map[string]any{"code": "G1", "name": "Магазин Лилия", "subtype": "retail", "region": "kyiv"},
		map[string]any{"code": "G2", "name": "Склад РЦ Киев", "subtype": "rdc", "region": "kyiv"},
		map[string]any{"code": "G3", "name": "Кофейня Сокол", "subtype": "horeca", "region": "kharkiv"})
	load("local_outlets", []string{"lo1", "lo2", "lo3"},
		map[string]any{"local_code": "A1", "name": "Лилия", "distributor": f.id["D1"], "outlet": f.id["shop"]},
		map[string]any{"local_code": "A2", "name": "Без привязки", "distributor": f.id["D1"]},
		map[string]any{"local_code": "A1", "name": "Сокол", "distributor": f.id["D2"]})
	load("personnel", []string{"p1", "p2"},
		map[string]any{"last_name": "Kovalenko", "first_name": "Olena", "full_name": "Kovalenko Olena", "employer_type": "distributor", "distributor": f.id["D1"]},
		map[string]any{"last_name": "Melnyk", "first_name": "Ivan", "full_name": "Melnyk Ivan", "employer_type": "distributor", "distributor": f.id["D1"]})
	load("org_structure", []string{"region"}, map[string]any{"name": "Регион Центр", "type": "region"})
	load("org_structure", []string{"dist1"}, map[string]any{"name": "Кава Трейд", "type": "distributor", "parent": f.id["region"], "distributor": f.id["D1"]})
	load("org_structure", []string{"dist2"}, map[string]any{"name": "Харків", "type": "distributor", "parent": f.id["region"], "distributor": f.id["D2"]})
	f.svc.Subscribe(func(c catalog.Change) { f.mu.Lock(); f.changes = append(f.changes, c); f.mu.Unlock() })
	return f
}

func (f *fixture) open(t *testing.T) {
	t.Helper()
	db, err := store.Open(f.path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tx := &txCounter{Store: db}
	svc, err := catalog.Open(tx, catalog.Definitions(), func() time.Time { return f.clock })
	if err != nil {
		t.Fatal(err)
	}
	f.db, f.tx, f.svc = db, tx, svc
}

func fieldErrors(t *testing.T, err error) map[string]api.Code {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeValidation {
		t.Fatalf("err = %v, want a validation error", err)
	}
	return e.Fields
}

func code(err error) api.Code {
	if err == nil {
		return "ok"
	}
	return api.ErrorCode(err)
}

func (f *fixture) query(t *testing.T, p access.Principal, req api.QueryRequest) api.QueryReply {
	t.Helper()
	if req.Limit == 0 {
		req.Limit = 100
	}
	out, err := f.svc.Query(context.Background(), p, req)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRowScope(t *testing.T) {
	f := mustFixture(t)
	k := f.key("D1")
	got := f.query(t, k, api.QueryRequest{Catalog: "local_outlets"})
	if got.Total != 2 {
		t.Fatalf("key user of D1 counts %d local outlets, want 2", got.Total)
	}
	for _, r := range got.Rows {
		if r.Values["distributor"] != f.id["D1"] {
			t.Fatalf("key user of D1 sees %v", r.Values)
		}
	}
	if all := f.query(t, admin, api.QueryRequest{Catalog: "local_outlets"}); all.Total != 3 {
		t.Fatalf("admin counts %d, want 3", all.Total)
	}
	if _, err := f.svc.Get(k, "local_outlets", f.id["lo3"]); code(err) != api.CodeNotFound {
		t.Fatalf("get another distributor's row: %v, want not_found", err)
	}
	// Another distributor is, to this user, one that does not exist.
	_, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets", Values: map[string]any{"local_code": "X", "name": "X", "distributor": f.id["D2"]}})
	if fe := fieldErrors(t, err); fe["distributor"] != api.FieldNotFound {
		t.Fatalf("save into another distributor: %v", fe)
	}
	// With one sync point the distributor is filled in.
	rec, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets", Values: map[string]any{"local_code": "X", "name": "X"}})
	if err != nil || rec.Values["distributor"] != f.id["D1"] {
		t.Fatalf("create without distributor: %v %v", rec.Values, err)
	}
	choices, _ := f.svc.Lookup(k, api.LookupRequest{Catalog: "distributors"})
	if len(choices.Choices) != 1 || choices.Choices[0].ID != f.id["D1"] {
		t.Fatalf("lookup distributors: %+v", choices)
	}
	// In the tree a key user's roots are their distributor nodes.
	root := ""
	tree := f.query(t, k, api.QueryRequest{Catalog: "org_structure", Parent: &root})
	if tree.Total != 1 || tree.Rows[0].ID != f.id["dist1"] {
		t.Fatalf("key user's tree roots: %+v", tree.Rows)
	}
	if tree := f.query(t, admin, api.QueryRequest{Catalog: "org_structure", Parent: &root}); tree.Total != 1 || tree.Rows[0].Children != 2 {
		t.Fatalf("admin's tree roots: %+v", tree.Rows)
	}
}

func TestRights(t *testing.T) {
	f := mustFixture(t)
	tests := []struct {
		name string
		p    access.Principal
		req  api.SaveRequest
		want api.Code
	}{
		{"viewer cannot edit", viewer, api.SaveRequest{Catalog: "local_outlets", ID: f.id["lo1"], Version: 1, Values: map[string]any{"name": "x"}}, api.CodeForbidden},
		{"key user cannot create global outlets", f.key("D1"), api.SaveRequest{Catalog: "outlets", Values: map[string]any{"code": "G9", "name": "x"}}, api.CodeForbidden},
		{"key user edits local products but cannot create them", f.key("D1"), api.SaveRequest{Catalog: "local_products", Values: map[string]any{"local_code": "x", "name": "x"}}, api.CodeForbidden},
		{"unknown catalog", admin, api.SaveRequest{Catalog: "secrets", Values: map[string]any{}}, api.CodeNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := f.svc.Save(tt.p, "", tt.req); code(err) != tt.want {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
		})
	}
	if _, err := f.svc.Delete(viewer, "", api.RecordRef{Catalog: "local_outlets", ID: f.id["lo2"], Version: 1}); code(err) != api.CodeForbidden {
		t.Fatalf("viewer delete: %v", err)
	}
	nobody := access.NewPrincipal("x", nil, nil)
	if d := f.svc.Describe(nobody); len(d) != 0 {
		t.Fatalf("a user without roles sees %d catalogs", len(d))
	}
	for _, c := range f.svc.Describe(f.key("D1")) {
		if c.Key == "outlets" && (c.Rights.Edit || !c.Rights.Read) {
			t.Fatalf("key user rights on outlets: %+v", c.Rights)
		}
	}
}

func TestPersonnelRules(t *testing.T) {
	f := mustFixture(t)
	save := func(values map[string]any) (api.Record, error) {
		values["distributor"] = f.id["D1"]
		return f.svc.Save(admin, "", api.SaveRequest{Catalog: "personnel", Values: values})
	}
	_, err := save(map[string]any{"last_name": "Коваленко", "first_name": "Olena", "employer_type": "agency"})
	if fe := fieldErrors(t, err); fe["last_name"] != api.FieldLatinOnly {
		t.Fatalf("Cyrillic last name: %v", fe)
	}
	_, err = save(map[string]any{"last_name": "Kovalenko"})
	fe := fieldErrors(t, err)
	if fe["first_name"] != api.FieldRequired || fe["employer_type"] != api.FieldRequired {
		t.Fatalf("missing required fields: %v", fe)
	}
	_, err = save(map[string]any{"last_name": "Bondar", "first_name": "Ivan", "employer_type": "agency", "external_code": "MINE"})
	if fe := fieldErrors(t, err); fe["external_code"] != api.FieldReadOnly {
		t.Fatalf("setting the generated code: %v", fe)
	}
	a, err := save(map[string]any{"last_name": "O'Brien", "first_name": "Anna-Maria", "employer_type": "agency"})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := save(map[string]any{"last_name": "Bondar", "first_name": "Ivan", "employer_type": "agency"})
	ca, cb := a.Values["external_code"], b.Values["external_code"]
	if ca == nil || ca == cb || a.Values["full_name"] != "O'Brien Anna-Maria" {
		t.Fatalf("generated codes %v %v, full name %v", ca, cb, a.Values["full_name"])
	}
}

func TestRDCRules(t *testing.T) {
	f := mustFixture(t)
	base := func(code string) map[string]any {
		return map[string]any{"external_code": code, "name": "РЦ", "activity_type": "coffee", "distributor": f.id["D1"]}
	}
	_, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "rdc", Values: base("G1")})
	if fe := fieldErrors(t, err); fe["external_code"] != api.FieldNotRDC {
		t.Fatalf("RDC on a retail outlet: %v", fe)
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "rdc", Values: base("G404")})
	if fe := fieldErrors(t, err); fe["external_code"] != api.FieldNotRDC {
		t.Fatalf("RDC on no outlet: %v", fe)
	}
	fresh, err := f.svc.New(f.key("D1"), api.NewRequest{Catalog: "rdc"})
	if err != nil || fresh.Values["start_date"] != "2026-11-23" || fresh.Values["end_date"] != "2026-11-30" ||
		fresh.Values["distributor"] != f.id["D1"] || fresh.Labels["distributor"] != "Кава Трейд" || fresh.ID != "" {
		t.Fatalf("a new RDC starts as %+v (%v)", fresh, err)
	}
	if _, err := f.svc.New(viewer, api.NewRequest{Catalog: "rdc"}); code(err) != api.CodeForbidden {
		t.Fatalf("viewer asking for a new record: %v", err)
	}
	rec, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "rdc", Values: base("G2")})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Values["start_date"] != "2026-11-23" || rec.Values["end_date"] != "2026-11-30" || rec.Values["distribute_to_self"] != true {
		t.Fatalf("defaults: %v", rec.Values)
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "rdc", ID: rec.ID, Version: rec.Version, Values: map[string]any{"activity_type": "tea"}})
	if fe := fieldErrors(t, err); fe["activity_type"] != api.FieldFixed {
		t.Fatalf("changing the activity type: %v", fe)
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "rdc", ID: rec.ID, Version: rec.Version, Values: map[string]any{"end_date": "2026-11-01"}})
	if fe := fieldErrors(t, err); fe["end_date"] != api.FieldEndBefore {
		t.Fatalf("end before start: %v", fe)
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "rdc", Values: base("G2")})
	if fe := fieldErrors(t, err); fe["external_code"] != api.FieldUnique {
		t.Fatalf("second RDC on the same outlet: %v", fe)
	}
}

func TestOrgStructureRules(t *testing.T) {
	f := mustFixture(t)
	pos := func(people ...map[string]any) map[string]any {
		list := []any{}
		for _, p := range people {
			list = append(list, p)
		}
		return map[string]any{"name": "ТП 1", "type": "position", "parent": f.id["dist1"], "people": list}
	}
	bind := func(person string, primary bool, from, to string) map[string]any {
		m := map[string]any{"person": f.id[person], "primary": primary, "from": from}
		if to != "" {
			m["to"] = to
		}
		return m
	}
	// A fault of the list is on the list; one of a row, on its cell.
	tests := []struct {
		name   string
		values map[string]any
		key    string
		want   api.Code
	}{
		{"a position needs someone bound", pos(), "people", api.FieldNeedBind},
		{"someone must be primary", pos(bind("p1", false, "2026-01-01", "")), "people", api.FieldNoPrimary},
		{"two primaries at once", pos(bind("p1", true, "2026-01-01", ""), bind("p2", true, "2026-06-01", "")), "people.1.primary", api.FieldOnePrimary},
		{"binding ends before it starts", pos(bind("p1", true, "2026-05-01", "2026-04-01")), "people.0.to", api.FieldEndBefore},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", Values: tt.values})
			if fe := fieldErrors(t, err); fe[tt.key] != tt.want || len(fe) != 1 {
				t.Fatalf("got %v, want %s: %s", fe, tt.key, tt.want)
			}
		})
	}
	// Primaries one after another are fine, and the sync point comes from
	// the parent.
	rec, err := f.svc.Save(f.key("D1"), "", api.SaveRequest{Catalog: "org_structure",
		Values: pos(bind("p1", true, "2026-01-01", "2026-05-31"), bind("p2", true, "2026-06-01", ""))})
	if err != nil {
		t.Fatal(err)
	}
	if rec.Values["distributor"] != f.id["D1"] || rec.Labels["people.0.person"] != "Kovalenko Olena" {
		t.Fatalf("saved position: %v %v", rec.Values, rec.Labels)
	}
	// A node cannot move under its own descendant.
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", ID: f.id["dist1"], Version: 1, Values: map[string]any{"parent": rec.ID}})
	if fe := fieldErrors(t, err); fe["parent"] != api.FieldCycle {
		t.Fatalf("cycle: %v", fe)
	}
	// A person bound to a node cannot be deleted.
	_, err = f.svc.Delete(admin, "", api.RecordRef{Catalog: "personnel", ID: f.id["p1"], Version: 1})
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeInUse || !strings.Contains(e.Args["refs"], "Оргструктура: ТП 1") ||
		e.Args["refs_en"] != strings.Replace(e.Args["refs"], "Оргструктура", "Org structure", 1) {
		t.Fatalf("delete a bound person: %v %+v", err, e)
	}
}

func TestStaleEditRefused(t *testing.T) {
	f := mustFixture(t)
	k := f.key("D1")
	first, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets", ID: f.id["lo2"], Version: 1, Values: map[string]any{"name": "Переименована"}})
	if err != nil || first.Version != 2 {
		t.Fatalf("first save: %v %v", first.Version, err)
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "local_outlets", ID: f.id["lo2"], Version: 1, Values: map[string]any{"name": "Моя версия"}})
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeConflict || e.Args["by"] != "keyuser" || e.Args["at"] == "" {
		t.Fatalf("stale save: %v", err)
	}
	got, _ := f.svc.Get(admin, "local_outlets", f.id["lo2"])
	if got.Values["name"] != "Переименована" {
		t.Fatalf("the stale save overwrote: %v", got.Values["name"])
	}
}

func TestSoftDeleteRestoreAndPurge(t *testing.T) {
	f := mustFixture(t)
	_, err := f.svc.Delete(admin, "", api.RecordRef{Catalog: "distributors", ID: f.id["D1"], Version: 1})
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeInUse || !strings.Contains(e.Args["refs"], "Лилия") {
		t.Fatalf("delete a distributor in use: %v", err)
	}
	del, err := f.svc.Delete(admin, "", api.RecordRef{Catalog: "local_outlets", ID: f.id["lo2"], Version: 1})
	if err != nil || !del.Deleted || del.DeletedBy != "admin" {
		t.Fatalf("delete: %+v %v", del, err)
	}
	if n := f.query(t, admin, api.QueryRequest{Catalog: "local_outlets"}).Total; n != 2 {
		t.Fatalf("deleted row still listed: %d", n)
	}
	if n := f.query(t, admin, api.QueryRequest{Catalog: "local_outlets", Deleted: true}).Total; n != 3 {
		t.Fatalf("show deleted: %d", n)
	}
	// While it is deleted someone reuses its code; restoring would clash.
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "local_outlets", Values: map[string]any{"local_code": "A2", "name": "Новая", "distributor": f.id["D1"]}}); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Restore(admin, "", api.RecordRef{Catalog: "local_outlets", ID: f.id["lo2"], Version: del.Version})
	if fe := fieldErrors(t, err); fe["local_code"] != api.FieldUnique {
		t.Fatalf("restore over a duplicate: %v", fe)
	}
	// Purge keeps what was deleted less than a year ago.
	if n, _ := f.svc.Purge(); n != 0 {
		t.Fatalf("purged %d records deleted today", n)
	}
	f.clock = now.Add(catalog.RetainDeleted + time.Hour)
	if n, _ := f.svc.Purge(); n != 1 {
		t.Fatalf("purged %d, want the one deleted a year ago", n)
	}
	if _, err := f.svc.Get(admin, "local_outlets", f.id["lo2"]); code(err) != api.CodeNotFound {
		t.Fatalf("purged record still there: %v", err)
	}
}

func TestFiltersAndSort(t *testing.T) {
	f := mustFixture(t)
	k := f.key("D1")
	notMapped := f.query(t, k, api.QueryRequest{Catalog: "local_outlets", Filter: api.Filter{All: []api.Condition{{Field: "outlet", Op: api.OpEmpty}}}})
	if notMapped.Total != 1 || notMapped.Rows[0].ID != f.id["lo2"] {
		t.Fatalf("not mapped: %+v", notMapped)
	}
	rdcOrWholesale := f.query(t, admin, api.QueryRequest{Catalog: "outlets", Filter: api.Filter{
		Groups: []api.Group{{Any: []api.Condition{{Field: "subtype", Op: api.OpIn, Values: []any{"rdc"}}, {Field: "subtype", Op: api.OpIn, Values: []any{"horeca"}}}}},
		All:    []api.Condition{{Field: "region", Op: api.OpIn, Values: []any{"kyiv"}}}}})
	if rdcOrWholesale.Total != 1 || rdcOrWholesale.Rows[0].ID != f.id["rdc"] {
		t.Fatalf("(rdc OR horeca) AND kyiv: %+v", rdcOrWholesale)
	}
	search := f.query(t, admin, api.QueryRequest{Catalog: "outlets", Filter: api.Filter{Search: "КОФЕ"}})
	if search.Total != 1 || search.Rows[0].ID != f.id["cafe"] {
		t.Fatalf("search: %+v", search)
	}
	sorted := f.query(t, admin, api.QueryRequest{Catalog: "outlets", Sort: []api.SortKey{{Field: "name", Desc: true}}})
	if sorted.Rows[0].Values["name"] != "Склад РЦ Киев" || sorted.Rows[2].Values["name"] != "Кофейня Сокол" {
		t.Fatalf("sort by name desc: %v, %v, %v", sorted.Rows[0].Values["name"], sorted.Rows[1].Values["name"], sorted.Rows[2].Values["name"])
	}
	if sorted.Rows[0].Labels != nil {
		t.Fatal("outlets have no references to label")
	}
	mapped := f.query(t, k, api.QueryRequest{Catalog: "local_outlets", Filter: api.Filter{All: []api.Condition{{Field: "outlet", Op: api.OpNotEmpty}}}})
	if mapped.Rows[0].Labels["outlet"] != "Магазин Лилия" {
		t.Fatalf("ref label: %+v", mapped.Rows[0].Labels)
	}
	for _, bad := range []api.Condition{{Field: "nope", Op: api.OpEmpty}, {Field: "name", Op: api.OpBetween, Values: []any{"a", "b"}},
		{Field: "region", Op: api.OpIn, Values: []any{"atlantis"}}, {Field: "name", Op: "explode"}} {
		if _, err := f.svc.Query(context.Background(), admin, api.QueryRequest{Catalog: "outlets", Limit: 10, Filter: api.Filter{All: []api.Condition{bad}}}); code(err) != api.CodeBadRequest {
			t.Errorf("condition %+v: %v, want bad_request", bad, err)
		}
	}
}

func TestChangesArePublishedWithScopes(t *testing.T) {
	f := mustFixture(t)
	f.mu.Lock()
	f.changes = nil
	f.mu.Unlock()
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "local_outlets", ID: f.id["lo2"], Version: 1, Values: map[string]any{"distributor": f.id["D2"]}}); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.changes) != 1 || f.changes[0].Catalog != "local_outlets" || len(f.changes[0].Scopes) != 2 {
		t.Fatalf("changes = %+v, want one with the old and new sync point", f.changes)
	}
}

func TestReopenRebuildsTheImage(t *testing.T) {
	f := mustFixture(t)
	if _, err := f.svc.Delete(admin, "", api.RecordRef{Catalog: "local_outlets", ID: f.id["lo2"], Version: 1}); err != nil {
		t.Fatal(err)
	}
	f.db.Close()
	f.open(t)
	if n := f.query(t, admin, api.QueryRequest{Catalog: "local_outlets"}).Total; n != 2 {
		t.Fatalf("after reopen: %d live local outlets, want 2", n)
	}
	var audit []store.AuditRecord
	f.db.View(func(tx *store.Tx) (err error) { audit, err = tx.AuditTail(1); return })
	if audit[0].Action != "record.delete" || audit[0].Target != "local_outlets/"+f.id["lo2"] {
		t.Fatalf("last audit record: %+v", audit[0])
	}
}

func TestBadValues(t *testing.T) {
	f := mustFixture(t)
	_, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "price_lists", Values: map[string]any{
		"code": "P", "name": "P", "currency": "XXX", "valid_from": "23.11.2026", "distributor": f.id["D1"]}})
	fe := fieldErrors(t, err)
	if fe["currency"] != api.FieldBadValue || fe["valid_from"] != api.FieldBadValue {
		t.Fatalf("bad enum and date: %v", fe)
	}
	// Products change only through loaders, whose rows still pass the rules.
	if _, err := f.svc.Load("products", []map[string]any{{"code": "X", "name": "X", "ean": "4820000000001"}}, "loader"); err == nil || !strings.Contains(err.Error(), "ean") {
		t.Fatalf("bad EAN check digit: %v", err)
	}
	if _, err := f.svc.Load("products", []map[string]any{{"code": "X", "name": "X", "ean": "4820000000000"}}, "loader"); err != nil {
		t.Fatalf("good EAN: %v", err)
	}
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "products", Values: map[string]any{"code": "Y", "name": "Y"}}); code(err) != api.CodeForbidden {
		t.Fatalf("admin editing a loader-only catalog: %v", err)
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "local_outlets", Values: map[string]any{"color": "red"}})
	if code(err) != api.CodeBadRequest {
		t.Fatalf("unknown field: %v", err)
	}
}

func TestSmallerRules(t *testing.T) {
	f := mustFixture(t)
	d1 := f.id["D1"]
	pos, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", Values: map[string]any{"name": "ТП", "type": "position", "parent": f.id["dist1"],
		"people": []any{map[string]any{"person": f.id["p1"], "primary": true, "from": "2026-01-01"}}}})
	if err != nil {
		t.Fatal(err)
	}
	save := func(catalog string, v map[string]any) error {
		_, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: catalog, Values: v})
		return err
	}
	if err := save("price_lists", map[string]any{"code": "A", "name": "A", "currency": "UAH", "distributor": d1, "is_default": true}); err != nil {
		t.Fatal(err)
	}
	wh, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "warehouses", Values: map[string]any{"code": "W", "name": "W", "distributor": d1}})
	if err != nil {
		t.Fatal(err)
	}
	if err := save("warehouse_bindings", map[string]any{"warehouse": wh.ID, "doc_type": "order", "org_object": pos.ID}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		catalog string
		values  map[string]any
		field   string
		want    api.Code
	}{
		{"a second default price list", "price_lists", map[string]any{"code": "B", "name": "B", "currency": "UAH", "distributor": d1, "is_default": true}, "is_default", api.FieldUnique},
		{"a price list ending before it starts", "price_lists", map[string]any{"code": "C", "name": "C", "currency": "UAH", "distributor": d1, "valid_from": "2026-05-01", "valid_to": "2026-04-30"}, "valid_to", api.FieldEndBefore},
		{"a warehouse binding twice", "warehouse_bindings", map[string]any{"warehouse": wh.ID, "doc_type": "order", "org_object": pos.ID}, "org_object", api.FieldUnique},
		{"a binding without its org object", "warehouse_bindings", map[string]any{"warehouse": wh.ID, "doc_type": "order"}, "org_object", api.FieldRequired},
		{"visit days that are not days", "routes", map[string]any{"code": "R", "position": pos.ID, "outlet": f.id["lo1"], "distributor": d1, "visit_days": "Пн, потом"}, "visit_days", api.FieldBadDays},
		{"a route on a node that is not a position", "routes", map[string]any{"code": "R", "position": f.id["dist1"], "outlet": f.id["lo1"], "distributor": d1}, "position", api.FieldNotPosition},
		{"a zero unit factor", "local_products", map[string]any{"local_code": "L", "name": "L", "distributor": d1, "unit_factor": 0.0}, "unit_factor", api.FieldNotPositive},
		{"a reference to nothing", "local_outlets", map[string]any{"local_code": "Z", "name": "Z", "distributor": d1, "outlet": "99999999"}, "outlet", api.FieldNotFound},
		{"an e-mail without @", "personnel", map[string]any{"last_name": "A", "first_name": "B", "employer_type": "agency", "distributor": d1, "email": "nobody"}, "email", api.FieldBadEmail},
		{"a code over its length", "local_outlets", map[string]any{"local_code": strings.Repeat("x", 201), "name": "Z", "distributor": d1}, "local_code", api.FieldTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if fe := fieldErrors(t, save(tt.catalog, tt.values)); fe[tt.field] != tt.want {
				t.Fatalf("got %v, want %s: %s", fe, tt.field, tt.want)
			}
		})
	}
	r, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "routes", Values: map[string]any{"code": "R1", "position": pos.ID, "outlet": f.id["lo1"], "distributor": d1, "visit_days": "пт mon 3, Пн"}})
	if err != nil || r.Values["visit_days"] != "Пн, Ср, Пт" {
		t.Fatalf("visit days normalized to %v (%v)", r.Values["visit_days"], err)
	}
}

func TestTotalsOverTheFilteredSet(t *testing.T) {
	f := mustFixture(t)
	var rows []map[string]any
	for i := 1; i <= 40; i++ {
		d := f.id["D1"]
		if i%4 == 0 {
			d = f.id["D2"]
		}
		rows = append(rows, map[string]any{"local_code": fmt.Sprintf("L%02d", i), "name": fmt.Sprintf("Товар %d", i), "distributor": d, "unit_factor": float64(i)})
	}
	if _, err := f.svc.Load("local_products", rows, "test"); err != nil {
		t.Fatal(err)
	}
	k := f.key("D1")
	filter := api.Filter{All: []api.Condition{{Field: "unit_factor", Op: api.OpGreater, Values: []any{10.0}}}}
	got, err := f.svc.Totals(k, api.TotalsRequest{Catalog: "local_products", Filter: filter, Totals: []api.Total{
		{Field: "unit_factor", Fn: api.AggSum}, {Field: "unit_factor", Fn: api.AggAvg}, {Field: "unit_factor", Fn: api.AggMin},
		{Field: "unit_factor", Fn: api.AggMax}, {Field: "name", Fn: api.AggCount}}})
	if err != nil {
		t.Fatal(err)
	}
	// The same set computed independently: D1's rows (not every 4th) over 10.
	var sum, n, lo, hi float64 = 0, 0, 1e9, 0
	for i := 11; i <= 40; i++ {
		if i%4 != 0 {
			x := float64(i)
			sum, n, lo, hi = sum+x, n+1, min(lo, x), max(hi, x)
		}
	}
	want := []any{sum, sum / n, lo, hi, int64(n)}
	for i, w := range want {
		if got.Totals[i].Value != w {
			t.Errorf("%s: %v, want %v", got.Totals[i].Fn, got.Totals[i].Value, w)
		}
	}
	for _, bad := range []api.Total{{Field: "name", Fn: api.AggSum}, {Field: "unit_factor", Fn: "median"}, {Field: "nope", Fn: api.AggSum}} {
		if _, err := f.svc.Totals(k, api.TotalsRequest{Catalog: "local_products", Totals: []api.Total{bad}}); code(err) != api.CodeBadRequest {
			t.Errorf("total %+v: %v, want bad_request", bad, err)
		}
	}
	// Dates take min and max, in their own form.
	dates, err := f.svc.Totals(admin, api.TotalsRequest{Catalog: "price_lists", Totals: []api.Total{{Field: "valid_from", Fn: api.AggMin}}})
	if err != nil || dates.Totals[0].Value != nil || dates.Totals[0].Rows != 0 {
		t.Fatalf("min date over no rows: %+v %v", dates, err)
	}
}

func TestExport(t *testing.T) {
	f := mustFixture(t)
	k := f.key("D1")
	req := api.ExportRequest{Catalog: "local_outlets", Columns: []string{"name", "local_code", "outlet"}, Format: api.ExportCSV, Lang: "ru",
		Sort: []api.SortKey{{Field: "local_code", Desc: true}}}
	out, err := f.svc.Export(context.Background(), k, "10.0.0.1", req)
	if err != nil {
		t.Fatal(err)
	}
	want := "\uFEFFНазвание;Код дистрибьютора;Торговая точка ГО\r\nБез привязки;A2;\r\nЛилия;A1;Магазин Лилия · G1\r\n"
	if got := string(out.Body); got != want || out.Rows != 2 || out.Name != "Локальные торговые точки.csv" {
		t.Fatalf("csv %q (%d rows, %q), want %q", got, out.Rows, out.Name, want)
	}
	req.Format, req.Lang = api.ExportXLSX, "en"
	out, err = f.svc.Export(context.Background(), k, "", req)
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(out.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetName(0))
	if len(rows) != 3 || strings.Join(rows[0], "|") != "Name|Distributor's code|Global outlet" || strings.Join(rows[2], "|") != "Лилия|A1|Магазин Лилия · G1" {
		t.Fatalf("xlsx rows %q", rows)
	}
	var audit []store.AuditRecord
	f.db.View(func(tx *store.Tx) (err error) { audit, err = tx.AuditTail(1); return })
	if audit[0].Action != "record.export" || audit[0].Actor != "keyuser" {
		t.Fatalf("export not audited: %+v", audit[0])
	}
	for _, bad := range []api.ExportRequest{
		{Catalog: "local_outlets", Columns: []string{"name"}, Format: "pdf"},
		{Catalog: "local_outlets", Columns: []string{"secret"}, Format: "csv"},
		{Catalog: "local_outlets", Format: "csv"},
	} {
		if _, err := f.svc.Export(context.Background(), k, "", bad); code(err) != api.CodeBadRequest {
			t.Errorf("export %+v: %v, want bad_request", bad, err)
		}
	}
}

func TestExportOverTheLimitWritesNothing(t *testing.T) {
	f := mustFixture(t)
	var rows []map[string]any
	for i := range api.MaxExport + 1 {
		rows = append(rows, map[string]any{"code": fmt.Sprintf("X%06d", i), "name": "Точка"})
	}
	if _, err := f.svc.Load("outlets", rows, "test"); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Export(context.Background(), admin, "", api.ExportRequest{Catalog: "outlets", Columns: []string{"code"}, Format: api.ExportCSV})
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeTooManyRows || e.Args["count"] != "10004" {
		t.Fatalf("export of 10,004 rows: %v %+v", err, e)
	}
	// Narrowed below the limit it goes through.
	out, err := f.svc.Export(context.Background(), admin, "", api.ExportRequest{Catalog: "outlets", Columns: []string{"code"}, Format: api.ExportCSV,
		Filter: api.Filter{All: []api.Condition{{Field: "code", Op: api.OpStartsWith, Values: []any{"X001"}}}}})
	if err != nil || out.Rows != 1000 {
		t.Fatalf("narrowed export: %d rows, %v", out.Rows, err)
	}
}

// Saving or deleting a record someone else deleted meanwhile is refused
// naming who deleted it and when, as every conflict does.
func TestConflictNamesTheDeleter(t *testing.T) {
	f := mustFixture(t)
	lo1 := f.id["lo1"]
	cur, err := f.svc.Get(admin, "local_outlets", lo1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Delete(f.key("D1"), "", api.RecordRef{Catalog: "local_outlets", ID: lo1, Version: cur.Version}); err != nil {
		t.Fatal(err)
	}
	_, saveErr := f.svc.Save(admin, "", api.SaveRequest{Catalog: "local_outlets", ID: lo1, Version: cur.Version,
		Values: map[string]any{"name": "Поздно"}})
	_, delErr := f.svc.Delete(admin, "", api.RecordRef{Catalog: "local_outlets", ID: lo1, Version: cur.Version + 1})
	for name, err := range map[string]error{"save": saveErr, "delete again": delErr} {
		var e *api.Error
		if !errors.As(err, &e) || e.Code != api.CodeConflict || e.Args["by"] != "keyuser" || e.Args["at"] == "" {
			t.Errorf("%s: %v (%+v), want a conflict naming keyuser and a time", name, err, e)
		}
	}
}
