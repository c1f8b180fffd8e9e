package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// Field errors on the card: every field's fault from one save (the
// client's findings merged with the server's), each saying what is wrong
// and what to do, a summary at the top that links to each, and the focus
// taken to the first.

// renderErrorSummary (#card-errors) counts the fields that need attention
// after a refused save and lists them as links, in card order; a key that
// names no field of the card is listed with its raw key, never dropped.
func (c *Card) renderErrorSummary() app.UI {
	keys := c.st.ErrorKeys()
	if !c.formErr || len(keys) == 0 || c.st.Mode != state.Edit {
		return nil
	}
	return app.Div().ID("card-errors").Class("alert", "alert-error", "card-errors").Role("alert").
		DataSet("count", len(keys)).
		Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Div().Class("alert-grow").Body(
				app.Strong().Class("card-errors-title").Text(i18n.Plural(c.Lang, "card.errors", len(keys))),
				app.P().Class("card-errors-hint").Text(c.t("card.errors.hint")),
				app.Ul().Class("card-errors-list").Body(
					app.Range(keys).Slice(func(i int) app.UI {
						k := keys[i]
						name := c.errorFieldName(k)
						return app.Li().Body(
							app.Button().Type("button").Class("card-error-link").
								DataSet("field", k).DataSet("code", string(c.st.Errors[k])).
								Aria("label", i18n.Tf(c.Lang, "card.errors.go", name)).
								OnClick(c.onErrorLink, k).
								Body(
									app.Span().Class("card-error-name").Text(name),
									app.Span().Class("card-error-text").Text(c.errorText(k)),
								),
						)
					}),
				),
			),
		)
}

func (c *Card) onErrorLink(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.goToError(ctx.JSSrc().Get("dataset").Get("field").String())
}

// errorFieldName names the field of an error key as the card labels it:
// "Bound personnel, row 2: Employee" for a cell.
func (c *Card) errorFieldName(key string) string {
	f := c.st.FieldOf(key)
	if f == nil {
		return key
	}
	name := f.Label.In(c.Lang)
	if _, row, _, ok := state.SplitCellKey(key); ok && f.Type == api.FieldList {
		name += ", " + i18n.Tf(c.Lang, "card.row", row+1)
		if col := c.st.FieldOfKey(key); col != nil && col != f {
			name += ": " + col.Label.In(c.Lang)
		}
	}
	return name
}

// errorText is the message of the error of key: what is wrong and what
// to do (i18n.FieldMessage), a limit worded from the field's Limit.
func (c *Card) errorText(key string) string {
	code := c.st.Errors[key]
	f := c.st.FieldOfKey(key)
	if code == api.FieldLimit && f != nil {
		// A list's limit is its columns': the server names the list.
		fields := []*api.Field{f}
		for i := range f.Columns {
			fields = append(fields, &f.Columns[i])
		}
		for _, lf := range fields {
			if s := c.limitText(lf); s != "" {
				return s
			}
		}
	}
	return i18n.FieldMessage(c.Lang, f, code, c.st.ErrorArgs[key])
}

// limitText words what reference field f is limited to, from its Limit:
// "the same Distributor as this record (Kava Trade)", "whose Type is
// Position". "" when the limit cannot be worded (the referenced catalog's
// description is unknown): the field's plain message says enough.
func (c *Card) limitText(f *api.Field) string {
	for _, l := range f.Limit {
		switch {
		case l.Same != "":
			same := state.FieldByKey(c.Catalog, l.Same)
			if same == nil {
				continue
			}
			value := c.draftText(same)
			if value == "" {
				continue // an empty Same field limits nothing
			}
			return i18n.Tf(c.Lang, "card.err.limit.same", same.Label.In(c.Lang), value)
		case l.Is != "" && c.Catalogs != nil:
			ref := c.Catalogs(f.Ref)
			if ref == nil {
				continue
			}
			if of := state.FieldByKey(ref, l.Field); of != nil {
				return i18n.Tf(c.Lang, "card.err.limit.is", of.Label.In(c.Lang), state.OptionLabel(of, l.Is, c.Lang))
			}
		}
	}
	return ""
}

// draftText is the draft of field f as the card would show it.
func (c *Card) draftText(f *api.Field) string {
	v, labels := c.st.DraftValue(f.Key)
	if v == nil {
		v = c.st.Rec.Values[f.Key]
		labels = c.st.Rec.Labels
	}
	return state.FormatValue(f, v, labels[f.Key], c.Lang, c.st.Loc)
}

// goToError shows the tab of the error of key, and once rendered scrolls
// its input into the middle of the card and puts the focus there.
func (c *Card) goToError(key string) {
	f := c.st.FieldOf(key)
	if f == nil {
		return
	}
	if tab := state.TabOf(c.Catalog, f); tab != "" && c.childOf(tab) == nil {
		c.tab = tab
	}
	id := c.errorInputID(key, f)
	if c.ctx != nil {
		c.ctx.Defer(func(app.Context) { focusInView(id) })
	}
}

// errorInputID is the element that takes the focus for the error of key:
// the cell's input for a cell, else the field's (see inputID).
func (c *Card) errorInputID(key string, f *api.Field) string {
	if list, row, col, ok := state.SplitCellKey(key); ok && f.Type == api.FieldList {
		if row < len(c.st.Rows(list)) {
			return cellID(list, row, col)
		}
	}
	return inputID(f.Key, f)
}

// inputID is the element that edits field f (key), for the focus: the
// input, the first of a pair, the PIN's Generate button, a list's Bind
// button.
func inputID(key string, f *api.Field) string {
	switch f.Type {
	case api.FieldPin:
		return "pin-generate-" + key
	case api.FieldList:
		return "f-" + key + "-add"
	}
	return "f-" + key
}

// cellID is the id of the input of a list cell.
func cellID(list string, row int, col string) string {
	return "f-" + list + "-" + strconv.Itoa(row) + "-" + col
}
