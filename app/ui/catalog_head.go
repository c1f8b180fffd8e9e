package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
)

// CatalogHead is the title line of a catalog screen: the catalog's name,
// the record count (#grid-count) and the create button (#create).
type CatalogHead struct {
	app.Compo

	Lang  string
	Title string
	Count int
	Known bool // Count is known
	// CanCreate shows the create button; Child words it as a child of the
	// selected tree node.
	CanCreate, Child bool
	OnCreate         func()
}

func (c *CatalogHead) Render() app.UI {
	countText := i18n.T(c.Lang, "catalog.count.unknown")
	if c.Known {
		countText = i18n.Count(c.Lang, c.Count, state.FormatCount(c.Count))
	}
	var create app.UI
	if c.CanCreate {
		label := i18n.T(c.Lang, "catalog.create")
		if c.Child {
			label = i18n.T(c.Lang, "catalog.create_child")
		}
		create = app.Button().ID("create").Type("button").Class("btn", "btn-primary").
			OnClick(c.onCreate).
			Body(icon(pathPlus), app.Span().Text(label))
	}
	return app.Div().Class("catalog-head").Body(
		app.Div().Class("catalog-title-wrap").Body(
			app.H1().Class("page-title", "catalog-title").Text(c.Title),
			app.Span().ID("grid-count").Class("catalog-count").Aria("live", "polite").Text(countText),
		),
		create,
	)
}

func (c *CatalogHead) onCreate(ctx app.Context, e app.Event) { emit(ctx, c.OnCreate) }
