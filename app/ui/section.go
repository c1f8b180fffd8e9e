package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// Section is the page of one navigation item. Catalog screens replace it as
// they are built; until then it says the section is coming.
type Section struct {
	app.Compo

	Lang  string
	Title string
	Key   string
}

func (c *Section) Render() app.UI {
	return app.Div().ID("section").Class("page").DataSet("key", c.Key).Body(
		app.Div().Class("page-head").Body(
			app.H1().Class("page-title").Text(c.Title),
		),
		app.Div().Class("card", "card-center").Body(
			app.Div().Class("empty-icon").Body(icon(pathClock)),
			app.P().Text(i18n.T(c.Lang, "section.soon")),
			app.A().Href("/").Class("btn", "btn-secondary").Body(
				icon(pathHome),
				app.Span().Text(i18n.T(c.Lang, "section.back")),
			),
		),
	)
}

// NotFound is the page for a path that leads nowhere.
type NotFound struct {
	app.Compo

	Lang string
}

func (c *NotFound) Render() app.UI {
	return app.Div().ID("not-found").Class("page").Body(
		app.Div().Class("card", "card-center").Body(
			app.H1().Class("page-title").Text(i18n.T(c.Lang, "notfound.title")),
			app.P().Text(i18n.T(c.Lang, "notfound.text")),
			app.A().Href("/").Class("btn", "btn-secondary").Body(
				icon(pathHome),
				app.Span().Text(i18n.T(c.Lang, "section.back")),
			),
		),
	)
}
