package ui

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// The user card's tabs.
const (
	userTabProfile  = ""
	userTabSessions = "sessions"
	userTabRights   = "rights"
)

// userHost is what an AdminUserCard asks of the screen that holds it.
type userHost interface {
	closeUser()
	// userWritten: a save or an action was answered with u (created: a
	// new user's first save); the screen refreshes its list.
	userWritten(u api.AdminUser, created bool)
	// setTab names the card's tab in the address.
	setTab(tab string)
	notify(code, text string, ok bool)
	// showLink shows a set-password link the server could not mail, once
	// (LinkDialog); reason says why it was not mailed. The screen shows
	// it, not the card: a dialog inside the card would cover only the card.
	showLink(l api.LinkSent, reason string)
}

// AdminUserCard (#user-card) is one user's card, laid out like a
// catalog's: a side panel (full screen on phones) with the user read only,
// Edit turning the fields into inputs and Save sending them with the
// version they were based on. Beside the profile it has the user's live
// sessions (ended one by one or all at once) and effective rights; the
// actions (deactivate or reactivate, unlock, sign out everywhere, send a
// set-password link) sit under its title, the dangerous ones behind a
// confirmation. A new user is created without a password: the reply says
// how the set-password link went out (mailed, or shown once here).
//
// Data attributes: #user-card[data-rev] counts the users the card has
// shown from the server (a load, the reply of a save or an action),
// [data-login], [data-mode] view|edit; #user-sessions[data-rev] and
// #user-rights[data-rev] count their replies.
type AdminUserCard struct {
	app.Compo

	Lang string
	Link *Link
	Host userHost
	// Login is the user shown; New: a user not saved yet. Seq changes
	// whenever the screen (re)opens a card; Focus: opened from the
	// keyboard, the focus moves in.
	Login string
	New   bool
	Seq   int
	Focus bool
	// Tab is the tab the address names.
	Tab        string
	Roles      api.Roles
	RolesKnown bool
	// Changed grows when what the card shows may have changed (a push, a
	// reconnect): it asks again unless the user is editing.
	Changed int
	// Self is the signed-in login.
	Self string
	// Now is the clock (a lock's end); nil: time.Now.
	Now func() time.Time

	ctx         app.Context
	started     bool
	seq         int
	focusSeq    int
	changedSeen int
	tabSeen     string
	tab         string
	needLoad    bool

	user    api.AdminUser
	known   bool
	loading bool
	loadErr api.Code
	rev     int

	edit   bool
	form   state.UserForm
	inputs inputValues
	busy   bool
	// banner is a refusal that is not about one field (a stale save, the
	// last administrator); mailErr why a link's mail failed.
	banner  *api.Error
	mailErr string
	ask     *confirmAsk

	sess      api.Sessions
	sessKnown bool
	sessAsked bool
	sessErr   api.Code
	sessRev   int

	eff      api.EffectiveRights
	effKnown bool
	effAsked bool
	effErr   api.Code
	effRev   int
}

func (c *AdminUserCard) OnMount(ctx app.Context) { c.OnUpdate(ctx) }

func (c *AdminUserCard) OnUpdate(ctx app.Context) {
	c.ctx = ctx
	c.afterSync()
}

func (c *AdminUserCard) clock() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *AdminUserCard) t(key string) string { return i18n.T(c.Lang, key) }

// sync starts over when the screen opens another card; it runs at the top
// of Render (go-app renders an updated component before its OnUpdate),
// the I/O waits for afterSync.
func (c *AdminUserCard) sync() {
	if c.started && c.seq == c.Seq {
		if c.Tab != c.tabSeen {
			c.tabSeen, c.tab = c.Tab, c.Tab
		}
		return
	}
	c.started, c.seq = true, c.Seq
	c.changedSeen, c.tabSeen, c.tab = c.Changed, c.Tab, c.Tab
	c.user, c.known, c.loadErr, c.busy, c.banner, c.mailErr, c.ask = api.AdminUser{}, false, "", false, nil, "", nil
	c.sess, c.sessKnown, c.sessAsked, c.sessErr = api.Sessions{}, false, false, ""
	c.eff, c.effKnown, c.effAsked, c.effErr = api.EffectiveRights{}, false, false, ""
	c.inputs.reset()
	if c.New {
		c.form, c.edit, c.loading, c.needLoad = state.NewUserForm(), true, false, false
		c.tab = userTabProfile
		return
	}
	c.form, c.edit, c.loading, c.needLoad = state.UserForm{}, false, true, true
}

func (c *AdminUserCard) afterSync() {
	c.sync()
	if c.focusSeq != c.seq && (c.Focus || c.New) {
		c.focusSeq = c.seq
		id := "user-card-title"
		if c.New {
			id = "user-f-login"
		}
		c.ctx.Defer(func(app.Context) { focusByID(id) })
	}
	if c.needLoad {
		c.needLoad = false
		c.fetch()
	}
	if c.Changed != c.changedSeen {
		c.changedSeen = c.Changed
		if c.known && !c.edit {
			c.fetch()
		}
		c.sessAsked, c.effAsked = false, false
	}
	c.fetchTab()
}

// login is the user the card's requests are about.
func (c *AdminUserCard) login() string {
	if c.user.Login != "" {
		return c.user.Login
	}
	return c.Login
}

// userAsk asks about the card's user (see ask): the answer is dropped if
// another card was opened since.
func userAsk[R any](c *AdminUserCard, typ string, req any, done func(R, error)) {
	if c.ctx == nil || c.Link == nil {
		return
	}
	seq := c.seq
	ask(c.ctx, c.Link, typ, req, func() bool { return seq == c.seq }, done)
}

func (c *AdminUserCard) fetch() {
	if c.login() == "" {
		return
	}
	userAsk(c, api.TypeUserGet, api.UserRef{Login: c.login()}, func(u api.AdminUser, err error) {
		c.loading = false
		if err != nil {
			if !c.known {
				c.loadErr = codeOf(err)
			}
			c.Host.notify(string(codeOf(err)), i18n.Error(c.Lang, codeOf(err)), false)
			return
		}
		c.user, c.known, c.loadErr = u, true, ""
		c.rev++
		c.fetchTab()
	})
}

// fetchTab asks for what the open tab shows, once per open (and again
// after a change).
func (c *AdminUserCard) fetchTab() {
	if !c.known {
		return
	}
	switch {
	case c.tab == userTabSessions && !c.sessAsked:
		c.sessAsked = true
		c.fetchSessions()
	case c.tab == userTabRights && !c.effAsked:
		c.effAsked = true
		c.fetchEffective()
	}
}

func (c *AdminUserCard) fetchSessions() {
	userAsk(c, api.TypeSessions, api.SessionsRequest{Login: c.login()}, func(s api.Sessions, err error) {
		c.sessRev++
		if err != nil {
			c.sessErr = codeOf(err)
			return
		}
		c.sess, c.sessKnown, c.sessErr = s, true, ""
	})
}

func (c *AdminUserCard) fetchEffective() {
	userAsk(c, api.TypeEffective, api.UserRef{Login: c.login()}, func(r api.EffectiveRights, err error) {
		c.effRev++
		if err != nil {
			c.effErr = codeOf(err)
			return
		}
		c.eff, c.effKnown, c.effErr = r, true, ""
	})
}

// ---- editing and saving

func (c *AdminUserCard) startEdit() {
	if !c.known || c.edit {
		return
	}
	c.form = state.EditUserForm(c.user)
	c.edit, c.banner = true, nil
	c.inputs.reset()
	c.setTab(userTabProfile)
	c.ctx.Defer(func(app.Context) { focusByID("user-f-name") })
}

func (c *AdminUserCard) cancelEdit() {
	if !c.known {
		c.Host.closeUser()
		return
	}
	c.edit, c.form, c.banner = false, state.UserForm{}, nil
	c.inputs.reset()
	c.ctx.Defer(func(app.Context) { focusByID("user-edit") })
}

// save sends the draft unless the client already sees a required field
// empty; the server checks everything again.
func (c *AdminUserCard) save() {
	if c.busy || !c.edit {
		return
	}
	if errs := c.form.Check(); len(errs) > 0 {
		c.form.Errors = errs
		c.goToError()
		return
	}
	req := c.form.Request()
	created := req.New
	c.busy, c.banner, c.mailErr = true, nil, ""
	userAsk(c, api.TypeUserSave, req, func(r api.UserSaved, err error) {
		c.busy = false
		if err != nil {
			c.refused(err)
			return
		}
		c.user, c.known, c.loading = r.User, true, false
		c.edit, c.form = false, state.UserForm{}
		c.inputs.reset()
		c.rev++
		c.effAsked, c.sessAsked = false, false
		c.Host.userWritten(r.User, created)
		if !c.linkSent(r.Link) {
			c.Host.notify("saved", c.t("card.saved"), true)
		}
		c.ctx.Defer(func(app.Context) { refocus("user-card-title") })
	})
}

// refused shows why the server refused a save or an action: the fields'
// faults next to them, anything else as the card's banner; offline or a
// timeout as a toast (the draft stays).
func (c *AdminUserCard) refused(err error) {
	var e *api.Error
	if !errors.As(err, &e) {
		code := codeOf(err)
		c.Host.notify(string(code), i18n.Error(c.Lang, code), false)
		return
	}
	if e.Code == api.CodeValidation && len(e.Fields) > 0 && c.edit {
		c.form.Refused(e)
		c.goToError()
		return
	}
	c.banner = e
}

// goToError takes the user to the first field with a fault.
func (c *AdminUserCard) goToError() {
	if k := state.FirstError(c.form.Errors, state.UserFields); k != "" && c.ctx != nil {
		c.ctx.Defer(func(app.Context) { focusInView(userInputID(k, c.Roles.Roles)) })
	}
}

// userInputID is the control of a field, where an error takes the focus.
func userInputID(field string, roles []api.Role) string {
	switch field {
	case "roles":
		if len(roles) > 0 {
			return "user-role-" + roles[0].Key
		}
		return "user-roles"
	case "syncPoints":
		return "user-sync"
	}
	return "user-f-" + field // "user-name" is the header's
}

// linkSent tells how a set-password link went out; false when there was
// none.
func (c *AdminUserCard) linkSent(l *api.LinkSent) bool {
	switch {
	case l == nil:
		return false
	case l.MailError != "":
		c.mailErr = l.MailError
	case l.Mailed:
		c.Host.notify("link_sent", i18n.Tf(c.Lang, "admin.link.mailed", l.To), true)
	case l.URL != "":
		reason := "admin.link.no_mail"
		if c.user.Email == "" {
			reason = "admin.link.no_email"
		}
		c.Host.showLink(*l, c.t(reason))
	default:
		return false
	}
	return true
}

// ---- actions

// act runs one of the user actions, asking first when confirm is set.
func (c *AdminUserCard) act(action string) {
	name := c.user.Name
	if name == "" {
		name = c.user.Login
	}
	do := func() { c.runAction(action) }
	switch action {
	case api.ActionDeactivate:
		text := i18n.Tf(c.Lang, "admin.confirm.deactivate", name)
		if c.user.Login == c.Self {
			text += " " + c.t("admin.confirm.self")
		}
		c.ask = &confirmAsk{Text: text, OK: c.t("admin.action.deactivate"), Danger: true, Do: do}
	case api.ActionSignOut:
		text := i18n.Tf(c.Lang, "admin.confirm.sign_out", name)
		if c.user.Login == c.Self {
			text += " " + c.t("admin.confirm.self")
		}
		c.ask = &confirmAsk{Text: text, OK: c.t("admin.action.sign_out_ok"), Danger: true, Do: do}
	case api.ActionResetPassword:
		c.ask = &confirmAsk{Text: i18n.Tf(c.Lang, "admin.confirm.reset", name), OK: c.t("admin.action.reset_ok"), Do: do}
	default:
		do()
	}
}

func (c *AdminUserCard) runAction(action string) {
	if c.busy || !c.known {
		return
	}
	c.busy, c.banner, c.mailErr = true, nil, ""
	userAsk(c, api.TypeUserAction, api.UserAction{Login: c.user.Login, Action: action}, func(r api.UserSaved, err error) {
		c.busy = false
		if err != nil {
			c.refused(err)
			return
		}
		c.user = r.User
		c.rev++
		c.sessAsked, c.effAsked = false, false
		c.Host.userWritten(r.User, false)
		switch action {
		case api.ActionResetPassword:
			c.linkSent(r.Link)
		case api.ActionDeactivate, api.ActionSignOut:
			text := c.t("admin.done." + action)
			if r.Ended > 0 {
				text += " " + i18n.Plural(c.Lang, "admin.sessions.ended", r.Ended)
			}
			c.Host.notify(action, text, true)
		default:
			c.Host.notify(action, c.t("admin.done."+action), true)
		}
		// The button pressed may have gone (Deactivate became
		// Reactivate): the keyboard stays in the card.
		c.ctx.Defer(func(app.Context) { refocus("user-card-title") })
	})
}

func (c *AdminUserCard) endSession(id string) {
	if c.busy {
		return
	}
	before := len(c.sess.Sessions)
	c.busy = true
	req := api.SessionEnd{Login: c.login(), ID: id, Others: id == ""}
	userAsk(c, api.TypeSessionEnd, req, func(s api.Sessions, err error) {
		c.busy = false
		c.sessRev++
		if err != nil {
			c.refused(err)
			return
		}
		c.sess, c.sessKnown = s, true
		ended := max(before-len(s.Sessions), 0)
		c.user.Sessions = len(s.Sessions)
		c.Host.userWritten(c.user, false)
		c.Host.notify("sessions_ended", i18n.Plural(c.Lang, "admin.sessions.ended", ended), true)
		c.ctx.Defer(func(app.Context) { refocus("user-card-title") })
	})
}

func (c *AdminUserCard) setTab(tab string) {
	if c.tab == tab {
		return
	}
	c.tab = tab
	c.Host.setTab(tab)
	c.fetchTab()
}

// close closes the card, asking first when edited changes would be lost.
func (c *AdminUserCard) close() {
	if c.edit && c.form.Dirty() {
		c.ask = &confirmAsk{Text: c.t("card.discard"), Do: c.Host.closeUser}
		return
	}
	c.Host.closeUser()
}

// ---- events

func (c *AdminUserCard) onKey(ctx app.Context, e app.Event) {
	if c.ask != nil || handled(e) {
		ctx.PreventUpdate()
		return
	}
	key := e.Get("key").String()
	ctrl := e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool()
	switch {
	case key == "Enter" && ctrl && c.edit:
		e.PreventDefault()
		rerender(ctx, c)
		c.save()
	case key == "F2" && !c.edit && c.known:
		e.PreventDefault()
		rerender(ctx, c)
		c.startEdit()
	case key == "Escape":
		e.Call("stopPropagation")
		rerender(ctx, c)
		if c.edit && c.known && !c.form.Dirty() {
			c.cancelEdit()
			return
		}
		c.close()
	default:
		ctx.PreventUpdate()
	}
}

func (c *AdminUserCard) onClose(ctx app.Context, e app.Event) { rerender(ctx, c); c.close() }
func (c *AdminUserCard) onEdit(ctx app.Context, e app.Event)  { rerender(ctx, c); c.startEdit() }
func (c *AdminUserCard) onSave(ctx app.Context, e app.Event)  { rerender(ctx, c); c.save() }
func (c *AdminUserCard) onCancel(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.cancelEdit()
}

func (c *AdminUserCard) onReload(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	c.banner, c.edit, c.form = nil, false, state.UserForm{}
	c.inputs.reset()
	c.fetch()
}

func (c *AdminUserCard) onTabKey(ctx app.Context, e app.Event) {
	tabs := c.tabs()
	cur := 0
	for i, t := range tabs {
		if t == c.tab {
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
	c.setTab(tabs[cur])
	ctx.Defer(func(app.Context) { focusByID(userTabID(c.tab)) })
}

// ---- rendering

func (c *AdminUserCard) tabs() []string {
	if !c.known {
		return []string{userTabProfile}
	}
	return []string{userTabProfile, userTabSessions, userTabRights}
}

func userTabID(tab string) string {
	if tab == "" {
		tab = "profile"
	}
	return "user-tab-" + tab
}

func userPanelID(tab string) string {
	if tab == "" {
		tab = "profile"
	}
	return "user-panel-" + tab
}

func (c *AdminUserCard) Render() app.UI {
	c.sync()
	mode := "view"
	if c.edit {
		mode = "edit"
	}
	title := c.t("admin.user.new")
	switch {
	case c.known && c.user.Name != "":
		title = c.user.Name
	case c.known:
		title = c.user.Login
	case c.loading:
		title = c.t("card.loading")
	}
	var sub, status app.UI
	if c.known {
		sub = app.Div().Class("card-sub").Text(c.user.Login)
		status = statusChip(c.Lang, c.user, c.clock())
	}
	card := app.Aside().ID("user-card").Class("card-panel", "user-card", "mode-"+mode).
		DataSet("login", c.user.Login).
		DataSet("mode", mode).
		DataSet("rev", c.rev).
		Aria("labelledby", "user-card-title").
		Aria("busy", c.loading || c.busy).
		Aria("keyshortcuts", "F2 Control+Enter Escape").
		OnKeyDown(c.onKey).
		Body(
			app.Div().Class("card-head").Body(
				app.Div().Class("card-head-text").Body(
					app.Div().Class("card-kicker").Text(c.t("admin.user.kicker")),
					app.H2().ID("user-card-title").Class("card-heading").TabIndex(-1).Title(c.t("card.keys")).Text(title),
					sub,
				),
				status,
				app.Button().ID("user-card-close").Type("button").Class("icon-btn", "card-close").
					Aria("label", c.t("card.close")).Title(c.t("card.close")).
					OnClick(c.onClose).
					Body(icon(pathClose)),
			),
			c.renderBody(),
			c.renderFoot(),
			c.renderDialogs(),
		)
	if w := c.inputs.pending(); w != nil && c.ctx != nil {
		c.ctx.Defer(func(app.Context) { setInputValues(w) })
	}
	return card
}

func (c *AdminUserCard) renderDialogs() app.UI {
	if c.ask == nil {
		return nil
	}
	return c.ask.dialog(c.Lang, func() { c.ask = nil; c.Update() })
}

func (c *AdminUserCard) renderBody() app.UI {
	if c.loading && !c.known {
		return app.Div().Class("card-scroll").Body(
			app.Div().Class("skeleton"), app.Div().Class("skeleton", "skeleton-short"), app.Div().Class("skeleton"),
		)
	}
	if c.loadErr != "" {
		return app.Div().Class("card-scroll").Body(
			app.Div().ID("user-card-error").Class("alert", "alert-error").DataSet("code", string(c.loadErr)).Body(
				app.Span().Class("alert-icon").Body(icon(pathAlert)),
				app.Span().Text(i18n.Error(c.Lang, c.loadErr)),
			),
		)
	}
	tab := c.tab
	if !c.known {
		tab = userTabProfile
	}
	// The alerts sit in one container that is always there, so the inputs
	// after it keep their place in the tree (go-app diffs by position).
	return app.Div().ID("user-card-scroll").Class("card-scroll").Body(
		app.Div().Class("card-alerts").Body(c.renderAlerts()...),
		c.renderActions(),
		c.renderTabs(tab),
		app.Div().ID(userPanelID(userTabProfile)).Class("card-fields").
			Role("tabpanel").Aria("labelledby", userTabID(userTabProfile)).
			Hidden(tab != userTabProfile).
			Body(c.renderProfile()...),
		app.If(c.known, app.Div().ID(userPanelID(userTabSessions)).Class("user-panel").
			Role("tabpanel").Aria("labelledby", userTabID(userTabSessions)).
			Hidden(tab != userTabSessions).
			Body(c.renderSessions())),
		app.If(c.known, app.Div().ID(userPanelID(userTabRights)).Class("user-panel").
			Role("tabpanel").Aria("labelledby", userTabID(userTabRights)).
			Hidden(tab != userTabRights).
			Body(&EffectiveRightsView{Lang: c.Lang, Rights: c.eff, Known: c.effKnown, Err: c.effErr, Rev: c.effRev, Roles: c.Roles.Roles})),
	)
}

func (c *AdminUserCard) renderAlerts() []app.UI {
	var out []app.UI
	if c.mailErr != "" {
		out = append(out, app.Div().ID("user-mail-error").Class("alert", "alert-error").Role("alert").Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Span().Class("alert-grow").Text(i18n.Tf(c.Lang, "admin.link.mail_failed", c.mailErr)),
		))
	}
	if e := c.banner; e != nil {
		var reload app.UI
		text := i18n.Error(c.Lang, e.Code)
		switch e.Code {
		case api.CodeConflict:
			text = c.t("admin.user.conflict")
			reload = app.Button().ID("user-card-reload").Type("button").Class("btn", "btn-secondary", "btn-sm").
				OnClick(c.onReload).Text(c.t("admin.reload"))
		case api.CodeValidation:
			text = c.t("error.validation")
		}
		out = append(out, app.Div().ID("user-card-banner").Class("alert", "alert-error").Role("alert").
			DataSet("code", string(e.Code)).Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Span().Class("alert-grow").Text(text),
			reload,
		))
	}
	if c.known && !c.edit && !c.user.HasPassword {
		out = append(out, app.Div().ID("user-no-password").Class("alert", "alert-info").Body(
			app.Span().Class("alert-icon").Body(icon(pathMail)),
			app.Span().Text(c.t("admin.user.no_password_note")),
		))
	}
	return out
}

// renderActions is the toolbar of the user's actions, in view mode.
func (c *AdminUserCard) renderActions() app.UI {
	if !c.known || c.edit {
		return nil
	}
	u := c.user
	btn := func(id, action, label, path string, danger bool) app.UI {
		cls := []string{"btn", "btn-secondary", "btn-sm"}
		if danger {
			cls = []string{"btn", "btn-danger-ghost", "btn-sm"}
		}
		return app.Button().ID(id).Type("button").Class(cls...).
			Disabled(c.busy).
			DataSet("action", action).
			OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.act(action) }, action).
			Body(icon(path), app.Span().Text(label))
	}
	var status app.UI
	if u.Status == api.UserDeactivated {
		status = btn("user-reactivate", api.ActionReactivate, c.t("admin.action.reactivate"), pathRestore, false)
	} else {
		status = btn("user-deactivate", api.ActionDeactivate, c.t("admin.action.deactivate"), pathClose, true)
	}
	return app.Div().ID("user-actions").Class("user-actions").Role("toolbar").Aria("label", c.t("admin.user.actions")).Body(
		app.If(state.Locked(u, c.clock()), btn("user-unlock", api.ActionUnlock, c.t("admin.action.unlock"), pathLock, false)),
		btn("user-reset", api.ActionResetPassword, c.t("admin.action.reset"), pathKey, false),
		btn("user-sign-out", api.ActionSignOut, c.t("admin.action.sign_out"), pathLogout, false),
		status,
	)
}

func (c *AdminUserCard) renderTabs(current string) app.UI {
	tabs := c.tabs()
	if len(tabs) < 2 {
		return nil
	}
	return app.Div().Class("card-tabs").Role("tablist").Aria("label", c.t("card.tabs")).Body(
		app.Range(tabs).Slice(func(i int) app.UI {
			tab := tabs[i]
			on := tab == current
			cls := []string{"card-tab"}
			if on {
				cls = append(cls, "on")
			}
			if tab == userTabProfile && len(c.form.Errors) > 0 {
				cls = append(cls, "has-error")
			}
			label := c.t("admin.user.tab." + userTabName(tab))
			var count app.UI
			if tab == userTabSessions {
				count = app.Span().Class("count", "tab-count").Text(strconv.Itoa(c.user.Sessions))
			}
			tabIndex := -1
			if on {
				tabIndex = 0
			}
			return app.Button().Type("button").ID(userTabID(tab)).Class(cls...).
				Role("tab").
				DataSet("tab", userTabName(tab)).
				Aria("selected", on).
				Aria("controls", userPanelID(tab)).
				TabIndex(tabIndex).
				OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.setTab(tab) }, tab).
				OnKeyDown(c.onTabKey).
				Body(app.Text(label), count)
		}),
	)
}

func userTabName(tab string) string {
	if tab == "" {
		return "profile"
	}
	return tab
}

// ---- the profile

func (c *AdminUserCard) renderProfile() []app.UI {
	if c.edit {
		return c.renderEditor()
	}
	u := c.user
	now := c.clock()
	text := func(s string) app.UI {
		if s == "" {
			return app.Div().Class("card-value", "empty").Text(c.t("card.none"))
		}
		return app.Div().Class("card-value").Text(s)
	}
	moment := func(t *time.Time, none string) app.UI {
		if t == nil || t.IsZero() {
			return app.Div().Class("card-value", "empty").Text(c.t(none))
		}
		return app.Div().Class("card-value").Text(state.FormatMoment(*t, c.Lang, nil))
	}
	password := app.Div().Class("card-value").Text(c.t("admin.user.password_set"))
	if !u.HasPassword {
		password = app.Div().Class("card-value", "warn-text").Text(c.t("admin.user.password_pending"))
	}
	created := u.Created
	var locked app.UI
	if state.Locked(u, now) {
		locked = viewField("lockedUntil", c.t("admin.user.locked_until"), true,
			app.Div().Class("card-value", "danger-text").Text(state.FormatMoment(*u.LockedUntil, c.Lang, nil)))
	}
	return []app.UI{
		viewField("login", c.t("admin.user.login"), true, text(u.Login)),
		viewField("status", c.t("admin.user.status"), true, app.Div().Class("card-value").Body(statusChip(c.Lang, u, now))),
		viewField("name", c.t("admin.user.name"), false, text(u.Name)),
		viewField("email", c.t("admin.user.email"), true, text(u.Email)),
		viewField("phone", c.t("admin.user.phone"), true, text(u.Phone)),
		viewField("roles", c.t("admin.user.roles"), false, app.Div().Class("card-value").Body(roleChips(c.Lang, c.Roles.Roles, u.Roles))),
		viewField("syncPoints", c.t("admin.user.sync_points"), false, c.renderScope(u.Roles, u.SyncPoints)),
		viewField("created", c.t("admin.user.created"), true, moment(&created, "card.none")),
		viewField("lastSignIn", c.t("admin.user.last_sign_in"), true, moment(u.LastSignIn, "admin.user.never")),
		locked,
		viewField("password", c.t("admin.user.password"), true, password),
	}
}

// viewField is one read-only field of a card.
func viewField(key, label string, half bool, value app.UI) app.UI {
	width := "field-wide"
	if half {
		width = "field-half"
	}
	return app.Div().Class("card-field", "field-view", width).DataSet("field", key).Body(
		app.Div().Class("card-label").Text(label),
		value,
	)
}

// renderScope shows the sync points, and says so when a role lifts them.
func (c *AdminUserCard) renderScope(roles []string, points []api.Ref) app.UI {
	lifted := state.ScopeLifted(c.Roles.Roles, roles)
	var note app.UI
	if len(lifted) > 0 {
		note = app.P().ID("user-scope-all").Class("field-hint", "scope-note").Text(i18n.Tf(c.Lang, "admin.scope.lifted", c.roleNames(lifted)))
	}
	var list app.UI = app.Div().Class("card-value", "empty").Text(c.t("admin.scope.none"))
	if len(points) > 0 {
		list = app.Ul().Class("chip-list", "card-value").Body(
			app.Range(points).Slice(func(i int) app.UI {
				return app.Li().Class("ref-chip").DataSet("id", points[i].ID).Text(refLine(points[i]))
			}),
		)
	}
	return app.Div().Body(list, note)
}

// refLine is a sync point as "name · code".
func refLine(r api.Ref) string {
	return state.FormatRef(syncPointName(r), api.RefInfo{Code: r.Code}).String()
}

func (c *AdminUserCard) roleNames(keys []string) string {
	return roleNames(c.Lang, c.Roles.Roles, keys)
}

// roleNames lists roles by name, each in the language's quotes.
func roleNames(lang string, roles []api.Role, keys []string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = quoted(lang, state.RoleLabel(roles, k, lang))
	}
	return strings.Join(names, ", ")
}

// quoted puts s in the quotes of lang: «…» in Russian, “…” in English.
func quoted(lang, s string) string {
	if lang == i18n.EN {
		return "“" + s + "”"
	}
	return "«" + s + "»"
}

// ---- the editor

func (c *AdminUserCard) renderEditor() []app.UI {
	f := &c.form
	var login app.UI
	if f.New {
		login = c.textField("login", "user-f-login", "text", c.t("admin.user.login"), f.Draft.Login, true, c.t("admin.user.login_hint"), state.MaxLoginLen, "off")
	} else {
		login = viewField("login", c.t("admin.user.login"), true, app.Div().Class("card-value").Text(f.Draft.Login))
	}
	return []app.UI{
		login,
		c.textField("name", "user-f-name", "text", c.t("admin.user.name"), f.Draft.Name, true, "", 200, "off"),
		c.textField("email", "user-f-email", "email", c.t("admin.user.email"), f.Draft.Email, false, c.t("admin.user.email_hint"), 254, "off"),
		c.textField("phone", "user-f-phone", "tel", c.t("admin.user.phone"), f.Draft.Phone, false, "", 40, "off"),
		c.renderRoleChecks(),
		c.renderSyncEditor(),
	}
}

func (c *AdminUserCard) describedBy(field string, hint bool) string {
	s := ""
	if hint {
		s = "hint-user-" + field
	}
	if _, bad := c.form.Errors[field]; bad {
		if s != "" {
			s += " "
		}
		s += "err-user-" + field
	}
	return s
}

// textField is an input of the draft. It renders the value it was shown
// with while the draft holds what the user typed (inputValues), so a
// render in the middle of typing never writes over the keys.
func (c *AdminUserCard) textField(field, id, typ, label, value string, required bool, hint string, maxLen int, auto string) app.UI {
	_, bad := c.form.Errors[field]
	cls := []string{"card-field", "field-edit", "field-wide"}
	if field == "email" || field == "phone" {
		cls[2] = "field-half"
	}
	if bad {
		cls = append(cls, "invalid")
	}
	in := app.Input().ID(id).Type(typ).Class("input").
		Value(c.inputs.value(id, value)).
		Required(required).
		MaxLength(maxLen).
		Attr("autocomplete", auto).
		OnInput(func(ctx app.Context, e app.Event) {
			ctx.PreventUpdate()
			_, had := c.form.Errors[field]
			typed := ctx.JSSrc().Get("value").String()
			c.inputs.typedInto(id, typed)
			c.form.Set(field, typed)
			if had {
				c.Update()
			}
		}, field)
	if field == "login" {
		in = in.Attr("autocapitalize", "none").Attr("spellcheck", "false")
	}
	if bad {
		in = in.Aria("invalid", true)
	}
	if d := c.describedBy(field, hint != ""); d != "" {
		in = in.Aria("describedby", d)
	}
	var hintUI app.UI
	if hint != "" {
		hintUI = app.P().ID("hint-user-" + field).Class("field-hint").Text(hint)
	}
	return app.Div().Class(cls...).DataSet("field", field).Body(
		app.Label().For(id).Class("card-label").Body(app.Text(label), app.If(required, c.reqMark())),
		in,
		hintUI,
		c.fieldError(field),
	)
}

func (c *AdminUserCard) reqMark() app.UI {
	return app.Span().Class("req").Title(c.t("card.required")).Text("*")
}

// fieldError is the message under a field; always there (hidden while
// the field is fine) so an error coming or going shifts nothing.
func (c *AdminUserCard) fieldError(field string) app.UI {
	code, bad := c.form.Errors[field]
	p := app.P().ID("err-user-"+field).Class("field-error").
		DataSet("field", field).
		DataSet("code", string(code)).
		Hidden(!bad)
	if !bad {
		return p.Body(icon(pathAlert), app.Span())
	}
	return p.Body(icon(pathAlert), app.Span().Text(adminFieldError(c.Lang, field, code, c.form.Args[field])))
}

// adminFieldError is the message of a field's fault on an administration
// form: a sharper one for the field when there is one
// ("admin.err.<field>.<code>"), else the field code's own.
func adminFieldError(lang, field string, code api.Code, arg string) string {
	if key := "admin.err." + field + "." + string(code); i18n.Has(key) {
		return i18n.T(lang, key)
	}
	return i18n.FieldErrorWith(lang, code, arg)
}

func (c *AdminUserCard) renderRoleChecks() app.UI {
	roles := c.Roles.Roles
	_, bad := c.form.Errors["roles"]
	cls := []string{"card-field", "field-edit", "field-wide", "role-checks"}
	if bad {
		cls = append(cls, "invalid")
	}
	var list app.UI
	if !c.RolesKnown {
		list = app.Div().Class("skeleton", "skeleton-short")
	} else {
		list = app.Ul().Class("check-list").Body(
			app.Range(roles).Slice(func(i int) app.UI {
				r := roles[i]
				key := r.Key
				id := "user-role-" + key
				in := app.Input().ID(id).Type("checkbox").Class("check-input").
					Checked(slices.Contains(c.form.Draft.Roles, key)).
					DataSet("role", key).
					OnChange(func(ctx app.Context, e app.Event) {
						rerender(ctx, c)
						c.form.SetRole(key, ctx.JSSrc().Get("checked").Bool(), c.Roles.Roles)
					}, key)
				if bad {
					in = in.Aria("invalid", true).Aria("describedby", "err-user-roles")
				}
				return app.Li().Body(
					app.Label().Class("check").Body(
						in,
						app.Span().Class("check-label").Body(
							app.Text(r.Label.In(c.Lang)),
							app.If(r.BuiltIn, app.Span().Class("tag", "tag-builtin").Text(c.t("admin.role.builtin_tag"))),
							app.If(r.AllSyncPoints, app.Span().Class("check-hint").Text(c.t("admin.scope.all_short"))),
						),
					),
				)
			}),
		)
	}
	return app.FieldSet().ID("user-roles").Class(cls...).DataSet("field", "roles").Body(
		app.Legend().Class("card-label").Body(app.Text(c.t("admin.user.roles")), c.reqMark()),
		list,
		c.fieldError("roles"),
	)
}

func (c *AdminUserCard) renderSyncEditor() app.UI {
	points := c.form.Draft.SyncPoints
	_, bad := c.form.Errors["syncPoints"]
	cls := []string{"card-field", "field-edit", "field-wide"}
	if bad {
		cls = append(cls, "invalid")
	}
	lifted := state.ScopeLifted(c.Roles.Roles, c.form.Draft.Roles)
	var note app.UI
	if len(lifted) > 0 {
		note = app.P().ID("user-scope-all").Class("field-hint", "scope-note").Text(i18n.Tf(c.Lang, "admin.scope.lifted", c.roleNames(lifted)))
	}
	desc := "hint-user-syncPoints"
	if bad {
		desc += " err-user-syncPoints"
	}
	return app.Div().Class(cls...).DataSet("field", "syncPoints").Body(
		app.Label().For("user-sync").Class("card-label").Text(c.t("admin.user.sync_points")),
		app.Ul().ID("user-sync-chips").Class("chip-list", "sync-chips").Hidden(len(points) == 0).Body(
			app.Range(points).Slice(func(i int) app.UI {
				r := points[i]
				id := r.ID
				line := refLine(r)
				return app.Li().Class("filter-chip").DataSet("id", id).Body(
					app.Span().Class("chip-text").Title(line).Text(line),
					app.Button().Type("button").Class("chip-remove").
						Aria("label", i18n.Tf(c.Lang, "admin.user.sync_remove", line)).
						Title(i18n.Tf(c.Lang, "admin.user.sync_remove", line)).
						OnClick(func(ctx app.Context, e app.Event) {
							rerender(ctx, c)
							c.form.RemoveSyncPoint(id)
							ctx.Defer(func(app.Context) { focusByID("user-sync") })
						}, id).
						Body(icon(pathClose)),
				)
			}),
		),
		&RefPicker{
			ID: "user-sync", Lang: c.Lang, Catalog: "distributors", Link: c.Link,
			Invalid: bad, DescribedBy: desc,
			OnPick: func(r state.Ref) {
				if r.ID != "" {
					c.form.AddSyncPoint(api.Ref{ID: r.ID, Label: r.Label})
				}
				// The picker shows what was picked; the chips have it now.
				c.ctx.Defer(func(app.Context) { setInputValues(map[string]string{"user-sync": ""}) })
				c.Update()
			},
		},
		app.P().ID("hint-user-syncPoints").Class("field-hint").Text(c.t("admin.user.sync_hint")),
		note,
		c.fieldError("syncPoints"),
	)
}

// ---- sessions

func (c *AdminUserCard) renderSessions() app.UI {
	list := c.sess.Sessions
	var body app.UI
	switch {
	case c.sessErr != "" && !c.sessKnown:
		body = app.Div().Class("alert", "alert-error").DataSet("code", string(c.sessErr)).Body(
			app.Span().Class("alert-icon").Body(icon(pathAlert)),
			app.Span().Text(i18n.Error(c.Lang, c.sessErr)),
		)
	case !c.sessKnown:
		body = app.Div().Aria("busy", "true").Body(app.Div().Class("skeleton"), app.Div().Class("skeleton", "skeleton-short"))
	case len(list) == 0:
		body = app.P().ID("user-sessions-empty").Class("empty-state").Text(c.t("admin.sessions.none"))
	default:
		// Two lines a session, so the card's width holds it: the browser
		// and its address, then when it signed in and was last active.
		body = app.Div().Class("admin-scroll", "admin-scroll-inline").Body(app.Table().ID("user-sessions-table").Class("admin-table", "sessions-table").Body(
			app.Caption().Class("sr-only").Text(c.t("admin.user.tab.sessions")),
			app.THead().Body(app.Tr().Body(
				app.Th().Scope("col").Text(c.t("admin.sessions.browser_addr")),
				app.Th().Scope("col").Text(c.t("admin.sessions.times")),
				app.Th().Scope("col").Body(app.Span().Class("sr-only").Text(c.t("admin.sessions.end"))),
			)),
			app.TBody().Body(app.Range(list).Slice(func(i int) app.UI {
				s := list[i]
				id := s.ID
				browser := s.Browser
				if browser == "" {
					browser = c.t("admin.sessions.unknown_browser")
				}
				return app.Tr().Class("admin-row", "static").DataSet("id", id).DataSet("current", s.Current).Body(
					app.Td().Body(
						app.Div().Class("session-browser").Body(app.Text(browser),
							app.If(s.Current, app.Span().Class("tag", "tag-current").Text(c.t("admin.sessions.current")))),
						app.Div().Class("mono", "muted").Text(s.Addr),
					),
					app.Td().Class("session-times").Body(
						app.Div().Body(app.Span().Class("muted").Text(c.t("admin.sessions.signed_in")+" "), app.Text(state.FormatMoment(s.SignedIn, c.Lang, nil))),
						app.Div().Body(app.Span().Class("muted").Text(c.t("admin.sessions.last_seen")+" "), app.Text(state.FormatMoment(s.LastSeen, c.Lang, nil))),
					),
					app.Td().Class("list-actions").Body(
						app.Button().Type("button").Class("btn", "btn-ghost", "btn-sm", "session-end").
							Disabled(c.busy).
							DataSet("id", id).
							Aria("label", i18n.Tf(c.Lang, "admin.sessions.end_one", browser, s.Addr)).
							Title(c.t("admin.sessions.end")).
							OnClick(func(ctx app.Context, e app.Event) { rerender(ctx, c); c.endSession(id) }, id).
							Body(icon(pathClose), app.Span().Class("btn-text").Text(c.t("admin.sessions.end"))),
					),
				)
			})),
		))
	}
	return app.Div().ID("user-sessions").DataSet("rev", c.sessRev).DataSet("count", len(list)).Body(
		app.Div().Class("panel-bar").Body(
			app.P().Class("muted").Text(c.t("admin.sessions.lead")),
			app.If(len(list) > 0, app.Button().ID("user-sessions-end-all").Type("button").Class("btn", "btn-danger-ghost", "btn-sm").
				Disabled(c.busy).
				OnClick(c.onEndAll).
				Body(icon(pathLogout), app.Span().Text(c.t("admin.sessions.end_all")))),
		),
		body,
	)
}

func (c *AdminUserCard) onEndAll(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	name := c.user.Name
	if name == "" {
		name = c.user.Login
	}
	c.ask = &confirmAsk{Text: i18n.Tf(c.Lang, "admin.confirm.sign_out", name), OK: c.t("admin.action.sign_out_ok"), Danger: true,
		Do: func() { c.endSession("") }}
}

func (c *AdminUserCard) renderFoot() app.UI {
	if c.loadErr != "" || (c.loading && !c.known) {
		return app.Div().Class("card-foot").Body(
			app.Button().Type("button").Class("btn", "btn-secondary").OnClick(c.onClose).Text(c.t("card.close")),
		)
	}
	if c.edit {
		save := c.t("card.save")
		if c.form.New {
			save = c.t("admin.user.create")
		}
		if c.busy {
			save = c.t("card.saving")
		}
		return app.Div().Class("card-foot").Body(
			app.Button().ID("user-save").Type("button").Class("btn", "btn-primary").
				Disabled(c.busy).OnClick(c.onSave).
				Body(icon(pathCheck), app.Span().Text(save)),
			app.Button().ID("user-cancel").Type("button").Class("btn", "btn-secondary").
				Disabled(c.busy).OnClick(c.onCancel).Text(c.t("card.cancel")),
			app.If(c.form.New, app.P().Class("foot-note").Text(c.t("admin.user.create_note"))),
		)
	}
	return app.Div().Class("card-foot").Body(
		app.Button().ID("user-edit").Type("button").Class("btn", "btn-primary").
			OnClick(c.onEdit).
			Body(icon(pathEdit), app.Span().Text(c.t("card.edit"))),
	)
}

// ---- the link shown once

// LinkDialog (#link-dialog) shows a set-password link the server could
// not mail: once, to hand over, with a Copy button and until when it
// works. Modal like ConfirmDialog: Tab stays in it, Escape closes it, the
// focus goes back where it was.
type LinkDialog struct {
	app.Compo

	Lang string
	Link api.LinkSent
	// Reason says why the link was not mailed.
	Reason  string
	Now     func() time.Time
	OnClose func()

	copied string // "ok", "failed" or "" before a copy
	back   focusReturn
}

func (c *LinkDialog) OnMount(ctx app.Context) {
	c.back.save()
	ctx.Defer(func(app.Context) { focusByID("link-copy") })
}

func (c *LinkDialog) OnDismount() { c.back.restore() }

func (c *LinkDialog) Render() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	now := time.Now()
	if c.Now != nil {
		now = c.Now()
	}
	until := state.FormatUntil(c.Link.ExpiresAt, c.Lang, nil, now)
	minutes := int(api.PasswordLinkTTL / time.Minute)
	var copied app.UI
	switch c.copied {
	case "ok":
		copied = app.Span().Class("copy-state", "ok").Text(t("admin.link.copied"))
	case "failed":
		copied = app.Span().Class("copy-state", "failed").Text(t("admin.link.copy_failed"))
	}
	return app.Div().Class("modal-backdrop").OnKeyDown(onEscape(c.onClose)).Body(
		app.Div().ID("link-dialog").Class("modal", "link-modal").
			Role("dialog").Aria("modal", "true").Aria("labelledby", "link-title").Aria("describedby", "link-text").
			Body(
				app.H2().ID("link-title").Class("modal-title").Body(
					app.Span().Class("modal-icon", "modal-icon-info").Body(icon(pathKey)),
					app.Text(t("admin.link.title")),
				),
				app.P().ID("link-text").Class("modal-text").Text(c.Reason+" "+t("admin.link.hand_over")),
				app.Label().For("link-url").Class("card-label").Text(t("admin.link.url")),
				app.Div().Class("link-row").Body(
					app.Input().ID("link-url").Type("text").Class("input", "link-url").ReadOnly(true).
						Value(c.Link.URL).
						Attr("spellcheck", "false").
						OnFocus(c.onSelect).
						OnClick(c.onSelect),
					app.Button().ID("link-copy").Type("button").Class("btn", "btn-primary").
						OnClick(c.onCopy).
						Body(icon(pathCopy), app.Span().Text(t("admin.link.copy"))),
				),
				app.Div().Class("copy-status").Role("status").Aria("live", "polite").Body(copied),
				app.Div().ID("link-warning").Class("alert", "alert-warn").Body(
					app.Span().Class("alert-icon").Body(icon(pathWarn)),
					app.Span().Text(i18n.Tf(c.Lang, "admin.link.once", minutes, until)),
				),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("link-close").Type("button").Class("btn", "btn-secondary").
						OnClick(c.onClose).Text(t("admin.link.done")),
				),
			),
	)
}

func (c *LinkDialog) onSelect(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if !app.IsServer {
		ctx.JSSrc().Call("select")
	}
}

// onCopy puts the link on the clipboard (navigator.clipboard, which needs
// a secure context; else the selected text with the older copy command).
func (c *LinkDialog) onCopy(ctx app.Context, e app.Event) {
	rerender(ctx, c)
	if app.IsServer {
		return
	}
	url := c.Link.URL
	fallback := func() bool {
		el := app.Window().GetElementByID("link-url")
		if !el.Truthy() {
			return false
		}
		el.Call("select")
		return app.Window().Get("document").Call("execCommand", "copy").Bool()
	}
	clip := app.Window().Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		c.copied = "failed"
		if fallback() {
			c.copied = "ok"
		}
		return
	}
	var done, fail app.Func
	release := func() { done.Release(); fail.Release() }
	done = app.FuncOf(func(app.Value, []app.Value) any {
		ctx.Dispatch(func(app.Context) { c.copied = "ok" })
		release()
		return nil
	})
	fail = app.FuncOf(func(app.Value, []app.Value) any {
		ok := fallback()
		ctx.Dispatch(func(app.Context) {
			c.copied = "failed"
			if ok {
				c.copied = "ok"
			}
		})
		release()
		return nil
	})
	clip.Call("writeText", url).Call("then", done, fail)
}

func (c *LinkDialog) onClose(ctx app.Context, e app.Event) { emit(ctx, c.OnClose) }
