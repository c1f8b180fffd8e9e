package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// Login is the sign-in screen: the form, the message about the last attempt
// or the end of the previous session, and the language switch (a user who
// cannot read Russian must be able to switch before signing in).
type Login struct {
	app.Compo

	Lang string
	// Message is the text of #login-message; empty hides it. Code goes to
	// its data-code (an error code or a session end reason), Info styles it
	// as information rather than an error (a session that ended is not the
	// user's mistake).
	Message string
	Code    string
	Info    bool
	// Busy disables the form while the request is in flight.
	Busy bool
	// Failures counts failed attempts; each increase clears and focuses
	// the password field.
	Failures int
	// InitialName pre-fills the login field (the user whose session ended).
	InitialName string
	OnSubmit    func(login, password string)
	OnLang      func(lang string)
	// OnForgot opens the forgot-password form with the login typed so
	// far; nil hides the link.
	OnForgot func(login string)

	name, password string
	seenFailures   int
}

func (c *Login) OnMount(ctx app.Context) {
	c.name = c.InitialName
	c.seenFailures = c.Failures
	first := "login-name"
	if c.name != "" {
		first = "login-password"
	}
	ctx.Defer(func(app.Context) { focusByID(first) })
}

func (c *Login) OnUpdate(ctx app.Context) {
	if c.Failures != c.seenFailures {
		c.seenFailures = c.Failures
		c.password = ""
		// The input never renders its value (see onPassword): clear it by hand.
		ctx.Defer(func(app.Context) {
			if el := elementByID("login-password"); el.Truthy() {
				el.Set("value", "")
			}
			focusByID("login-password")
		})
	}
}

func (c *Login) Render() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	submit := t("login.submit")
	if c.Busy {
		submit = t("login.busy")
	}
	return app.Div().Class("login-page").Body(
		app.Main().ID("main").Class("login-main").Body(
			app.Div().Class("login-card").Body(
				app.Div().Class("login-brand").Body(
					app.Img().Src("/web/icons/icon.svg").Alt("").Width(44).Height(44).Class("login-logo"),
					app.Div().Body(
						app.Div().Class("login-product").Text(t("app.name")),
						app.Div().Class("login-tagline").Text(t("app.tagline")),
					),
				),
				app.H1().Class("login-title").Text(t("login.title")),
				app.P().Class("login-subtitle").Text(t("login.subtitle")),
				app.If(c.Message != "", c.renderMessage()),
				app.Form().ID("login-form").Class("login-form").
					Attr("aria-busy", c.Busy).
					OnSubmit(c.onSubmit).
					Body(
						app.Div().Class("field").Body(
							app.Label().For("login-name").Text(t("login.name")),
							app.Input().ID("login-name").Name("username").Type("text").
								Class("input").
								Attr("autocomplete", "username").
								Attr("autocapitalize", "none").
								Spellcheck(false).
								Required(true).
								Value(c.name).
								OnInput(c.onName),
						),
						app.Div().Class("field").Body(
							app.Label().For("login-password").Text(t("login.password")),
							app.Input().ID("login-password").Name("password").Type("password").
								Class("input").
								Attr("autocomplete", "current-password").
								Required(true).
								OnInput(c.onPassword),
						),
						app.Button().ID("login-submit").Type("submit").
							Class("btn", "btn-primary", "btn-block").
							Disabled(c.Busy).
							Body(
								app.If(c.Busy, app.Span().Class("spinner").Aria("hidden", "true")),
								app.Span().Text(submit),
							),
					),
				app.If(c.OnForgot != nil,
					app.Div().Class("login-links").Body(
						app.Button().ID("login-forgot").Type("button").Class("link-btn").
							OnClick(c.onForgot).Text(t("login.forgot")),
					),
				),
				app.Div().Class("login-footer").Body(
					&LangSelect{Lang: c.Lang, Label: "login.lang_label", OnChange: c.OnLang},
					app.P().Class("login-note").Text(t("login.footer")),
				),
			),
		),
	)
}

func (c *Login) renderMessage() app.UI {
	kind, paths := "alert-error", pathAlert
	if c.Info {
		kind, paths = "alert-info", pathInfo
	}
	return app.Div().ID("login-message").Class("alert", kind).
		Role("alert").
		DataSet("code", c.Code).
		DataSet("failures", c.Failures).
		Body(
			app.Span().Class("alert-icon").Body(icon(paths)),
			app.Span().Text(c.Message),
		)
}

// Typing re-renders nothing: a render would write the value back as go-app
// saw it, trimmed, and drop the space just typed between the words of a
// passphrase (or keys typed meanwhile).
func (c *Login) onName(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.name = ctx.JSSrc().Get("value").String()
}

func (c *Login) onPassword(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.password = ctx.JSSrc().Get("value").String()
}

func (c *Login) onSubmit(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if c.Busy || c.OnSubmit == nil {
		return
	}
	name, password := c.name, c.password
	if app.IsClient {
		// Password managers may fill the fields without input events, so
		// the form's own values are the truth.
		els := ctx.JSSrc().Get("elements")
		name = els.Get("login-name").Get("value").String()
		password = els.Get("login-password").Get("value").String()
		c.name, c.password = name, password
	}
	ctx.Emit(func() { c.OnSubmit(name, password) })
}

func (c *Login) onForgot(ctx app.Context, e app.Event) {
	name := c.name
	if app.IsClient {
		name = app.Window().GetElementByID("login-name").Get("value").String()
	}
	if c.OnForgot != nil {
		ctx.Emit(func() { c.OnForgot(name) })
	}
}
