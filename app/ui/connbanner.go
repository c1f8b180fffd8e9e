package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
)

// ConnBanner (#conn-status) says when the server cannot be reached. It is
// always in the page, hidden while online, because screen readers announce
// changes of a live region that already exists, not of one just inserted.
type ConnBanner struct {
	app.Compo

	Lang  string
	State state.ConnState
}

func (c *ConnBanner) Render() app.UI {
	st := c.State
	if st == "" {
		st = state.Connecting
	}
	paths := pathSync
	if st == state.Offline || st == state.Parked {
		paths = pathOffline
	}
	div := app.Div().ID("conn-status").
		Class("conn-banner", "conn-"+string(st)).
		Role("status").
		Aria("live", "polite").
		DataSet("state", string(st))
	if st == state.Online {
		return div.Hidden(true)
	}
	return div.Body(
		app.Span().Class("conn-icon").Body(icon(paths)),
		app.Span().Text(i18n.T(c.Lang, "conn."+string(st))),
	)
}
