package ui

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// childGridHeight is the height of a child catalog's grid on a card tab.
const childGridHeight = 320

// ChildGrid (#child-<catalog>) is a child catalog on a tab of its
// parent's card: the catalog's own Grid, scoped to the parent (every
// query carries Of, and the server adds the fixed condition), sortable,
// with its columns moved and resized as on the page. A row opens the
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
	Rev    int
	OnOpen func(id string)

	ctx       app.Context
	key       string // Catalog.Key and Parent the state is of
	revSeen   int
	q         state.Query
	win       state.Window
	cols      []api.ColumnLayout
	scrollTop float64
	sel       int
	gridRev   int
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
		c.cols = state.DefaultColumns(c.Catalog)
	}
}

func (c *ChildGrid) start() {
	c.sync()
	if c.win.Gen == 0 {
		c.win.Reset()
	} else if c.Rev != c.revSeen {
		c.revSeen = c.Rev
		c.win.Refresh()
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
	return app.Div().ID("child-"+c.Catalog.Key).Class("child-grid").
		Style("display", "flex").Style("flex-direction", "column").Style("gap", "8px").
		Body(
			create,
			app.Div().Style("display", "flex").Style("height", strconv.Itoa(childGridHeight)+"px").Body(
				&Grid{
					ID:   "grid-" + c.Catalog.Key,
					Lang: c.Lang, Label: c.Catalog.Label.In(c.Lang),
					Columns: cols, Widths: widths,
					Sort:  c.q.EffectiveSort(c.Catalog),
					Slots: slots, Range: rng, Rows: c.win.Total,
					Count: c.win.Total, Known: c.win.Known,
					Loading: c.win.Loading(rng),
					Sel:     c.sel,
					Rev:     c.gridRev,

					OnScroll:       c.onScroll,
					OnKey:          func(string) bool { return false },
					OnMenuKey:      func(int, int) {},
					OnRow:          c.onRow,
					OnSort:         c.onSort,
					OnHeadMenu:     func(string, int, int) {},
					OnMoveColumn:   c.onMoveColumn,
					OnResizeColumn: c.onResizeColumn,
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
		OnOpen: func(id string) { c.openChild(cat, id); c.Update() },
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
