package ui

import (
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// pathAccount is the user's own page.
const pathAccount = "/account"

// States of the change-password form (#account-password-form[data-state]).
const (
	accountReady  = "ready"
	accountSaving = "saving"
)

// Field keys of the change-password form.
const (
	accCurrent = "current"
	accNew     = "new"
	accRepeat  = "repeat"
)

// AccountPage (#account) is the signed-in user's own page: who they are,
// changing their password (the current one required; their other
// sessions end) and their live sessions, each of which they may end.
// The requests go over the socket (Link); the meter asks over HTTP with
// the session cookie (Backend).
type AccountPage struct {
	app.Compo

	Lang    string
	User    api.User
	Link    *Link
	Backend Backend

	ctx   app.Context
	unsub func()

	form     string // accountReady | accountSaving
	formRev  int    // change replies applied
	formSeq  int
	errs     map[string]api.Code
	args     map[string]string
	alert    string
	code     string
	cur, pw  string
	repeat   string
	sessions []api.SessionInfo
	loaded   bool
	sessRev  int // sessions replies applied
	sessSeq  int
	sessErr  string
	sessCode string
	ending   string // the session being ended ("*": all others)
	confirm  bool   // the "end all others" question is open
	toasts   state.Toasts
	shown    map[string]bool // fields that show their password as text
	// keepToasts leaves toasts up (tests: a toast's timer would hold
	// the test dispatcher for its whole life).
	keepToasts bool
}

func (c *AccountPage) OnMount(ctx app.Context) {
	c.ctx = ctx
	c.form = accountReady
	c.errs = map[string]api.Code{}
	if c.Link == nil {
		c.Link = &Link{}
	}
	c.unsub = c.Link.Subscribe(func(ev LinkEvent) {
		if ev.Reconnected {
			c.loadSessions() // sessions may have ended while the socket was down
		}
	})
	c.loadSessions()
}

func (c *AccountPage) OnDismount() {
	if c.unsub != nil {
		c.unsub()
		c.unsub = nil
	}
}

// ---- sessions

func (c *AccountPage) loadSessions() {
	c.sessSeq++
	seq := c.sessSeq
	ask(c.ctx, c.Link, api.TypeSessions, api.SessionsRequest{}, func() bool { return seq == c.sessSeq },
		func(reply api.Sessions, err error) { c.sessionsDone(reply, err, "") })
}

// sessionsDone applies a list of sessions (of a load or what an end left);
// toast is the code of the notification to show on success.
func (c *AccountPage) sessionsDone(reply api.Sessions, err error, toast string) {
	c.ending = ""
	c.sessRev++
	if err != nil {
		if toast != "" {
			c.notify(string(api.ErrorCode(err)), c.errorText(err), false)
			return
		}
		c.sessErr, c.sessCode = c.errorText(err), errCode(err)
		return
	}
	before := state.OtherSessions(c.sessions)
	c.sessions, c.loaded = state.SortSessions(reply.Sessions), true
	c.sessErr, c.sessCode = "", ""
	switch toast {
	case "session_ended":
		c.notify(toast, i18n.T(c.Lang, "sessions.ended_one"), true)
	case "sessions_ended":
		n := max(0, before-state.OtherSessions(c.sessions))
		c.notify(toast, i18n.Tf(c.Lang, "sessions.ended", n), true)
	}
}

func (c *AccountPage) endSession(ctx app.Context, id string) {
	defer rerender(ctx, c)
	if c.ending != "" {
		return
	}
	c.ending = id
	c.sessSeq++
	seq := c.sessSeq
	ask(ctx, c.Link, api.TypeSessionEnd, api.SessionEnd{ID: id}, func() bool { return seq == c.sessSeq },
		func(reply api.Sessions, err error) { c.sessionsDone(reply, err, "session_ended") })
}

func (c *AccountPage) onEndOthers(ctx app.Context, e app.Event) {
	c.confirm = true
	rerender(ctx, c)
}

func (c *AccountPage) onConfirmOthers() {
	c.confirm = false
	if c.ending != "" {
		return
	}
	c.ending = "*"
	c.sessSeq++
	seq := c.sessSeq
	ask(c.ctx, c.Link, api.TypeSessionEnd, api.SessionEnd{Others: true}, func() bool { return seq == c.sessSeq },
		func(reply api.Sessions, err error) { c.sessionsDone(reply, err, "sessions_ended") })
	c.Update()
}

func (c *AccountPage) onCancelOthers() {
	c.confirm = false
	c.Update()
}

func (c *AccountPage) onRetrySessions(ctx app.Context, e app.Event) {
	c.sessErr, c.sessCode = "", ""
	c.loaded = false
	c.loadSessions()
	rerender(ctx, c)
}

// ---- the password form

func (c *AccountPage) onCurrent(ctx app.Context, e app.Event) {
	c.cur = ctx.JSSrc().Get("value").String()
	delete(c.errs, accCurrent) // a new try: the old verdict no longer holds
	rerender(ctx, c)
}

func (c *AccountPage) onNew(ctx app.Context, e app.Event) {
	c.pw = ctx.JSSrc().Get("value").String()
	delete(c.errs, accNew) // the meter judges the new value now
	rerender(ctx, c)
}

func (c *AccountPage) onRepeat(ctx app.Context, e app.Event) {
	c.repeat = ctx.JSSrc().Get("value").String()
	if c.errs[accRepeat] != "" && c.repeat == c.pw {
		delete(c.errs, accRepeat)
	}
	rerender(ctx, c)
}

func (c *AccountPage) onShow(id string) {
	c.shown = toggleShown(c.shown, id)
	c.Update()
}

func (c *AccountPage) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.submit(ctx)
	rerender(ctx, c)
}

func (c *AccountPage) submit(ctx app.Context) {
	if c.form == accountSaving {
		return
	}
	if app.IsClient {
		// A password manager may fill the fields without input events.
		els := ctx.JSSrc().Get("elements")
		c.cur = els.Get("account-current").Get("value").String()
		c.pw = els.Get("account-new").Get("value").String()
		c.repeat = els.Get("account-repeat").Get("value").String()
	}
	c.alert, c.code, c.args = "", "", nil
	c.errs = map[string]api.Code{}
	if c.cur == "" {
		c.errs[accCurrent] = api.FieldRequired
	}
	pwCode, repCode := state.CheckNewPassword(c.pw, c.repeat)
	if pwCode != "" {
		c.errs[accNew] = pwCode
	} else if repCode != "" {
		c.errs[accRepeat] = repCode
	}
	if first := c.firstError(); first != "" {
		ctx.Defer(func(app.Context) { focusByID(first) })
		return
	}
	c.form = accountSaving
	c.formSeq++
	seq := c.formSeq
	req := api.PasswordChange{Current: c.cur, New: c.pw}
	ask(ctx, c.Link, api.TypePasswordChange, req, func() bool { return seq == c.formSeq },
		func(reply api.Sessions, err error) { c.changed(ctx, reply, err) })
}

// firstError is the id of the first field with an error, in form order.
func (c *AccountPage) firstError() string {
	for _, k := range []string{accCurrent, accNew, accRepeat} {
		if c.errs[k] != "" {
			return "account-" + k
		}
	}
	return ""
}

func (c *AccountPage) changed(ctx app.Context, reply api.Sessions, err error) {
	c.form = accountReady
	c.formRev++
	var apiErr *api.Error
	switch {
	case err == nil:
		ended := 0
		if c.loaded {
			ended = max(0, state.OtherSessions(c.sessions)-state.OtherSessions(reply.Sessions))
		}
		c.sessions, c.loaded = state.SortSessions(reply.Sessions), true
		c.sessErr, c.sessCode = "", ""
		c.sessRev++
		c.cur, c.pw, c.repeat = "", "", ""
		resetForm("account-password-form")
		text := i18n.T(c.Lang, "account.changed_alone")
		if ended > 0 {
			text = i18n.Tf(c.Lang, "account.changed", ended)
		}
		c.notify("password_changed", text, true)
	case errors.As(err, &apiErr) && apiErr.Code == api.CodeBadCredentials:
		c.errs[accCurrent] = api.CodeBadCredentials
		ctx.Defer(func(app.Context) { selectByID("account-current") })
	case errors.As(err, &apiErr) && apiErr.Code == api.CodeLocked:
		c.alert = noticeText(c.Lang, &state.Notice{Code: string(api.CodeLocked), Until: apiErr.Until}, time.Now())
		c.code = string(api.CodeLocked)
	case errors.As(err, &apiErr) && apiErr.Code == api.CodeValidation && len(apiErr.Fields) > 0:
		c.args = map[string]string{}
		for key, code := range apiErr.Fields {
			field := accNew // the server's key of the new password ("password" or "new")
			if key == accCurrent {
				field = accCurrent
			}
			c.errs[field] = code
			c.args[field] = apiErr.Args[key]
		}
		if first := c.firstError(); first != "" {
			ctx.Defer(func(app.Context) { focusByID(first) })
		}
	default:
		c.alert, c.code = c.errorText(err), errCode(err)
	}
}

func (c *AccountPage) errorText(err error) string {
	text, _ := pwFailure(c.Lang, "pwset.rate_limited", err)
	return text
}

func errCode(err error) string {
	var apiErr *api.Error
	if errors.As(err, &apiErr) {
		return string(apiErr.Code)
	}
	return state.CodeNetwork
}

// ---- toasts

func (c *AccountPage) notify(code, text string, ok bool) {
	id, life := c.toasts.Add(code, text, ok)
	if c.ctx != nil && !c.keepToasts {
		c.ctx.After(life, func(app.Context) { c.toasts.Dismiss(id) })
	}
}

func (c *AccountPage) dismissToast(id int) {
	c.toasts.Dismiss(id)
	c.Update()
}

// ---- render

func (c *AccountPage) Render() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	name := c.User.Name
	if name == "" {
		name = c.User.Login
	}
	return app.Div().ID("account").Class("page", "account-page").Body(
		app.Div().Class("page-head", "account-head").Body(
			app.Span().Class("user-avatar", "account-avatar").Aria("hidden", "true").Text(initials(name)),
			app.Div().Body(
				app.H1().Class("page-title").Text(t("account.title")),
				app.P().Class("page-lead").Body(
					app.Span().ID("account-name").Class("account-name").Text(name),
					app.Span().Class("muted").Text(" · "+i18n.Tf(c.Lang, "account.login", c.User.Login)),
				),
			),
		),
		app.Div().Class("account-grid").Body(
			c.renderPassword(),
			c.renderSessions(),
		),
		&Toasts{Lang: c.Lang, List: c.toasts.List, OnDismiss: c.dismissToast},
		app.If(c.confirm, &ConfirmDialog{
			Lang:     c.Lang,
			Text:     i18n.Tf(c.Lang, "sessions.confirm_others", state.OtherSessions(c.sessions)),
			OKLabel:  t("sessions.end_others"),
			Danger:   true,
			OnOK:     c.onConfirmOthers,
			OnCancel: c.onCancelOthers,
		}),
	)
}

func (c *AccountPage) renderPassword() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	saving := c.form == accountSaving
	save := t("account.save")
	if saving {
		save = t("account.saving")
	}
	return app.Section().Class("card", "account-card").Aria("labelledby", "account-password-title").Body(
		app.H2().ID("account-password-title").Class("card-title").Body(
			app.Span().Class("card-title-icon").Body(icon(pathKey)),
			app.Text(t("account.password_title")),
		),
		app.P().Class("account-lead").Text(t("account.password_lead")),
		app.Form().ID("account-password-form").Class("account-form").
			DataSet("state", c.form).
			DataSet("rev", c.formRev).
			Attr("aria-busy", saving).
			OnSubmit(c.onSubmit).
			Body(
				// For password managers: whose password changes.
				app.Input().Type("text").Name("username").Attr("autocomplete", "username").
					Value(c.User.Login).ReadOnly(true).Hidden(true),
				passwordField(c.Lang, passwordInput{
					id: "account-current", label: t("account.current"), autocomplete: "current-password",
					code: c.errs[accCurrent], arg: c.args[accCurrent], onInput: c.onCurrent,
					shown: c.shown["account-current"], onShow: c.onShow,
				}),
				passwordField(c.Lang, passwordInput{
					id: "account-new", label: t("account.new"), autocomplete: "new-password",
					code: c.errs[accNew], arg: c.args[accNew], onInput: c.onNew,
					shown: c.shown["account-new"], onShow: c.onShow,
					meter: &PasswordMeter{Lang: c.Lang, Password: c.pw, Backend: c.Backend, Link: c.Link},
				}),
				passwordField(c.Lang, passwordInput{
					id: "account-repeat", label: t("account.repeat"), autocomplete: "new-password",
					code: c.errs[accRepeat], onInput: c.onRepeat,
					shown: c.shown["account-repeat"], onShow: c.onShow,
				}),
				pwAlert("account-password-message", c.alert, c.code, false),
				app.Div().Class("account-actions").Body(
					app.Button().ID("account-password-save").Type("submit").Class("btn", "btn-primary").
						Disabled(saving).
						Body(
							app.If(saving, app.Span().Class("spinner").Aria("hidden", "true")),
							app.Span().Text(save),
						),
				),
			),
	)
}

func (c *AccountPage) renderSessions() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	others := state.OtherSessions(c.sessions)
	var list app.UI
	switch {
	case c.sessErr != "":
		list = app.Div().ID("sessions-message").Class("alert", "alert-error").Role("alert").
			DataSet("code", c.sessCode).
			Body(
				app.Span().Class("alert-icon").Body(icon(pathAlert)),
				app.Span().Class("alert-grow").Text(c.sessErr),
				app.Button().ID("sessions-retry").Type("button").Class("btn", "btn-secondary", "btn-sm").
					OnClick(c.onRetrySessions).Text(t("sessions.retry")),
			)
	case !c.loaded:
		list = app.Div().Role("status").Body(
			app.Span().Class("sr-only").Text(t("sessions.loading")),
			app.Div().Class("skeleton"), app.Div().Class("skeleton", "skeleton-short"),
		)
	default:
		list = app.Ul().Class("session-list").Body(
			app.Range(c.sessions).Slice(func(i int) app.UI { return c.renderSession(c.sessions[i]) }),
		)
	}
	return app.Section().Class("card", "account-card").Aria("labelledby", "sessions-title").Body(
		app.H2().ID("sessions-title").Class("card-title").Body(
			app.Span().Class("card-title-icon").Body(icon(pathClock)),
			app.Text(t("sessions.title")),
		),
		app.P().Class("account-lead").Text(t("sessions.lead")),
		app.Div().ID("sessions").
			DataSet("rev", c.sessRev).
			DataSet("count", len(c.sessions)).
			Attr("aria-busy", !c.loaded || c.ending != "").
			Body(list),
		app.If(c.loaded && others == 0 && c.sessErr == "",
			app.P().ID("sessions-alone").Class("account-note").Text(t("sessions.only_this")),
		),
		app.If(c.loaded && others > 0,
			app.Div().Class("account-actions").Body(
				app.Button().ID("sessions-end-others").Type("button").Class("btn", "btn-danger-ghost").
					Disabled(c.ending != "").
					OnClick(c.onEndOthers).
					Text(t("sessions.end_others")),
			),
		),
	)
}

func (c *AccountPage) renderSession(s api.SessionInfo) app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	browser := s.Browser
	if browser == "" {
		browser = t("sessions.unknown_browser")
	}
	when := func(at time.Time) string {
		if at.IsZero() {
			return "—"
		}
		return state.FormatDateTime(at.Format(time.RFC3339), c.Lang, nil)
	}
	id := s.ID
	row := app.Li().Class("session-row").DataSet("id", s.ID).DataSet("current", s.Current)
	var action app.UI
	if s.Current {
		action = app.Span().Class("tag", "session-current").Text(t("sessions.current"))
	} else {
		action = app.Button().Type("button").Class("btn", "btn-secondary", "btn-sm", "session-end").
			DataSet("id", s.ID).
			Disabled(c.ending != "").
			Aria("label", i18n.Tf(c.Lang, "sessions.end_label", browser+" · "+s.Addr)).
			OnClick(func(ctx app.Context, e app.Event) { c.endSession(ctx, id) }, id).
			Text(t("sessions.end"))
	}
	return row.Body(
		app.Div().Class("session-head").Body(
			app.Span().Class("session-browser").Text(browser),
			action,
		),
		app.Dl().Class("session-facts").Body(
			app.Div().Body(app.Dt().Text(t("sessions.addr")), app.Dd().Class("session-addr").Text(s.Addr)),
			app.Div().Body(app.Dt().Text(t("sessions.signed_in")), app.Dd().Text(when(s.SignedIn))),
			app.Div().Body(app.Dt().Text(t("sessions.last_seen")), app.Dd().Text(when(s.LastSeen))),
		),
	)
}

// ---- Root's side

func (c *Root) renderAccount() app.UI {
	return &AccountPage{Lang: c.lang, User: c.m.User, Link: c.link, Backend: c.backend}
}

// resetForm empties a form's fields (the inputs are not bound to state).
func resetForm(id string) {
	if app.IsServer {
		return
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("reset")
	}
}

// selectByID focuses an input and selects what it holds, so a wrong value
// is replaced by typing.
func selectByID(id string) {
	if app.IsServer {
		return
	}
	if el := app.Window().GetElementByID(id); el.Truthy() {
		el.Call("focus")
		el.Call("select")
	}
}
