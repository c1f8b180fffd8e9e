package catalog_test

import (
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

// lookupIDs are the ids a lookup offers, sorted.
func lookupIDs(t *testing.T, f *fixture, p access.Principal, req api.LookupRequest) []string {
	t.Helper()
	reply, err := f.svc.Lookup(p, req)
	if err != nil {
		t.Fatalf("lookup %+v: %v", req, err)
	}
	var out []string
	for _, c := range reply.Choices {
		out = append(out, c.ID)
	}
	slices.Sort(out)
	return out
}

func (f *fixture) ids(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, f.id[n])
	}
	slices.Sort(out)
	return out
}

// A picker that fills a field offers only what the field's limits allow:
// the persons of the node's distributor, positions for an MM user, a
// route's distributor's positions and outlets; a filter (no For) is not
// limited.
func TestLookupForAppliesTheLimits(t *testing.T) {
	f, key := tenantFixture(t)
	d1, d2 := f.id["D1"], f.id["D2"]
	person := func(p access.Principal, vals map[string]any) []string {
		return lookupIDs(t, f, p, api.LookupRequest{Catalog: "personnel",
			For: &api.LookupFor{Catalog: "org_structure", Field: "people.person", Values: vals}})
	}
	if got, want := person(admin, map[string]any{"distributor": d2}), f.ids("p3"); !slices.Equal(got, want) {
		t.Errorf("persons for a node of D2: %v, want %v", got, want)
	}
	if got, want := person(admin, map[string]any{"distributor": d1}), f.ids("p1", "p2"); !slices.Equal(got, want) {
		t.Errorf("persons for a node of D1: %v, want %v", got, want)
	}
	if got, want := person(admin, nil), f.ids("p1", "p2", "p3"); !slices.Equal(got, want) {
		t.Errorf("persons for a node of no distributor: %v, want %v", got, want)
	}
	// The key user's scope still holds: D2 names no one they see.
	if got := person(key, map[string]any{"distributor": d2}); len(got) != 0 {
		t.Errorf("key user: persons of D2 %v", got)
	}
	if got := lookupIDs(t, f, admin, api.LookupRequest{Catalog: "personnel"}); len(got) != 3 {
		t.Errorf("a filter's persons: %v, want all 3", got)
	}

	positions := lookupIDs(t, f, admin, api.LookupRequest{Catalog: "org_structure", For: &api.LookupFor{Catalog: "mm_users", Field: "org_object"}})
	if want := f.ids("pos1", "pos2"); !slices.Equal(positions, want) {
		t.Errorf("MM user positions: %v, want %v", positions, want)
	}
	route := lookupIDs(t, f, admin, api.LookupRequest{Catalog: "org_structure",
		For: &api.LookupFor{Catalog: "routes", Field: "position", Values: map[string]any{"distributor": d2, "code": "R9"}}})
	if want := f.ids("pos2"); !slices.Equal(route, want) {
		t.Errorf("route positions of D2: %v, want %v", route, want)
	}
	outlets := lookupIDs(t, f, admin, api.LookupRequest{Catalog: "local_outlets",
		For: &api.LookupFor{Catalog: "routes", Field: "outlet", Values: map[string]any{"distributor": d1}}})
	if want := f.ids("lo1", "lo2"); !slices.Equal(outlets, want) {
		t.Errorf("route outlets of D1: %v, want %v", outlets, want)
	}
	// A new binding on a warehouse's tab has no distributor yet: it takes
	// the warehouse's, as its save will.
	bindings := lookupIDs(t, f, key, api.LookupRequest{Catalog: "org_structure",
		For: &api.LookupFor{Catalog: "warehouse_bindings", Field: "org_object", Of: f.id["w1"]}})
	if want := f.ids("dist1", "pos1"); !slices.Equal(bindings, want) {
		t.Errorf("org objects for a binding of W1: %v, want %v", bindings, want)
	}
	_, err := f.svc.Lookup(key, api.LookupRequest{Catalog: "org_structure",
		For: &api.LookupFor{Catalog: "warehouse_bindings", Field: "org_object", Of: f.id["w2"]}})
	if code(err) != api.CodeNotFound {
		t.Errorf("a binding of another distributor's warehouse: %v, want not_found", err)
	}

	for _, bad := range []*api.LookupFor{
		{Catalog: "routes", Field: "nothing"},
		{Catalog: "routes", Field: "visit_days"},
		{Catalog: "mm_users", Field: "employee"}, // a lookup field is not picked
		{Catalog: "org_structure", Field: "people.primary"},
		{Catalog: "routes", Field: "position", Values: map[string]any{"distributor": 5.0}},
	} {
		if _, err := f.svc.Lookup(admin, api.LookupRequest{Catalog: "org_structure", For: bad}); code(err) != api.CodeBadRequest {
			t.Errorf("lookup for %+v: %v, want bad_request", bad, err)
		}
	}
	if _, err := f.svc.Lookup(admin, api.LookupRequest{Catalog: "personnel", For: &api.LookupFor{Catalog: "routes", Field: "position"}}); code(err) != api.CodeBadRequest {
		t.Errorf("lookup of another catalog than the field's: %v, want bad_request", err)
	}
	if _, err := f.svc.Lookup(viewer, api.LookupRequest{Catalog: "org_structure", For: &api.LookupFor{Catalog: "secrets", Field: "x"}}); code(err) != api.CodeNotFound {
		t.Errorf("lookup for an unknown catalog: %v, want not_found", err)
	}
}

// A save (and a load) that sets a reference outside its limits is
// refused with FieldLimit; a list's cell fails its list. Changing the
// value a limit compares with checks the reference again; a save that
// changes neither does not.
func TestSaveKeepsToTheLimits(t *testing.T) {
	f, _ := tenantFixture(t)
	d1, d2 := f.id["D1"], f.id["D2"]
	route := func(vals map[string]any) map[string]api.Code {
		t.Helper()
		_, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "routes", Values: vals})
		if err == nil {
			return nil
		}
		return fieldErrors(t, err)
	}
	if fe := route(map[string]any{"code": "R9", "position": f.id["pos2"], "outlet": f.id["lo1"], "distributor": d1}); fe["position"] != api.FieldLimit || fe["outlet"] != "" {
		t.Errorf("a route of D1 on a position of D2: %v", fe)
	}
	if fe := route(map[string]any{"code": "R9", "position": f.id["pos1"], "outlet": f.id["lo3"], "distributor": d1}); fe["outlet"] != api.FieldLimit || fe["position"] != "" {
		t.Errorf("a route of D1 to an outlet of D2: %v", fe)
	}
	if fe := route(map[string]any{"code": "R9", "position": f.id["pos1"], "outlet": f.id["lo1"], "distributor": d1}); fe != nil {
		t.Errorf("a route within its limits: %v", fe)
	}
	// Moving a route to another distributor checks what it points to.
	r1 := f.refsGet(t, admin, "routes", "r1")
	_, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "routes", ID: r1.ID, Version: r1.Version, Values: map[string]any{"distributor": d2}})
	if fe := fieldErrors(t, err); fe["position"] != api.FieldLimit || fe["outlet"] != api.FieldLimit {
		t.Errorf("a route moved to D2: %v", fe)
	}
	// A binding of a person of another distributor fails the list.
	pos1 := f.refsGet(t, admin, "org_structure", "pos1")
	people := []any{
		map[string]any{"person": f.id["p1"], "primary": true, "from": "2026-01-01"},
		map[string]any{"person": f.id["p3"], "from": "2026-01-01"},
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", ID: pos1.ID, Version: pos1.Version, Values: map[string]any{"people": people}})
	if fe := fieldErrors(t, err); fe["people"] != api.FieldLimit {
		t.Errorf("a person of D2 bound to a position of D1: %v", fe)
	}
	people[1] = map[string]any{"person": f.id["p2"], "from": "2026-01-01"}
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", ID: pos1.ID, Version: pos1.Version, Values: map[string]any{"people": people}}); err != nil {
		t.Errorf("a person of D1 bound to a position of D1: %v", err)
	}
	// A binding of a warehouse keeps to the warehouse's distributor.
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "warehouse_bindings", Values: map[string]any{
		"warehouse": f.id["w1"], "doc_type": "return", "org_object": f.id["pos2"]}})
	if fe := fieldErrors(t, err); fe["org_object"] != api.FieldLimit {
		t.Errorf("a binding of W1 (D1) to a position of D2: %v", fe)
	}
	// A trusted load keeps to them too.
	_, err = f.svc.Load("routes", []map[string]any{{"code": "R10", "position": f.id["pos2"], "outlet": f.id["lo1"], "distributor": d1}}, "test")
	if err == nil || !strings.Contains(err.Error(), "position: limit") {
		t.Errorf("load of a route of D1 on a position of D2: %v", err)
	}
	_, err = f.svc.Load("mm_users", []map[string]any{{"org_object": f.id["dist1"], "login": "nobody"}}, "test")
	if err == nil || !strings.Contains(err.Error(), "org_object") {
		t.Errorf("load of an MM user on a node that is not a position: %v", err)
	}
}

// A limit refusal names nothing: no argument, and a record the user
// cannot see is answered as missing, never as out of limits.
func TestLimitRefusalNamesNothing(t *testing.T) {
	f, key := tenantFixture(t)
	save := func(position string) (*api.Error, string) {
		t.Helper()
		_, err := f.svc.Save(key, "", api.SaveRequest{Catalog: "routes", Values: map[string]any{
			"code": "R9", "position": position, "outlet": f.id["lo1"], "distributor": f.id["D3"]}})
		var e *api.Error
		if !errors.As(err, &e) {
			t.Fatalf("save: %v, want a refusal", err)
		}
		b, _ := json.Marshal(e)
		return e, string(b)
	}
	e, _ := save(f.id["pos1"]) // seen, of D1, for a route of D3
	if e.Fields["position"] != api.FieldLimit || len(e.Args) > 0 {
		t.Errorf("a seen position outside the limit: %+v", e)
	}
	_, hidden := save(f.id["pos2"])
	_, missing := save(missingID())
	if hidden != missing {
		t.Errorf("a hidden position:\n got %s\nwant %s (as for none)", hidden, missing)
	}
}

// A picked text (an RDC's external code) is offered from, and checked
// against, the records its pick allows.
func TestPickLookupAndSave(t *testing.T) {
	f, key := tenantFixture(t)
	reply, err := f.svc.Lookup(key, api.LookupRequest{Catalog: "outlets", For: &api.LookupFor{Catalog: "rdc", Field: "external_code"}})
	if err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, c := range reply.Choices {
		values = append(values, c.Value)
	}
	slices.Sort(values)
	if !slices.Equal(values, []string{"G2", "G4"}) {
		t.Errorf("RDC external codes offered: %+v", reply.Choices)
	}

	// With no rule of the catalog at all, the pick alone refuses a wrong
	// code, with the code it declares (FieldNotRDC: the outlet is not an
	// RDC), and takes only the outlet's code exactly as stored.
	defs := catalog.Definitions()
	for _, d := range defs {
		if d.Key == "rdc" {
			d.Rules = nil
		}
	}
	db, err := store.Open(filepath.Join(t.TempDir(), "pick.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := catalog.Open(db, defs, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	dists, _ := svc.Load("distributors", []map[string]any{{"code": "D1", "name": "Кава Трейд"}}, "test")
	if _, err := svc.Load("outlets", []map[string]any{{"code": "G1", "name": "Магазин", "subtype": "retail"}, {"code": "G2", "name": "РЦ", "subtype": "rdc"}}, "test"); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		code string
		want api.Code
	}{{"G1", api.FieldNotRDC}, {"G404", api.FieldNotRDC}, {"g2", api.FieldNotRDC}, {"G2", ""}} {
		_, err := svc.Save(admin, "", api.SaveRequest{Catalog: "rdc", Values: map[string]any{
			"external_code": tt.code, "name": "РЦ", "activity_type": "coffee", "start_date": "2026-11-01", "distributor": dists[0]}})
		var got api.Code
		if err != nil {
			got = fieldErrors(t, err)["external_code"]
		}
		if got != tt.want {
			t.Errorf("RDC on %s: %q (%v), want %q", tt.code, got, err, tt.want)
		}
	}
	if _, err := svc.Load("rdc", []map[string]any{{"external_code": "G1", "name": "РЦ", "activity_type": "coffee", "start_date": "2026-11-01", "distributor": dists[0]}}, "test"); err == nil {
		t.Error("a load of an RDC on a retail outlet passed")
	}
}

// A description that declares an owner, a detail, a limit, a pick or a
// lookup that cannot work is refused at Open, naming what is wrong.
func TestDeclarationsAreChecked(t *testing.T) {
	tests := []struct {
		name   string
		change func(d *catalog.Def)
		want   string
	}{
		{"owner not a field", func(d *catalog.Def) { d.Owner = []string{"town"} }, "owner town"},
		{"owner a list", func(d *catalog.Def) { d.Owner = []string{"people"} }, "owner people"},
		{"detail a ref", func(d *catalog.Def) { d.ChoiceDetail = []string{"parent"} }, "choice detail parent"},
		{"limit on no field", func(d *catalog.Def) { d.Fields[3].Limit = []api.RefLimit{{Field: "colour", Is: "red"}} }, "limit on org_structure.colour"},
		{"limit value no option", func(d *catalog.Def) { d.Fields[3].Limit = []api.RefLimit{{Field: "type", Is: "planet"}} }, `"planet" is not a value`},
		{"limit with both", func(d *catalog.Def) {
			d.Fields[3].Limit = []api.RefLimit{{Field: "distributor", Is: "x", Same: "distributor"}}
		}, "one of Is and Same"},
		{"same of another type", func(d *catalog.Def) { d.Fields[3].Limit = []api.RefLimit{{Field: "distributor", Same: "name"}} }, "different types"},
		{"limit on text", func(d *catalog.Def) { d.Fields[0].Limit = []api.RefLimit{{Field: "name", Is: "x"}} }, "refers to nothing"},
		{"lookup not read-only", func(d *catalog.Def) { d.Fields[5].ReadOnly = false }, "not a read-only copy"},
		{"lookup of another type", func(d *catalog.Def) { d.Fields[5].Lookup = &api.Lookup{Via: "parent", Field: "name"} }, "not a read-only copy"},
		{"lookup via no ref", func(d *catalog.Def) { d.Fields[5].Lookup = &api.Lookup{Via: "code", Field: "employee"} }, "is not a ref field"},
		{"pick of no text", func(d *catalog.Def) { d.Fields[1].Pick = &api.Pick{Catalog: "outlets", Field: "region"} }, "picks from no text field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defs := catalog.Definitions()
			for _, d := range defs {
				if d.Key == "org_structure" {
					if d.Fields[3].Key != "parent" || d.Fields[5].Key != "employee" || d.Fields[1].Key != "code" {
						t.Fatalf("org_structure's fields moved: %v", d.Fields)
					}
					d.Fields[5].Lookup = &api.Lookup{Via: "parent", Field: "employee"} // a legal lookup, to break
					tt.change(d)
				}
			}
			db, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if _, err := catalog.Open(db, defs, func() time.Time { return now }); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("open: %v, want an error with %q", err, tt.want)
			}
		})
	}
}
