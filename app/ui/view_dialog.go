package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/server/api"
)

// ViewDialog (#view-dialog) asks for a view's name: creating, renaming or
// duplicating. The typed name stays in the input (it is not bound, see
// DESIGN's go-app traps) and goes out with OnOK.
type ViewDialog struct {
	app.Compo

	Lang   string
	Rename bool   // the title says rename, not create
	Name   string // what the input starts with
	Err    string // the i18n key of the error next to the name
	Busy   bool

	OnOK     func(name string)
	OnCancel func()

	back focusReturn // the focus goes back where it was (focustrap.go)
}

func (c *ViewDialog) OnDismount() { c.back.restore() }

func (c *ViewDialog) OnMount(ctx app.Context) {
	c.back.save()
	ctx.Defer(func(app.Context) {
		focusByID("view-name")
		if !app.IsServer {
			if el := app.Window().GetElementByID("view-name"); el.Truthy() {
				el.Call("select")
			}
		}
	})
}

func (c *ViewDialog) t(key string) string { return i18n.T(c.Lang, key) }

func (c *ViewDialog) Render() app.UI {
	title := c.t("view.create_title")
	if c.Rename {
		title = c.t("view.rename_title")
	}
	input := app.Input().ID("view-name").Type("text").Class("input").
		Attr("maxlength", api.MaxViewName).Attr("autocomplete", "off").
		Aria("invalid", c.Err != "").
		Value(c.Name).
		OnKeyDown(c.onNameKey)
	if c.Err != "" {
		input = input.Aria("describedby", "view-name-error")
	}
	return app.Div().Class("modal-backdrop").OnKeyDown(onEscape(c.onCancel)).Body(
		app.Div().ID("view-dialog").Class("modal").
			Role("dialog").Aria("modal", "true").Aria("labelledby", "view-dialog-title").
			Body(
				app.H2().ID("view-dialog-title").Class("modal-title").Text(title),
				app.Div().Class("field").Body(
					app.Label().For("view-name").Class("field-label").Text(c.t("view.name")),
					input,
					app.If(c.Err != "", app.P().ID("view-name-error").Class("field-error", "view-error").
						Role("alert").Text(c.t(c.Err))),
				),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("view-cancel").Type("button").Class("btn", "btn-secondary").
						OnClick(c.onCancel).Text(c.t("view.cancel")),
					app.Button().ID("view-ok").Type("button").Class("btn", "btn-primary").
						Disabled(c.Busy).
						OnClick(c.onOK).Text(c.t("view.ok")),
				),
			),
	)
}

func (c *ViewDialog) onNameKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if e.Get("key").String() == "Enter" {
		e.PreventDefault()
		c.onOK(ctx, e)
	}
}

func (c *ViewDialog) onOK(ctx app.Context, e app.Event) {
	emit(ctx, func() { c.OnOK(typedViewName()) })
}

func (c *ViewDialog) onCancel(ctx app.Context, e app.Event) { emit(ctx, c.OnCancel) }

func typedViewName() string {
	if app.IsServer {
		return ""
	}
	if el := app.Window().GetElementByID("view-name"); el.Truthy() {
		return el.Get("value").String()
	}
	return ""
}
