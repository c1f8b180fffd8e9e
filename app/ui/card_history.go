package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// The card's history: the audit entries of the record (changes, PINs
// generated and revealed, devices bound), newest first, fetched when the
// user opens it and again when the record changes while it is open.

type cardHistory struct {
	open    bool
	loading bool
	failed  api.Code
	id      string
	version uint64
	entries []api.HistoryEntry
}

func (c *Card) renderHistory() app.UI {
	if !c.st.Exists {
		return nil
	}
	h := &c.history
	label := c.t("history.show")
	if h.open {
		label = c.t("history.hide")
	}
	var body app.UI
	switch {
	case !h.open:
	case h.failed != "":
		body = app.P().Class("history-note", "field-error").Text(i18n.Error(c.Lang, h.failed))
	case h.loading && len(h.entries) == 0:
		body = app.Div().Class("skeleton", "skeleton-short")
	case len(h.entries) == 0:
		body = app.P().Class("history-note", "muted").Text(c.t("history.empty"))
	default:
		body = app.Ol().ID("card-history").Class("history-list").Aria("busy", h.loading).Body(
			app.Range(h.entries).Slice(func(i int) app.UI {
				e := h.entries[i]
				return app.Li().Class("history-entry").DataSet("action", e.Action).Body(
					app.Div().Class("history-head").Body(
						app.Span().Class("history-action").Text(historyAction(c.Lang, e.Action)),
						app.Span().Class("history-who").Text(e.Actor),
						app.Time().Class("history-at").DateTime(e.At).Text(state.FormatDateTime(e.At, c.Lang, nil)),
					),
					app.If(e.Detail != "", app.P().Class("history-detail").Text(i18n.Tf(c.Lang, "history.device", e.Detail))),
					c.renderChanges(e.Changes),
				)
			}),
		)
	}
	return app.Section().Class("card-history").Aria("label", c.t("history.title")).Body(
		app.Button().ID("card-history-toggle").Type("button").Class("btn", "btn-ghost", "btn-sm").
			Aria("expanded", h.open).Aria("controls", "card-history").
			OnClick(c.onHistory).
			Body(icon(pathClock), app.Span().Text(label)),
		body,
	)
}

// renderChanges lists a creation's or change's fields as "Field: was → is".
func (c *Card) renderChanges(changes []api.HistoryChange) app.UI {
	if len(changes) == 0 {
		return nil
	}
	value := func(f *api.Field, v any, label string) string {
		if s := state.FormatValue(f, v, label, c.Lang, nil); s != "" {
			return s
		}
		return c.t("card.none")
	}
	return app.Ul().Class("history-changes").Body(
		app.Range(changes).Slice(func(i int) app.UI {
			ch := changes[i]
			f := state.FieldByKey(c.Catalog, ch.Field)
			if f == nil {
				return nil
			}
			var what string
			switch {
			case f.Type == api.FieldPin:
				what = c.t("history.pin_changed")
			case ch.From == nil:
				what = value(f, ch.To, ch.ToLabel)
			default:
				what = value(f, ch.From, ch.FromLabel) + " → " + value(f, ch.To, ch.ToLabel)
			}
			return app.Li().DataSet("field", ch.Field).Body(
				app.Span().Class("history-field").Text(f.Label.In(c.Lang)+": "),
				app.Span().Text(what),
			)
		}),
	)
}

// historyAction names an audited action in the user's language.
func historyAction(lang, action string) string {
	if key := "history." + action; i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return action
}

func (c *Card) onHistory(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.history.open = !c.history.open
	if c.history.open {
		c.fetchHistory()
	}
}

// refreshHistory reloads an open history when the card shows a newer
// version of the record (after a save, a push).
func (c *Card) refreshHistory() {
	h := &c.history
	r := c.st.Rec
	if h.open && !h.loading && (h.id != r.ID || h.version != r.Version) {
		c.fetchHistory()
	}
}

func (c *Card) fetchHistory() {
	h := &c.history
	r := c.st.Rec
	if h.id != r.ID {
		h.entries = nil
	}
	h.loading, h.failed, h.id, h.version = true, "", r.ID, r.Version
	req := api.HistoryRequest{Catalog: c.Catalog.Key, ID: r.ID, Limit: api.MaxHistory}
	cardAsk(c, api.TypeHistory, req, func(out api.History, err error) {
		h.loading = false
		if err != nil {
			h.failed = codeOf(err)
			return
		}
		h.entries = out.Entries
	})
}
