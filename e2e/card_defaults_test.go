package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// A new row of a list starts with its columns' defaults (issue 11, point
// 9): a personnel binding of an org-structure node is bound from today,
// the user's today, written as the Russian UI writes dates.
func TestCardNewRowStartsToday(t *testing.T) {
	_, ctx := openDemo(t, "ru", "admin", "org_structure")
	openRecord(t, ctx, "#grid .grid-row")
	editCard(t, ctx)
	var rows int
	run(t, ctx, "bind a person", chromedp.Click("#tab-personnel", chromedp.ByQuery),
		chromedp.WaitVisible("#f-people-add", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll("#f-people tr.list-row").length`, &rows),
		chromedp.Click("#f-people-add", chromedp.ByQuery))
	from := fmt.Sprintf("f-people-%d-from", rows)
	waitFor(t, ctx, "the new row", fmt.Sprintf(`!!document.getElementById(%q)`, from))
	var got, today string
	run(t, ctx, "the new row's date", chromedp.Value("#"+from, &got, chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const d = new Date(), p = n => String(n).padStart(2, "0");
		return p(d.getDate()) + "." + p(d.getMonth() + 1) + "." + d.getFullYear(); })()`, &today))
	if got != today {
		t.Fatalf("a new binding starts from %q, want today, %q", got, today)
	}
}
