package state

import (
	"reflect"
	"testing"
	"time"

	"webtool/server/api"
)

// ParseMoney turns what api.ParseMoney reads (its rules are tested there)
// into the wire form with two decimals.
func TestParseMoney(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"1234.5", "1234.50", true},
		{"1 234,50", "1234.50", true},
		{"1'234.56", "1234.56", true},
		{"+0,1", "0.10", true},
		{"-7", "-7.00", true},
		{"-0", "0.00", true},
		{"1.234", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseMoney(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseMoney(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		in   any
		lang string
		want string
	}{
		{"1234567.5", "ru", "1\u2009234\u2009567,50"},
		{"1234567.5", "en", "1\u2009234\u2009567.50"},
		{"999", "ru", "999,00"},
		{"-1000.1", "en", "−1\u2009000.10"},
		{12.5, "en", "12.50"},
		{nil, "ru", ""},
		{"junk", "ru", "junk"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.in, tt.lang); got != tt.want {
			t.Errorf("FormatMoney(%v, %s) = %q, want %q", tt.in, tt.lang, got, tt.want)
		}
	}
}

func TestFormatCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1\u2009000", 1000000: "1\u2009000\u2009000", 12345: "12\u2009345"} {
		if got := FormatCount(n); got != want {
			t.Errorf("FormatCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestFormatDates(t *testing.T) {
	msk := time.FixedZone("MSK", 3*3600)
	tests := []struct {
		name, got, want string
	}{
		{"date ru", FormatDate("2026-11-03", "ru"), "03.11.2026"},
		{"date en", FormatDate("2026-11-03", "en"), "03 Nov 2026"},
		{"bad date", FormatDate("soon", "ru"), "soon"},
		{"datetime ru local", FormatDateTime("2026-11-23T21:35:00Z", "ru", msk), "24.11.2026 00:35"},
		{"datetime en", FormatDateTime("2026-11-23T11:35:00Z", "en", msk), "23 Nov 2026, 14:35"},
		{"to input", DateTimeToInput("2026-11-23T11:35:00Z", msk), "2026-11-23T14:35"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	got, ok := InputToDateTime("2026-11-23T14:35", msk)
	if want := "2026-11-23T11:35:00Z"; !ok || got != want {
		t.Errorf("InputToDateTime = %q, %v; want %q", got, ok, want)
	}
	if _, ok := InputToDateTime("23.11.2026", msk); ok {
		t.Error("InputToDateTime accepted a non-ISO value")
	}
}

func TestFormatValue(t *testing.T) {
	status := api.Field{Key: "status", Type: api.FieldEnum, Options: []api.Option{{Key: "active", Label: api.LocalText{RU: "Активна", EN: "Active"}}}}
	tests := []struct {
		f     api.Field
		v     any
		label string
		lang  string
		want  string
	}{
		{status, "active", "", "en", "Active"},
		{status, "active", "", "ru", "Активна"},
		{status, "gone", "", "ru", "gone"},
		{api.Field{Type: api.FieldRef}, "d1", "Дистрибьютор 1", "ru", "Дистрибьютор 1"},
		{api.Field{Type: api.FieldBool}, true, "", "ru", "✓"},
		{api.Field{Type: api.FieldBool}, false, "", "ru", ""},
		{api.Field{Type: api.FieldNumber}, 42.0, "", "ru", "42"},
		{api.Field{Type: api.FieldNumber}, 1.25, "", "ru", "1.25"},
		{api.Field{Type: api.FieldCoords}, []any{55.75, 37.6}, "", "ru", "55.75000, 37.60000"},
		{api.Field{Type: api.FieldList}, []any{1, 2}, "", "ru", "2"},
		{api.Field{Type: api.FieldText}, nil, "", "ru", ""},
	}
	for _, tt := range tests {
		if got := FormatValue(&tt.f, tt.v, tt.label, tt.lang, time.UTC); got != tt.want {
			t.Errorf("FormatValue(%s, %v) = %q, want %q", tt.f.Type, tt.v, got, tt.want)
		}
	}
}

func TestViewRange(t *testing.T) {
	tests := []struct {
		name      string
		scrollTop float64
		viewport  float64
		total     int
		want      Range
	}{
		{"top", 0, 360, 1000000, Range{0, 11 + Overscan}},
		{"middle", 36 * 5000, 360, 1000000, Range{5000 - Overscan, 5011 + Overscan}},
		{"end clamps", 36 * 990, 720, 1000, Range{990 - Overscan, 1000}},
		{"small", 0, 720, 3, Range{0, 3}},
		{"empty", 0, 720, 0, Range{}},
		{"tall viewport caps", 0, 36 * 500, 1000000, Range{0, MaxRendered}},
	}
	for _, tt := range tests {
		if got := ViewRange(tt.scrollTop, tt.viewport, tt.total); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func TestScrollToShow(t *testing.T) {
	tests := []struct {
		i         int
		top, view float64
		want      float64
	}{
		{0, 0, 360, 0},
		{10, 0, 360, 36*11 - 360},
		{3, 36 * 5, 360, 36 * 3},
		{6, 36 * 5, 360, 36 * 5},
	}
	for _, tt := range tests {
		if got := ScrollToShow(tt.i, tt.top, tt.view); got != tt.want {
			t.Errorf("ScrollToShow(%d, %v, %v) = %v, want %v", tt.i, tt.top, tt.view, got, tt.want)
		}
	}
}

func rows(from, n int) []api.Record {
	out := make([]api.Record, n)
	for i := range out {
		out[i] = api.Record{ID: string(rune('a' + (from+i)%26))}
	}
	return out
}

func TestWindowPagesAndGenerations(t *testing.T) {
	var w Window
	r := Range{0, 40}
	if got := w.Need(r); !reflect.DeepEqual(got, []int{0}) {
		t.Fatalf("first Need = %v, want [0]", got)
	}
	if got := w.Need(r); got != nil {
		t.Fatalf("Need while loading = %v, want none", got)
	}
	if !w.Loading(r) {
		t.Error("not loading before the first reply")
	}
	gen := w.Gen
	if !w.Put(gen, 0, api.QueryReply{Rows: rows(0, PageSize), Total: 1000}) {
		t.Fatal("Put of the current generation refused")
	}
	if w.Loading(r) || w.Total != 1000 || !w.Known {
		t.Errorf("after Put: loading %v total %d known %v", w.Loading(r), w.Total, w.Known)
	}
	if _, ok := w.Row(5); !ok {
		t.Error("row 5 missing")
	}
	if _, ok := w.Row(PageSize + 1); ok {
		t.Error("row of an unloaded page present")
	}

	// A window across a page boundary needs the next page only.
	if got := w.Need(Range{190, 230}); !reflect.DeepEqual(got, []int{1}) {
		t.Errorf("Need across boundary = %v, want [1]", got)
	}

	// A new filter: the old reply to page 1 arrives late and is ignored.
	w.Reset()
	if w.Put(gen, 1, api.QueryReply{Rows: rows(200, PageSize), Total: 1000}) {
		t.Error("stale reply accepted")
	}
	if _, ok := w.Row(5); ok {
		t.Error("rows survived Reset")
	}
	if got := w.Need(r); !reflect.DeepEqual(got, []int{0}) {
		t.Errorf("Need after Reset = %v", got)
	}
	w.Put(w.Gen, 0, api.QueryReply{Rows: rows(0, 3), Total: 3})

	// Refresh keeps rows on screen while the page is fetched again.
	w.Refresh()
	if _, ok := w.Row(2); !ok {
		t.Error("Refresh dropped rows from the screen")
	}
	if got := w.Need(Range{0, 3}); !reflect.DeepEqual(got, []int{0}) {
		t.Errorf("Need after Refresh = %v, want [0]", got)
	}
	w.Put(w.Gen, 0, api.QueryReply{Rows: rows(0, 2), Total: 2})
	if _, ok := w.Row(2); ok {
		t.Error("row beyond the new total still shown")
	}
}

func TestWindowFailAndEvict(t *testing.T) {
	var w Window
	w.Need(Range{0, 10})
	w.Fail(w.Gen, 0)
	if got := w.Need(Range{0, 10}); !reflect.DeepEqual(got, []int{0}) {
		t.Errorf("Need after Fail = %v", got)
	}
	for p := 0; p < 20; p++ {
		w.Put(w.Gen, p, api.QueryReply{Rows: rows(p*PageSize, PageSize), Total: 1000000})
	}
	w.Evict(Range{10 * PageSize, 10*PageSize + 40})
	if got, want := len(w.pages), 2*KeepPages+1; got != want {
		t.Errorf("cached pages after Evict = %d, want %d", got, want)
	}
	if _, ok := w.Row(0); ok {
		t.Error("far page kept")
	}
	if i, ok := w.Find(w.pages[10].rows[3].ID); !ok || i/PageSize < 8 {
		t.Errorf("Find = %d, %v", i, ok)
	}
}

func TestSortToggling(t *testing.T) {
	var s []api.SortKey
	steps := []struct {
		click, wantAria string
	}{
		{"name", "ascending"},
		{"name", "descending"},
		{"name", "ascending"},
		{"code", "ascending"},
	}
	for i, st := range steps {
		s = ToggleSort(s, st.click)
		if got := AriaSort(s, st.click); got != st.wantAria {
			t.Errorf("step %d: aria-sort %q, want %q", i, got, st.wantAria)
		}
	}
	if got := AriaSort(s, "name"); got != "none" {
		t.Errorf("other column: %q, want none", got)
	}
}

func TestQueryFilter(t *testing.T) {
	var q Query
	if q.Active() {
		t.Error("empty query is active")
	}
	q.AddCondition(api.Condition{Field: "status", Op: api.OpIn, Values: []any{"active"}})
	q.AddCondition(api.Condition{Field: "status", Op: api.OpIn, Values: []any{"inactive"}})
	q.AddCondition(api.Condition{Field: "name", Op: api.OpContains, Values: []any{"кофе"}})
	if got := len(q.Filter.All); got != 2 {
		t.Fatalf("conditions = %d, want 2 (same field and op replaced)", got)
	}
	if !q.SetSearch(" abc ") || q.SetSearch("abc") {
		t.Error("SetSearch change detection wrong")
	}
	req := q.Request("outlets", 200, 200, nil)
	if req.Filter.Search != "abc" || req.Offset != 200 || len(req.Filter.All) != 2 || req.Parent != nil {
		t.Errorf("request = %+v", req)
	}
	req.Filter.All[0].Op = "changed"
	if q.Filter.All[0].Op != api.OpIn {
		t.Error("request shares its conditions with the query")
	}
	if !q.RemoveCondition(0) || q.Filter.All[0].Field != "name" || q.RemoveCondition(5) {
		t.Errorf("RemoveCondition: %+v", q.Filter.All)
	}
	q.ClearFilter()
	if q.Active() {
		t.Error("ClearFilter left a filter")
	}
}

func TestOpsAndValues(t *testing.T) {
	for _, typ := range []api.FieldType{api.FieldText, api.FieldNumber, api.FieldMoney, api.FieldDate, api.FieldDateTime, api.FieldBool, api.FieldEnum, api.FieldRef} {
		if len(api.OpsFor(typ)) == 0 {
			t.Errorf("no operators for %s", typ)
		}
	}
	// The server keeps no column of these: a filter bar offering them
	// would get bad_request.
	c := &api.Catalog{Fields: []api.Field{{Key: "geo", Type: api.FieldCoords}, {Key: "pin", Type: api.FieldPin}, {Key: "rows", Type: api.FieldList}}}
	if got := Filterable(c); len(got) != 0 {
		t.Errorf("Filterable offers %v", got)
	}
	tests := []struct {
		typ   api.FieldType
		typed string
		want  any
		ok    bool
	}{
		{api.FieldNumber, "1,5", 1.5, true},
		{api.FieldNumber, "x", 0.0, false},
		{api.FieldMoney, "10", "10.00", true},
		{api.FieldDate, "2026-01-02", "2026-01-02", true},
		{api.FieldDate, "02.01.2026", "02.01.2026", false},
		{api.FieldText, " a ", "a", true},
		{api.FieldText, "  ", "", false},
	}
	for _, tt := range tests {
		f := api.Field{Type: tt.typ}
		got, ok := FilterValue(&f, tt.typed)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FilterValue(%s, %q) = %v, %v; want %v, %v", tt.typ, tt.typed, got, ok, tt.want, tt.ok)
		}
	}
}

func TestTree(t *testing.T) {
	var tr Tree
	if !tr.NeedRoots() || tr.NeedRoots() {
		t.Fatal("NeedRoots should ask once")
	}
	tr.Put(tr.Gen, "", api.QueryReply{Rows: []api.Record{{ID: "r1", Children: 2}, {ID: "r2"}}, Total: 2})
	if got := len(tr.Rows()); got != 2 {
		t.Fatalf("rows = %d, want 2", got)
	}
	if tr.Toggle("r2") {
		t.Error("a leaf asked for children")
	}
	if !tr.Toggle("r1") {
		t.Fatal("expanding r1 did not ask for children")
	}
	if rows := tr.Rows(); !rows[0].Loading || !rows[0].Expanded {
		t.Errorf("r1 while loading: %+v", rows[0])
	}
	tr.Put(tr.Gen, "r1", api.QueryReply{Rows: []api.Record{{ID: "c1"}, {ID: "c2"}}, Total: 3})
	rows := tr.Rows()
	var ids []string
	var depths []int
	for _, r := range rows {
		ids = append(ids, r.ID)
		depths = append(depths, r.Depth)
	}
	if want := []string{"r1", "c1", "c2", "", "r2"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
	if want := []int{0, 1, 1, 1, 0}; !reflect.DeepEqual(depths, want) {
		t.Errorf("depths = %v, want %v", depths, want)
	}
	if rows[3].More != 1 {
		t.Errorf("more = %d, want 1", rows[3].More)
	}
	if p, ok := tr.Parent("c2"); !ok || p != "r1" {
		t.Errorf("Parent(c2) = %q, %v", p, ok)
	}
	old := tr.Gen
	if got := tr.Refresh(); !reflect.DeepEqual(got, []string{"", "r1"}) {
		t.Errorf("Refresh = %q", got)
	}
	if tr.Put(old, "", api.QueryReply{}) {
		t.Error("stale tree reply accepted")
	}
	if tr.Toggle("r1") || len(tr.Rows()) != 2 {
		t.Error("collapse failed")
	}
}

var orgCatalog = &api.Catalog{
	Key: "org", TitleField: "name",
	Tabs: []api.Tab{{Key: "general"}, {Key: "personnel"}},
	Fields: []api.Field{
		{Key: "name", Type: api.FieldText, Required: true, MaxLen: 10},
		{Key: "kind", Type: api.FieldEnum, Fixed: true},
		{Key: "code", Type: api.FieldText, ReadOnly: true},
		{Key: "price", Type: api.FieldMoney},
		{Key: "n", Type: api.FieldNumber},
		{Key: "at", Type: api.FieldDateTime},
		{Key: "ok", Type: api.FieldBool},
		{Key: "geo", Type: api.FieldCoords},
		{Key: "parent", Type: api.FieldRef},
		{Key: "people", Type: api.FieldList, Tab: "personnel", Columns: []api.Field{
			{Key: "person", Type: api.FieldRef, Required: true},
			{Key: "primary", Type: api.FieldBool},
			{Key: "from", Type: api.FieldDate, Required: true},
		}},
	},
}

func TestCardEditAndSave(t *testing.T) {
	c := NewCard(orgCatalog)
	c.Loc = time.UTC
	c.Load(api.Record{ID: "o1", Version: 4, Values: map[string]any{
		"name": "North", "kind": "region", "code": "N1", "price": "10.5", "n": 3.0, "at": "2026-01-02T03:04:00Z",
		"ok": true, "geo": []any{55.5, 37.25}, "parent": "p1",
		"people": []any{map[string]any{"person": "e1", "primary": true, "from": "2026-01-01"}},
	}, Labels: map[string]string{"parent": "Root", "people.0.person": "Ann"}})
	if c.Dirty() {
		t.Error("dirty in view mode")
	}
	c.StartEdit()
	if c.Dirty() {
		t.Error("dirty right after StartEdit")
	}
	if got := c.Draft["parent"]; got != (Ref{"p1", "Root"}) {
		t.Errorf("ref draft = %+v", got)
	}
	if got := c.Rows("people")[0]["person"]; got != (Ref{"e1", "Ann"}) {
		t.Errorf("list ref draft = %+v", got)
	}
	if got := c.Draft["price"]; got != "10.50" {
		t.Errorf("money draft = %v", got)
	}
	c.Set("name", "South")
	if !c.Dirty() {
		t.Error("not dirty after an edit")
	}
	c.AddRow("people")
	req, ok := c.Save()
	if ok {
		t.Fatalf("saved with an empty required cell: %+v", req)
	}
	// The server refuses the list as a whole; the card points at the cells.
	c.Failed(&api.Error{Code: api.CodeValidation, Fields: map[string]api.Code{"people": "required"}})
	if c.Errors["people.1.person"] != "required" || c.Errors["people.1.from"] != "required" {
		t.Errorf("cell errors = %v", c.Errors)
	}
	if tab, _ := c.FirstErrorTab(); tab != "personnel" {
		t.Errorf("first error tab = %q", tab)
	}
	c.RemoveRow("people", 1)
	req, ok = c.Save()
	if !ok {
		t.Fatalf("save refused: %v", c.Errors)
	}
	if req.ID != "o1" || req.Version != 4 {
		t.Errorf("request id/version = %q/%d", req.ID, req.Version)
	}
	if _, ok := req.Values["kind"]; ok {
		t.Error("fixed field sent for an existing record")
	}
	if _, ok := req.Values["code"]; ok {
		t.Error("read-only field sent")
	}
	want := map[string]any{
		"name": "South", "price": "10.50", "n": 3.0, "at": "2026-01-02T03:04:00Z", "ok": true,
		"geo": []any{55.5, 37.25}, "parent": "p1",
		"people": []any{map[string]any{"person": "e1", "primary": true, "from": "2026-01-01"}},
	}
	if !reflect.DeepEqual(req.Values, want) {
		t.Errorf("values =\n%#v\nwant\n%#v", req.Values, want)
	}

	// The server refuses: the draft stays, the errors show.
	if !c.Failed(&api.Error{Code: api.CodeValidation, Fields: map[string]api.Code{"name": "unique"}}) {
		t.Error("validation not shown on the card")
	}
	if c.Draft["name"] != "South" || c.Errors["name"] != "unique" || c.Mode != Edit {
		t.Errorf("after refusal: draft %v errors %v mode %v", c.Draft["name"], c.Errors, c.Mode)
	}
	c.Set("name", "South 2")
	if _, still := c.Errors["name"]; still {
		t.Error("error kept after the user changed the field")
	}
	if !c.Failed(&api.Error{Code: api.CodeConflict, Args: map[string]string{"by": "bob", "at": "2026-01-01T00:00:00Z"}}) || c.Conflict.By != "bob" {
		t.Errorf("conflict = %+v", c.Conflict)
	}
	if c.Failed(&api.Error{Code: api.CodeForbidden}) {
		t.Error("forbidden shown on the card instead of a toast")
	}
	c.Cancel()
	if c.Mode != View || c.Draft != nil {
		t.Error("Cancel kept the draft")
	}
}

func TestCardNewAndBadInput(t *testing.T) {
	c := NewCard(orgCatalog)
	c.StartNew(map[string]any{"parent": "p1"}, map[string]string{"parent": "Root"})
	if c.Exists || c.Mode != Edit || c.Draft["parent"] != (Ref{"p1", "Root"}) {
		t.Fatalf("new card: %+v", c)
	}
	c.Set("price", "12,3,4")
	c.Set("n", "many")
	c.Set("geo", Coords{Lat: "91", Lon: "0"})
	c.Set("at", "yesterday")
	_, errs := c.Build()
	for _, k := range []string{"price", "n", "geo", "at"} {
		if errs[k] != "bad_value" {
			t.Errorf("%s: %q, want bad_value", k, errs[k])
		}
	}
	if errs["name"] != "required" {
		t.Errorf("name: %q, want required", errs["name"])
	}
	c.Set("name", "abcdefghijk")
	if _, errs = c.Build(); errs["name"] != "too_long" {
		t.Errorf("name: %q, want too_long", errs["name"])
	}
	c.Set("name", "Ok")
	c.Set("price", "")
	c.Set("n", "")
	c.Set("geo", Coords{})
	c.Set("at", "")
	req, ok := c.Save()
	if !ok {
		t.Fatalf("save refused: %v", c.Errors)
	}
	want := map[string]any{"name": "Ok", "ok": false, "parent": "p1"}
	if req.ID != "" || !reflect.DeepEqual(req.Values, want) {
		t.Errorf("create values = %#v, want %#v (only filled ones)", req.Values, want)
	}
	if _, sent := req.Values["kind"]; sent {
		t.Error("empty fixed field sent on create")
	}
}
