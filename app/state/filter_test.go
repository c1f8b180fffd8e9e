package state

import (
	"encoding/json"
	"reflect"
	"testing"

	"webtool/server/api"
)

func in(field string, vals ...any) api.Condition {
	return api.Condition{Field: field, Op: api.OpIn, Values: vals}
}

func TestOrGroups(t *testing.T) {
	var q Query
	q.AddCondition(in("subtype", "rdc"))
	q.AddCondition(in("region", "kyiv"))

	// "or…" on the subtype chip: (subtype rdc OR subtype wholesale) AND region.
	if !q.AddAlternative(Chip{Group: -1, Index: 0}, in("subtype", "wholesale")) {
		t.Fatal("the alternative was not added")
	}
	want := api.Filter{
		All:    []api.Condition{in("region", "kyiv")},
		Groups: []api.Group{{Any: []api.Condition{in("subtype", "rdc"), in("subtype", "wholesale")}}},
	}
	if !reflect.DeepEqual(q.Filter, want) {
		t.Fatalf("filter %+v, want %+v", q.Filter, want)
	}
	if got := q.FilterCount(); got != 2 {
		t.Errorf("FilterCount = %d, want 2 (a group is one cluster)", got)
	}
	// A third alternative joins the group; a repeated one changes nothing.
	if !q.AddAlternative(Chip{Group: 0, Index: 1}, in("subtype", "retail")) {
		t.Fatal("third alternative refused")
	}
	if q.AddAlternative(Chip{Group: 0, Index: 0}, in("subtype", "retail")) {
		t.Error("a repeated alternative was added")
	}
	if n := len(q.Filter.Groups[0].Any); n != 3 {
		t.Fatalf("group has %d alternatives, want 3", n)
	}
	// Removing alternatives: down to two stays a group; down to one turns
	// the group back into a plain condition.
	if !q.RemoveChip(Chip{Group: 0, Index: 2}) || len(q.Filter.Groups) != 1 {
		t.Fatalf("after removing one of three: %+v", q.Filter)
	}
	if !q.RemoveChip(Chip{Group: 0, Index: 0}) {
		t.Fatal("remove refused")
	}
	want = api.Filter{All: []api.Condition{in("region", "kyiv"), in("subtype", "wholesale")}}
	if !reflect.DeepEqual(q.Filter, want) {
		t.Fatalf("after the group dissolved: %+v, want %+v", q.Filter, want)
	}
	if q.RemoveChip(Chip{Group: 3, Index: 0}) || q.RemoveChip(Chip{Group: -1, Index: 5}) {
		t.Error("removing a chip that does not exist reported a change")
	}
	if q.AddAlternative(Chip{Group: -1, Index: 0}, in("region", "kyiv")) {
		t.Error("an alternative equal to its chip was added")
	}
}

func TestOrGroupsSurviveLayouts(t *testing.T) {
	var q Query
	q.AddCondition(api.Condition{Field: "distributor", Op: api.OpIn, Values: []any{"00000001"}, Labels: []string{"Кава Трейд"}})
	q.AddCondition(in("subtype", "rdc"))
	q.AddAlternative(Chip{Group: -1, Index: 1}, in("subtype", "wholesale"))
	l := q.Layout(nil, nil)

	// The saved layout is a copy: later edits of the query leave it alone.
	q.AddAlternative(Chip{Group: 0, Index: 0}, in("subtype", "retail"))
	q.Filter.All[0].Labels[0] = "changed"
	if n := len(l.Filter.Groups[0].Any); n != 2 {
		t.Errorf("the saved layout's group changed to %d alternatives", n)
	}
	if got := l.Filter.All[0].Labels[0]; got != "Кава Трейд" {
		t.Errorf("the saved label changed to %q", got)
	}
	// And it survives the trip through the server (JSON).
	raw, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var back api.Layout
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Filter, l.Filter) {
		t.Errorf("through JSON: %+v, want %+v", back.Filter, l.Filter)
	}
}

func TestUserAndDateOps(t *testing.T) {
	user := &api.Field{Key: api.FieldChangedBy, Type: api.FieldUser}
	if got, want := api.OpsFor(user.Type), []string{api.OpEquals, api.OpNotEquals, api.OpEmpty, api.OpNotEmpty}; !reflect.DeepEqual(got, want) {
		t.Errorf("user ops %v, want %v", got, want)
	}
	if v, ok := FilterValue(user, api.UserMe); !ok || v != api.UserMe {
		t.Errorf("FilterValue(@me) = %v, %v", v, ok)
	}
	for _, typ := range []api.FieldType{api.FieldDate, api.FieldDateTime} {
		if got := RelativeOps(typ); len(got) != 3 || got[0] != api.OpToday {
			t.Errorf("%s: relative ranges %v", typ, got)
		}
		for _, op := range RelativeOps(typ) {
			if api.Arity(op) != 0 {
				t.Errorf("%s takes values", op)
			}
		}
	}
	if RelativeOps(api.FieldText) != nil {
		t.Error("text fields offer date ranges")
	}
}
