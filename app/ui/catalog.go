package ui

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/app/wsclient"
	"webtool/server/api"
)

// Delays of the catalog screen.
const (
	searchDelay  = 300 * time.Millisecond // quick search waits for a pause in typing
	changedDelay = 150 * time.Millisecond // pushes arrive in bursts; refresh once
	fetchDelay   = 50 * time.Millisecond  // while scrolling, fetch at most this often
	lookupLimit  = 50
)

// CatalogPage (#catalog) is the one screen of every catalog: the head, the
// toolbar, the filter bar, the virtual grid or the tree, the card of the
// chosen record, and the menus and dialogs around them. It is generic over
// api.Catalog; nothing in it knows a particular catalog.
//
// The page owns the screen's state and all of its I/O (through ask); the
// parts it renders (CatalogHead, Toolbar, FilterChips, FilterForm, Grid
// with TotalsRow, GridMenu, ColumnChooser, ShortcutsHelp, ViewMenu,
// ViewDialog, ShareDialog, Toasts) are presentational: data in, callbacks
// out. Every callback ends with the page's Update, which renders them anew.
//
// go-app keeps one instance while the user moves between catalogs (it
// updates the fields), so the state is keyed by catalog: Render notices a
// new key and starts over.
type CatalogPage struct {
	app.Compo

	Lang    string
	Catalog *api.Catalog
	Link    *Link
	// Admin: the user may share views with roles.
	Admin bool
	// Fav: the catalog is among the user's favorites (FavKnown: the list
	// has loaded); OnFav adds (true) or removes it.
	Fav      bool
	FavKnown bool
	OnFav    func(key string, on bool)
	// User is the signed-in user's login (the card keeps drafts per user);
	// Catalogs finds another catalog's description (nil: unknown).
	User     string
	Catalogs func(key string) *api.Catalog

	ctx       app.Context
	key       string
	needStart bool
	unsub     func()
	unescape  func()

	q        state.Query
	qLang    string // the language rows were last asked in (enum fields sort by label)
	win      state.Window
	tree     state.Tree
	treeMode bool
	// treeTotal is the size of the whole catalog while the tree shows
	// (the tree itself only knows the levels it loaded).
	treeTotal, countGen int
	treeKnown           bool
	gridRev             int // query replies applied (#grid[data-rev])

	scrollTop, viewport float64
	rng                 state.Range
	sel                 int
	selID               string

	card        cardOpen
	cardChanged int
	// childPushes counts change pushes for the catalog's children, whose
	// grids the card's tabs show.
	childPushes int

	search    string
	searchSeq int
	fetchBusy bool
	changes   state.Changes
	pushes    int // change pushes heard for this catalog (#catalog[data-changes])

	filter    state.FilterForm
	filterRev int               // lookups applied (#filter-form[data-rev])
	refNames  map[string]string // nameKey(field, id) → name, for chips; "" while asked

	toasts state.Toasts

	// The layout beyond the query: visible columns in order with their
	// widths, and the totals row (api.Layout.Columns and .Totals).
	cols      []api.ColumnLayout
	totals    []api.Total
	totalVals map[string]api.TotalValue // by field
	totalsGen int
	totalsRev int // totals replies applied (#totals[data-rev])

	menu      gridMenu
	chooser   columnChooser
	exporting string // the format being exported, "" when idle
	help      bool

	// Views and form settings (catalog_views.go).
	views                []api.View
	viewsKnown           bool
	viewsRev             int        // view lists applied (#view-list[data-rev], #view-menu[data-views-rev])
	viewID               string     // the current view, "" for none
	applied              api.Layout // the layout as last applied or saved
	settings             api.FormSettings
	viewMenu             bool
	viewMenuX, viewMenuY int
	viewDlg              viewDialog
	shareOpen            bool
	shareID              string
	shareRoles           []string
	ask                  *confirmAsk
}

// cardOpen says which card is open: a record, or a new one.
type cardOpen struct {
	Seq    int // changes whenever a card is (re)opened
	ID     string
	New    bool
	Values map[string]any
	Labels map[string]string
	// Focus: opened from the keyboard; the focus moves into the card.
	Focus bool
}

// cardHost is what a Card asks of the screen that holds it.
type cardHost interface {
	closeCard()
	// write sends a save, delete or restore of the record id ("" for a
	// new one) and hands the reply to done, unless another card was opened
	// meanwhile. The screen refreshes its list for the write either way.
	write(typ, id string, req any, done func(api.Record, error))
	notify(code, text string, ok bool)
}

func (c *CatalogPage) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.unescape = listenEscape(c)
	c.start()
}

func (c *CatalogPage) OnUpdate(ctx app.Context) {
	c.ctx = ctx
	if c.needStart {
		c.start()
	} else if c.qLang != "" && c.qLang != c.Lang {
		c.qLang = c.Lang
		c.refresh() // the order of enum fields follows the language
	}
}

func (c *CatalogPage) OnDismount() {
	if c.unescape != nil {
		c.unescape()
		c.unescape = nil
	}
	if c.unsub != nil {
		c.unsub()
		c.unsub = nil
	}
	if c.Link != nil {
		c.Link.Watch(nil, nil)
	}
}

// sync resets the state when the page shows another catalog. It runs at the
// top of Render, because go-app renders an updated component before its
// OnUpdate; the I/O waits for OnMount/OnUpdate.
func (c *CatalogPage) sync() {
	if c.Catalog == nil || c.Catalog.Key == c.key {
		return
	}
	c.key = c.Catalog.Key
	c.q = state.Query{}
	c.win.Reset()
	c.win.Total = 0
	c.tree.Reset()
	c.treeMode = c.Catalog.Tree
	c.treeTotal, c.treeKnown = 0, false
	c.scrollTop = 0
	c.rng = state.Range{}
	c.sel, c.selID = -1, ""
	c.card = cardOpen{}
	c.search = ""
	c.filter = state.FilterForm{}
	c.refNames = nil
	c.changes.Reset()
	c.pushes = 0
	c.cols = state.DefaultColumns(c.Catalog)
	c.totals, c.totalVals = nil, nil
	c.menu, c.chooser, c.help = gridMenu{}, columnChooser{}, false
	c.views, c.viewsKnown, c.viewID = nil, false, ""
	c.applied, c.settings = api.Layout{}, api.FormSettings{}
	c.viewMenu, c.viewDlg, c.shareOpen, c.ask = false, viewDialog{}, false, nil
	c.needStart = true
}

func (c *CatalogPage) start() {
	c.sync()
	if !c.needStart || c.ctx == nil || c.Link == nil {
		return
	}
	c.needStart = false
	watch := []string{c.key}
	for _, ch := range c.Catalog.Children {
		watch = append(watch, ch.Key) // the card's tabs show them
	}
	c.Link.Watch(c.ctx, watch)
	if c.unsub == nil {
		c.unsub = c.Link.Subscribe(c.onLinkEvent)
	}
	setScrollTop("grid", 0)
	c.ctx.Defer(func(app.Context) { c.measure() })
	c.openLayout()
	c.reopenDraft()
}

// request sends one request of this catalog (see ask): its reply is
// dropped if another catalog opened meanwhile. The page renders after
// done, as after every dispatch of its own.
func request[R any](c *CatalogPage, typ string, req any, done func(R, error)) {
	if c.ctx == nil || c.Link == nil {
		return
	}
	key := c.key
	ask(c.ctx, c.Link, typ, req, func() bool { return c.key == key }, done)
}

// showTree reports whether the tree is on screen: a tree catalog in tree
// view without a search or filter (a filtered tree would hide matches
// under parents that do not match, so filtered rows show as a list).
func (c *CatalogPage) showTree() bool {
	return c.Catalog.Tree && c.treeMode && !c.q.Active()
}

// load fetches whatever the current view lacks.
func (c *CatalogPage) load() {
	if c.showTree() {
		if c.tree.NeedRoots() {
			c.fetchChildren("")
		}
		if !c.treeKnown {
			c.fetchCount()
		}
		return
	}
	c.fetchPages()
}

// total is the number of rows the scroll container holds.
func (c *CatalogPage) total() int {
	if c.showTree() {
		return len(c.tree.Rows())
	}
	return c.win.Total
}

// count is the record count for #grid-count and whether it is known.
func (c *CatalogPage) count() (int, bool) {
	if c.showTree() {
		return c.treeTotal, c.treeKnown
	}
	return c.win.Total, c.win.Known
}

func (c *CatalogPage) updateRange() {
	c.rng = state.ViewRange(c.scrollTop, c.viewport, c.total())
}

func (c *CatalogPage) fetchPages() {
	c.updateRange()
	pages := c.win.Need(c.rng)
	gen := c.win.Gen
	for _, p := range pages {
		c.query(c.win.Request(c.q, c.key, p), func(reply api.QueryReply, err error) {
			if err != nil {
				c.win.Fail(gen, p)
				c.requestFailed(err)
				return
			}
			if c.win.Put(gen, p, reply) {
				c.answered()
				c.updateRange()
				c.win.Evict(c.rng)
				c.keepSelection()
				c.fetchPages()
			}
		})
	}
}

// answered counts a query reply applied to the grid.
func (c *CatalogPage) answered() {
	c.gridRev++
}

// query asks for rows in the user's language (enum fields sort by label).
func (c *CatalogPage) query(req api.QueryRequest, done func(api.QueryReply, error)) {
	req.Lang, c.qLang = c.Lang, c.Lang
	request(c, api.TypeQuery, req, done)
}

// fetchSoon fetches after a short pause, at most once per fetchDelay, so a
// fast scroll through a million rows does not request every page it
// passes.
func (c *CatalogPage) fetchSoon() {
	if c.fetchBusy {
		return
	}
	c.fetchBusy = true
	c.ctx.After(fetchDelay, func(app.Context) {
		c.fetchBusy = false
		c.load()
	})
}

func (c *CatalogPage) fetchChildren(parent string) {
	gen := c.tree.Gen
	p := parent
	req := c.q.Request(c.key, 0, api.MaxWindow, &p)
	req.Filter = api.Filter{}
	c.query(req, func(reply api.QueryReply, err error) {
		if err != nil {
			c.tree.Fail(gen, parent)
			c.requestFailed(err)
			return
		}
		if c.tree.Put(gen, parent, reply) {
			c.answered()
		}
		c.updateRange()
	})
}

// fetchCount asks for the size of the whole catalog while the tree shows.
func (c *CatalogPage) fetchCount() {
	c.countGen++
	gen := c.countGen
	// Limit 0 asks for the total only.
	c.query(c.q.Request(c.key, 0, 0, nil), func(reply api.QueryReply, err error) {
		if gen == c.countGen && err == nil {
			c.treeTotal, c.treeKnown = reply.Total, true
			c.answered()
		}
	})
}

// requestFailed reports a failed load. Offline needs no toast: the
// connection banner already says so, and the data reloads on reconnect.
func (c *CatalogPage) requestFailed(err error) {
	if wsclient.IsNetwork(err) || errors.Is(err, wsclient.ErrClosed) {
		return
	}
	code := string(codeOf(err))
	c.notify(code, i18n.Error(c.Lang, api.Code(code)), false)
}

// codeOf is the error code of a failed request; a timeout gets its own.
func codeOf(err error) api.Code {
	var e *api.Error
	switch {
	case errors.As(err, &e):
		return e.Code
	case wsclient.IsNetwork(err), errors.Is(err, wsclient.ErrClosed):
		return "network"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	return api.CodeInternal
}

// resetQuery starts over after the filter, the order or the deleted switch
// changed.
func (c *CatalogPage) resetQuery() {
	c.win.Reset()
	c.tree.Reset()
	c.treeKnown = false
	c.sel, c.selID = -1, ""
	c.scrollTop = 0
	setScrollTop("grid", 0)
	c.resolveNames()
	c.load()
	c.fetchTotals()
}

// refresh fetches again what is on screen, keeping it shown meanwhile. It
// covers the change pushes heard so far and returns the ids they named.
func (c *CatalogPage) refresh() []string {
	ids := c.changes.Refreshed()
	if c.showTree() {
		for _, parent := range c.tree.Refresh() {
			c.fetchChildren(parent)
		}
		c.fetchCount()
	} else {
		c.win.Refresh()
		c.fetchPages()
	}
	c.fetchTotals()
	return ids
}

// keepSelection follows the selected record when rows shift.
func (c *CatalogPage) keepSelection() {
	if c.selID == "" {
		return
	}
	if r, ok := c.win.Row(c.sel); ok && r.ID == c.selID {
		return
	}
	if i, ok := c.win.Find(c.selID); ok {
		c.sel = i
	}
}

func (c *CatalogPage) onLinkEvent(ev LinkEvent) {
	switch {
	case ev.Reconnected:
		c.cardMayHaveChanged(c.refresh())
		c.fetchViews() // a views_changed push may have been missed
		if c.card.ID != "" {
			c.cardChanged++
			c.childPushes++ // a push for a tab's grid may have been missed too
		}
		c.Update()
	case ev.Settings != nil:
		c.onSettingsPush(*ev.Settings)
	case ev.ViewsOf != "" && ev.ViewsOf == c.key:
		c.fetchViews()
	case ev.Changed != nil && ev.Changed.Catalog == c.key:
		c.pushes++
		if seq, ok := c.changes.Push(ev.Changed.IDs); ok {
			c.refreshAfterPause(seq)
		}
	case ev.Changed != nil && slices.ContainsFunc(c.Catalog.Children, func(ch api.Catalog) bool { return ch.Key == ev.Changed.Catalog }):
		c.childPushes++
		c.Update()
	}
}

// refreshAfterPause refreshes once the burst of pushes seq belongs to is
// over, unless a refresh has covered it by then.
func (c *CatalogPage) refreshAfterPause(seq int) {
	c.ctx.After(changedDelay, func(app.Context) {
		ids, ok := c.changes.Due(seq)
		if !ok {
			return
		}
		c.refresh()
		c.cardMayHaveChanged(ids)
	})
}

// cardMayHaveChanged tells the open card when its record is among ids.
func (c *CatalogPage) cardMayHaveChanged(ids []string) {
	if c.card.ID != "" && slices.Contains(ids, c.card.ID) {
		c.cardChanged++
	}
}

// ---- selection, card

func (c *CatalogPage) rowAt(i int) (api.Record, bool) {
	if c.showTree() {
		rows := c.tree.Rows()
		if i < 0 || i >= len(rows) || rows[i].ID == "" {
			return api.Record{}, false
		}
		return rows[i].Rec, true
	}
	return c.win.Row(i)
}

func (c *CatalogPage) selectRow(i int) {
	c.sel = i
	c.selID = ""
	if r, ok := c.rowAt(i); ok {
		c.selID = r.ID
	}
}

func (c *CatalogPage) openCard(id string) {
	if id == "" {
		return
	}
	c.card = cardOpen{Seq: c.card.Seq + 1, ID: id}
}

// openNew opens an empty card, filled with what the server says a new
// record starts as (defaults such as today's date) and, in a tree, the
// selected node as the parent.
func (c *CatalogPage) openNew() {
	open := cardOpen{Seq: c.card.Seq + 1, New: true}
	if c.showTree() && c.selID != "" && c.Catalog.ParentField != "" {
		if n, ok := c.tree.Node(c.selID); ok {
			title, _ := n.Rec.Values[c.Catalog.TitleField].(string)
			open.Values = map[string]any{c.Catalog.ParentField: n.Rec.ID}
			open.Labels = map[string]string{c.Catalog.ParentField: title}
		}
	}
	c.card = open
	request(c, api.TypeNew, api.NewRequest{Catalog: c.Catalog.Key, Values: open.Values}, func(rec api.Record, err error) {
		// Only if the user has not moved on meanwhile.
		if err != nil || c.card.Seq != open.Seq || !c.card.New {
			return
		}
		c.card = cardOpen{Seq: open.Seq + 1, New: true, Values: rec.Values, Labels: rec.Labels}
	})
}

func (c *CatalogPage) closeCard() {
	c.card = cardOpen{Seq: c.card.Seq}
	c.Update()
	focusByID("grid")
}

// write sends a change of the open card's record. The screen, not the
// card, hears the reply first: the card may have been closed meanwhile, and
// the list must still refresh (once, see state.Changes).
func (c *CatalogPage) write(typ, id string, req any, done func(api.Record, error)) {
	seq := c.card.Seq
	c.changes.SaveStarted()
	request(c, typ, req, func(rec api.Record, err error) {
		if err != nil {
			if _, after, ok := c.changes.SaveDone(false); ok {
				c.refreshAfterPause(after)
			}
		} else {
			c.written(rec, id, id == "" && c.card.Seq == seq)
		}
		if c.card.Seq == seq {
			done(rec, err)
		}
	})
}

// written refreshes the visible window once after a write: the reply is
// the record as written, which the card shows itself, and the push the
// write causes is covered by this refresh (see state.Changes).
// id is the record's when the reply has none (a delete may answer empty).
func (c *CatalogPage) written(rec api.Record, id string, created bool) {
	if rec.ID != "" {
		id = rec.ID
	}
	others, _, _ := c.changes.SaveDone(true)
	if created {
		c.card = cardOpen{Seq: c.card.Seq, ID: rec.ID}
		c.selID = rec.ID
	}
	c.refresh()
	c.cardMayHaveChanged(others)
	if c.showTree() && created {
		if parent, _ := rec.Values[c.Catalog.ParentField].(string); parent != "" {
			if n, ok := c.tree.Node(parent); ok && !n.Expanded {
				n.Rec.Children++
				if c.tree.SetExpanded(parent, true) {
					c.fetchChildren(parent)
				}
			}
		}
	}
}

// notify shows a toast.
func (c *CatalogPage) notify(code, text string, ok bool) {
	id, life := c.toasts.Add(code, text, ok)
	if c.ctx != nil {
		c.ctx.After(life, func(app.Context) { c.toasts.Dismiss(id) })
	}
	c.Update()
}

func (c *CatalogPage) dismissToast(id int) {
	c.toasts.Dismiss(id)
	c.Update()
}

func (c *CatalogPage) t(key string) string { return i18n.T(c.Lang, key) }

func (c *CatalogPage) Render() app.UI {
	c.sync()
	if c.Catalog == nil {
		return app.Div().ID("catalog").Class("catalog")
	}
	open := c.card.ID != "" || c.card.New
	classes := []string{"catalog"}
	if open {
		classes = append(classes, "card-open")
	}
	n, known := c.count()
	return app.Div().ID("catalog").Class(classes...).DataSet("catalog", c.key).DataSet("changes", c.pushes).Body(
		&CatalogHead{
			Lang: c.Lang, Title: c.Catalog.Label.In(c.Lang), Count: n, Known: known,
			CanCreate: c.Catalog.Rights.Create, Child: c.showTree() && c.selID != "",
			OnCreate: c.onCreate,
		},
		c.renderToolbar(),
		app.If(c.q.FilterCount() > 0, &FilterChips{
			Lang: c.Lang, Catalog: c.Catalog, Filter: c.q.Filter, Names: c.refNames,
			OnOr: c.openAlternative, OnRemove: c.removeChip,
		}),
		c.renderFilterForm(),
		app.Div().Class("catalog-body").Body(
			c.renderGrid(),
			c.renderCard(open),
		),
		c.renderMenu(),
		c.renderChooser(),
		app.If(c.help, &ShortcutsHelp{Lang: c.Lang, OnClose: c.closeHelp}),
		c.renderViewMenu(),
		c.renderViewDialog(),
		c.renderShareDialog(),
		c.renderAsk(),
		&Toasts{Lang: c.Lang, List: c.toasts.List, OnDismiss: c.dismissToast},
	)
}

func (c *CatalogPage) renderCard(open bool) app.UI {
	if !open {
		return nil
	}
	return &Card{
		Lang:    c.Lang,
		Catalog: c.Catalog,
		Link:    c.Link,
		Host:    c,
		Open:    c.card,
		Changed: c.cardChanged,
		User:    c.User, Catalogs: c.Catalogs,

		ChildChanged: c.childPushes,
	}
}
