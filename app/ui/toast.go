package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
)

// Toasts (.toasts) shows a screen's notifications, each with its code in
// data-code. The region is always in the page so screen readers announce
// what is added to it.
type Toasts struct {
	app.Compo

	Lang      string
	List      []state.Toast
	OnDismiss func(id int)
}

func (c *Toasts) Render() app.UI {
	return app.Div().Class("toasts").Role("status").Aria("live", "polite").Body(
		app.Range(c.List).Slice(func(i int) app.UI {
			t := c.List[i]
			kind, paths := "toast-error", pathAlert
			if t.OK {
				kind, paths = "toast-ok", pathCheck
			}
			return app.Div().Class("toast", kind).DataSet("code", t.Code).Body(
				app.Span().Class("toast-icon").Body(icon(paths)),
				app.Span().Class("toast-text").Text(t.Text),
				app.Button().Type("button").Class("icon-btn", "toast-close").
					Aria("label", i18n.T(c.Lang, "card.dismiss")).
					OnClick(func(ctx app.Context, e app.Event) { emit(ctx, func() { c.OnDismiss(t.ID) }) }, t.ID).
					Body(icon(pathClose)),
			)
		}),
	)
}
