package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// A stale edit: the save was refused because another user saved the
// record since the draft was based on it. The card reads the record as it
// is now and shows, side by side, the fields the other user changed —
// theirs and the user's — with two ways on: keep the user's values on top
// of the new version (and save), or take theirs (the draft is dropped).
// The same view shows when a kept draft is restored onto a version that
// changed a field the draft changed too.

// fetchTheirs reads the record as it is now, for the side by side.
func (c *Card) fetchTheirs() {
	if c.ctx == nil || !c.st.Exists {
		return
	}
	cardAsk(c, api.TypeGet, api.GetRequest{Catalog: c.Catalog.Key, ID: c.st.Rec.ID}, func(rec api.Record, err error) {
		if err != nil || c.st.Conflict == nil {
			return // the banner still offers to take their version
		}
		c.st.Stale(rec)
		c.rev++
	})
}

// renderConflict (#card-conflict) is the conflict banner and, once the
// current version is in, the table of what changed
// (#card-conflict-fields, a row per field: tr[data-field]).
func (c *Card) renderConflict() app.UI {
	cf := c.st.Conflict
	if cf == nil {
		return nil
	}
	at := state.FormatDateTime(cf.At, c.Lang, c.st.Loc)
	text := i18n.Tf(c.Lang, "card.conflict.by", cf.By, at)
	if cf.Restored {
		text = i18n.Tf(c.Lang, "card.conflict.restored", cf.By, at)
	}
	var table app.UI
	editing := c.st.Mode == state.Edit
	switch {
	case !editing:
	case cf.Theirs == nil:
		table = app.P().Class("conflict-loading", "muted").Text(c.t("card.conflict.loading"))
	case len(cf.Fields) == 0:
		table = app.P().Class("conflict-none", "muted").Text(c.t("card.conflict.none"))
	default:
		table = c.renderConflictTable(cf)
	}
	var keep app.UI
	if editing {
		keep = app.Button().ID("card-keep-mine").Type("button").Class("btn", "btn-primary", "btn-sm").
			Disabled(c.busy || cf.Theirs == nil).
			OnClick(c.onKeepMine).
			Body(icon(pathCheck), app.Span().Text(c.t("card.conflict.keep")))
	}
	return app.Div().ID("card-conflict").Class("alert", "alert-error", "card-conflict").Role("alert").
		DataSet("fields", len(cf.Fields)).
		Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Div().Class("alert-grow").Body(
				app.P().Class("conflict-text").Text(text),
				table,
				app.Div().Class("alert-actions").Body(
					keep,
					app.Button().ID("card-reload").Type("button").Class("btn", "btn-secondary", "btn-sm").
						Disabled(c.busy).
						OnClick(c.onTakeTheirs).
						Body(icon(pathSync), app.Span().Text(c.t("card.conflict.take"))),
				),
			),
		)
}

func (c *Card) renderConflictTable(cf *state.Conflict) app.UI {
	theirs := cf.Theirs
	return app.Div().Class("conflict-wrap").Body(
		app.Table().ID("card-conflict-fields").Class("conflict-table").Body(
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(c.t("card.conflict.field")),
				app.Th().Scope("col").Text(c.t("card.conflict.theirs")),
				app.Th().Scope("col").Text(c.t("card.conflict.yours")),
			)),
			app.TBody().Body(
				app.Range(cf.Fields).Slice(func(i int) app.UI {
					field := cf.Fields[i]
					f := state.FieldByKey(c.Catalog, field.Key)
					if f == nil {
						return app.Tr()
					}
					mine, labels := c.st.DraftValue(field.Key)
					var both app.UI
					if field.Mine {
						both = app.Span().Class("tag", "tag-mine").Text(c.t("card.conflict.both"))
					}
					return app.Tr().DataSet("field", field.Key).Class(conflictClass(field)).Body(
						app.Th().Scope("row").Class("conflict-name").Text(f.Label.In(c.Lang)),
						app.Td().Class("conflict-theirs").Text(c.valueText(f, theirs.Values[f.Key], theirs.Labels)),
						app.Td().Class("conflict-yours").Body(app.Span().Text(c.valueText(f, mine, labels)), both),
					)
				}),
			),
		),
	)
}

func conflictClass(f state.ConflictField) string {
	if f.Mine {
		return "conflict-both"
	}
	return "conflict-theirs-only"
}

// valueText shows one value for the side by side: a list row by row, a
// yes/no in words, nothing as a dash.
func (c *Card) valueText(f *api.Field, v any, labels map[string]string) string {
	var s string
	switch f.Type {
	case api.FieldList:
		rows, _ := v.([]any)
		parts := make([]string, 0, len(rows))
		for i, r := range rows {
			m, _ := r.(map[string]any)
			var cells []string
			for j := range f.Columns {
				col := &f.Columns[j]
				if t := c.valueText(col, m[col.Key], map[string]string{col.Key: labels[state.CellKey(f.Key, i, col.Key)]}); t != c.t("card.none") {
					cells = append(cells, t)
				}
			}
			parts = append(parts, strings.Join(cells, ", "))
		}
		s = strings.Join(parts, "; ")
	case api.FieldBool:
		s = c.t("card.no")
		if on, _ := v.(bool); on {
			s = c.t("card.yes")
		}
		if v == nil {
			s = ""
		}
	default:
		s = state.FormatValue(f, v, labels[f.Key], c.Lang, c.st.Loc)
	}
	if s == "" {
		return c.t("card.none")
	}
	return s
}

// onKeepMine saves the user's values on top of the new version: after a
// refused save, rebased and saved again; after a restored draft, the
// draft already holds them and editing goes on.
func (c *Card) onKeepMine(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	cf := c.st.Conflict
	if cf == nil || cf.Theirs == nil {
		return
	}
	if cf.Restored {
		c.st.Conflict = nil
		return
	}
	c.st.Rebase(*cf.Theirs)
	c.stale = false
	c.draftChanged()
	c.save()
}

// onTakeTheirs drops the user's values: after a refused save, the card
// shows the record as it is now; after a restored draft, only the fields
// both changed go back to theirs.
func (c *Card) onTakeTheirs(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	if cf := c.st.Conflict; cf != nil && cf.Restored {
		c.st.TakeTheirs()
		c.draftChanged()
		return
	}
	c.dropDraft()
	if cf := c.st.Conflict; cf != nil && cf.Theirs != nil {
		c.st.Load(*cf.Theirs)
		c.inputs.reset()
		c.stale, c.formErr = false, false
		c.rev++
		return
	}
	c.loading = true
	c.fetch(true)
}
