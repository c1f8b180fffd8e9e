package ui

import (
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/server/api"
)

// SectionPath is where a navigation item leads.
func SectionPath(itemKey string) string { return "/c/" + itemKey }

// NavPanel (#nav-panel) lists the navigation groups from hello. Items are
// plain links: go-app turns a click into in-app navigation, and a link can
// be opened in a new tab, which a button cannot.
type NavPanel struct {
	app.Compo

	Lang   string
	Groups []api.NavGroup
	// Loaded is false until the first hello answers.
	Loaded bool
	Open   bool
	// Path is the current page, to mark its item.
	Path string
	// OnClose closes the panel (Escape); nil when the panel is not an
	// overlay.
	OnClose func()
}

func (c *NavPanel) Render() app.UI {
	t := func(key string) string { return i18n.T(c.Lang, key) }
	nav := app.Nav().ID("nav-panel").Class("navpanel").
		Aria("label", t("nav.title")).
		OnKeyDown(c.onKeyDown)
	if !c.Open {
		nav = nav.Hidden(true)
	}
	var body app.UI
	switch {
	case !c.Loaded:
		body = app.Div().Class("nav-loading").Aria("busy", "true").Body(
			app.Span().Class("sr-only").Text(t("nav.loading")),
			app.Div().Class("skeleton"),
			app.Div().Class("skeleton", "skeleton-short"),
			app.Div().Class("skeleton"),
		)
	default:
		body = app.Range(c.Groups).Slice(func(i int) app.UI { return c.renderGroup(c.Groups[i]) })
	}
	return nav.Body(
		app.Div().Class("nav-title").Text(t("nav.title")),
		app.Div().Class("nav-groups").Body(body),
	)
}

func (c *NavPanel) renderGroup(g api.NavGroup) app.UI {
	titleID := "nav-group-" + g.Key
	title := i18n.T(c.Lang, "nav.group."+g.Key)
	if len(g.Items) == 0 {
		return app.Section().Class("nav-group", "nav-group-empty").
			DataSet("group", g.Key).
			Aria("labelledby", titleID).
			Body(
				app.H2().ID(titleID).Class("nav-group-title").Body(
					app.Span().Class("nav-group-icon").Body(icon(pathFolder)),
					app.Span().Class("nav-group-text").Text(title),
					app.Span().Class("nav-empty").Text(i18n.T(c.Lang, "nav.empty")),
				),
			)
	}
	return app.Section().Class("nav-group").
		DataSet("group", g.Key).
		Aria("labelledby", titleID).
		Body(
			app.H2().ID(titleID).Class("nav-group-title").Body(
				app.Span().Class("nav-group-icon").Body(icon(pathFolder)),
				app.Span().Class("nav-group-text").Text(title),
			),
			app.Ul().Class("nav-items").Body(
				app.Range(g.Items).Slice(func(i int) app.UI {
					item := g.Items[i]
					href := SectionPath(item.Key)
					a := app.A().Href(href).Class("nav-item").DataSet("key", item.Key).
						Text(item.Label.In(c.Lang))
					if strings.EqualFold(c.Path, href) {
						a = a.Aria("current", "page")
					}
					return app.Li().Body(a)
				}),
			),
		)
}

func (c *NavPanel) onKeyDown(ctx app.Context, e app.Event) {
	if e.Get("key").String() == "Escape" && c.OnClose != nil {
		ctx.Emit(c.OnClose)
	}
}
