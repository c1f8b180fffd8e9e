package ui

import (
	"errors"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// Card (#card) is one record's card: a side panel (full screen on phones)
// that shows the record read-only, with tabs, the catalog's notice and who
// changed it last; Edit turns the fields into inputs, Save sends them with
// the version they were based on. It still reads on its own (the record,
// its history, PINs) through ask; its writes go through the host, which
// refreshes the list once for them. The card shows the save's reply (no
// reload) and keeps the user's input when the server refuses a save: every
// field's fault at once, with a summary that takes the user to each
// (card_errors.go); a stale save shows what the other user changed beside
// the user's values (card_conflict.go); the draft is kept in the browser
// while typing and offered back (card_draft.go). Keyboard: F2 or Enter
// edits, Ctrl+Enter saves, Escape cancels, then closes (onKey).
type Card struct {
	app.Compo

	Lang    string
	Catalog *api.Catalog
	Link    *Link
	Host    cardHost
	Open    cardOpen
	// User is the signed-in user's login: drafts are kept per user ("":
	// none are kept).
	User string
	// Catalogs finds another catalog's description (the one a reference
	// points to), to word what a reference is limited to; nil: unknown.
	Catalogs func(key string) *api.Catalog
	// Changed grows when a push says the open record changed;
	// ChildChanged when one says records of a child catalog did (the
	// tab's grid asks again).
	Changed, ChildChanged int

	ctx         app.Context
	seq         int
	focusSeq    int // the open the focus moved in for (Open.Focus)
	changedSeen int
	needLoad    bool
	st          *state.Card
	loading     bool
	loadErr     api.Code
	busy        bool
	tab         string
	stale       bool
	formErr     bool
	ask         *confirmAsk
	pins        pinShown
	history     cardHistory
	// rev counts the records shown from the server: loads and the replies
	// of saves, deletes and restores (data-rev).
	rev int
	// child is the card of a child record opened from a tab, shown in
	// place of this one (card_children.go); childSeq numbers its opens,
	// childRev its writes.
	child              *childOpen
	childSeq, childRev int

	// inputs keeps the text inputs in step with the draft (card_fields.go).
	inputs inputValues
	// drafts is where drafts are kept (the browser's localStorage).
	drafts draftStore
	// draftSeq debounces draft writes; draftDue says one is pending.
	draftSeq int
	draftDue bool
	// offer is a kept draft of the open record, offered back.
	offer *state.SavedDraft
}

// confirmAsk is a question the card is waiting on.
type confirmAsk struct {
	Text   string
	OK     string
	Danger bool
	Do     func()
}

// dialog renders the question; answered is called first either way (to
// forget the question), then Do if the answer was yes.
func (a *confirmAsk) dialog(lang string, answered func()) app.UI {
	return &ConfirmDialog{
		Lang:     lang,
		Text:     a.Text,
		OKLabel:  a.OK,
		Danger:   a.Danger,
		OnOK:     func() { answered(); a.Do() },
		OnCancel: answered,
	}
}

// OnMount starts like any update: the instance may be reused for another
// record.
func (c *Card) OnMount(ctx app.Context) { c.OnUpdate(ctx) }

// OnDismount keeps the draft of a card that goes away while edited (the
// user signed out, or the session ended): it is offered back later.
func (c *Card) OnDismount() { c.flushDraft() }

func (c *Card) OnUpdate(ctx app.Context) {
	c.ctx = ctx
	c.afterSync()
}

// sync starts over when another record (or a new one) is opened; it runs
// at the top of Render, like CatalogPage.sync.
func (c *Card) sync() {
	if c.st != nil && c.Open.Seq == c.seq {
		c.st.Catalog = c.Catalog
		return
	}
	c.flushDraft() // of the record shown until now
	// A new record's card opens at once, then again with what the server
	// says a new record starts as: what the user typed meanwhile stays.
	var typed map[string]any
	if c.st != nil && c.Open.New && c.st.Mode == state.Edit && !c.st.Exists {
		typed = map[string]any{}
		for _, k := range c.st.ChangedKeys() {
			typed[k] = c.st.Draft[k]
		}
	}
	c.seq = c.Open.Seq
	c.changedSeen = c.Changed
	c.st = state.NewCard(c.Catalog)
	c.tab = firstTab(c.Catalog)
	c.loading, c.loadErr, c.busy, c.stale, c.formErr, c.ask = false, "", false, false, false, nil
	c.pins, c.history = pinShown{}, cardHistory{}
	c.child, c.offer = nil, nil
	c.inputs.reset()
	if c.Open.New {
		c.st.StartNew(c.Open.Values, c.Open.Labels)
		for k, v := range typed {
			c.st.Set(k, v)
		}
		c.needLoad = false
		c.offerDraft()
		return
	}
	c.loading = true
	c.needLoad = true
}

func (c *Card) afterSync() {
	c.sync()
	if c.Open.Focus && c.focusSeq != c.seq {
		// Opened from the keyboard: the focus follows into the card.
		c.focusSeq = c.seq
		c.ctx.Defer(func(app.Context) { focusByID("card-title") })
	}
	if c.needLoad {
		c.needLoad = false
		c.fetch(false)
		return
	}
	c.refreshHistory()
	if c.Changed != c.changedSeen {
		c.changedSeen = c.Changed
		if !c.st.Exists {
			return
		}
		if c.st.Mode == state.View {
			c.fetch(false)
		} else {
			c.stale = true
		}
	}
	if c.Open.New && c.focusSeq != c.seq {
		// Once per open, and not from under a user already typing in it.
		c.focusSeq = c.seq
		c.ctx.Defer(func(app.Context) {
			if !focusWithin("card") {
				c.focusFirst()
			}
		})
	}
}

func firstTab(cat *api.Catalog) string {
	if len(cat.Tabs) > 0 {
		return cat.Tabs[0].Key
	}
	return ""
}

// fetch gets the record; reload also drops the user's draft (the conflict
// banner's Reload).
func (c *Card) fetch(reload bool) {
	if c.ctx == nil || c.Open.ID == "" && c.st.Rec.ID == "" {
		return
	}
	id := c.st.Rec.ID
	if id == "" {
		id = c.Open.ID
	}
	cardAsk(c, api.TypeGet, api.GetRequest{Catalog: c.Catalog.Key, ID: id}, func(rec api.Record, err error) {
		c.loading = false
		if err != nil {
			if !c.st.Exists {
				c.loadErr = codeOf(err)
			}
			if code := codeOf(err); (code == api.CodeNotFound || code == api.CodeForbidden) && c.User != "" {
				// A draft of a record the user cannot reach any more can
				// never be saved: it would be offered forever.
				c.store().remove(state.DraftKey(c.User, c.Catalog.Key, id))
			}
			c.Host.notify(string(codeOf(err)), i18n.Error(c.Lang, codeOf(err)), false)
			return
		}
		c.loadErr = ""
		c.rev++
		if reload {
			c.st.Load(rec)
			c.stale, c.formErr = false, false
			return
		}
		c.st.Refreshed(rec)
		if c.offer == nil && c.st.Mode == state.View {
			c.offerDraft()
		}
	})
}

func (c *Card) t(key string) string { return i18n.T(c.Lang, key) }

func (c *Card) Render() app.UI {
	c.sync()
	if c.child != nil {
		return &Card{Lang: c.Lang, Catalog: c.child.Catalog, Link: c.Link, Host: tabHost{c}, Open: c.child.Open,
			User: c.User, Catalogs: c.Catalogs}
	}
	st := c.st
	mode := st.Mode.String()
	title := c.t("card.new")
	if st.Exists {
		title = c.title()
	}
	if c.loading && !st.Exists {
		title = c.t("card.loading")
	}
	card := app.Aside().ID("card").Class("card-panel", "mode-"+mode).
		DataSet("id", st.Rec.ID).
		DataSet("mode", mode).
		DataSet("rev", c.rev).
		Aria("labelledby", "card-title").
		Aria("busy", c.loading || c.busy).
		Aria("keyshortcuts", "F2 Control+Enter Escape").
		OnKeyDown(c.onKey).
		Body(
			app.Div().Class("card-head").Body(
				app.Div().Class("card-head-text").Body(
					app.Div().Class("card-kicker").Text(c.Catalog.Label.In(c.Lang)),
					// Focusable by script only: the keyboard lands here when
					// the card opens from the list, and Enter or F2 edits.
					app.H2().ID("card-title").Class("card-heading").TabIndex(-1).Title(c.t("card.keys")).Text(title),
				),
				app.If(st.Rec.Deleted, app.Span().Class("tag", "tag-deleted").Text(c.t("catalog.deleted"))),
				app.Button().ID("card-close").Type("button").Class("icon-btn", "card-close").
					Aria("label", c.t("card.close")).Title(c.t("card.close")).
					OnClick(c.onClose).
					Body(icon(pathClose)),
			),
			c.renderBody(),
			c.renderFoot(),
			c.renderAsk(),
		)
	if w := c.inputs.pending(); w != nil && c.ctx != nil {
		c.ctx.Defer(func(app.Context) { setInputValues(w) })
	}
	return card
}

func (c *Card) renderBody() app.UI {
	st := c.st
	if c.loading && !st.Exists {
		return app.Div().Class("card-scroll").Body(
			app.Div().Class("skeleton"), app.Div().Class("skeleton", "skeleton-short"), app.Div().Class("skeleton"),
		)
	}
	if c.loadErr != "" {
		return app.Div().Class("card-scroll").Body(
			app.Div().Class("alert", "alert-error").DataSet("code", string(c.loadErr)).Body(
				app.Span().Class("alert-icon").Body(icon(pathAlert)),
				app.Span().Text(i18n.Error(c.Lang, c.loadErr)),
			),
		)
	}
	var notice, deleted, stale app.UI
	if n := c.Catalog.Notice.In(c.Lang); n != "" {
		notice = app.Div().ID("card-notice").Class("alert", "alert-warn").Role("note").Body(
			app.Span().Class("alert-icon").Body(icon(pathWarn)),
			app.Span().Text(n),
		)
	}
	if st.Rec.Deleted {
		var restore app.UI
		if c.Catalog.Rights.Delete {
			restore = app.Button().ID("card-restore").Type("button").Class("btn", "btn-secondary", "btn-sm").
				Disabled(c.busy).OnClick(c.onRestore).
				Body(icon(pathRestore), app.Span().Text(c.t("card.restore")))
		}
		deleted = app.Div().ID("card-deleted").Class("alert", "alert-muted").Body(
			app.Span().Class("alert-icon").Body(icon(pathTrash)),
			app.Span().Class("alert-grow").Text(i18n.Tf(c.Lang, "card.deleted", st.Rec.DeletedBy, state.FormatDateTime(st.Rec.DeletedAt, c.Lang, nil))),
			restore,
		)
	}
	if st.Conflict == nil && c.stale && st.Mode == state.Edit {
		stale = app.Div().ID("card-stale").Class("alert", "alert-info").Body(
			app.Span().Class("alert-icon").Body(icon(pathInfo)),
			app.Span().Text(c.t("card.stale.merge")),
		)
	}
	// The alerts come and go inside one container that is always there, so
	// the fields after it keep their place in the tree: go-app diffs
	// children by position, and a shifted input would be re-created under
	// the user's fingers, losing the focus and what is being typed.
	return app.Div().ID("card-scroll").Class("card-scroll").Body(
		app.Div().Class("card-alerts").Body(
			notice, deleted, c.renderDraftOffer(), c.renderConflict(), stale, c.renderErrorSummary(),
		),
		c.renderTabs(),
		c.renderPanels(),
		c.renderMeta(),
		c.renderHistory(),
	)
}

// title names the record as the grid shows its title field: an enum by
// its label, a reference by its name.
func (c *Card) title() string {
	r := c.st.Rec
	if f := state.FieldByKey(c.Catalog, c.Catalog.TitleField); f != nil && r.Values[f.Key] != nil {
		if s := state.FormatValue(f, r.Values[f.Key], r.Labels[f.Key], c.Lang, nil); s != "" {
			return s
		}
	}
	return c.st.Title(c.Lang)
}

func (c *Card) renderTabs() app.UI {
	tabs := c.tabs()
	if len(tabs) < 2 {
		return nil
	}
	return app.Div().Class("card-tabs").Role("tablist").Aria("label", c.t("card.tabs")).Body(
		app.Range(tabs).Slice(func(i int) app.UI {
			tab := tabs[i]
			on := tab.Key == c.tab
			cls := []string{"card-tab"}
			if on {
				cls = append(cls, "on")
			}
			if c.tabHasError(tab.Key) {
				cls = append(cls, "has-error")
			}
			tabIndex := -1
			if on {
				tabIndex = 0
			}
			return app.Button().Type("button").ID("tab-"+tab.Key).Class(cls...).
				Role("tab").
				DataSet("tab", tab.Key).
				Aria("selected", on).
				Aria("controls", "panel-"+tab.Key).
				TabIndex(tabIndex).
				OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.tab = tab.Key }, tab.Key).
				OnKeyDown(c.onTabKey).
				Text(tab.Label.In(c.Lang))
		}),
	)
}

func (c *Card) onTabKey(ctx app.Context, e app.Event) {
	tabs := c.tabs()
	cur := 0
	for i, t := range tabs {
		if t.Key == c.tab {
			cur = i
		}
	}
	switch e.Get("key").String() {
	case "ArrowRight":
		cur = (cur + 1) % len(tabs)
	case "ArrowLeft":
		cur = (cur - 1 + len(tabs)) % len(tabs)
	default:
		ctx.PreventUpdate()
		return
	}
	rerender(ctx, c)
	c.tab = tabs[cur].Key
	ctx.Defer(func(app.Context) { focusByID("tab-" + c.tab) })
}

func (c *Card) tabHasError(tab string) bool {
	for k := range c.st.Errors {
		if f := c.st.FieldOf(k); f != nil && state.TabOf(c.Catalog, f) == tab {
			return true
		}
	}
	return false
}

func (c *Card) renderPanels() app.UI {
	tabs := c.tabs()
	if len(tabs) < 2 {
		return app.Div().Class("card-fields").Body(c.renderFields(""))
	}
	return app.Div().Class("card-panels").Body(
		app.Range(tabs).Slice(func(i int) app.UI {
			tab := tabs[i]
			var body app.UI
			if ch := c.childOf(tab.Key); ch != nil {
				body = c.renderChild(ch)
			} else {
				body = c.renderFields(tab.Key)
			}
			return app.Div().ID("panel-"+tab.Key).Class("card-fields").
				Role("tabpanel").
				Aria("labelledby", "tab-"+tab.Key).
				Hidden(tab.Key != c.tab).
				Body(body)
		}),
	)
}

func (c *Card) renderMeta() app.UI {
	r := c.st.Rec
	if !c.st.Exists || (r.ChangedBy == "" && r.CreatedBy == "") {
		return nil
	}
	var parts []app.UI
	if r.ChangedBy != "" || r.ChangedAt != "" {
		parts = append(parts, app.Span().ID("card-meta-changed").Text(
			i18n.Tf(c.Lang, "card.changed", r.ChangedBy, state.FormatDateTime(r.ChangedAt, c.Lang, nil))))
	}
	if r.CreatedBy != "" && (r.CreatedBy != r.ChangedBy || r.CreatedAt != r.ChangedAt) {
		parts = append(parts, app.Span().Text(
			i18n.Tf(c.Lang, "card.created", r.CreatedBy, state.FormatDateTime(r.CreatedAt, c.Lang, nil))))
	}
	return app.P().ID("card-meta").Class("card-meta").Body(parts...)
}

func (c *Card) renderFoot() app.UI {
	st := c.st
	if c.loadErr != "" || (c.loading && !st.Exists) {
		return app.Div().Class("card-foot").Body(
			app.Button().Type("button").Class("btn", "btn-secondary").OnClick(c.onClose).Text(c.t("card.close")),
		)
	}
	r := c.Catalog.Rights
	if st.Mode == state.Edit {
		save := c.t("card.save")
		if c.busy {
			save = c.t("card.saving")
		}
		return app.Div().Class("card-foot").Body(
			app.Button().ID("card-save").Type("button").Class("btn", "btn-primary").
				Disabled(c.busy).OnClick(c.onSave).
				Body(icon(pathCheck), app.Span().Text(save)),
			app.Button().ID("card-cancel").Type("button").Class("btn", "btn-secondary").
				Disabled(c.busy).OnClick(c.onCancel).Text(c.t("card.cancel")),
		)
	}
	var edit, del app.UI
	if r.Edit && !st.Rec.Deleted {
		edit = app.Button().ID("card-edit").Type("button").Class("btn", "btn-primary").
			OnClick(c.onEdit).
			Body(icon(pathEdit), app.Span().Text(c.t("card.edit")))
	}
	if r.Delete && !st.Rec.Deleted {
		del = app.Button().ID("card-delete").Type("button").Class("btn", "btn-danger-ghost").
			Disabled(c.busy).OnClick(c.onDelete).
			Body(icon(pathTrash), app.Span().Text(c.t("card.delete")))
	}
	return app.Div().Class("card-foot").Body(edit, app.Div().Class("toolbar-spacer"), del)
}

func (c *Card) renderAsk() app.UI {
	if c.ask == nil {
		return nil
	}
	return c.ask.dialog(c.Lang, func() { c.ask = nil })
}

// ---- actions

// onKey is the card's keyboard: F2 (or Enter outside a control) edits,
// Ctrl+Enter (⌘+Enter) saves from anywhere in the card, Escape cancels the
// edit (asking first when something changed) and then closes the card.
// Keys of an open dialog are the dialog's.
func (c *Card) onKey(ctx app.Context, e app.Event) {
	key := e.Get("key").String()
	if c.ask != nil || c.child != nil || handled(e) {
		ctx.PreventUpdate()
		return
	}
	ctrl := e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()
	edit := c.st.Mode == state.Edit
	switch {
	case key == "Enter" && ctrl && edit:
		e.PreventDefault()
		rerender(ctx, c)
		c.save()
	case (key == "F2" || key == "Enter" && !ctrl && !inControl(e)) && !edit && c.canEdit():
		e.PreventDefault()
		rerender(ctx, c)
		c.startEdit(ctx)
	case key == "Escape":
		e.Call("stopPropagation")
		rerender(ctx, c)
		if edit && c.st.Exists {
			c.cancelEdit(true)
			return
		}
		c.close()
	default:
		ctx.PreventUpdate()
	}
}

// handled reports whether a control inside the card has already used the
// key (a picker took Enter, a child grid opened a row, a calendar closed on
// Escape): then it is not the card's.
func handled(e app.Event) bool {
	return !app.IsServer && e.Get("defaultPrevented").Bool()
}

// inControl reports whether a key event comes from a control that has a
// use for Enter of its own (a button, a link, a field).
func inControl(e app.Event) bool {
	if app.IsServer {
		return false
	}
	switch e.Get("target").Get("tagName").String() {
	case "INPUT", "TEXTAREA", "SELECT", "BUTTON", "A":
		return true
	}
	return false
}

func (c *Card) canEdit() bool {
	return c.Catalog.Rights.Edit && !c.st.Rec.Deleted && c.st.Exists && !c.loading && c.loadErr == ""
}

func (c *Card) onClose(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.close()
}

// close closes the card, asking first when edited changes would be lost;
// closing a card that merely shows a record keeps any draft offered on it.
func (c *Card) close() {
	if c.st.Dirty() {
		c.ask = &confirmAsk{Text: c.t("card.discard"), Do: func() {
			c.dropDraft()
			c.Host.closeCard()
		}}
		return
	}
	if c.st.Mode == state.Edit {
		c.dropDraft()
	}
	c.Host.closeCard()
}

func (c *Card) onEdit(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.startEdit(ctx)
}

func (c *Card) startEdit(ctx app.Context) {
	c.st.StartEdit()
	c.inputs.reset()
	c.stale, c.formErr = false, false
	ctx.Defer(func(app.Context) { c.focusFirst() })
}

// focusFirst puts the focus in the first input of the visible tab.
func (c *Card) focusFirst() {
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		if !f.System && state.TabOf(c.Catalog, f) == c.tab && c.st.Editable(f) && f.Type != api.FieldList {
			focusByID(inputID(f.Key, f))
			return
		}
	}
}

// onCancel is the Cancel button: a deliberate click drops the changes
// without asking (Escape, easily pressed by mistake, asks).
func (c *Card) onCancel(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	if !c.st.Exists {
		c.close()
		return
	}
	c.cancelEdit(false)
}

// cancelEdit leaves edit mode, asking first when the draft has changes
// and ask is set; the focus goes back to the Edit button.
func (c *Card) cancelEdit(ask bool) {
	drop := func() {
		c.dropDraft()
		c.st.Cancel()
		c.inputs.reset()
		c.formErr = false
		if c.stale {
			c.stale = false
			c.fetch(true)
		}
		if c.ctx != nil {
			c.ctx.Defer(func(app.Context) { focusByID("card-edit") })
		}
	}
	if ask && c.st.Dirty() {
		c.ask = &confirmAsk{Text: c.t("card.cancel_edit"), OK: c.t("card.cancel_ok"), Danger: true, Do: drop}
		return
	}
	drop()
}

func (c *Card) onReload(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.dropDraft()
	c.loading = true
	c.fetch(true)
}

func (c *Card) onSave(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.save()
}

// save sends the draft, whatever the client thinks of it: what it found
// wrong is shown together with the server's answer (state.Card.Save).
func (c *Card) save() {
	if c.busy || c.st.Mode != state.Edit {
		return
	}
	req, _ := c.st.Save()
	c.formErr = false
	c.busy = true
	c.run(api.TypeSave, req, func(rec api.Record) {
		// The reply is the record as saved: the card shows it, no reload.
		// The draft goes first, under the key it was kept by ("new").
		c.dropDraft()
		c.offer = nil
		c.st.Saved(rec)
		c.inputs.reset()
		c.rev++
		c.stale = false
		c.Host.notify("saved", c.t("card.saved"), true)
		if c.ctx != nil {
			c.ctx.Defer(func(app.Context) { refocus("card-title") })
		}
	})
}

func (c *Card) onDelete(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.ask = &confirmAsk{
		Text:   i18n.Tf(c.Lang, "card.confirm_delete", c.title()),
		OK:     c.t("card.delete"),
		Danger: true,
		Do:     func() { c.changeState(api.TypeDelete, "deleted", "card.deleted_toast") },
	}
}

func (c *Card) onRestore(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.changeState(api.TypeRestore, "restored", "card.restored")
}

// changeState deletes or restores the record.
func (c *Card) changeState(typ, code, msg string) {
	if c.busy {
		return
	}
	c.busy = true
	ref := api.RecordRef{Catalog: c.Catalog.Key, ID: c.st.Rec.ID, Version: c.st.Rec.Version}
	c.run(typ, ref, func(rec api.Record) {
		if rec.ID == "" {
			c.fetch(true)
		} else {
			c.st.Load(rec)
			c.rev++
		}
		c.Host.notify(code, c.t(msg), true)
	})
}

// run sends a save, delete or restore through the host (which refreshes the
// list once for it) and hands a success to done; a refusal is shown on the
// card or as a toast.
func (c *Card) run(typ string, req any, done func(api.Record)) {
	c.Host.write(typ, c.st.Rec.ID, req, func(rec api.Record, err error) {
		c.busy = false
		if err != nil {
			c.failed(err)
		} else {
			done(rec)
		}
		c.Update()
	})
}

// cardAsk asks about the open record (see ask): the answer is dropped if
// another record was opened since, whose card must not get it.
func cardAsk[R any](c *Card, typ string, req any, done func(R, error)) {
	seq := c.seq
	ask(c.ctx, c.Link, typ, req, func() bool { return seq == c.seq }, done)
}

func (c *Card) failed(err error) {
	var e *api.Error
	if !errors.As(err, &e) {
		// Offline or timed out: the card stays in edit mode with its
		// draft (kept in the browser too); what the client found shows.
		c.st.Failed(&api.Error{Code: codeOf(err)})
		c.afterRefusal()
		code := codeOf(err)
		c.Host.notify(string(code), i18n.Error(c.Lang, code), false)
		return
	}
	if c.st.Failed(e) {
		switch {
		case e.Code == api.CodeValidation:
			c.afterRefusal()
		case c.st.Conflict != nil && c.st.Mode == state.Edit:
			c.fetchTheirs()
		}
		return
	}
	c.afterRefusal()
	if refs := e.Args["refs"]; refs != "" {
		if en := e.Args["refs_en"]; c.Lang == i18n.EN && en != "" {
			refs = en
		}
		c.Host.notify(string(e.Code), i18n.Tf(c.Lang, "card.refs", refs), false)
		return
	}
	c.Host.notify(string(e.Code), i18n.Error(c.Lang, e.Code), false)
}

// afterRefusal shows the summary of the field errors, if there are any,
// and takes the user to the first.
func (c *Card) afterRefusal() {
	if len(c.st.Errors) == 0 {
		return
	}
	c.formErr = true
	if keys := c.st.ErrorKeys(); len(keys) > 0 {
		c.goToError(keys[0])
	}
}
