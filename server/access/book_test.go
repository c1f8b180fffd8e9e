package access_test

import (
	"slices"
	"testing"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/store"
	"webtool/server/store/storetest"
)

var testRights = access.RightInfos([]api.RightInfo{{Key: "sales", Label: api.LocalText{RU: "Продажи", EN: "Sales"}}}, nil)

func mustBook(tb testing.TB, db store.Store) *access.Book {
	tb.Helper()
	b, err := access.OpenBook(db, testRights)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

func mustPut(tb testing.TB, db store.Store, r access.Role) access.Role {
	tb.Helper()
	var out access.Role
	if err := db.Update(func(tx *store.Tx) (err error) { out, err = access.PutRole(tx, r); return err }); err != nil {
		tb.Fatal(err)
	}
	return out
}

func TestBookReload(t *testing.T) {
	db := storetest.MustOpen(t)
	b := mustBook(t, db)
	if got := len(b.Roles()); got != 3 {
		t.Fatalf("a new book has %d roles, want the 3 built-in", got)
	}
	r := mustPut(t, db, access.Role{Key: "sales_lead", Label: api.LocalText{RU: "Руководитель продаж"},
		Default: access.Read, Catalogs: map[string]access.Level{"local_outlets": access.Edit},
		Rights: []string{"loader.sales", api.RightExport, api.RightExport}})
	if r.Version != 1 || !slices.Equal(r.Rights, []string{api.RightExport, "loader.sales"}) {
		t.Fatalf("stored %+v: want version 1, rights sorted once", r)
	}
	b.Set(r)
	p := b.Principal("u", []string{"sales_lead"}, []string{"D1"})
	if p.Level("local_outlets") != access.Edit || p.Level("outlets") != access.Read || !p.Has("loader.sales") || p.Has(api.RightPinGenerate) {
		t.Errorf("principal of a stored role: levels %v/%v, rights %v", p.Level("local_outlets"), p.Level("outlets"), p.Rights())
	}

	// A new book on the same store reads the role back.
	again := mustBook(t, db)
	got, ok := again.Role("sales_lead")
	if !ok || got.Version != 1 || got.Catalogs["local_outlets"] != access.Edit || got.Label.RU != "Руководитель продаж" {
		t.Fatalf("reloaded %+v %v", got, ok)
	}
	if keys := roleKeys(again.Roles()); !slices.Equal(keys, []string{"admin", "key_user", "viewer", "sales_lead"}) {
		t.Errorf("roles %v: built-in first, then by key", keys)
	}

	// Rights the book no longer knows are dropped on load.
	fewer, err := access.OpenBook(db, access.RightInfos(nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := fewer.Role("sales_lead"); !slices.Equal(got.Rights, []string{api.RightExport}) {
		t.Errorf("rights after the loader went: %v", got.Rights)
	}

	// Forget and delete.
	if err := db.Update(func(tx *store.Tx) error { return access.DeleteRole(tx, "sales_lead") }); err != nil {
		t.Fatal(err)
	}
	b.Forget("sales_lead")
	if _, ok := b.Role("sales_lead"); ok {
		t.Error("forgotten role still there")
	}
	if p := b.Principal("u", []string{"sales_lead"}, nil); p.Level("outlets") != access.None || len(p.Rights()) != 0 {
		t.Error("a forgotten role still grants")
	}
	if _, ok := mustBook(t, db).Role("sales_lead"); ok {
		t.Error("deleted role reloaded")
	}
}

func TestBookStaleSet(t *testing.T) {
	db := storetest.MustOpen(t)
	b := mustBook(t, db)
	v1 := mustPut(t, db, access.Role{Key: "r1", Label: api.LocalText{RU: "Один"}, Default: access.Read})
	v2 := mustPut(t, db, access.Role{Key: "r1", Label: api.LocalText{RU: "Два"}, Default: access.Edit})
	b.Set(v2)
	b.Set(v1) // a Set that lost the race with a later commit
	if got, _ := b.Role("r1"); got.Version != 2 || got.Default != access.Edit {
		t.Errorf("book holds %+v, want version 2", got)
	}
}

func TestBuiltinNotOverridable(t *testing.T) {
	db := storetest.MustOpen(t)
	// A stored role under a built-in key (an old file, a hand edit) is
	// ignored, and PutRole refuses to write one.
	if err := db.EnsureBuckets(store.Roles); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *store.Tx) error {
		return tx.Put(store.Roles, "viewer", map[string]any{"key": "viewer", "default": "delete", "rights": []string{api.RightAdminUsers}})
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *store.Tx) error {
		_, err := access.PutRole(tx, access.Role{Key: "admin", Default: access.None})
		return err
	}); err == nil {
		t.Error("PutRole stored a built-in role")
	}
	b := mustBook(t, db)
	b.Set(access.Role{Key: "admin", Default: access.None})
	v, _ := b.Role("viewer")
	if !v.BuiltIn || v.Default != access.Read || slices.Contains(v.Rights, api.RightAdminUsers) {
		t.Errorf("viewer overridden: %+v", v)
	}
	a, _ := b.Role("admin")
	if a.Default != access.Delete || !a.AllSyncPoints {
		t.Errorf("admin overridden: %+v", a)
	}
	// The book's built-in roles list the rights their rule grants among
	// those it knows.
	if !slices.Contains(a.Rights, "loader.sales") || len(a.Rights) != len(testRights) {
		t.Errorf("admin rights %v", a.Rights)
	}
	if k, _ := b.Role("key_user"); !slices.Contains(k.Rights, "loader.sales") || slices.Contains(k.Rights, api.RightAdminUsers) {
		t.Errorf("key user rights %v", k.Rights)
	}
	// What the book hands out is a copy.
	k, _ := b.Role("key_user")
	k.Catalogs["outlets"] = access.Delete
	if again, _ := b.Role("key_user"); again.Catalogs["outlets"] != access.Read {
		t.Error("changing a returned role changed the book")
	}
}

func TestScope(t *testing.T) {
	db := storetest.MustOpen(t)
	b := mustBook(t, db)
	all := mustPut(t, db, access.Role{Key: "auditor", Label: api.LocalText{RU: "Аудитор"}, Default: access.Read, AllSyncPoints: true})
	b.Set(all)
	p := b.Principal("u", []string{"viewer", "auditor"}, []string{"D1"})
	if !p.AllSyncPoints() || !p.Sees("D9") || !p.Sees("") {
		t.Error("a stored role with AllSyncPoints does not lift the scope")
	}
	q := b.Principal("u", []string{"viewer"}, []string{"D1"})
	if q.AllSyncPoints() || !q.Sees("D1") || q.Sees("D2") {
		t.Error("viewer scope wrong")
	}
}

func roleKeys(rs []access.Role) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Key)
	}
	return out
}
