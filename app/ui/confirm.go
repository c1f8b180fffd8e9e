package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// ConfirmDialog (#confirm-dialog) asks the user to confirm an action. It
// is modal: it takes the focus when it opens, Tab stays on its buttons,
// Escape cancels, the backdrop keeps clicks off the page behind, and the
// focus goes back where it was when it closes.
type ConfirmDialog struct {
	app.Compo

	Lang     string
	Text     string
	OKLabel  string
	Danger   bool
	OnOK     func()
	OnCancel func()

	back focusReturn
}

func (c *ConfirmDialog) OnMount(ctx app.Context) {
	c.back.save()
	ctx.Defer(func(app.Context) { focusByID("confirm-ok") })
}

func (c *ConfirmDialog) OnDismount() { c.back.restore() }

func (c *ConfirmDialog) Render() app.UI {
	ok := c.OKLabel
	if ok == "" {
		ok = i18n.T(c.Lang, "card.confirm_ok")
	}
	okClass := "btn-primary"
	if c.Danger {
		okClass = "btn-danger"
	}
	return app.Div().Class("modal-backdrop").OnKeyDown(c.onKey).Body(
		app.Div().ID("confirm-dialog").Class("modal").
			Role("alertdialog").
			Aria("modal", "true").
			Aria("labelledby", "confirm-title").
			Aria("describedby", "confirm-text").
			Body(
				app.H2().ID("confirm-title").Class("modal-title").Body(
					app.Span().Class("modal-icon").Body(icon(pathWarn)),
					app.Text(i18n.T(c.Lang, "card.confirm_title")),
				),
				app.P().ID("confirm-text").Class("modal-text").Text(c.Text),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("confirm-cancel").Type("button").Class("btn", "btn-secondary").
						OnClick(c.onCancel).Text(i18n.T(c.Lang, "card.cancel")),
					app.Button().ID("confirm-ok").Type("button").Class("btn", okClass).
						OnClick(c.onOK).Text(ok),
				),
			),
	)
}

func (c *ConfirmDialog) onOK(ctx app.Context, e app.Event) {
	if c.OnOK != nil {
		c.OnOK()
	}
}

func (c *ConfirmDialog) onCancel(ctx app.Context, e app.Event) {
	if c.OnCancel != nil {
		c.OnCancel()
	}
}

func (c *ConfirmDialog) onKey(ctx app.Context, e app.Event) {
	// The card under the dialog must not take its keys (Enter would edit,
	// Escape close): they end here.
	e.Call("stopPropagation")
	if trapTab(e) {
		return
	}
	if e.Get("key").String() == "Escape" {
		c.onCancel(ctx, e)
	}
}
