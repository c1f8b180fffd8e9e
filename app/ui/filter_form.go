package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// FilterForm (#filter-form) is the filter bar's form that adds one
// condition (or an alternative to a chip): a field, an operator for its
// type and a value — typed, a calendar with one-click relative ranges for
// dates, a searchable list for references, enums and users. The form's
// state is the page's (state.FilterForm); typed values go out on every
// change without a render.
type FilterForm struct {
	app.Compo

	Lang    string
	Catalog *api.Catalog
	Form    state.FilterForm
	Title   string
	// Rev counts the lookups of choices applied (data-rev).
	Rev int

	OnField    func(key string)
	OnOp       func(op string)
	OnValue    func(second bool, typed string) // the first or second value
	OnSearch   func(typed string)
	OnPick     func(ch api.Choice, on bool)
	OnUser     func(ch api.Choice)
	OnRelative func(op string)
	OnApply    func()
	OnCancel   func()
}

func (c *FilterForm) t(key string) string { return i18n.T(c.Lang, key) }

func (c *FilterForm) Render() app.UI {
	fm := &c.Form
	f := state.FieldByKey(c.Catalog, fm.Field)
	fields := state.Filterable(c.Catalog)
	var ops []string
	if f != nil {
		ops = api.OpsFor(f.Type)
	}
	mode := "and"
	if fm.At != nil {
		mode = "or"
	}
	return app.Div().ID("filter-form").Class("filter-pop").
		Role("dialog").
		Aria("label", c.Title).
		DataSet("mode", mode).
		DataSet("field", fm.Field).
		DataSet("op", fm.Op).
		DataSet("rev", c.Rev).
		OnKeyDown(c.onKey).
		Body(
			app.P().Class("filter-title").Body(
				app.If(fm.At != nil, app.Span().Class("filter-or-badge").Text(c.t("filter.or"))),
				app.Span().Text(c.Title),
			),
			app.Div().Class("filter-row").Body(
				app.Div().Class("field", "field-inline").Body(
					app.Label().For("filter-field").Text(c.t("filter.field")),
					app.Select().ID("filter-field").Class("input", "select").OnChange(c.onField).Body(
						app.Range(fields).Slice(func(i int) app.UI {
							return app.Option().Value(fields[i].Key).
								Selected(fields[i].Key == fm.Field).
								Text(fields[i].Label.In(c.Lang))
						}),
					),
				),
				app.Div().Class("field", "field-inline").Body(
					app.Label().For("filter-op").Text(c.t("filter.op")),
					app.Select().ID("filter-op").Class("input", "select").OnChange(c.onOp).Body(
						app.Range(ops).Slice(func(i int) app.UI {
							return app.Option().Value(ops[i]).Selected(ops[i] == fm.Op).Text(c.t("op." + ops[i]))
						}),
					),
				),
				c.renderValue(f),
			),
			c.renderRelative(f),
			app.If(fm.Err, app.P().Class("filter-error").Role("alert").Text(c.t("filter.need_value"))),
			app.Div().Class("filter-actions").Body(
				app.Button().ID("filter-apply").Type("button").Class("btn", "btn-primary", "btn-sm").
					OnClick(c.onApply).Text(c.t("filter.apply")),
				app.Button().ID("filter-cancel").Type("button").Class("btn", "btn-secondary", "btn-sm").
					OnClick(c.onCancel).Text(c.t("filter.cancel")),
			),
		)
}

func (c *FilterForm) renderValue(f *api.Field) app.UI {
	if f == nil {
		return nil
	}
	fm := &c.Form
	switch api.Arity(fm.Op) {
	case 0:
		return nil
	case -1:
		return c.renderOptions(f)
	}
	if f.Type == api.FieldUser {
		return c.renderUsers()
	}
	typ, mode := "text", ""
	switch f.Type {
	case api.FieldDate, api.FieldDateTime:
		typ = "date"
	case api.FieldNumber, api.FieldMoney:
		mode = "decimal"
	}
	input := func(id, value string, h app.EventHandler) app.UI {
		if typ == "date" {
			// Typed and shown in the UI's language (dateinput.go).
			second := id == "filter-value2"
			return &DateInput{ID: id, Lang: c.Lang, Value: value, Invalid: fm.Err,
				OnChange: func(v string) { c.OnValue(second, v) }}
		}
		in := app.Input().ID(id).Type(typ).Class("input").Value(value).OnInput(h)
		if mode != "" {
			in = in.Attr("inputmode", mode)
		}
		if fm.Err {
			in = in.Aria("invalid", true)
		}
		return in
	}
	first := c.t("filter.value")
	if api.Arity(fm.Op) == 2 {
		first = c.t("filter.value_from")
	}
	body := []app.UI{
		app.Div().Class("field", "field-inline").Body(
			app.Label().For("filter-value").Text(first),
			input("filter-value", fm.V1, c.onValue1),
		),
	}
	if api.Arity(fm.Op) == 2 {
		body = append(body, app.Div().Class("field", "field-inline").Body(
			app.Label().For("filter-value2").Text(c.t("filter.value_to")),
			input("filter-value2", fm.V2, c.onValue2),
		))
	}
	return app.Div().Class("filter-values").Body(body...)
}

func (c *FilterForm) renderOptions(f *api.Field) app.UI {
	fm := &c.Form
	var search app.UI
	if f.Type == api.FieldRef {
		search = app.Div().Class("field").Body(
			app.Label().For("filter-lookup").Text(c.t("filter.search")),
			app.Input().ID("filter-lookup").Type("search").Class("input").
				Attr("autocomplete", "off").
				Value(fm.Search).
				OnInput(c.onSearch),
		)
	}
	// Ticked values stay listed even when a new search does not find them;
	// see state.FilterForm.Kept for why the order is what it is.
	choices := fm.Listed()
	var list app.UI
	switch {
	case len(choices) == 0 && fm.Loading:
		list = app.P().Class("muted").Text(c.t("picker.loading"))
	case len(choices) == 0:
		list = app.P().Class("muted").Text(c.t("filter.none"))
	default:
		list = app.Ul().Class("filter-options").Body(
			app.Range(choices).Slice(func(i int) app.UI {
				ch := choices[i]
				id := "filter-opt-" + ch.ID
				line := state.ChoiceLine(ch)
				return app.Li().Body(
					app.Input().ID(id).Type("checkbox").Class("filter-option").
						DataSet("value", ch.ID).
						Checked(fm.IsPicked(ch.ID)).
						OnChange(func(ctx app.Context, e app.Event) {
							emit(ctx, func() { c.OnPick(ch, ctx.JSSrc().Get("checked").Bool()) })
						}, ch.ID),
					app.Label().For(id).Title(line.String()).Body(
						app.Span().Text(line.Name),
						app.If(line.Detail != "", app.Span().Class("muted", "code").Text(line.Detail)),
					),
				)
			}),
		)
	}
	return app.FieldSet().Class("filter-values", "filter-set").Body(
		app.Legend().Text(c.t("filter.value")),
		search,
		list,
	)
}

// renderRelative offers a date field's relative ranges as one click each.
func (c *FilterForm) renderRelative(f *api.Field) app.UI {
	if f == nil {
		return nil
	}
	ops := state.RelativeOps(f.Type)
	if len(ops) == 0 {
		return nil
	}
	return app.Div().Class("filter-quick").Role("group").Aria("labelledby", "filter-quick-label").Body(
		app.Span().ID("filter-quick-label").Class("filter-quick-label").Text(c.t("filter.quick")),
		app.Range(ops).Slice(func(i int) app.UI {
			return app.Button().ID("filter-rel-"+ops[i]).Type("button").Class("quick-chip").
				Value(ops[i]).
				Aria("pressed", c.Form.Op == ops[i]).
				OnClick(c.onRelative).
				Body(icon(pathCalendar), app.Span().Text(c.t("filter.rel."+ops[i])))
		}),
	)
}

// renderUsers lists the values of a user field: "me" (whoever opens the
// filter, resolved by the server) and the logins that occur, with a search
// over them.
func (c *FilterForm) renderUsers() app.UI {
	fm := &c.Form
	choices := fm.Listed(api.Choice{ID: api.UserMe, Label: c.t("filter.me")})
	return app.FieldSet().Class("filter-values", "filter-set").Body(
		app.Legend().Text(c.t("filter.value")),
		app.Div().Class("field").Body(
			app.Label().For("filter-lookup").Text(c.t("filter.search_user")),
			app.Input().ID("filter-lookup").Type("search").Class("input").
				Attr("autocomplete", "off").
				Value(fm.Search).
				OnInput(c.onSearch),
		),
		app.Ul().Class("filter-options").Body(
			app.Range(choices).Slice(func(i int) app.UI {
				ch := choices[i]
				id := "filter-opt-" + strings.TrimPrefix(ch.ID, "@")
				return app.Li().Body(
					app.Input().ID(id).Type("radio").Name("filter-user").Class("filter-option").
						DataSet("value", ch.ID).
						Checked(fm.V1 == ch.ID).
						OnChange(func(ctx app.Context, e app.Event) { emit(ctx, func() { c.OnUser(ch) }) }, ch.ID),
					app.Label().For(id).Body(
						app.If(ch.ID == api.UserMe, app.Span().Class("me-mark").Aria("hidden", "true").Body(icon(pathUser))),
						app.Span().Text(ch.Label),
					),
				)
			}),
		),
	)
}

func (c *FilterForm) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	switch e.Get("key").String() {
	case "Escape":
		c.OnCancel()
	case "Enter":
		if e.Get("target").Get("tagName").String() == "INPUT" {
			e.PreventDefault()
			c.OnApply()
		}
	}
}

// srcValue is the value of the element an event came from.
func srcValue(ctx app.Context) string { return ctx.JSSrc().Get("value").String() }

func (c *FilterForm) onField(ctx app.Context, e app.Event) {
	emit(ctx, func() { c.OnField(srcValue(ctx)) })
}

func (c *FilterForm) onOp(ctx app.Context, e app.Event) { emit(ctx, func() { c.OnOp(srcValue(ctx)) }) }

func (c *FilterForm) onRelative(ctx app.Context, e app.Event) {
	emit(ctx, func() { c.OnRelative(srcValue(ctx)) })
}

func (c *FilterForm) onValue1(ctx app.Context, e app.Event) {
	emit(ctx, func() { c.OnValue(false, srcValue(ctx)) })
}

func (c *FilterForm) onValue2(ctx app.Context, e app.Event) {
	emit(ctx, func() { c.OnValue(true, srcValue(ctx)) })
}

func (c *FilterForm) onSearch(ctx app.Context, e app.Event) {
	emit(ctx, func() { c.OnSearch(srcValue(ctx)) })
}

func (c *FilterForm) onApply(ctx app.Context, e app.Event)  { emit(ctx, c.OnApply) }
func (c *FilterForm) onCancel(ctx app.Context, e app.Event) { emit(ctx, c.OnCancel) }
