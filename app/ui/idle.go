package ui

import (
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
)

// IdleWarning (#idle) speaks for a user who works without requests and
// warns one who has stopped (state.Idle decides when). Every key, input,
// pointer press, wheel turn, scroll and focus change on the page counts as
// an action; while the warning shows, actions close it.
//
// The warning (#idle-dialog) is a modal alertdialog with a live countdown
// (#idle-left): "stay signed in" (#idle-stay, focused) pings, "sign out"
// (#idle-logout) signs out. #idle[data-warn-at] and [data-ends-at] are
// when the warning shows and the session ends if nothing happens (Unix
// milliseconds), [data-warning] whether it shows, [data-pings] the pings
// sent for actions — the states the browser tests wait on.
type IdleWarning struct {
	app.Compo

	Lang  string
	Limit time.Duration // the server's idle limit; 0 turns the watch off
	// Heard is when the server last heard a request of this tab (Unix
	// nanoseconds), kept by the socket wrapper in root.go.
	Heard    *atomic.Int64
	OnPing   func()
	OnLogout func()
	// OnEnded runs once when the limit has passed without a request: the
	// server has ended the session, and the root checks it.
	OnEnded func()

	idle    state.Idle
	step    state.IdleStep
	limit   time.Duration
	acted   atomic.Int64 // Unix nanoseconds of the last action, set outside the UI goroutine
	warning atomic.Bool  // the warning shows (read by the listener)
	pings   int
	ended   bool
	// shownLeft is the countdown the dialog was written with.
	shownLeft string
	back      focusReturn // what had the focus when the warning opened (focustrap.go)
	stop      func()
}

func (c *IdleWarning) OnMount(ctx app.Context) {
	c.restart()
	if app.IsServer {
		return // no page to watch, and a clock would keep the tests' UI queue busy
	}
	stopListen := c.listen(ctx)
	done := make(chan struct{})
	c.stop = func() {
		stopListen()
		close(done)
	}
	// A goroutine of its own, not ctx.Async: it runs as long as the shell.
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-tick.C:
				ctx.Dispatch(func(ctx app.Context) { c.tick(ctx) })
			}
		}
	}()
}

func (c *IdleWarning) OnDismount() {
	if c.stop != nil {
		c.stop()
		c.stop = nil
	}
}

// restart follows a (new) limit from now.
func (c *IdleWarning) restart() {
	c.limit = c.Limit
	c.idle = state.NewIdle(c.Limit, time.Now())
	c.step = c.idle.Step(time.Now())
}

// listen hears the user's actions anywhere on the page, in the capture
// phase (a handler that stops an event still lets it count), passively.
// Actions in the warning itself are its buttons' business.
func (c *IdleWarning) listen(ctx app.Context) (stop func()) {
	doc := app.Window().Get("document")
	fn := app.FuncOf(func(_ app.Value, args []app.Value) any {
		if t := args[0].Get("target"); t.Truthy() && t.Get("closest").Truthy() && t.Call("closest", "#idle-dialog").Truthy() {
			return nil
		}
		c.acted.Store(time.Now().UnixNano())
		if c.warning.Load() {
			ctx.Dispatch(func(ctx app.Context) { c.tick(ctx) })
		}
		return nil
	})
	events := []string{"keydown", "input", "pointerdown", "wheel", "scroll", "focusin"}
	opts := map[string]any{"capture": true, "passive": true}
	for _, ev := range events {
		doc.Call("addEventListener", ev, fn, opts)
	}
	return func() {
		for _, ev := range events {
			doc.Call("removeEventListener", ev, fn, opts)
		}
		fn.Release()
	}
}

// tick brings the watch up to date and does what it says: ping, warn,
// or report the end.
func (c *IdleWarning) tick(ctx app.Context) {
	if c.Limit != c.limit {
		c.restart()
	}
	now := time.Now()
	if c.Heard != nil {
		c.idle.Touched(time.Unix(0, c.Heard.Load()))
	}
	if a := c.acted.Load(); a != 0 {
		c.idle.Acted(time.Unix(0, a))
	}
	c.apply(ctx, c.idle.Step(now))
}

func (c *IdleWarning) apply(ctx app.Context, s state.IdleStep) {
	was := c.step.Warn
	c.step = s
	c.warning.Store(s.Warn)
	if s.Ping {
		c.pings++
		if c.OnPing != nil {
			c.OnPing()
		}
	}
	switch {
	case s.Ended && !c.ended:
		c.ended = true
		if c.OnEnded != nil {
			c.OnEnded()
		}
	case !s.Ended:
		c.ended = false
	}
	switch {
	case s.Warn && !was:
		c.shownLeft = state.FormatLeft(s.Left)
		c.back.save()
		ctx.Defer(func(app.Context) { focusByID("idle-stay") })
	case s.Warn:
		c.showLeft(state.FormatLeft(s.Left))
	case was:
		// Once the dialog has left the page.
		ctx.Defer(func(app.Context) { c.back.restore() })
	}
}

func ms(t time.Time) string {
	if t.IsZero() {
		return "0"
	}
	return strconv.FormatInt(t.UnixMilli(), 10)
}

func (c *IdleWarning) Render() app.UI {
	s := c.step
	root := app.Div().ID("idle").
		DataSet("warn-at", ms(s.WarnAt)).
		DataSet("ends-at", ms(s.EndsAt)).
		DataSet("warning", s.Warn).
		DataSet("pings", c.pings)
	if !s.Warn {
		return root.Hidden(true)
	}
	// The dialog is one piece of HTML written when it opens, with the
	// handlers on the backdrop: it stays the same node while it shows, so
	// the focus stays on its button; the countdown is written into it
	// every second (showLeft). The texts are the message catalog's, which
	// holds no markup characters.
	t := func(key string) string { return i18n.T(c.Lang, key) }
	var m markup
	m.add(`<div id="idle-dialog" class="modal idle-dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text idle-left">`,
		`<h2 id="idle-title" class="modal-title"><span class="modal-icon">`, svgOpen, pathClock, svgClose, `</span>`, t("idle.title"), `</h2>`,
		`<p id="idle-text" class="modal-text">`, t("idle.text"), `</p>`,
		`<p class="idle-count"><span id="idle-left" role="timer">`, c.shownLeft, `</span></p>`,
		`<div class="modal-actions"><button id="idle-logout" type="button" class="btn btn-secondary">`, t("idle.logout"),
		`</button><button id="idle-stay" type="button" class="btn btn-primary">`, t("idle.stay"), `</button></div></div>`)
	return root.Class("modal-backdrop", "idle-backdrop").
		OnClick(c.onClick).
		OnKeyDown(c.onKey).
		Body(app.Raw(strings.Join(m, "")))
}

// showLeft writes the countdown into the open dialog.
func (c *IdleWarning) showLeft(left string) {
	if app.IsServer {
		return
	}
	if el := app.Window().GetElementByID("idle-left"); el.Truthy() {
		el.Set("textContent", left)
	}
}

// onClick is the dialog's buttons.
func (c *IdleWarning) onClick(ctx app.Context, e app.Event) {
	switch e.Get("target").Call("closest", "button").Get("id").String() {
	case "idle-stay":
		rerender(ctx, c)
		c.stay(ctx)
	case "idle-logout":
		rerender(ctx, c)
		if c.OnLogout != nil {
			c.OnLogout()
		}
	default:
		ctx.PreventUpdate()
	}
}

// stay is "stay signed in": a ping at once, the warning gone.
func (c *IdleWarning) stay(ctx app.Context) {
	now := time.Now()
	c.acted.Store(now.UnixNano())
	c.idle.Stay(now)
	c.apply(ctx, c.idle.Step(now))
}

// onKey keeps Tab in the dialog (focustrap.go); Escape stays signed in.
func (c *IdleWarning) onKey(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	if trapTab(e) {
		return
	}
	if e.Get("key").String() == "Escape" {
		e.Call("stopPropagation")
		e.PreventDefault()
		c.stay(ctx)
		c.Update()
	}
}
