package ui

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// filterForm is the form of the filter bar that adds one condition: a
// field, an operator valid for its type and a value (a calendar for dates
// with one-click relative ranges, a searchable list for references, enums
// and users). With At set the condition is an alternative ("or…") to that
// chip instead of one more condition that must hold.
type filterForm struct {
	Open   bool
	At     *state.Chip
	Field  string
	Op     string
	V1, V2 string
	Picked []api.Choice // chosen enum options or referenced records
	// Kept are the values ever ticked in this form, in order. They stay
	// listed (ticked or not) when a search no longer finds them, and the
	// list never reorders on a click: go-app diffs by position, and a
	// checkbox moved under the user's click would keep its tick.
	Kept     []api.Choice
	Choices  []api.Choice // lookup results for a ref or user field
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

// openAlternative opens the form to add an alternative to a chip: the
// chip's field and operator are preselected, the value is the user's.
func (c *CatalogPage) openAlternative(ctx app.Context, at state.Chip) {
	cond, ok := c.q.Condition(at)
	if !ok {
		return
	}
	c.filter = filterForm{Open: true, At: &at}
	c.setFilterField(cond.Field)
	if f := c.filterField(); f != nil && api.Applies(cond.Op, f.Type) {
		c.filter.Op = cond.Op
	}
	ctx.Defer(func(app.Context) { focusByID("filter-field") })
}

func (c *CatalogPage) setFilterField(key string) {
	c.filter.Field = key
	c.filter.V1, c.filter.V2, c.filter.Picked, c.filter.Kept, c.filter.Choices, c.filter.Search, c.filter.Err = "", "", nil, nil, nil, "", false
	f := c.filterField()
	if f == nil {
		return
	}
	c.filter.Op = api.OpsFor(f.Type)[0]
	if f.Type == api.FieldEnum {
		// In the order of their labels, as the server sorts the field.
		for _, o := range api.SortOptions(f.Options, c.Lang) {
			c.filter.Choices = append(c.filter.Choices, api.Choice{ID: o.Key, Label: o.Label.In(c.Lang)})
		}
	}
	if f.Type == api.FieldRef || f.Type == api.FieldUser {
		c.lookupFilter()
	}
}

func (c *CatalogPage) lookupFilter() {
	f := c.filterField()
	if f == nil || c.ctx == nil {
		return
	}
	// A reference lists the records it may point to; a user field the
	// logins that occur in it.
	req := api.LookupRequest{Catalog: f.Ref, Search: c.filter.Search, Limit: lookupLimit}
	switch f.Type {
	case api.FieldRef:
	case api.FieldUser:
		req.Catalog, req.Field = c.Catalog.Key, f.Key
	default:
		return
	}
	c.filter.lookupID++
	id := c.filter.lookupID
	c.filter.Loading = true
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

// onRelative applies a one-click relative range (today, this month, the
// last 7 days) on the form's date field.
func (c *CatalogPage) onRelative(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.filter.Op = ctx.JSSrc().Get("value").String()
	c.applyFilter()
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
		if !slices.ContainsFunc(c.filter.Kept, func(p api.Choice) bool { return p.ID == ch.ID }) {
			c.filter.Kept = append(c.filter.Kept, ch)
		}
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
	switch api.Arity(c.filter.Op) {
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
		for _, p := range c.filter.Picked {
			cond.Values = append(cond.Values, p.ID)
			if f.Type == api.FieldRef {
				// Names travel with the filter, so chips of saved settings
				// and shared views read as names, not ids.
				cond.Labels = append(cond.Labels, p.Label)
				c.rememberLabel(f.Key, p.ID, p.Label)
			}
		}
	}
	changed := true
	if at := c.filter.At; at != nil {
		changed = c.q.AddAlternative(*at, cond)
	} else {
		c.q.AddCondition(cond)
	}
	c.filter.Open = false
	focusByID("filter-add")
	if changed {
		c.resetQuery()
	}
}

func (c *CatalogPage) rememberLabel(field, id, label string) {
	if c.refLabels == nil {
		c.refLabels = map[string]string{}
	}
	c.refLabels[field+"\x00"+id] = label
}

func (c *CatalogPage) removeChip(at state.Chip) {
	if c.filter.At != nil {
		// The chip the open form adds to may move or go: close the form.
		c.filter.Open, c.filter.At = false, nil
	}
	if c.q.RemoveChip(at) {
		c.resetQuery()
	}
	focusByID("filter-add")
}

// renderChips shows the filter as chips joined by "и": first the OR
// groups, each a bracketed cluster "(Подтип = RDC или Подтип = Опт)", then
// the plain conditions. Every chip can be removed or given an alternative.
func (c *CatalogPage) renderChips() app.UI {
	groups, conds := c.q.Filter.Groups, c.q.Filter.All
	if len(groups)+len(conds) == 0 {
		return nil
	}
	// The "и" is always there (hidden before the first chip), so the list
	// keeps its shape when chips come and go: go-app diffs by position.
	and := func(first bool) app.UI {
		return app.Span().Class("filter-and").Hidden(first).Text(c.t("filter.and"))
	}
	return app.Ul().Class("filter-chips").Aria("label", c.t("filter.active")).Body(
		app.Range(groups).Slice(func(gi int) app.UI {
			g := groups[gi]
			var texts []string
			for _, cond := range g.Any {
				texts = append(texts, c.chipText(cond))
			}
			whole := "(" + strings.Join(texts, " "+c.t("filter.or")+" ") + ")"
			return app.Li().Class("filter-item").Body(
				and(gi == 0),
				app.Div().Class("filter-group").Role("group").Aria("label", whole).DataSet("text", whole).Body(
					app.Span().Class("group-paren").Aria("hidden", "true").Text("("),
					app.Range(g.Any).Slice(func(i int) app.UI {
						return app.Span().Class("group-alt").Body(
							app.Span().Class("filter-or").Aria("hidden", "true").Hidden(i == 0).Text(c.t("filter.or")),
							c.renderChip(state.Chip{Group: gi, Index: i}, g.Any[i], texts[i]),
						)
					}),
					app.Span().Class("group-paren").Aria("hidden", "true").Text(")"),
				),
			)
		}),
		app.Range(conds).Slice(func(i int) app.UI {
			return app.Li().Class("filter-item").Body(
				and(i == 0 && len(groups) == 0),
				c.renderChip(state.Chip{Group: -1, Index: i}, conds[i], c.chipText(conds[i])),
			)
		}),
	)
}

func (c *CatalogPage) renderChip(at state.Chip, cond api.Condition, text string) app.UI {
	return app.Span().Class("filter-chip").DataSet("field", cond.Field).DataSet("op", cond.Op).Body(
		app.Span().Class("chip-text").Title(text).Text(text),
		app.Button().Type("button").Class("chip-or").
			Title(i18n.Tf(c.Lang, "filter.or_title", text)).
			OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.openAlternative(ctx, at) }, at.Group, at.Index, cond.Field, cond.Op).
			Text(c.t("filter.or_add")),
		app.Button().Type("button").Class("chip-remove").
			Aria("label", i18n.Tf(c.Lang, "filter.remove", text)).
			Title(i18n.Tf(c.Lang, "filter.remove", text)).
			OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.removeChip(at) }, at.Group, at.Index, cond.Field, cond.Op).
			Body(icon(pathClose)),
	)
}

// chipText words a condition: "Подтип = RDC", "Статус: любое из Активна,
// Неактивна", "Изменено: сегодня", "Изменил: я".
func (c *CatalogPage) chipText(cond api.Condition) string {
	f := state.FieldByKey(c.Catalog, cond.Field)
	if f == nil {
		return cond.Field
	}
	label := f.Label.In(c.Lang)
	if f.Type == api.FieldUser && len(cond.Values) == 1 && cond.Values[0] == api.UserMe {
		switch cond.Op {
		case api.OpEquals:
			return label + ": " + c.t("filter.me_word")
		case api.OpNotEquals:
			return label + ": " + c.t("filter.not_me")
		}
	}
	var vals []string
	for i, v := range cond.Values {
		switch f.Type {
		case api.FieldRef:
			vals = append(vals, c.refName(f, cond, i))
		case api.FieldText:
			vals = append(vals, "«"+state.FormatValue(f, v, "", c.Lang, nil)+"»")
		default:
			vals = append(vals, state.FormatValue(f, v, "", c.Lang, nil))
		}
	}
	if len(vals) == 1 {
		switch cond.Op {
		case api.OpEquals, api.OpIn:
			return label + " = " + vals[0]
		case api.OpNotEquals, api.OpNotIn:
			return label + " ≠ " + vals[0]
		}
	}
	parts := []string{label + ":", c.t("op." + cond.Op)}
	sep := ", "
	if cond.Op == api.OpBetween {
		sep = " — "
	}
	if len(vals) > 0 {
		parts = append(parts, strings.Join(vals, sep))
	}
	return strings.Join(parts, " ")
}

// refName is the name of the i-th referenced record of a condition: the
// label saved with it, else one learnt this session, else (a filter saved
// before labels were kept) looked up once, showing the id meanwhile.
func (c *CatalogPage) refName(f *api.Field, cond api.Condition, i int) string {
	id, _ := cond.Values[i].(string)
	if i < len(cond.Labels) && cond.Labels[i] != "" {
		return cond.Labels[i]
	}
	if label, ok := c.refLabels[f.Key+"\x00"+id]; ok && label != "" {
		return label
	} else if !ok {
		c.resolveLabel(f.Key, id)
	}
	return id
}

// resolveLabel finds the name of a referenced record through this catalog:
// any row that refers to it carries its name in Labels. The id stays when
// no row does.
func (c *CatalogPage) resolveLabel(field, id string) {
	if c.ctx == nil || c.Link == nil || id == "" {
		return
	}
	c.rememberLabel(field, id, "") // asked: do not ask again
	req := api.QueryRequest{Catalog: c.key, Limit: 1, Deleted: true,
		Filter: api.Filter{All: []api.Condition{{Field: field, Op: api.OpIn, Values: []any{id}}}}}
	// askQuery drops the answer if another catalog opened meanwhile: its
	// labels would land in the new catalog's chips.
	c.askQuery(req, func(reply api.QueryReply, err error) {
		if err != nil || len(reply.Rows) == 0 {
			return
		}
		if name := reply.Rows[0].Labels[field]; name != "" {
			c.rememberLabel(field, id, name)
		}
	})
}

func (c *CatalogPage) renderFilterForm() app.UI {
	if !c.filter.Open {
		return nil
	}
	f := c.filterField()
	fields := state.Filterable(c.Catalog)
	var ops []string
	if f != nil {
		ops = api.OpsFor(f.Type)
	}
	title := c.t("filter.title")
	if at := c.filter.At; at != nil {
		if cond, ok := c.q.Condition(*at); ok {
			title = i18n.Tf(c.Lang, "filter.or_title", c.chipText(cond))
		}
	}
	return app.Div().ID("filter-form").Class("filter-pop").
		Role("dialog").
		Aria("label", title).
		DataSet("mode", map[bool]string{true: "or", false: "and"}[c.filter.At != nil]).
		DataSet("field", c.filter.Field).
		DataSet("op", c.filter.Op).
		OnKeyDown(c.onFilterKey).
		Body(
			app.P().Class("filter-title").Body(
				app.If(c.filter.At != nil, app.Span().Class("filter-or-badge").Text(c.t("filter.or"))),
				app.Span().Text(title),
			),
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
			c.renderRelative(f),
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
	switch api.Arity(c.filter.Op) {
	case 0:
		return nil
	case -1:
		return c.renderFilterOptions(f)
	}
	if f.Type == api.FieldUser {
		return c.renderUserOptions(f)
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
	first := c.t("filter.value")
	if api.Arity(c.filter.Op) == 2 {
		first = c.t("filter.value_from")
	}
	body := []app.UI{
		app.Div().Class("field", "field-inline").Body(
			app.Label().For("filter-value").Text(first),
			input("filter-value", c.filter.V1, c.onFilterV1),
		),
	}
	if api.Arity(c.filter.Op) == 2 {
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
	// Ticked values stay listed even when a new search does not find them;
	// see filterForm.Kept for why the order is what it is.
	var choices []api.Choice
	for _, k := range c.filter.Kept {
		if !slices.ContainsFunc(c.filter.Choices, func(ch api.Choice) bool { return ch.ID == k.ID }) {
			choices = append(choices, k)
		}
	}
	choices = append(choices, c.filter.Choices...)
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

// renderRelative offers a date field's relative ranges as one click each.
func (c *CatalogPage) renderRelative(f *api.Field) app.UI {
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
				Aria("pressed", c.filter.Op == ops[i]).
				OnClick(c.onRelative).
				Body(icon(pathCalendar), app.Span().Text(c.t("filter.rel."+ops[i])))
		}),
	)
}

// renderUserOptions lists the values of a user field: "me" (whoever opens
// the filter, resolved by the server) and the logins that occur, with a
// search over them.
func (c *CatalogPage) renderUserOptions(f *api.Field) app.UI {
	choices := []api.Choice{{ID: api.UserMe, Label: c.t("filter.me")}}
	for _, k := range c.filter.Kept {
		if k.ID != api.UserMe && !slices.ContainsFunc(c.filter.Choices, func(ch api.Choice) bool { return ch.ID == k.ID }) {
			choices = append(choices, k)
		}
	}
	choices = append(choices, c.filter.Choices...)
	return app.FieldSet().Class("filter-values", "filter-set").Body(
		app.Legend().Text(c.t("filter.value")),
		app.Div().Class("field").Body(
			app.Label().For("filter-lookup").Text(c.t("filter.search_user")),
			app.Input().ID("filter-lookup").Type("search").Class("input").
				Attr("autocomplete", "off").
				Value(c.filter.Search).
				OnInput(c.onFilterLookup),
		),
		app.Ul().Class("filter-options").Body(
			app.Range(choices).Slice(func(i int) app.UI {
				ch := choices[i]
				id := "filter-opt-" + strings.TrimPrefix(ch.ID, "@")
				return app.Li().Body(
					app.Input().ID(id).Type("radio").Name("filter-user").Class("filter-option").
						DataSet("value", ch.ID).
						Checked(c.filter.V1 == ch.ID).
						OnChange(func(ctx app.Context, e app.Event) {
							rerender(ctx, c)
							c.filter.V1, c.filter.Err = ch.ID, false
							if !slices.ContainsFunc(c.filter.Kept, func(k api.Choice) bool { return k.ID == ch.ID }) {
								c.filter.Kept = append(c.filter.Kept, ch)
							}
						}, ch.ID),
					app.Label().For(id).Body(
						app.If(ch.ID == api.UserMe, app.Span().Class("me-mark").Aria("hidden", "true").Body(icon(pathUser))),
						app.Span().Text(ch.Label),
					),
				)
			}),
		),
	)
}
