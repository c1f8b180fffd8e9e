package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// UpdateBanner (#update-banner) offers to load the new version the service
// worker installed. It never reloads by itself: the user may be typing.
type UpdateBanner struct {
	app.Compo

	Lang     string
	OnReload func()
}

func (c *UpdateBanner) Render() app.UI {
	return app.Div().ID("update-banner").Class("update-banner").Role("status").Body(
		app.Span().Class("update-icon").Body(icon(pathSync)),
		app.Span().Class("update-text").Text(i18n.T(c.Lang, "update.text")),
		app.Button().Type("button").ID("update-reload").Class("btn", "btn-primary", "btn-sm").
			OnClick(c.onReload).
			Text(i18n.T(c.Lang, "update.reload")),
	)
}

func (c *UpdateBanner) onReload(ctx app.Context, e app.Event) {
	if c.OnReload != nil {
		ctx.Emit(c.OnReload)
	}
}
