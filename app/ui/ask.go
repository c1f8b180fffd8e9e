package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// ask is how a screen talks to the server: it sends typ with req on link
// off the UI goroutine and hands the reply to done on it. current, asked on
// the UI goroutine when the reply is back, says whether the state the
// request was made for is still the one on screen (the same catalog, the
// same card, the latest lookup); if not, the reply is dropped (nil: always current), so
// it never lands in the state of another catalog or record. Every request
// is pending on link (body[data-pending]) until its reply has been handled
// and rendered.
func ask[R any](ctx app.Context, link *Link, typ string, req any, current func() bool, done func(R, error)) {
	var out R
	send(ctx, link, func(rctx context.Context) error { return link.Request(rctx, typ, req, &out) },
		current, func(err error) { done(out, err) })
}

// send is ask for any exchange with the server (an HTTP download, a
// request on one particular socket): do runs off the UI goroutine and
// fills whatever reply its closure holds. Not generic, so the wasm holds
// one copy of it.
func send(ctx app.Context, link *Link, do func(context.Context) error, current func() bool, done func(error)) {
	link.begin()
	ctx.Async(func() {
		err := do(ctx)
		ctx.Dispatch(func(app.Context) {
			if current == nil || current() {
				done(err)
			}
		})
		// Counted off after the frame that renders the reply; the body
		// is always mounted, so this runs even when the asking screen has
		// gone meanwhile (go-app drops a dispatch of an unmounted source).
		ctx.Dispatcher().Dispatch(app.Dispatch{Mode: app.Defer, Function: func(app.Context) { link.end() }})
	})
}
