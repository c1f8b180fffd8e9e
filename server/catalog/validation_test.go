package catalog_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// refusal is the validation error of a save, or a test failure.
func refusal(t *testing.T, err error) *api.Error {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeValidation {
		t.Fatalf("err = %v, want a validation error", err)
	}
	return e
}

// sameFaults fails unless e says exactly want (field codes) and args.
func sameFaults(t *testing.T, what string, e *api.Error, want map[string]api.Code, args map[string]string) {
	t.Helper()
	if !maps.Equal(e.Fields, want) {
		t.Errorf("%s: fields %v, want %v", what, e.Fields, want)
	}
	if !maps.Equal(e.Args, args) {
		t.Errorf("%s: args %v, want %v", what, e.Args, args)
	}
}

// nameCode is how a refusal names a record: "name · code".
func nameCode(t *testing.T, f *fixture, catalog, id, title, code string) string {
	t.Helper()
	r, err := f.svc.Get(admin, catalog, id)
	if err != nil {
		t.Fatal(err)
	}
	return api.RefText(r.Values[title].(string), api.RefInfo{Code: r.Values[code].(string)})
}

// One save with several faults gets them all in one reply, each with its
// own code: required fields, the Latin-letters rule, the e-mail and phone
// forms, a clash, a bound, and every row of a linked list. Nothing is
// held back for a second round.
func TestSaveReportsEveryFaultAtOnce(t *testing.T) {
	f := mustFixture(t)
	d1 := f.id["D1"]

	_, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "personnel", Values: map[string]any{
		"first_name": "Олена", "middle_name": "Ivanivna", "email": "nobody", "phone": "call me", "distributor": d1}})
	sameFaults(t, "personnel", refusal(t, err), map[string]api.Code{
		"last_name": api.FieldRequired, "employer_type": api.FieldRequired, "first_name": api.FieldLatinOnly,
		"email": api.FieldBadEmail, "phone": api.FieldBadPhone}, nil)

	if _, err := f.svc.Load("local_products", []map[string]any{{"local_code": "LP1", "name": "Кофе", "distributor": d1}}, "test"); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "local_products", Values: map[string]any{
		"local_code": "LP1", "distributor": d1, "unit_factor": -1.0}})
	sameFaults(t, "local product", refusal(t, err), map[string]api.Code{
		"local_code": api.FieldUnique, "name": api.FieldRequired, "unit_factor": api.FieldNotPositive},
		map[string]string{"local_code": "Кофе · LP1", "unit_factor": "0"})

	// Bindings: the first ends before it starts, the third binds the
	// second's person again over the same days, and none is primary.
	bind := func(person, from, to string) map[string]any {
		m := map[string]any{"person": f.id[person], "primary": false, "from": from}
		if to != "" {
			m["to"] = to
		}
		return m
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", Values: map[string]any{
		"type": "position", "parent": f.id["dist1"], "people": []any{
			bind("p1", "2026-05-01", "2026-04-01"), bind("p2", "2026-01-01", ""), bind("p2", "2026-03-01", "2026-03-31")}}})
	sameFaults(t, "position", refusal(t, err), map[string]api.Code{
		"name": api.FieldRequired, "people.0.to": api.FieldEndBefore, "people.2.person": api.FieldBoundTwice,
		"people": api.FieldNoPrimary},
		map[string]string{"people.2.person": nameCode(t, f, "personnel", f.id["p2"], "full_name", "external_code")})

	// Two primaries at once: the one that starts while the other runs is
	// pointed at; one after the other is fine.
	primary := func(person, from, to string) map[string]any {
		m := bind(person, from, to)
		m["primary"] = true
		return m
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", Values: map[string]any{
		"name": "ТП", "type": "position", "parent": f.id["dist1"], "people": []any{
			primary("p1", "2026-01-01", ""), primary("p2", "2026-02-01", "2026-02-28"), primary("p2", "2026-06-01", "")}}})
	sameFaults(t, "two primaries", refusal(t, err), map[string]api.Code{
		"people.1.primary": api.FieldOnePrimary, "people.2.primary": api.FieldOnePrimary}, nil)
}

// The smaller rules answer with codes that say what is wrong.
func TestRuleCodesAreSpecific(t *testing.T) {
	f := mustFixture(t)
	d1 := f.id["D1"]
	tests := []struct {
		catalog string
		values  map[string]any
		field   string
		want    api.Code
	}{
		{"routes", map[string]any{"code": "R", "position": f.id["dist1"], "outlet": f.id["lo1"], "distributor": d1, "visit_days": "Mon, later"}, "visit_days", api.FieldBadDays},
		{"routes", map[string]any{"code": "R", "position": f.id["dist1"], "outlet": f.id["lo1"], "distributor": d1}, "position", api.FieldNotPosition},
		{"local_products", map[string]any{"local_code": "L", "name": "L", "distributor": d1, "unit_factor": 0.0}, "unit_factor", api.FieldNotPositive},
		{"personnel", map[string]any{"last_name": "A", "first_name": "B", "employer_type": "agency", "distributor": d1, "phone": "12"}, "phone", api.FieldBadPhone},
		{"personnel", map[string]any{"last_name": "A", "first_name": "B", "employer_type": "agency", "distributor": d1, "email": "a@b"}, "email", api.FieldBadEmail},
	}
	for _, tt := range tests {
		_, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: tt.catalog, Values: tt.values})
		if fe := refusal(t, err).Fields; fe[tt.field] != tt.want {
			t.Errorf("%s %v: %v, want %s: %s", tt.catalog, tt.values, fe, tt.field, tt.want)
		}
	}
	// An EAN is a catalog a loader fills: its rule answers the load.
	_, err := f.svc.Load("products", []map[string]any{{"code": "P1", "name": "Кофе", "ean": "4820000000001"}}, "test")
	if err == nil || !strings.Contains(err.Error(), string(api.FieldBadEAN)) {
		t.Errorf("load of a bad EAN: %v", err)
	}
	// A second default price list names the one that is the default.
	pl, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "price_lists", Values: map[string]any{
		"code": "A", "name": "Основной", "currency": "UAH", "distributor": d1, "is_default": true}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Save(admin, "", api.SaveRequest{Catalog: "price_lists", Values: map[string]any{
		"code": "B", "name": "Запасной", "currency": "UAH", "distributor": d1, "is_default": true}})
	if e := refusal(t, err); e.Fields["is_default"] != api.FieldUnique || e.Args["is_default"] != "Основной · A" {
		t.Errorf("second default price list (first %s): %v %v", pl.ID, e.Fields, e.Args)
	}
}

// A clash names the record that has the value when the user may see it,
// on save and on restore.
func TestUniqueClashNamesTheVisibleRecord(t *testing.T) {
	f := mustFixture(t)
	k := f.key("D1")
	_, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets", Values: map[string]any{"local_code": "A1", "name": "Другая"}})
	if e := refusal(t, err); e.Fields["local_code"] != api.FieldUnique || e.Args["local_code"] != "Лилия · A1" {
		t.Fatalf("clash with lo1: %v %v", e.Fields, e.Args)
	}
	del, err := f.svc.Delete(k, "", api.RecordRef{Catalog: "local_outlets", ID: f.id["lo2"], Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Save(k, "", api.SaveRequest{Catalog: "local_outlets", Values: map[string]any{"local_code": "A2", "name": "Новая"}}); err != nil {
		t.Fatal(err)
	}
	_, err = f.svc.Restore(k, "", api.RecordRef{Catalog: "local_outlets", ID: del.ID, Version: del.Version})
	if e := refusal(t, err); e.Fields["local_code"] != api.FieldUnique || e.Args["local_code"] != "Новая · A2" {
		t.Fatalf("restore over a visible clash: %v %v", e.Fields, e.Args)
	}
}

// A person bound twice whom the user may not see is named by nobody: the
// refusal is byte for byte the one for an id that does not exist.
func TestBoundTwiceOutOfSightNamesNobody(t *testing.T) {
	f, key := tenantFixture(t)
	save := func(person string) []byte {
		row := func(from string) map[string]any {
			return map[string]any{"person": person, "primary": true, "from": from}
		}
		_, err := f.svc.Save(key, "", api.SaveRequest{Catalog: "org_structure", Values: map[string]any{
			"name": "ТП", "type": "position", "parent": f.id["dist1"], "people": []any{row("2026-01-01"), row("2026-02-01")}}})
		e := refusal(t, err)
		if e.Fields["people.1.person"] != api.FieldBoundTwice || len(e.Args) > 0 {
			t.Errorf("bound twice (%s): %v %v", person, e.Fields, e.Args)
		}
		b, _ := json.Marshal(e)
		return b
	}
	if got, want := save(f.id["p3"]), save(missingID()); !bytes.Equal(got, want) {
		t.Fatalf("a hidden person bound twice:\n got %s\nwant %s", got, want)
	}
}

// A territory needs a primary person as a position does; a region or a
// distributor node does not.
func TestTerritoryNeedsAPerson(t *testing.T) {
	f := mustFixture(t)
	for typ, want := range map[string]api.Code{"territory": api.FieldNeedBind, "position": api.FieldNeedBind, "region": "", "distributor": ""} {
		_, err := f.svc.Save(admin, "", api.SaveRequest{Catalog: "org_structure", Values: map[string]any{
			"name": "Узел " + typ, "code": "N-" + typ, "type": typ, "parent": f.id["dist1"]}})
		if got := api.Code(""); err != nil {
			got = refusal(t, err).Fields["people"]
			if got != want {
				t.Errorf("%s without people: %v, want %q", typ, err, want)
			}
		} else if want != "" {
			t.Errorf("%s without people saved, want %s", typ, want)
		}
	}
}

// New starts a record as Save will store it: the catalog's defaults, a
// date field's DefaultToday, and what the rules derive from the values
// given (a child node's sync point from its parent, a full name) — as the
// user sees them.
func TestNewFillsDefaultsAndDerivedValues(t *testing.T) {
	f := mustFixture(t)
	for _, p := range []struct {
		who  string
		keys []string
	}{{"admin", nil}, {"key user of both", []string{"D1", "D2"}}} {
		user := admin
		if p.keys != nil {
			user = f.key(p.keys...)
		}
		rec, err := f.svc.New(user, api.NewRequest{Catalog: "org_structure", Values: map[string]any{"parent": f.id["dist2"]}})
		if err != nil || rec.Values["distributor"] != f.id["D2"] {
			t.Errorf("%s: a child of a D2 node starts in %v (%v), want D2", p.who, rec.Values["distributor"], err)
		}
	}
	// A parent the user may not see gives nothing.
	rec, err := f.svc.New(f.key("D1", "D3"), api.NewRequest{Catalog: "org_structure", Values: map[string]any{"parent": f.id["dist2"]}})
	if err != nil || rec.Values["parent"] != nil || rec.Values["distributor"] != nil {
		t.Errorf("a child of a hidden node: %v (%v)", rec.Values, err)
	}
	rec, err = f.svc.New(admin, api.NewRequest{Catalog: "rdc"})
	if err != nil || rec.Values["activity_type"] != "coffee" {
		t.Errorf("a new RDC's activity type: %v (%v), want coffee", rec.Values["activity_type"], err)
	}
	rec, err = f.svc.New(admin, api.NewRequest{Catalog: "personnel", Values: map[string]any{"last_name": "Melnyk", "first_name": "Ivan"}})
	if err != nil || rec.Values["full_name"] != "Melnyk Ivan" {
		t.Errorf("a new person's full name: %v (%v)", rec.Values["full_name"], err)
	}
	// A binding starts today: the client fills new rows from the column's
	// Default, in the user's zone.
	for _, c := range f.svc.Describe(admin) {
		if c.Key != "org_structure" {
			continue
		}
		for _, fd := range c.Fields {
			if fd.Key == "people" && (len(fd.Columns) < 3 || fd.Columns[2].Key != "from" || fd.Columns[2].Default != api.DefaultToday) {
				t.Errorf("people columns %+v: want from defaulting to today", fd.Columns)
			}
		}
	}
}

// A top-level date field declared DefaultToday starts as today (UTC)
// unless the client gave a day.
func TestNewFillsToday(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	day := api.Field{Key: "day", Type: api.FieldDate, Label: api.LocalText{RU: "День", EN: "Day"}, Default: api.DefaultToday}
	name := api.Field{Key: "name", Type: api.FieldText, Label: api.LocalText{RU: "Имя", EN: "Name"}}
	late := time.Date(2026, 11, 23, 23, 30, 0, 0, time.FixedZone("UTC-5", -5*3600)) // 24 November in UTC
	svc, err := catalog.Open(db, []*catalog.Def{{Key: "days", Label: name.Label, Group: "test", TitleField: "name",
		Fields: []api.Field{name, day}, Columns: []string{"name"}, Sort: []api.SortKey{{Field: "name"}}}}, func() time.Time { return late })
	if err != nil {
		t.Fatal(err)
	}
	if rec, err := svc.New(admin, api.NewRequest{Catalog: "days"}); err != nil || rec.Values["day"] != "2026-11-24" {
		t.Errorf("new: day %v (%v), want 2026-11-24", rec.Values["day"], err)
	}
	if rec, err := svc.New(admin, api.NewRequest{Catalog: "days", Values: map[string]any{"day": "2026-01-05"}}); err != nil || rec.Values["day"] != "2026-01-05" {
		t.Errorf("new with a day: %v (%v)", rec.Values["day"], err)
	}
}

// Validate finds what a save would refuse in records stored around the
// checks (a load checks neither references, nor required fields, nor
// uniqueness), and values out of step with their rules.
func TestValidateFindsWhatASaveWouldRefuse(t *testing.T) {
	f := mustFixture(t)
	d1 := f.id["D1"]
	ids, err := f.svc.Load("local_outlets", []map[string]any{
		{"local_code": "DUP", "name": "Первая", "distributor": d1},
		{"local_code": "DUP", "name": "Вторая", "distributor": d1},
		{"local_code": "Z1", "name": "Ничья", "distributor": d1, "outlet": missingID()},
		{"local_code": "Z2", "distributor": d1},
	}, "test")
	if err != nil {
		t.Fatal(err)
	}
	bad, err := f.svc.Validate("local_outlets")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		ids[0]: `local_code: unique (Вторая · DUP)`,
		ids[1]: `local_code: unique (Первая · DUP)`,
		ids[2]: `outlet: not_found`,
		ids[3]: `name: required`,
	}
	if len(bad) != len(want) {
		t.Errorf("%d invalid local outlets, want %d: %v", len(bad), len(want), bad)
	}
	for _, b := range bad {
		if w, ok := want[b.ID]; !ok || !strings.HasSuffix(b.String(), ": "+w) {
			t.Errorf("%v, want %q", b, w)
		}
	}
	// A derived value out of step: the full name no longer follows the
	// name's parts.
	if err := f.svc.Amend("personnel", f.id["p1"], func(r *catalog.Record) (bool, store.AuditRecord, error) {
		r.Values["full_name"] = "Somebody Else"
		return true, store.AuditRecord{}, nil
	}); err != nil {
		t.Fatal(err)
	}
	bad, err = f.svc.Validate("personnel")
	if err != nil || len(bad) != 1 || bad[0].ID != f.id["p1"] || len(bad[0].Fields) > 0 || len(bad[0].Stale) != 1 || bad[0].Stale[0] != "full_name" {
		t.Fatalf("personnel: %v (%v), want p1's full name stale", bad, err)
	}
	if _, err := f.svc.Validate("nothing"); err == nil {
		t.Fatal("validate an unknown catalog: no error")
	}
}

// A Default is declared only as DefaultToday on a date field (or a list's
// date column): the one default the client and New know how to fill.
func TestDefaultsAreTodayOnDates(t *testing.T) {
	var check func(where string, fs []api.Field)
	check = func(where string, fs []api.Field) {
		for _, f := range fs {
			if f.Default != "" && (f.Default != api.DefaultToday || f.Type != api.FieldDate) {
				t.Errorf("%s.%s (%s): Default %q", where, f.Key, f.Type, f.Default)
			}
			check(where+"."+f.Key, f.Columns)
		}
	}
	for _, d := range catalog.Definitions() {
		check(d.Key, d.Fields)
	}
}
