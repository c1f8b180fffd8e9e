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
	// pickerMinWidth and pickerMaxHeight bound the floating list (px):
	// wide enough for a name and its code and owner even under a narrow
	// list cell, never taller than what is left of the viewport.
	pickerMinWidth  = 300
	pickerMaxHeight = 320
)

// RefPicker is a searchable combobox over the records of another catalog:
// type to search (lookup; the server matches every word, so the text goes
// as typed), arrow keys to move, Enter to pick, Escape to close. Each
// option shows the record's name and, on a second line, its code, owner
// and what else tells it apart; the picked record reads as its name and
// code and can be cleared. The list floats over the page (popup.go), so
// no card or table clips it. The input has the id the label points to
// (#f-<field>), the list is #<id>-list[data-placement], options are
// .picker-option[data-id]; .picker[data-value] is the picked id (the
// text, with Text).
//
// With Text set it is the picker of a text field with Pick: Value.Label
// is the field's text, typed freely or taken from a choice (its Value).
type RefPicker struct {
	app.Compo

	ID       string
	Lang     string
	Catalog  string // the catalog the choices come from
	Value    state.Ref
	Info     api.RefInfo // Value's code and owner, as the record has them
	Required bool
	Invalid  bool
	// DescribedBy names the element with the field's hint or error.
	DescribedBy string
	Link        *Link
	// For, when set, gives at each lookup the field the picker fills and
	// the draft values its limits compare with (LookupRequest.For), so the
	// server offers only records the save would accept. Nil: no limit.
	For    func() *api.LookupFor
	OnPick func(state.Ref)
	// Text and OnText: the picker fills a text field (see above).
	Text   bool
	OnText func(string)

	ctx     app.Context
	open    bool
	editing bool
	text    string
	choices []api.Choice
	active  int
	loading bool
	failed  api.Code // why the last search brought nothing, "" if it worked
	seq     int
	// picked is the last choice taken: its code and owner show until the
	// record read back from the server has them.
	picked api.Choice
	// typed is the text of a Text picker since the user typed or picked
	// (typedSet), which Value catches up with only when the card renders.
	typed    string
	typedSet bool
	lastText string
	unfollow func()
}

func (c *RefPicker) OnMount(ctx app.Context) { c.ctx = ctx }

func (c *RefPicker) OnDismount() { c.stopFollowing() }

func (c *RefPicker) listID() string { return c.ID + "-list" }

// info is what is known of the picked record's code and owner.
func (c *RefPicker) info() api.RefInfo {
	if c.picked.ID != "" && c.picked.ID == c.Value.ID {
		return api.RefInfo{Code: c.picked.Code, Owner: c.picked.Owner}
	}
	return c.Info
}

// shown is the text the input shows when the user is not typing: the
// picked record's name and code, or the field's text.
func (c *RefPicker) shown() (value, title string) {
	if c.Text {
		if c.Value.Label != c.lastText {
			c.lastText, c.typedSet = c.Value.Label, false // the card has caught up, or loaded another record
		}
		if c.typedSet {
			return c.typed, c.typed
		}
		return c.Value.Label, c.Value.Label
	}
	name := c.Value.Label
	if name == "" {
		name = c.Value.ID
	}
	info := c.info()
	return state.FormatRef(name, api.RefInfo{Code: info.Code}).String(), state.FormatRef(name, info).String()
}

func (c *RefPicker) Render() app.UI {
	value, title := c.shown()
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
		Title(title).
		OnInput(c.onInput).
		OnClick(c.onOpen).
		OnBlur(c.onBlur).
		OnKeyDown(c.onKey)
	if !c.editing {
		// While the user types the input is theirs: no value is rendered
		// (go-app would put back the text of the last input event, trimmed,
		// and drop keys typed since, or a space between words). When the
		// typing ends the value is set again, which shows the pick.
		input = input.Value(value)
	}
	if c.Invalid {
		input = input.Aria("invalid", true)
	}
	if c.DescribedBy != "" {
		input = input.Aria("describedby", c.DescribedBy)
	}
	var clear app.UI
	if c.Value.ID != "" || (c.Text && value != "") {
		clear = app.Button().Type("button").Class("picker-clear").
			TabIndex(-1).
			Aria("label", i18n.T(c.Lang, "picker.clear")).
			Title(i18n.T(c.Lang, "picker.clear")).
			OnMouseDown(c.onClear).
			Body(icon(pathClose))
	}
	c.followIfOpen()
	picked := c.Value.ID
	if c.Text {
		picked = value
	}
	return app.Div().Class("picker").DataSet("value", picked).Body(
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
			line := state.ChoiceLine(ch)
			cls := []string{"picker-option"}
			if i == c.active {
				cls = append(cls, "active")
			}
			selected := ch.ID == c.Value.ID
			if c.Text {
				selected = ch.Value != "" && ch.Value == c.Value.Label
			}
			return app.Li().ID(c.ID+"-opt-"+strconv.Itoa(i)).Class(cls...).
				Role("option").
				DataSet("id", ch.ID).
				Title(line.String()).
				Aria("selected", selected).
				OnMouseDown(func(ctx app.Context, e app.Event) {
					e.PreventDefault() // keep the focus in the input
					rerender(ctx, c)
					c.pick(ch)
				}, ch.ID).
				Body(
					app.Span().Class("picker-label").Text(line.Name),
					// Always there (empty when nothing tells it apart), so the
					// option keeps its shape: go-app diffs by position.
					app.Span().Class("picker-detail").Text(line.Detail),
				)
		}),
	)
}

// followIfOpen keeps the open list placed by its input (after this
// render, and whenever the page scrolls), and stops when it closes.
func (c *RefPicker) followIfOpen() {
	if c.ctx == nil {
		return
	}
	if !c.open {
		c.stopFollowing()
		return
	}
	c.ctx.Defer(func(app.Context) {
		c.place()
		scrollToOption(elementByID(c.listID()), elementByID(c.ID+"-opt-"+strconv.Itoa(c.active)))
	})
	if c.unfollow == nil {
		c.unfollow = followScroll(c.place)
	}
}

func (c *RefPicker) place() {
	if c.open {
		placeBelow(c.ID, c.listID(), pickerMinWidth, pickerMaxHeight)
	}
}

// scrollToOption scrolls the list just enough to show the option (the
// active one, moved to by the arrow keys). Not scrollIntoView: that would
// scroll the card under the floating list as well.
func scrollToOption(list, opt app.Value) {
	if !list.Truthy() || !opt.Truthy() {
		return
	}
	top := opt.Get("offsetTop").Float()
	bottom := top + opt.Get("offsetHeight").Float()
	scroll, height := list.Get("scrollTop").Float(), list.Get("clientHeight").Float()
	switch {
	case top < scroll:
		list.Set("scrollTop", top-4)
	case bottom > scroll+height:
		list.Set("scrollTop", bottom-height+4)
	}
}

func (c *RefPicker) stopFollowing() {
	if c.unfollow != nil {
		c.unfollow()
		c.unfollow = nil
	}
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
	value, _ := c.shown()
	c.stopEditing(value)
}

// stopEditing closes the list and ends the typing; the input shows
// display. It is written into the input here because go-app sets a value
// only when it differs from the one it rendered last, which may be this
// one when no render came while the user typed.
func (c *RefPicker) stopEditing(display string) {
	if c.editing {
		if el := elementByID(c.ID); el.Truthy() {
			el.Set("value", display)
		}
	}
	c.open, c.editing, c.text = false, false, ""
}

func (c *RefPicker) onInput(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.text = ctx.JSSrc().Get("value").String()
	c.editing = true
	c.open = true
	if c.Text {
		// A Text picker's field is what is typed, a choice or not.
		c.setText(c.text)
	}
	c.seq++
	seq := c.seq
	ctx.After(pickerDelay, func(app.Context) {
		if seq == c.seq {
			c.lookup(c.text)
		}
	})
}

func (c *RefPicker) setText(s string) {
	c.typed, c.typedSet = s, true
	if c.OnText != nil {
		c.OnText(s)
	}
}

func (c *RefPicker) lookup(search string) {
	if c.ctx == nil || c.Link == nil {
		return
	}
	c.seq++
	seq := c.seq
	c.loading = true
	req := api.LookupRequest{Catalog: c.Catalog, Search: search, Limit: pickerLimit}
	if c.For != nil {
		req.For = c.For()
	}
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
			value, _ := c.shown()
			c.stopEditing(value)
		}
	}
}

func (c *RefPicker) pick(ch api.Choice) {
	c.seq++
	if c.Text {
		c.stopEditing(pickedText(ch))
		c.setText(pickedText(ch))
		return
	}
	c.stopEditing(state.FormatRef(ch.Label, api.RefInfo{Code: ch.Code}).String())
	c.picked = ch
	if c.OnPick != nil {
		c.OnPick(state.Ref{ID: ch.ID, Label: ch.Label})
	}
}

// pickedText is the text a Text picker's field takes from a choice: the
// server's Value, else (an older server) the record's code.
func pickedText(ch api.Choice) string {
	if ch.Value != "" {
		return ch.Value
	}
	if ch.Code != "" {
		return ch.Code
	}
	return ch.Label
}

func (c *RefPicker) onClear(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	e.PreventDefault()
	c.stopEditing("")
	if c.Text {
		c.setText("")
		return
	}
	if c.OnPick != nil {
		c.OnPick(state.Ref{})
	}
}

// elementByID is the element with id, or a falsy value (natively, or when
// it is not in the page).
func elementByID(id string) app.Value {
	if app.IsServer {
		return app.Null()
	}
	return app.Window().GetElementByID(id)
}
