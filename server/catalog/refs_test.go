package catalog_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"webtool/server/access"
	"webtool/server/api"
)

// refsLoad loads rows into catalog and names their ids in f.id.
func (f *fixture) refsLoad(t *testing.T, catalog string, names []string, rows ...map[string]any) {
	t.Helper()
	ids, err := f.svc.Load(catalog, rows, "test")
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range names {
		f.id[n] = ids[i]
	}
}

// refsGet reads record name of catalog as p.
func (f *fixture) refsGet(t *testing.T, p access.Principal, catalog, name string) api.Record {
	t.Helper()
	r, err := f.svc.Get(p, catalog, f.id[name])
	if err != nil {
		t.Fatalf("get %s %s: %v", catalog, name, err)
	}
	return r
}

// Every reference a record holds, in a field or a list's cell, comes with
// the code and owner of the record referred to, on Get and Query alike.
func TestRefsCarryCodeAndOwner(t *testing.T) {
	f, key := tenantFixture(t)
	f.refsLoad(t, "outlets", []string{"berezka"}, map[string]any{"code": "G103", "name": "АЗС «Берёзка» №103", "city": "Киев", "subtype": "retail"})
	lo1 := f.refsGet(t, admin, "local_outlets", "lo1")
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "local_outlets", ID: lo1.ID, Version: lo1.Version,
		Values: map[string]any{"outlet": f.id["berezka"]}}); err != nil {
		t.Fatal(err)
	}
	p1 := f.refsGet(t, admin, "personnel", "p1")
	empCode, _ := p1.Values["external_code"].(string)
	if !strings.HasPrefix(empCode, "EMP-") {
		t.Fatalf("p1's code %q", empCode)
	}

	lo1 = f.refsGet(t, key, "local_outlets", "lo1")
	if got, want := lo1.Refs["outlet"], (api.RefInfo{Code: "G103", Owner: "Киев"}); got != want {
		t.Errorf("local outlet's outlet: %+v, want %+v", got, want)
	}
	if got, want := lo1.Refs["distributor"], (api.RefInfo{Code: "D1"}); got != want {
		t.Errorf("local outlet's distributor: %+v, want %+v", got, want)
	}
	// A list's cells are keyed like their labels; the owner of a position
	// is its parent node.
	pos1 := f.refsGet(t, key, "org_structure", "pos1")
	if got, want := pos1.Refs["people.0.person"], (api.RefInfo{Code: empCode, Owner: "Кава Трейд"}); got != want {
		t.Errorf("binding's person: %+v, want %+v", got, want)
	}
	mm1 := f.refsGet(t, key, "mm_users", "mm1")
	if got, want := mm1.Refs["org_object"], (api.RefInfo{Code: "P1", Owner: "Кава Трейд"}); got != want {
		t.Errorf("MM user's position: %+v, want %+v", got, want)
	}
	rows := f.query(t, key, api.QueryRequest{Catalog: "org_structure", Filter: api.Filter{All: []api.Condition{{Field: "code", Op: api.OpEquals, Values: []any{"P1"}}}}}).Rows
	if len(rows) != 1 || rows[0].Refs["people.0.person"] != pos1.Refs["people.0.person"] || rows[0].Refs["parent"] != pos1.Refs["parent"] {
		t.Errorf("query rows %+v, want the refs Get gives", rows)
	}
}

// Code and owner are told only as far as the reader may see: a
// referenced record out of the reader's scope shows its title alone, and
// an owner out of scope gives way to the next owner field (or none).
func TestRefsOutOfScopeTellNothing(t *testing.T) {
	f, key := tenantFixture(t)
	// The distributor node "Кава Трейд" sits under a region node of no
	// sync point: administrators see the region as its owner, the key
	// user its distributor.
	if got := f.refsGet(t, admin, "org_structure", "pos1").Refs["parent"].Owner; got != "Регион Центр" {
		t.Errorf("admin: the position's parent is owned by %q, want the region", got)
	}
	pos1 := f.refsGet(t, key, "org_structure", "pos1")
	if got := pos1.Refs["parent"].Owner; got != "Кава Трейд" {
		t.Errorf("key user: the position's parent is owned by %q, want its distributor", got)
	}
	// The region itself, referred to by the distributor node the key
	// user sees, is out of the key user's scope: its title only.
	dist1 := f.refsGet(t, key, "org_structure", "dist1")
	if info, ok := dist1.Refs["parent"]; ok || dist1.Labels["parent"] != "Регион Центр" {
		t.Errorf("key user: the region is shown as %q with %+v", dist1.Labels["parent"], info)
	}
	for _, r := range []api.Record{pos1, dist1} {
		if b, _ := json.Marshal(r.Refs); strings.Contains(string(b), "Регион Центр") {
			t.Errorf("key user's %s names the hidden region in its refs: %s", r.ID, b)
		}
	}
}

// An export and the history name a reference by "name · code · owner".
func TestRefTextInExportAndHistory(t *testing.T) {
	f := mustFixture(t)
	f.refsLoad(t, "outlets", []string{"berezka"}, map[string]any{"code": "G103", "name": "АЗС «Берёзка» №103", "city": "Киев"})
	k := f.key("D1")
	lo2 := f.refsGet(t, k, "local_outlets", "lo2")
	if _, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets", ID: lo2.ID, Version: lo2.Version,
		Values: map[string]any{"outlet": f.id["berezka"]}}); err != nil {
		t.Fatal(err)
	}
	out, err := f.svc.Export(context.Background(), k, "", api.ExportRequest{Catalog: "local_outlets", Columns: []string{"local_code", "outlet"},
		Format: api.ExportCSV, Lang: "ru", Sort: []api.SortKey{{Field: "local_code"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(out.Body); !strings.Contains(got, "A2;АЗС «Берёзка» №103 · G103 · Киев\r\n") {
		t.Errorf("export %q", got)
	}
	h, err := f.svc.History(k, api.HistoryRequest{Catalog: "local_outlets", ID: lo2.ID})
	if err != nil || len(h.Entries) == 0 {
		t.Fatalf("history %+v, %v", h, err)
	}
	found := false
	for _, c := range h.Entries[0].Changes {
		found = found || c.Field == "outlet" && c.ToLabel == "АЗС «Берёзка» №103 · G103 · Киев"
	}
	if !found {
		t.Errorf("history %+v", h.Entries[0])
	}
}
