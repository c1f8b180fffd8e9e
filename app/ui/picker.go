package ui

import (
	"strconv"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

const (
	pickerLimit = 20
	pickerDelay = 200 * time.Millisecond
)

// RefPicker is a searchable combobox over the records of another catalog:
// type to search (lookup), arrow keys to move, Enter to pick, Escape to
// close; it shows the picked record's name and can be cleared. The input
// has the id the label points to (#f-<field>), options are
// .picker-option[data-id].
type RefPicker struct {
	app.Compo

	ID       string
	Lang     string
	Catalog  string // the referenced catalog
	Value    state.Ref
	Required bool
	Invalid  bool
	// DescribedBy names the element with the field's hint or error.
	DescribedBy string
	Link        *Link
	OnPick      func(state.Ref)

	ctx     app.Context
	open    bool
	editing bool
	text    string
	choices []api.Choice
	active  int
	loading bool
	failed  api.Code // why the last search brought nothing, "" if it worked
	seq     int
}

func (c *RefPicker) OnMount(ctx app.Context) { c.ctx = ctx }

func (c *RefPicker) listID() string { return c.ID + "-list" }

func (c *RefPicker) Render() app.UI {
	value := c.Value.Label
	if value == "" {
		value = c.Value.ID
	}
	if c.editing {
		value = c.text
	}
	active := ""
	if c.open && c.active >= 0 && c.active < len(c.choices) {
		active = c.ID + "-opt-" + strconv.Itoa(c.active)
	}
	input := app.Input().ID(c.ID).Type("text").Class("input", "picker-input").
		Role("combobox").
		Attr("autocomplete", "off").
		Aria("autocomplete", "list").
		Aria("expanded", c.open).
		Aria("controls", c.listID()).
		Aria("activedescendant", active).
		Placeholder(i18n.T(c.Lang, "picker.search")).
		Required(c.Required).
		Value(value).
		OnInput(c.onInput).
		OnClick(c.onOpen).
		OnBlur(c.onBlur).
		OnKeyDown(c.onKey)
	if c.Invalid {
		input = input.Aria("invalid", true)
	}
	if c.DescribedBy != "" {
		input = input.Aria("describedby", c.DescribedBy)
	}
	var clear app.UI
	if c.Value.ID != "" {
		clear = app.Button().Type("button").Class("picker-clear").
			TabIndex(-1).
			Aria("label", i18n.T(c.Lang, "picker.clear")).
			Title(i18n.T(c.Lang, "picker.clear")).
			OnMouseDown(c.onClear).
			Body(icon(pathClose))
	}
	return app.Div().Class("picker").DataSet("value", c.Value.ID).Body(
		input,
		clear,
		c.renderList(),
	)
}

func (c *RefPicker) renderList() app.UI {
	list := app.Ul().ID(c.listID()).Class("picker-list").Role("listbox")
	if !c.open {
		return list.Hidden(true)
	}
	if len(c.choices) == 0 {
		text := i18n.T(c.Lang, "picker.none")
		switch {
		case c.loading:
			text = i18n.T(c.Lang, "picker.loading")
		case c.failed != "":
			text = i18n.Error(c.Lang, c.failed)
		}
		return list.Body(app.Li().Class("picker-empty").Text(text))
	}
	return list.Body(
		app.Range(c.choices).Slice(func(i int) app.UI {
			ch := c.choices[i]
			cls := []string{"picker-option"}
			if i == c.active {
				cls = append(cls, "active")
			}
			return app.Li().ID(c.ID+"-opt-"+strconv.Itoa(i)).Class(cls...).
				Role("option").
				DataSet("id", ch.ID).
				Aria("selected", ch.ID == c.Value.ID).
				OnMouseDown(func(ctx app.Context, e app.Event) {
					e.PreventDefault() // keep the focus in the input
					rerender(ctx, c)
					c.pick(ch)
				}, ch.ID).
				Body(
					app.Span().Class("picker-label").Text(ch.Label),
					app.If(ch.Code != "", app.Span().Class("picker-code").Text(ch.Code)),
				)
		}),
	)
}

// onOpen shows the choices when the input is clicked. Focus alone (Tab,
// or the card focusing its first field on Edit) does not: a list opening
// by itself would cover the fields below it, and a click meant for them
// would pick a choice. Typing and ArrowDown open it too.
func (c *RefPicker) onOpen(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	if !c.open {
		c.open = true
		c.lookup("")
	}
}

func (c *RefPicker) onBlur(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.open = false
	c.editing = false
	c.text = ""
}

func (c *RefPicker) onInput(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.text = ctx.JSSrc().Get("value").String()
	c.editing = true
	c.open = true
	c.seq++
	seq := c.seq
	ctx.After(pickerDelay, func(app.Context) {
		if seq == c.seq {
			c.lookup(c.text)
		}
	})
}

func (c *RefPicker) lookup(search string) {
	if c.ctx == nil || c.Link == nil {
		return
	}
	c.seq++
	seq := c.seq
	c.loading = true
	req := api.LookupRequest{Catalog: c.Catalog, Search: search, Limit: pickerLimit}
	ask(c.ctx, c.Link, api.TypeLookup, req, func() bool { return seq == c.seq }, func(reply api.LookupReply, err error) {
		c.loading = false
		c.failed = ""
		if err != nil {
			// Say why the list is empty: "nothing found" would be untrue.
			c.choices, c.failed = nil, codeOf(err)
			return
		}
		c.choices = reply.Choices
		c.active = 0
		for i, ch := range c.choices {
			if ch.ID == c.Value.ID {
				c.active = i
			}
		}
	})
}

func (c *RefPicker) onKey(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	switch e.Get("key").String() {
	case "ArrowDown":
		e.PreventDefault()
		if !c.open {
			c.open = true
			c.lookup(c.text)
			return
		}
		if len(c.choices) > 0 {
			c.active = (c.active + 1) % len(c.choices)
		}
	case "ArrowUp":
		e.PreventDefault()
		if len(c.choices) > 0 {
			c.active = (c.active - 1 + len(c.choices)) % len(c.choices)
		}
	case "Enter":
		if c.open && c.active >= 0 && c.active < len(c.choices) {
			e.PreventDefault()
			c.pick(c.choices[c.active])
		}
	case "Escape":
		if c.open {
			e.PreventDefault()
			e.Call("stopPropagation")
			c.open, c.editing, c.text = false, false, ""
		}
	}
}

func (c *RefPicker) pick(ch api.Choice) {
	c.open, c.editing, c.text = false, false, ""
	c.seq++
	if c.OnPick != nil {
		c.OnPick(state.Ref{ID: ch.ID, Label: ch.Label})
	}
}

func (c *RefPicker) onClear(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	e.PreventDefault()
	c.open, c.editing, c.text = false, false, ""
	if c.OnPick != nil {
		c.OnPick(state.Ref{})
	}
}
