package catalog_test

import (
	"context"
	"sync/atomic"
	"testing"

	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// txCounter is the real store with a count of the transactions begun
// through it.
type txCounter struct {
	store.Store
	views, updates atomic.Int64
}

func (c *txCounter) View(fn func(tx *store.Tx) error) error {
	c.views.Add(1)
	return c.Store.View(fn)
}

func (c *txCounter) Update(fn func(tx *store.Tx) error) error {
	c.updates.Add(1)
	return c.Store.Update(fn)
}

func (c *txCounter) reset() { c.views.Store(0); c.updates.Store(0) }

// Every public operation reads, checks and writes in one transaction:
// what a rule reads is what the write goes over, with no gap between
// them (a save's lookups used to run in read transactions of their own
// before its write).
func TestEachOperationIsOneTransaction(t *testing.T) {
	f, _ := mmFixture(t)
	key := f.key("D1")
	version := func(catalog, id string) uint64 {
		t.Helper()
		r, err := f.svc.Get(admin, catalog, id)
		if err != nil {
			t.Fatal(err)
		}
		return r.Version
	}
	rdc := map[string]any{"external_code": "G2", "name": "РЦ", "activity_type": "coffee", "distributor": f.id["D1"]}
	for _, tt := range []struct {
		name           string
		views, updates int64
		want           api.Code
		op             func(ver uint64) error
		catalog, id    string // the record whose version op gets
	}{
		{name: "save an edit", updates: 1, want: "ok", catalog: "local_outlets", id: f.id["lo1"], op: func(v uint64) error {
			_, err := f.svc.Save(key, "", api.SaveRequest{Catalog: "local_outlets", ID: f.id["lo1"], Version: v, Values: map[string]any{"name": "Лилия 2"}})
			return err
		}},
		{name: "create with rules that look records up", updates: 1, want: "ok", op: func(uint64) error {
			_, err := f.svc.Save(key, "", api.SaveRequest{Catalog: "rdc", Values: rdc})
			return err
		}},
		{name: "a refused save", updates: 1, want: api.CodeValidation, op: func(uint64) error {
			_, err := f.svc.Save(key, "", api.SaveRequest{Catalog: "rdc", Values: rdc})
			return err
		}},
		{name: "delete", updates: 1, want: "ok", catalog: "local_outlets", id: f.id["lo2"], op: func(v uint64) error {
			_, err := f.svc.Delete(key, "", api.RecordRef{Catalog: "local_outlets", ID: f.id["lo2"], Version: v})
			return err
		}},
		{name: "restore", updates: 1, want: "ok", catalog: "local_outlets", id: f.id["lo2"], op: func(v uint64) error {
			_, err := f.svc.Restore(key, "", api.RecordRef{Catalog: "local_outlets", ID: f.id["lo2"], Version: v})
			return err
		}},
		{name: "delete a record in use", updates: 1, want: api.CodeInUse, catalog: "distributors", id: f.id["D1"], op: func(v uint64) error {
			_, err := f.svc.Delete(admin, "", api.RecordRef{Catalog: "distributors", ID: f.id["D1"], Version: v})
			return err
		}},
		{name: "generate a PIN", updates: 1, want: "ok", op: func(uint64) error {
			_, err := f.svc.PinGenerate(key, "", api.PinGenerateRequest{Catalog: "mm_users", Field: "pin"})
			return err
		}},
		{name: "new", views: 1, want: "ok", op: func(uint64) error {
			_, err := f.svc.New(key, api.NewRequest{Catalog: "local_outlets", Values: map[string]any{"distributor": f.id["D1"]}})
			return err
		}},
		{name: "get", views: 1, want: "ok", op: func(uint64) error {
			_, err := f.svc.Get(key, "local_outlets", f.id["lo1"])
			return err
		}},
		{name: "get what p may not see", views: 1, want: api.CodeNotFound, op: func(uint64) error {
			_, err := f.svc.Get(key, "local_outlets", f.id["lo3"])
			return err
		}},
		{name: "history", views: 1, want: "ok", op: func(uint64) error {
			_, err := f.svc.History(key, api.HistoryRequest{Catalog: "local_outlets", ID: f.id["lo1"]})
			return err
		}},
		{name: "query", views: 1, want: "ok", op: func(uint64) error {
			_, err := f.svc.Query(context.Background(), key, api.QueryRequest{Catalog: "local_outlets", Limit: 10})
			return err
		}},
		{name: "lookup", views: 1, want: "ok", op: func(uint64) error {
			_, err := f.svc.Lookup(key, api.LookupRequest{Catalog: "local_outlets", Search: "Ли"})
			return err
		}},
		{name: "amend", updates: 1, want: "ok", op: func(uint64) error {
			return f.svc.Amend("local_outlets", f.id["lo1"], func(r *catalog.Record) (bool, store.AuditRecord, error) {
				r.Values["name"] = "Лилия 3"
				return true, store.AuditRecord{Actor: "system", Action: "test.amend", Target: "local_outlets/" + r.ID, Result: "ok"}, nil
			})
		}},
	} {
		var v uint64
		if tt.id != "" {
			v = version(tt.catalog, tt.id)
		}
		f.tx.reset()
		if got := code(tt.op(v)); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
		if views, updates := f.tx.views.Load(), f.tx.updates.Load(); views != tt.views || updates != tt.updates {
			t.Errorf("%s: %d read and %d write transactions, want %d and %d", tt.name, views, updates, tt.views, tt.updates)
		}
	}
}
