package state

import (
	"reflect"
	"testing"

	"webtool/server/api"
)

func TestFormatRef(t *testing.T) {
	tests := []struct {
		name string
		info api.RefInfo
		more []string
		want RefLine
		text string
	}{
		{"Торговый представитель 1.1", api.RefInfo{Code: "SR-dp-01", Owner: "ООО «Днепр Продукт»"}, nil,
			RefLine{"Торговый представитель 1.1", "SR-dp-01 · ООО «Днепр Продукт»"}, "Торговый представитель 1.1 · SR-dp-01 · ООО «Днепр Продукт»"},
		{"Кава", api.RefInfo{}, nil, RefLine{"Кава", ""}, "Кава"},
		{"Кава", api.RefInfo{Owner: "Киев"}, nil, RefLine{"Кава", "Киев"}, "Кава · Киев"},
		// A catalog titled by its code says it once.
		{"R-01", api.RefInfo{Code: "R-01", Owner: "Днепр"}, nil, RefLine{"R-01", "Днепр"}, "R-01 · Днепр"},
		// No name: the code names it.
		{"", api.RefInfo{Code: "C1", Owner: "Днепр"}, nil, RefLine{"C1", "Днепр"}, "C1 · Днепр"},
		{"АЗС «Берёзка» №103", api.RefInfo{Code: "GO-103", Owner: "Киев"}, []string{"ул. Мира, 5", ""},
			RefLine{"АЗС «Берёзка» №103", "GO-103 · Киев · ул. Мира, 5"}, "АЗС «Берёзка» №103 · GO-103 · Киев · ул. Мира, 5"},
	}
	for _, tt := range tests {
		got := FormatRef(tt.name, tt.info, tt.more...)
		if got != tt.want || got.String() != tt.text {
			t.Errorf("FormatRef(%q, %+v, %q) = %+v (%q), want %+v (%q)", tt.name, tt.info, tt.more, got, got.String(), tt.want, tt.text)
		}
	}
	ch := api.Choice{ID: "p1", Label: "Boiko Oleksandr", Code: "EMP-52", Owner: "Днепр", Detail: "+380 55"}
	if got, want := ChoiceLine(ch), (RefLine{"Boiko Oleksandr", "EMP-52 · Днепр · +380 55"}); got != want {
		t.Errorf("ChoiceLine = %+v, want %+v", got, want)
	}
}

func TestRefLabelAndInfo(t *testing.T) {
	rec := api.Record{
		Values: map[string]any{"distributor": "d1", "people": []any{
			map[string]any{"person": "e1"}, map[string]any{"person": "e2"}}},
		Labels: map[string]string{"distributor": "Днепр Продукт", "people.0.person": "Ann", "people.1.person": "Bob"},
		Refs: map[string]api.RefInfo{"distributor": {Code: "D1"}, "people.0.person": {Code: "E1", Owner: "Днепр"},
			"people.1.person": {Code: "E2", Owner: "Днепр"}},
	}
	if got, want := RefLabel(rec, "distributor"), "Днепр Продукт · D1"; got != want {
		t.Errorf("RefLabel = %q, want %q", got, want)
	}
	if got, want := RefLabel(rec, "people.1.person"), "Bob · E2 · Днепр"; got != want {
		t.Errorf("RefLabel(cell) = %q, want %q", got, want)
	}
	if got := RefLabel(rec, "parent"); got != "" {
		t.Errorf("RefLabel(no value) = %q, want empty (the id shows)", got)
	}
	// A draft's row 0 removed: Bob's row is now the first, and still
	// reads as Bob's code, not Ann's.
	if got, want := RefInfoOf(rec, "people.0.person", "e2"), (api.RefInfo{Code: "E2", Owner: "Днепр"}); got != want {
		t.Errorf("RefInfoOf(moved row) = %+v, want %+v", got, want)
	}
	if got := RefInfoOf(rec, "distributor", "d9"); got != (api.RefInfo{}) {
		t.Errorf("RefInfoOf(another id) = %+v, want nothing: the record knows only d1", got)
	}
	if got, want := RefInfoOf(rec, "distributor", "d1"), (api.RefInfo{Code: "D1"}); got != want {
		t.Errorf("RefInfoOf = %+v, want %+v", got, want)
	}
}

func TestLookupFor(t *testing.T) {
	cat := &api.Catalog{Key: "org_structure", Fields: []api.Field{
		{Key: "distributor", Type: api.FieldRef, Ref: "distributors"},
		{Key: "type", Type: api.FieldEnum},
		{Key: "parent", Type: api.FieldRef, Ref: "org_structure", Limit: []api.RefLimit{{Field: "type", Is: "territory"}}},
		{Key: "people", Type: api.FieldList, Columns: []api.Field{
			{Key: "person", Type: api.FieldRef, Ref: "personnel", Limit: []api.RefLimit{{Field: "distributor", Same: "distributor"}}},
		}},
		{Key: "code", Type: api.FieldText, Pick: &api.Pick{Catalog: "outlets", Field: "code",
			Limit: []api.RefLimit{{Field: "subtype", Is: "rdc"}, {Field: "region", Same: "type"}}}},
	}}
	draft := map[string]any{"distributor": Ref{ID: "d4", Label: "Днепр"}, "type": " position ", "parent": Ref{}}
	tests := []struct {
		key, of string
		want    *api.LookupFor
	}{
		{"people.person", "", &api.LookupFor{Catalog: "org_structure", Field: "people.person", Values: map[string]any{"distributor": "d4"}}},
		{"parent", "", &api.LookupFor{Catalog: "org_structure", Field: "parent"}},
		{"code", "w1", &api.LookupFor{Catalog: "org_structure", Field: "code", Of: "w1", Values: map[string]any{"type": "position"}}},
	}
	for _, tt := range tests {
		if got := LookupFor(cat, tt.key, draft, tt.of); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("LookupFor(%q) = %+v, want %+v", tt.key, got, tt.want)
		}
	}
	// A Same field not filled yet limits nothing: nothing is sent for it.
	if got := LookupFor(cat, "people.person", map[string]any{"distributor": Ref{}}, ""); got.Values != nil {
		t.Errorf("empty distributor sent %v", got.Values)
	}
}
