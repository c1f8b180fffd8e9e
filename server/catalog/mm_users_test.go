package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/pin"
)

// mmFixture is the catalog fixture with PINs configured and two positions
// of distributor D1.
func mmFixture(t *testing.T) (*fixture, *pin.Service) {
	t.Helper()
	f := mustFixture(t)
	keys, err := pin.NewKeys(make([]byte, pin.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	pins, err := pin.New(f.db, keys, 6, func() time.Time { return f.clock })
	if err != nil {
		t.Fatal(err)
	}
	f.svc.SetSecret(pins)
	ids, err := f.svc.Load("org_structure", []map[string]any{
		{"name": "ТП 1", "type": "position", "parent": f.id["dist1"], "distributor": f.id["D1"],
			"people": []any{map[string]any{"person": f.id["p1"], "primary": true, "from": "2026-01-01"}}},
		{"name": "ТП 2", "type": "position", "parent": f.id["dist1"], "distributor": f.id["D1"],
			"people": []any{map[string]any{"person": f.id["p2"], "primary": true, "from": "2026-01-01"}}},
	}, "test")
	if err != nil {
		t.Fatal(err)
	}
	f.id["pos1"], f.id["pos2"] = ids[0], ids[1]
	return f, pins
}

func (f *fixture) generate(t *testing.T, p access.Principal, id string) string {
	t.Helper()
	g, err := f.svc.PinGenerate(p, "test", api.PinGenerateRequest{Catalog: "mm_users", ID: id, Field: "pin"})
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Pin) != 6 || g.Length != 6 {
		t.Fatalf("generated %+v", g)
	}
	return g.Pin
}

func TestMMUserPinLifecycle(t *testing.T) {
	f, pins := mmFixture(t)
	key := f.key("D1")
	viewer := access.NewPrincipal("viewer", []string{"viewer"}, []string{f.id["D1"]})
	p1 := f.generate(t, key, "")
	rec, err := f.svc.Save(key, "test", api.SaveRequest{Catalog: "mm_users", Values: map[string]any{
		"org_object": f.id["pos1"], "login": "ivanov", "pin": p1, "mm_number": "stale-device"}})
	if err != nil {
		t.Fatal(err)
	}
	v := rec.Values
	if v["pin"] != true || v["distributor"] != f.id["D1"] || v["status"] != "active" || v["pin_issued_by"] != "keyuser" ||
		v["pin_issued_at"] != "2026-11-23T10:00:00Z" || v["mm_number"] != nil {
		t.Fatalf("saved MM user = %v", v)
	}
	// Everyone sees only that a PIN is set; only the MM-users right reveals it.
	got, err := f.svc.Get(viewer, "mm_users", rec.ID)
	if err != nil || got.Values["pin"] != true {
		t.Fatalf("viewer Get = %v, %v", got.Values, err)
	}
	if r, err := f.svc.PinReveal(key, "test", api.PinRevealRequest{Catalog: "mm_users", ID: rec.ID, Field: "pin"}); err != nil || r.Pin != p1 {
		t.Fatalf("reveal = %+v, %v; want %s", r, err, p1)
	}
	for name, err := range map[string]error{
		"reveal": func() error {
			_, err := f.svc.PinReveal(viewer, "", api.PinRevealRequest{Catalog: "mm_users", ID: rec.ID, Field: "pin"})
			return err
		}(),
		"generate": func() error {
			_, err := f.svc.PinGenerate(viewer, "", api.PinGenerateRequest{Catalog: "mm_users", ID: rec.ID, Field: "pin"})
			return err
		}(),
	} {
		if code(err) != api.CodeForbidden {
			t.Errorf("viewer %s: %v, want forbidden", name, err)
		}
	}

	// A position has one MM user, and the error names it.
	p2 := f.generate(t, key, "")
	_, err = f.svc.Save(key, "test", api.SaveRequest{Catalog: "mm_users", Values: map[string]any{
		"org_object": f.id["pos1"], "login": "petrov", "pin": p2}})
	var e *api.Error
	if !errors.As(err, &e) || e.Fields["org_object"] != api.FieldPositionTaken || e.Args["org_object"] != "ivanov" {
		t.Fatalf("second MM user of a position: %+v", err)
	}
	_, err = f.svc.Save(key, "test", api.SaveRequest{Catalog: "mm_users", Values: map[string]any{
		"org_object": f.id["dist1"], "login": "petrov", "pin": p2}})
	if fe := fieldErrors(t, err); fe["org_object"] != api.FieldNotPosition {
		t.Fatalf("MM user on a distributor node: %v", fe)
	}
	// The reservation survived the refusals: fixing the position saves.
	second, err := f.svc.Save(key, "test", api.SaveRequest{Catalog: "mm_users", Values: map[string]any{
		"org_object": f.id["pos2"], "login": "petrov", "pin": p2}})
	if err != nil {
		t.Fatal(err)
	}

	// A PIN this user did not get for this record is refused.
	adminPin := f.generate(t, admin, rec.ID)
	forOther := f.generate(t, key, second.ID)
	for _, bad := range []string{"583920", adminPin, forOther, p2} {
		_, err = f.svc.Save(key, "test", api.SaveRequest{Catalog: "mm_users", ID: rec.ID, Version: rec.Version, Values: map[string]any{"pin": bad}})
		if fe := fieldErrors(t, err); fe["pin"] != api.FieldPinNotGenerated {
			t.Fatalf("save with a PIN not generated for it: %v", fe)
		}
	}
	if _, err = f.svc.Save(key, "test", api.SaveRequest{Catalog: "mm_users", ID: rec.ID, Version: rec.Version, Values: map[string]any{"pin": "12ab56"}}); fieldErrors(t, err)["pin"] != api.FieldBadValue {
		t.Fatalf("save with a malformed PIN: %v", err)
	}

	// Rotation: a bound device is cleared, the old PIN is gone from the index.
	rec, err = f.svc.Save(key, "test", api.SaveRequest{Catalog: "mm_users", ID: rec.ID, Version: rec.Version, Values: map[string]any{"mm_number": "phone-1"}})
	if err != nil || rec.Values["mm_number"] != "phone-1" || rec.Values["pin"] != true {
		t.Fatalf("set device: %v, %v", rec.Values, err)
	}
	p3 := f.generate(t, key, rec.ID)
	rec, err = f.svc.Save(key, "test", api.SaveRequest{Catalog: "mm_users", ID: rec.ID, Version: rec.Version, Values: map[string]any{"pin": p3}})
	if err != nil || rec.Values["mm_number"] != nil {
		t.Fatalf("regenerate: %v, %v", rec.Values, err)
	}
	if ref, _ := pins.Lookup(p1); ref != "" {
		t.Fatalf("old PIN still indexed to %s", ref)
	}
	if ref, _ := pins.Lookup(p3); ref != "mm_users/"+rec.ID {
		t.Fatalf("new PIN indexed to %q", ref)
	}

	// Pin fields are not filterable, sortable or exportable.
	for _, req := range []api.QueryRequest{
		{Catalog: "mm_users", Limit: 10, Filter: api.Filter{All: []api.Condition{{Field: "pin", Op: api.OpNotEmpty}}}},
		{Catalog: "mm_users", Limit: 10, Sort: []api.SortKey{{Field: "pin"}}},
	} {
		if _, err := f.svc.Query(context.Background(), admin, req); code(err) != api.CodeBadRequest {
			t.Errorf("query %+v: %v, want bad_request", req, err)
		}
	}
	out, err := f.svc.Export(context.Background(), admin, "", api.ExportRequest{Catalog: "mm_users", Columns: []string{"login", "pin"}, Format: api.ExportCSV, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if body := string(out.Body); strings.Contains(body, "PIN") || strings.Contains(body, p3) || !strings.Contains(body, "ivanov") {
		t.Fatalf("export = %q", body)
	}

	// The history tells who generated, saved and revealed, newest first,
	// and never the PIN.
	h, err := f.svc.History(viewer, api.HistoryRequest{Catalog: "mm_users", ID: rec.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range h.Entries {
		actions = append(actions, e.Actor+" "+e.Action)
		shown := fmt.Sprintf("%s %+v", e.Detail, e.Changes)
		for _, p := range []string{p1, p3, adminPin} {
			if strings.Contains(shown, p) {
				t.Fatalf("history entry %+v shows a PIN", e)
			}
		}
	}
	want := "keyuser record.update,keyuser pin.generate,keyuser record.update,admin pin.generate,keyuser pin.reveal,keyuser record.create"
	if got := strings.Join(actions, ","); got != want {
		t.Fatalf("history = %s\nwant      %s", got, want)
	}
	// The change of the PIN is listed, without its values.
	var pinChange *api.HistoryChange
	for i, c := range h.Entries[0].Changes {
		if c.Field == "pin" {
			pinChange = &h.Entries[0].Changes[i]
		}
	}
	if pinChange == nil || pinChange.From != nil || pinChange.To != nil {
		t.Fatalf("update changes = %+v, want the PIN listed as changed, without values", h.Entries[0].Changes)
	}
	if _, err := f.svc.History(f.key("D2"), api.HistoryRequest{Catalog: "mm_users", ID: rec.ID}); code(err) != api.CodeNotFound {
		t.Fatalf("history of a record out of scope: %v", err)
	}
}

// A deleted MM user keeps its PIN in the index until purged, so a restore
// never collides; the purge frees it.
func TestPurgeFreesThePin(t *testing.T) {
	f, pins := mmFixture(t)
	p := f.generate(t, admin, "")
	rec, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "mm_users", Values: map[string]any{"org_object": f.id["pos1"], "login": "ivanov", "pin": p}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Delete(admin, "", api.RecordRef{Catalog: "mm_users", ID: rec.ID, Version: rec.Version}); err != nil {
		t.Fatal(err)
	}
	if ref, _ := pins.Lookup(p); ref == "" {
		t.Fatal("a deleted record's PIN left the index")
	}
	// A deleted user's PIN is neither shown nor replaced: restore it first.
	if _, err := f.svc.PinReveal(admin, "", api.PinRevealRequest{Catalog: "mm_users", ID: rec.ID, Field: "pin"}); code(err) != api.CodeConflict {
		t.Fatalf("reveal on a deleted record: %v, want conflict", err)
	}
	if _, err := f.svc.PinGenerate(admin, "", api.PinGenerateRequest{Catalog: "mm_users", ID: rec.ID, Field: "pin"}); code(err) != api.CodeConflict {
		t.Fatalf("generate on a deleted record: %v, want conflict", err)
	}
	f.clock = f.clock.Add(catalog.RetainDeleted + time.Hour)
	if _, err := f.svc.Purge(); err != nil {
		t.Fatal(err)
	}
	if ref, _ := pins.Lookup(p); ref != "" {
		t.Fatalf("purged PIN still indexed to %s", ref)
	}
}
