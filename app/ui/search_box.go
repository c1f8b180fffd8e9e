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

	// typed is what the input held at its last input event, and shown the
	// value attribute last rendered: while the page's search is what the
	// user typed, the box renders shown again, so a render in the middle of
	// the typing (a push, a ping, a toast) never writes an older value
	// over keys just typed (see inputValues, the card's version of this).
	typed, shown string
	hasTyped     bool
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
			Value(c.value()).
			OnInput(c.onInput).
			OnKeyDown(c.onKey),
	)
}

// value is the value attribute to render: the one rendered last while the
// page's search is still what the user typed (the DOM holds it already);
// the page's value when the program changed it (a view applied, a search
// cleared), written into the DOM by hand when the attribute alone would
// not change.
func (c *SearchBox) value() string {
	if c.hasTyped && c.Value == c.typed {
		return c.shown
	}
	if c.hasTyped && c.Value == c.shown {
		id, v := c.ID, c.Value
		var write app.Func
		write = app.FuncOf(func(app.Value, []app.Value) any {
			defer write.Release()
			if e := app.Window().GetElementByID(id); e.Truthy() && e.Get("value").String() != v {
				e.Set("value", v)
			}
			return nil
		})
		app.Window().Call("setTimeout", write, 0)
	}
	c.hasTyped = false
	c.shown = c.Value
	return c.Value
}

func (c *SearchBox) onInput(ctx app.Context, e app.Event) {
	typed := ctx.JSSrc().Get("value").String()
	c.typed, c.hasTyped = typed, true
	emit(ctx, func() { c.OnInput(typed) })
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
