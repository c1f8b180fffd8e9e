package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/state"
	"webtool/server/api"
)

// The page's side of the toolbar and the grid: what they show and what
// their callbacks do.

// columns are the fields the grid shows, in the layout's order.
func (c *CatalogPage) columns() []*api.Field {
	var out []*api.Field
	for _, col := range c.cols {
		if f := state.FieldByKey(c.Catalog, col.Field); f != nil {
			out = append(out, f)
		}
	}
	return out
}

// widthOf is a column's width: the user's, else the field's default.
func (c *CatalogPage) widthOf(f *api.Field) int {
	if i := state.ColumnIndex(c.cols, f.Key); i >= 0 && c.cols[i].Width > 0 {
		return c.cols[i].Width
	}
	return colWidth(f)
}

func (c *CatalogPage) gridLoading() bool {
	if c.showTree() {
		if !c.tree.Loaded() {
			return true
		}
		for _, r := range c.tree.Rows() {
			if r.Loading {
				return true
			}
		}
		return false
	}
	return c.win.Loading(c.rng)
}

func (c *CatalogPage) renderToolbar() app.UI {
	name := ""
	if v := c.currentView(); v != nil {
		name = state.ViewName(*v, c.Lang)
	}
	return &Toolbar{
		Lang:     c.Lang,
		ViewName: name, ViewID: c.viewID, ViewModified: c.modified(), ViewsOpen: c.viewMenu,
		Search:     c.search,
		FilterOpen: c.filter.Open, FilterCount: c.q.FilterCount(),
		Deleted:   c.q.Deleted,
		Exporting: c.exporting,
		FavShown:  c.OnFav != nil && c.FavKnown, Fav: c.Fav,
		Tree: c.Catalog.Tree, TreeMode: c.treeMode,
		MenuOpen: c.menu.Open,

		OnViews:       c.toggleViewMenu,
		OnSearch:      c.onSearch,
		OnSearchEnter: c.onSearchEnter,
		OnFilter:      c.toggleFilter,
		OnDeleted:     c.showDeleted,
		OnFav:         c.toggleFav,
		OnTreeMode:    c.switchTreeMode,
		OnHelp:        c.openHelp,
		OnMenu:        c.toggleMenu,
	}
}

func (c *CatalogPage) renderGrid() app.UI {
	cols := c.columns()
	widths := make([]int, len(cols))
	for i, f := range cols {
		widths[i] = c.widthOf(f)
	}
	total := c.total()
	tree := c.showTree()
	var rows []state.TreeRow
	if tree {
		rows = c.tree.Rows()
	}
	slots := state.Slots(c.rng, total, func(i int) (state.TreeRow, bool) {
		if tree {
			return rows[i], true
		}
		rec, ok := c.win.Row(i)
		return state.TreeRow{ID: rec.ID, Rec: rec}, ok
	})
	n, known := c.count()
	return &Grid{
		Lang:    c.Lang,
		Label:   c.Catalog.Label.In(c.Lang),
		Columns: cols, Widths: widths,
		Sort:  c.q.EffectiveSort(c.Catalog),
		Slots: slots, Range: c.rng, Rows: total,
		Count: n, Known: known,
		Loading:  c.gridLoading(),
		Tree:     tree,
		Filtered: c.q.Active(),
		TreeNote: c.Catalog.Tree && c.treeMode && c.q.Active(),
		Sel:      c.sel, CardID: c.card.ID,
		Rev: c.gridRev, Search: c.q.Filter.Search,
		Totals: c.totals, TotalValues: c.totalVals, TotalsRev: c.totalsRev,

		OnScroll:       c.onScroll,
		OnKey:          c.onGridKey,
		OnMenuKey:      func(x, y int) { c.openMenu("", x, y) },
		OnRow:          c.clickRow,
		OnToggle:       c.onToggle,
		OnSort:         c.sortBy,
		OnHeadMenu:     c.openMenu,
		OnMoveColumn:   c.moveColumn,
		OnResizeColumn: c.resizeColumn,
		OnResetFilter:  c.resetFilter,
		OnTotal:        c.setTotal,
	}
}

// ---- the grid

func (c *CatalogPage) onScroll(top, height float64) {
	c.scrollTop = top
	if height > 0 {
		c.viewport = height - state.RowHeight // the sticky header covers one row
	}
	old := c.rng
	c.updateRange()
	if c.rng != old {
		c.Update()
		c.fetchSoon()
	}
}

// measure reads the viewport height once the grid is in the page.
func (c *CatalogPage) measure() {
	if app.IsServer {
		return
	}
	if el := app.Window().GetElementByID("grid"); el.Truthy() {
		if h := el.Get("clientHeight").Float(); h > 0 {
			c.viewport = h - state.RowHeight
			c.scrollTop = el.Get("scrollTop").Float()
			old := c.rng
			c.updateRange()
			if old != c.rng {
				c.load()
				c.Update()
			}
		}
	}
}

func (c *CatalogPage) OnResize(ctx app.Context) { c.measure() }

// clickRow selects row i and opens its card.
func (c *CatalogPage) clickRow(i int) {
	c.selectRow(i)
	c.openCard(c.selID)
	c.Update()
}

func (c *CatalogPage) onToggle(id string) {
	c.toggleNode(id)
	c.Update()
}

func (c *CatalogPage) toggleNode(id string) {
	if c.tree.Toggle(id) {
		c.fetchChildren(id)
	}
	c.updateRange()
}

func (c *CatalogPage) onGridKey(key string) bool {
	if !c.gridKey(key, pageRows(c.viewport)) {
		return false
	}
	if c.help {
		c.ctx.Defer(func(app.Context) { focusByID("shortcuts-close") })
	}
	c.Update()
	return true
}

func pageRows(viewport float64) int {
	n := int(viewport / state.RowHeight)
	if n < 1 {
		n = 10
	}
	return n
}

// gridKey handles a key pressed in the grid; it reports whether the key
// was the grid's.
func (c *CatalogPage) gridKey(key string, page int) bool {
	total := c.total()
	move := func(to int) {
		if total == 0 {
			return
		}
		to = max(0, min(to, total-1))
		c.selectRow(to)
		c.scrollIntoView(to)
	}
	switch key {
	case "ArrowDown":
		move(c.sel + 1)
	case "ArrowUp":
		if c.sel < 0 {
			move(0)
		} else {
			move(c.sel - 1)
		}
	case "PageDown":
		move(c.sel + page)
	case "PageUp":
		move(c.sel - page)
	case "Home":
		move(0)
	case "End":
		move(total - 1)
	case "?":
		c.help = true
	case "Enter":
		if r, ok := c.rowAt(c.sel); ok {
			c.openCard(r.ID)
			c.card.Focus = true // the keyboard follows into the card
		}
	case "Escape":
		if c.card.ID == "" && !c.card.New {
			return false
		}
		c.card = cardOpen{Seq: c.card.Seq}
	case "ArrowRight", "ArrowLeft":
		if !c.showTree() {
			return false
		}
		r, ok := c.rowAt(c.sel)
		if !ok {
			return true
		}
		n, _ := c.tree.Node(r.ID)
		switch {
		case key == "ArrowRight" && n != nil && n.Rec.Children > 0 && !n.Expanded:
			c.toggleNode(r.ID)
		case key == "ArrowRight":
			move(c.sel + 1)
		case n != nil && n.Expanded:
			c.toggleNode(r.ID)
		default:
			if parent, ok := c.tree.Parent(r.ID); ok {
				for i, row := range c.tree.Rows() {
					if row.ID == parent {
						move(i)
						break
					}
				}
			}
		}
	default:
		return false
	}
	return true
}

// scrollIntoView scrolls the grid so row i is in view; the scroll event
// that follows renders and fetches it.
func (c *CatalogPage) scrollIntoView(i int) {
	top := state.ScrollToShow(i, c.scrollTop, c.viewport)
	if top != c.scrollTop {
		c.scrollTop = top
		setScrollTop("grid", top)
		c.updateRange()
		c.fetchSoon()
	}
}

func (c *CatalogPage) sortBy(field string) {
	c.q.Sort = state.ToggleSort(c.q.EffectiveSort(c.Catalog), field)
	c.resetQuery()
	c.Update()
}

func (c *CatalogPage) resetFilter() {
	c.q.ClearFilter()
	c.search = ""
	c.resetQuery()
	c.Update()
}

// ---- the toolbar

func (c *CatalogPage) onCreate() {
	c.openNew()
	c.Update()
}

func (c *CatalogPage) switchTreeMode() {
	c.treeMode = !c.treeMode
	c.sel, c.selID = -1, ""
	c.scrollTop = 0
	setScrollTop("grid", 0)
	c.load()
	c.Update()
}

func (c *CatalogPage) showDeleted(on bool) {
	c.q.Deleted = on
	c.resetQuery()
	c.Update()
}

// onSearch follows the typing in the search box without a render; the
// search applies after a pause.
func (c *CatalogPage) onSearch(text string) {
	c.search = text
	afterTyping(c.ctx, &c.searchSeq, c.applySearch)
}

// afterTyping runs apply once the typing pauses (searchDelay): each call
// bumps *seq, so only the pause after the last keystroke applies; bumping
// *seq elsewhere cancels a pending one.
func afterTyping(ctx app.Context, seq *int, apply func()) {
	*seq++
	mine := *seq
	ctx.After(searchDelay, func(app.Context) {
		if mine == *seq {
			apply()
		}
	})
}

func (c *CatalogPage) onSearchEnter() {
	c.searchSeq++
	c.applySearch()
	c.Update()
}

func (c *CatalogPage) applySearch() {
	if c.q.SetSearch(c.search) {
		c.resetQuery()
	}
}

func (c *CatalogPage) toggleFav() {
	if c.OnFav != nil && c.Catalog != nil {
		c.OnFav(c.Catalog.Key, !c.Fav)
	}
	c.Update()
}

func (c *CatalogPage) openHelp() {
	c.help = true
	c.ctx.Defer(func(app.Context) { focusByID("shortcuts-close") })
	c.Update()
}

func (c *CatalogPage) closeHelp() {
	c.help = false
	c.ctx.Defer(func(app.Context) { focusByID("grid") })
	c.Update()
}
