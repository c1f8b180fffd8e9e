package ui

import (
	"errors"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// favorites is Root's copy of the user's favorite catalogs: the home
// page shows them as tiles and the catalog screen's star button toggles
// one. Every change saves the whole list; a push from another tab
// replaces it.
type favorites struct {
	list  []string
	known bool
	user  string // whose list it is: a sign-in as someone else reloads
	seq   int    // the latest save; older replies are stale
	err   string // the error code of the last failed save, "" for none
	errN  int
	// rev counts the lists applied: loaded, pushed or saved
	// (#favorites[data-rev]).
	rev int
}

// loadFavorites asks for the favorites after each hello.
func (c *Root) loadFavorites(ctx app.Context, sock Socket) {
	askSock(c, ctx, sock, api.TypeFavorites, func(_ app.Context, reply api.Favorites, err error) {
		var apiErr *api.Error
		switch {
		case err == nil:
			c.fav.list = slices.Clone(reply.Catalogs)
		case errors.As(err, &apiErr):
			c.fav.list = nil // an older server: the panel stays empty
		default:
			return // a network error: the next hello asks again
		}
		c.fav.known, c.fav.user = true, c.m.User.Login
		c.fav.rev++
	})
}

// favsLoaded says the favorites on hand are the signed-in user's.
func (c *Root) favsLoaded() bool { return c.fav.known && c.fav.user == c.m.User.Login }

// saveFavorites shows next at once and saves it; a failure puts the list
// back as it was and shows a toast. UI goroutine.
func (c *Root) saveFavorites(next []string) {
	if slices.Equal(next, c.fav.list) {
		return
	}
	if len(next) > api.MaxFavorites && len(next) > len(c.fav.list) {
		c.favFailed(&api.Error{Code: api.CodeTooMany}) // the server would refuse it too
		c.ctx.Dispatch(func(app.Context) {})
		return
	}
	prev := c.fav.list
	c.fav.list = slices.Clone(next)
	c.fav.seq++
	seq := c.fav.seq
	req := api.Favorites{Catalogs: slices.Clone(next)}
	if req.Catalogs == nil {
		req.Catalogs = []string{}
	}
	// A later save decides.
	ask(c.ctx, c.link, api.TypeFavoritesSave, req, func() bool { return seq == c.fav.seq }, func(reply api.Favorites, err error) {
		c.fav.rev++
		if err != nil {
			c.fav.list = prev
			c.favFailed(err)
			return
		}
		c.fav.list = slices.Clone(reply.Catalogs)
	})
	// The caller may be a child that prevented its own update; make sure
	// Root renders the new list.
	c.ctx.Dispatch(func(app.Context) {})
}

// toggleFavorite adds or removes one catalog (the catalog screen's star).
func (c *Root) toggleFavorite(key string, on bool) {
	if on {
		c.saveFavorites(state.FavAdd(c.fav.list, key))
	} else {
		c.saveFavorites(state.FavRemove(c.fav.list, key))
	}
}

func (c *Root) favFailed(err error) {
	c.fav.err = string(codeOf(err))
	c.fav.errN++
	n := c.fav.errN
	c.ctx.After(state.ToastLong, func(app.Context) {
		if c.fav.errN == n {
			c.fav.err = ""
		}
	})
}

func (c *Root) onFavToastClose(ctx app.Context, e app.Event) { c.fav.err = "" }

// renderFavToast shows a failed save of the favorites.
func (c *Root) renderFavToast() app.UI {
	if c.fav.err == "" {
		return nil
	}
	return app.Div().ID("fav-toasts").Class("toasts", "toasts-shell").Role("alert").Body(
		app.Div().Class("toast", "toast-error").DataSet("code", c.fav.err).Body(
			app.Span().Class("toast-icon").Body(icon(pathAlert)),
			app.Span().Class("toast-text").Text(i18n.T(c.lang, "home.fav_save_failed")+" "+i18n.Error(c.lang, api.Code(c.fav.err))),
			app.Button().Type("button").Class("icon-btn", "toast-close").
				Aria("label", i18n.T(c.lang, "card.dismiss")).
				OnClick(c.onFavToastClose).
				Body(icon(pathClose)),
		),
	)
}
