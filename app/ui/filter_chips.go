package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// FilterChips (.filter-chips) shows the filter as chips joined by "и":
// first the OR groups, each a bracketed cluster "(Подтип = RDC или Подтип =
// Опт)", then the plain conditions. Every chip can be removed or given an
// alternative. The page shows it only while the filter has a condition.
type FilterChips struct {
	app.Compo

	Lang    string
	Catalog *api.Catalog
	Filter  api.Filter
	// Names are the names of referenced records learnt this session
	// ("field\x00id" → name), for conditions saved without them.
	Names map[string]string

	OnOr     func(at state.Chip)
	OnRemove func(at state.Chip)
}

func (c *FilterChips) Render() app.UI {
	groups, conds := c.Filter.Groups, c.Filter.All
	text := func(cond api.Condition) string { return chipText(c.Lang, c.Catalog, cond, c.Names) }
	// The "и" is always there (hidden before the first chip), so the list
	// keeps its shape when chips come and go: go-app diffs by position.
	and := func(first bool) app.UI {
		return app.Span().Class("filter-and").Hidden(first).Text(i18n.T(c.Lang, "filter.and"))
	}
	return app.Ul().Class("filter-chips").Aria("label", i18n.T(c.Lang, "filter.active")).Body(
		app.Range(groups).Slice(func(gi int) app.UI {
			g := groups[gi]
			var texts []string
			for _, cond := range g.Any {
				texts = append(texts, text(cond))
			}
			whole := "(" + strings.Join(texts, " "+i18n.T(c.Lang, "filter.or")+" ") + ")"
			return app.Li().Class("filter-item").Body(
				and(gi == 0),
				app.Div().Class("filter-group").Role("group").Aria("label", whole).DataSet("text", whole).Body(
					app.Span().Class("group-paren").Aria("hidden", "true").Text("("),
					app.Range(g.Any).Slice(func(i int) app.UI {
						return app.Span().Class("group-alt").Body(
							app.Span().Class("filter-or").Aria("hidden", "true").Hidden(i == 0).Text(i18n.T(c.Lang, "filter.or")),
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
				c.renderChip(state.Chip{Group: -1, Index: i}, conds[i], text(conds[i])),
			)
		}),
	)
}

func (c *FilterChips) renderChip(at state.Chip, cond api.Condition, text string) app.UI {
	// The scope (the chip's place and condition) keeps each button's
	// handler its own: go-app compares handlers in a list by pointer.
	scope := []any{at.Group, at.Index, cond.Field, cond.Op}
	return app.Span().Class("filter-chip").DataSet("field", cond.Field).DataSet("op", cond.Op).Body(
		app.Span().Class("chip-text").Title(text).Text(text),
		app.Button().Type("button").Class("chip-or").
			Title(i18n.Tf(c.Lang, "filter.or_title", text)).
			OnClick(func(ctx app.Context, e app.Event) { emit(ctx, func() { c.OnOr(at) }) }, scope...).
			Text(i18n.T(c.Lang, "filter.or_add")),
		app.Button().Type("button").Class("chip-remove").
			Aria("label", i18n.Tf(c.Lang, "filter.remove", text)).
			Title(i18n.Tf(c.Lang, "filter.remove", text)).
			OnClick(func(ctx app.Context, e app.Event) { emit(ctx, func() { c.OnRemove(at) }) }, scope...).
			Body(icon(pathClose)),
	)
}

// chipText words a condition: "Подтип = RDC", "Статус: любое из Активна,
// Неактивна", "Изменено: сегодня", "Изменил: я".
func chipText(lang string, cat *api.Catalog, cond api.Condition, names map[string]string) string {
	f := state.FieldByKey(cat, cond.Field)
	if f == nil {
		return cond.Field
	}
	label := f.Label.In(lang)
	if f.Type == api.FieldUser && len(cond.Values) == 1 && cond.Values[0] == api.UserMe {
		switch cond.Op {
		case api.OpEquals:
			return label + ": " + i18n.T(lang, "filter.me_word")
		case api.OpNotEquals:
			return label + ": " + i18n.T(lang, "filter.not_me")
		}
	}
	var vals []string
	for i, v := range cond.Values {
		switch f.Type {
		case api.FieldRef:
			vals = append(vals, refName(f, cond, i, names))
		case api.FieldText:
			vals = append(vals, "«"+state.FormatValue(f, v, "", lang, nil)+"»")
		default:
			vals = append(vals, state.FormatValue(f, v, "", lang, nil))
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
	parts := []string{label + ":", i18n.T(lang, "op."+cond.Op)}
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
// label saved with it, else one learnt this session, else its id (the page
// looks such names up, see CatalogPage.resolveNames).
func refName(f *api.Field, cond api.Condition, i int, names map[string]string) string {
	id, _ := cond.Values[i].(string)
	if i < len(cond.Labels) && cond.Labels[i] != "" {
		return cond.Labels[i]
	}
	if name := names[nameKey(f.Key, id)]; name != "" {
		return name
	}
	return id
}

// nameKey is the key of a referenced record's name in FilterChips.Names.
func nameKey(field, id string) string { return field + "\x00" + id }
