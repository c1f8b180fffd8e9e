package views

import "webtool/server/api"

// builtinsAll are the views every user of a catalog gets.
func builtinsAll() []api.View {
	col := func(fields ...string) []api.ColumnLayout {
		out := make([]api.ColumnLayout, len(fields))
		for i, f := range fields {
			out[i] = api.ColumnLayout{Field: f}
		}
		return out
	}
	return []api.View{
		{ID: builtinPrefix + "outlets:rdc", Catalog: "outlets", BuiltIn: true,
			Name: "ТТ с подтипом RDC", Label: api.LocalText{RU: "ТТ с подтипом RDC", EN: "RDC outlets"},
			Layout: api.Layout{Filter: api.Filter{All: []api.Condition{{Field: "subtype", Op: api.OpIn, Values: []any{"rdc"}}}},
				Sort: []api.SortKey{{Field: "name"}}, Columns: col("code", "name", "city", "region", "status")}},
		{ID: builtinPrefix + "outlets:recent", Catalog: "outlets", BuiltIn: true,
			Name: "Недавно изменённые", Label: api.LocalText{RU: "Недавно изменённые", EN: "Recently changed"},
			Layout: api.Layout{Sort: []api.SortKey{{Field: "modified_at", Desc: true}, {Field: "load_seq", Desc: true}},
				Columns: col("code", "name", "city", "subtype", "modified_at", "load_seq")}},
		{ID: builtinPrefix + "local_outlets:unmapped", Catalog: "local_outlets", BuiltIn: true,
			Name: "Без привязки", Label: api.LocalText{RU: "Без привязки", EN: "Not mapped"},
			Layout: api.Layout{Filter: api.Filter{All: []api.Condition{{Field: "outlet", Op: api.OpEmpty}}},
				Sort: []api.SortKey{{Field: "name"}}, Columns: col("local_code", "name", "address", "distributor", "outlet")}},
	}
}

// builtins returns the built-in views of one catalog.
func builtins(catalog string) []api.View {
	var out []api.View
	for _, v := range builtinsAll() {
		if v.Catalog == catalog {
			out = append(out, v)
		}
	}
	return out
}
