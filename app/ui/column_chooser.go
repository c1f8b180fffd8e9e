package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// ColumnChooser (#columns-dialog) is the "Choose columns" dialog over a
// working copy of the layout (Items, kept by the page): a checkbox and
// up/down buttons per field, applied on OK.
type ColumnChooser struct {
	app.Compo

	Lang    string
	Catalog *api.Catalog
	Items   []state.ColumnChoice
	Err     bool // no column is ticked

	OnCheck  func(field string, on bool)
	OnMove   func(field string, delta int)
	OnOK     func()
	OnCancel func()
}

func (c *ColumnChooser) t(key string) string { return i18n.T(c.Lang, key) }

func (c *ColumnChooser) Render() app.UI {
	items := c.Items
	last := len(items) - 1
	return app.Div().Class("modal-backdrop").OnKeyDown(onEscape(c.onCancel)).Body(
		app.Div().ID("columns-dialog").Class("modal", "modal-columns").
			Role("dialog").Aria("modal", "true").Aria("labelledby", "columns-title").
			Body(
				app.H2().ID("columns-title").Class("modal-title").Text(c.t("columns.title")),
				app.P().Class("modal-text", "muted").Text(c.t("columns.hint")),
				app.Ul().Class("column-list").Body(
					app.Range(items).Slice(func(i int) app.UI {
						ch := items[i]
						label := ch.Field
						if f := state.FieldByKey(c.Catalog, ch.Field); f != nil {
							label = f.Label.In(c.Lang)
						}
						id := "column-choice-" + ch.Field
						return app.Li().Class("column-choice").DataSet("field", ch.Field).Body(
							app.Input().ID(id).Type("checkbox").Class("check-input").
								Checked(ch.Visible).
								OnChange(c.onCheck, ch.Field),
							app.Label().For(id).Class("column-label").Text(label),
							app.Button().Type("button").Class("icon-btn", "column-up").
								Aria("label", i18n.Tf(c.Lang, "columns.up", label)).
								Disabled(i == 0).
								OnClick(c.onMove, ch.Field, -1).
								Text("↑"),
							app.Button().Type("button").Class("icon-btn", "column-down").
								Aria("label", i18n.Tf(c.Lang, "columns.down", label)).
								Disabled(i == last).
								OnClick(c.onMove, ch.Field, 1).
								Text("↓"),
						)
					}),
				),
				app.If(c.Err, app.P().Class("filter-error").Role("alert").Text(c.t("columns.need_one"))),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("columns-cancel").Type("button").Class("btn", "btn-secondary").
						OnClick(c.onCancel).Text(c.t("columns.cancel")),
					app.Button().ID("columns-ok").Type("button").Class("btn", "btn-primary").
						OnClick(c.onOK).Text(c.t("columns.ok")),
				),
			),
	)
}

func (c *ColumnChooser) onCheck(ctx app.Context, e app.Event) {
	src := ctx.JSSrc()
	field := src.Get("id").String()[len("column-choice-"):]
	emit(ctx, func() { c.OnCheck(field, src.Get("checked").Bool()) })
}

func (c *ColumnChooser) onMove(ctx app.Context, e app.Event) {
	btn := ctx.JSSrc()
	field := btn.Call("closest", ".column-choice").Get("dataset").Get("field").String()
	delta, sel := 1, ".column-choice[data-field=\""+field+"\"] .column-down"
	if btn.Get("classList").Call("contains", "column-up").Bool() {
		delta, sel = -1, ".column-choice[data-field=\""+field+"\"] .column-up"
	}
	emit(ctx, func() { c.OnMove(field, delta) })
	// The button keeps the focus as its row moves.
	ctx.Defer(func(app.Context) { focusFirst(sel) })
}

func (c *ColumnChooser) onOK(ctx app.Context, e app.Event)     { emit(ctx, c.OnOK) }
func (c *ColumnChooser) onCancel(ctx app.Context, e app.Event) { emit(ctx, c.OnCancel) }

// focusFirst focuses the first element matching the CSS selector sel.
func focusFirst(sel string) {
	if app.IsServer {
		return
	}
	if el := app.Window().Get("document").Call("querySelector", sel); el.Truthy() {
		el.Call("focus")
	}
}
