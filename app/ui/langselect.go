package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
)

// LangSelect is the labelled language switch (#lang-select). It shows each
// language by its own name, so a user who cannot read the current language
// still finds theirs.
type LangSelect struct {
	app.Compo

	Lang string
	// Label is the catalog key of the visually hidden label.
	Label    string
	OnChange func(lang string)
}

func (c *LangSelect) Render() app.UI {
	label := c.Label
	if label == "" {
		label = "header.lang"
	}
	return app.Div().Class("lang-select").Body(
		app.Label().For("lang-select").Class("lang-select-label").Body(
			icon(pathGlobe),
			app.Span().Class("sr-only").Text(i18n.T(c.Lang, label)),
		),
		app.Select().ID("lang-select").Class("lang-select-input").
			OnChange(c.onChange).
			Body(
				app.Range(i18n.Langs()).Slice(func(i int) app.UI {
					lang := i18n.Langs()[i]
					return app.Option().Value(lang).Lang(lang).
						Selected(lang == c.Lang).
						Text(i18n.Name(lang))
				}),
			),
	)
}

func (c *LangSelect) onChange(ctx app.Context, e app.Event) {
	lang := ctx.JSSrc().Get("value").String()
	if !i18n.Supported(lang) || lang == c.Lang || c.OnChange == nil {
		return
	}
	ctx.Emit(func() { c.OnChange(lang) })
}
