package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// States of the set-password page (#password-set[data-state]).
const (
	pwChecking = "checking" // asking whose link it is
	pwReady    = "ready"    // the form
	pwInvalid  = "invalid"  // used, expired, replaced or no token
	pwSaving   = "saving"
	pwDone     = "done"  // set and signed in; the shell takes over
	pwError    = "error" // the link could not be checked (network, rate limit)
)

// PasswordSetPage (#password-set) is the page a one-time link opens
// (api.PagePasswordSet): it checks the link, shows whose it is and until
// when it works, and sets the password, which signs the user in
// (OnSignedIn). It shows whoever is signed in in this browser, or nobody.
//
// The token came from the address bar, which Root has already cleaned
// (takeToken): it goes only to our own endpoints, in request bodies.
// The inputs are not bound to state (DESIGN.md: a bound input drops keys
// typed during a render), and the form's tree is the same while ready,
// saving and done, so what was typed stays through a refused save.
type PasswordSetPage struct {
	app.Compo

	Lang    string
	Token   string
	Backend Backend
	Link    *Link
	// OnSignedIn takes the reply of a successful set (the session cookie
	// came with it).
	OnSignedIn func(api.LoginReply)
	// OnForgot opens the forgot-password form on the sign-in screen.
	OnForgot func()
	OnLang   func(lang string)

	state   string
	checked string // the token checked or being checked
	seq     int
	info    api.PasswordLinkInfo
	alert   string // the form's message (a rate limit, the network)
	code    string // its code, in data-code
	errs    map[string]api.Code
	args    map[string]string
	pw      string
	repeat  string
	shown   map[string]bool // fields that show their password as text
}

// Field keys of the page's errors.
const (
	pwFieldNew    = "password"
	pwFieldRepeat = "repeat"
)

func (c *PasswordSetPage) OnMount(ctx app.Context) { c.check(ctx) }

func (c *PasswordSetPage) OnUpdate(ctx app.Context) {
	if c.Token != c.checked {
		c.check(ctx) // the tab opened another link
	}
}

// check asks whose link Token is.
func (c *PasswordSetPage) check(ctx app.Context) {
	c.checked = c.Token
	c.seq++
	seq := c.seq
	c.alert, c.code = "", ""
	if c.Token == "" || c.Backend == nil {
		c.state = pwInvalid
		return
	}
	c.state = pwChecking
	req, backend := api.PasswordLinkCheck{Token: c.Token}, c.Backend
	var info api.PasswordLinkInfo
	send(ctx, c.linkOrNew(), func(rctx context.Context) error {
		rctx, cancel := context.WithTimeout(rctx, httpTimeout)
		defer cancel()
		var err error
		info, err = backend.PasswordLink(rctx, req)
		return err
	}, func() bool { return seq == c.seq }, func(err error) { c.linkChecked(ctx, info, err) })
}

// linkOrNew is the Link that counts the page's requests as pending (a
// test may mount the page without one).
func (c *PasswordSetPage) linkOrNew() *Link {
	if c.Link == nil {
		c.Link = &Link{}
	}
	return c.Link
}

func (c *PasswordSetPage) linkChecked(ctx app.Context, info api.PasswordLinkInfo, err error) {
	switch code := api.ErrorCode(err); {
	case err == nil:
		c.state, c.info = pwReady, info
		ctx.Defer(func(app.Context) { focusByID("password-new") })
	case code == api.CodeLinkInvalid || code == api.CodeNotFound:
		c.state = pwInvalid
	default:
		c.state = pwError
		c.alert, c.code = c.failure(err)
	}
}

// failure words a refusal that is not about a field: the wait of a rate
// limit, the network, or the code's message.
func (c *PasswordSetPage) failure(err error) (text, code string) {
	return pwFailure(c.Lang, "pwset.rate_limited", err)
}

func pwFailure(lang, rateKey string, err error) (text, code string) {
	var apiErr *api.Error
	switch {
	case errors.As(err, &apiErr) && (apiErr.Code == api.CodeRateLimited || apiErr.Code == api.CodeBusy) && apiErr.Until != nil:
		return i18n.Tf(lang, rateKey, waitSeconds(*apiErr.Until, time.Now())), string(apiErr.Code)
	case errors.As(err, &apiErr):
		return i18n.Error(lang, apiErr.Code), string(apiErr.Code)
	case err != nil: // the server was not reached (wsclient.IsNetwork)
		return i18n.T(lang, "error.network"), state.CodeNetwork
	}
	return "", ""
}

func (c *PasswordSetPage) onRetry(ctx app.Context, e app.Event) {
	c.check(ctx)
	rerender(ctx, c)
}

func (c *PasswordSetPage) onNew(ctx app.Context, e app.Event) {
	c.pw = ctx.JSSrc().Get("value").String()
	delete(c.errs, pwFieldNew) // the meter judges the new value now
	rerender(ctx, c)           // the meter follows; Root need not render
}

func (c *PasswordSetPage) onRepeat(ctx app.Context, e app.Event) {
	c.repeat = ctx.JSSrc().Get("value").String()
	if c.errs[pwFieldRepeat] != "" && c.repeat == c.pw {
		delete(c.errs, pwFieldRepeat) // fixed: say so at once
	}
	rerender(ctx, c)
}

func (c *PasswordSetPage) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.submit(ctx)
	rerender(ctx, c)
}

func (c *PasswordSetPage) submit(ctx app.Context) {
	if c.state != pwReady {
		return
	}
	if app.IsClient {
		// A password manager may fill the fields without input events.
		els := ctx.JSSrc().Get("elements")
		c.pw = els.Get("password-new").Get("value").String()
		c.repeat = els.Get("password-repeat").Get("value").String()
	}
	c.alert, c.code, c.args = "", "", nil
	c.errs = map[string]api.Code{}
	pwCode, repCode := state.CheckNewPassword(c.pw, c.repeat)
	if pwCode != "" {
		c.errs[pwFieldNew] = pwCode
		ctx.Defer(func(app.Context) { focusByID("password-new") })
		return
	}
	if repCode != "" {
		c.errs[pwFieldRepeat] = repCode
		ctx.Defer(func(app.Context) { focusByID("password-repeat") })
		return
	}
	c.state = pwSaving
	c.seq++
	seq := c.seq
	req, backend := api.PasswordSet{Token: c.Token, Password: c.pw}, c.Backend
	var reply api.LoginReply
	send(ctx, c.linkOrNew(), func(rctx context.Context) error {
		rctx, cancel := context.WithTimeout(rctx, httpTimeout)
		defer cancel()
		var err error
		reply, err = backend.PasswordSet(rctx, req)
		return err
	}, func() bool { return seq == c.seq }, func(err error) { c.saved(ctx, reply, err) })
}

func (c *PasswordSetPage) saved(ctx app.Context, reply api.LoginReply, err error) {
	var apiErr *api.Error
	switch {
	case err == nil:
		c.state = pwDone
		if c.OnSignedIn != nil {
			c.OnSignedIn(reply)
		}
	case errors.As(err, &apiErr) && apiErr.Code == api.CodeLinkInvalid:
		c.state = pwInvalid
	case errors.As(err, &apiErr) && apiErr.Code == api.CodeValidation && len(apiErr.Fields) > 0:
		c.state = pwReady
		// The only field is the password; whatever key the server used.
		for key, code := range apiErr.Fields {
			c.errs[pwFieldNew] = code
			c.args = map[string]string{pwFieldNew: apiErr.Args[key]}
		}
		ctx.Defer(func(app.Context) { focusByID("password-new") })
	default:
		c.state = pwReady
		c.alert, c.code = c.failure(err)
	}
}

func (c *PasswordSetPage) onShow(id string) {
	c.shown = toggleShown(c.shown, id)
	c.Update()
}

func (c *PasswordSetPage) onForgot(ctx app.Context, e app.Event) {
	if c.OnForgot != nil {
		c.OnForgot()
	}
}

func (c *PasswordSetPage) Render() app.UI {
	st := c.state
	if st == "" {
		st = pwChecking
	}
	var body app.UI
	switch st {
	case pwChecking:
		body = app.Div().Class("pw-checking").Role("status").Body(
			app.Span().Class("spinner").Aria("hidden", "true"),
			app.Span().Text(i18n.T(c.Lang, "pwset.checking")),
		)
	case pwInvalid:
		body = c.renderInvalid()
	case pwError:
		body = app.Div().Body(
			app.H1().Class("login-title").Text(i18n.T(c.Lang, "pwset.error_title")),
			pwAlert("password-set-message", c.alert, c.code, false),
			app.Button().ID("password-set-retry").Type("button").Class("btn", "btn-primary", "btn-block").
				OnClick(c.onRetry).Text(i18n.T(c.Lang, "pwset.retry")),
		)
	default:
		body = c.renderForm(st)
	}
	return authCard(c.Lang, "password-set", c.OnLang, body).DataSet("state", st)
}

func (c *PasswordSetPage) renderInvalid() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	return app.Div().Body(
		app.H1().Class("login-title").Text(t("pwset.invalid_title")),
		app.Div().ID("password-set-message").Class("alert", "alert-error", "pw-alert").
			Role("alert").DataSet("code", string(api.CodeLinkInvalid)).
			Body(
				app.Span().Class("alert-icon").Body(icon(pathAlert)),
				app.Span().Text(i18n.Error(c.Lang, api.CodeLinkInvalid)),
			),
		app.Div().Class("pw-actions").Body(
			app.A().ID("password-set-login").Href("/").Class("btn", "btn-primary", "btn-block").
				Text(t("pwset.to_login")),
			app.Button().ID("password-set-forgot").Type("button").Class("link-btn").
				OnClick(c.onForgot).Text(t("login.forgot")),
		),
	)
}

func (c *PasswordSetPage) renderForm(st string) app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	saving := st == pwSaving || st == pwDone
	who := c.info.Login
	if c.info.Name != "" && c.info.Name != c.info.Login {
		who += " (" + c.info.Name + ")"
	}
	lead := t("pwset.reset")
	if c.info.First {
		lead = t("pwset.first")
	}
	submit := t("pwset.submit")
	if saving {
		submit = t("pwset.busy")
	}
	until := ""
	if !c.info.ExpiresAt.IsZero() {
		until = i18n.Tf(c.Lang, "pwset.until", state.FormatUntil(c.info.ExpiresAt, c.Lang, nil, time.Now()))
	}
	return app.Div().Body(
		app.H1().ID("password-set-title").Class("login-title").Text(i18n.Tf(c.Lang, "pwset.title", who)),
		app.P().Class("login-subtitle").Body(
			app.Text(lead+" "),
			app.Span().ID("password-set-until").Class("pw-until").Text(until),
		),
		app.Form().ID("password-set-form").Class("login-form").
			Attr("aria-busy", saving).
			OnSubmit(c.onSubmit).
			Body(
				// For password managers: they store the new password
				// under this login.
				app.Input().Type("text").Name("username").Attr("autocomplete", "username").
					Value(c.info.Login).ReadOnly(true).Hidden(true),
				passwordField(c.Lang, passwordInput{
					id: "password-new", label: t("pwset.new"), autocomplete: "new-password",
					code: c.errs[pwFieldNew], arg: c.args[pwFieldNew], onInput: c.onNew,
					shown: c.shown["password-new"], onShow: c.onShow,
					meter: &PasswordMeter{Lang: c.Lang, Password: c.pw, Token: c.Token, Backend: c.Backend, Link: c.Link},
				}),
				passwordField(c.Lang, passwordInput{
					id: "password-repeat", label: t("pwset.repeat"), autocomplete: "new-password",
					code: c.errs[pwFieldRepeat], onInput: c.onRepeat,
					shown: c.shown["password-repeat"], onShow: c.onShow,
				}),
				pwAlert("password-set-message", c.alert, c.code, false),
				app.Button().ID("password-set-submit").Type("submit").
					Class("btn", "btn-primary", "btn-block").
					Disabled(saving).
					Body(
						app.If(saving, app.Span().Class("spinner").Aria("hidden", "true")),
						app.Span().Text(submit),
					),
			),
	)
}

// passwordInput describes one password field of a form.
type passwordInput struct {
	id, label, autocomplete string
	code                    api.Code // its error, "" when fine
	arg                     string   // the error's bound from the server
	onInput                 app.EventHandler
	meter                   *PasswordMeter // under a new password; nil elsewhere
	// shown shows the password as text; onShow toggles it.
	shown  bool
	onShow func(id string)
}

// passwordField renders a labelled password input with its meter and its
// error (#<id>-error.field-error[data-code], always in the tree and
// hidden while fine, so the input is never re-created). The input points
// to both with aria-describedby.
func passwordField(lang string, f passwordInput) app.UI {
	desc := f.id + "-error"
	if f.meter != nil {
		desc += " password-meter-text"
	}
	errP := app.P().ID(f.id+"-error").Class("field-error").
		DataSet("field", f.id).
		DataSet("code", string(f.code)).
		Hidden(f.code == "")
	if f.code == "" {
		errP = errP.Body(icon(pathAlert), app.Span())
	} else {
		errP = errP.Body(icon(pathAlert), app.Span().Text(passwordError(lang, f.code, f.arg)))
	}
	var meter app.UI = app.Div().Hidden(true)
	if f.meter != nil {
		f.meter.HideProblem = f.code != ""
		meter = f.meter
	}
	typ, eye, tip := "password", pathEye, i18n.T(lang, "pw.show")
	if f.shown {
		typ, eye, tip = "text", pathEyeOff, i18n.T(lang, "pw.hide")
	}
	id, onShow := f.id, f.onShow
	return app.Div().Class("field").Body(
		app.Label().For(f.id).Text(f.label),
		app.Div().Class("pw-input").Body(
			app.Input().ID(f.id).Name(f.id).Type(typ).Class("input").
				Attr("autocomplete", f.autocomplete).
				Attr("autocapitalize", "none").
				Spellcheck(false).
				Aria("invalid", f.code != "").
				Aria("describedby", desc).
				OnInput(f.onInput),
			// A toggle with a constant name, its state in aria-pressed.
			app.Button().ID(f.id+"-show").Type("button").Class("icon-btn", "pw-show").
				Aria("label", i18n.T(lang, "pw.show")).
				Aria("pressed", f.shown).
				Aria("controls", f.id).
				Title(tip).
				OnClick(func(ctx app.Context, e app.Event) {
					if onShow != nil {
						onShow(id)
					}
					ctx.PreventUpdate() // onShow re-renders its page
				}, id).
				Body(icon(eye)),
		),
		errP,
		meter,
	)
}

// toggleShown flips whether the field id shows its password as text.
func toggleShown(shown map[string]bool, id string) map[string]bool {
	if shown == nil {
		shown = map[string]bool{}
	}
	shown[id] = !shown[id]
	return shown
}

// pwAlert is a form's message (#id[data-code]); it renders nothing when
// text is empty.
func pwAlert(id, text, code string, info bool) app.UI {
	if text == "" {
		return nil
	}
	kind, paths := "alert-error", pathAlert
	if info {
		kind, paths = "alert-info", pathInfo
	}
	return app.Div().ID(id).Class("alert", kind, "pw-alert").
		Role("alert").
		DataSet("code", code).
		Body(
			app.Span().Class("alert-icon").Body(icon(paths)),
			app.Span().Text(text),
		)
}

// authCard is the sign-in screen's card (login.go) for the other pages of
// signing in: brand, the page's content and the language switch.
func authCard(lang, id string, onLang func(string), content app.UI) app.HTMLDiv {
	t := func(key string) string { return i18n.T(lang, key) }
	card := app.Div().ID(id).Class("login-card")
	card = card.Body(
		app.Div().Class("login-brand").Body(
			app.Img().Src("/web/icons/icon.svg").Alt("").Width(44).Height(44).Class("login-logo"),
			app.Div().Body(
				app.Div().Class("login-product").Text(t("app.name")),
				app.Div().Class("login-tagline").Text(t("app.tagline")),
			),
		),
		content,
		app.Div().Class("login-footer").Body(
			&LangSelect{Lang: lang, Label: "login.lang_label", OnChange: onLang},
			app.P().Class("login-note").Text(t("login.footer")),
		),
	)
	return card
}

// ---- Root's side of the link page

// passwordFlow is what Root keeps for the pages of passwords before
// signing in.
type passwordFlow struct {
	token  string // a link's token, taken out of the address bar
	forgot bool   // the sign-in screen shows the forgot-password form
	login  string // pre-fills it (what the sign-in form had)
}

// onPasswordPage reports whether the set-password page is on screen. It
// shows before the session check decides, and over the shell too: the
// link's user may not be whoever is signed in in this browser.
func (c *Root) onPasswordPage() bool {
	return strings.TrimSuffix(c.path, "/") == api.PagePasswordSet
}

// takeToken moves a link's token from the address bar into Root, so it
// does not stay in the history, a bookmark or a shared screenshot, and
// no Referer can carry it anywhere.
func (c *Root) takeToken(ctx app.Context) {
	u := ctx.Page().URL()
	if u == nil || strings.TrimSuffix(u.Path, "/") != api.PagePasswordSet {
		return
	}
	token := u.Query().Get("token")
	if token == "" {
		return
	}
	c.pw.token = token
	clean := *u
	clean.RawQuery, clean.Fragment = "", ""
	ctx.Page().ReplaceURL(&clean)
}

func (c *Root) renderPasswordSet() app.UI {
	return app.Div().Class("screen-login").Body(
		app.Div().Class("login-page").Body(
			app.Main().ID("main").Class("login-main").Body(
				&PasswordSetPage{
					Lang: c.lang, Token: c.pw.token, Backend: c.backend, Link: c.link,
					OnSignedIn: c.onPasswordSet, OnForgot: c.onForgotFromLink, OnLang: c.onLang,
				},
			),
		),
	)
}

// onPasswordSet signs in the link's user and goes home; the set-password
// page is replaced in the history, so Back does not lead to a spent link.
func (c *Root) onPasswordSet(reply api.LoginReply) {
	c.pw = passwordFlow{}
	c.ctx.Dispatch(func(ctx app.Context) {
		c.apply(ctx, c.m.PasswordSet(reply))
		c.goHome(ctx)
	})
}

// onForgotFromLink leaves a spent link for the forgot-password form.
func (c *Root) onForgotFromLink() {
	c.pw = passwordFlow{forgot: c.m.Screen != state.Shell}
	c.ctx.Dispatch(c.goHome)
}

func (c *Root) goHome(ctx app.Context) {
	c.path = "/"
	if u := ctx.Page().URL(); u != nil {
		home := *u
		home.Path, home.RawQuery, home.Fragment = "/", "", ""
		ctx.Page().ReplaceURL(&home)
	}
}
