package state

import (
	"reflect"
	"testing"

	"webtool/server/api"
)

func cl(fields ...string) []api.ColumnLayout {
	var out []api.ColumnLayout
	for _, f := range fields {
		out = append(out, api.ColumnLayout{Field: f})
	}
	return out
}

func TestColumnOperations(t *testing.T) {
	tests := []struct {
		name string
		op   func([]api.ColumnLayout) []api.ColumnLayout
		in   []api.ColumnLayout
		want []api.ColumnLayout
	}{
		{"move right", func(c []api.ColumnLayout) []api.ColumnLayout { return MoveColumn(c, "a", "c") }, cl("a", "b", "c"), cl("b", "c", "a")},
		{"move left", func(c []api.ColumnLayout) []api.ColumnLayout { return MoveColumn(c, "c", "a") }, cl("a", "b", "c"), cl("c", "a", "b")},
		{"move unknown", func(c []api.ColumnLayout) []api.ColumnLayout { return MoveColumn(c, "x", "a") }, cl("a", "b"), cl("a", "b")},
		{"hide", func(c []api.ColumnLayout) []api.ColumnLayout { c, _ = HideColumn(c, "b"); return c }, cl("a", "b"), cl("a")},
		{"hide last stays", func(c []api.ColumnLayout) []api.ColumnLayout { c, _ = HideColumn(c, "a"); return c }, cl("a"), cl("a")},
		{"resize", func(c []api.ColumnLayout) []api.ColumnLayout { return ResizeColumn(c, "b", 200) }, cl("a", "b"),
			[]api.ColumnLayout{{Field: "a"}, {Field: "b", Width: 200}}},
		{"resize below min", func(c []api.ColumnLayout) []api.ColumnLayout { return ResizeColumn(c, "a", 10) }, cl("a"),
			[]api.ColumnLayout{{Field: "a", Width: MinColWidth}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]api.ColumnLayout(nil), tt.in...)
			if got := tt.op(in); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if !reflect.DeepEqual(in, tt.in) {
				t.Errorf("input changed to %v", in)
			}
		})
	}
}

var layoutCatalog = &api.Catalog{
	Key: "p",
	Fields: []api.Field{
		{Key: "code", Type: api.FieldText}, {Key: "price", Type: api.FieldMoney}, {Key: "factor", Type: api.FieldNumber},
		{Key: "born", Type: api.FieldDate}, {Key: "rows", Type: api.FieldList},
	},
	Columns: []string{"code", "price"},
}

func TestChoicesRoundTrip(t *testing.T) {
	ch := Choices(layoutCatalog, cl("price", "code"))
	fields := []string{}
	for _, c := range ch {
		fields = append(fields, c.Field)
	}
	if got, want := fields, []string{"price", "code", "factor", "born"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("choices %v, want %v", got, want)
	}
	ch[2].Visible = true
	cols, ok := ColumnsOf(ch)
	if !ok || !reflect.DeepEqual(cols, cl("price", "code", "factor")) {
		t.Errorf("ColumnsOf = %v, %v", cols, ok)
	}
	for i := range ch {
		ch[i].Visible = false
	}
	if _, ok := ColumnsOf(ch); ok {
		t.Error("no visible column accepted")
	}
	if got, want := DefaultColumns(layoutCatalog), cl("code", "price"); !reflect.DeepEqual(got, want) {
		t.Errorf("DefaultColumns = %v, want %v", got, want)
	}
}

func TestTotalsRequest(t *testing.T) {
	q := Query{Filter: api.Filter{Search: "x"}, Deleted: true}
	totals := SetTotal(nil, "price", api.AggSum)
	totals = SetTotal(totals, "factor", api.AggAvg)
	totals = SetTotal(totals, "code", api.AggSum) // not offered for text: skipped
	tests := []struct {
		name string
		cols []api.ColumnLayout
		want []api.Total
	}{
		{"visible in column order", cl("factor", "price", "code"), []api.Total{{Field: "factor", Fn: api.AggAvg}, {Field: "price", Fn: api.AggSum}}},
		{"hidden column skipped", cl("price"), []api.Total{{Field: "price", Fn: api.AggSum}}},
		{"nothing", cl("code"), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, ok := TotalsRequest(layoutCatalog, q, tt.cols, totals)
			if ok != (tt.want != nil) || !reflect.DeepEqual(req.Totals, tt.want) {
				t.Fatalf("got %v %v, want %v", req.Totals, ok, tt.want)
			}
			if ok && (req.Filter.Search != "x" || !req.Deleted || req.Catalog != "p") {
				t.Errorf("request %+v lost the query", req)
			}
		})
	}
	if got := SetTotal(totals, "price", ""); TotalOf(got, "price") != "" || TotalOf(got, "factor") != api.AggAvg {
		t.Errorf("SetTotal none = %v", got)
	}
}

func TestFormatTotal(t *testing.T) {
	money, num, date := &layoutCatalog.Fields[1], &layoutCatalog.Fields[2], &layoutCatalog.Fields[3]
	tests := []struct {
		f    *api.Field
		tv   api.TotalValue
		lang string
		want string
	}{
		{money, api.TotalValue{Fn: api.AggSum, Value: "1234.50"}, "ru", "1" + Thin + "234,50"},
		{money, api.TotalValue{Fn: api.AggAvg, Value: 10.126}, "en", "10.13"},
		{num, api.TotalValue{Fn: api.AggAvg, Value: 2.0 / 3}, "ru", "0,67"},
		{num, api.TotalValue{Fn: api.AggAvg, Value: 12.5}, "en", "12.5"},
		{num, api.TotalValue{Fn: api.AggAvg, Value: 1500.0}, "en", "1" + Thin + "500"},
		{num, api.TotalValue{Fn: api.AggMax, Value: 24.0}, "en", "24"},
		{num, api.TotalValue{Fn: api.AggCount, Value: 12000.0}, "en", "12" + Thin + "000"},
		{num, api.TotalValue{Fn: api.AggSum, Value: nil}, "en", "—"},
		{date, api.TotalValue{Fn: api.AggMin, Value: "2026-03-04"}, "en", FormatDate("2026-03-04", "en")},
	}
	for _, tt := range tests {
		if got := FormatTotal(tt.f, tt.tv, tt.lang); got != tt.want {
			t.Errorf("FormatTotal(%s %s %v) = %q, want %q", tt.f.Key, tt.tv.Fn, tt.tv.Value, got, tt.want)
		}
	}
}

func TestDispositionName(t *testing.T) {
	tests := []struct{ header, want string }{
		{`attachment; filename="export.csv"; filename*=UTF-8''%D0%A2%D0%BE%D1%87%D0%BA%D0%B8%202026.csv`, "Точки 2026.csv"},
		{`attachment; filename="export.xlsx"`, "export.xlsx"},
		{`attachment; filename*=utf-8''a%2Fb.csv; filename="x.csv"`, "x.csv"},
		{`attachment; filename*=UTF-8''%ZZ`, "fallback"},
		{``, "fallback"},
	}
	for _, tt := range tests {
		if got := DispositionName(tt.header, "fallback"); got != tt.want {
			t.Errorf("DispositionName(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestNavMatch(t *testing.T) {
	tests := []struct {
		label, query string
		want         bool
	}{
		{"Торговые точки", "точ", true},
		{"Торговые точки", "ТОРГ точ", true},
		{"Local outlets", "OUT", true},
		{"Local outlets", "products", false},
		{"Anything", "  ", true},
	}
	for _, tt := range tests {
		if got := NavMatch(tt.label, tt.query); got != tt.want {
			t.Errorf("NavMatch(%q, %q) = %v", tt.label, tt.query, got)
		}
	}
}

func TestExportRequest(t *testing.T) {
	q := Query{Filter: api.Filter{Search: "a"}, Deleted: true}
	req := ExportRequest("p", q, []api.SortKey{{Field: "code", Desc: true}}, cl("price", "code"), api.ExportCSV, "ru")
	want := api.ExportRequest{Catalog: "p", Filter: api.Filter{Search: "a"}, Sort: []api.SortKey{{Field: "code", Desc: true}},
		Columns: []string{"price", "code"}, Format: "csv", Deleted: true, Lang: "ru"}
	if !reflect.DeepEqual(req, want) {
		t.Errorf("got %+v, want %+v", req, want)
	}
	l := q.Layout(cl("code"), []api.Total{{Field: "price", Fn: "sum"}})
	if l.Filter.Search != "a" || !l.Deleted || len(l.Columns) != 1 || len(l.Totals) != 1 {
		t.Errorf("Layout = %+v", l)
	}
}
