package e2e

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// idleAt reads one of #idle's moments (data-warn-at, data-ends-at: Unix
// milliseconds).
func idleAt(t testing.TB, ctx context.Context, attr string) int64 {
	t.Helper()
	var s string
	run(t, ctx, "read #idle["+attr+"]", chromedp.Evaluate(fmt.Sprintf(`document.querySelector("#idle")?.getAttribute(%q) ?? ""`, attr), &s))
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		t.Fatalf("#idle[%s] = %q", attr, s)
	}
	return n
}

// TestIdleWarning: with a 2m10s idle limit the warning comes 10 s after
// the last action. Typing that sends no request keeps it away (and is
// reported to the server); once the user stops it shows, as a modal
// alertdialog with a countdown and the focus on "stay", and "stay" keeps
// the session.
func TestIdleWarning(t *testing.T) {
	srv, ctx := startApp(t, "ru", "-session-idle", "2m10s")
	signIn(t, ctx, srv, "admin")
	waitFor(t, ctx, "the idle watch", `+(document.querySelector("#idle")?.dataset.warnAt ?? 0) > 0 && `+idle)
	run(t, ctx, "watch for the warning", chromedp.Evaluate(`window.e2eWarned = false;
		new MutationObserver(() => { if (document.querySelector("#idle-dialog")) window.e2eWarned = true; })
			.observe(document.body, {subtree: true, childList: true}); true`, nil),
		chromedp.Click("#nav-search", chromedp.ByQuery))

	// Three keys, each typed 4 s before the warning was due: 18 s in all,
	// far past the 10 s it would have come after without them. The
	// navigation search sends nothing to the server.
	for i := 0; i < 3; i++ {
		warnAt := idleAt(t, ctx, "data-warn-at")
		waitFor(t, ctx, "4 s before the warning", fmt.Sprintf(`Date.now() >= %d`, warnAt-4000))
		run(t, ctx, "type", chromedp.KeyEvent("о"))
		waitFor(t, ctx, "the warning moved", fmt.Sprintf(`+document.querySelector("#idle").dataset.warnAt > %d`, warnAt))
	}
	var warned bool
	var pings int
	run(t, ctx, "no warning while typing", chromedp.Evaluate(`window.e2eWarned`, &warned),
		chromedp.Evaluate(`+document.querySelector("#idle").dataset.pings`, &pings))
	if warned {
		t.Fatal("the warning showed while the user was typing")
	}
	if pings == 0 {
		t.Fatal("typing for 18 s sent no ping: the server would not hear of it")
	}

	// Escape empties the search (one more key). Then nothing happens: the
	// warning comes two minutes before the end, about 10 s after the last
	// key — or after the ping that reported it, which restarted the
	// server's clock up to 5 s later.
	var lastKey, shown float64
	run(t, ctx, "last key", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent("#nav-search-reset", chromedp.ByQuery),
		chromedp.Evaluate(`Date.now()`, &lastKey))
	waitFor(t, ctx, "the warning", `!!document.querySelector("#idle-dialog")`)
	run(t, ctx, "when", chromedp.Evaluate(`Date.now()`, &shown))
	if d := shown - lastKey; d < 9000 || d > 17000 {
		t.Errorf("the warning came %.1f s after the last key, want about 10 s", d/1000)
	}
	if d := float64(idleAt(t, ctx, "data-ends-at")) - shown; d < 118000 || d > 121000 {
		t.Errorf("the warning came %.1f s before the session ends, want 120 s", d/1000)
	}
	var dialog struct {
		Role, Modal, Focus, Left, Title string
	}
	waitFor(t, ctx, "focus on stay", `document.activeElement?.id === "idle-stay"`)
	run(t, ctx, "the dialog", chromedp.Evaluate(`(() => { const d = document.querySelector("#idle-dialog");
		return {Role: d.getAttribute("role"), Modal: d.getAttribute("aria-modal"), Focus: document.activeElement.id,
			Left: document.querySelector("#idle-left").textContent, Title: document.querySelector("#idle-title").textContent}; })()`, &dialog))
	if dialog.Role != "alertdialog" || dialog.Modal != "true" || dialog.Title != "Сеанс скоро завершится из-за бездействия" {
		t.Errorf("dialog %+v", dialog)
	}
	if dialog.Left < "1:50" || dialog.Left > "2:00" || len(dialog.Left) != 4 {
		t.Errorf("countdown %q, want about 2:00", dialog.Left)
	}
	waitFor(t, ctx, "the countdown runs", fmt.Sprintf(`document.querySelector("#idle-left").textContent < %q`, dialog.Left))
	// Tab stays in the dialog.
	run(t, ctx, "tab", chromedp.KeyEvent("\t"))
	waitFor(t, ctx, "tab to sign out", `document.activeElement?.id === "idle-logout"`)
	run(t, ctx, "tab back", chromedp.KeyEvent("\t"))
	waitFor(t, ctx, "tab back to stay", `document.activeElement?.id === "idle-stay"`)
	shoot(t, ctx, "idle-warning-ru.png")

	// "Stay" closes it, pings, and the session goes on.
	before := idleAt(t, ctx, "data-ends-at")
	pingsBefore := pings
	run(t, ctx, "stay", chromedp.Evaluate(`+document.querySelector("#idle").dataset.pings`, &pingsBefore),
		chromedp.Click("#idle-stay", chromedp.ByQuery))
	waitFor(t, ctx, "the warning closed", `!document.querySelector("#idle-dialog") && document.querySelector("#idle").dataset.warning === "false"`)
	waitFor(t, ctx, "a ping for stay", fmt.Sprintf(`+document.querySelector("#idle").dataset.pings > %d`, pingsBefore))
	waitFor(t, ctx, "the focus back where it was", `document.activeElement?.id === "nav-search"`)
	if after := idleAt(t, ctx, "data-ends-at"); after <= before {
		t.Errorf("the session still ends at %d after stay (was %d)", after, before)
	}
	var status int
	run(t, ctx, "the session is valid", chromedp.Evaluate(`fetch("/api/session").then(r => r.status)`, &status, awaitPromise))
	if status != 200 {
		t.Fatalf("session check after stay: HTTP %d", status)
	}
	run(t, ctx, "still signed in", chromedp.WaitVisible("#shell", chromedp.ByQuery))
}
