package catalog_test

import (
	"testing"

	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// A change reads as field changes in the card's field order, with the names
// of referenced records, not as the stored diff.
func TestHistoryListsFieldChanges(t *testing.T) {
	f := mustFixture(t)
	p := f.key("D1")
	lo2 := f.id["lo2"]
	cur, err := f.svc.Get(p, "local_outlets", lo2)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Save(p, "", api.SaveRequest{Catalog: "local_outlets", ID: lo2, Version: cur.Version,
		Values: map[string]any{"outlet": f.id["shop"], "name": "Лилия-2"}}); err != nil {
		t.Fatal(err)
	}
	h, err := f.svc.History(p, api.HistoryRequest{Catalog: "local_outlets", ID: lo2})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Entries) == 0 || h.Entries[0].Action != "record.update" {
		t.Fatalf("history %+v, want the update first", h.Entries)
	}
	got := h.Entries[0]
	want := []api.HistoryChange{
		{Field: "name", From: "Без привязки", To: "Лилия-2"},
		{Field: "outlet", To: f.id["shop"], ToLabel: "Магазин Лилия · G1"},
	}
	if got.Detail != "" || len(got.Changes) != len(want) {
		t.Fatalf("update entry %+v, want changes %+v", got, want)
	}
	for i, c := range want {
		if got.Changes[i] != c {
			t.Errorf("change %d = %+v, want %+v", i, got.Changes[i], c)
		}
	}
}

// The history shows the detail of an audit action only as the service that
// writes it declared (the mobile module's device checks, for one): an
// undeclared detail may hold words meant for an operator.
func TestHistoryRendersDeclaredActions(t *testing.T) {
	f := mustFixture(t)
	lo1 := f.id["lo1"]
	err := f.svc.Amend("local_outlets", lo1, func(r *catalog.Record) (bool, store.AuditRecord, error) {
		return false, store.AuditRecord{Actor: "mobile:ivanov", Action: "test.check", Target: "local_outlets/" + lo1, Result: "ok", Detail: "phone-A"}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	detail := func() string {
		t.Helper()
		h, err := f.svc.History(admin, api.HistoryRequest{Catalog: "local_outlets", ID: lo1, Limit: 1})
		if err != nil || len(h.Entries) != 1 || h.Entries[0].Action != "test.check" {
			t.Fatalf("history %+v, %v; want the check first", h.Entries, err)
		}
		return h.Entries[0].Detail
	}
	if got := detail(); got != "" {
		t.Fatalf("undeclared action shows detail %q", got)
	}
	f.svc.RenderHistory("test.check", func(a store.AuditRecord) string { return "device " + a.Detail })
	if got, want := detail(), "device phone-A"; got != want {
		t.Fatalf("declared action shows %q, want %q", got, want)
	}
}
