package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

const (
	defaultColWidth = 160
	treeIndent      = 20 // px per level
)

func (c *CatalogPage) t(key string) string { return i18n.T(c.Lang, key) }

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

func colWidth(f *api.Field) int {
	if f.Width > 0 {
		return f.Width
	}
	return defaultColWidth
}

// widthOf is a column's width: the user's, else the field's default.
func (c *CatalogPage) widthOf(f *api.Field) int {
	if i := state.ColumnIndex(c.cols, f.Key); i >= 0 && c.cols[i].Width > 0 {
		return c.cols[i].Width
	}
	return colWidth(f)
}

// gridTemplate is the CSS grid-template-columns every row shares; the
// last column takes what space is left.
func gridTemplate(widths []int) (string, int) {
	var b strings.Builder
	sum := 0
	for i, w := range widths {
		sum += w
		if i > 0 {
			b.WriteByte(' ')
		}
		if i == len(widths)-1 {
			b.WriteString("minmax(" + strconv.Itoa(w) + "px, 1fr)")
		} else {
			b.WriteString(strconv.Itoa(w) + "px")
		}
	}
	return b.String(), sum
}

func (c *CatalogPage) renderHead() app.UI {
	n, known := c.count()
	countText := c.t("catalog.count.unknown")
	if known {
		countText = i18n.Count(c.Lang, n, state.FormatCount(n))
	}
	r := c.Catalog.Rights
	var create app.UI
	if r.Create {
		label := c.t("catalog.create")
		if c.showTree() && c.selID != "" {
			label = c.t("catalog.create_child")
		}
		create = app.Button().ID("create").Type("button").Class("btn", "btn-primary").
			OnClick(c.onCreate).
			Body(icon(pathPlus), app.Span().Text(label))
	}
	return app.Div().Class("catalog-head").Body(
		app.Div().Class("catalog-title-wrap").Body(
			app.H1().Class("page-title", "catalog-title").Text(c.Catalog.Label.In(c.Lang)),
			app.Span().ID("grid-count").Class("catalog-count").Aria("live", "polite").Text(countText),
		),
		create,
	)
}

func (c *CatalogPage) renderToolbar() app.UI {
	var view app.UI
	if c.Catalog.Tree {
		mode, label := "list", c.t("catalog.view.to_tree")
		if c.treeMode {
			mode, label = "tree", c.t("catalog.view.to_list")
		}
		view = app.Button().ID("view-switch").Type("button").Class("seg").
			DataSet("mode", mode).
			Aria("label", label).Title(label).
			OnClick(c.onViewSwitch).
			Body(
				app.Span().Class("seg-item", segClass(c.treeMode)).Body(icon(pathTree), app.Span().Class("seg-text").Text(c.t("catalog.view.tree"))),
				app.Span().Class("seg-item", segClass(!c.treeMode)).Body(icon(pathList), app.Span().Class("seg-text").Text(c.t("catalog.view.list"))),
			)
	}
	filterCount := c.q.FilterCount()
	return app.Div().Class("catalog-toolbar").Body(
		c.renderViewButton(),
		app.Div().Class("search-box").Body(
			app.Label().For("grid-search").Class("search-icon").Body(
				icon(pathSearch),
				app.Span().Class("sr-only").Text(c.t("catalog.search")),
			),
			app.Input().ID("grid-search").Type("search").Class("input", "search-input").
				Placeholder(c.t("catalog.search_hint")).
				Attr("autocomplete", "off").
				Value(c.search).
				OnInput(c.onSearchInput).
				OnKeyDown(c.onSearchKey),
		),
		app.Button().ID("filter-add").Type("button").Class("btn", "btn-secondary", "btn-sm").
			Aria("expanded", c.filter.Open).
			Aria("controls", "filter-form").
			OnClick(c.onFilterOpen).
			Body(
				icon(pathFilter),
				app.Span().Text(c.t("filter.add")),
				app.If(filterCount > 0, app.Span().Class("badge").Text(strconv.Itoa(filterCount))),
			),
		app.Label().Class("switch").Body(
			app.Input().ID("show-deleted").Type("checkbox").Class("switch-input").
				Checked(c.q.Deleted).
				OnChange(c.onShowDeleted),
			app.Span().Class("switch-track").Aria("hidden", "true"),
			app.Span().Class("switch-label").Text(c.t("catalog.show_deleted")),
		),
		app.Div().Class("toolbar-spacer"),
		c.renderExportProgress(),
		c.renderFavToggle(),
		view,
		app.Button().ID("shortcuts").Type("button").Class("icon-btn", "toolbar-btn").
			Aria("label", c.t("help.open")).Title(c.t("help.open")).
			Aria("haspopup", "dialog").
			OnClick(c.onHelpOpen).
			Text("?"),
		app.Button().ID("grid-menu").Type("button").Class("icon-btn", "toolbar-btn").
			Aria("label", c.t("menu.open")).Title(c.t("menu.open")).
			Aria("haspopup", "menu").
			Aria("expanded", c.menu.Open).
			OnClick(c.onToolbarMenu).
			Text("⋮"),
	)
}

func segClass(on bool) string {
	if on {
		return "seg-on"
	}
	return "seg-off"
}

func (c *CatalogPage) renderGrid() app.UI {
	cols := c.columns()
	widths := make([]int, len(cols))
	for i, f := range cols {
		widths[i] = c.widthOf(f)
	}
	tmpl, width := gridTemplate(widths)
	total := c.total()
	tree := c.showTree()
	loading := c.gridLoading()
	n, known := c.count()

	sort := c.q.EffectiveSort(c.Catalog)
	head := app.Div().Class("grid-head").Role("row").Aria("rowindex", 1).Body(
		app.Range(cols).Slice(func(i int) app.UI {
			f := cols[i]
			aria := state.AriaSort(sort, f.Key)
			label := f.Label.In(c.Lang)
			cell := app.Div().Class("grid-hcell").Role("columnheader").
				DataSet("field", f.Key).
				Aria("sort", aria).
				Draggable(true).
				OnContextMenu(c.onHeadMenu, f.Key).
				OnDragStart(c.onColDragStart, f.Key).
				OnDragOver(c.onColDragOver, f.Key).
				OnDrop(c.onColDrop, f.Key).
				OnDragEnd(c.onColDragEnd, f.Key)
			if state.Numeric(f.Type) {
				cell = cell.Class("num")
			}
			if f.Key == c.dropField && c.dragField != "" && c.dragField != f.Key {
				cell = cell.Class("drop-target")
			}
			resize := app.Span().Class("col-resize").DataSet("field", f.Key).
				Title(i18n.Tf(c.Lang, "columns.resize", label)).
				Aria("hidden", "true").
				OnClick(stopClick, f.Key)
			if !api.Indexed(f.Type) {
				return cell.Body(app.Span().Class("grid-hlabel").Text(label), resize)
			}
			arrow := ""
			switch aria {
			case "ascending":
				arrow = "▲"
			case "descending":
				arrow = "▼"
			}
			return cell.OnClick(c.onSort, f.Key).Body(
				app.Button().Type("button").Class("grid-sort").
					Title(i18n.Tf(c.Lang, "catalog.sort_by", label)).
					Body(
						app.Span().Class("grid-hlabel").Text(label),
						app.Span().Class("sort-arrow").Aria("hidden", "true").Text(arrow),
					),
				resize,
			)
		}),
	)

	var empty app.UI
	if known && total == 0 && !loading {
		text := c.t("catalog.empty")
		var reset app.UI
		if c.q.Active() {
			text = c.t("catalog.empty_filter")
			reset = app.Button().Type("button").Class("btn", "btn-secondary", "btn-sm").
				OnClick(c.onResetFilter).Text(c.t("catalog.reset_filter"))
		}
		empty = app.Div().ID("grid-empty").Class("grid-empty").Body(
			app.Div().Class("empty-icon").Body(icon(pathSearch)),
			app.P().Text(text),
			reset,
		)
	}
	var note app.UI
	if c.Catalog.Tree && c.treeMode && c.q.Active() {
		note = app.P().Class("grid-note").Text(c.t("catalog.tree_filtered"))
	}

	active := ""
	if c.sel >= 0 && c.rng.Contains(c.sel) {
		active = "row-" + strconv.Itoa(c.sel)
	}
	canvasStyle := "--grid-cols: " + tmpl + "; min-width: " + strconv.Itoa(width+2) + "px"
	return app.Div().Class("grid-wrap").Body(
		note,
		app.Div().Class("grid-progress").Hidden(!loading).Aria("hidden", "true"),
		app.Div().ID("grid").Class("grid").
			Role("grid").
			Aria("label", c.Catalog.Label.In(c.Lang)).
			Aria("rowcount", n+1).
			Aria("busy", loading).
			Aria("activedescendant", active).
			TabIndex(0).
			DataSet("total", strconv.Itoa(n)).
			DataSet("loading", strconv.FormatBool(loading)).
			DataSet("mode", modeName(tree)).
			OnScroll(c.onScroll).
			OnKeyDown(c.onGridKey).
			OnClick(c.onGridClick).
			Body(
				app.Div().Class("grid-canvas").Attr("style", canvasStyle).Body(
					head,
					app.Div().Class("grid-body").Role("rowgroup").
						Style("height", strconv.Itoa(total*state.RowHeight)+"px").
						Body(c.renderRows(cols, total, tree)),
					c.renderTotals(cols),
				),
			),
		empty,
	)
}

func modeName(tree bool) string {
	if tree {
		return "tree"
	}
	return "list"
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

// renderRows renders the rows in view into a fixed set of slots: row i
// always sits in slot i mod n, so scrolling by one row rewrites one slot
// instead of shifting every row's content by one position (go-app diffs
// children by position).
func (c *CatalogPage) renderRows(cols []*api.Field, total int, tree bool) app.UI {
	n := min(state.MaxRendered, total)
	if n == 0 {
		return nil
	}
	var treeRows []state.TreeRow
	if tree {
		treeRows = c.tree.Rows()
	}
	slots := make([]app.UI, n)
	for s := 0; s < n; s++ {
		i := c.rng.First + ((s-c.rng.First%n)%n+n)%n
		if !c.rng.Contains(i) {
			slots[s] = app.Div().Class("grid-slot").Hidden(true)
			continue
		}
		if tree {
			slots[s] = c.renderTreeRow(cols, i, treeRows[i])
			continue
		}
		rec, ok := c.win.Row(i)
		if !ok {
			slots[s] = skeletonRow(i, len(cols))
			continue
		}
		slots[s] = c.renderRow(cols, i, rec, 0, nil)
	}
	return app.Range(slots).Slice(func(i int) app.UI { return slots[i] })
}

func rowTop(i int) string {
	return "translateY(" + strconv.Itoa(i*state.RowHeight) + "px)"
}

func skeletonRow(i, ncols int) app.UI {
	cells := make([]app.UI, ncols)
	for j := range cells {
		cells[j] = app.Div().Class("grid-cell").Body(app.Span().Class("cell-skeleton"))
	}
	return app.Div().Class("grid-row", "row-loading").Role("row").
		Aria("rowindex", i+2).
		Style("transform", rowTop(i)).
		Body(cells...)
}

func (c *CatalogPage) renderRow(cols []*api.Field, i int, rec api.Record, depth int, first app.UI) app.HTMLDiv {
	classes := []string{"grid-row"}
	if i%2 == 1 {
		classes = append(classes, "odd")
	}
	if rec.Deleted {
		classes = append(classes, "deleted")
	}
	selected := i == c.sel
	if selected {
		classes = append(classes, "selected")
	}
	if rec.ID == c.card.ID && rec.ID != "" {
		classes = append(classes, "current")
	}
	cells := make([]app.UI, len(cols))
	for j, f := range cols {
		text := state.FormatValue(f, rec.Values[f.Key], rec.Labels[f.Key], c.Lang, nil)
		cell := app.Div().Class("grid-cell").Role("gridcell")
		if state.Numeric(f.Type) {
			cell = cell.Class("num")
		}
		if f.Type == api.FieldBool {
			cell = cell.Class("center")
		}
		var body []app.UI
		if j == 0 {
			if first != nil {
				body = append(body, first)
			}
			body = append(body, app.Span().Class("cell-text").Title(text).Text(text))
			if rec.Deleted {
				body = append(body, app.Span().Class("tag", "tag-deleted").Text(c.t("catalog.deleted")))
			}
			cells[j] = cell.Body(body...)
			continue
		}
		cells[j] = cell.Title(text).Text(text)
	}
	row := app.Div().ID("row-"+strconv.Itoa(i)).Class(classes...).Role("row").
		DataSet("id", rec.ID).
		DataSet("index", i).
		Aria("rowindex", i+2).
		Aria("selected", selected).
		Style("transform", rowTop(i))
	if depth > 0 {
		row = row.Style("--depth", strconv.Itoa(depth))
	}
	return row.Body(cells...)
}

func (c *CatalogPage) renderTreeRow(cols []*api.Field, i int, tr state.TreeRow) app.UI {
	if tr.ID == "" {
		return app.Div().Class("grid-row", "tree-more").Role("row").
			Aria("rowindex", i+2).
			Style("transform", rowTop(i)).
			Body(app.Div().Class("grid-cell", "muted").
				Style("padding-left", strconv.Itoa(12+tr.Depth*treeIndent)+"px").
				Text(i18n.Tf(c.Lang, "catalog.more", state.FormatCount(tr.More))))
	}
	var toggle app.UI
	indent := app.Span().Class("tree-indent").Style("width", strconv.Itoa(tr.Depth*treeIndent)+"px")
	if tr.HasKids {
		label := c.t("catalog.expand")
		if tr.Expanded {
			label = c.t("catalog.collapse")
		}
		cls := []string{"tree-toggle"}
		if tr.Expanded {
			cls = append(cls, "open")
		}
		if tr.Loading {
			cls = append(cls, "busy")
		}
		toggle = app.Button().Type("button").Class(cls...).
			TabIndex(-1).
			DataSet("id", tr.ID).
			Aria("label", label).
			Aria("expanded", tr.Expanded).
			Body(icon(pathChevron))
	} else {
		toggle = app.Span().Class("tree-leaf").Aria("hidden", "true")
	}
	first := app.Span().Class("tree-lead").Body(indent, toggle)
	row := c.renderRow(cols, i, tr.Rec, tr.Depth, first).Class("tree-node").Aria("level", tr.Depth+1)
	if tr.HasKids {
		row = row.Aria("expanded", tr.Expanded)
	}
	return row
}

// ---- handlers

func (c *CatalogPage) onScroll(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if app.IsServer {
		return
	}
	src := ctx.JSSrc()
	c.scrollTop = src.Get("scrollTop").Float()
	if h := src.Get("clientHeight").Float(); h > 0 {
		c.viewport = h - state.RowHeight // the sticky header covers one row
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

func (c *CatalogPage) onGridClick(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if app.IsServer {
		return
	}
	target := e.Get("target")
	if !target.Truthy() || !target.Get("closest").Truthy() {
		return
	}
	if t := target.Call("closest", ".tree-toggle"); t.Truthy() {
		c.toggleNode(t.Get("dataset").Get("id").String())
		c.Update()
		return
	}
	row := target.Call("closest", ".grid-row")
	if !row.Truthy() {
		return
	}
	idx := row.Get("dataset").Get("index")
	if !idx.Truthy() {
		return
	}
	i, err := strconv.Atoi(idx.String())
	if err != nil {
		return
	}
	c.clickRow(i)
	c.Update()
}

// clickRow selects row i and opens its card.
func (c *CatalogPage) clickRow(i int) {
	c.selectRow(i)
	c.openCard(c.selID)
}

func (c *CatalogPage) toggleNode(id string) {
	if c.tree.Toggle(id) {
		c.fetchChildren(id)
	}
	c.updateRange()
}

func (c *CatalogPage) onGridKey(ctx app.Context, e app.Event) {
	key := e.Get("key").String()
	if key == "ContextMenu" || key == "F10" && e.Get("shiftKey").Bool() {
		e.PreventDefault()
		x, y := 0, 0
		if !app.IsServer {
			if b := app.Window().GetElementByID("grid-menu"); b.Truthy() {
				r := b.Call("getBoundingClientRect")
				x, y = r.Get("right").Int()-240, r.Get("bottom").Int()+4
			}
		}
		c.openMenu(ctx, "", x, y)
		return
	}
	if c.gridKey(key, pageRows(c.viewport)) {
		if c.help {
			ctx.Defer(func(app.Context) { focusByID("shortcuts-close") })
		}
		e.PreventDefault()
		ctx.PreventUpdate()
		c.Update()
		return
	}
	ctx.PreventUpdate()
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

func (c *CatalogPage) onSort(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	field := ctx.JSSrc().Get("dataset").Get("field").String()
	c.sortBy(field)
}

func (c *CatalogPage) sortBy(field string) {
	c.q.Sort = state.ToggleSort(c.q.EffectiveSort(c.Catalog), field)
	c.resetQuery()
}

func (c *CatalogPage) onCreate(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.openNew()
}

func (c *CatalogPage) onViewSwitch(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.treeMode = !c.treeMode
	c.sel, c.selID = -1, ""
	c.scrollTop = 0
	setScrollTop("grid", 0)
	c.load()
}

func (c *CatalogPage) onShowDeleted(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.q.Deleted = ctx.JSSrc().Get("checked").Bool()
	c.resetQuery()
}

func (c *CatalogPage) onSearchInput(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.search = ctx.JSSrc().Get("value").String()
	c.searchSeq++
	seq := c.searchSeq
	ctx.After(searchDelay, func(app.Context) {
		if seq == c.searchSeq {
			c.applySearch()
		}
	})
}

func (c *CatalogPage) onSearchKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	switch e.Get("key").String() {
	case "Enter":
		c.searchSeq++
		c.applySearch()
		c.Update()
	case "ArrowDown":
		e.PreventDefault()
		focusByID("grid")
	}
}

func (c *CatalogPage) applySearch() {
	if c.q.SetSearch(c.search) {
		c.resetQuery()
	}
}

func (c *CatalogPage) onResetFilter(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.q.ClearFilter()
	c.search = ""
	c.resetQuery()
}
