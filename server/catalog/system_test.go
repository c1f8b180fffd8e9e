package catalog_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"webtool/server/access"
	"webtool/server/api"
)

// ids returns the ids of a reply's rows, in order.
func ids(rows []api.Record) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func TestSystemFieldsInEveryCatalog(t *testing.T) {
	f := mustFixture(t)
	for _, c := range f.svc.Describe(admin) {
		for _, key := range []string{api.FieldChangedBy, api.FieldChangedAt} {
			i := slices.IndexFunc(c.Fields, func(fd api.Field) bool { return fd.Key == key })
			if i < 0 {
				t.Errorf("%s has no field %s", c.Key, key)
				continue
			}
			if fd := c.Fields[i]; !fd.ReadOnly || !fd.System {
				t.Errorf("%s.%s: readOnly %v system %v, want both", c.Key, key, fd.ReadOnly, fd.System)
			}
			if slices.Contains(c.Columns, key) {
				t.Errorf("%s shows %s by default", c.Key, key)
			}
		}
	}
	got, err := f.svc.Get(admin, "outlets", f.id["shop"])
	if err != nil {
		t.Fatal(err)
	}
	if got.Values[api.FieldChangedBy] != "test" || got.Values[api.FieldChangedAt] != now.Format(time.RFC3339) {
		t.Fatalf("system values %v %v", got.Values[api.FieldChangedBy], got.Values[api.FieldChangedAt])
	}
	if f.svc.Def("outlets").Field("modified_at") == nil {
		t.Fatal("outlets lost their own modified_at")
	}
}

// TestChangedByMe: one saved filter "changed by me" shows each user the
// rows they changed, because @me is resolved when the query runs.
func TestChangedByMe(t *testing.T) {
	f := mustFixture(t)
	ann := access.NewPrincipal("ann", []string{"key_user"}, []string{f.id["D1"]})
	bob := access.NewPrincipal("bob", []string{"key_user"}, []string{f.id["D1"]})
	for _, e := range []struct {
		p  access.Principal
		id string
	}{{ann, f.id["lo1"]}, {bob, f.id["lo2"]}} {
		if _, err := f.svc.Save(e.p, "", api.SaveRequest{Catalog: "local_outlets", ID: e.id, Version: 1,
			Values: map[string]any{"name": "Правка " + e.p.Login}}); err != nil {
			t.Fatal(err)
		}
	}
	// The filter as a view stores it: through JSON.
	raw, _ := json.Marshal(api.Filter{All: []api.Condition{{Field: api.FieldChangedBy, Op: api.OpEquals, Values: []any{api.UserMe}}}})
	var saved api.Filter
	if err := json.Unmarshal(raw, &saved); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    access.Principal
		want []string
	}{{ann, []string{f.id["lo1"]}}, {bob, []string{f.id["lo2"]}}, {admin, []string{}}} {
		got := f.query(t, tc.p, api.QueryRequest{Catalog: "local_outlets", Filter: saved})
		if g := ids(got.Rows); !slices.Equal(g, tc.want) || got.Total != len(tc.want) {
			t.Errorf("%s: changed by me = %v (total %d), want %v", tc.p.Login, g, got.Total, tc.want)
		}
	}
	// "Not me", a named login, an OR group and a relative date on changed_at.
	notMe := f.query(t, ann, api.QueryRequest{Catalog: "local_outlets", Filter: api.Filter{All: []api.Condition{
		{Field: api.FieldChangedBy, Op: api.OpNotEquals, Values: []any{api.UserMe}}}}})
	if g := ids(notMe.Rows); !slices.Equal(g, []string{f.id["lo2"]}) {
		t.Errorf("ann's rows changed by not her: %v, want bob's", g)
	}
	either := f.query(t, admin, api.QueryRequest{Catalog: "local_outlets", Filter: api.Filter{
		Groups: []api.Group{{Any: []api.Condition{
			{Field: api.FieldChangedBy, Op: api.OpEquals, Values: []any{"ann"}},
			{Field: api.FieldChangedBy, Op: api.OpEquals, Values: []any{"bob"}}}}},
		All: []api.Condition{{Field: api.FieldChangedAt, Op: api.OpToday}}},
		Sort: []api.SortKey{{Field: api.FieldChangedBy, Desc: true}}})
	if g := ids(either.Rows); !slices.Equal(g, []string{f.id["lo2"], f.id["lo1"]}) {
		t.Errorf("ann or bob today, newest login first: %v", g)
	}
	f.clock = now.Add(48 * time.Hour)
	if n := f.query(t, ann, api.QueryRequest{Catalog: "local_outlets", Filter: api.Filter{All: []api.Condition{
		{Field: api.FieldChangedAt, Op: api.OpToday}}}}).Total; n != 0 {
		t.Errorf("two days later %d rows were changed today", n)
	}
	// The lookup behind the filter's list of logins.
	lk, err := f.svc.Lookup(admin, api.LookupRequest{Catalog: "local_outlets", Field: api.FieldChangedBy})
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	for _, c := range lk.Choices {
		logins = append(logins, c.ID)
	}
	slices.Sort(logins)
	if !slices.Equal(logins, []string{"ann", "bob", "test"}) {
		t.Errorf("logins offered: %v", logins)
	}
	// The engine image survives a restart: changed_by comes from the record.
	f.db.Close()
	f.open(t)
	if g := ids(f.query(t, bob, api.QueryRequest{Catalog: "local_outlets", Filter: saved}).Rows); !slices.Equal(g, []string{f.id["lo2"]}) {
		t.Errorf("after reopen bob's rows: %v", g)
	}
}

func TestChangedByIsNotSetByClients(t *testing.T) {
	f := mustFixture(t)
	k := f.key("D1")
	for _, vals := range []map[string]any{
		{"name": "X", api.FieldChangedBy: "someone"},
		{"name": "X", api.FieldChangedAt: "2020-01-01T00:00:00Z"},
	} {
		_, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets", ID: f.id["lo1"], Version: 1, Values: vals})
		fe := fieldErrors(t, err)
		for key := range vals {
			if key != "name" && fe[key] != "read_only" {
				t.Errorf("client-set %s: errors %v, want read_only", key, fe)
			}
		}
	}
	// On create too; and the server's own value is what is kept.
	_, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets",
		Values: map[string]any{"local_code": "N1", "name": "Новая", api.FieldChangedBy: "admin"}})
	if fe := fieldErrors(t, err); fe[api.FieldChangedBy] != "read_only" {
		t.Errorf("create with changed_by: %v", fe)
	}
	got, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets", Values: map[string]any{"local_code": "N1", "name": "Новая"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Values[api.FieldChangedBy] != "keyuser" || got.ChangedBy != "keyuser" {
		t.Errorf("changed_by after create: %v", got.Values[api.FieldChangedBy])
	}
	// Not even its own current value: the system fields are never input.
	again, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets", ID: got.ID, Version: got.Version,
		Values: map[string]any{"name": "Новая 2", api.FieldChangedBy: "keyuser"}})
	if err == nil {
		t.Fatalf("echoing changed_by back was accepted: %v", again.Values)
	}
}
