package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// dragToFavorites drags the element fromSel (a navigation item or a tile)
// onto toSel (the panel or a tile) with real DragEvents sharing one
// DataTransfer, the way a browser dispatches a mouse drag.
func dragToFavorites(fromSel, toSel string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => {
		const a = document.querySelector(%q);
		const b = document.querySelector(%q);
		if (!a || !b) throw new Error("no drag source or target");
		const dt = new DataTransfer();
		a.dispatchEvent(new DragEvent("dragstart", {bubbles: true, cancelable: true, dataTransfer: dt}));
		b.dispatchEvent(new DragEvent("dragenter", {bubbles: true, cancelable: true, dataTransfer: dt}));
		b.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt}));
		b.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: dt}));
		a.dispatchEvent(new DragEvent("dragend", {bubbles: true, cancelable: true, dataTransfer: dt}));
	})()`, fromSel, toSel), nil)
}

func navItem(key string) string { return fmt.Sprintf(`#nav-panel a.nav-item[data-key=%q]`, key) }
func favTile(key string) string { return fmt.Sprintf(`#favorites .fav-tile[data-key=%q]`, key) }

// atHome waits until the home page shows the favorites from the server.
func atHome() chromedp.Action {
	return chromedp.Tasks{chromedp.WaitVisible("#shell", chromedp.ByQuery), until(revIs("#favorites", 0))}
}

// waitFavs waits until the tiles are want, in order (none: the empty
// state shows).
func waitFavs(t testing.TB, ctx context.Context, step string, want ...string) {
	t.Helper()
	waitFor(t, ctx, step, fmt.Sprintf(`JSON.stringify([...document.querySelectorAll("#favorites .fav-tile")].map(e => e.dataset.key)) === JSON.stringify(%s)
		&& (%d > 0 || !!document.querySelector("#favorites-empty")?.innerText) && %s`, jsStrings(want), len(want), idle))
}

func TestFavorites(t *testing.T) {
	srv, ctx := startApp(t, "ru", "-demo")
	home := atHome()
	signIn(t, ctx, srv, "admin")
	run(t, ctx, "home", home)
	waitFavs(t, ctx, "empty at first")
	if s := text(t, ctx, "#favorites-empty"); !strings.Contains(s, "Перетащите") {
		t.Fatalf("empty state says %q", s)
	}

	run(t, ctx, "drag local_outlets onto the panel", chromedp.WaitVisible(navItem("local_outlets"), chromedp.ByQuery),
		dragToFavorites(navItem("local_outlets"), "#favorites"))
	waitFavs(t, ctx, "first tile", "local_outlets")
	if s := text(t, ctx, favTile("local_outlets")); !strings.Contains(s, "Локальные торговые точки") {
		t.Fatalf("tile label %q", s)
	}
	run(t, ctx, "drag outlets onto the panel", dragToFavorites(navItem("outlets"), "#favorites"))
	waitFavs(t, ctx, "second tile", "local_outlets", "outlets")
	run(t, ctx, "drag local_outlets again", dragToFavorites(navItem("local_outlets"), "#favorites .fav-tiles"))
	waitFavs(t, ctx, "no duplicate", "outlets", "local_outlets")

	run(t, ctx, "reorder: local_outlets before outlets", dragToFavorites(favTile("local_outlets"), favTile("outlets")))
	waitFavs(t, ctx, "reordered", "local_outlets", "outlets")
	run(t, ctx, "Alt+→ on the first tile", chromedp.Focus(favTile("local_outlets")+" .fav-link", chromedp.ByQuery),
		chromedp.KeyEvent(kb.ArrowRight, chromedp.KeyModifiers(input.ModifierAlt)))
	waitFavs(t, ctx, "moved right from the keyboard", "outlets", "local_outlets")
	var focused string
	run(t, ctx, "focus stays on the moved tile", chromedp.Evaluate(`document.activeElement.dataset.key || ""`, &focused))
	if focused != "local_outlets" {
		t.Fatalf("focus on %q after the move, want the moved tile", focused)
	}
	run(t, ctx, "Alt+← moves it back", chromedp.KeyEvent(kb.ArrowLeft, chromedp.KeyModifiers(input.ModifierAlt)))
	waitFavs(t, ctx, "moved back from the keyboard", "local_outlets", "outlets")

	run(t, ctx, "reload", chromedp.Reload(), home)
	waitFavs(t, ctx, "after a reload", "local_outlets", "outlets")

	run(t, ctx, "sign out", chromedp.Click("#logout", chromedp.ByQuery), chromedp.WaitVisible("#login-form", chromedp.ByQuery))
	run(t, ctx, "sign in again", login("admin", adminPassword), home)
	waitFavs(t, ctx, "after signing in again", "local_outlets", "outlets")

	run(t, ctx, "remove outlets with ✕", chromedp.Click(favTile("outlets")+" .fav-remove", chromedp.ByQuery),
		chromedp.WaitVisible("#confirm-dialog", chromedp.ByQuery))
	run(t, ctx, "cancel", chromedp.Click("#confirm-cancel", chromedp.ByQuery), chromedp.WaitNotPresent("#confirm-dialog", chromedp.ByQuery))
	waitFavs(t, ctx, "kept after cancel", "local_outlets", "outlets")
	run(t, ctx, "remove outlets and confirm", chromedp.Click(favTile("outlets")+" .fav-remove", chromedp.ByQuery),
		chromedp.WaitVisible("#confirm-dialog", chromedp.ByQuery),
		chromedp.Click("#confirm-ok", chromedp.ByQuery), chromedp.WaitNotPresent("#confirm-dialog", chromedp.ByQuery))
	waitFavs(t, ctx, "removed", "local_outlets")
	run(t, ctx, "reload", chromedp.Reload(), home)
	waitFavs(t, ctx, "still removed after a reload", "local_outlets")

	run(t, ctx, "open a tile", chromedp.Click(favTile("local_outlets")+" .fav-link", chromedp.ByQuery),
		chromedp.WaitVisible(`#catalog[data-catalog="local_outlets"]`, chromedp.ByQuery))
	waitAttr(t, ctx, "#fav-toggle", "aria-pressed", "true")
	run(t, ctx, "star toggles off", chromedp.Click("#fav-toggle", chromedp.ByQuery))
	waitAttr(t, ctx, "#fav-toggle", "aria-pressed", "false")

	run(t, ctx, "open outlets and star it", chromedp.Click(`#nav-panel a[href="/c/outlets"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#catalog[data-catalog="outlets"]`, chromedp.ByQuery))
	waitAttr(t, ctx, "#fav-toggle", "aria-pressed", "false")
	run(t, ctx, "star outlets", chromedp.Click("#fav-toggle", chromedp.ByQuery))
	waitAttr(t, ctx, "#fav-toggle", "aria-pressed", "true")
	run(t, ctx, "home", chromedp.Navigate(srv.URL), home)
	waitFavs(t, ctx, "starred from the catalog screen", "outlets")
}

func TestFavoritesOtherTab(t *testing.T) {
	srv, ctx1 := startApp(t, "ru", "-demo")
	ctx2 := newBrowser(t, "ru")
	for _, ctx := range []context.Context{ctx1, ctx2} {
		signIn(t, ctx, srv, "admin")
		run(t, ctx, "home", atHome())
		waitFavs(t, ctx, "empty at first")
	}
	run(t, ctx1, "drag outlets in the first tab", chromedp.WaitVisible(navItem("outlets"), chromedp.ByQuery),
		dragToFavorites(navItem("outlets"), "#favorites"))
	waitFavs(t, ctx1, "first tab", "outlets")
	waitFavs(t, ctx2, "the other tab hears it", "outlets")
}
