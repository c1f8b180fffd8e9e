package state

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"webtool/server/api"
)

// personCatalog is a card with the faults one save must report together: a
// required field, a number, a date and a list with a required cell.
var personCatalog = &api.Catalog{
	Key: "people", TitleField: "name",
	Fields: []api.Field{
		{Key: "name", Type: api.FieldText, Required: true},
		{Key: "email", Type: api.FieldText},
		{Key: "factor", Type: api.FieldNumber},
		{Key: "since", Type: api.FieldDate, Default: api.DefaultToday},
		{Key: "parent", Type: api.FieldRef},
		{Key: "pin", Type: api.FieldPin},
		{Key: "people", Type: api.FieldList, Columns: []api.Field{
			{Key: "person", Type: api.FieldRef, Required: true},
			{Key: "from", Type: api.FieldDate, Required: true, Default: api.DefaultToday},
		}},
	},
}

func mustCard(t *testing.T) *Card {
	t.Helper()
	c := NewCard(personCatalog)
	kyiv, err := time.LoadLocation("Europe/Kyiv")
	if err != nil {
		kyiv = time.FixedZone("EET", 2*3600)
	}
	c.Loc = kyiv
	// 23:30 UTC is already the next day in Kyiv.
	c.Now = func() time.Time { return time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC) }
	c.Load(api.Record{ID: "p1", Version: 3, Values: map[string]any{
		"name": "Ann", "factor": 2.0, "parent": "r1",
		"people": []any{map[string]any{"person": "e1", "from": "2026-01-01"}},
	}, Labels: map[string]string{"parent": "Root", "people.0.person": "Bob"}})
	return c
}

// What the client cannot read is still sent, as typed, so the server's
// rules run in the same round; the client's own findings win for their
// keys when merged with the server's answer.
func TestCardSendsEverythingAndMergesErrors(t *testing.T) {
	c := mustCard(t)
	c.StartEdit()
	c.Set("name", "")
	c.Set("factor", "lots")
	c.Set("email", "ann@")
	c.AddRow("people")
	req, ok := c.Save()
	if ok {
		t.Fatal("Save found nothing wrong")
	}
	if got, want := req.Values["factor"], any("lots"); got != want {
		t.Errorf("factor sent as %#v, want %#v (as typed)", got, want)
	}
	if v, sent := req.Values["name"]; !sent || v != nil {
		t.Errorf("empty required name sent as %#v (sent %v), want nil", v, sent)
	}
	rows, _ := req.Values["people"].([]any)
	if len(rows) != 2 {
		t.Fatalf("people sent as %#v, want both rows", req.Values["people"])
	}
	if c.Errors != nil {
		t.Errorf("errors shown before the server answered: %v", c.Errors)
	}
	c.Failed(&api.Error{Code: api.CodeValidation,
		Fields: map[string]api.Code{"name": "required", "email": "bad_email", "factor": "bad_value", "people": "required"},
		Args:   map[string]string{"email": "x"}})
	want := map[string]api.Code{
		"name": "required", "email": "bad_email", "factor": "bad_value",
		"people": "bad_value", "people.1.person": "required",
	}
	if !reflect.DeepEqual(c.Errors, want) {
		t.Errorf("errors = %v, want %v", c.Errors, want)
	}
	if got, want := c.ErrorKeys(), []string{"name", "email", "factor", "people.1.person", "people"}; !slices.Equal(got, want) {
		t.Errorf("ErrorKeys = %q, want %q", got, want)
	}
	// The new row's date started as today in the user's zone.
	if got := c.Rows("people")[1]["from"]; got != "2026-11-23" {
		t.Errorf("new row's from = %v, want today in Kyiv", got)
	}

	// Offline: what the client found still shows.
	c.Set("name", "Ann")
	c.Save()
	c.Errors = nil
	if c.Failed(&api.Error{Code: api.CodeUnavailable}) {
		t.Error("unavailable shown on the card")
	}
	if c.Errors["factor"] != "bad_value" || c.Errors["people.1.person"] != "required" {
		t.Errorf("errors after a failure without fields = %v", c.Errors)
	}
}

func TestErrorKeysOrderCellsByRowAndColumn(t *testing.T) {
	c := mustCard(t)
	c.Errors = map[string]api.Code{
		"people.10.person": "x", "people.2.from": "x", "people.2.person": "x", "people": "x",
		"zz": "x", "name": "x", "aa": "x",
	}
	want := []string{"name", "people.2.person", "people.2.from", "people.10.person", "people", "aa", "zz"}
	if got := c.ErrorKeys(); !slices.Equal(got, want) {
		t.Errorf("ErrorKeys = %q, want %q", got, want)
	}
	if f := c.FieldOfKey("people.2.from"); f == nil || f.Key != "from" {
		t.Errorf("FieldOfKey(cell) = %+v", f)
	}
	if f := c.FieldOf("people.2.from"); f == nil || f.Key != "people" {
		t.Errorf("FieldOf(cell) = %+v", f)
	}
	if f := c.FieldOf("aa"); f != nil {
		t.Errorf("FieldOf(stray) = %+v", f)
	}
}

func TestNewCardDefaults(t *testing.T) {
	c := mustCard(t)
	c.StartNew(map[string]any{"name": "X"}, nil)
	if got := c.Draft["since"]; got != "2026-11-23" {
		t.Errorf("since = %v, want today in Kyiv", got)
	}
	if c.Dirty() {
		t.Error("a new card is dirty before the user typed")
	}
	c.StartNew(map[string]any{"since": "2026-01-05"}, nil)
	if got := c.Draft["since"]; got != "2026-01-05" {
		t.Errorf("since = %v, want the server's value", got)
	}
}

// "Keep mine" after a stale save: the other user's change to another field
// survives, the user's changed fields win, and the save is based on the
// new version.
func TestConflictStaleAndRebase(t *testing.T) {
	c := mustCard(t)
	c.StartEdit()
	c.Set("email", "ann@example.com")
	c.Set("factor", "5")
	c.Save()
	if !c.Failed(&api.Error{Code: api.CodeConflict, Args: map[string]string{"by": "bob", "at": "2026-11-20T10:00:00Z"}}) {
		t.Fatal("conflict not shown on the card")
	}
	theirs := api.Record{ID: "p1", Version: 4, ChangedBy: "bob", Values: map[string]any{
		"name": "Ann B.", "factor": 3.0, "parent": "r1",
		"people": []any{map[string]any{"person": "e1", "from": "2026-01-01"}},
	}, Labels: map[string]string{"parent": "Root", "people.0.person": "Bob"}}
	c.Stale(theirs)
	want := []ConflictField{{Key: "name"}, {Key: "factor", Mine: true}}
	if !reflect.DeepEqual(c.Conflict.Fields, want) {
		t.Errorf("conflict fields = %+v, want %+v", c.Conflict.Fields, want)
	}
	if v, labels := c.DraftValue("parent"); v != "r1" || labels["parent"] != "Root" {
		t.Errorf("DraftValue(parent) = %v %v", v, labels)
	}
	c.Rebase(*c.Conflict.Theirs)
	req, ok := c.Save()
	if !ok || req.Version != 4 {
		t.Fatalf("rebased save: ok %v version %d", ok, req.Version)
	}
	if req.Values["name"] != "Ann B." || req.Values["email"] != "ann@example.com" || req.Values["factor"] != 5.0 {
		t.Errorf("rebased values = %v", req.Values)
	}
	if c.Conflict != nil || !c.Dirty() {
		t.Errorf("after rebase: conflict %v dirty %v", c.Conflict, c.Dirty())
	}
}

func TestDraftSnapshotAndRestore(t *testing.T) {
	c := mustCard(t)
	if _, ok := c.Snapshot(time.Unix(100, 0)); ok {
		t.Error("a draft of a card in view mode")
	}
	c.StartEdit()
	if _, ok := c.Snapshot(time.Unix(100, 0)); ok {
		t.Error("a draft with no change")
	}
	c.Set("email", "ann@example.com ")
	c.Set("parent", Ref{ID: "r2", Label: "Other"})
	c.NewPin("pin", "123456")
	c.AddRow("people")
	c.SetCell("people", 1, "person", Ref{ID: "e2", Label: "Eve"})
	d, ok := c.Snapshot(time.Unix(100, 0))
	if !ok || d.ID != "p1" || d.Version != 3 || d.Title != "Ann" || d.Catalog != "people" {
		t.Fatalf("snapshot = %+v", d)
	}
	if _, kept := d.Fields["pin"]; kept {
		t.Error("a PIN kept in the browser's storage")
	}
	s, ok := EncodeDraft(d)
	if !ok {
		t.Fatal("draft too big")
	}
	back, ok := DecodeDraft(s)
	if !ok {
		t.Fatalf("decode %s", s)
	}

	// Another session opens the same version: every change comes back.
	c2 := mustCard(t)
	if c2.Restore(back) {
		t.Error("conflict restoring onto the same version")
	}
	if c2.Mode != Edit || c2.Draft["email"] != "ann@example.com " || c2.Draft["parent"] != (Ref{"r2", "Other"}) {
		t.Errorf("restored draft = %v", c2.Draft)
	}
	if rows := c2.Rows("people"); len(rows) != 2 || rows[1]["person"] != (Ref{"e2", "Eve"}) {
		t.Errorf("restored rows = %v", rows)
	}

	// The record changed meanwhile: email by someone else too (a clash),
	// factor only by them (kept as they saved it).
	c3 := NewCard(personCatalog)
	c3.Load(api.Record{ID: "p1", Version: 5, ChangedBy: "bob", Values: map[string]any{
		"name": "Ann", "email": "bob@example.com", "factor": 9.0, "parent": "r1",
		"people": []any{map[string]any{"person": "e1", "from": "2026-01-01"}},
	}})
	if !c3.Restore(back) {
		t.Fatal("no conflict restoring onto a version where another user changed the same field")
	}
	if got := c3.Conflict.Fields; len(got) != 1 || got[0].Key != "email" || !c3.Conflict.Restored {
		t.Errorf("conflict = %+v", c3.Conflict)
	}
	if c3.Draft["email"] != "ann@example.com " || c3.Draft["factor"] != "9" {
		t.Errorf("draft after restore = %v", c3.Draft)
	}
	c3.TakeTheirs()
	if c3.Draft["email"] != "bob@example.com" || c3.Conflict != nil {
		t.Errorf("after TakeTheirs: %v %v", c3.Draft["email"], c3.Conflict)
	}

	if _, ok := DecodeDraft(`{"c":"x"}`); ok {
		t.Error("decoded a draft without fields")
	}
	if _, ok := DecodeDraft("garbage"); ok {
		t.Error("decoded garbage")
	}
}

func TestDraftKeys(t *testing.T) {
	for _, tt := range []struct{ catalog, id string }{{"personnel", "p1"}, {"org_structure", ""}} {
		key := DraftKey("ann", tt.catalog, tt.id)
		cat, id, ok := DraftOf("ann", key)
		if !ok || cat != tt.catalog || id != tt.id {
			t.Errorf("DraftOf(%q) = %q %q %v", key, cat, id, ok)
		}
		if _, _, ok := DraftOf("bob", key); ok {
			t.Errorf("bob reads ann's draft %q", key)
		}
	}
	if _, _, ok := DraftOf("", DraftKey("", "c", "1")); ok {
		t.Error("a draft of nobody")
	}
}
