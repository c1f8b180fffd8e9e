package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The tests never sleep for the app to be ready: they wait for a state the
// page shows (app/ui/doc.go lists them). The pattern: read a revision, act,
// wait until the revision has grown and nothing is in flight.

// waitTimeout bounds a wait for a state of the page: far longer than any
// answer takes, so reaching it means the state never came.
const waitTimeout = 20 * time.Second

// idle is true when no request is in flight and the last reply has been
// rendered (body[data-pending]).
const idle = `document.body.dataset.pending === "0"`

// until waits for the JavaScript expression expr to be true (a promise is
// awaited). It is checked every 20 ms on a timer, not on animation frames,
// which a tab in the background does not get. expr must not throw: a throw
// after the first check would stop the polling without an answer. A poll
// ends with the page it runs in, so one that a navigation cut short starts
// again in the new page.
func until(expr string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		deadline := time.Now().Add(waitTimeout)
		for {
			err := chromedp.Poll(expr, nil, chromedp.WithPollingInterval(20*time.Millisecond),
				chromedp.WithPollingTimeout(time.Until(deadline))).Do(ctx)
			if err == nil {
				return nil
			}
			if !navigated(err) || time.Now().After(deadline) {
				return fmt.Errorf("waiting for %s: %w", expr, err)
			}
		}
	})
}

// navigated reports whether err says that the page the script ran in has
// gone (the DevTools protocol's words for it).
func navigated(err error) bool {
	for _, gone := range []string{"Execution context was destroyed", "Inspected target navigated or closed", "Cannot find context with specified id"} {
		if strings.Contains(err.Error(), gone) {
			return true
		}
	}
	return false
}

// waitFor waits until expr is true, and fails the test with what and what
// the page showed if it never is.
func waitFor(t testing.TB, ctx context.Context, what, expr string) {
	t.Helper()
	run(t, ctx, what, until(expr))
}

// waitIdle waits until nothing is in flight.
func waitIdle(t testing.TB, ctx context.Context) { waitFor(t, ctx, "idle", idle) }

// revIs is true when the data-rev of sel is above old and nothing is in
// flight: what the request brought is on screen.
func revIs(sel string, old int) string {
	return fmt.Sprintf(`+(document.querySelector(%q)?.dataset.rev ?? -1) > %d && %s`, sel, old, idle)
}

// rev reads the data-rev of sel (-1 when sel is not in the page).
func rev(t testing.TB, ctx context.Context, sel string) int {
	t.Helper()
	var s string
	run(t, ctx, "read "+sel+"[data-rev]", chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q)?.dataset.rev ?? "-1"`, sel), &s))
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%s[data-rev] = %q", sel, s)
	}
	return n
}

// afterRev runs act and waits until the data-rev of sel has grown past its
// value before and nothing is in flight. act must make the page ask the
// server for what sel shows (a filter or a sort for #grid, a totals
// function for #totals, a save for #card).
func afterRev(t testing.TB, ctx context.Context, sel string, act func()) {
	t.Helper()
	old := rev(t, ctx, sel)
	act()
	waitFor(t, ctx, fmt.Sprintf("%s[data-rev] past %d", sel, old), revIs(sel, old))
}

// gridReady is true when the grid of catalog has applied a query reply,
// the rows in view are in, and nothing is in flight: a catalog just opened
// is ready to use.
func gridReady(catalog string) string {
	return fmt.Sprintf(`!!document.querySelector('#catalog[data-catalog=%q] #grid[data-loading="false"]') && %s`, catalog, revIs("#grid", 0))
}

// waitAttr waits until the element matching sel has attribute name = want.
func waitAttr(t testing.TB, ctx context.Context, sel, name, want string) {
	t.Helper()
	waitFor(t, ctx, fmt.Sprintf("%s[%s=%q]", sel, name, want),
		fmt.Sprintf(`document.querySelector(%q)?.getAttribute(%q) === %q`, sel, name, want))
}

// still is true when the page is ready for a screenshot: nothing in flight,
// the fonts loaded, and no transition or entry animation running (spinners
// and shimmers run forever and do not count).
const still = idle + ` && document.fonts.status === "loaded" && document.getAnimations().every(a =>
	a.playState !== "running" || a.effect.getComputedTiming().iterations === Infinity)`

// screenshot waits until the page is still and captures it into png.
func screenshot(png *[]byte) chromedp.Action {
	return chromedp.Tasks{until(still), chromedp.CaptureScreenshot(png)}
}
