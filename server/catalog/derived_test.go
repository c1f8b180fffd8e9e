package catalog_test

import (
	"path/filepath"
	"slices"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// A position's employee is its current primary person, and the MM user's
// and route's lookup fields follow it: when the position's bindings
// change, when the MM user moves to another position, and with the
// calendar. The copies keep their record's version and audit trail, and
// reach the image and the change feed.
func TestLookupFieldsFollow(t *testing.T) {
	f, _ := tenantFixture(t)
	p1, p2 := f.id["p1"], f.id["p2"]
	employee := func(catalog, name string) any {
		t.Helper()
		return f.refsGet(t, admin, catalog, name).Values["employee"]
	}
	if employee("org_structure", "pos1") != p1 || employee("mm_users", "mm1") != p1 || employee("routes", "r1") != p1 {
		t.Fatalf("loaded: position %v, MM user %v, route %v; want p1", employee("org_structure", "pos1"), employee("mm_users", "mm1"), employee("routes", "r1"))
	}
	mm1 := f.refsGet(t, admin, "mm_users", "mm1")
	if mm1.Labels["employee"] != "Kovalenko Olena" {
		t.Errorf("MM user's employee shown as %q", mm1.Labels["employee"])
	}
	history := func(catalog, name string) int {
		h, err := f.svc.History(admin, api.HistoryRequest{Catalog: catalog, ID: f.id[name]})
		if err != nil {
			t.Fatal(err)
		}
		return len(h.Entries)
	}
	mmHistory := history("mm_users", "mm1")

	// p1 hands the position over to p2 at the start of July.
	pos1 := f.refsGet(t, admin, "org_structure", "pos1")
	f.changes = nil
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", ID: pos1.ID, Version: pos1.Version, Values: map[string]any{"people": []any{
		map[string]any{"person": p1, "primary": true, "from": "2026-01-01", "to": "2026-06-30"},
		map[string]any{"person": p2, "primary": true, "from": "2026-07-01"}}}}); err != nil {
		t.Fatal(err)
	}
	if employee("org_structure", "pos1") != p2 || employee("mm_users", "mm1") != p2 || employee("routes", "r1") != p2 {
		t.Fatalf("after the handover: position %v, MM user %v, route %v; want p2", employee("org_structure", "pos1"), employee("mm_users", "mm1"), employee("routes", "r1"))
	}
	after := f.refsGet(t, admin, "mm_users", "mm1")
	if after.Version != mm1.Version || after.ChangedAt != mm1.ChangedAt || history("mm_users", "mm1") != mmHistory {
		t.Errorf("the copy was written as an edit: version %d→%d, changed %s→%s", mm1.Version, after.Version, mm1.ChangedAt, after.ChangedAt)
	}
	var told []string
	for _, c := range f.changes {
		if c.Catalog != "org_structure" {
			told = append(told, c.Catalog+":"+c.IDs[0])
		}
	}
	slices.Sort(told)
	if want := []string{"mm_users:" + f.id["mm1"], "routes:" + f.id["r1"]}; !slices.Equal(told, want) {
		t.Errorf("changes published %v, want %v", told, want)
	}
	// The image has it: the grid filters and searches the new employee.
	got := f.query(t, admin, api.QueryRequest{Catalog: "mm_users", Filter: api.Filter{All: []api.Condition{{Field: "employee", Op: api.OpIn, Values: []any{p2}}}}})
	if got.Total != 1 || got.Rows[0].ID != f.id["mm1"] {
		t.Errorf("MM users of employee p2: %+v", got.Rows)
	}
	if n := f.query(t, admin, api.QueryRequest{Catalog: "mm_users", Filter: api.Filter{Search: "Melnyk"}}).Total; n != 1 {
		t.Errorf("MM users found by the new employee's name: %d", n)
	}

	// The MM user moves to a position of p1's.
	f.refsLoad(t, "org_structure", []string{"pos3"}, map[string]any{"name": "ТП 3", "code": "P3", "type": "position", "parent": f.id["dist1"],
		"distributor": f.id["D1"], "people": []any{map[string]any{"person": p1, "primary": true, "from": "2026-01-01"}}})
	rec, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "mm_users", ID: after.ID, Version: after.Version, Values: map[string]any{"org_object": f.id["pos3"]}})
	if err != nil || rec.Values["employee"] != p1 || rec.Labels["employee"] != "Kovalenko Olena" {
		t.Fatalf("MM user moved to pos3: %v %v", rec.Values, err)
	}
	// A lookup field is the server's: a save may not set it.
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "mm_users", ID: rec.ID, Version: rec.Version, Values: map[string]any{"employee": p2}})
	if fe := fieldErrors(t, err); fe["employee"] != api.FieldReadOnly {
		t.Errorf("setting the lookup field: %v", fe)
	}

	// The calendar: p2's binding is the primary one until the new year,
	// p1's after; the hourly purge brings the employee in step.
	pos3 := f.refsGet(t, admin, "org_structure", "pos3")
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", ID: pos3.ID, Version: pos3.Version, Values: map[string]any{"people": []any{
		map[string]any{"person": p2, "primary": true, "from": "2026-01-01", "to": "2026-12-31"},
		map[string]any{"person": p1, "primary": true, "from": "2027-01-01"}}}}); err != nil {
		t.Fatal(err)
	}
	if employee("mm_users", "mm1") != p2 {
		t.Fatalf("before the new year: %v, want p2", employee("mm_users", "mm1"))
	}
	f.clock = time.Date(2027, 1, 2, 9, 0, 0, 0, time.UTC)
	if _, err := f.svc.Purge(); err != nil {
		t.Fatal(err)
	}
	if employee("org_structure", "pos3") != p1 || employee("mm_users", "mm1") != p1 {
		t.Errorf("after the new year: position %v, MM user %v; want p1", employee("org_structure", "pos3"), employee("mm_users", "mm1"))
	}
}

// A store written before the lookups existed gets them at Open.
func TestOpenFillsMissingDerivedValues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	var older []*catalog.Def
	for _, d := range catalog.Definitions() {
		d.Derive = nil
		d.Fields = slices.DeleteFunc(d.Fields, func(f api.Field) bool { return f.Key == "employee" })
		d.Columns = slices.DeleteFunc(d.Columns, func(c string) bool { return c == "employee" })
		older = append(older, d)
	}
	open := func(defs []*catalog.Def) (*store.DB, *catalog.Service) {
		db, err := store.Open(path, store.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		svc, err := catalog.Open(db, defs, func() time.Time { return now })
		if err != nil {
			t.Fatal(err)
		}
		return db, svc
	}
	db, svc := open(older)
	dists, _ := svc.Load("distributors", []map[string]any{{"code": "D1", "name": "Кава Трейд"}}, "test")
	people, err := svc.Load("personnel", []map[string]any{{"last_name": "Melnyk", "first_name": "Ivan", "employer_type": "distributor", "distributor": dists[0]}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	pos, err := svc.Load("org_structure", []map[string]any{{"name": "ТП 1", "type": "position", "distributor": dists[0],
		"people": []any{map[string]any{"person": people[0], "primary": true, "from": "2026-01-01"}}}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	mm, err := svc.Load("mm_users", []map[string]any{{"org_object": pos[0], "login": "melnyk"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	db, svc = open(catalog.Definitions())
	defer db.Close()
	got, err := svc.Get(admin, "mm_users", mm[0])
	if err != nil || got.Values["employee"] != people[0] || got.Version != 1 {
		t.Fatalf("MM user after the upgrade: %+v, %v", got, err)
	}
	if n := svc.Count("mm_users"); n != 1 {
		t.Fatalf("%d MM users", n)
	}
	res, err := svc.Query(t.Context(), admin, api.QueryRequest{Catalog: "mm_users", Filter: api.Filter{Search: "Melnyk"}, Limit: 10})
	if err != nil || res.Total != 1 {
		t.Errorf("search by the employee after the upgrade: %+v, %v", res, err)
	}
}
