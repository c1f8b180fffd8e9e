package ui

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// filterForm is the simple filter control: one condition at a time (a
// field, an operator valid for its type, a value), added to the query's
// conditions and shown as chips. The full filter bar with OR groups
// replaces it later and keeps state.Query.
type filterForm struct {
	Open     bool
	Field    string
	Op       string
	V1, V2   string
	Picked   []api.Choice // chosen enum options or referenced records
	Choices  []api.Choice // lookup results for a ref field
	Search   string
	Loading  bool
	Err      bool
	lookupID int
}

func (c *CatalogPage) filterField() *api.Field {
	return state.FieldByKey(c.Catalog, c.filter.Field)
}

func (c *CatalogPage) onFilterOpen(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	if c.filter.Open {
		c.filter.Open = false
		return
	}
	fields := state.Filterable(c.Catalog)
	if len(fields) == 0 {
		return
	}
	c.filter = filterForm{Open: true}
	c.setFilterField(fields[0].Key)
	ctx.Defer(func(app.Context) { focusByID("filter-field") })
}

func (c *CatalogPage) setFilterField(key string) {
	c.filter.Field = key
	c.filter.V1, c.filter.V2, c.filter.Picked, c.filter.Choices, c.filter.Search, c.filter.Err = "", "", nil, nil, "", false
	f := c.filterField()
	if f == nil {
		return
	}
	c.filter.Op = state.OpsFor(f.Type)[0]
	if f.Type == api.FieldEnum {
		for _, o := range f.Options {
			c.filter.Choices = append(c.filter.Choices, api.Choice{ID: o.Key, Label: o.Label.In(c.Lang)})
		}
	}
	if f.Type == api.FieldRef {
		c.lookupFilter()
	}
}

func (c *CatalogPage) lookupFilter() {
	f := c.filterField()
	if f == nil || f.Type != api.FieldRef || c.ctx == nil {
		return
	}
	c.filter.lookupID++
	id := c.filter.lookupID
	c.filter.Loading = true
	req := api.LookupRequest{Catalog: f.Ref, Search: c.filter.Search, Limit: lookupLimit}
	c.ctx.Async(func() {
		var reply api.LookupReply
		err := c.Link.Request(c.ctx, api.TypeLookup, req, &reply)
		c.ctx.Dispatch(func(app.Context) {
			if id != c.filter.lookupID {
				return
			}
			c.filter.Loading = false
			if err != nil {
				c.requestFailed(err)
				return
			}
			c.filter.Choices = reply.Choices
		})
	})
}

func (c *CatalogPage) onFilterField(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.setFilterField(ctx.JSSrc().Get("value").String())
}

func (c *CatalogPage) onFilterOp(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.filter.Op = ctx.JSSrc().Get("value").String()
	c.filter.Err = false
}

func (c *CatalogPage) onFilterV1(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.filter.V1 = ctx.JSSrc().Get("value").String()
}

func (c *CatalogPage) onFilterV2(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.filter.V2 = ctx.JSSrc().Get("value").String()
}

func (c *CatalogPage) onFilterLookup(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.filter.Search = ctx.JSSrc().Get("value").String()
	c.filter.lookupID++
	id := c.filter.lookupID
	ctx.After(searchDelay, func(app.Context) {
		if id == c.filter.lookupID {
			c.lookupFilter()
		}
	})
}

// pickFilterOption ticks or unticks one value of an enum/ref condition.
func (c *CatalogPage) pickFilterOption(ch api.Choice, on bool) {
	c.filter.Err = false
	i := slices.IndexFunc(c.filter.Picked, func(p api.Choice) bool { return p.ID == ch.ID })
	switch {
	case on && i < 0:
		c.filter.Picked = append(c.filter.Picked, ch)
	case !on && i >= 0:
		c.filter.Picked = slices.Delete(slices.Clone(c.filter.Picked), i, i+1)
	}
}

func (c *CatalogPage) onFilterKey(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	switch e.Get("key").String() {
	case "Escape":
		c.filter.Open = false
		focusByID("filter-add")
	case "Enter":
		if e.Get("target").Get("tagName").String() == "INPUT" {
			e.PreventDefault()
			c.applyFilter()
		}
	}
}

func (c *CatalogPage) onFilterApply(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.applyFilter()
}

func (c *CatalogPage) onFilterCancel(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.filter.Open = false
	focusByID("filter-add")
}

// applyFilter adds the condition being edited; with a missing or invalid
// value it marks the form instead.
func (c *CatalogPage) applyFilter() {
	f := c.filterField()
	if f == nil {
		return
	}
	cond := api.Condition{Field: f.Key, Op: c.filter.Op}
	switch state.Arity(c.filter.Op) {
	case 1:
		v, ok := state.FilterValue(f, c.filter.V1)
		if !ok {
			c.filter.Err = true
			return
		}
		cond.Values = []any{v}
	case 2:
		a, ok1 := state.FilterValue(f, c.filter.V1)
		b, ok2 := state.FilterValue(f, c.filter.V2)
		if !ok1 || !ok2 {
			c.filter.Err = true
			return
		}
		cond.Values = []any{a, b}
	case -1:
		if len(c.filter.Picked) == 0 {
			c.filter.Err = true
			return
		}
		if c.refLabels == nil {
			c.refLabels = map[string]string{}
		}
		for _, p := range c.filter.Picked {
			cond.Values = append(cond.Values, p.ID)
			c.refLabels[f.Key+"\x00"+p.ID] = p.Label
		}
	}
	c.q.AddCondition(cond)
	c.filter.Open = false
	c.resetQuery()
}

func (c *CatalogPage) removeCondition(i int) {
	if c.q.RemoveCondition(i) {
		c.resetQuery()
	}
}

func (c *CatalogPage) renderChips() app.UI {
	conds := c.q.Filter.All
	if len(conds) == 0 {
		return nil
	}
	return app.Ul().Class("filter-chips").Body(
		app.Range(conds).Slice(func(i int) app.UI {
			cond := conds[i]
			text := c.chipText(cond)
			return app.Li().Class("filter-chip").DataSet("field", cond.Field).DataSet("op", cond.Op).Body(
				app.Span().Class("chip-text").Text(text),
				app.Button().Type("button").Class("chip-remove").
					Aria("label", i18n.Tf(c.Lang, "filter.remove", text)).
					Title(i18n.Tf(c.Lang, "filter.remove", text)).
					OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.removeCondition(i) }, i, cond.Field, cond.Op).
					Body(icon(pathClose)),
			)
		}),
	)
}

// chipText words a condition: "Статус: любое из Активна, Неактивна".
func (c *CatalogPage) chipText(cond api.Condition) string {
	f := state.FieldByKey(c.Catalog, cond.Field)
	if f == nil {
		return cond.Field
	}
	parts := []string{f.Label.In(c.Lang) + ":", c.t("op." + cond.Op)}
	var vals []string
	for _, v := range cond.Values {
		switch f.Type {
		case api.FieldRef:
			id, _ := v.(string)
			label := c.refLabels[f.Key+"\x00"+id]
			if label == "" {
				label = id
			}
			vals = append(vals, label)
		case api.FieldText:
			vals = append(vals, "«"+state.FormatValue(f, v, "", c.Lang, nil)+"»")
		default:
			vals = append(vals, state.FormatValue(f, v, "", c.Lang, nil))
		}
	}
	sep := ", "
	if cond.Op == api.OpBetween {
		sep = " — "
	}
	if len(vals) > 0 {
		parts = append(parts, strings.Join(vals, sep))
	}
	return strings.Join(parts, " ")
}

func (c *CatalogPage) renderFilterForm() app.UI {
	if !c.filter.Open {
		return nil
	}
	f := c.filterField()
	fields := state.Filterable(c.Catalog)
	var ops []string
	if f != nil {
		ops = state.OpsFor(f.Type)
	}
	return app.Div().ID("filter-form").Class("filter-pop").
		Role("dialog").
		Aria("label", c.t("filter.title")).
		OnKeyDown(c.onFilterKey).
		Body(
			app.Div().Class("filter-row").Body(
				app.Div().Class("field", "field-inline").Body(
					app.Label().For("filter-field").Text(c.t("filter.field")),
					app.Select().ID("filter-field").Class("input", "select").OnChange(c.onFilterField).Body(
						app.Range(fields).Slice(func(i int) app.UI {
							return app.Option().Value(fields[i].Key).
								Selected(fields[i].Key == c.filter.Field).
								Text(fields[i].Label.In(c.Lang))
						}),
					),
				),
				app.Div().Class("field", "field-inline").Body(
					app.Label().For("filter-op").Text(c.t("filter.op")),
					app.Select().ID("filter-op").Class("input", "select").OnChange(c.onFilterOp).Body(
						app.Range(ops).Slice(func(i int) app.UI {
							return app.Option().Value(ops[i]).Selected(ops[i] == c.filter.Op).Text(c.t("op." + ops[i]))
						}),
					),
				),
				c.renderFilterValue(f),
			),
			app.If(c.filter.Err, app.P().Class("filter-error").Role("alert").Text(c.t("filter.need_value"))),
			app.Div().Class("filter-actions").Body(
				app.Button().ID("filter-apply").Type("button").Class("btn", "btn-primary", "btn-sm").
					OnClick(c.onFilterApply).Text(c.t("filter.apply")),
				app.Button().ID("filter-cancel").Type("button").Class("btn", "btn-secondary", "btn-sm").
					OnClick(c.onFilterCancel).Text(c.t("filter.cancel")),
			),
		)
}

func (c *CatalogPage) renderFilterValue(f *api.Field) app.UI {
	if f == nil {
		return nil
	}
	switch state.Arity(c.filter.Op) {
	case 0:
		return nil
	case -1:
		return c.renderFilterOptions(f)
	}
	typ, mode := "text", ""
	switch f.Type {
	case api.FieldDate, api.FieldDateTime:
		typ = "date"
	case api.FieldNumber, api.FieldMoney:
		mode = "decimal"
	}
	input := func(id, value string, h app.EventHandler) app.HTMLInput {
		in := app.Input().ID(id).Type(typ).Class("input").Value(value).OnInput(h)
		if mode != "" {
			in = in.Attr("inputmode", mode)
		}
		if c.filter.Err {
			in = in.Aria("invalid", true)
		}
		return in
	}
	body := []app.UI{
		app.Div().Class("field", "field-inline").Body(
			app.Label().For("filter-value").Text(c.t("filter.value")),
			input("filter-value", c.filter.V1, c.onFilterV1),
		),
	}
	if state.Arity(c.filter.Op) == 2 {
		body = append(body, app.Div().Class("field", "field-inline").Body(
			app.Label().For("filter-value2").Text(c.t("filter.value_to")),
			input("filter-value2", c.filter.V2, c.onFilterV2),
		))
	}
	return app.Div().Class("filter-values").Body(body...)
}

func (c *CatalogPage) renderFilterOptions(f *api.Field) app.UI {
	var search app.UI
	if f.Type == api.FieldRef {
		search = app.Div().Class("field").Body(
			app.Label().For("filter-lookup").Text(c.t("filter.search")),
			app.Input().ID("filter-lookup").Type("search").Class("input").
				Attr("autocomplete", "off").
				Value(c.filter.Search).
				OnInput(c.onFilterLookup),
		)
	}
	// Ticked values stay listed even when a new search does not find them.
	choices := slices.Clone(c.filter.Picked)
	for _, ch := range c.filter.Choices {
		if !slices.ContainsFunc(choices, func(p api.Choice) bool { return p.ID == ch.ID }) {
			choices = append(choices, ch)
		}
	}
	var list app.UI
	switch {
	case len(choices) == 0 && c.filter.Loading:
		list = app.P().Class("muted").Text(c.t("picker.loading"))
	case len(choices) == 0:
		list = app.P().Class("muted").Text(c.t("filter.none"))
	default:
		list = app.Ul().Class("filter-options").Body(
			app.Range(choices).Slice(func(i int) app.UI {
				ch := choices[i]
				id := "filter-opt-" + ch.ID
				picked := slices.ContainsFunc(c.filter.Picked, func(p api.Choice) bool { return p.ID == ch.ID })
				return app.Li().Body(
					app.Input().ID(id).Type("checkbox").Class("filter-option").
						DataSet("value", ch.ID).
						Checked(picked).
						OnChange(func(ctx app.Context, e app.Event) {
							rerender(ctx, c)
							c.pickFilterOption(ch, ctx.JSSrc().Get("checked").Bool())
						}, ch.ID),
					app.Label().For(id).Body(
						app.Span().Text(ch.Label),
						app.If(ch.Code != "", app.Span().Class("muted", "code").Text(ch.Code)),
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
