package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// Header is the shell's top bar: the panel toggle, the logo linking home,
// and on the right the user, the language switch and sign-out.
type Header struct {
	app.Compo

	Lang       string
	UserName   string
	NavOpen    bool
	LoggingOut bool

	OnToggleNav func()
	OnLang      func(lang string)
	OnLogout    func()
}

func (c *Header) Render() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	toggleLabel := t("header.menu_show")
	if c.NavOpen {
		toggleLabel = t("header.menu_hide")
	}
	return app.Header().Class("topbar").Body(
		app.Button().ID("nav-toggle").Type("button").Class("icon-btn", "topbar-btn").
			Aria("expanded", c.NavOpen).
			Aria("controls", "nav-panel").
			Aria("label", toggleLabel).
			Title(toggleLabel).
			OnClick(c.onToggle).
			Body(icon(pathMenu)),
		app.A().ID("logo-link").Href("/").Class("brand").Aria("label", t("header.home")).Body(
			app.Img().Src("/web/icons/icon.svg").Alt("").Width(28).Height(28).Class("brand-logo"),
			app.Span().Class("brand-name").Text(t("app.name")),
		),
		app.Div().Class("topbar-spacer"),
		app.Div().Class("topbar-user").Body(
			// The user's own page (/account): password and sessions.
			app.A().ID("account-link").Href(pathAccount).Class("user-chip").
				Title(t("header.account")).
				Body(
					app.Span().Class("user-avatar").Aria("hidden", "true").Text(initials(c.UserName)),
					app.Span().ID("user-name").Class("user-name").Text(c.UserName),
					app.Span().Class("sr-only").Text(" — "+t("header.account")),
				),
			&LangSelect{Lang: c.Lang, OnChange: c.OnLang},
			app.Button().ID("logout").Type("button").Class("btn", "btn-topbar").
				Disabled(c.LoggingOut).
				Aria("label", t("header.logout")).
				Title(t("header.logout")).
				OnClick(c.onLogout).
				Body(
					icon(pathLogout),
					app.Span().Class("btn-label").Text(t("header.logout")),
				),
		),
	)
}

func (c *Header) onToggle(ctx app.Context, e app.Event) {
	if c.OnToggleNav != nil {
		ctx.Emit(c.OnToggleNav)
	}
}

func (c *Header) onLogout(ctx app.Context, e app.Event) {
	if c.OnLogout != nil {
		ctx.Emit(c.OnLogout)
	}
}

// initials gives the avatar letters: first letters of the first two words.
func initials(name string) string {
	var out []rune
	start := true
	for _, r := range name {
		if r == ' ' || r == '\t' {
			start = true
			continue
		}
		if start {
			out = append(out, r)
			start = false
			if len(out) == 2 {
				break
			}
		}
	}
	if len(out) == 0 {
		return "?"
	}
	return string(out)
}
