package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestFormSettingsShowChanges: the catalog's own layout (its form
// settings) tells when the list differs from it, as a view does, and the
// View menu lists it first with "save" and "discard"; saved, the mark goes
// and stays gone after a reload. A view with a search, applied and then
// deleted, leaves nothing of itself: the list is back on the form
// settings, the search box empty.
func TestFormSettingsShowChanges(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "keyuser", "local_outlets")
	waitAttr(t, ctx, "#view-menu", "data-modified", "")
	if got := text(t, ctx, "#view-name-current"); got != "Настройки формы" {
		t.Errorf("the list without a view is named %q", got)
	}

	afterRev(t, ctx, "#grid", func() { headMenu(t, ctx, "local_code", "sort-desc") })
	waitAttr(t, ctx, "#view-menu", "data-modified", "settings")
	run(t, ctx, "the changed mark", chromedp.WaitVisible("#view-modified", chromedp.ByQuery))
	run(t, ctx, "the View menu offers the form settings first",
		chromedp.Click("#view-menu", chromedp.ByQuery),
		chromedp.WaitVisible(`#view-list > :first-child#view-settings[aria-checked="true"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#view-settings-save", chromedp.ByQuery),
		chromedp.WaitVisible("#view-revert", chromedp.ByQuery),
		closeViews())

	// Discarding goes back to the saved settings (none yet: the defaults).
	afterRev(t, ctx, "#grid", func() { viewMenu(t, ctx, "#view-revert") })
	waitAttr(t, ctx, `.grid-hcell[data-field="local_code"]`, "aria-sort", "none")
	waitAttr(t, ctx, "#view-menu", "data-modified", "")

	afterRev(t, ctx, "#grid", func() { headMenu(t, ctx, "local_code", "sort-desc") })
	waitAttr(t, ctx, "#view-menu", "data-modified", "settings")
	viewMenu(t, ctx, "#view-settings-save")
	run(t, ctx, "saved", chromedp.WaitVisible(`.toast[data-code="settings_saved"]`, chromedp.ByQuery))
	waitAttr(t, ctx, "#view-menu", "data-modified", "")
	run(t, ctx, "no changed mark", chromedp.WaitNotPresent("#view-modified", chromedp.ByQuery))

	openPath(t, ctx, srv, "/c/local_outlets", "local_outlets")
	waitAttr(t, ctx, `.grid-hcell[data-field="local_code"]`, "aria-sort", "descending")
	waitAttr(t, ctx, "#view-menu", "data-modified", "")

	// A view with a search: applied when created, then deleted.
	search(t, ctx, "а")
	waitAttr(t, ctx, "#view-menu", "data-modified", "settings")
	viewMenu(t, ctx, "#view-create")
	nameView(t, ctx, "С поиском")
	run(t, ctx, "created", chromedp.WaitNotPresent("#view-dialog", chromedp.ByQuery))
	waitFor(t, ctx, "the view applied", `document.querySelector("#view-menu").dataset.view !== "" && document.querySelector("#view-menu").dataset.modified === ""`)

	afterRev(t, ctx, "#grid", func() {
		viewMenu(t, ctx, "#view-delete")
		run(t, ctx, "confirm", chromedp.WaitVisible("#confirm-dialog", chromedp.ByQuery), chromedp.Click("#confirm-ok", chromedp.ByQuery))
		waitAttr(t, ctx, "#view-menu", "data-view", "")
	})
	waitAttr(t, ctx, "#grid", "data-search", "")
	var box string
	run(t, ctx, "the search box", chromedp.Value("#grid-search", &box, chromedp.ByQuery))
	if box != "" {
		t.Errorf("search box %q after the view was deleted, want empty", box)
	}
	waitAttr(t, ctx, `.grid-hcell[data-field="local_code"]`, "aria-sort", "descending")
	waitAttr(t, ctx, "#view-menu", "data-modified", "")
	if got := location(t, ctx); got != "/c/local_outlets" {
		t.Errorf("address %q after the view was deleted", got)
	}
}
