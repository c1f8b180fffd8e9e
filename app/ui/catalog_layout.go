package ui

import (
	"context"
	"errors"
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/app/wsclient"
	"webtool/server/api"
)

// The page's side of the layout controls: the list menu, the column
// chooser, moving and resizing columns, the totals row and the export. What
// they change lives in c.cols and c.totals, which map one to one onto
// api.Layout.

// gridMenu is the open list menu. Field is the column it was opened on;
// empty when opened from the toolbar, which offers only the actions that
// are not about one column.
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

// ---- the list menu

func (c *CatalogPage) renderMenu() app.UI {
	if !c.menu.Open {
		return nil
	}
	return &GridMenu{
		Lang: c.Lang, Field: state.FieldByKey(c.Catalog, c.menu.Field), CanHide: len(c.cols) > 1,
		X: c.menu.X, Y: c.menu.Y,
		OnAction: c.menuAction, OnClose: c.closeMenu,
	}
}

// toggleMenu is the toolbar's menu button.
func (c *CatalogPage) toggleMenu(x, y int) {
	if c.menu.Open {
		c.menu = gridMenu{}
		c.Update()
		return
	}
	c.openMenu("", x, y)
}

// openMenu opens the list menu at x, y, on the column field ("" for none).
func (c *CatalogPage) openMenu(field string, x, y int) {
	if !app.IsServer {
		w, h := app.Window().Size()
		x = max(4, min(x, w-244))
		y = max(4, min(y, h-280))
	}
	c.menu = gridMenu{Open: true, Field: field, X: x, Y: y}
	c.ctx.Defer(func(app.Context) { focusItemIn("#grid-context-menu", 0) })
	c.Update()
}

// updateFocus renders the page, then focuses the element id: the control a
// closed menu or dialog hands the keyboard back to.
func (c *CatalogPage) updateFocus(id string) {
	c.ctx.Defer(func(app.Context) { focusByID(id) })
	c.Update()
}

func (c *CatalogPage) closeMenu() {
	c.menu = gridMenu{}
	c.updateFocus("grid")
}

func (c *CatalogPage) menuAction(act string) {
	field := c.menu.Field
	c.closeMenu()
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
		c.ctx.Defer(func(app.Context) { focusFirst("#columns-dialog input") })
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

// ---- the column chooser

func (c *CatalogPage) renderChooser() app.UI {
	if !c.chooser.Open {
		return nil
	}
	return &ColumnChooser{
		Lang: c.Lang, Catalog: c.Catalog, Items: c.chooser.Items, Err: c.chooser.Err,
		OnCheck: c.checkColumn, OnMove: c.shiftColumn, OnOK: c.chooseColumns, OnCancel: c.closeChooser,
	}
}

func (c *CatalogPage) chooserIndex(field string) int {
	for i, ch := range c.chooser.Items {
		if ch.Field == field {
			return i
		}
	}
	return -1
}

func (c *CatalogPage) checkColumn(field string, on bool) {
	if i := c.chooserIndex(field); i >= 0 {
		c.chooser.Items[i].Visible = on
		c.chooser.Err = false
	}
	c.Update()
}

func (c *CatalogPage) shiftColumn(field string, delta int) {
	defer c.Update()
	i := c.chooserIndex(field)
	j := i + delta
	if i < 0 || j < 0 || j >= len(c.chooser.Items) {
		return
	}
	c.chooser.Items[i], c.chooser.Items[j] = c.chooser.Items[j], c.chooser.Items[i]
}

func (c *CatalogPage) chooseColumns() {
	defer c.Update()
	cols, ok := state.ColumnsOf(c.chooser.Items)
	if !ok {
		c.chooser.Err = true
		return
	}
	c.cols = cols
	c.chooser = columnChooser{}
	c.fetchTotals()
	c.ctx.Defer(func(app.Context) {
		c.measure()
		focusByID("grid")
	})
}

func (c *CatalogPage) closeChooser() {
	c.chooser = columnChooser{}
	c.updateFocus("grid")
}

// ---- moving and resizing columns

func (c *CatalogPage) moveColumn(field, before string) {
	c.cols = state.MoveColumn(c.cols, field, before)
	c.Update()
}

func (c *CatalogPage) resizeColumn(field string, width int) {
	c.cols = state.ResizeColumn(c.cols, field, width)
	c.Update()
}

// ---- the totals row

func (c *CatalogPage) setTotal(field, fn string) {
	c.totals = state.SetTotal(c.totals, field, fn)
	c.fetchTotals()
	c.Update()
}

// fetchTotals asks for the totals row of the current filter, if any
// column has one; the reply of an older request is dropped.
func (c *CatalogPage) fetchTotals() {
	req, ok := state.TotalsRequest(c.Catalog, c.q, c.cols, c.totals)
	c.totalsGen++
	if !ok || c.ctx == nil || c.Link == nil {
		c.totalVals = nil
		return
	}
	gen, key := c.totalsGen, c.key
	ask(c.ctx, c.Link, api.TypeTotals, req, func() bool { return gen == c.totalsGen && key == c.key }, func(reply api.TotalsReply, err error) {
		if err != nil {
			c.requestFailed(err)
			return
		}
		c.totalVals = totalsByField(reply)
		c.totalsRev++
	})
}

// totalsByField is the totals row's values, by field.
func totalsByField(reply api.TotalsReply) map[string]api.TotalValue {
	vals := map[string]api.TotalValue{}
	for _, tv := range reply.Totals {
		vals[tv.Field] = tv
	}
	return vals
}

// ---- export

// export writes the list as the user sees it: the filter (with a search
// still being typed), the order, exactly the visible columns.
func (c *CatalogPage) export(format string) {
	if c.exporting != "" || c.ctx == nil || c.Link == nil {
		return
	}
	c.searchSeq++
	c.applySearch()
	c.exporting = format
	req := state.ExportRequest(c.key, c.q, c.q.EffectiveSort(c.Catalog), c.cols, format, c.Lang)
	exportFile(c.ctx, c.Link, req, c.Lang, c.notify, func() { c.exporting = "" })
}

// exportFile downloads the export req asks for (the page's list or a
// child catalog's tab) and tells the user how it went; done runs first,
// whatever the outcome. The file is the user's even if they moved on
// meanwhile.
func exportFile(ctx app.Context, link *Link, req api.ExportRequest, lang string, notify func(code, text string, ok bool), done func()) {
	var disp, mime string
	var data []byte
	get := func(ctx context.Context) (err error) {
		disp, mime, data, err = wsclient.Export(ctx, req)
		return err
	}
	send(ctx, link, get, nil, func(err error) {
		done()
		if err != nil {
			notify(exportFailure(err, lang))
			return
		}
		name := state.DispositionName(disp, req.Catalog+"."+req.Format)
		saveFile(name, mime, data)
		notify("exported", i18n.Tf(lang, "export.done", name), true)
	})
}

// exportFailure is the toast of a failed export: the row limit with the
// counts, else the error's message.
func exportFailure(err error, lang string) (code, text string, ok bool) {
	var e *api.Error
	if errors.As(err, &e) && e.Code == api.CodeTooManyRows {
		count, _ := strconv.Atoi(e.Args["count"])
		limit, convErr := strconv.Atoi(e.Args["limit"])
		if convErr != nil {
			limit = api.MaxExport
		}
		return string(e.Code), i18n.Tf(lang, "export.too_many", state.FormatCount(count), state.FormatCount(limit)), false
	}
	c := codeOf(err)
	return string(c), i18n.Error(lang, c), false
}
