package ui

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/state"
	"webtool/server/api"
)

func lt(ru, en string) api.LocalText { return api.LocalText{RU: ru, EN: en} }

var outletsCatalog = api.Catalog{
	Key: "outlets", Label: lt("Торговые точки", "Outlets"), TitleField: "name",
	Fields: []api.Field{
		{Key: "code", Label: lt("Код", "Code"), Type: api.FieldText, Required: true, Width: 100},
		{Key: "name", Label: lt("Название", "Name"), Type: api.FieldText, Required: true, MaxLen: 200},
		{Key: "status", Label: lt("Статус", "Status"), Type: api.FieldEnum, Options: []api.Option{
			{Key: "active", Label: lt("Активна", "Active")}, {Key: "closed", Label: lt("Закрыта", "Closed")}}},
		{Key: "debt", Label: lt("Долг", "Debt"), Type: api.FieldMoney},
		{Key: "distributor", Label: lt("Дистрибьютор", "Distributor"), Type: api.FieldRef, Ref: "distributors"},
		{Key: "opened", Label: lt("Открыта", "Opened"), Type: api.FieldDate},
	},
	Columns: []string{"code", "name", "status", "debt", "distributor", "opened"},
	Sort:    []api.SortKey{{Field: "name"}},
	Rights:  api.Rights{Read: true, Edit: true, Create: true, Delete: true},
	Notice:  lt("Обмен перезапишет изменения", "The exchange overwrites changes"),
}

// fakeServer answers catalog requests from memory and records them.
type fakeServer struct {
	mu      sync.Mutex
	total   int
	queries []api.QueryRequest
	saves   []api.SaveRequest
	saveErr error
	deleted map[string]bool
	gets    int
	totals  int
	// onSave runs while a save is answered, as the server's change push
	// would (before the reply).
	onSave func(api.SaveRequest)
}

// counts is how many queries, gets and totals requests were sent.
func (s *fakeServer) counts() (queries, gets, totals int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.queries), s.gets, s.totals
}

func outletRow(i int) api.Record {
	return api.Record{
		Catalog: "outlets", ID: fmt.Sprintf("o%d", i), Version: 1,
		Values: map[string]any{"code": fmt.Sprintf("C%05d", i), "name": fmt.Sprintf("Точка %d", i), "status": "active",
			"debt": "1234.5", "distributor": "d1", "opened": "2026-03-04"},
		Labels:    map[string]string{"distributor": "ООО Дистрибьютор"},
		ChangedBy: "ann", ChangedAt: "2026-11-20T10:00:00Z",
	}
}

func (s *fakeServer) handle(typ string, req, reply any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out any
	switch typ {
	case api.TypeQuery:
		q := req.(api.QueryRequest)
		s.queries = append(s.queries, q)
		r := api.QueryReply{Total: s.total, Offset: q.Offset}
		for i := q.Offset; i < q.Offset+q.Limit && i < s.total; i++ {
			row := outletRow(i)
			if s.deleted[row.ID] {
				row.Deleted = true
			}
			r.Rows = append(r.Rows, row)
		}
		out = r
	case api.TypeGet:
		s.gets++
		g := req.(api.GetRequest)
		var i int
		fmt.Sscanf(g.ID, "o%d", &i)
		out = outletRow(i)
	case api.TypeSave:
		sv := req.(api.SaveRequest)
		s.saves = append(s.saves, sv)
		if s.onSave != nil {
			s.onSave(sv)
		}
		if s.saveErr != nil {
			return s.saveErr
		}
		var i int
		fmt.Sscanf(sv.ID, "o%d", &i)
		rec := outletRow(i)
		rec.Version = sv.Version + 1
		for k, v := range sv.Values {
			rec.Values[k] = v
		}
		out = rec
	case api.TypeViews:
		out = api.Views{Views: []api.View{{ID: "v1", Catalog: "outlets", Name: "Мой", Mine: true}}}
	case api.TypeTotals:
		s.totals++
		out = api.TotalsReply{Totals: []api.TotalValue{{Field: "debt", Fn: api.AggSum, Value: "42"}}}
	case api.TypeWatch, api.TypeLookup:
		out = api.LookupReply{Choices: []api.Choice{{ID: "d1", Label: "ООО Дистрибьютор"}}}
	default:
		return &api.Error{Code: api.CodeUnknownType}
	}
	b, _ := json.Marshal(out)
	if reply == nil {
		return nil
	}
	return json.Unmarshal(b, reply)
}

func (s *fakeServer) lastQuery(t *testing.T) api.QueryRequest {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queries) == 0 {
		t.Fatal("no query sent")
	}
	return s.queries[len(s.queries)-1]
}

func mustMountCatalog(t *testing.T, srv *fakeServer, cat *api.Catalog) (*CatalogPage, app.ClientDispatcher) {
	t.Helper()
	link := &Link{}
	link.setSocket(&fakeSocket{handle: srv.handle})
	page := &CatalogPage{Lang: "ru", Catalog: cat, Link: link}
	disp := app.NewClientTester(page)
	t.Cleanup(disp.Close)
	settle(disp)
	return page, disp
}

func doOn(disp app.ClientDispatcher, src app.UI, fn func()) {
	disp.Dispatch(app.Dispatch{Mode: app.Update, Source: src, Function: func(app.Context) { fn() }})
	settle(disp)
}

func TestCatalogGridRendersWindow(t *testing.T) {
	srv := &fakeServer{total: 1234567}
	page, _ := mustMountCatalog(t, srv, &outletsCatalog)
	got := html(page)
	mustContain(t, got,
		`id="catalog"`, `data-catalog="outlets"`,
		`id="grid"`, `data-total="1234567"`, `data-loading="false"`,
		`id="grid-count"`, "1\u2009234\u2009567 записей",
		`id="grid-search"`, `id="show-deleted"`, `id="create"`, `id="filter-add"`,
		`class="grid-row`, `data-id="o0"`, `data-id="o5"`,
		"Активна", "1\u2009234,50", "04.03.2026", "ООО Дистрибьютор",
	)
	mustTag(t, got, `data-field="name"`, `aria-sort="ascending"`)
	mustTag(t, got, `data-field="code"`, `aria-sort="none"`)
	if n := strings.Count(got, `class="grid-row`); n > state.MaxRendered || n < 20 {
		t.Errorf("rendered %d rows, want a window of at most %d", n, state.MaxRendered)
	}
	q := srv.lastQuery(t)
	if q.Catalog != "outlets" || q.Offset != 0 || q.Limit != state.PageSize || q.Parent != nil {
		t.Errorf("query = %+v", q)
	}
	mustNotContain(t, got, `id="view-switch"`, `id="card"`)
}

func TestCatalogSortAndSearch(t *testing.T) {
	srv := &fakeServer{total: 50}
	page, disp := mustMountCatalog(t, srv, &outletsCatalog)

	doOn(disp, page, func() { page.sortBy("code") })
	if q := srv.lastQuery(t); len(q.Sort) != 1 || q.Sort[0] != (api.SortKey{Field: "code"}) {
		t.Errorf("sort = %+v", q.Sort)
	}
	mustTag(t, html(page), `data-field="code"`, `aria-sort="ascending"`)
	mustTag(t, html(page), `data-field="name"`, `aria-sort="none"`)
	mustContain(t, html(page), "▲")
	doOn(disp, page, func() { page.sortBy("code") })
	if q := srv.lastQuery(t); !q.Sort[0].Desc {
		t.Errorf("second click: sort = %+v", q.Sort)
	}
	mustTag(t, html(page), `data-field="code"`, `aria-sort="descending"`)
	mustContain(t, html(page), "▼")

	doOn(disp, page, func() { page.search = "кофе"; page.applySearch() })
	if q := srv.lastQuery(t); q.Filter.Search != "кофе" {
		t.Errorf("search = %q", q.Filter.Search)
	}
	doOn(disp, page, func() {
		page.q.Deleted = true
		page.resetQuery()
	})
	if q := srv.lastQuery(t); !q.Deleted {
		t.Error("show deleted not sent")
	}
}

func TestCatalogFilterChips(t *testing.T) {
	srv := &fakeServer{total: 3}
	page, disp := mustMountCatalog(t, srv, &outletsCatalog)
	doOn(disp, page, func() {
		page.filter = state.FilterForm{Open: true}
		page.setFilterField("status")
	})
	got := html(page)
	mustContain(t, got, `id="filter-field"`, `id="filter-op"`, `value="in"`, `class="filter-option"`, `data-value="active"`, `id="filter-apply"`)
	doOn(disp, page, func() {
		page.pickFilterOption(api.Choice{ID: "active", Label: "Активна"}, true)
		page.applyFilter()
	})
	q := srv.lastQuery(t)
	if len(q.Filter.All) != 1 || q.Filter.All[0].Op != api.OpIn || q.Filter.All[0].Values[0] != "active" {
		t.Errorf("filter = %+v", q.Filter)
	}
	got = html(page)
	mustContain(t, got, `class="filter-chip"`, `data-field="status"`, "Статус = Активна", `class="chip-remove"`, `class="chip-or"`, "или…")
	mustNotContain(t, got, `id="filter-form"`)

	// A typed value that is not a number is refused in the form.
	doOn(disp, page, func() {
		page.filter = state.FilterForm{Open: true}
		page.setFilterField("debt")
		page.filter.Op = api.OpGreater
		page.filter.V1 = "много"
		page.applyFilter()
	})
	mustContain(t, html(page), `id="filter-value"`, `class="filter-error"`)

	doOn(disp, page, func() { page.removeChip(state.Chip{Group: -1, Index: 0}) })
	if q := srv.lastQuery(t); len(q.Filter.All) != 0 {
		t.Errorf("filter after removal = %+v", q.Filter)
	}
}

func TestCatalogOrGroupChips(t *testing.T) {
	srv := &fakeServer{total: 3}
	page, disp := mustMountCatalog(t, srv, &outletsCatalog)
	pick := func(at *state.Chip, field, id, label string) {
		doOn(disp, page, func() {
			page.filter = state.FilterForm{Open: true, At: at}
			page.setFilterField(field)
			page.pickFilterOption(api.Choice{ID: id, Label: label}, true)
			page.applyFilter()
		})
	}
	// Ticking a value never reorders the list under the click.
	doOn(disp, page, func() {
		page.filter = state.FilterForm{Open: true}
		page.setFilterField("status")
		page.pickFilterOption(api.Choice{ID: "closed", Label: "Закрыта"}, true)
	})
	if got := html(page); strings.Index(got, `data-value="active"`) > strings.Index(got, `data-value="closed"`) {
		t.Error("the ticked value moved to the top of the list")
	}
	pick(nil, "status", "active", "Активна")
	pick(nil, "distributor", "d1", "ООО Дистрибьютор")
	// "or…" on the status chip opens the form on that field.
	doOn(disp, page, func() { page.openAlternative(state.Chip{Group: -1, Index: 0}) })
	if page.filter.Field != "status" || page.filter.Op != api.OpIn || page.filter.At == nil {
		t.Fatalf("or form = %+v", page.filter)
	}
	mustContain(t, html(page), `data-mode="or"`, "Добавить вариант к «Статус = Активна»")
	pick(&state.Chip{Group: -1, Index: 0}, "status", "closed", "Закрыта")
	q := srv.lastQuery(t)
	if len(q.Filter.Groups) != 1 || len(q.Filter.Groups[0].Any) != 2 || len(q.Filter.All) != 1 || q.Filter.All[0].Field != "distributor" {
		t.Fatalf("filter = %+v", q.Filter)
	}
	if got := q.Filter.All[0].Labels; len(got) != 1 || got[0] != "ООО Дистрибьютор" {
		t.Errorf("the reference's name is not kept with the filter: %v", got)
	}
	got := html(page)
	mustContain(t, got, `class="filter-group"`, `data-text="(Статус = Активна или Статус = Закрыта)"`, "Дистрибьютор = ООО Дистрибьютор")
	// Removing one of two alternatives turns the group back into a condition.
	doOn(disp, page, func() { page.removeChip(state.Chip{Group: 0, Index: 0}) })
	q = srv.lastQuery(t)
	if len(q.Filter.Groups) != 0 || len(q.Filter.All) != 2 || q.Filter.All[1].Values[0] != "closed" {
		t.Fatalf("after removing an alternative: %+v", q.Filter)
	}
	mustNotContain(t, html(page), `class="filter-group"`)
}

func TestChipNamesOfSavedFilters(t *testing.T) {
	srv := &fakeServer{total: 3}
	page, disp := mustMountCatalog(t, srv, &outletsCatalog)
	// A filter saved before names were kept: the chip looks the name up.
	doOn(disp, page, func() {
		page.q.Filter = api.Filter{All: []api.Condition{{Field: "distributor", Op: api.OpIn, Values: []any{"d1"}}}}
		page.resetQuery()
	})
	settle(disp)
	mustContain(t, html(page), "Дистрибьютор = ООО Дистрибьютор")
	// A saved label wins, and a user condition on "me" reads as words.
	doOn(disp, page, func() {
		page.q.Filter = api.Filter{All: []api.Condition{
			{Field: "distributor", Op: api.OpIn, Values: []any{"d9"}, Labels: []string{"Кава Трейд"}},
			{Field: "opened", Op: api.OpToday}}}
		page.resetQuery()
	})
	mustContain(t, html(page), "Дистрибьютор = Кава Трейд", "Открыта: сегодня")
}

func TestCatalogKeyboardAndCard(t *testing.T) {
	srv := &fakeServer{total: 100}
	page, disp := mustMountCatalog(t, srv, &outletsCatalog)
	doOn(disp, page, func() {
		page.gridKey("ArrowDown", 10)
		page.gridKey("ArrowDown", 10)
	})
	if page.sel != 1 || page.selID != "o1" {
		t.Fatalf("selection = %d %q", page.sel, page.selID)
	}
	mustContain(t, html(page), `aria-activedescendant="row-1"`)
	doOn(disp, page, func() { page.gridKey("Enter", 10) })
	got := html(page)
	mustContain(t, got, `id="card"`, `data-id="o1"`, `data-mode="view"`, "Точка 1", `id="card-notice"`,
		"Обмен перезапишет изменения", `id="card-edit"`, `id="card-delete"`, "изменено ann")
	doOn(disp, page, func() { page.gridKey("Escape", 10) })
	mustNotContain(t, html(page), `id="card"`)
}

// fakeHost holds a card alone; its writes go straight to the server.
type fakeHost struct {
	srv     *fakeServer
	closed  int
	changed []api.Record
	toasts  []string
}

func (h *fakeHost) closeCard()                        { h.closed++ }
func (h *fakeHost) notify(code, text string, ok bool) { h.toasts = append(h.toasts, code) }

func (h *fakeHost) write(typ, id string, req any, done func(api.Record, error)) {
	var rec api.Record
	err := h.srv.handle(typ, req, &rec)
	if err == nil {
		h.changed = append(h.changed, rec)
	}
	done(rec, err)
}

func mustMountCard(t *testing.T, srv *fakeServer, open cardOpen) (*Card, *fakeHost, app.ClientDispatcher) {
	t.Helper()
	link := &Link{}
	link.setSocket(&fakeSocket{handle: srv.handle})
	host := &fakeHost{srv: srv}
	card := &Card{Lang: "ru", Catalog: &outletsCatalog, Link: link, Host: host, Open: open}
	disp := app.NewClientTester(card)
	t.Cleanup(disp.Close)
	settle(disp)
	return card, host, disp
}

func TestCardEditSaveErrors(t *testing.T) {
	srv := &fakeServer{total: 10}
	card, host, disp := mustMountCard(t, srv, cardOpen{Seq: 1, ID: "o3"})
	mustContain(t, html(card), `data-mode="view"`, "Точка 3", "1\u2009234,50")
	mustAttr(t, html(card), "card", "data-rev", "1")

	doOn(disp, card, func() { card.st.StartEdit() })
	got := html(card)
	mustContain(t, got, `data-mode="edit"`, `for="f-name"`, `id="f-name"`, `maxlength="200"`, `id="f-status"`,
		`id="f-distributor"`, `role="combobox"`, `id="f-opened"`, `class="input date-input"`, `placeholder="ДД.ММ.ГГГГ"`, `id="card-save"`, `id="card-cancel"`)

	srv.saveErr = &api.Error{Code: api.CodeValidation, Fields: map[string]api.Code{"name": "unique", "people.0.x": "required"}}
	doOn(disp, card, func() {
		card.st.Set("name", "Новая точка")
		card.save()
	})
	got = html(card)
	mustTag(t, got, `class="field-error"`, `data-field="name"`, `data-code="unique"`)
	mustTag(t, got, `id="f-name"`, `value="Новая точка"`, `aria-invalid`)
	mustContain(t, got, "Такое значение уже есть",
		`value="Новая точка"`, `data-field="people.0.x"`, `aria-invalid`)
	if len(srv.saves) != 1 || srv.saves[0].ID != "o3" || srv.saves[0].Version != 1 {
		t.Errorf("saves = %+v", srv.saves)
	}

	srv.saveErr = &api.Error{Code: api.CodeConflict, Args: map[string]string{"by": "bob", "at": "2026-11-20T10:00:00Z"}}
	doOn(disp, card, func() { card.save() })
	mustContain(t, html(card), `id="card-conflict"`, "Пользователь bob изменил запись", `id="card-reload"`, `id="card-keep-mine"`, `value="Новая точка"`)

	srv.saveErr = &api.Error{Code: api.CodeForbidden}
	doOn(disp, card, func() { card.save() })
	if len(host.toasts) == 0 || host.toasts[len(host.toasts)-1] != "forbidden" {
		t.Errorf("toasts = %v", host.toasts)
	}

	srv.saveErr = nil
	doOn(disp, card, func() { card.save() })
	if card.st.Mode != state.View || len(host.changed) != 1 {
		t.Errorf("after save: mode %v, changed %d", card.st.Mode, len(host.changed))
	}
	mustContain(t, html(card), `data-mode="view"`, "Новая точка")
	// The card shows the save's reply: one more record shown, no reload
	// (the other read was the conflict's, of the version now stored).
	mustAttr(t, html(card), "card", "data-rev", "3")
	if srv.gets != 2 {
		t.Errorf("%d gets, want the first load and the conflict's", srv.gets)
	}
}

func TestCardNewAndConfirm(t *testing.T) {
	srv := &fakeServer{}
	card, host, disp := mustMountCard(t, srv, cardOpen{Seq: 1, New: true})
	got := html(card)
	mustTag(t, got, `id="card"`, `data-id `, `data-mode="edit"`)
	mustContain(t, got, "Новая запись", `class="req"`)
	// The create goes to the server all the same, which checks every
	// field and rule in the same round; the client's findings join its
	// answer.
	srv.saveErr = &api.Error{Code: api.CodeValidation, Fields: map[string]api.Code{"opened": "end_before_start"}}
	doOn(disp, card, func() { card.save() })
	mustTag(t, html(card), `class="field-error"`, `data-field="code"`, `data-code="required"`)
	mustTag(t, html(card), `class="field-error"`, `data-field="opened"`, `data-code="end_before_start"`)
	mustContain(t, html(card), `id="card-errors"`)
	if len(srv.saves) != 1 {
		t.Errorf("%d saves, want the create sent with its faults", len(srv.saves))
	}
	srv.saveErr = nil
	doOn(disp, card, func() { card.st.Set("code", "X1"); card.close() })
	mustContain(t, html(card), `id="confirm-dialog"`, `id="confirm-ok"`, `id="confirm-cancel"`)
	doOn(disp, card, func() { card.ask.Do(); card.ask = nil })
	if host.closed != 1 {
		t.Errorf("closed %d times", host.closed)
	}
}

// mustTag checks that one opening tag of page has all the attributes.
func mustTag(t *testing.T, page string, attrs ...string) {
	t.Helper()
	for _, tag := range tagRe.FindAllString(page, -1) {
		ok := true
		for _, a := range attrs {
			if !strings.Contains(tag+" ", a) && !strings.Contains(strings.TrimSuffix(tag, ">")+" ", a) {
				ok = false
				break
			}
		}
		if ok {
			return
		}
	}
	t.Errorf("no tag has all of %q", attrs)
}

var tagRe = regexp.MustCompile(`<[a-z][^>]*>`)
