package ui

import (
	"cmp"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// childGridHeight is the height of a child catalog's grid on a card tab.
const childGridHeight = 320

// ChildGrid (#child-<catalog>) is a child catalog on a tab of its
// parent's card: the catalog's own Grid, scoped to the parent (every
// query, totals and export request carries Of, and the server adds the
// fixed condition), with the quick search (#child-search-<catalog>),
// sorting, the totals row (#totals-<catalog>), the export of what it
// shows and its columns moved and resized as on the page. A row opens the
// child's card in place of the parent's (OnOpen with its id), the create
// button a new one (OnOpen with ""), which starts as the parent's.
type ChildGrid struct {
	app.Compo

	Lang    string
	Catalog *api.Catalog // as the tab shows it (see tabCatalog)
	Parent  string       // the parent record's id
	Link    *Link
	// Rev grows when the rows may have changed (a push for the catalog,
	// a write from the child's card): the grid asks again.
	Rev      int
	OnOpen   func(id string)
	OnNotify func(code, text string, ok bool)

	ctx       app.Context
	key       string // Catalog.Key and Parent the state is of
	revSeen   int
	q         state.Query
	win       state.Window
	cols      []api.ColumnLayout
	scrollTop float64
	sel       int
	gridRev   int
	search    string // as typed; c.q has it once applied
	searchSeq int
	totals    []api.Total
	totalVals map[string]api.TotalValue
	totalsGen int
	totalsRev int
	exporting bool
}

// OnMount starts like any update: the instance may be reused for another
// record.
func (c *ChildGrid) OnMount(ctx app.Context) { c.OnUpdate(ctx) }

func (c *ChildGrid) OnUpdate(ctx app.Context) {
	c.ctx = ctx
	c.start()
}

// sync starts over for another catalog or parent (go-app reuses the
// instance); it runs at the top of Render, like CatalogPage.sync, and
// leaves the asking to start.
func (c *ChildGrid) sync() {
	if key := c.Catalog.Key + "/" + c.Parent; key != c.key {
		c.key, c.revSeen = key, c.Rev
		c.q, c.win, c.scrollTop, c.sel = state.Query{}, state.Window{}, 0, -1
		c.search, c.totals, c.totalVals = "", nil, nil
		c.searchSeq++
		c.cols = state.DefaultColumns(c.Catalog)
	}
}

func (c *ChildGrid) start() {
	c.sync()
	if c.win.Gen == 0 {
		c.win.Reset()
		c.fetchTotals()
	} else if c.Rev != c.revSeen {
		c.revSeen = c.Rev
		c.win.Refresh()
		c.fetchTotals()
	}
	c.fetch()
}

func (c *ChildGrid) viewRange() state.Range {
	return state.ViewRange(c.scrollTop, childGridHeight-2*state.RowHeight, c.win.Total)
}

// fetch asks for the pages in view that are missing.
func (c *ChildGrid) fetch() {
	if c.ctx == nil || c.Link == nil {
		return
	}
	gen, key := c.win.Gen, c.key
	for _, p := range c.win.Need(c.viewRange()) {
		req := c.win.Request(c.q, c.Catalog.Key, p)
		req.Of, req.Lang = c.Parent, c.Lang
		ask(c.ctx, c.Link, api.TypeQuery, req, func() bool { return key == c.key }, func(reply api.QueryReply, err error) {
			if err != nil {
				c.win.Fail(gen, p)
				return
			}
			if c.win.Put(gen, p, reply) {
				c.gridRev++
				c.fetch()
			}
		})
	}
}

func (c *ChildGrid) Render() app.UI {
	c.sync()
	var cols []*api.Field
	var widths []int
	for _, col := range c.cols {
		if f := state.FieldByKey(c.Catalog, col.Field); f != nil {
			cols = append(cols, f)
			widths = append(widths, cmp.Or(col.Width, colWidth(f)))
		}
	}
	rng := c.viewRange()
	slots := state.Slots(rng, c.win.Total, func(i int) (state.TreeRow, bool) {
		rec, ok := c.win.Row(i)
		return state.TreeRow{ID: rec.ID, Rec: rec}, ok
	})
	var create app.UI
	if c.Catalog.Rights.Create {
		create = app.Button().ID("child-create-"+c.Catalog.Key).Type("button").Class("btn", "btn-secondary", "btn-sm").
			OnClick(c.onCreate).
			Body(icon(pathPlus), app.Span().Text(i18n.T(c.Lang, "catalog.create")))
	}
	gridID := "grid-" + c.Catalog.Key
	export := func(format string) app.UI {
		return app.Button().ID("child-export-"+format+"-"+c.Catalog.Key).Type("button").Class("btn", "btn-secondary", "btn-sm").
			DataSet("format", format).
			Disabled(c.exporting).
			OnClick(c.onExport, format).
			Text(i18n.T(c.Lang, "menu.export_"+format))
	}
	return app.Div().ID("child-"+c.Catalog.Key).Class("child-grid").
		Body(
			app.Div().Class("child-toolbar").Body(
				create,
				&SearchBox{ID: "child-search-" + c.Catalog.Key, Grid: gridID, Lang: c.Lang, Value: c.search, OnInput: c.onSearch, OnEnter: c.onSearchEnter},
				export(api.ExportXLSX),
				export(api.ExportCSV),
			),
			// The height is childGridHeight (app.css .child-grid-frame), which
			// the visible range is computed from.
			app.Div().Class("child-grid-frame").Body(
				&Grid{
					ID:   gridID,
					Lang: c.Lang, Label: c.Catalog.Label.In(c.Lang),
					Columns: cols, Widths: widths,
					Sort:  c.q.EffectiveSort(c.Catalog),
					Slots: slots, Range: rng, Rows: c.win.Total,
					Count: c.win.Total, Known: c.win.Known,
					Loading: c.win.Loading(rng),
					Sel:     c.sel,
					Rev:     c.gridRev, Search: c.q.Filter.Search,
					TotalsID: "totals-" + c.Catalog.Key,
					Totals:   c.totals, TotalValues: c.totalVals, TotalsRev: c.totalsRev,

					OnScroll:       c.onScroll,
					OnKey:          func(string) bool { return false },
					OnMenuKey:      func(int, int) {},
					OnRow:          c.onRow,
					OnSort:         c.onSort,
					OnHeadMenu:     func(string, int, int) {},
					OnMoveColumn:   c.onMoveColumn,
					OnResizeColumn: c.onResizeColumn,
					OnTotal:        c.onTotal,
				},
			),
		)
}

func (c *ChildGrid) onCreate(ctx app.Context, e app.Event) { emit(ctx, func() { c.OnOpen("") }) }

func (c *ChildGrid) onScroll(top, _ float64) {
	old := c.viewRange()
	c.scrollTop = top
	if c.viewRange() != old {
		c.fetch()
		c.Update()
	}
}

func (c *ChildGrid) onRow(i int) {
	if r, ok := c.win.Row(i); ok {
		c.sel = i
		c.OnOpen(r.ID)
	}
}

func (c *ChildGrid) onSort(field string) {
	c.q.Sort = state.ToggleSort(c.q.EffectiveSort(c.Catalog), field)
	c.win.Reset()
	c.fetch()
	c.Update()
}

// onSearch follows the typing without a render; the search applies
// after a pause, as on the page.
func (c *ChildGrid) onSearch(text string) {
	c.search = text
	afterTyping(c.ctx, &c.searchSeq, c.applySearch)
}

func (c *ChildGrid) onSearchEnter() {
	c.searchSeq++
	c.applySearch()
}

func (c *ChildGrid) applySearch() {
	if c.q.SetSearch(c.search) {
		c.win.Reset()
		c.scrollTop = 0
		c.fetch()
		c.fetchTotals()
		c.Update()
	}
}

func (c *ChildGrid) onTotal(field, fn string) {
	c.totals = state.SetTotal(c.totals, field, fn)
	c.fetchTotals()
	c.Update()
}

// fetchTotals asks for the totals row of the parent's rows the search
// matches, if any column has one; the reply of an older request is
// dropped.
func (c *ChildGrid) fetchTotals() {
	req, ok := state.TotalsRequest(c.Catalog, c.q, c.cols, c.totals)
	c.totalsGen++
	if !ok || c.ctx == nil || c.Link == nil {
		c.totalVals = nil
		return
	}
	req.Of = c.Parent
	gen, key := c.totalsGen, c.key
	ask(c.ctx, c.Link, api.TypeTotals, req, func() bool { return gen == c.totalsGen && key == c.key }, func(reply api.TotalsReply, err error) {
		if err == nil {
			c.totalVals = totalsByField(reply)
			c.totalsRev++
		}
	})
}

// exportRequest is the export of what the tab shows: the parent's rows
// the search matches, in the grid's order, exactly its columns.
func (c *ChildGrid) exportRequest(format string) api.ExportRequest {
	req := state.ExportRequest(c.Catalog.Key, c.q, c.q.EffectiveSort(c.Catalog), c.cols, format, c.Lang)
	req.Of = c.Parent
	return req
}

func (c *ChildGrid) onExport(ctx app.Context, e app.Event) {
	c.export(ctx.JSSrc().Get("dataset").Get("format").String())
}

// export downloads what the tab shows, a search still being typed
// included, through the page's export path.
func (c *ChildGrid) export(format string) {
	if c.exporting || c.ctx == nil || c.Link == nil {
		return
	}
	c.searchSeq++
	c.applySearch()
	c.exporting = true
	exportFile(c.ctx, c.Link, c.exportRequest(format), c.Lang, c.OnNotify, func() { c.exporting = false })
	c.Update()
}

func (c *ChildGrid) onMoveColumn(field, before string) {
	c.cols = state.MoveColumn(c.cols, field, before)
	c.Update()
}

func (c *ChildGrid) onResizeColumn(field string, width int) {
	c.cols = state.ResizeColumn(c.cols, field, width)
	c.Update()
}

// tabCatalog is a child catalog as its parent's tab shows it: the parent
// is given (the field read-only on the child's card, the server fills it
// from Of) and is no column of the grid.
func tabCatalog(child api.Catalog) *api.Catalog {
	field := child.Parent.Field
	child.Fields = slices.Clone(child.Fields)
	for i := range child.Fields {
		if child.Fields[i].Key == field {
			child.Fields[i].ReadOnly = true
		}
	}
	child.Columns = slices.DeleteFunc(slices.Clone(child.Columns), func(k string) bool { return k == field })
	return &child
}

// childOpen is the card of a child record opened from a tab, shown in
// place of the parent's.
type childOpen struct {
	Catalog *api.Catalog
	Open    cardOpen
}

// tabs are the card's tabs: the catalog's own and, on a stored record, one
// per child catalog (keyed by the child's key). A catalog with children
// and no tabs of its own gets a first one for its fields.
func (c *Card) tabs() []api.Tab {
	tabs := c.Catalog.Tabs
	if len(c.Catalog.Children) == 0 || !c.st.Exists {
		return tabs
	}
	if len(tabs) == 0 {
		tabs = []api.Tab{{Label: api.LocalText{RU: i18n.T(i18n.RU, "card.general"), EN: i18n.T(i18n.EN, "card.general")}}}
	}
	tabs = slices.Clone(tabs)
	for _, ch := range c.Catalog.Children {
		tabs = append(tabs, api.Tab{Key: ch.Key, Label: ch.Label})
	}
	return tabs
}

// childOf returns the child catalog shown on tab key (nil: a tab of the
// record's own fields).
func (c *Card) childOf(tab string) *api.Catalog {
	for i := range c.Catalog.Children {
		if ch := &c.Catalog.Children[i]; ch.Key == tab && tab != "" {
			return ch
		}
	}
	return nil
}

// renderChild renders the grid of child catalog ch, once its tab is
// chosen (a hidden tab asks the server nothing).
func (c *Card) renderChild(ch *api.Catalog) app.UI {
	if c.tab != ch.Key {
		return nil
	}
	cat := tabCatalog(*ch)
	return &ChildGrid{
		Lang: c.Lang, Catalog: cat, Parent: c.st.Rec.ID, Link: c.Link, Rev: c.ChildChanged + c.childRev,
		OnOpen:   func(id string) { c.openChild(cat, id); c.Update() },
		OnNotify: c.Host.notify,
	}
}

// openChild opens the card of child record id of cat in place of this
// one; "" opens a new one, which starts as this record's child: the
// server fills in what a new record of the tab starts as (NewRequest.Of).
func (c *Card) openChild(cat *api.Catalog, id string) {
	c.childSeq++
	open := cardOpen{Seq: c.childSeq, ID: id, New: id == ""}
	if open.New {
		field := cat.Parent.Field
		open.Values = map[string]any{field: c.st.Rec.ID}
		open.Labels = map[string]string{field: c.title()}
	}
	c.child = &childOpen{Catalog: cat, Open: open}
	if !open.New {
		return
	}
	cardAsk(c, api.TypeNew, api.NewRequest{Catalog: cat.Key, Of: c.st.Rec.ID}, func(rec api.Record, err error) {
		// Only if the user has not moved on meanwhile.
		if err != nil || c.child == nil || c.child.Open.Seq != open.Seq {
			return
		}
		c.childSeq++
		c.child.Open = cardOpen{Seq: c.childSeq, New: true, Values: rec.Values, Labels: rec.Labels}
	})
}

// tabHost is the host of a child record's card opened from a tab: its
// writes carry the parent (Of), so the server lets them touch this
// parent's children only, and closing it shows the parent's card again,
// on the same tab, its grid asked anew.
type tabHost struct{ c *Card }

func (h tabHost) closeCard() {
	h.c.child = nil
	h.c.Update()
}

func (h tabHost) notify(code, text string, ok bool) { h.c.Host.notify(code, text, ok) }

func (h tabHost) write(typ, id string, req any, done func(api.Record, error)) {
	c := h.c
	switch r := req.(type) {
	case api.SaveRequest:
		r.Of = c.st.Rec.ID
		req = r
	case api.RecordRef:
		r.Of = c.st.Rec.ID
		req = r
	}
	child := c.child
	cardAsk(c, typ, req, func(rec api.Record, err error) {
		if c.child != child {
			return // the child's card was closed meanwhile
		}
		if err == nil {
			c.childRev++
			if id == "" {
				// The new record's card now shows it, as the page's does.
				child.Open = cardOpen{Seq: child.Open.Seq, ID: rec.ID}
			}
		}
		done(rec, err)
	})
}
