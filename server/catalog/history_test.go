package catalog_test

import (
	"testing"

	"webtool/server/api"
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
		{Field: "outlet", To: f.id["shop"], ToLabel: "Магазин Лилия"},
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
