package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

var shortcutKeys = []struct{ keys, text string }{
	{"↑ ↓", "help.k.arrows"},
	{"PageUp PageDown", "help.k.page"},
	{"Home End", "help.k.home_end"},
	{"Enter", "help.k.card_open"},
	{"F2 / Enter", "help.k.f2"},
	{"Ctrl+Enter", "help.k.save"},
	{"Esc", "help.k.esc_card"},
	{"Tab ⇧Tab", "help.k.tab"},
	{"Esc", "help.k.esc"},
	{"→ ←", "help.k.tree"},
	{"?", "help.k.help"},
	{"⇧F10 / ⋮", "help.k.menu"},
}

// ShortcutsHelp (#shortcuts-dialog) lists the grid's keyboard shortcuts.
type ShortcutsHelp struct {
	app.Compo

	Lang    string
	OnClose func()

	back focusReturn
}

func (c *ShortcutsHelp) OnMount(ctx app.Context) { c.back.save() }

func (c *ShortcutsHelp) OnDismount() { c.back.restore() }

func (c *ShortcutsHelp) Render() app.UI {
	return app.Div().Class("modal-backdrop").OnKeyDown(onEscape(c.onClose)).Body(
		app.Div().ID("shortcuts-dialog").Class("modal").
			Role("dialog").Aria("modal", "true").Aria("labelledby", "shortcuts-title").
			Body(
				app.H2().ID("shortcuts-title").Class("modal-title").Text(i18n.T(c.Lang, "help.title")),
				app.Dl().Class("shortcut-list").Body(
					app.Range(shortcutKeys).Slice(func(i int) app.UI {
						k := shortcutKeys[i]
						return app.Div().Class("shortcut").Body(
							app.Dt().Body(app.Kbd().Text(k.keys)),
							app.Dd().Text(i18n.T(c.Lang, k.text)),
						)
					}),
				),
				app.Div().Class("modal-actions").Body(
					app.Button().ID("shortcuts-close").Type("button").Class("btn", "btn-primary").
						OnClick(c.onClose).Text(i18n.T(c.Lang, "help.close")),
				),
			),
	)
}

func (c *ShortcutsHelp) onClose(ctx app.Context, e app.Event) { emit(ctx, c.OnClose) }
