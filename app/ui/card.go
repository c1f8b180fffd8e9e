package ui

import (
	"errors"
	"slices"

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
// reload) and keeps the user's input when the server refuses a save.
type Card struct {
	app.Compo

	Lang    string
	Catalog *api.Catalog
	Link    *Link
	Host    cardHost
	Open    cardOpen
	// Changed grows when a push says the open record changed;
	// ChildChanged when one says records of a child catalog did (the
	// tab's grid asks again).
	Changed, ChildChanged int

	ctx         app.Context
	seq         int
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
	c.seq = c.Open.Seq
	c.changedSeen = c.Changed
	c.st = state.NewCard(c.Catalog)
	c.tab = firstTab(c.Catalog)
	c.loading, c.loadErr, c.busy, c.stale, c.formErr, c.ask = false, "", false, false, false, nil
	c.pins, c.history = pinShown{}, cardHistory{}
	c.child = nil
	if c.Open.New {
		c.st.StartNew(c.Open.Values, c.Open.Labels)
		c.needLoad = false
		return
	}
	c.loading = true
	c.needLoad = true
}

func (c *Card) afterSync() {
	c.sync()
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
	if c.Open.New {
		c.ctx.Defer(func(app.Context) { c.focusFirst() })
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
	})
}

func (c *Card) t(key string) string { return i18n.T(c.Lang, key) }

func (c *Card) Render() app.UI {
	c.sync()
	if c.child != nil {
		return &Card{Lang: c.Lang, Catalog: c.child.Catalog, Link: c.Link, Host: tabHost{c}, Open: c.child.Open}
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
	return app.Aside().ID("card").Class("card-panel", "mode-"+mode).
		DataSet("id", st.Rec.ID).
		DataSet("mode", mode).
		DataSet("rev", c.rev).
		Aria("labelledby", "card-title").
		Aria("busy", c.loading || c.busy).
		OnKeyDown(c.onKey).
		Body(
			app.Div().Class("card-head").Body(
				app.Div().Class("card-head-text").Body(
					app.Div().Class("card-kicker").Text(c.Catalog.Label.In(c.Lang)),
					app.H2().ID("card-title").Class("card-heading").Text(title),
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
	var notice, deleted, conflict, stale, formErr app.UI
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
	if st.Conflict != nil {
		conflict = app.Div().ID("card-conflict").Class("alert", "alert-error").Role("alert").Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Span().Class("alert-grow").Text(i18n.Tf(c.Lang, "card.conflict", st.Conflict.By, state.FormatDateTime(st.Conflict.At, c.Lang, nil))),
			app.Button().ID("card-reload").Type("button").Class("btn", "btn-secondary", "btn-sm").
				OnClick(c.onReload).
				Body(icon(pathSync), app.Span().Text(c.t("card.reload"))),
		)
	} else if c.stale && st.Mode == state.Edit {
		stale = app.Div().ID("card-stale").Class("alert", "alert-info").Body(
			app.Span().Class("alert-icon").Body(icon(pathInfo)),
			app.Span().Text(c.t("card.stale")),
		)
	}
	if c.formErr && len(st.Errors) > 0 {
		formErr = app.Div().ID("card-errors").Class("alert", "alert-error").Role("alert").Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Span().Text(c.t("card.fields_error")),
			c.renderStrayErrors(),
		)
	}
	return app.Div().Class("card-scroll").Body(
		notice, deleted, conflict, stale, formErr,
		c.renderTabs(),
		c.renderPanels(),
		c.renderMeta(),
		c.renderHistory(),
	)
}

// renderStrayErrors shows errors for keys that are no field of the card,
// so a code the server sends is never silently lost.
func (c *Card) renderStrayErrors() app.UI {
	var stray []string
	for k := range c.st.Errors {
		if c.fieldOfError(k) == nil {
			stray = append(stray, k)
		}
	}
	if len(stray) == 0 {
		return nil
	}
	slices.Sort(stray)
	return app.Ul().Class("stray-errors").Body(
		app.Range(stray).Slice(func(i int) app.UI {
			k := stray[i]
			code := c.st.Errors[k]
			return app.Li().Class("field-error").DataSet("field", k).DataSet("code", string(code)).
				Text(k + ": " + i18n.FieldError(c.Lang, code))
		}),
	)
}

func (c *Card) fieldOfError(key string) *api.Field {
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		if key == f.Key {
			return f
		}
		if f.Type == api.FieldList && len(key) > len(f.Key) && key[:len(f.Key)+1] == f.Key+"." {
			return f
		}
	}
	return nil
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
		if f := c.fieldOfError(k); f != nil && state.TabOf(c.Catalog, f) == tab {
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

func (c *Card) onKey(ctx app.Context, e app.Event) {
	if e.Get("key").String() != "Escape" || c.ask != nil {
		ctx.PreventUpdate()
		return
	}
	e.Call("stopPropagation")
	rerender(ctx, c)
	c.close()
}

func (c *Card) onClose(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.close()
}

func (c *Card) close() {
	if c.st.Dirty() {
		c.ask = &confirmAsk{Text: c.t("card.discard"), Do: c.Host.closeCard}
		return
	}
	c.Host.closeCard()
}

func (c *Card) onEdit(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.st.StartEdit()
	c.stale, c.formErr = false, false
	ctx.Defer(func(app.Context) { c.focusFirst() })
}

// focusFirst puts the focus in the first input of the visible tab.
func (c *Card) focusFirst() {
	for i := range c.Catalog.Fields {
		f := &c.Catalog.Fields[i]
		if state.TabOf(c.Catalog, f) == c.tab && c.st.Editable(f) && f.Type != api.FieldList {
			focusByID("f-" + f.Key)
			return
		}
	}
}

func (c *Card) onCancel(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	if !c.st.Exists {
		c.close()
		return
	}
	c.st.Cancel()
	c.formErr = false
	if c.stale {
		c.stale = false
		c.fetch(true)
	}
}

func (c *Card) onReload(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.loading = true
	c.fetch(true)
}

func (c *Card) onSave(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.save()
}

func (c *Card) save() {
	if c.busy {
		return
	}
	req, ok := c.st.Save()
	if !ok {
		c.formErr = true
		c.showErrorTab()
		return
	}
	c.formErr = false
	c.busy = true
	c.run(api.TypeSave, req, func(rec api.Record) {
		// The reply is the record as saved: the card shows it, no reload.
		c.st.Saved(rec)
		c.rev++
		c.stale = false
		c.Host.notify("saved", c.t("card.saved"), true)
	})
}

func (c *Card) showErrorTab() {
	if tab, ok := c.st.FirstErrorTab(); ok && tab != "" {
		c.tab = tab
	}
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
		code := codeOf(err)
		c.Host.notify(string(code), i18n.Error(c.Lang, code), false)
		return
	}
	if c.st.Failed(e) {
		if e.Code == api.CodeValidation {
			c.formErr = true
			c.showErrorTab()
		}
		return
	}
	if refs := e.Args["refs"]; refs != "" {
		if en := e.Args["refs_en"]; c.Lang == i18n.EN && en != "" {
			refs = en
		}
		c.Host.notify(string(e.Code), i18n.Tf(c.Lang, "card.refs", refs), false)
		return
	}
	c.Host.notify(string(e.Code), i18n.Error(c.Lang, e.Code), false)
}
