package catalog_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"webtool/app/state"
	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// The client (app/state, what the UI calls) and the server (this package)
// must agree on every field rule, written once in server/api: these tests
// put the same cases to both. The client never offers what the server
// refuses, nor refuses what it takes.

// everyType is a catalog with a field of every type.
func everyType() *catalog.Def {
	f := func(key string, typ api.FieldType) api.Field {
		return api.Field{Key: key, Type: typ, Label: api.LocalText{RU: key, EN: key}}
	}
	enum := f("enum", api.FieldEnum)
	enum.Options = []api.Option{{Key: "a", Label: api.LocalText{RU: "А", EN: "A"}}}
	short := f("short", api.FieldText)
	short.MaxLen = 3
	ref := f("ref", api.FieldRef)
	ref.Ref = "every"
	list := f("list", api.FieldList)
	list.Columns = []api.Field{f("cell", api.FieldText)}
	return &catalog.Def{Key: "every", Label: api.LocalText{RU: "Все типы", EN: "Every type"}, Group: "test", TitleField: "text",
		Fields: []api.Field{f("text", api.FieldText), short, f("number", api.FieldNumber), f("money", api.FieldMoney),
			f("date", api.FieldDate), f("datetime", api.FieldDateTime), f("bool", api.FieldBool), enum, ref,
			f("coords", api.FieldCoords), list, f("user", api.FieldUser), f("pin", api.FieldPin)},
		Columns: []string{"text"}, Sort: []api.SortKey{{Field: "text"}}}
}

// mustEveryType opens the catalog on a real store and returns it with the
// description the client gets.
func mustEveryType(t *testing.T) (*catalog.Service, *api.Catalog) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	svc, err := catalog.Open(db, []*catalog.Def{everyType()}, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range svc.Describe(admin) {
		if c.Key == "every" {
			return svc, &c
		}
	}
	t.Fatal("the catalog is not described")
	return nil, nil
}

// saveVerdict is what the server says of one value of one field: "ok"
// with the value it stored, or the field's error code.
func saveVerdict(t *testing.T, svc *catalog.Service, field string, v any) (api.Code, any) {
	t.Helper()
	rec, err := svc.Save(admin, "", api.SaveRequest{Catalog: "every", Values: map[string]any{field: v}})
	var e *api.Error
	switch {
	case err == nil:
		return "ok", rec.Values[field]
	case errors.As(err, &e) && e.Code == api.CodeValidation:
		return e.Fields[field], nil
	}
	t.Fatalf("save %s = %#v: %v", field, v, err)
	return "", nil
}

func TestValueRulesAgree(t *testing.T) {
	svc, cat := mustEveryType(t)
	long := strings.Repeat("я", api.DefaultMaxLen)
	tests := []struct {
		field string
		typed any // what the user typed (the card's draft)
		wire  any // the same, as a client that did not check would send it
	}{
		{"money", "1 234,56", nil},
		{"money", "1234.56", nil},
		{"money", "-5", nil},
		{"money", "+5", nil},
		{"money", "1.-5", nil},
		{"money", "--5", nil},
		{"money", "+-1", nil},
		{"money", "1.2.3", nil},
		{"money", "1.005", nil},
		{"money", "1e3", nil},
		{"number", "1,5", nil},
		{"number", "1 000", nil},
		{"number", "1.-5", nil},
		{"number", "x", nil},
		{"date", "2026-11-23", nil},
		{"date", "1900-01-01", nil},
		{"date", "1899-12-31", nil},
		{"date", "2201-01-01", nil},
		{"date", "2026-02-30", nil},
		{"text", long, nil},
		{"text", long + "я", nil}, // over the default cap: the field sets no MaxLen
		{"short", "абв", nil},
		{"short", "абвг", nil},
		{"coords", state.Coords{Lat: "50,45", Lon: "30.52"}, []any{50.45, 30.52}},
		{"coords", state.Coords{Lat: "91", Lon: "0"}, []any{91.0, 0.0}},
		{"coords", state.Coords{Lat: "0", Lon: "-181"}, []any{0.0, -181.0}},
	}
	for _, tt := range tests {
		name := fmt.Sprintf("%s=%v", tt.field, tt.typed)
		if s, ok := tt.typed.(string); ok && len(s) > 40 {
			name = fmt.Sprintf("%s=%d characters", tt.field, len([]rune(s)))
		}
		t.Run(name, func(t *testing.T) {
			wire := tt.wire
			if wire == nil {
				wire = tt.typed
			}
			// The client: the card as the user fills it in.
			card := state.NewCard(cat)
			card.StartNew(nil, nil)
			card.Set(tt.field, tt.typed)
			req, clientOK := card.Save()
			_, local := card.Build() // what the card itself finds wrong
			client := local[tt.field]
			if clientOK {
				client = "ok"
			}
			// The server: the raw value, as if the client had not looked.
			server, stored := saveVerdict(t, svc, tt.field, wire)
			if client != server {
				t.Fatalf("client says %q, server says %q", client, server)
			}
			if !clientOK {
				return
			}
			// What the client sends is taken as it is.
			if fmt.Sprint(req.Values[tt.field]) != fmt.Sprint(stored) {
				t.Fatalf("client sends %#v, server stores %#v", req.Values[tt.field], stored)
			}
			if code, again := saveVerdict(t, svc, tt.field, req.Values[tt.field]); code != "ok" || fmt.Sprint(again) != fmt.Sprint(stored) {
				t.Fatalf("the client's value %#v: %q, %#v", req.Values[tt.field], code, again)
			}
			// A filter value typed in the filter bar follows the same rule.
			f := state.FieldByKey(cat, tt.field)
			if s, ok := tt.typed.(string); ok && api.Applies(api.OpEquals, f.Type) && f.Type != api.FieldText {
				if v, ok := state.FilterValue(f, s); !ok || fmt.Sprint(v) != fmt.Sprint(stored) {
					t.Fatalf("filter value %#v, %v; want %#v", v, ok, stored)
				}
			}
		})
	}
}

// operand is a valid value of a field type, for the operators that take
// one.
func operand(f *api.Field) any {
	switch f.Type {
	case api.FieldNumber:
		return 1.5
	case api.FieldMoney:
		return "1.50"
	case api.FieldDate:
		return "2026-11-23"
	case api.FieldDateTime:
		return "2026-11-23T10:00:00Z"
	case api.FieldBool:
		return true
	case api.FieldEnum:
		return f.Options[0].Key
	case api.FieldCoords:
		return []any{1.0, 2.0}
	case api.FieldUser:
		return api.UserMe
	}
	return "1"
}

var allOps = []string{api.OpContains, api.OpEquals, api.OpNotEquals, api.OpStartsWith, api.OpEmpty, api.OpNotEmpty,
	api.OpLess, api.OpLessEq, api.OpGreater, api.OpGreaterEq, api.OpBetween, api.OpIn, api.OpNotIn, api.OpBefore,
	api.OpAfter, api.OpToday, api.OpThisMonth, api.OpLast7Days, api.OpIsTrue, api.OpIsFalse}

var allAggs = []string{api.AggSum, api.AggAvg, api.AggMin, api.AggMax, api.AggCount}

// TestQueryRulesAgree: a filter the filter bar offers (its fields, their
// operators), a sort a column header offers and a total a totals cell
// offers are exactly those the server takes.
func TestQueryRulesAgree(t *testing.T) {
	svc, cat := mustEveryType(t)
	filterable := state.Filterable(cat)
	ctx := context.Background()
	for i := range cat.Fields {
		f := &cat.Fields[i]
		accepted := 0
		for _, op := range allOps {
			offered := slices.Contains(filterable, f) && slices.Contains(api.OpsFor(f.Type), op)
			var values []any
			for range max(api.Arity(op), 0) {
				values = append(values, operand(f))
			}
			if api.Arity(op) < 0 {
				values = []any{operand(f)}
			}
			_, err := svc.Query(ctx, admin, api.QueryRequest{Catalog: "every", Limit: 1,
				Filter: api.Filter{All: []api.Condition{{Field: f.Key, Op: op, Values: values}}}})
			if offered != (err == nil) || err != nil && api.ErrorCode(err) != api.CodeBadRequest {
				t.Errorf("filter %s (%s) %s %v: offered %v, server: %v", f.Key, f.Type, op, values, offered, err)
			}
			if err == nil {
				accepted++
			}
		}
		if slices.Contains(filterable, f) && accepted == 0 {
			t.Errorf("the filter bar offers %s (%s), the server takes no filter on it", f.Key, f.Type)
		}
		_, err := svc.Query(ctx, admin, api.QueryRequest{Catalog: "every", Limit: 1, Sort: []api.SortKey{{Field: f.Key}}, Lang: "en"})
		if sortable := api.Indexed(f.Type); sortable != (err == nil) {
			t.Errorf("sort by %s (%s): offered %v, server: %v", f.Key, f.Type, sortable, err)
		}
		for _, fn := range allAggs {
			cols, totals := []api.ColumnLayout{{Field: f.Key}}, []api.Total{{Field: f.Key, Fn: fn}}
			_, offered := state.TotalsRequest(cat, state.Query{}, cols, totals)
			_, err := svc.Totals(admin, api.TotalsRequest{Catalog: "every", Totals: totals})
			if offered != (err == nil) {
				t.Errorf("%s of %s (%s): offered %v, server: %v", fn, f.Key, f.Type, offered, err)
			}
			l := api.Layout{Totals: totals}
			if err := svc.CheckLayout(admin, "every", l); offered != (err == nil) {
				t.Errorf("a layout with %s of %s (%s): offered %v, server: %v", fn, f.Key, f.Type, offered, err)
			}
		}
	}
}
