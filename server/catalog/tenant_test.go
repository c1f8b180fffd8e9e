package catalog_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// tenantFixture is the catalog fixture with, for every catalog a key user
// saves, records of a distributor the key user sees (D1) and of one it
// does not (D2), and that key user, bound to D1 and D3 (two sync points,
// so Save fills in none).
func tenantFixture(t *testing.T) (*fixture, access.Principal) {
	t.Helper()
	f := mustFixture(t)
	load := func(catalog string, names []string, rows ...map[string]any) {
		t.Helper()
		ids, err := f.svc.Load(catalog, rows, "test")
		if err != nil {
			t.Fatal(err)
		}
		for i, n := range names {
			f.id[n] = ids[i]
		}
	}
	people := func(person string) []any {
		return []any{map[string]any{"person": f.id[person], "primary": true, "from": "2026-01-01"}}
	}
	d1, d2 := f.id["D1"], f.id["D2"]
	load("distributors", []string{"D3"}, map[string]any{"code": "D3", "name": "Третий"})
	load("outlets", []string{"rdc2"}, map[string]any{"code": "G4", "name": "РЦ Харьков", "subtype": "rdc"})
	load("personnel", []string{"p3"}, map[string]any{"last_name": "Shevchenko", "first_name": "Taras", "employer_type": "distributor", "distributor": d2})
	load("org_structure", []string{"pos1", "pos2"},
		map[string]any{"name": "ТП 1", "code": "P1", "type": "position", "parent": f.id["dist1"], "distributor": d1, "people": people("p1")},
		map[string]any{"name": "ТП 2", "code": "P2", "type": "position", "parent": f.id["dist2"], "distributor": d2, "people": people("p3")})
	load("mm_users", []string{"mm1", "mm2"},
		map[string]any{"org_object": f.id["pos1"], "login": "ivanov"}, map[string]any{"org_object": f.id["pos2"], "login": "sidorov"})
	load("local_products", []string{"lp1", "lp2", "lp3"},
		map[string]any{"local_code": "LP1", "name": "Кофе", "distributor": d1}, map[string]any{"local_code": "LP2", "name": "Чай", "distributor": d1},
		map[string]any{"local_code": "LP1", "name": "Какао", "distributor": d2})
	load("rdc", []string{"rdc1", "rdc2"},
		map[string]any{"external_code": "G2", "name": "РЦ Киев", "activity_type": "coffee", "start_date": "2026-01-01", "distributor": d1},
		map[string]any{"external_code": "G4", "name": "РЦ Харьков", "activity_type": "coffee", "start_date": "2026-01-01", "distributor": d2})
	load("routes", []string{"r1", "r2"},
		map[string]any{"code": "R1", "position": f.id["pos1"], "outlet": f.id["lo1"], "distributor": d1},
		map[string]any{"code": "R2", "position": f.id["pos2"], "outlet": f.id["lo3"], "distributor": d2})
	load("warehouses", []string{"w1", "w2"},
		map[string]any{"code": "W1", "name": "Склад 1", "distributor": d1}, map[string]any{"code": "W2", "name": "Склад 2", "distributor": d2})
	// Bindings inherit their warehouse's distributor (none is given here).
	load("warehouse_bindings", []string{"wb1", "wb2"},
		map[string]any{"warehouse": f.id["w1"], "doc_type": "order", "org_object": f.id["pos1"]},
		map[string]any{"warehouse": f.id["w2"], "doc_type": "order", "org_object": f.id["pos2"]})
	load("price_lists", []string{"pl1", "pl2"},
		map[string]any{"code": "PL1", "name": "Основной", "currency": "UAH", "valid_from": "2026-01-01", "distributor": d1, "is_default": true},
		map[string]any{"code": "PL2", "name": "Основной", "currency": "UAH", "valid_from": "2026-01-01", "distributor": d2, "is_default": true})
	return f, f.key("D1", "D3")
}

// hidden returns the live records of a catalog that admin sees and p does
// not.
func (f *fixture) hidden(t *testing.T, p access.Principal, catalog string) []api.Record {
	t.Helper()
	var out []api.Record
	for _, r := range f.query(t, admin, api.QueryRequest{Catalog: catalog, Limit: api.MaxWindow}).Rows {
		if _, err := f.svc.Get(p, catalog, r.ID); code(err) == api.CodeNotFound {
			out = append(out, r)
		}
	}
	return out
}

// sample returns a value that fits field fd; for a reference, a record p
// sees.
func (f *fixture) sample(t *testing.T, p access.Principal, fd api.Field) any {
	t.Helper()
	switch fd.Type {
	case api.FieldRef:
		rows := f.query(t, p, api.QueryRequest{Catalog: fd.Ref, Limit: 1}).Rows
		if len(rows) == 0 {
			t.Fatalf("the fixture has no %s record the key user sees", fd.Ref)
		}
		return rows[0].ID
	case api.FieldEnum:
		return fd.Options[0].Key
	case api.FieldBool:
		return false
	case api.FieldNumber:
		return 1.0
	case api.FieldMoney:
		return "1.00"
	case api.FieldDate:
		return "2026-01-01"
	case api.FieldDateTime:
		return "2026-01-01T00:00:00Z"
	case api.FieldCoords:
		return []any{50.0, 30.0}
	case api.FieldList:
		row := map[string]any{}
		for _, c := range fd.Columns {
			if c.Required {
				row[c.Key] = f.sample(t, p, c)
			}
		}
		return []any{row}
	}
	return "Sample"
}

// missingID is an id no record has.
func missingID() string { return fmt.Sprintf("%08d", 90_000_000+rand.IntN(9_000_000)) }

// saver saves records of one catalog as a key user: new ones where the
// user may create, else changes to one record the user sees. It returns
// the refusal as the client gets it.
type saver struct {
	f      *fixture
	p      access.Principal
	def    *catalog.Def
	target *api.Record // nil: create
}

func newSaver(t *testing.T, f *fixture, p access.Principal, d *catalog.Def, rights api.Rights) *saver {
	s := &saver{f: f, p: p, def: d}
	if !rights.Create {
		rows := f.query(t, p, api.QueryRequest{Catalog: d.Key, Limit: 1}).Rows
		if len(rows) == 0 {
			t.Fatalf("the fixture has no %s record the key user sees", d.Key)
		}
		s.target = &rows[0]
	}
	return s
}

// base is what every save of the catalog starts from: a value for each
// field a new record needs (nothing for a change).
func (s *saver) base(t *testing.T) map[string]any {
	vals := map[string]any{}
	if s.target != nil {
		return vals
	}
	for _, fd := range s.def.Fields {
		if fd.Required && !fd.ReadOnly && fd.Type != api.FieldPin {
			vals[fd.Key] = s.f.sample(t, s.p, fd)
		}
	}
	return vals
}

func (s *saver) save(t *testing.T, vals map[string]any) (*api.Error, []byte) {
	t.Helper()
	req := api.SaveRequest{Catalog: s.def.Key, Values: vals}
	if s.target != nil {
		req.ID, req.Version = s.target.ID, s.target.Version
	}
	rec, err := s.f.svc.Save(s.p, "test", req)
	var e *api.Error
	if !errors.As(err, &e) {
		t.Fatalf("save %s %v: %+v, %v; want a refusal", s.def.Key, vals, rec, err)
	}
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return e, b
}

// keyRights are the key user's rights per catalog.
func keyRights(f *fixture, p access.Principal) map[string]api.Rights {
	out := map[string]api.Rights{}
	for _, c := range f.svc.Describe(p) {
		out[c.Key] = c.Rights
	}
	return out
}

// A reference to a record the user cannot see is answered exactly like a
// reference to an id that does not exist: for every catalog, every
// reference field and every reference column of a list, whatever the
// record referred to is (a position with an MM user, a node that is not a
// position, a distributor with a default price list...).
func TestHiddenReferenceIsAnsweredAsMissing(t *testing.T) {
	f, key := tenantFixture(t)
	rights := keyRights(f, key)
	tested := 0
	for _, def := range catalog.Definitions() {
		d := f.svc.Def(def.Key)
		if !rights[d.Key].Edit {
			continue // the key user saves nothing here: refused before any value is read
		}
		before := tested
		s := newSaver(t, f, key, d, rights[d.Key])
		for _, fd := range d.Fields {
			// refs are the references fd holds, each with the value that
			// puts an id there.
			type ref struct {
				name, catalog string
				value         func(id string) any
			}
			var refs []ref
			switch fd.Type {
			case api.FieldRef:
				refs = append(refs, ref{fd.Key, fd.Ref, func(id string) any { return id }})
			case api.FieldList:
				for _, c := range fd.Columns {
					if c.Type != api.FieldRef {
						continue
					}
					row := f.sample(t, key, fd).([]any)[0].(map[string]any)
					refs = append(refs, ref{fd.Key + "." + c.Key, c.Ref, func(id string) any {
						r := maps.Clone(row)
						r[c.Key] = id
						return []any{r}
					}})
				}
			}
			for _, r := range refs {
				foreign := f.hidden(t, key, r.catalog)
				if f.svc.Def(r.catalog).Scoped() && len(foreign) == 0 {
					t.Errorf("%s.%s: the fixture has no %s record the key user cannot see", d.Key, r.name, r.catalog)
				}
				for _, other := range foreign {
					vals := s.base(t)
					vals[fd.Key] = r.value(other.ID)
					_, got := s.save(t, vals)
					vals[fd.Key] = r.value(missingID())
					_, want := s.save(t, vals)
					if !bytes.Equal(got, want) {
						t.Errorf("%s.%s = %s of another distributor (%v):\n got %s\nwant %s (as for an id that does not exist)",
							d.Key, r.name, r.catalog, other.Values, got, want)
					}
					tested++
					if !rights[d.Key].Create {
						continue
					}
					// A new record shows nothing of it either.
					gotNew, err1 := f.svc.New(key, api.NewRequest{Catalog: d.Key, Values: map[string]any{fd.Key: r.value(other.ID)}})
					wantNew, err2 := f.svc.New(key, api.NewRequest{Catalog: d.Key, Values: map[string]any{fd.Key: r.value(missingID())}})
					g, _ := json.Marshal(gotNew)
					w, _ := json.Marshal(wantNew)
					if err1 != nil || err2 != nil || !bytes.Equal(g, w) {
						t.Errorf("new %s with %s = %s of another distributor:\n got %s (%v)\nwant %s (%v)", d.Key, r.name, r.catalog, g, err1, w, err2)
					}
				}
			}
		}
		// Every catalog with references is covered, child catalogs too.
		if tested == before && slices.ContainsFunc(d.Fields, func(fd api.Field) bool { return fd.Type == api.FieldRef && !fd.ReadOnly }) {
			t.Errorf("%s: no reference tested", d.Key)
		}
	}
	if tested == 0 {
		t.Fatal("no reference tested")
	}
}

// A value that clashes with a unique value of a record the user cannot see
// is refused (values stay unique) with the very answer a clash with a
// record the user sees gets: "already used", nothing named. The clash is
// audited. A unique set with a reference to a hidden record is answered as
// with an id that does not exist.
func TestHiddenUniqueClashNamesNothing(t *testing.T) {
	f, key := tenantFixture(t)
	rights := keyRights(f, key)
	hiddenClashes := 0
	for _, def := range catalog.Definitions() {
		d := f.svc.Def(def.Key)
		if !rights[d.Key].Edit {
			continue
		}
		s := newSaver(t, f, key, d, rights[d.Key])
		for _, set := range d.Unique {
			foreign := f.hidden(t, key, d.Key)
			if len(foreign) == 0 {
				t.Errorf("%s %v: the fixture has no %s record the key user cannot see", d.Key, set, d.Key)
			}
			for _, other := range foreign {
				if slices.ContainsFunc(set, func(k string) bool { return other.Values[k] == nil }) {
					continue // no value to clash with
				}
				clash := s.base(t)
				alike := maps.Clone(clash) // the same save, answered without anything hidden
				toHidden := false
				for _, k := range set {
					clash[k] = other.Values[k]
					alike[k] = other.Values[k]
					if id, _ := other.Values[k].(string); d.Field(k).Type == api.FieldRef && len(f.hidden(t, key, d.Field(k).Ref)) > 0 {
						if _, err := f.svc.Get(key, d.Field(k).Ref, id); code(err) == api.CodeNotFound {
							alike[k], toHidden = missingID(), true
						}
					}
				}
				if !toHidden {
					// The same clash with a record the user sees.
					var seen *api.Record
					for _, r := range f.query(t, key, api.QueryRequest{Catalog: d.Key}).Rows {
						if s.target == nil || r.ID != s.target.ID {
							seen = &r
							break
						}
					}
					if seen == nil {
						t.Fatalf("%s: the fixture has no second %s record the key user sees", d.Key, d.Key)
					}
					for _, k := range set {
						alike[k] = seen.Values[k]
					}
				}
				// A clash with a record the user sees names it (Args); the
				// hidden clash must answer like it, without the name.
				seenErr, _ := s.save(t, alike)
				delete(seenErr.Args, set[len(set)-1])
				if len(seenErr.Args) == 0 {
					seenErr.Args = nil
				}
				want, _ := json.Marshal(seenErr)
				before := lastAudit(t, f)
				e, got := s.save(t, clash)
				if !bytes.Equal(got, want) {
					t.Errorf("%s %v like %v of another distributor:\n got %s\nwant %s", d.Key, set, other.Values, got, want)
				}
				if len(e.Args) > 0 || bytes.Contains(got, []byte(other.ID)) {
					t.Errorf("%s %v: the refusal %s names something of the hidden record %s", d.Key, set, got, other.ID)
				}
				a := lastAudit(t, f)
				if e.Fields[set[len(set)-1]] != api.FieldUnique {
					if a.Seq != before.Seq {
						t.Errorf("%s %v: audited %+v without a clash", d.Key, set, a)
					}
					continue
				}
				hiddenClashes++
				if a.Action != "record.unique_hidden" || a.Actor != "keyuser" || a.Target != d.Key || !strings.Contains(a.Detail, d.Key+"/"+other.ID) {
					t.Errorf("%s %v: audit %+v, want the clash with %s", d.Key, set, a, other.ID)
				}
			}
		}
	}
	if hiddenClashes == 0 {
		t.Fatal("no clash with a hidden record tested")
	}
}

func lastAudit(t *testing.T, f *fixture) store.AuditRecord {
	t.Helper()
	var tail []store.AuditRecord
	if err := f.db.View(func(tx *store.Tx) (err error) { tail, err = tx.AuditTail(1); return }); err != nil || len(tail) == 0 {
		t.Fatalf("audit tail: %v, %v", tail, err)
	}
	return tail[0]
}

// The MM user of a position the user sees but whose holder the user does
// not is refused as "already used", without its login.
func TestMMPositionHolderOutOfSight(t *testing.T) {
	f, key := tenantFixture(t)
	// mm2 holds pos2 (D2); pos2 moves to D1, its holder stays with D2.
	if _, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", ID: f.id["pos2"], Version: 1,
		Values: map[string]any{"parent": f.id["dist1"], "distributor": f.id["D1"], "people": []any{
			map[string]any{"person": f.id["p1"], "primary": true, "from": "2026-01-01"}}}}); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Save(key, "", api.SaveRequest{Catalog: "mm_users", Values: map[string]any{"org_object": f.id["pos2"], "login": "petrov"}})
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeValidation || e.Fields["org_object"] != api.FieldUnique || len(e.Args) > 0 {
		t.Fatalf("MM user on a position held out of sight: %v %+v", err, e)
	}
	// A holder the user sees is named.
	_, err = f.svc.Save(key, "", api.SaveRequest{Catalog: "mm_users", Values: map[string]any{"org_object": f.id["pos1"], "login": "petrov"}})
	if !errors.As(err, &e) || e.Fields["org_object"] != api.FieldPositionTaken || e.Args["org_object"] != "ivanov" {
		t.Fatalf("MM user on a position held in sight: %v %+v", err, e)
	}
}

// Restoring a record whose unique value a hidden record took meanwhile is
// refused as "already used", and audited.
func TestRestoreOverAHiddenClash(t *testing.T) {
	f, key := tenantFixture(t)
	del, err := f.svc.Delete(key, "", api.RecordRef{Catalog: "rdc", ID: f.id["rdc1"], Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	taken, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "rdc", Values: map[string]any{
		"external_code": "G2", "name": "РЦ", "activity_type": "tea", "start_date": "2026-11-01", "distributor": f.id["D2"]}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Restore(key, "10.0.0.7", api.RecordRef{Catalog: "rdc", ID: del.ID, Version: del.Version})
	var e *api.Error
	if !errors.As(err, &e) || e.Fields["external_code"] != api.FieldUnique || len(e.Args) > 0 {
		t.Fatalf("restore over a hidden clash: %v %+v", err, e)
	}
	if a := lastAudit(t, f); a.Action != "record.unique_hidden" || a.Addr != "10.0.0.7" || !strings.Contains(a.Detail, "rdc/"+taken.ID) {
		t.Fatalf("audit %+v", a)
	}
}

// A delete refused because other records point to the record names those
// the user sees; one the user cannot see is named by its catalog only.
func TestInUseNamesOnlyWhatTheUserSees(t *testing.T) {
	f, key := tenantFixture(t)
	// A route of no sync point, which only administrators see: one of
	// another distributor may not have pos1 (its limits).
	if _, err := f.svc.Load("routes", []map[string]any{{"code": "R-SECRET", "position": f.id["pos1"], "outlet": f.id["lo3"]}}, "test"); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Delete(key, "", api.RecordRef{Catalog: "org_structure", ID: f.id["pos1"], Version: 1})
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeInUse {
		t.Fatalf("delete a position in use: %v", err)
	}
	refs := e.Args["refs"] + " | " + e.Args["refs_en"]
	// A child is named with its parent: the binding of warehouse W1.
	if !strings.Contains(refs, "Типы документов, объекты оргструктуры: Склад 1 / Заказ") || !strings.Contains(refs, ": Склад 1 / Order") {
		t.Errorf("in use by %q, want W1's binding by name", refs)
	}
	if strings.Contains(refs, "R-SECRET") || !strings.Contains(refs, "Маршруты: R1") ||
		!strings.Contains(refs, "Маршруты: запись вне вашего доступа") || !strings.Contains(refs, "Routes: a record outside your access") {
		t.Fatalf("in use by %q", refs)
	}
}

// A tree stays a tree when the loop would run through nodes the user
// cannot see: checking only what the user sees would store the loop.
func TestTreeCycleThroughHiddenNodes(t *testing.T) {
	f, key := tenantFixture(t)
	load := func(row map[string]any) string {
		ids, err := f.svc.Load("org_structure", []map[string]any{row}, "test")
		if err != nil {
			t.Fatal(err)
		}
		return ids[0]
	}
	// n (no sync point yet) → a (none: seen by admins only) → b (D1); then n
	// joins D1, so the key user sees n and b but not a.
	// Region nodes: no one need be bound to them.
	n := load(map[string]any{"name": "N", "type": "region", "parent": f.id["region"]})
	a := load(map[string]any{"name": "A", "type": "region", "parent": n})
	b := load(map[string]any{"name": "B", "type": "region", "parent": a, "distributor": f.id["D1"]})
	nr, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", ID: n, Version: 1, Values: map[string]any{"distributor": f.id["D1"]}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Save(key, "", api.SaveRequest{Catalog: "org_structure", ID: n, Version: nr.Version, Values: map[string]any{"parent": b}})
	if fe := fieldErrors(t, err); fe["parent"] != api.FieldCycle {
		t.Fatalf("n under its hidden grandchild's child: %v", fe)
	}
}

// Delete and restore name the version they were based on, as Save does:
// without it (0) they are refused as stale and change nothing.
func TestDeleteAndRestoreNeedTheVersion(t *testing.T) {
	f := mustFixture(t)
	k := f.key("D1")
	lo2 := api.RecordRef{Catalog: "local_outlets", ID: f.id["lo2"]}
	if _, err := f.svc.Delete(k, "", lo2); code(err) != api.CodeConflict {
		t.Fatalf("delete without a version: %v, want conflict", err)
	}
	if got, _ := f.svc.Get(k, "local_outlets", lo2.ID); got.Deleted || got.Version != 1 {
		t.Fatalf("refused delete changed the record: %+v", got)
	}
	lo2.Version = 1
	del, err := f.svc.Delete(k, "", lo2)
	if err != nil {
		t.Fatal(err)
	}
	lo2.Version = 0
	if _, err := f.svc.Restore(k, "", lo2); code(err) != api.CodeConflict {
		t.Fatalf("restore without a version: %v, want conflict", err)
	}
	lo2.Version = del.Version
	if got, err := f.svc.Restore(k, "", lo2); err != nil || got.Deleted {
		t.Fatalf("restore with the version: %+v, %v", got, err)
	}
}
