package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// renderFields renders the fields of one tab ("" when the card has no
// tabs): values in view mode, editors in edit mode.
func (c *Card) renderFields(tab string) app.UI {
	var fields []*api.Field
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		if f.System {
			continue // who changed it and when: the card's footer says so
		}
		if tab == "" || state.TabOf(c.Catalog, f) == tab {
			fields = append(fields, f)
		}
	}
	return app.Range(fields).Slice(func(i int) app.UI {
		f := fields[i]
		edit := c.st.Mode == state.Edit && c.st.Editable(f)
		switch {
		case f.Type == api.FieldPin && edit:
			return c.renderPinEditor(f)
		case f.Type == api.FieldPin:
			return c.renderPinValue(f)
		case edit:
			return c.renderEditor(f)
		}
		return c.renderValue(f)
	})
}

func (c *Card) renderValue(f *api.Field) app.UI {
	rec := c.st.Rec
	cls := []string{"card-field", "field-view", widthClass(f)}
	var value app.UI
	if f.Type == api.FieldList {
		value = c.renderListView(f)
	} else {
		text := state.FormatValue(f, rec.Values[f.Key], state.RefLabel(rec, f.Key), c.Lang, nil)
		if f.Type == api.FieldBool {
			// Words, not a tick or nothing: "no" is not "not set".
			text = c.t("card.no")
			if on, _ := rec.Values[f.Key].(bool); on {
				text = c.t("card.yes")
			}
		}
		if text == "" {
			value = app.Div().Class("card-value", "empty").Text(c.t("card.none"))
		} else {
			v := app.Div().Class("card-value").Text(text)
			if state.Numeric(f.Type) {
				v = v.Class("num")
			}
			value = v
		}
	}
	return app.Div().Class(cls...).DataSet("field", f.Key).Body(
		app.Div().Class("card-label").Text(f.Label.In(c.Lang)),
		value,
		c.renderError(f.Key),
	)
}

func (c *Card) renderListView(f *api.Field) app.UI {
	rows, _ := c.st.Rec.Values[f.Key].([]any)
	if len(rows) == 0 {
		return app.Div().Class("card-value", "empty").Text(c.t("card.no_rows"))
	}
	return app.Div().Class("list-wrap").Body(
		app.Table().ID("f-"+f.Key).Class("list-table", "list-view").Body(
			app.THead().Body(app.Tr().Body(
				app.Range(f.Columns).Slice(func(j int) app.UI {
					return app.Th().Scope("col").Text(f.Columns[j].Label.In(c.Lang))
				}),
			)),
			app.TBody().Body(
				app.Range(rows).Slice(func(i int) app.UI {
					m, _ := rows[i].(map[string]any)
					return app.Tr().Class("list-row").Body(
						app.Range(f.Columns).Slice(func(j int) app.UI {
							col := &f.Columns[j]
							label := state.RefLabel(c.st.Rec, state.CellKey(f.Key, i, col.Key))
							td := app.Td().Text(state.FormatValue(col, m[col.Key], label, c.Lang, nil))
							if state.Numeric(col.Type) {
								td = td.Class("num")
							}
							return td
						}),
					)
				}),
			),
		),
	)
}

// renderError is the message next to a field (or a list cell) the server
// or the client found wrong; the input points to it with aria-describedby.
// It is always there, hidden while the field is fine, so that an error
// coming or going never shifts the input beside it in the tree (go-app
// would re-create a shifted input, and the focus and the typing with it).
func (c *Card) renderError(key string) app.UI {
	code, bad := c.st.Errors[key]
	p := app.P().ID(errID(key)).Class("field-error").
		DataSet("field", key).
		DataSet("code", string(code)).
		Hidden(!bad)
	if !bad {
		return p.Body(icon(pathAlert), app.Span())
	}
	return p.Body(icon(pathAlert), app.Span().Text(c.errorText(key)))
}

// widthClass lets short values share a line on the card.
func widthClass(f *api.Field) string {
	switch f.Type {
	case api.FieldDate, api.FieldDateTime, api.FieldNumber, api.FieldMoney, api.FieldBool, api.FieldEnum:
		return "field-half"
	}
	return "field-wide"
}

func errID(key string) string  { return "err-" + key }
func hintID(key string) string { return "hint-" + key }

func (c *Card) describedBy(key string, hint bool) string {
	s := ""
	if hint {
		s = hintID(key)
	}
	if _, bad := c.st.Errors[key]; bad {
		if s != "" {
			s += " "
		}
		s += errID(key)
	}
	return s
}

func (c *Card) renderLabel(f *api.Field, forID string) app.UI {
	return app.Label().For(forID).Class("card-label").Body(app.Text(f.Label.In(c.Lang)), reqMark(c, f))
}

func (c *Card) renderEditor(f *api.Field) app.UI {
	id := "f-" + f.Key
	hint := f.Hint.In(c.Lang)
	cls := []string{"card-field", "field-edit", widthClass(f)}
	if _, bad := c.st.Errors[f.Key]; bad {
		cls = append(cls, "invalid")
	}
	var hintUI app.UI
	if hint != "" {
		hintUI = app.P().ID(hintID(f.Key)).Class("field-hint").Text(hint)
	}
	var label, input app.UI
	switch f.Type {
	case api.FieldList:
		label = app.Div().Class("card-label").Body(app.Text(f.Label.In(c.Lang)), reqMark(c, f))
		input = c.renderListEditor(f)
	case api.FieldCoords:
		label = app.Div().Class("card-label").Body(app.Text(f.Label.In(c.Lang)), reqMark(c, f))
		input = c.renderCoords(f, hint != "")
	case api.FieldBool:
		return app.Div().Class(append(cls, "field-check")...).DataSet("field", f.Key).Body(
			app.Label().Class("check").Body(
				c.input(f, f.Key, id, c.st.Draft[f.Key], hint != "", func(v any) { c.st.Set(f.Key, v) }),
				app.Span().Class("check-label").Body(app.Text(f.Label.In(c.Lang)), reqMark(c, f)),
			),
			hintUI,
			c.renderError(f.Key),
		)
	default:
		label = c.renderLabel(f, id)
		input = c.input(f, f.Key, id, c.st.Draft[f.Key], hint != "", func(v any) { c.st.Set(f.Key, v) })
	}
	return app.Div().Class(cls...).DataSet("field", f.Key).Body(label, input, hintUI, c.renderError(f.Key))
}

func reqMark(c *Card, f *api.Field) app.UI {
	if !f.Required {
		return nil
	}
	return app.Span().Class("req").Title(c.t("card.required")).Text("*")
}

// input renders the editor of one value: a top-level field (errKey = its
// key) or a list cell (errKey = "list.row.column"). set stores the draft.
func (c *Card) input(f *api.Field, errKey, id string, draft any, hint bool, set func(any)) app.UI {
	_, bad := c.st.Errors[errKey]
	desc := c.describedBy(errKey, hint)
	// Every change of the draft is kept in the browser too, a moment later.
	store := set
	set = func(v any) {
		store(v)
		c.draftChanged()
	}
	// Typing only stores the draft; the card re-renders (to drop an error
	// message) only when the field had one, and then leaves the input's
	// value alone (inputValues).
	onText := func(ctx app.Context, e app.Event) {
		ctx.PreventUpdate()
		_, had := c.st.Errors[errKey]
		typed := ctx.JSSrc().Get("value").String()
		c.inputs.typedInto(id, typed)
		set(typed)
		if had {
			c.Update()
		}
	}
	str, _ := draft.(string)
	shown := c.inputs.value(id, str) // what a text input renders (see inputValues)
	withCommon := func(in app.HTMLInput) app.HTMLInput {
		in = in.ID(id).Class("input").Required(f.Required)
		if bad {
			in = in.Aria("invalid", true)
		}
		if desc != "" {
			in = in.Aria("describedby", desc)
		}
		return in
	}
	switch f.Type {
	case api.FieldText:
		if f.Pick != nil {
			return c.textPicker(f, errKey, id, str, bad, desc, set)
		}
		if f.MaxLen > 300 {
			ta := app.Textarea().ID(id).Class("input", "textarea").Rows(3).
				Required(f.Required).
				Attr("value", shown).
				MaxLength(f.TextLimit()).
				OnInput(onText, id)
			if bad {
				ta = ta.Aria("invalid", true)
			}
			if desc != "" {
				ta = ta.Aria("describedby", desc)
			}
			return ta
		}
		return withCommon(app.Input().Type("text")).Value(shown).MaxLength(f.TextLimit()).OnInput(onText, id)
	case api.FieldNumber:
		return withCommon(app.Input().Type("text")).Attr("inputmode", "decimal").Value(shown).OnInput(onText, id)
	case api.FieldMoney:
		return withCommon(app.Input().Type("text")).Class("num").Attr("inputmode", "decimal").
			Placeholder(state.FormatMoney("0", c.Lang)).Value(shown).OnInput(onText, id).
			OnBlur(func(ctx app.Context, e app.Event) {
				rerender(ctx, c)
				// Show the amount as it will be saved, or flag it at once.
				s := ctx.JSSrc().Get("value").String()
				if s == "" {
					return
				}
				if m, ok := state.ParseMoney(s); ok {
					set(m)
				} else {
					c.st.Errors = withCode(c.st.Errors, errKey, "bad_value")
				}
			}, id)
	case api.FieldDate:
		// Typed and shown in the UI's language (dateinput.go); the draft keeps the wire form.
		return &DateInput{ID: id, Lang: c.Lang, Value: str, Required: f.Required, Invalid: bad, DescribedBy: desc,
			OnChange: func(v string) {
				_, had := c.st.Errors[errKey]
				set(v)
				if had {
					c.Update()
				}
			}}
	case api.FieldDateTime:
		return withCommon(app.Input().Type("datetime-local")).Value(shown).OnInput(onText, id).OnChange(onText, id)
	case api.FieldBool:
		b, _ := draft.(bool)
		in := withCommon(app.Input().Type("checkbox")).Class("check-input").Checked(b).
			OnChange(func(ctx app.Context, e app.Event) {
				rerender(ctx, c)
				on := ctx.JSSrc().Get("checked").Bool()
				if !on && f.Confirm.In(c.Lang) != "" {
					// Ask first; the box stays ticked until the user agrees.
					ctx.JSSrc().Set("checked", true)
					c.ask = &confirmAsk{Text: f.Confirm.In(c.Lang), Do: func() { set(false) }}
					return
				}
				set(on)
			}, id)
		return in
	case api.FieldEnum:
		sel := app.Select().ID(id).Class("input", "select").Required(f.Required).
			OnChange(func(ctx app.Context, e app.Event) { rerender(ctx, c); set(ctx.JSSrc().Get("value").String()) }, id)
		if bad {
			sel = sel.Aria("invalid", true)
		}
		if desc != "" {
			sel = sel.Aria("describedby", desc)
		}
		return sel.Body(
			app.Option().Value("").Selected(str == "").Text(c.t("card.none")),
			app.Range(f.Options).Slice(func(i int) app.UI {
				o := f.Options[i]
				return app.Option().Value(o.Key).Selected(o.Key == str).Text(o.Label.In(c.Lang))
			}),
		)
	case api.FieldRef:
		ref, _ := draft.(state.Ref)
		return &RefPicker{
			ID:          id,
			Lang:        c.Lang,
			Catalog:     f.Ref,
			Value:       ref,
			Info:        c.refInfo(errKey, ref.ID),
			Required:    f.Required,
			Invalid:     bad,
			DescribedBy: desc,
			Link:        c.Link,
			For:         c.lookupFor(errKey),
			OnPick: func(r state.Ref) {
				set(r)
				c.Update()
			},
		}
	}
	return withCommon(app.Input().Type("text")).Value(shown).OnInput(onText, id)
}

func withCode(m map[string]api.Code, key string, code api.Code) map[string]api.Code {
	if m == nil {
		m = map[string]api.Code{}
	}
	m[key] = code
	return m
}

func (c *Card) renderCoords(f *api.Field, hint bool) app.UI {
	co, _ := c.st.Draft[f.Key].(state.Coords)
	id := "f-" + f.Key
	_, bad := c.st.Errors[f.Key]
	desc := c.describedBy(f.Key, hint)
	part := func(pid, label, value string, set func(string)) app.UI {
		in := app.Input().ID(pid).Type("text").Class("input", "num").Attr("inputmode", "decimal").
			Value(c.inputs.value(pid, value)).
			OnInput(func(ctx app.Context, e app.Event) {
				ctx.PreventUpdate()
				_, had := c.st.Errors[f.Key]
				typed := ctx.JSSrc().Get("value").String()
				c.inputs.typedInto(pid, typed)
				set(typed)
				c.draftChanged()
				if had {
					c.Update()
				}
			}, pid)
		if bad {
			in = in.Aria("invalid", true)
		}
		if desc != "" {
			in = in.Aria("describedby", desc)
		}
		return app.Div().Class("coord").Body(app.Label().For(pid).Class("sub-label").Text(label), in)
	}
	return app.Div().Class("coords").Body(
		part(id, c.t("card.lat"), co.Lat, func(s string) {
			cur, _ := c.st.Draft[f.Key].(state.Coords)
			cur.Lat = s
			c.st.Set(f.Key, cur)
		}),
		part(id+"-lon", c.t("card.lon"), co.Lon, func(s string) {
			cur, _ := c.st.Draft[f.Key].(state.Coords)
			cur.Lon = s
			c.st.Set(f.Key, cur)
		}),
	)
}

// renderListEditor edits a list field as a sub-table: Bind adds a row,
// Unbind removes one. Inputs are #f-<field>-<row>-<column>.
func (c *Card) renderListEditor(f *api.Field) app.UI {
	rows := c.st.Rows(f.Key)
	key := f.Key
	var body app.UI
	if len(rows) == 0 {
		body = app.Tr().Class("list-empty").Body(
			app.Td().Attr("colspan", len(f.Columns)+1).Class("muted").Text(c.t("card.no_rows")),
		)
	} else {
		body = app.Range(rows).Slice(func(i int) app.UI {
			row := rows[i]
			return app.Tr().Class("list-row").DataSet("row", i).Body(
				app.Range(f.Columns).Slice(func(j int) app.UI {
					col := &f.Columns[j]
					ck := state.CellKey(key, i, col.Key)
					cid := cellID(key, i, col.Key)
					colKey := col.Key
					rowIdx := i
					td := app.Td().Class("list-cell", "type-"+string(col.Type)).DataSet("field", ck)
					return td.Body(
						app.Label().For(cid).Class("sr-only").Text(col.Label.In(c.Lang)+", "+i18n.Tf(c.Lang, "card.row", i+1)),
						c.input(col, ck, cid, row[colKey], false, func(v any) { c.st.SetCell(key, rowIdx, colKey, v) }),
						c.renderError(ck),
					)
				}),
				app.Td().Class("list-actions").Body(
					app.Button().Type("button").Class("btn", "btn-ghost", "btn-sm", "list-remove").
						Aria("label", c.t("card.unbind")+", "+i18n.Tf(c.Lang, "card.row", i+1)).
						OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.st.RemoveRow(key, i); c.draftChanged() }, key, i).
						Body(icon(pathClose), app.Span().Class("btn-text").Text(c.t("card.unbind"))),
				),
			)
		})
	}
	return app.Div().Class("list-wrap").Body(
		app.Table().ID("f-"+key).Class("list-table").Body(
			app.THead().Body(app.Tr().Body(
				app.Range(f.Columns).Slice(func(j int) app.UI {
					col := f.Columns[j]
					return app.Th().Scope("col").Body(app.Text(col.Label.In(c.Lang)), reqMark(c, &col))
				}),
				app.Th().Body(app.Span().Class("sr-only").Text(c.t("card.unbind"))),
			)),
			app.TBody().Body(body),
		),
		app.Button().ID("f-"+key+"-add").Type("button").Class("btn", "btn-secondary", "btn-sm", "list-add").
			OnClick(func(ctx app.Context, e app.Event) {
				rerender(ctx, c)
				c.st.AddRow(key)
				c.draftChanged()
				n := len(c.st.Rows(key)) - 1
				ctx.Defer(func(app.Context) {
					if len(f.Columns) > 0 {
						focusByID(cellID(key, n, f.Columns[0].Key))
					}
				})
			}, key).
			Body(icon(pathPlus), app.Span().Text(c.t("card.bind"))),
	)
}
