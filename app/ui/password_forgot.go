package ui

import (
	"context"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/server/api"
)

// States of the forgot-password form (#password-forgot[data-state]).
const (
	forgotReady   = "ready"
	forgotSending = "sending"
	forgotSent    = "sent"
)

// PasswordForgot (#password-forgot) is the "Forgot password?" form of the
// sign-in screen: a login and "send the link". Whatever the login, the
// answer reads the same (the server never tells whether an account exists
// or has an e-mail); only a rate limit or the network say otherwise.
type PasswordForgot struct {
	app.Compo

	Lang string
	// InitialLogin pre-fills the field (what the sign-in form had).
	InitialLogin string
	Backend      Backend
	Link         *Link
	OnBack       func()
	OnLang       func(lang string)

	state string
	login string
	alert string
	code  string
	seq   int
}

func (c *PasswordForgot) OnMount(ctx app.Context) {
	c.state = forgotReady
	c.login = c.InitialLogin
	ctx.Defer(func(app.Context) { focusByID("forgot-login") })
}

func (c *PasswordForgot) onLogin(ctx app.Context, e app.Event) {
	c.login = ctx.JSSrc().Get("value").String()
	ctx.PreventUpdate() // nothing on screen depends on it
}

func (c *PasswordForgot) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.submit(ctx)
	rerender(ctx, c)
}

func (c *PasswordForgot) submit(ctx app.Context) {
	if c.state == forgotSending || c.Backend == nil {
		return
	}
	if app.IsClient {
		c.login = ctx.JSSrc().Get("elements").Get("forgot-login").Get("value").String()
	}
	login := strings.TrimSpace(c.login)
	if login == "" {
		ctx.Defer(func(app.Context) { focusByID("forgot-login") })
		return
	}
	if c.Link == nil {
		c.Link = &Link{}
	}
	c.state, c.alert, c.code = forgotSending, "", ""
	c.seq++
	seq := c.seq
	backend := c.Backend
	send(ctx, c.Link, func(rctx context.Context) error {
		rctx, cancel := context.WithTimeout(rctx, httpTimeout)
		defer cancel()
		return backend.PasswordForgot(rctx, api.PasswordForgot{Login: login})
	}, func() bool { return seq == c.seq }, func(err error) {
		if err == nil {
			c.state = forgotSent
			ctx.Defer(func(app.Context) { focusByID("forgot-back") })
			return
		}
		c.state = forgotReady
		c.alert, c.code = pwFailure(c.Lang, "forgot.rate_limited", err)
	})
}

func (c *PasswordForgot) onBack(ctx app.Context, e app.Event) {
	if c.OnBack != nil {
		c.OnBack()
	}
}

func (c *PasswordForgot) Render() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	st := c.state
	if st == "" {
		st = forgotReady
	}
	back := app.Button().ID("forgot-back").Type("button").Class("link-btn", "pw-back").
		OnClick(c.onBack).Text(t("forgot.back"))
	var body app.UI
	if st == forgotSent {
		body = app.Div().Body(
			app.H1().Class("login-title").Text(t("forgot.title")),
			app.Div().ID("forgot-message").Class("alert", "alert-info", "pw-alert").
				Role("status").DataSet("code", "sent").
				Body(
					app.Span().Class("alert-icon").Body(icon(pathInfo)),
					app.Span().Text(t("forgot.sent")),
				),
			app.P().Class("pw-note").Text(t("forgot.no_email")),
			back,
		)
	} else {
		sending := st == forgotSending
		submit := t("forgot.submit")
		if sending {
			submit = t("forgot.busy")
		}
		body = app.Div().Body(
			app.H1().Class("login-title").Text(t("forgot.title")),
			app.P().Class("login-subtitle").Text(t("forgot.subtitle")),
			app.Form().ID("forgot-form").Class("login-form").
				Attr("aria-busy", sending).
				OnSubmit(c.onSubmit).
				Body(
					app.Div().Class("field").Body(
						app.Label().For("forgot-login").Text(t("forgot.login")),
						app.Input().ID("forgot-login").Name("username").Type("text").Class("input").
							Attr("autocomplete", "username").
							Attr("autocapitalize", "none").
							Spellcheck(false).
							Required(true).
							Value(c.InitialLogin).
							OnInput(c.onLogin),
					),
					pwAlert("forgot-message", c.alert, c.code, false),
					app.Button().ID("forgot-submit").Type("submit").
						Class("btn", "btn-primary", "btn-block").
						Disabled(sending).
						Body(
							app.If(sending, app.Span().Class("spinner").Aria("hidden", "true")),
							app.Span().Text(submit),
						),
				),
			back,
		)
	}
	return authCard(c.Lang, "password-forgot", c.OnLang, body).DataSet("state", st)
}

// ---- Root's side

// onForgot opens the forgot-password form from the sign-in form.
func (c *Root) onForgot(login string) {
	c.pw.forgot, c.pw.login = true, strings.TrimSpace(login)
	c.ctx.Dispatch(func(app.Context) {})
}

func (c *Root) onForgotBack() {
	c.pw.forgot = false
	c.ctx.Dispatch(func(app.Context) {})
}

func (c *Root) renderForgot() app.UI {
	return app.Div().Class("screen-login").Body(
		&ConnBanner{Lang: c.lang, State: c.m.Conn},
		app.Div().Class("login-page").Body(
			app.Main().ID("main").Class("login-main").Body(
				&PasswordForgot{
					Lang: c.lang, InitialLogin: c.pw.login, Backend: c.backend, Link: c.link,
					OnBack: c.onForgotBack, OnLang: c.onLang,
				},
			),
		),
	)
}
