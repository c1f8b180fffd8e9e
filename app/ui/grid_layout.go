package ui

import (
	"errors"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/app/wsclient"
	"webtool/server/api"
)

// The grid's layout controls: the header context menu, the column
// chooser, dragging columns to move and resize them, the totals row, the
// export and the shortcuts help. What they change lives in c.cols and
// c.totals, which map one to one onto api.Layout.

// gridMenu is the open header context menu. Field is the column it was
// opened on; empty when opened from the toolbar, which offers only the
// actions that are not about one column.
type gridMenu struct {
	Open  bool
	Field string
	X, Y  int
}

// columnChooser is the open "Choose columns" dialog: a working copy of
// the layout, applied on OK.
type columnChooser struct {
	Open  bool
	Items []state.ColumnChoice
	Err   bool
}

// Menu actions.
const (
	actSortAsc    = "sort-asc"
	actSortDesc   = "sort-desc"
	actHide       = "hide"
	actColumns    = "columns"
	actExportXLSX = "export-xlsx"
	actExportCSV  = "export-csv"
)

func stopClick(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	e.Call("stopPropagation")
}

// ---- context menu

func (c *CatalogPage) onHeadMenu(ctx app.Context, e app.Event) {
	e.PreventDefault()
	field := ctx.JSSrc().Get("dataset").Get("field").String()
	c.openMenu(ctx, field, e.Get("clientX").Int(), e.Get("clientY").Int())
}

func (c *CatalogPage) onToolbarMenu(ctx app.Context, e app.Event) {
	if c.menu.Open {
		rerender(ctx, c)
		c.menu = gridMenu{}
		return
	}
	x, y := 0, 0
	if !app.IsServer {
		r := ctx.JSSrc().Call("getBoundingClientRect")
		x, y = r.Get("right").Int()-240, r.Get("bottom").Int()+4
	}
	c.openMenu(ctx, "", x, y)
}

func (c *CatalogPage) openMenu(ctx app.Context, field string, x, y int) {
	rerender(ctx, c)
	if !app.IsServer {
		w, h := app.Window().Size()
		x = max(4, min(x, w-244))
		y = max(4, min(y, h-280))
	}
	c.menu = gridMenu{Open: true, Field: field, X: x, Y: y}
	ctx.Defer(func(app.Context) { focusItemIn("#grid-context-menu", 0) })
}

func (c *CatalogPage) closeMenu(ctx app.Context) {
	rerender(ctx, c)
	c.menu = gridMenu{}
	ctx.Defer(func(app.Context) { focusByID("grid") })
}

func (c *CatalogPage) renderMenu() app.UI {
	if !c.menu.Open {
		return nil
	}
	item := func(act, label string) app.UI {
		return app.Button().Type("button").Class("menu-item").Role("menuitem").
			TabIndex(-1).
			DataSet("action", act).
			OnClick(c.onMenuAction, act).
			Text(label)
	}
	var items []app.UI
	title := c.t("menu.title")
	if f := state.FieldByKey(c.Catalog, c.menu.Field); f != nil {
		title = f.Label.In(c.Lang)
		if api.Indexed(f.Type) {
			items = append(items, item(actSortAsc, c.t("menu.sort_asc")), item(actSortDesc, c.t("menu.sort_desc")))
		}
		if len(c.cols) > 1 {
			items = append(items, item(actHide, c.t("menu.hide")))
		}
		items = append(items, app.Div().Class("menu-sep").Role("separator"))
	}
	items = append(items,
		item(actColumns, c.t("menu.columns")),
		app.Div().Class("menu-sep").Role("separator"),
		item(actExportXLSX, c.t("menu.export_xlsx")),
		item(actExportCSV, c.t("menu.export_csv")),
		app.Div().Class("menu-sep").Role("separator"),
		item(actSettingsSave, c.t("settings.save")),
		item(actSettingsReset, c.t("settings.reset")),
	)
	return app.Div().Body(
		app.Div().Class("menu-overlay").OnClick(c.onMenuOverlay).OnContextMenu(c.onMenuOverlay),
		app.Div().ID("grid-context-menu").Class("menu").Role("menu").
			Aria("label", title).
			Style("left", strconv.Itoa(c.menu.X)+"px").
			Style("top", strconv.Itoa(c.menu.Y)+"px").
			OnKeyDown(c.onMenuKey).
			Body(
				app.Div().Class("menu-title").Aria("hidden", "true").Text(title),
				app.Range(items).Slice(func(i int) app.UI { return items[i] }),
			),
	)
}

func (c *CatalogPage) onMenuOverlay(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.closeMenu(ctx)
}

func (c *CatalogPage) onMenuKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if menuKey(e, "#grid-context-menu") {
		c.closeMenu(ctx)
	}
}

func (c *CatalogPage) onMenuAction(ctx app.Context, e app.Event) {
	act := ctx.JSSrc().Get("dataset").Get("action").String()
	field := c.menu.Field
	c.closeMenu(ctx)
	c.menuAction(ctx, act, field)
}

func (c *CatalogPage) menuAction(ctx app.Context, act, field string) {
	switch act {
	case actSortAsc, actSortDesc:
		c.q.Sort = []api.SortKey{{Field: field, Desc: act == actSortDesc}}
		c.resetQuery()
	case actHide:
		if cols, ok := state.HideColumn(c.cols, field); ok {
			c.cols = cols
			c.fetchTotals()
		}
	case actColumns:
		c.chooser = columnChooser{Open: true, Items: state.Choices(c.Catalog, c.cols)}
		ctx.Defer(func(app.Context) { focusFirst("#columns-dialog input") })
	case actExportXLSX:
		c.export(api.ExportXLSX)
	case actExportCSV:
		c.export(api.ExportCSV)
	case actSettingsSave:
		c.saveSettings()
	case actSettingsReset:
		c.askResetSettings()
	}
}

// focusFirst focuses the first element matching the CSS selector sel.
func focusFirst(sel string) {
	if app.IsServer {
		return
	}
	if el := app.Window().Get("document").Call("querySelector", sel); el.Truthy() {
		el.Call("focus")
	}
}

// ---- column chooser

func (c *CatalogPage) renderChooser() app.UI {
	if !c.chooser.Open {
		return nil
	}
	items := c.chooser.Items
	last := len(items) - 1
	return app.Div().Class("modal-backdrop").OnKeyDown(onEscape(c.onChooserCancel)).Body(
		app.Div().ID("columns-dialog").Class("modal", "modal-columns").
			Role("dialog").Aria("modal", "true").Aria("labelledby", "columns-title").
			Body(
				app.H2().ID("columns-title").Class("modal-title").Text(c.t("columns.title")),
				app.P().Class("modal-text", "muted").Text(c.t("columns.hint")),
				app.Ul().Class("column-list").Body(
					app.Range(items).Slice(func(i int) app.UI {
						ch := items[i]
						f := state.FieldByKey(c.Catalog, ch.Field)
						label := ch.Field
						if f != nil {
							label = f.Label.In(c.Lang)
						}
						id := "column-choice-" + ch.Field
						return app.Li().Class("column-choice").DataSet("field", ch.Field).Body(
							app.Input().ID(id).Type("checkbox").Class("check-input").
								Checked(ch.Visible).
								OnChange(c.onChooserCheck, ch.Field),
							app.Label().For(id).Class("column-label").Text(label),
							app.Button().Type("button").Class("icon-btn", "column-up").
								Aria("label", i18n.Tf(c.Lang, "columns.up", label)).
								Disabled(i == 0).
								OnClick(c.onChooserMove, ch.Field, -1).
								Text("↑"),
							app.Button().Type("button").Class("icon-btn", "column-down").
								Aria("label", i18n.Tf(c.Lang, "columns.down", label)).
								Disabled(i == last).
								OnClick(c.onChooserMove, ch.Field, 1).
								Text("↓"),
						)
					}),
				),
				app.If(c.chooser.Err, app.P().Class("filter-error").Role("alert").Text(c.t("columns.need_one"))),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("columns-cancel").Type("button").Class("btn", "btn-secondary").
						OnClick(c.onChooserCancel).Text(c.t("columns.cancel")),
					app.Button().ID("columns-ok").Type("button").Class("btn", "btn-primary").
						OnClick(c.onChooserOK).Text(c.t("columns.ok")),
				),
			),
	)
}

func (c *CatalogPage) chooserIndex(field string) int {
	for i, ch := range c.chooser.Items {
		if ch.Field == field {
			return i
		}
	}
	return -1
}

func (c *CatalogPage) onChooserCheck(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	field := ctx.JSSrc().Get("id").String()[len("column-choice-"):]
	if i := c.chooserIndex(field); i >= 0 {
		c.chooser.Items[i].Visible = ctx.JSSrc().Get("checked").Bool()
		c.chooser.Err = false
	}
}

func (c *CatalogPage) onChooserMove(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	btn := ctx.JSSrc()
	field := btn.Call("closest", ".column-choice").Get("dataset").Get("field").String()
	delta := 1
	if btn.Get("classList").Call("contains", "column-up").Bool() {
		delta = -1
	}
	i := c.chooserIndex(field)
	j := i + delta
	if i < 0 || j < 0 || j >= len(c.chooser.Items) {
		return
	}
	c.chooser.Items[i], c.chooser.Items[j] = c.chooser.Items[j], c.chooser.Items[i]
	sel := ".column-choice[data-field=\"" + field + "\"] .column-down"
	if delta < 0 {
		sel = ".column-choice[data-field=\"" + field + "\"] .column-up"
	}
	ctx.Defer(func(app.Context) { focusFirst(sel) })
}

func (c *CatalogPage) onChooserOK(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	cols, ok := state.ColumnsOf(c.chooser.Items)
	if !ok {
		c.chooser.Err = true
		return
	}
	c.cols = cols
	c.chooser = columnChooser{}
	c.fetchTotals()
	c.measureSoon(ctx)
	ctx.Defer(func(app.Context) { focusByID("grid") })
}

func (c *CatalogPage) onChooserCancel(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.chooser = columnChooser{}
	ctx.Defer(func(app.Context) { focusByID("grid") })
}

func (c *CatalogPage) measureSoon(ctx app.Context) {
	ctx.Defer(func(app.Context) { c.measure() })
}

// ---- dragging a column to another place

func (c *CatalogPage) onColDragStart(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.dragField = ctx.JSSrc().Get("dataset").Get("field").String()
	if dt := e.Get("dataTransfer"); dt.Truthy() {
		dt.Set("effectAllowed", "move")
		dt.Call("setData", "text/plain", c.dragField)
	}
}

func (c *CatalogPage) onColDragOver(ctx app.Context, e app.Event) {
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

func (c *CatalogPage) onColDrop(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	e.PreventDefault()
	target := ctx.JSSrc().Get("dataset").Get("field").String()
	if c.dragField != "" {
		c.cols = state.MoveColumn(c.cols, c.dragField, target)
	}
	c.dragField, c.dropField = "", ""
}

func (c *CatalogPage) onColDragEnd(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.dragField, c.dropField = "", ""
}

// ---- resizing a column by its edge

// listenResize follows pointer drags on the header's .col-resize handles.
// The handlers are plain JS listeners on the document: while dragging,
// only the grid's CSS variable changes (no render per pixel); the width
// lands in the layout on release.
func listenResize(ctx app.Context, c *CatalogPage) func() {
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
		if !h.Truthy() {
			return nil
		}
		e.Call("preventDefault")
		f := h.Get("dataset").Get("field").String()
		cols := c.columns()
		widths = make([]int, len(cols))
		idx = -1
		for i, col := range cols {
			widths[i] = c.widthOf(col)
			if col.Key == f {
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
		tmpl, sum := gridTemplate(widths)
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
		ctx.Dispatch(func(app.Context) {
			c.cols = state.ResizeColumn(c.cols, f, w)
			c.Update()
		})
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

// ---- totals row

// fetchTotals asks for the totals row of the current filter, if any
// column has one; the reply of an older request is dropped.
func (c *CatalogPage) fetchTotals() {
	req, ok := state.TotalsRequest(c.Catalog, c.q, c.cols, c.totals)
	c.totalsGen++
	if !ok || c.ctx == nil || c.Link == nil {
		c.totalVals = nil
		return
	}
	gen, key, ctx := c.totalsGen, c.key, c.ctx
	ctx.Async(func() {
		var reply api.TotalsReply
		err := c.Link.Request(ctx, api.TypeTotals, req, &reply)
		ctx.Dispatch(func(app.Context) {
			if gen != c.totalsGen || key != c.key {
				return
			}
			if err != nil {
				c.requestFailed(err)
				return
			}
			vals := map[string]api.TotalValue{}
			for _, tv := range reply.Totals {
				vals[tv.Field] = tv
			}
			c.totalVals = vals
			c.Update()
		})
	})
}

func (c *CatalogPage) renderTotals(cols []*api.Field) app.UI {
	if len(cols) == 0 {
		return nil
	}
	return app.Div().ID("totals").Class("grid-totals").Role("row").
		Aria("label", c.t("totals.label")).
		Body(app.Range(cols).Slice(func(i int) app.UI {
			f := cols[i]
			aggs := api.AggsFor(f.Type)
			cell := app.Div().Class("total-cell").Role("gridcell").DataSet("field", f.Key)
			if state.Numeric(f.Type) {
				cell = cell.Class("num")
			}
			if len(aggs) == 0 {
				return cell
			}
			fn := state.TotalOf(c.totals, f.Key)
			cell = cell.DataSet("fn", fn)
			value := ""
			if tv, ok := c.totalVals[f.Key]; ok && fn != "" && tv.Fn == fn {
				value = state.FormatTotal(f, tv, c.Lang)
			}
			id := "total-fn-" + f.Key
			label := i18n.Tf(c.Lang, "totals.of", f.Label.In(c.Lang))
			return cell.Body(
				app.Label().For(id).Class("sr-only").Text(label),
				app.Select().ID(id).Class("total-fn").Title(label).
					DataSet("field", f.Key).
					OnChange(c.onTotalFn, f.Key).
					Body(
						app.Option().Value("").Selected(fn == "").Text(c.t("totals.none")),
						app.Range(aggs).Slice(func(j int) app.UI {
							return app.Option().Value(aggs[j]).Selected(fn == aggs[j]).Text(c.t("totals." + aggs[j]))
						}),
					),
				app.Span().Class("total-value").Title(value).Text(value),
			)
		}))
}

func (c *CatalogPage) onTotalFn(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	src := ctx.JSSrc()
	c.totals = state.SetTotal(c.totals, src.Get("dataset").Get("field").String(), src.Get("value").String())
	c.fetchTotals()
}

// ---- export

func (c *CatalogPage) renderExportProgress() app.UI {
	if c.exporting == "" {
		return nil
	}
	return app.Div().ID("export-progress").Class("export-progress").Role("status").Body(
		app.Span().Class("spinner").Aria("hidden", "true"),
		app.Span().Text(i18n.Tf(c.Lang, "export.progress", c.exporting)),
	)
}

// export writes the list as the user sees it: the filter (with a search
// still being typed), the order, exactly the visible columns.
func (c *CatalogPage) export(format string) {
	if c.exporting != "" || c.ctx == nil {
		return
	}
	c.searchSeq++
	c.applySearch()
	c.exporting = format
	req := state.ExportRequest(c.key, c.q, c.q.EffectiveSort(c.Catalog), c.cols, format, c.Lang)
	ctx, key := c.ctx, c.key
	ctx.Async(func() {
		disp, mime, data, err := wsclient.Export(ctx, req)
		ctx.Dispatch(func(app.Context) {
			c.exporting = ""
			if err != nil {
				c.exportFailed(err)
				return
			}
			name := state.DispositionName(disp, key+"."+format)
			saveFile(name, mime, data)
			c.notify("exported", i18n.Tf(c.Lang, "export.done", name), true)
		})
	})
}

func (c *CatalogPage) exportFailed(err error) {
	var e *api.Error
	if errors.As(err, &e) && e.Code == api.CodeTooManyRows {
		count, _ := strconv.Atoi(e.Args["count"])
		limit, convErr := strconv.Atoi(e.Args["limit"])
		if convErr != nil {
			limit = api.MaxExport
		}
		c.notify(string(e.Code), i18n.Tf(c.Lang, "export.too_many", state.FormatCount(count), state.FormatCount(limit)), false)
		return
	}
	code := codeOf(err)
	c.notify(string(code), i18n.Error(c.Lang, code), false)
}

// ---- shortcuts help

func (c *CatalogPage) onHelpOpen(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.help = true
	ctx.Defer(func(app.Context) { focusByID("shortcuts-close") })
}

func (c *CatalogPage) onHelpClose(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.help = false
	ctx.Defer(func(app.Context) { focusByID("grid") })
}

var shortcutKeys = []struct{ keys, text string }{
	{"↑ ↓", "help.k.arrows"},
	{"PageUp PageDown", "help.k.page"},
	{"Home End", "help.k.home_end"},
	{"Enter", "help.k.enter"},
	{"Esc", "help.k.esc"},
	{"→ ←", "help.k.tree"},
	{"?", "help.k.help"},
	{"⇧F10 / ⋮", "help.k.menu"},
}

func (c *CatalogPage) renderHelp() app.UI {
	if !c.help {
		return nil
	}
	return app.Div().Class("modal-backdrop").OnKeyDown(onEscape(c.onHelpClose)).Body(
		app.Div().ID("shortcuts-dialog").Class("modal").
			Role("dialog").Aria("modal", "true").Aria("labelledby", "shortcuts-title").
			Body(
				app.H2().ID("shortcuts-title").Class("modal-title").Text(c.t("help.title")),
				app.Dl().Class("shortcut-list").Body(
					app.Range(shortcutKeys).Slice(func(i int) app.UI {
						k := shortcutKeys[i]
						return app.Div().Class("shortcut").Body(
							app.Dt().Body(app.Kbd().Text(k.keys)),
							app.Dd().Text(c.t(k.text)),
						)
					}),
				),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("shortcuts-close").Type("button").Class("btn", "btn-primary").
						OnClick(c.onHelpClose).Text(c.t("help.close")),
				),
			),
	)
}
