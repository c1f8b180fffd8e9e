package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"webtool/server/api"
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

// A new record starts with what the form should fill (issue 11, point 9):
// an RDC's activity type is Coffee, as the manual says to choose, and a
// child node of the org structure takes its parent's sync point — for an
// administrator too, who sees every distributor and so gets none filled
// in for being bound to one.
func TestCardNewRecordDefaults(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "admin", "rdc")
	run(t, ctx, "create an RDC", chromedp.Click("#create", chromedp.ByQuery),
		chromedp.WaitVisible(`#card[data-mode="edit"]`, chromedp.ByQuery))
	waitFor(t, ctx, "Coffee preset", `document.querySelector("#f-activity_type")?.value === "coffee"`)

	admin := dialAs(t, srv, "admin")
	top := ""
	var roots api.QueryReply
	admin.ask(t, api.TypeQuery, api.QueryRequest{Catalog: "org_structure", Parent: &top, Limit: api.MaxWindow}, &roots)
	var parent api.Record
	for _, root := range roots.Rows {
		if root.Values["distributor"] != nil && root.Children > 0 {
			parent = root
			break
		}
		var kids api.QueryReply
		admin.ask(t, api.TypeQuery, api.QueryRequest{Catalog: "org_structure", Parent: &root.ID, Limit: api.MaxWindow}, &kids)
		for _, k := range kids.Rows {
			if k.Values["distributor"] != nil {
				parent = k
				break
			}
		}
		if parent.ID != "" {
			break
		}
	}
	if parent.ID == "" {
		t.Fatal("no org node with a sync point among the roots and their children")
	}
	openPath(t, ctx, srv, "/c/org_structure", "org_structure")
	if parent.Values["parent"] != nil {
		afterRev(t, ctx, "#grid", func() {
			run(t, ctx, "expand the root", chromedp.Click(fmt.Sprintf(`.grid-row[data-id=%q] .tree-toggle`, parent.Values["parent"]), chromedp.ByQuery))
		})
	}
	openRecord(t, ctx, fmt.Sprintf(`.grid-row[data-id=%q]`, parent.ID))
	run(t, ctx, "create a child", chromedp.Click("#create", chromedp.ByQuery),
		chromedp.WaitVisible(`#card[data-mode="edit"]`, chromedp.ByQuery))
	name := parent.Labels["distributor"]
	waitFor(t, ctx, "the parent's sync point", fmt.Sprintf(
		`(document.querySelector("#f-distributor")?.value ?? "").startsWith(%q)`, name))
}
