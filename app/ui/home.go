package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/server/api"
)

// Home (#home) greets the user and holds the favorites area, which later
// work fills with the user's starred catalogs.
type Home struct {
	app.Compo

	Lang     string
	UserName string
	Groups   []api.NavGroup
	Loaded   bool
}

func (c *Home) Render() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	return app.Div().ID("home").Class("page").Body(
		app.Div().Class("page-head").Body(
			app.H1().Class("page-title").Text(i18n.Tf(c.Lang, "home.welcome", c.UserName)),
			app.P().Class("page-lead").Text(t("home.intro")),
		),
		app.Div().Class("card-grid").Body(
			app.Section().ID("favorites").Class("card", "card-wide").Aria("labelledby", "favorites-title").Body(
				app.H2().ID("favorites-title").Class("card-title").Body(
					app.Span().Class("card-title-icon", "star").Body(icon(pathStar)),
					app.Text(t("home.favorites")),
				),
				app.Div().Class("empty-state").Body(
					app.Div().Class("empty-icon").Body(icon(pathStar)),
					app.P().Text(t("home.favorites_empty")),
				),
			),
			app.Section().Class("card").Aria("labelledby", "sections-title").Body(
				app.H2().ID("sections-title").Class("card-title").Body(
					app.Span().Class("card-title-icon").Body(icon(pathFolder)),
					app.Text(t("home.sections")),
				),
				app.If(!c.Loaded,
					app.Div().Class("skeleton"),
					app.Div().Class("skeleton", "skeleton-short"),
				).Else(
					app.Ul().Class("section-list").Body(
						app.Range(c.Groups).Slice(func(i int) app.UI {
							g := c.Groups[i]
							count := app.Span().Class("count").Textf("%d", len(g.Items))
							if len(g.Items) == 0 {
								count = app.Span().Class("count", "count-empty").Text(t("nav.empty"))
							}
							return app.Li().Class("section-row").Body(
								app.Span().Class("section-name").Text(t("nav.group."+g.Key)),
								count,
							)
						}),
					),
				),
				app.P().Class("card-hint").Text(t("home.hint")),
			),
		),
	)
}
