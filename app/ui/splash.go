package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// Splash fills the page while the session check runs, usually for a few
// milliseconds; it keeps signed-in users from seeing the login form flash.
type Splash struct {
	app.Compo

	Lang string
}

func (c *Splash) Render() app.UI {
	return app.Div().ID("splash").Class("splash").Role("status").Body(
		app.Img().Src("/web/icons/icon.svg").Alt("").Width(56).Height(56).Class("splash-logo"),
		app.Span().Class("splash-text").Text(i18n.T(c.Lang, "app.loading")),
	)
}
