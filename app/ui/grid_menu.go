package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/server/api"
)

// Actions of the list menu.
const (
	actSortAsc       = "sort-asc"
	actSortDesc      = "sort-desc"
	actHide          = "hide"
	actColumns       = "columns"
	actExportXLSX    = "export-xlsx"
	actExportCSV     = "export-csv"
	actSettingsSave  = "settings-save"
	actSettingsReset = "settings-reset"
)

// GridMenu (#grid-context-menu) is the list menu: opened on a column's
// header it starts with that column's actions (sort, hide); from the
// toolbar or the menu key it offers only the rest (columns, export, form
// settings). Items carry data-action.
type GridMenu struct {
	app.Compo

	Lang    string
	Field   *api.Field // the column it was opened on, nil for none
	CanHide bool       // more than one column shows
	X, Y    int

	OnAction func(act string)
	OnClose  func()
}

func (c *GridMenu) t(key string) string { return i18n.T(c.Lang, key) }

// OnMount and OnUpdate keep the menu inside the viewport once it is on
// screen at X, Y (popup.go).
func (c *GridMenu) OnMount(ctx app.Context) { c.OnUpdate(ctx) }

func (c *GridMenu) OnUpdate(ctx app.Context) {
	x, y := c.X, c.Y
	ctx.Defer(func(app.Context) { fitMenu("grid-context-menu", x, y) })
}

func (c *GridMenu) Render() app.UI {
	item := func(act, label string) app.UI {
		return app.Button().Type("button").Class("menu-item").Role("menuitem").
			TabIndex(-1).
			DataSet("action", act).
			OnClick(c.onAction, act).
			Text(label)
	}
	var items []app.UI
	title := c.t("menu.title")
	if f := c.Field; f != nil {
		title = f.Label.In(c.Lang)
		if api.Indexed(f.Type) {
			items = append(items, item(actSortAsc, c.t("menu.sort_asc")), item(actSortDesc, c.t("menu.sort_desc")))
		}
		if c.CanHide {
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
		app.Div().Class("menu-overlay").OnClick(c.onOverlay).OnContextMenu(c.onOverlay),
		app.Div().ID("grid-context-menu").Class("menu").Role("menu").
			Aria("label", title).
			Style("left", strconv.Itoa(c.X)+"px").
			Style("top", strconv.Itoa(c.Y)+"px").
			OnKeyDown(c.onKey).
			Body(
				app.Div().Class("menu-title").Aria("hidden", "true").Text(title),
				app.Range(items).Slice(func(i int) app.UI { return items[i] }),
			),
	)
}

func (c *GridMenu) onOverlay(ctx app.Context, e app.Event) {
	e.PreventDefault()
	emit(ctx, c.OnClose)
}

func (c *GridMenu) onKey(ctx app.Context, e app.Event) {
	menuKey(ctx, e, "#grid-context-menu", c.OnClose)
}

func (c *GridMenu) onAction(ctx app.Context, e app.Event) {
	act := ctx.JSSrc().Get("dataset").Get("action").String()
	emit(ctx, func() { c.OnAction(act) })
}
