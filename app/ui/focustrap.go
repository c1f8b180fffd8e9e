package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Modal dialogs keep the keyboard inside them, as aria-modal promises: Tab
// from the last control goes to the first and Shift+Tab from the first to
// the last, and when the dialog closes the focus returns to where it was
// when it opened. Every dialog routes its keys through onEscape (or calls
// trapTab itself) and embeds a focusReturn.

// focusable matches the elements Tab stops at.
const focusable = `a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ` +
	`select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])`

// trapTab keeps a Tab key event inside the element whose handler hears it
// (the dialog or its backdrop): it reports whether it moved the focus.
// Other keys, and Tab between two controls of the dialog, pass.
func trapTab(e app.Event) bool {
	if app.IsServer || e.Get("key").String() != "Tab" {
		return false
	}
	box := e.Get("currentTarget")
	if !box.Truthy() {
		return false
	}
	var stops []app.Value
	list := box.Call("querySelectorAll", focusable)
	for i, n := 0, list.Length(); i < n; i++ {
		el := list.Index(i)
		// Hidden ones (display: none, a closed popup) are no stops.
		if el.Call("getClientRects").Length() > 0 {
			stops = append(stops, el)
		}
	}
	if len(stops) == 0 {
		e.PreventDefault() // nothing to go to, and nowhere else either
		return true
	}
	active := app.Window().Get("document").Get("activeElement")
	inside := active.Truthy() && box.Call("contains", active).Bool()
	first, last := stops[0], stops[len(stops)-1]
	switch {
	case e.Get("shiftKey").Bool() && (!inside || active.Equal(first)):
		last.Call("focus")
	case !e.Get("shiftKey").Bool() && (!inside || active.Equal(last)):
		first.Call("focus")
	default:
		return false
	}
	e.PreventDefault()
	return true
}

// focusReturn remembers the element that had the focus when a dialog
// opened (save, in OnMount) and gives it back when the dialog goes
// (restore, in OnDismount) — unless the focus has meanwhile gone
// somewhere on purpose, or that element has left the page.
type focusReturn struct{ el app.Value }

func (f *focusReturn) save() {
	if app.IsServer {
		return
	}
	f.el = app.Window().Get("document").Get("activeElement")
}

func (f *focusReturn) restore() {
	if app.IsServer || f.el == nil || !f.el.Truthy() {
		return
	}
	el := f.el
	f.el = nil
	doc := app.Window().Get("document")
	// The dialog's elements are out of the page by now: a focus that was
	// in it has fallen back to the body.
	if now := doc.Get("activeElement"); now.Truthy() && !now.Equal(doc.Get("body")) {
		return
	}
	if el.Get("isConnected").Bool() {
		el.Call("focus")
	}
}

// focusInView scrolls the element with id into the middle of its scroll
// box and puts the focus there (a field far down a long card).
func focusInView(id string) {
	if app.IsServer {
		return
	}
	el := app.Window().GetElementByID(id)
	if !el.Truthy() {
		return
	}
	el.Call("scrollIntoView", map[string]any{"block": "center", "inline": "nearest"})
	el.Call("focus", map[string]any{"preventScroll": true})
}

// refocus puts the focus on the element with id when the focus has fallen
// back to the page (the focused control went away: a card's inputs after
// a save), so the keyboard stays where the user was working.
func refocus(id string) {
	if app.IsServer {
		return
	}
	doc := app.Window().Get("document")
	if now := doc.Get("activeElement"); !now.Truthy() || now.Equal(doc.Get("body")) {
		focusByID(id)
	}
}

// focusWithin reports whether the focus is inside the element with id.
func focusWithin(id string) bool {
	if app.IsServer {
		return false
	}
	el := app.Window().GetElementByID(id)
	active := app.Window().Get("document").Get("activeElement")
	return el.Truthy() && active.Truthy() && el.Call("contains", active).Bool()
}
