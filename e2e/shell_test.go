package e2e

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A new build deployed while a tab is open: the tab offers the update, and
// its Reload button brings the new version.
func TestUpdateIsOffered(t *testing.T) {
	next := filepath.Join(t.TempDir(), "webtool-next")
	build := exec.Command("go", "build", "-trimpath", "-ldflags", "-X main.release=e2e-next", "-o", next, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build the next release: %v\n%s", err, out)
	}
	srv, ctx := startApp(t, "ru")
	firstVisit(t, ctx, srv)
	var ready bool
	var before string
	run(t, ctx, "worker version", chromedp.Evaluate(`caches.keys().then(k => k.join())`, &before, awaitPromise))

	srv.stop()
	srv.bin = next
	srv.start(t, srv.addr)
	run(t, ctx, "check for updates", chromedp.Evaluate(`navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)`, &ready, awaitPromise))
	run(t, ctx, "banner", chromedp.WaitVisible("#update-banner", chromedp.ByQuery))
	// The page reloads (the mark on the old one is gone), its new worker's
	// caches replace the old ones, and the page offers no update.
	run(t, ctx, "reload", chromedp.Evaluate(`window.e2eOld = true`, nil), chromedp.Click("#update-reload", chromedp.ByQuery),
		until(fmt.Sprintf(`!window.e2eOld && !!document.querySelector("#login-form") && !document.querySelector("#update-banner") &&
			caches.keys().then(k => k.join() !== %q)`, before)))
}

// The login works from the keyboard alone: focus starts in the login field,
// Tab moves to the password, Enter submits.
func TestKeyboardOnlyLogin(t *testing.T) {
	srv, ctx := startApp(t, "ru")
	var focused string
	// The form takes the focus right after it first renders.
	run(t, ctx, "open", chromedp.Navigate(srv.URL), chromedp.WaitVisible("#login-form", chromedp.ByQuery),
		until(`document.activeElement.id === "login-name"`))
	run(t, ctx, "type and submit",
		chromedp.KeyEvent("admin"),
		chromedp.KeyEvent(kb.Tab),
		chromedp.Evaluate(`document.activeElement.id`, &focused))
	if focused != "login-password" {
		t.Fatalf("Tab from login goes to %q, want login-password", focused)
	}
	run(t, ctx, "enter", chromedp.KeyEvent(adminPassword), chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible("#shell", chromedp.ByQuery))
}

// On a phone's width the navigation panel starts hidden, the toggle opens
// it, and nothing scrolls sideways.
func TestPhoneWidth(t *testing.T) {
	srv, ctx := startApp(t, "ru")
	var overflow bool
	run(t, ctx, "sign in on a phone",
		chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
		chromedp.Navigate(srv.URL), login("admin", adminPassword),
		chromedp.WaitVisible("#shell", chromedp.ByQuery))
	waitAttr(t, ctx, "#nav-toggle", "aria-expanded", "false")
	var hidden bool
	run(t, ctx, "panel hidden", chromedp.Evaluate(`document.querySelector("#nav-panel").hasAttribute("hidden")`, &hidden))
	if !hidden {
		t.Fatal("navigation panel open at start on a phone")
	}
	run(t, ctx, "open the panel", chromedp.Click("#nav-toggle", chromedp.ByQuery),
		chromedp.WaitVisible("#nav-panel", chromedp.ByQuery),
		chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth`, &overflow))
	waitAttr(t, ctx, "#nav-toggle", "aria-expanded", "true")
	if overflow {
		t.Fatal("the page scrolls sideways at 360 px")
	}
}
