package ui

import (
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// DateInput is a date field in the UI's language, not the browser's: a
// text input (#<ID>) that shows and takes ДД.ММ.ГГГГ in Russian and
// YYYY-MM-DD in English (state.ParseDateInput reads more forms), and a
// button (#<ID>-cal) that opens a month calendar (#<ID>-calendar; its
// days are .cal-day[data-day="2026-11-23"]). The calendar's keyboard:
// arrows move a day or a week, PageUp/PageDown a month, Home/End the
// week's ends, Enter picks, Escape closes; Alt+ArrowDown in the input
// opens it.
//
// Value and OnChange carry the wire form ("2026-11-23", "" for none).
// Text that is not a date is handed on as typed, so that the form's own
// check reports it where it reports every other bad value.
type DateInput struct {
	app.Compo

	ID          string
	Lang        string
	Value       string
	Required    bool
	Invalid     bool
	DescribedBy string
	OnChange    func(value string)

	// shown is the text in the input; handed the value last handed on
	// (or shown); seen the Value last rendered with. The form need not
	// render the field again after OnChange, so a Value still the old one
	// is no reason to overwrite what is being typed: only a Value that
	// changed is.
	shown, handed, seen, lang string
	synced                    bool

	open      bool
	day       time.Time // the calendar's focused day
	stopPlace func()
}

func (c *DateInput) OnDismount() { c.closeCalendar() }

func (c *DateInput) t(key string) string { return i18n.T(c.Lang, key) }

func (c *DateInput) calID() string { return c.ID + "-calendar" }

func (c *DateInput) Render() app.UI {
	switch {
	case !c.synced || c.Value != c.seen && c.Value != c.handed:
		// The form set the value (a reset, a default, another record).
		c.shown, c.handed = state.FormatDateInput(c.Value, c.Lang), c.Value
	case c.Lang != c.lang:
		if _, ok := api.ParseDate(c.handed); ok {
			c.shown = state.FormatDateInput(c.handed, c.Lang)
		}
	}
	c.seen, c.lang, c.synced = c.Value, c.Lang, true
	in := app.Input().ID(c.ID).Type("text").Class("input", "date-input").
		Attr("autocomplete", "off").
		Placeholder(state.DateHint(c.Lang)).
		MaxLength(24).
		Required(c.Required).
		Aria("keyshortcuts", "Alt+ArrowDown").
		Value(c.shown).
		OnInput(c.onInput).
		OnKeyDown(c.onInputKey).
		OnBlur(c.onBlur)
	if c.Invalid {
		in = in.Aria("invalid", true)
	}
	if c.DescribedBy != "" {
		in = in.Aria("describedby", c.DescribedBy)
	}
	return app.Div().Class("date-field").Body(
		in,
		// Not a Tab stop of its own: Tab goes from field to field, and
		// Alt+ArrowDown in the field opens the calendar.
		app.Button().ID(c.ID+"-cal").Type("button").Class("icon-btn", "date-btn").TabIndex(-1).
			Aria("label", c.t("date.calendar")).Title(c.t("date.calendar")+" (Alt+↓)").
			Aria("haspopup", "dialog").
			Aria("expanded", c.open).
			OnClick(c.onToggle).
			Body(icon(pathCalendar)),
		c.renderCalendar(),
	)
}

// renderCalendar is the open calendar. Its month is written as one piece
// of HTML with delegated handlers (onCalendarClick, onCalendarKey): 42
// days of go-app elements each would cost the wasm more than the whole
// date field.
func (c *DateInput) renderCalendar() app.UI {
	if !c.open {
		return nil
	}
	titleID := c.calID() + "-title"
	return app.Div().ID(c.calID()).Class("date-calendar").
		Role("dialog").
		Aria("labelledby", titleID).
		DataSet("month", c.day.Format("2006-01")).
		OnClick(c.onCalendarClick).
		OnKeyDown(c.onCalendarKey).
		Body(app.Raw(calendarHTML(c.day, c.handed, c.Lang, titleID, !c.Required)))
}

// calendarHTML writes the month of day: its heading with the months
// before and after, the weekdays, six weeks of days (picked, if it is a
// date, marked as chosen; today as the current date), "today" and, when
// clearable, "clear". The texts are the message catalog's, which holds no
// markup characters (TestCalendarTextsNeedNoEscaping). Small pieces in
// functions of their own keep the wasm small.
func calendarHTML(day time.Time, picked, lang, titleID string, clearable bool) string {
	year, month, _ := day.Date()
	start := state.WeekStart(lang)
	var m markup
	m.add(`<div class="cal-body"><div class="cal-head">`, calNav("prev", i18n.T(lang, "date.prev_month"), "‹"),
		`<div id="`, titleID, `" class="cal-title" aria-live="polite">`, state.MonthTitle(year, month, lang), `</div>`,
		calNav("next", i18n.T(lang, "date.next_month"), "›"),
		// Rows of divs, not a table: the calendar may open inside a list
		// editor's table, whose rules would lay out its rows too.
		`</div><div class="cal-grid" role="grid" aria-labelledby="`, titleID, `"><div class="cal-row" role="row">`, calWeekdays(start, lang),
		`</div>`, calDays(state.CalendarDays(year, month, start), day.Format("01"), picked, lang), `</div>`,
		`<div class="cal-foot">`, calAct("today", i18n.T(lang, "date.today")))
	if _, ok := api.ParseDate(picked); ok && clearable {
		m.add(calAct("clear", i18n.T(lang, "date.clear")))
	}
	m.add(`</div><p class="sr-only">`, i18n.T(lang, "date.keys"), `</p></div>`)
	return strings.Join(m, "")
}

func calNav(act, label, text string) string {
	return `<button type="button" class="icon-btn cal-nav" data-act="` + act + `" title="` + label + `" aria-label="` + label + `">` + text + `</button>`
}

func calAct(act, label string) string {
	return `<button type="button" class="btn btn-ghost btn-sm cal-` + act + `" data-act="` + act + `">` + label + `</button>`
}

func calWeekdays(start time.Weekday, lang string) string {
	var m markup
	for i := 0; i < 7; i++ {
		m.add(`<div class="cal-wd" role="columnheader">`, state.WeekdayShort((start+time.Weekday(i))%7, lang), `</div>`)
	}
	return strings.Join(m, "")
}

// calDays writes the weeks of days; month ("01"…"12") is the one shown,
// the days of the months around it are dimmed.
func calDays(days []time.Time, month, picked, lang string) string {
	today := time.Now().Format(api.DateLayout)
	var m markup
	for i, d := range days {
		key := d.Format(api.DateLayout) // the day and month are read from it
		if i%7 == 0 {
			m.add(`<div class="cal-row" role="row">`)
		}
		m.add(`<div role="gridcell"><button type="button" class="cal-day`)
		if key[5:7] != month {
			m.add(` cal-other`)
		}
		m.add(`" data-day="`, key, `" aria-label="`, state.FormatDate(key, lang), `" tabindex="-1"`)
		if key == picked {
			m.add(` aria-pressed="true"`)
		}
		if key == today {
			m.add(` aria-current="date"`)
		}
		m.add(`>`, strings.TrimPrefix(key[8:], "0"), `</button></div>`)
		if i%7 == 6 {
			m.add(`</div>`)
		}
	}
	return strings.Join(m, "")
}

// markup collects the pieces of a piece of HTML.
type markup []string

func (m *markup) add(parts ...string) { *m = append(*m, parts...) }

// hand stores value as the field's and tells the form, unless it is what
// the form already has.
func (c *DateInput) hand(value string) {
	if value == c.handed {
		return
	}
	c.handed = value
	if c.OnChange != nil {
		c.OnChange(value)
	}
}

// show puts text in the input itself too: the rendered value may already
// be text, so a render alone would not write it over what was typed.
func (c *DateInput) show(text string) {
	c.shown = text
	if app.IsServer {
		return
	}
	if el := app.Window().GetElementByID(c.ID); el.Truthy() {
		el.Set("value", text)
	}
}

func (c *DateInput) onInput(ctx app.Context, e app.Event) {
	ctx.PreventUpdate() // never re-render the input being typed in
	text := ctx.JSSrc().Get("value").String()
	c.shown = text
	v, ok := state.ParseDateInput(text, c.Lang)
	if !ok {
		v = strings.TrimSpace(text)
	}
	c.hand(v)
}

// onBlur shows a date that was read in the language's own form.
func (c *DateInput) onBlur(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if v, ok := state.ParseDateInput(c.shown, c.Lang); ok && v != "" {
		if out := state.FormatDateInput(v, c.Lang); out != c.shown {
			c.show(out)
		}
	}
}

func (c *DateInput) onInputKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if e.Get("key").String() == "ArrowDown" && e.Get("altKey").Bool() {
		e.PreventDefault()
		c.openCalendar(ctx)
	}
}

func (c *DateInput) onToggle(ctx app.Context, e app.Event) {
	if c.open {
		rerender(ctx, c)
		c.closeCalendar()
		return
	}
	c.openCalendar(ctx)
}

// openCalendar shows the month of the field's date (or of today) with
// that day focused.
func (c *DateInput) openCalendar(ctx app.Context) {
	rerender(ctx, c)
	d, ok := api.ParseDate(c.handed)
	if !ok {
		now := time.Now()
		d = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	}
	c.day, c.open = d, true
	place := func() { placeCalendar(c.ID, c.calID()) }
	stopScroll, stopOutside := followScroll(place), c.closeOnOutside(ctx)
	c.stopPlace = func() { stopScroll(); stopOutside() }
	ctx.Defer(func(app.Context) {
		place()
		c.focusDay()
	})
}

// placeCalendar puts the calendar under its field (popup.go), or above it
// when it would not show whole below but would above: a month cut short
// hides its last week.
func placeCalendar(fieldID, calID string) {
	placeBelow(fieldID, calID, 280, 400)
	if app.IsServer {
		return
	}
	doc := app.Window().Get("document")
	field, cal := doc.Call("getElementById", fieldID), doc.Call("getElementById", calID)
	if !field.Truthy() || !cal.Truthy() {
		return
	}
	need := cal.Get("scrollHeight").Float()
	r := field.Call("getBoundingClientRect")
	_, vh := viewport()
	top := r.Get("top").Float()
	if vh-r.Get("bottom").Float()-popupGap-popupMargin >= need || top-popupGap-popupMargin < need {
		return
	}
	st := cal.Get("style")
	st.Set("top", px(top-popupGap-need))
	st.Set("bottom", "auto")
	st.Set("maxHeight", px(need))
	cal.Get("dataset").Set("placement", "above")
	correctOffset(cal, cal.Call("getBoundingClientRect").Get("left").Float(), top-popupGap-need, false)
}

// closeOnOutside closes the calendar when the pointer goes down anywhere
// but on the field, its button or the calendar.
func (c *DateInput) closeOnOutside(ctx app.Context) (stop func()) {
	if app.IsServer {
		return func() {}
	}
	doc := app.Window().Get("document")
	fn := app.FuncOf(func(_ app.Value, args []app.Value) any {
		field := doc.Call("getElementById", c.ID)
		if !field.Truthy() || field.Get("parentElement").Call("contains", args[0].Get("target")).Bool() {
			return nil
		}
		ctx.Dispatch(func(app.Context) {
			if c.open {
				c.closeCalendar()
				c.Update()
			}
		})
		return nil
	})
	opts := map[string]any{"capture": true}
	doc.Call("addEventListener", "pointerdown", fn, opts)
	return func() {
		doc.Call("removeEventListener", "pointerdown", fn, opts)
		fn.Release()
	}
}

func (c *DateInput) closeCalendar() {
	c.open = false
	if c.stopPlace != nil {
		c.stopPlace()
		c.stopPlace = nil
	}
}

// focusDay moves the focus to the calendar's focused day, the one day
// that Tab reaches (tabindex 0). The month's HTML does not say which it
// is, so a move within the month changes no HTML and needs no render
// (a render would write the month anew under the focus); after one that
// does, call it from ctx.Defer.
func (c *DateInput) focusDay() {
	if app.IsServer {
		return
	}
	sel := "#" + c.calID() + " .cal-day"
	doc := app.Window().Get("document")
	if old := doc.Call("querySelector", sel+`[tabindex="0"]`); old.Truthy() {
		old.Call("setAttribute", "tabindex", "-1")
	}
	if el := doc.Call("querySelector", sel+`[data-day="`+c.day.Format(api.DateLayout)+`"]`); el.Truthy() {
		el.Call("setAttribute", "tabindex", "0")
		el.Call("focus")
	}
}

// pick takes day as the field's value and closes the calendar, the focus
// back in the input.
func (c *DateInput) pick(ctx app.Context, wire string) {
	rerender(ctx, c)
	c.closeCalendar()
	c.show(state.FormatDateInput(wire, c.Lang))
	c.hand(wire)
	focusByID(c.ID)
}

// onCalendarClick is every button of the calendar: a day, the months
// before and after, today, clear.
func (c *DateInput) onCalendarClick(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	btn := e.Get("target").Call("closest", "button")
	if !btn.Truthy() {
		return
	}
	ds := btn.Get("dataset")
	switch act := ds.Get("act"); {
	case ds.Get("day").Truthy():
		c.pick(ctx, ds.Get("day").String())
	case !act.Truthy():
	case act.String() == "today":
		c.pick(ctx, time.Now().Format(api.DateLayout))
	case act.String() == "clear":
		c.pick(ctx, "")
	default:
		key := "PageDown"
		if act.String() == "prev" {
			key = "PageUp"
		}
		c.day, _ = state.CalendarMove(c.day, key, false, state.WeekStart(c.Lang))
		c.Update()
		// The month is written anew: the focus goes back to the button.
		sel := "#" + c.calID() + ` [data-act="` + act.String() + `"]`
		ctx.Defer(func(app.Context) { focusFirst(sel) })
	}
}

func (c *DateInput) onCalendarKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if trapTab(e) { // Tab goes round the calendar's buttons (focustrap.go)
		return
	}
	key := e.Get("key").String()
	switch key {
	case "Escape":
		// The calendar only: a card or a dialog around it stays open.
		e.Call("stopPropagation")
		e.PreventDefault()
		c.closeCalendar()
		c.Update()
		focusByID(c.ID)
		return
	case "Enter", " ":
		if e.Get("target").Get("dataset").Get("day").Truthy() {
			e.Call("stopPropagation") // Ctrl+Enter or Enter must not reach the card
			e.PreventDefault()
			c.pick(ctx, e.Get("target").Get("dataset").Get("day").String())
		}
		return
	}
	if !e.Get("target").Get("dataset").Get("day").Truthy() {
		return // the month buttons keep their own keys
	}
	next, ok := state.CalendarMove(c.day, key, e.Get("shiftKey").Bool(), state.WeekStart(c.Lang))
	if !ok {
		return
	}
	e.PreventDefault()
	month := next.Month() != c.day.Month() || next.Year() != c.day.Year()
	c.day = next
	if !month {
		c.focusDay()
		return
	}
	c.Update()
	ctx.Defer(func(app.Context) { c.focusDay() })
}
