package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// renderToasts shows the notifications of the catalog screen. The region
// is always in the page so screen readers announce what is added to it.
func (c *CatalogPage) renderToasts() app.UI {
	return app.Div().Class("toasts").Role("status").Aria("live", "polite").Body(
		app.Range(c.toasts).Slice(func(i int) app.UI {
			t := c.toasts[i]
			kind, paths := "toast-error", pathAlert
			if t.OK {
				kind, paths = "toast-ok", pathCheck
			}
			return app.Div().Class("toast", kind).DataSet("code", t.Code).Body(
				app.Span().Class("toast-icon").Body(icon(paths)),
				app.Span().Class("toast-text").Text(t.Text),
				app.Button().Type("button").Class("icon-btn", "toast-close").
					Aria("label", c.t("card.dismiss")).
					OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.dismissToast(t.ID) }, t.ID).
					Body(icon(pathClose)),
			)
		}),
	)
}
