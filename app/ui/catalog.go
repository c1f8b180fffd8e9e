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
	toastLife    = 6 * time.Second
	toastLong    = 12 * time.Second
	lookupLimit  = 50
)

// CatalogPage (#catalog) is the one screen of every catalog: the toolbar,
// the virtual grid or the tree, and the card of the chosen record. It is
// generic over api.Catalog; nothing in it knows a particular catalog.
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

	ctx       app.Context
	key       string
	needStart bool
	unsub     func()

	q        state.Query
	qLang    string // the language rows were last asked in (enum fields sort by label)
	win      state.Window
	tree     state.Tree
	treeMode bool
	// treeTotal is the size of the whole catalog while the tree shows
	// (the tree itself only knows the levels it loaded).
	treeTotal, countGen int
	treeKnown           bool

	scrollTop, viewport float64
	rng                 state.Range
	sel                 int
	selID               string

	card        cardOpen
	cardChanged int

	search    string
	searchSeq int
	fetchBusy bool
	pushSeq   int
	pushIDs   []string

	filter    filterForm
	refLabels map[string]string // "field\x00id" → label, for chips

	toasts   []toast
	toastSeq int

	// The layout beyond the query: visible columns in order with their
	// widths, and the totals row (api.Layout.Columns and .Totals).
	cols      []api.ColumnLayout
	totals    []api.Total
	totalVals map[string]api.TotalValue // by field
	totalsGen int

	menu      gridMenu
	chooser   columnChooser
	exporting string // the format being exported, "" when idle
	help      bool
	dragField string
	dropField string
	unresize  func()
	unescape  func()

	// Views and form settings (views.go).
	views                []api.View
	viewsKnown           bool
	viewID               string     // the current view, "" for none
	applied              api.Layout // the layout as last applied or saved
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
}

type toast struct {
	ID   int
	Code string
	Text string
	OK   bool
}

// cardHost is what a Card asks of the screen that holds it.
type cardHost interface {
	closeCard()
	recordChanged(rec api.Record, created bool)
	notify(code, text string, ok bool)
}

func (c *CatalogPage) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.unresize = listenResize(ctx, c)
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
	if c.unresize != nil {
		c.unresize()
		c.unresize = nil
	}
	if c.unescape != nil {
		c.unescape()
		c.unescape = nil
	}
	if c.unsub != nil {
		c.unsub()
		c.unsub = nil
	}
	if c.Link != nil {
		c.Link.Watch(nil)
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
	c.filter = filterForm{}
	c.refLabels = nil
	c.pushIDs = nil
	c.cols = state.DefaultColumns(c.Catalog)
	c.totals, c.totalVals = nil, nil
	c.menu, c.chooser, c.help = gridMenu{}, columnChooser{}, false
	c.dragField, c.dropField = "", ""
	c.views, c.viewsKnown, c.viewID = nil, false, ""
	c.applied = api.Layout{}
	c.viewMenu, c.viewDlg, c.shareOpen, c.ask = false, viewDialog{}, false, nil
	c.needStart = true
}

func (c *CatalogPage) start() {
	c.sync()
	if !c.needStart || c.ctx == nil || c.Link == nil {
		return
	}
	c.needStart = false
	c.Link.Watch([]string{c.key})
	if c.unsub == nil {
		c.unsub = c.Link.Subscribe(c.onLinkEvent)
	}
	setScrollTop("grid", 0)
	c.ctx.Defer(func(app.Context) { c.measure() })
	c.openLayout()
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

// countText is the record count for #grid-count and whether it is known.
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
		c.askQuery(c.win.Request(c.q, c.key, p), func(reply api.QueryReply, err error) {
			if err != nil {
				c.win.Fail(gen, p)
				c.requestFailed(err)
				return
			}
			if c.win.Put(gen, p, reply) {
				c.updateRange()
				c.win.Evict(c.rng)
				c.keepSelection()
				c.fetchPages()
			}
		})
	}
}

// askQuery runs a query off the UI goroutine and hands its answer back on
// it, unless the user has moved to another catalog meanwhile.
func (c *CatalogPage) askQuery(req api.QueryRequest, done func(api.QueryReply, error)) {
	key := c.key
	req.Lang, c.qLang = c.Lang, c.Lang
	c.ctx.Async(func() {
		var reply api.QueryReply
		err := c.Link.Request(c.ctx, api.TypeQuery, req, &reply)
		c.ctx.Dispatch(func(app.Context) {
			if c.key == key {
				done(reply, err)
			}
		})
	})
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
	c.askQuery(req, func(reply api.QueryReply, err error) {
		if err != nil {
			c.tree.Fail(gen, parent)
			c.requestFailed(err)
			return
		}
		c.tree.Put(gen, parent, reply)
		c.updateRange()
	})
}

// fetchCount asks for the size of the whole catalog while the tree shows.
func (c *CatalogPage) fetchCount() {
	c.countGen++
	gen := c.countGen
	// Limit 0 asks for the total only.
	c.askQuery(c.q.Request(c.key, 0, 0, nil), func(reply api.QueryReply, err error) {
		if gen == c.countGen && err == nil {
			c.treeTotal, c.treeKnown = reply.Total, true
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
	c.load()
	c.fetchTotals()
}

// refresh fetches again what is on screen, keeping it shown meanwhile.
func (c *CatalogPage) refresh() {
	if c.showTree() {
		for _, parent := range c.tree.Refresh() {
			c.fetchChildren(parent)
		}
		c.fetchCount()
		c.fetchTotals()
		return
	}
	c.win.Refresh()
	c.fetchPages()
	c.fetchTotals()
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
		c.refresh()
		c.fetchViews() // a views_changed push may have been missed
		if c.card.ID != "" {
			c.cardChanged++
		}
		c.Update()
	case ev.Settings != nil:
		c.onSettingsPush(*ev.Settings)
	case ev.ViewsOf != "" && ev.ViewsOf == c.key:
		c.fetchViews()
	case ev.Changed != nil && ev.Changed.Catalog == c.key:
		c.pushIDs = append(c.pushIDs, ev.Changed.IDs...)
		c.pushSeq++
		seq := c.pushSeq
		c.ctx.After(changedDelay, func(app.Context) {
			if seq != c.pushSeq {
				return
			}
			ids := c.pushIDs
			c.pushIDs = nil
			c.refresh()
			if c.card.ID != "" && slices.Contains(ids, c.card.ID) {
				c.cardChanged++
			}
		})
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
	if c.ctx == nil || c.Link == nil {
		return
	}
	req := api.NewRequest{Catalog: c.Catalog.Key, Values: open.Values}
	ctx := c.ctx
	ctx.Async(func() {
		var rec api.Record
		err := c.Link.Request(ctx, api.TypeNew, req, &rec)
		ctx.Dispatch(func(app.Context) {
			// Only if the user has not moved on meanwhile.
			if err != nil || c.card.Seq != open.Seq || !c.card.New {
				return
			}
			c.card = cardOpen{Seq: open.Seq + 1, New: true, Values: rec.Values, Labels: rec.Labels}
			c.Update()
		})
	})
}

func (c *CatalogPage) closeCard() {
	c.card = cardOpen{Seq: c.card.Seq}
	c.Update()
	focusByID("grid")
}

// recordChanged is called by the card after a save, delete or restore.
func (c *CatalogPage) recordChanged(rec api.Record, created bool) {
	if created {
		c.card = cardOpen{Seq: c.card.Seq, ID: rec.ID}
		c.selID = rec.ID
	}
	c.refresh()
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
	c.Update()
}

// notify shows a toast.
func (c *CatalogPage) notify(code, text string, ok bool) {
	c.toastSeq++
	id := c.toastSeq
	c.toasts = append(c.toasts, toast{ID: id, Code: code, Text: text, OK: ok})
	if len(c.toasts) > 4 {
		c.toasts = c.toasts[len(c.toasts)-4:]
	}
	life := toastLife
	if len(text) > 80 {
		life = toastLong
	}
	if c.ctx != nil {
		c.ctx.After(life, func(app.Context) { c.dismissToast(id) })
	}
	c.Update()
}

func (c *CatalogPage) dismissToast(id int) {
	c.toasts = slices.DeleteFunc(c.toasts, func(t toast) bool { return t.ID == id })
}

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
	return app.Div().ID("catalog").Class(classes...).DataSet("catalog", c.key).Body(
		c.renderHead(),
		c.renderToolbar(),
		c.renderChips(),
		c.renderFilterForm(),
		app.Div().Class("catalog-body").Body(
			c.renderGrid(),
			c.renderCard(open),
		),
		c.renderMenu(),
		c.renderChooser(),
		c.renderHelp(),
		c.renderViewMenu(),
		c.renderViewDialog(),
		c.renderShareDialog(),
		c.renderAsk(),
		c.renderToasts(),
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
	}
}
