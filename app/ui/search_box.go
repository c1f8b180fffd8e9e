package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// SearchBox is a grid's quick search: the page's (#grid-search, over
// #grid) and a child catalog's on a card tab. Typing does not render it
// back (OnInput hears each change, OnEnter the Enter key); ArrowDown
// moves the focus to the grid.
type SearchBox struct {
	app.Compo

	ID      string
	Grid    string // the grid's element id
	Lang    string
	Value   string
	OnInput func(text string)
	OnEnter func()
}

func (c *SearchBox) Render() app.UI {
	return app.Div().Class("search-box").Body(
		app.Label().For(c.ID).Class("search-icon").Body(
			icon(pathSearch),
			app.Span().Class("sr-only").Text(i18n.T(c.Lang, "catalog.search")),
		),
		app.Input().ID(c.ID).Type("search").Class("input", "search-input").
			Placeholder(i18n.T(c.Lang, "catalog.search_hint")).
			Attr("autocomplete", "off").
			Value(c.Value).
			OnInput(c.onInput).
			OnKeyDown(c.onKey),
	)
}

func (c *SearchBox) onInput(ctx app.Context, e app.Event) {
	emit(ctx, func() { c.OnInput(ctx.JSSrc().Get("value").String()) })
}

func (c *SearchBox) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	switch e.Get("key").String() {
	case "Enter":
		c.OnEnter()
	case "ArrowDown":
		e.PreventDefault()
		focusByID(c.Grid)
	}
}
