package ui

import (
	"cmp"
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

// Grid (#grid) is the virtual grid of a catalog screen: the header with
// sorting, the context menu, dragging and resizing of columns, the rows in
// the slots the page laid out, the totals row and the empty state. It
// holds only the state of a column drag; the rest comes in, and what the
// user does goes out through the callbacks.
type Grid struct {
	app.Compo

	// ID is the grid's element id, and the prefix of its rows' ids: ""
	// is the page's grid, "grid" with rows "row-N"; a child catalog's
	// grid on a card tab has its own.
	ID      string
	Lang    string
	Label   string // the catalog's name, for screen readers
	Columns []*api.Field
	Widths  []int // of Columns, in pixels
	Sort    []api.SortKey
	Slots   []state.Slot
	Range   state.Range // the rows in Slots
	Rows    int         // the rows the scroll container holds
	Count   int         // the record count (in a tree: of the whole catalog)
	Known   bool        // Count is known
	Loading bool
	Tree    bool // the rows are a tree
	// Filtered: a filter or search narrows the rows (the empty state then
	// offers to reset it); TreeNote: a tree catalog shows them as a list.
	Filtered, TreeNote bool
	Sel                int    // the selected row, -1 for none
	CardID             string // the record whose card is open
	// Rev counts the query replies applied (data-rev); Search is the
	// search the rows were asked with (data-search).
	Rev    int
	Search string

	TotalsID    string // the totals row's id (TotalsRow.ID)
	Totals      []api.Total
	TotalValues map[string]api.TotalValue
	TotalsRev   int

	OnScroll       func(top, height float64)
	OnKey          func(key string) (handled bool)
	OnMenuKey      func(x, y int) // the menu key: open the list menu at x, y
	OnRow          func(i int)
	OnToggle       func(id string)
	OnSort         func(field string)
	OnHeadMenu     func(field string, x, y int)
	OnMoveColumn   func(field, before string)
	OnResizeColumn func(field string, width int)
	OnResetFilter  func()
	// OnTotal changes a total of the totals row; nil: no totals row.
	OnTotal func(field, fn string)

	dragField, dropField string
	unresize             func()
}

func (c *Grid) OnMount(ctx app.Context) { c.unresize = listenResize(ctx, c) }

func (c *Grid) OnDismount() {
	if c.unresize != nil {
		c.unresize()
		c.unresize = nil
	}
}

func colWidth(f *api.Field) int {
	if f.Width > 0 {
		return f.Width
	}
	return defaultColWidth
}

// gridTemplate is the CSS grid-template-columns every row shares; the
// column flex (the last in a list, the name in a tree, whose names are
// indented) takes what space is left.
func gridTemplate(widths []int, flex int) (string, int) {
	var b strings.Builder
	sum := 0
	for i, w := range widths {
		sum += w
		if i > 0 {
			b.WriteByte(' ')
		}
		if i == flex {
			b.WriteString("minmax(" + strconv.Itoa(w) + "px, 1fr)")
		} else {
			b.WriteString(strconv.Itoa(w) + "px")
		}
	}
	return b.String(), sum
}

func (c *Grid) Render() app.UI {
	cols := c.Columns
	tmpl, width := gridTemplate(c.Widths, c.flexColumn())
	keys := make([]string, len(cols))
	for i, f := range cols {
		keys[i] = f.Key
	}

	var empty app.UI
	if c.Known && c.Rows == 0 && !c.Loading {
		text := i18n.T(c.Lang, "catalog.empty")
		var reset app.UI
		if c.Filtered {
			text = i18n.T(c.Lang, "catalog.empty_filter")
			reset = app.Button().Type("button").Class("btn", "btn-secondary", "btn-sm").
				OnClick(c.onResetFilter).Text(i18n.T(c.Lang, "catalog.reset_filter"))
		}
		empty = app.Div().ID(c.id()+"-empty").Class("grid-empty").Body(
			app.Div().Class("empty-icon").Body(icon(pathSearch)),
			app.P().Text(text),
			reset,
		)
	}
	var note app.UI
	if c.TreeNote {
		note = app.P().Class("grid-note").Text(i18n.T(c.Lang, "catalog.tree_filtered"))
	}
	var totals app.UI
	if len(cols) > 0 && c.OnTotal != nil {
		totals = &TotalsRow{ID: c.TotalsID, Lang: c.Lang, Columns: cols, Totals: c.Totals, Values: c.TotalValues, Rev: c.TotalsRev, OnChange: c.OnTotal}
	}

	active := ""
	if c.Sel >= 0 && c.Range.Contains(c.Sel) {
		active = c.rowID(c.Sel)
	}
	canvasStyle := "--grid-cols: " + tmpl + "; min-width: " + strconv.Itoa(width+2) + "px"
	return app.Div().Class("grid-wrap").Body(
		note,
		app.Div().Class("grid-progress").Hidden(!c.Loading).Aria("hidden", "true"),
		app.Div().ID(c.id()).Class("grid").
			Role("grid").
			Aria("label", c.Label).
			Aria("rowcount", c.Count+1).
			Aria("busy", c.Loading).
			Aria("activedescendant", active).
			TabIndex(0).
			DataSet("total", strconv.Itoa(c.Count)).
			DataSet("loading", strconv.FormatBool(c.Loading)).
			DataSet("mode", modeName(c.Tree)).
			DataSet("rev", c.Rev).
			DataSet("search", c.Search).
			DataSet("first", c.Range.First).
			DataSet("cols", strings.Join(keys, ",")).
			OnScroll(c.onScroll).
			OnKeyDown(c.onKey).
			OnClick(c.onClick).
			Body(
				app.Div().Class("grid-canvas").Attr("style", canvasStyle).Body(
					c.renderHead(),
					app.Div().Class("grid-body").Role("rowgroup").
						Style("height", strconv.Itoa(c.Rows*state.RowHeight)+"px").
						Body(c.renderRows()),
					totals,
				),
			),
		empty,
	)
}

// flexColumn is the column that takes the free width: in a tree the
// first (the names, indented by their depth), else the last.
func (c *Grid) flexColumn() int {
	if c.Tree {
		return 0
	}
	return len(c.Widths) - 1
}

func (c *Grid) id() string {
	if c.ID == "" {
		return "grid"
	}
	return c.ID
}

// rowID is the element id of row i: "row-N" in the page's grid.
func (c *Grid) rowID(i int) string {
	if c.ID == "" {
		return "row-" + strconv.Itoa(i)
	}
	return c.ID + "-row-" + strconv.Itoa(i)
}

func modeName(tree bool) string {
	if tree {
		return "tree"
	}
	return "list"
}

func (c *Grid) renderHead() app.UI {
	cols := c.Columns
	return app.Div().Class("grid-head").Role("row").Aria("rowindex", 1).Body(
		app.Range(cols).Slice(func(i int) app.UI {
			f := cols[i]
			aria := state.AriaSort(c.Sort, f.Key)
			label := f.Label.In(c.Lang)
			cell := app.Div().Class("grid-hcell").Role("columnheader").
				DataSet("field", f.Key).
				Aria("sort", aria).
				Draggable(true).
				OnContextMenu(c.onHeadMenu, f.Key).
				OnDragStart(c.onDragStart, f.Key).
				OnDragOver(c.onDragOver, f.Key).
				OnDrop(c.onDrop, f.Key).
				OnDragEnd(c.onDragEnd, f.Key)
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
					TabIndex(-1). // the grid is one Tab stop, its keys move within
					Title(i18n.Tf(c.Lang, "catalog.sort_by", label)).
					Body(
						app.Span().Class("grid-hlabel").Text(label),
						app.Span().Class("sort-arrow").Aria("hidden", "true").Text(arrow),
					),
				resize,
			)
		}),
	)
}

func (c *Grid) renderRows() app.UI {
	if len(c.Slots) == 0 {
		return nil
	}
	slots := make([]app.UI, len(c.Slots))
	for s, sl := range c.Slots {
		switch {
		case sl.Index < 0:
			slots[s] = app.Div().Class("grid-slot").Hidden(true)
		case c.Tree:
			slots[s] = c.renderTreeRow(sl.Index, sl.Row)
		case !sl.Loaded:
			slots[s] = skeletonRow(sl.Index, len(c.Columns))
		default:
			slots[s] = c.renderRow(sl.Index, sl.Row.Rec, 0, nil)
		}
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

func (c *Grid) renderRow(i int, rec api.Record, depth int, first app.UI) app.HTMLDiv {
	classes := []string{"grid-row"}
	if i%2 == 1 {
		classes = append(classes, "odd")
	}
	if rec.Deleted {
		classes = append(classes, "deleted")
	}
	selected := i == c.Sel
	if selected {
		classes = append(classes, "selected")
	}
	if rec.ID == c.CardID && rec.ID != "" {
		classes = append(classes, "current")
	}
	cells := make([]app.UI, len(c.Columns))
	for j, f := range c.Columns {
		title, text := cellText(f, rec, c.Lang)
		cell := app.Div().Class("grid-cell").Role("gridcell").Title(title)
		if state.Numeric(f.Type) {
			cell = cell.Class("num")
		}
		if f.Type == api.FieldBool {
			cell = cell.Class("center")
		}
		if j > 0 {
			cells[j] = cell.Body(text)
			continue
		}
		var body []app.UI
		if first != nil {
			body = append(body, first)
		}
		// A deleted row is marked by an icon before its first cell's text
		// (always there, hidden when not deleted: go-app diffs by
		// position), so no tag covers the code or the name.
		deleted := i18n.T(c.Lang, "catalog.deleted")
		body = append(body,
			app.Span().Class("deleted-mark").Hidden(!rec.Deleted).Title(deleted).Body(
				icon(pathTrash), app.Span().Class("sr-only").Text(deleted)),
			text)
		cells[j] = cell.Body(body...)
	}
	row := app.Div().ID(c.rowID(i)).Class(classes...).Role("row").
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

// cellText is what a cell of field f shows of rec: its text, cut with an
// ellipsis when the column is narrower (the title, the cell's tooltip,
// has it all). A reference reads as its name, then muted its code and
// owner (state.FormatRef).
func cellText(f *api.Field, rec api.Record, lang string) (title string, text app.UI) {
	if f.Type != api.FieldRef {
		s := state.FormatValue(f, rec.Values[f.Key], "", lang, nil)
		return s, app.Span().Class("cell-text").Text(s)
	}
	var line state.RefLine
	if id, _ := rec.Values[f.Key].(string); id != "" {
		line = state.FormatRef(cmp.Or(rec.Labels[f.Key], id), rec.Refs[f.Key])
	}
	detail := ""
	if line.Detail != "" {
		detail = " · " + line.Detail
	}
	return line.String(), app.Span().Class("cell-text").Body(
		app.Text(line.Name),
		app.Span().Class("cell-ref").Text(detail),
	)
}

func (c *Grid) renderTreeRow(i int, tr state.TreeRow) app.UI {
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
		label := i18n.T(c.Lang, "catalog.expand")
		cls := []string{"tree-toggle"}
		if tr.Expanded {
			label = i18n.T(c.Lang, "catalog.collapse")
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
	row := c.renderRow(i, tr.Rec, tr.Depth, first).Class("tree-node").Aria("level", tr.Depth+1)
	if tr.HasKids {
		row = row.Aria("expanded", tr.Expanded)
	}
	return row
}

// ---- events

func (c *Grid) onScroll(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if app.IsServer {
		return
	}
	src := ctx.JSSrc()
	c.OnScroll(src.Get("scrollTop").Float(), src.Get("clientHeight").Float())
}

func (c *Grid) onClick(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if app.IsServer {
		return
	}
	target := e.Get("target")
	if !target.Truthy() || !target.Get("closest").Truthy() {
		return
	}
	if t := target.Call("closest", ".tree-toggle"); t.Truthy() {
		c.OnToggle(t.Get("dataset").Get("id").String())
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
	if i, err := strconv.Atoi(idx.String()); err == nil {
		c.OnRow(i)
	}
}

func (c *Grid) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
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
		c.OnMenuKey(x, y)
		return
	}
	if c.OnKey(key) {
		e.PreventDefault()
	}
}

func (c *Grid) onSort(ctx app.Context, e app.Event) {
	emit(ctx, func() { c.OnSort(ctx.JSSrc().Get("dataset").Get("field").String()) })
}

func (c *Grid) onHeadMenu(ctx app.Context, e app.Event) {
	e.PreventDefault()
	field := ctx.JSSrc().Get("dataset").Get("field").String()
	emit(ctx, func() { c.OnHeadMenu(field, e.Get("clientX").Int(), e.Get("clientY").Int()) })
}

func (c *Grid) onResetFilter(ctx app.Context, e app.Event) { emit(ctx, c.OnResetFilter) }

func stopClick(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.Call("stopPropagation")
}

// ---- dragging a column to another place

func (c *Grid) onDragStart(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.dragField = ctx.JSSrc().Get("dataset").Get("field").String()
	if dt := e.Get("dataTransfer"); dt.Truthy() {
		dt.Set("effectAllowed", "move")
		dt.Call("setData", "text/plain", c.dragField)
	}
}

func (c *Grid) onDragOver(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if c.dragField == "" {
		return
	}
	e.PreventDefault()
	if dt := e.Get("dataTransfer"); dt.Truthy() {
		dt.Set("dropEffect", "move")
	}
	if f := ctx.JSSrc().Get("dataset").Get("field").String(); f != c.dropField {
		c.dropField = f
		c.Update()
	}
}

func (c *Grid) onDrop(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	e.PreventDefault()
	target := ctx.JSSrc().Get("dataset").Get("field").String()
	field := c.dragField
	c.dragField, c.dropField = "", ""
	if field != "" {
		c.OnMoveColumn(field, target)
	}
}

func (c *Grid) onDragEnd(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.dragField, c.dropField = "", ""
}

// ---- resizing a column by its edge

// listenResize follows pointer drags on the header's .col-resize handles.
// The handlers are plain JS listeners on the document: while dragging,
// only the grid's CSS variable changes (no render per pixel); the width
// goes to OnResizeColumn on release.
func listenResize(ctx app.Context, c *Grid) func() {
	if app.IsServer {
		return func() {}
	}
	var (
		field        string
		idx          int
		startX       float64
		widths       []int
		cell, canvas app.Value
		handle, pid  app.Value
	)
	doc := app.Window().Get("document")
	down := app.FuncOf(func(_ app.Value, args []app.Value) any {
		e := args[0]
		t := e.Get("target")
		if !t.Truthy() || !t.Get("closest").Truthy() {
			return nil
		}
		h := t.Call("closest", ".col-resize")
		if !h.Truthy() || h.Call("closest", ".grid").Get("id").String() != c.id() {
			return nil // another grid's (a card tab's, or the page's)
		}
		e.Call("preventDefault")
		f := h.Get("dataset").Get("field").String()
		widths = append([]int(nil), c.Widths...)
		idx = -1
		for i, col := range c.Columns {
			if col.Key == f && i < len(widths) {
				idx = i
			}
		}
		if idx < 0 {
			return nil
		}
		field, handle, pid = f, h, e.Get("pointerId")
		cell = h.Call("closest", ".grid-hcell")
		canvas = h.Call("closest", ".grid-canvas")
		cell.Set("draggable", false)
		widths[idx] = cell.Get("offsetWidth").Int()
		startX = e.Get("clientX").Float() - float64(widths[idx])
		handle.Call("setPointerCapture", pid)
		doc.Get("body").Get("classList").Call("add", "col-resizing")
		return nil
	})
	move := app.FuncOf(func(_ app.Value, args []app.Value) any {
		if field == "" {
			return nil
		}
		widths[idx] = max(state.MinColWidth, int(args[0].Get("clientX").Float()-startX))
		tmpl, sum := gridTemplate(widths, c.flexColumn())
		canvas.Get("style").Call("setProperty", "--grid-cols", tmpl)
		canvas.Get("style").Set("minWidth", strconv.Itoa(sum+2)+"px")
		return nil
	})
	up := app.FuncOf(func(_ app.Value, args []app.Value) any {
		if field == "" {
			return nil
		}
		f, w := field, widths[idx]
		field = ""
		cell.Set("draggable", true)
		doc.Get("body").Get("classList").Call("remove", "col-resizing")
		ctx.Dispatch(func(app.Context) { c.OnResizeColumn(f, w) })
		return nil
	})
	doc.Call("addEventListener", "pointerdown", down)
	doc.Call("addEventListener", "pointermove", move)
	doc.Call("addEventListener", "pointerup", up)
	doc.Call("addEventListener", "pointercancel", up)
	return func() {
		doc.Call("removeEventListener", "pointerdown", down)
		doc.Call("removeEventListener", "pointermove", move)
		doc.Call("removeEventListener", "pointerup", up)
		doc.Call("removeEventListener", "pointercancel", up)
		down.Release()
		move.Release()
		up.Release()
	}
}
