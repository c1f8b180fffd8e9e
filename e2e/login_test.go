package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// countShell is how many shells the page shows (0 or 1).
func countShell(t testing.TB, ctx context.Context) int {
	t.Helper()
	var n int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll("#shell").length`, &n)); err != nil {
		t.Fatal(err)
	}
	return n
}

// containsDigitTime reports whether s shows a time of day, as 12:34.
func containsDigitTime(s string) bool {
	for i := 0; i+4 < len(s); i++ {
		if isDigit(s[i]) && isDigit(s[i+1]) && s[i+2] == ':' && isDigit(s[i+3]) && isDigit(s[i+4]) {
			return true
		}
	}
	return false
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func TestLoginPageRenders(t *testing.T) {
	srv, ctx := startApp(t, "ru")
	var title, lang string
	var unlabeled int
	run(t, ctx, "open login page",
		chromedp.Navigate(srv.URL),
		chromedp.WaitVisible("#login-form", chromedp.ByQuery),
		chromedp.Title(&title),
		chromedp.Evaluate(`document.documentElement.lang`, &lang),
		// Every input has an accessible name: a <label for>, or aria-label(ledby).
		chromedp.Evaluate(`[...document.querySelectorAll("input, select, textarea")].filter(e =>
			!(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby")).length`, &unlabeled),
	)
	if title != "WebTool" || lang != "ru" || unlabeled != 0 {
		t.Fatalf("title %q, lang %q, %d unlabeled inputs", title, lang, unlabeled)
	}
}

func TestLockoutAndUnlock(t *testing.T) {
	// Failures count while they are less than the window apart: a short
	// window keeps the test quick, but one too short for a loaded machine
	// would forget the first failures before the third.
	srv, ctx := startApp(t, "ru", "-lockout-window", "10s")
	run(t, ctx, "open", chromedp.Navigate(srv.URL))
	// Each attempt waits for the answer to the one before: an answer that
	// arrives while the next password is typed clears the field.
	run(t, ctx, "wrong password 1", login("admin", "wrong-1"))
	waitAttr(t, ctx, "#login-message", "data-failures", "1")
	waitAttr(t, ctx, "#login-message", "data-code", "bad_credentials")
	run(t, ctx, "wrong password 2", login("admin", "wrong-2"))
	waitAttr(t, ctx, "#login-message", "data-failures", "2")
	waitAttr(t, ctx, "#login-message", "data-code", "bad_credentials")
	// The third failure locks the login: the screen says so and until when.
	run(t, ctx, "wrong password 3", login("Admin ", "wrong-3"))
	waitAttr(t, ctx, "#login-message", "data-code", "locked")
	lockedAt := time.Now()
	// The right password is refused while locked: its answer counts as the
	// fourth failure.
	run(t, ctx, "right password while locked", login("admin", adminPassword))
	waitAttr(t, ctx, "#login-message", "data-failures", "4")
	waitAttr(t, ctx, "#login-message", "data-code", "locked")
	if msg := text(t, ctx, "#login-message"); !containsDigitTime(msg) {
		t.Fatalf("lock message %q does not say until when", msg)
	}
	if n := countShell(t, ctx); n != 0 {
		t.Fatal("shell shown while locked")
	}
	// After the window the right password opens the shell. The lock lasts
	// for real time on the server's clock, which the test cannot move: the
	// one wait in e2e that needs time itself to pass.
	time.Sleep(time.Until(lockedAt.Add(10500 * time.Millisecond)))
	run(t, ctx, "right password after the window", login("admin", adminPassword),
		chromedp.WaitVisible("#shell", chromedp.ByQuery))
}

func TestLogoutReturnsToLogin(t *testing.T) {
	srv, ctx := startApp(t, "ru")
	var name string
	run(t, ctx, "sign in", chromedp.Navigate(srv.URL), login("admin", adminPassword),
		chromedp.WaitVisible("#shell", chromedp.ByQuery),
		chromedp.Text("#user-name", &name, chromedp.ByQuery))
	if name == "" {
		t.Fatal("user name not shown in the header")
	}
	run(t, ctx, "sign out", chromedp.Click("#logout", chromedp.ByQuery), chromedp.WaitVisible("#login-form", chromedp.ByQuery))
	waitAttr(t, ctx, "#login-message", "data-code", "logout")
	// The session is over on the server too: a reload stays on the login page.
	run(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible("#login-form", chromedp.ByQuery))
	if countShell(t, ctx) != 0 {
		t.Fatal("shell shown after logout and reload")
	}
}

func TestIdleSessionReturnsToLoginSayingWhy(t *testing.T) {
	srv, ctx := startApp(t, "ru", "-session-idle", "3s")
	run(t, ctx, "sign in", chromedp.Navigate(srv.URL), login("admin", adminPassword),
		chromedp.WaitVisible("#shell", chromedp.ByQuery))
	waitAttr(t, ctx, "#login-message", "data-code", "idle")
	run(t, ctx, "login form back", chromedp.WaitVisible("#login-form", chromedp.ByQuery))
}

func TestReconnectsAfterServerRestart(t *testing.T) {
	srv, ctx := startApp(t, "ru")
	run(t, ctx, "sign in", chromedp.Navigate(srv.URL), login("admin", adminPassword),
		chromedp.WaitVisible("#shell", chromedp.ByQuery))
	waitAttr(t, ctx, "#conn-status", "data-state", "online")
	srv.stop()
	// SIGTERM closes the socket with 1001 (going away): the tab says the
	// server is restarting, not that the network failed.
	waitAttr(t, ctx, "#conn-status", "data-state", "restarting")
	srv.start(t, srv.addr)
	// The session lives in the store, so the same tab comes back signed in.
	waitAttr(t, ctx, "#conn-status", "data-state", "online")
	if countShell(t, ctx) != 1 {
		t.Fatal("shell lost after reconnecting")
	}
}

func TestLanguageSwitchIsRemembered(t *testing.T) {
	srv, ctx := startApp(t, "ru")
	var before, after string
	run(t, ctx, "sign in", chromedp.Navigate(srv.URL), login("admin", adminPassword),
		chromedp.WaitVisible("#shell", chromedp.ByQuery),
		chromedp.Text("#logout", &before, chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const s = document.querySelector("#lang-select"); s.value = "en";
			s.dispatchEvent(new Event("change", {bubbles: true})); })()`, nil),
	)
	waitAttr(t, ctx, "html", "lang", "en")
	run(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible("#shell", chromedp.ByQuery),
		chromedp.Text("#logout", &after, chromedp.ByQuery))
	waitAttr(t, ctx, "html", "lang", "en")
	if before == after {
		t.Fatalf("logout button reads %q in both languages", before)
	}
}
