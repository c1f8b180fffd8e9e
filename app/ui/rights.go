package ui

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/server/api"
)

// rightsWatch follows a change of the user's rights pushed by the server
// (api.TypeRightsChanged): the root says hello again and reloads the
// catalog descriptions, so the navigation, grids and cards show what the
// user may do now; a screen they may no longer open closes with a message
// (#rights-toast[data-closed] names it). The server checks every request
// by the new rights whatever the tab does.
type rightsWatch struct {
	pending bool
	// title is the open screen's title when the change was heard: the
	// reloaded navigation no longer names a catalog taken away.
	title string
	// closed is the title of the screen that closed ("" none); rev counts
	// the changes applied (#shell[data-rights-rev]).
	closed string
	rev    int
}

func (c *Root) onRightsChanged(ctx app.Context) {
	if c.ws == nil {
		return
	}
	c.rights.pending = true
	c.rights.title, _ = c.screenAllowed(strings.TrimSuffix(c.path, "/"))
	c.hello(ctx, c.ws)
}

// rightsApplied runs when the catalogs have been reloaded: if a change of
// rights was pending and the open screen is no longer allowed, it closes.
func (c *Root) rightsApplied(ctx app.Context) {
	if !c.rights.pending {
		return
	}
	c.rights.pending = false
	c.rights.rev++
	path := strings.TrimSuffix(c.path, "/")
	title, allowed := c.screenAllowed(path)
	if allowed {
		return
	}
	if c.rights.title != "" {
		title = c.rights.title
	}
	c.rights.closed = title
	ctx.Navigate("/")
}

// screenAllowed reports whether the user may still open path, and the
// screen's title.
func (c *Root) screenAllowed(path string) (string, bool) {
	if key, ok := strings.CutPrefix(path, "/c/"); ok {
		if cat := c.m.Catalog(key); cat != nil {
			return cat.Label.In(c.lang), true
		}
		return c.lastTitle(key), false
	}
	if rest, ok := strings.CutPrefix(path, "/admin/"); ok {
		screen, _, _ := strings.Cut(rest, "/")
		need := map[string]string{"users": api.RightAdminUsers, "roles": api.RightAdminRoles}[screen]
		title := map[string]string{"users": "nav.admin.users", "roles": "nav.admin.roles"}[screen]
		if need != "" && !slices.Contains(c.m.User.Rights, need) {
			return i18n.T(c.lang, title), false
		}
	}
	return "", true
}

// lastTitle is the title of a catalog the user had open, from the
// navigation as it was (the new one no longer lists it).
func (c *Root) lastTitle(key string) string {
	for _, g := range c.m.Nav {
		for _, it := range g.Items {
			if it.Key == key {
				return it.Label.In(c.lang)
			}
		}
	}
	return key
}

func (c *Root) onRightsToastClose(ctx app.Context, e app.Event) { c.rights.closed = "" }

func (c *Root) renderRightsToast() app.UI {
	if c.rights.closed == "" {
		return nil
	}
	return app.Div().ID("rights-toast").Class("toasts", "toasts-shell").Role("alert").DataSet("closed", c.rights.closed).Body(
		app.Div().Class("toast", "toast-error").DataSet("code", "rights_changed").Body(
			app.Span().Class("toast-icon").Body(icon(pathAlert)),
			app.Span().Class("toast-text").Text(i18n.Tf(c.lang, "rights.closed", c.rights.closed)),
			app.Button().Type("button").Class("icon-btn", "toast-close").
				Aria("label", i18n.T(c.lang, "card.dismiss")).
				OnClick(c.onRightsToastClose).
				Body(icon(pathClose)),
		),
	)
}
