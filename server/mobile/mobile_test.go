package mobile_test

import (
	"testing"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/catalog/catalogtest"
	"webtool/server/mobile"
	"webtool/server/store/storetest"
)

// A check's history entry on the MM user's card names the device, as the
// mobile module declares: the catalog knows nothing of its actions.
func TestHistoryNamesTheDevice(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC) }
	db := storetest.MustOpen(t)
	cat, pins := catalogtest.MustOpen(t, db, now)
	m := mobile.New(db, cat, pins, mobile.Config{Lockout: auth.Lockout{Attempts: 5, Window: time.Minute}, GuessesPerMinute: 100}, now)

	person, err := cat.Load("personnel", []map[string]any{{"last_name": "Ivanov", "first_name": "Ivan", "employer_type": "distributor"}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	pos, err := cat.Load("org_structure", []map[string]any{{"name": "ТП 1", "type": "position",
		"people": []any{map[string]any{"person": person[0], "primary": true, "from": "2026-01-01"}}}}, "test")
	if err != nil {
		t.Fatal(err)
	}
	admin := access.NewPrincipal("admin", []string{"admin"}, nil)
	gen, err := cat.PinGenerate(admin, "", api.PinGenerateRequest{Catalog: mobile.Catalog, Field: "pin"})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := cat.Save(admin, "", api.SaveRequest{Catalog: mobile.Catalog, Values: map[string]any{"org_object": pos[0], "login": "ivanov", "pin": gen.Pin}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Bind(api.MobileBindRequest{Pin: gen.Pin, Device: "phone-A"}, "10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	h, err := cat.History(admin, api.HistoryRequest{Catalog: mobile.Catalog, ID: rec.ID, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Entries) != 1 || h.Entries[0].Action != "pin.bind" || h.Entries[0].Detail != "phone-A" {
		t.Fatalf("history = %+v, want the binding by phone-A", h.Entries)
	}
}
