package state

import (
	"slices"
	"testing"

	"webtool/server/api"
)

var formCatalog = &api.Catalog{Key: "outlets", Fields: []api.Field{
	{Key: "name", Type: api.FieldText},
	{Key: "debt", Type: api.FieldMoney},
	{Key: "status", Type: api.FieldEnum, Options: []api.Option{
		{Key: "closed", Label: api.LocalText{RU: "Закрыта", EN: "Closed"}},
		{Key: "active", Label: api.LocalText{RU: "Активна", EN: "Active"}}}},
	{Key: "distributor", Type: api.FieldRef, Ref: "distributors"},
	{Key: "changed_by", Type: api.FieldUser},
}}

func TestFilterFormCondition(t *testing.T) {
	tests := []struct {
		name    string
		field   string
		op      string
		v1, v2  string
		picked  []api.Choice
		want    api.Condition
		wantErr bool
	}{
		{name: "text", field: "name", op: api.OpContains, v1: " кофе ",
			want: api.Condition{Field: "name", Op: api.OpContains, Values: []any{"кофе"}}},
		{name: "money with a comma", field: "debt", op: api.OpGreater, v1: "10,5",
			want: api.Condition{Field: "debt", Op: api.OpGreater, Values: []any{"10.50"}}},
		{name: "not a number", field: "debt", op: api.OpGreater, v1: "много", wantErr: true},
		{name: "between needs both", field: "debt", op: api.OpBetween, v1: "1", wantErr: true},
		{name: "nothing ticked", field: "status", op: api.OpIn, wantErr: true},
		{name: "enum values go without names", field: "status", op: api.OpIn,
			picked: []api.Choice{{ID: "active", Label: "Активна"}},
			want:   api.Condition{Field: "status", Op: api.OpIn, Values: []any{"active"}}},
		{name: "references keep their names", field: "distributor", op: api.OpIn,
			picked: []api.Choice{{ID: "d1", Label: "ООО Дистрибьютор"}, {ID: "d2", Label: "Кава"}},
			want: api.Condition{Field: "distributor", Op: api.OpIn, Values: []any{"d1", "d2"},
				Labels: []string{"ООО Дистрибьютор", "Кава"}}},
		{name: "no value for empty", field: "distributor", op: api.OpEmpty,
			want: api.Condition{Field: "distributor", Op: api.OpEmpty}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _ := OpenFilterForm(formCatalog, nil, tt.field, tt.op, "ru")
			f.V1, f.V2 = tt.v1, tt.v2
			for _, p := range tt.picked {
				f.Pick(p, true)
			}
			got, ok := f.Condition(formCatalog)
			if ok == tt.wantErr || f.Err != tt.wantErr {
				t.Fatalf("ok %v, Err %v; want an error: %v", ok, f.Err, tt.wantErr)
			}
			if !tt.wantErr && !sameConditionDeep(got, tt.want) {
				t.Errorf("condition %+v, want %+v", got, tt.want)
			}
		})
	}
}

func sameConditionDeep(a, b api.Condition) bool {
	return a.Field == b.Field && a.Op == b.Op && slices.Equal(a.Values, b.Values) && slices.Equal(a.Labels, b.Labels)
}

func TestFilterFormFields(t *testing.T) {
	f, lookup := OpenFilterForm(formCatalog, nil, "status", "", "ru")
	if lookup || f.Op != api.OpsFor(api.FieldEnum)[0] {
		t.Errorf("enum: lookup %v, op %q", lookup, f.Op)
	}
	if got := f.Listed(); len(got) != 2 || got[0].ID != "active" {
		t.Errorf("enum options %v, want in the order of their labels", got)
	}
	// An operator that does not apply to the field is not taken.
	if f, _ := OpenFilterForm(formCatalog, nil, "status", api.OpGreater, "ru"); f.Op == api.OpGreater {
		t.Error("took > for an enum")
	}
	at := Chip{Group: -1, Index: 0}
	f, lookup = OpenFilterForm(formCatalog, &at, "distributor", api.OpNotIn, "ru")
	if !lookup || f.Op != api.OpNotIn || f.At == nil {
		t.Errorf("ref: lookup %v, form %+v", lookup, f)
	}
	f.Search = "кав"
	if req, ok := f.LookupRequest(formCatalog, 50); !ok || req != (api.LookupRequest{Catalog: "distributors", Search: "кав", Limit: 50}) {
		t.Errorf("ref lookup %+v", req)
	}
	f, _ = OpenFilterForm(formCatalog, nil, "changed_by", "", "ru")
	if req, ok := f.LookupRequest(formCatalog, 50); !ok || req != (api.LookupRequest{Catalog: "outlets", Field: "changed_by", Limit: 50}) {
		t.Errorf("user lookup %+v", req)
	}
	if _, ok := (&FilterForm{Field: "name"}).LookupRequest(formCatalog, 50); ok {
		t.Error("a text field is looked up")
	}
}

// A ticked value stays listed, in its place, when a new search no longer
// finds it; the list never reorders under a click.
func TestFilterFormKeepsTickedChoices(t *testing.T) {
	f, _ := OpenFilterForm(formCatalog, nil, "distributor", "", "ru")
	f.Choices = []api.Choice{{ID: "d1"}, {ID: "d2"}}
	f.Pick(api.Choice{ID: "d2"}, true)
	if got := ids(f.Listed()); !slices.Equal(got, []string{"d1", "d2"}) {
		t.Errorf("after a tick %v", got)
	}
	f.Choices = []api.Choice{{ID: "d3"}}
	if got := ids(f.Listed()); !slices.Equal(got, []string{"d2", "d3"}) {
		t.Errorf("after a new search %v", got)
	}
	f.Pick(api.Choice{ID: "d2"}, false)
	if got := ids(f.Listed()); !slices.Equal(got, []string{"d2", "d3"}) || f.IsPicked("d2") {
		t.Errorf("after unticking %v (picked %v)", got, f.IsPicked("d2"))
	}
	// A user field lists "me" first, once.
	f, _ = OpenFilterForm(formCatalog, nil, "changed_by", "", "ru")
	me := api.Choice{ID: api.UserMe}
	f.PickUser(me)
	f.Choices = []api.Choice{{ID: "ann"}}
	if got := ids(f.Listed(me)); !slices.Equal(got, []string{api.UserMe, "ann"}) || f.V1 != api.UserMe {
		t.Errorf("user choices %v, V1 %q", got, f.V1)
	}
}

func ids(cs []api.Choice) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestSlots(t *testing.T) {
	row := func(i int) (TreeRow, bool) { return TreeRow{ID: string(rune('a' + i%26))}, i%2 == 0 }
	if got := Slots(Range{}, 0, row); got != nil {
		t.Errorf("no rows: %v", got)
	}
	// Row i sits in slot i mod n wherever the range starts, so a scroll by
	// one row changes one slot.
	a := Slots(Range{First: 0, Last: 3}, 3, row)
	if a[0].Index != 0 || a[1].Index != 1 || a[2].Index != 2 || !a[0].Loaded || a[1].Loaded {
		t.Errorf("slots %+v", a)
	}
	b := Slots(Range{First: 5, Last: 5 + MaxRendered}, 1000, row)
	c := Slots(Range{First: 6, Last: 6 + MaxRendered}, 1000, row)
	changed := 0
	for s := range b {
		if b[s].Index != c[s].Index {
			changed++
		}
		if b[s].Index%MaxRendered != s {
			t.Fatalf("row %d in slot %d", b[s].Index, s)
		}
	}
	if changed != 1 {
		t.Errorf("a scroll by one row changed %d slots", changed)
	}
	// Slots beyond a short range are empty.
	d := Slots(Range{First: 0, Last: 2}, 1000, row)
	if len(d) != MaxRendered || d[2].Index != -1 {
		t.Errorf("short range: %d slots, slot 2 = %+v", len(d), d[2])
	}
}

func TestToasts(t *testing.T) {
	var ts Toasts
	for i := 0; i < MaxToasts+2; i++ {
		ts.Add("c", "short", true)
	}
	if len(ts.List) != MaxToasts || ts.List[0].ID != 3 {
		t.Errorf("list %+v, want the last %d", ts.List, MaxToasts)
	}
	id, life := ts.Add("long", string(make([]byte, 81)), false)
	if life != ToastLong {
		t.Errorf("a long text stays %v", life)
	}
	ts.Dismiss(id)
	ts.Dismiss(id)
	if slices.ContainsFunc(ts.List, func(x Toast) bool { return x.ID == id }) {
		t.Error("dismissed toast still shown")
	}
}
