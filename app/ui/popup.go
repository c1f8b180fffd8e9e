package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// Popups (a picker's list, the list and view menus) float: they are
// position: fixed boxes placed from their anchor's place on screen, so no
// container with overflow (a card's scroll box, a list editor's table)
// clips them, and they always fit the viewport: below the anchor, or
// above it when there is more room there, clamped to the edges, their
// height capped by the room left (they scroll inside).

const (
	popupMargin = 8 // px kept between a popup and the viewport's edge
	popupGap    = 4 // px between an anchor and its popup
	// popupBelow is the room below the anchor that is always enough: a
	// popup flips above only when there is less than this below and more
	// above.
	popupBelow = 200
)

// viewport is the visible area in CSS pixels, without scroll bars.
func viewport() (w, h float64) {
	el := app.Window().Get("document").Get("documentElement")
	return el.Get("clientWidth").Float(), el.Get("clientHeight").Float()
}

func px(v float64) string { return strconv.Itoa(int(v)) + "px" }

// placeBelow puts the popup popupID next to the element anchorID: as wide
// as the anchor (at least minWidth), below it or flipped above, at most
// maxHeight tall. The popup's data-placement says which ("below",
// "above"). It is a no-op when either element is missing.
func placeBelow(anchorID, popupID string, minWidth, maxHeight float64) {
	if app.IsServer {
		return
	}
	doc := app.Window().Get("document")
	anchor, pop := doc.Call("getElementById", anchorID), doc.Call("getElementById", popupID)
	if !anchor.Truthy() || !pop.Truthy() {
		return
	}
	r := anchor.Call("getBoundingClientRect")
	top, bottom, left := r.Get("top").Float(), r.Get("bottom").Float(), r.Get("left").Float()
	vw, vh := viewport()
	width := min(max(r.Get("width").Float(), minWidth), vw-2*popupMargin)
	left = min(max(left, popupMargin), vw-popupMargin-width)
	below := vh - bottom - popupGap - popupMargin
	above := top - popupGap - popupMargin
	st := pop.Get("style")
	st.Set("position", "fixed")
	st.Set("right", "auto")
	st.Set("left", px(left))
	st.Set("width", px(width))
	if below >= min(popupBelow, maxHeight) || below >= above {
		// Anchored by its top edge: the list may grow or shrink as
		// choices come without moving.
		st.Set("top", px(bottom+popupGap))
		st.Set("bottom", "auto")
		st.Set("maxHeight", px(min(maxHeight, max(below, 0))))
		pop.Get("dataset").Set("placement", "below")
		correctOffset(pop, left, bottom+popupGap, false)
	} else {
		// Anchored by its bottom edge, just above the anchor.
		st.Set("top", "auto")
		st.Set("bottom", px(vh-top+popupGap))
		st.Set("maxHeight", px(min(maxHeight, above)))
		pop.Get("dataset").Set("placement", "above")
		h := pop.Call("getBoundingClientRect").Get("height").Float()
		correctOffset(pop, left, top-popupGap-h, true)
	}
}

// fitMenu keeps the menu popupID, opened at the point x, y (the pointer,
// or below a button), inside the viewport: moved left when it would
// overflow the right edge, flipped above the point when it would overflow
// the bottom and there is more room above, and scrolling inside when it
// is taller than the room.
func fitMenu(popupID string, x, y int) {
	if app.IsServer {
		return
	}
	pop := app.Window().Get("document").Call("getElementById", popupID)
	if !pop.Truthy() {
		return
	}
	st := pop.Get("style")
	st.Set("maxHeight", "")
	r := pop.Call("getBoundingClientRect")
	w, h := r.Get("width").Float(), r.Get("height").Float()
	vw, vh := viewport()
	left := min(max(float64(x), popupMargin), vw-popupMargin-w)
	left = max(left, popupMargin)
	top := float64(y)
	below, above := vh-popupMargin-top, top-popupMargin
	switch {
	case h <= below:
	case above > below:
		top = max(popupMargin, top-h)
		st.Set("maxHeight", px(min(h, above)))
	default:
		st.Set("maxHeight", px(below))
	}
	st.Set("left", px(left))
	st.Set("top", px(top))
	correctOffset(pop, left, top, false)
}

// correctOffset moves a fixed popup by what its containing block adds:
// an ancestor with a transform (a card sliding in) makes position: fixed
// relative to that ancestor instead of the viewport. left and top are
// where the popup's box should be on screen; fromBottom says the popup is
// placed by its bottom edge.
func correctOffset(pop app.Value, left, top float64, fromBottom bool) {
	r := pop.Call("getBoundingClientRect")
	dx, dy := r.Get("left").Float()-left, r.Get("top").Float()-top
	st := pop.Get("style")
	if dx > 1 || dx < -1 {
		st.Set("left", px(left-dx))
	}
	if dy > 1 || dy < -1 {
		if fromBottom {
			cur, _ := strconv.ParseFloat(trimPx(st.Get("bottom").String()), 64)
			st.Set("bottom", px(cur+dy))
		} else {
			st.Set("top", px(top-dy))
		}
	}
}

func trimPx(s string) string {
	if len(s) > 2 && s[len(s)-2:] == "px" {
		return s[:len(s)-2]
	}
	return s
}

// followScroll calls place whenever the page or a container on it
// scrolls, or the window is resized, while a popup is open; the returned
// function stops it. A popup placed once would otherwise stay where its
// anchor was. A popup's own scrolling (the user scrolls a long list) is
// not followed: popups placed here carry data-placement.
func followScroll(place func()) (stop func()) {
	if app.IsServer {
		return func() {}
	}
	win := app.Window()
	fn := app.FuncOf(func(_ app.Value, args []app.Value) any {
		if t := args[0].Get("target"); t.Truthy() && t.Get("dataset").Truthy() && t.Get("dataset").Get("placement").Truthy() {
			return nil
		}
		place()
		return nil
	})
	opts := map[string]any{"capture": true, "passive": true}
	win.Call("addEventListener", "scroll", fn, opts)
	win.Call("addEventListener", "resize", fn, opts)
	return func() {
		win.Call("removeEventListener", "scroll", fn, opts)
		win.Call("removeEventListener", "resize", fn, opts)
		fn.Release()
	}
}
