package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// listMenu opens the list menu from the toolbar and picks action.
func listMenu(t testing.TB, ctx context.Context, action string) {
	t.Helper()
	run(t, ctx, "list menu "+action, chromedp.Click("#grid-menu", chromedp.ByQuery),
		chromedp.WaitVisible(`#grid-context-menu`, chromedp.ByQuery),
		chromedp.Click(fmt.Sprintf(`#grid-context-menu [data-action=%q]`, action), chromedp.ByQuery),
		chromedp.WaitNotPresent(`#grid-context-menu`, chromedp.ByQuery))
}

// viewMenu opens the View menu and clicks sel in it.
func viewMenu(t testing.TB, ctx context.Context, sel string) {
	t.Helper()
	run(t, ctx, "view menu "+sel, chromedp.Click("#view-menu", chromedp.ByQuery),
		chromedp.WaitVisible("#view-list", chromedp.ByQuery),
		chromedp.Click("#view-list "+sel, chromedp.ByQuery),
		chromedp.WaitNotPresent("#view-list", chromedp.ByQuery))
}

// nameView fills the name dialog and saves.
func nameView(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	run(t, ctx, "name the view "+name, chromedp.WaitVisible("#view-dialog", chromedp.ByQuery),
		fill("#view-name", name), chromedp.Click("#view-ok", chromedp.ByQuery))
}

// openFilterForm opens the filter form. The button is clicked on the node
// itself, not at its coordinates: the toolbar can still shift while the
// views and favorites arrive, and a click at the old place would be lost
// (the button toggles, so clicking again until the form shows could close
// it again).
func openFilterForm() chromedp.Action {
	return chromedp.Tasks{
		chromedp.WaitVisible("#filter-add", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("#filter-add").click()`, nil),
		chromedp.WaitVisible("#filter-field", chromedp.ByQuery),
	}
}

// chooseFilter picks the field and the operator in the open filter form,
// each once the form shows the choice before it (the operators depend on
// the field, and a choice made on a form about to re-render is undone).
func chooseFilter(field, op string) chromedp.Action {
	return chromedp.Tasks{
		choose("#filter-field", field),
		chromedp.WaitVisible(fmt.Sprintf(`#filter-form[data-field=%q]`, field), chromedp.ByQuery),
		choose("#filter-op", op),
		chromedp.WaitVisible(fmt.Sprintf(`#filter-form[data-field=%q][data-op=%q]`, field, op), chromedp.ByQuery),
	}
}

// addFilter adds a condition with the filter form and waits for the rows it
// finds; value, when set, is an option of the value list to tick.
func addFilter(t testing.TB, ctx context.Context, field, op, value string) {
	t.Helper()
	actions := []chromedp.Action{openFilterForm(), chooseFilter(field, op)}
	if value != "" {
		actions = append(actions, chromedp.Click(fmt.Sprintf(`.filter-option[data-value=%q]`, value), chromedp.ByQuery))
	}
	actions = append(actions, chromedp.Click("#filter-apply", chromedp.ByQuery),
		chromedp.WaitVisible(fmt.Sprintf(`.filter-chip[data-field=%q]`, field), chromedp.ByQuery))
	afterRev(t, ctx, "#grid", func() { run(t, ctx, "filter "+field+" "+op, actions...) })
}

// closeViews closes the open View menu with Escape, as a user would —
// with the focus taken out of the menu first: Escape closes it wherever the
// focus is.
func closeViews() chromedp.Action {
	return chromedp.Tasks{
		chromedp.Evaluate(`document.activeElement && document.activeElement.blur()`, nil),
		chromedp.KeyEvent("\x1b"),
		chromedp.WaitNotPresent("#view-list", chromedp.ByQuery),
	}
}

// chipFields lists the chips as field:op.
func chipFields(t testing.TB, ctx context.Context) string {
	t.Helper()
	return strings.Join(evalStrings(t, ctx, "chips", `[...document.querySelectorAll(".filter-chip")].map(c => c.dataset.field + ":" + c.dataset.op)`), ",")
}

func viewID(t testing.TB, ctx context.Context) string {
	t.Helper()
	var id string
	run(t, ctx, "view id", chromedp.Evaluate(`document.querySelector("#view-menu").dataset.view || ""`, &id))
	return id
}

func location(t testing.TB, ctx context.Context) string {
	t.Helper()
	var s string
	run(t, ctx, "location", chromedp.Evaluate(`location.pathname + location.search`, &s))
	return s
}

func TestFormSettingsSurviveLogin(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "keyuser", "local_outlets")
	defaults := gridTotal(t, ctx)
	addFilter(t, ctx, "status", "in", "active")
	addFilter(t, ctx, "outlet", "empty", "")
	afterRev(t, ctx, "#grid", func() { headMenu(t, ctx, "local_code", "sort-desc") })
	total := gridTotal(t, ctx)
	if total == 0 || total >= defaults {
		t.Fatalf("filtered %d of %d", total, defaults)
	}
	chips := chipFields(t, ctx)
	listMenu(t, ctx, "settings-save")
	run(t, ctx, "saved toast", chromedp.WaitVisible(`.toast[data-code="settings_saved"]`, chromedp.ByQuery))

	run(t, ctx, "log out", chromedp.Click("#logout", chromedp.ByQuery), chromedp.WaitVisible("#login-form", chromedp.ByQuery))
	openCatalog(t, ctx, srv, "keyuser", "local_outlets")
	waitAttr(t, ctx, `.grid-hcell[data-field="local_code"]`, "aria-sort", "descending")
	if got := chipFields(t, ctx); got != chips {
		t.Errorf("chips after login %q, want %q", got, chips)
	}
	if got := gridTotal(t, ctx); got != total {
		t.Errorf("total after login %d, want %d", got, total)
	}

	listMenu(t, ctx, "settings-reset")
	afterRev(t, ctx, "#grid", func() {
		run(t, ctx, "confirm reset", chromedp.WaitVisible("#confirm-dialog", chromedp.ByQuery),
			chromedp.Click("#confirm-ok", chromedp.ByQuery), chromedp.WaitNotPresent(".filter-chip", chromedp.ByQuery))
	})
	waitAttr(t, ctx, `.grid-hcell[data-field="local_code"]`, "aria-sort", "none")
	if got := gridTotal(t, ctx); got != defaults {
		t.Errorf("total after reset %d, want %d", got, defaults)
	}
	if got := location(t, ctx); got != "/c/local_outlets" {
		t.Errorf("address after reset %q", got)
	}
}

func TestViewLifecycle(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "keyuser", "local_outlets")
	_, total := narrow(t, ctx, "outlet", "empty", "")

	viewMenu(t, ctx, "#view-create")
	nameView(t, ctx, "Без привязки мои")
	run(t, ctx, "created", chromedp.WaitNotPresent("#view-dialog", chromedp.ByQuery),
		chromedp.WaitVisible("#view-name-current", chromedp.ByQuery))
	if got := text(t, ctx, "#view-name-current"); got != "Без привязки мои" {
		t.Fatalf("current view %q", got)
	}
	id := viewID(t, ctx)
	if got := location(t, ctx); got != "/c/local_outlets?view="+id {
		t.Errorf("address %q, view %q", got, id)
	}

	// A second view with the same name (ignoring case) is refused.
	viewMenu(t, ctx, "#view-create")
	nameView(t, ctx, "без привязки МОИ")
	run(t, ctx, "unique name error", chromedp.WaitVisible("#view-name-error", chromedp.ByQuery))
	if got := text(t, ctx, "#view-name-error"); !strings.Contains(got, "уже есть") {
		t.Errorf("error %q", got)
	}
	run(t, ctx, "cancel", chromedp.Click("#view-cancel", chromedp.ByQuery), chromedp.WaitNotPresent("#view-dialog", chromedp.ByQuery))

	viewMenu(t, ctx, "#view-rename")
	nameView(t, ctx, "Непривязанные")
	run(t, ctx, "renamed", chromedp.WaitNotPresent("#view-dialog", chromedp.ByQuery))
	viewMenu(t, ctx, "#view-default")
	run(t, ctx, "default marked", chromedp.Click("#view-menu", chromedp.ByQuery),
		chromedp.WaitVisible(fmt.Sprintf(`.view-item[data-id=%q][data-default="true"]`, id), chromedp.ByQuery))
	if got := text(t, ctx, fmt.Sprintf(`.view-item[data-id=%q]`, id)); !strings.Contains(got, "Непривязанные") || !strings.Contains(got, "★") {
		t.Errorf("view item %q", got)
	}
	run(t, ctx, "close menu", closeViews())

	// Reload without the view in the address: the default view opens.
	openPath(t, ctx, srv, "/c/local_outlets", "local_outlets")
	run(t, ctx, "default view applied", chromedp.WaitVisible(`.filter-chip[data-field="outlet"]`, chromedp.ByQuery))
	if got := text(t, ctx, "#view-name-current"); got != "Непривязанные" {
		t.Errorf("opened with view %q", got)
	}
	if got := gridTotal(t, ctx); got != total {
		t.Errorf("total %d, want %d", got, total)
	}

	viewMenu(t, ctx, "#view-delete")
	run(t, ctx, "confirm delete", chromedp.WaitVisible("#confirm-dialog", chromedp.ByQuery),
		chromedp.Click("#confirm-ok", chromedp.ByQuery))
	waitAttr(t, ctx, "#view-menu", "data-view", "")
	run(t, ctx, "gone from the list", chromedp.Click("#view-menu", chromedp.ByQuery),
		chromedp.WaitVisible("#view-list", chromedp.ByQuery),
		chromedp.WaitNotPresent(fmt.Sprintf(`.view-item[data-id=%q]`, id), chromedp.ByQuery),
		closeViews())
}

func TestViewKeepsColumnOrder(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "keyuser", "local_outlets")
	viewMenu(t, ctx, "#view-create")
	nameView(t, ctx, "Порядок")
	run(t, ctx, "created", chromedp.WaitNotPresent("#view-dialog", chromedp.ByQuery))
	id := viewID(t, ctx)
	fields := headFields(t, ctx)
	moveColumn(t, ctx, fields[len(fields)-1], fields[0])
	moved := headFields(t, ctx)
	if moved[0] != fields[len(fields)-1] {
		t.Fatalf("columns after the move: %v", moved)
	}
	run(t, ctx, "modified mark", chromedp.WaitVisible("#view-modified", chromedp.ByQuery))
	viewMenu(t, ctx, "#view-save")
	run(t, ctx, "no longer modified", chromedp.WaitNotPresent("#view-modified", chromedp.ByQuery))

	// Reopen in a fresh session from the link.
	ctx2 := newBrowser(t, "ru")
	signIn(t, ctx2, srv, "keyuser")
	openPath(t, ctx2, srv, "/c/local_outlets?view="+id, "local_outlets")
	waitAttr(t, ctx2, "#view-menu", "data-view", id)
	if got := headFields(t, ctx2); fmt.Sprint(got) != fmt.Sprint(moved) {
		t.Errorf("columns reopened %v, saved %v", got, moved)
	}
}

func TestSharedViewTweakIsPersonal(t *testing.T) {
	srv, admin := openDemo(t, "ru", "admin", "outlets")
	addFilter(t, admin, "status", "in", "active")
	viewMenu(t, admin, "#view-create")
	nameView(t, admin, "Активные для всех")
	run(t, admin, "created", chromedp.WaitNotPresent("#view-dialog", chromedp.ByQuery))
	id := viewID(t, admin)
	viewMenu(t, admin, "#view-share")
	run(t, admin, "share with key users", chromedp.WaitVisible("#view-share-dialog", chromedp.ByQuery),
		chromedp.Click("#view-share-key_user", chromedp.ByQuery),
		chromedp.Click("#view-share-ok", chromedp.ByQuery),
		chromedp.WaitVisible(`.toast[data-code="view_shared"]`, chromedp.ByQuery))

	ku := newBrowser(t, "ru")
	openCatalog(t, ku, srv, "keyuser", "outlets")
	run(t, ku, "the shared view is listed", chromedp.Click("#view-menu", chromedp.ByQuery),
		chromedp.WaitVisible(fmt.Sprintf(`.view-item[data-id=%q]`, id), chromedp.ByQuery))
	if got := text(t, ku, fmt.Sprintf(`.view-item[data-id=%q]`, id)); !strings.Contains(got, "общий") {
		t.Errorf("shared view item %q", got)
	}
	run(t, ku, "open it", chromedp.Click(fmt.Sprintf(`.view-item[data-id=%q]`, id), chromedp.ByQuery),
		chromedp.WaitNotPresent("#view-list", chromedp.ByQuery))
	waitAttr(t, ku, "#view-menu", "data-view", id)
	addFilter(t, ku, "subtype", "in", "rdc")
	run(t, ku, "modified", chromedp.WaitVisible("#view-modified", chromedp.ByQuery))
	run(t, ku, "no save for a view not mine", chromedp.Click("#view-menu", chromedp.ByQuery),
		chromedp.WaitVisible("#view-list", chromedp.ByQuery),
		chromedp.WaitNotPresent("#view-save", chromedp.ByQuery), closeViews())
	listMenu(t, ku, "settings-save")
	run(t, ku, "saved", chromedp.WaitVisible(`.toast[data-code="settings_saved"]`, chromedp.ByQuery))

	// The key user gets their tweak back next time, on the same view.
	openPath(t, ku, srv, "/c/outlets", "outlets")
	run(t, ku, "the tweak is back", chromedp.WaitVisible(`.filter-chip[data-field="subtype"]`, chromedp.ByQuery))
	waitAttr(t, ku, "#view-menu", "data-view", id)

	// Everyone else sees the view as shared: the admin's list, reopened by
	// the link, and the key user's own fresh session from the link.
	for name, ctx := range map[string]context.Context{"admin": admin, "link": ku} {
		openPath(t, ctx, srv, "/c/outlets?view="+id, "outlets")
		waitAttr(t, ctx, "#view-menu", "data-view", id)
		if got := chipFields(t, ctx); got != "status:in" {
			t.Errorf("%s: the shared view shows chips %q", name, got)
		}
	}
}

func TestCopiedViewLink(t *testing.T) {
	srv, ctx := startApp(t, "en", "-demo")
	signIn(t, ctx, srv, "admin")
	openPath(t, ctx, srv, "/c/outlets", "outlets")
	_, rdc := narrow(t, ctx, "subtype", "in", "rdc")

	fresh := newBrowser(t, "en")
	run(t, fresh, "open the link, sign in", chromedp.Navigate(srv.URL+"/c/outlets?view=builtin:outlets:rdc"),
		chromedp.EmulateViewport(1400, 900), login("admin", adminPassword),
		chromedp.WaitVisible("#shell", chromedp.ByQuery))
	if got := location(t, fresh); !strings.Contains(got, "view=builtin") {
		// The login page may have dropped the address: follow the link again.
		openPath(t, fresh, srv, "/c/outlets?view=builtin:outlets:rdc", "outlets")
	}
	run(t, fresh, "the view applies", chromedp.WaitVisible(`.filter-chip[data-field="subtype"]`, chromedp.ByQuery), until(gridReady("outlets")))
	waitAttr(t, fresh, "#view-menu", "data-view", "builtin:outlets:rdc")
	if got := gridTotal(t, fresh); got != rdc {
		t.Errorf("total %d, want %d RDC outlets", got, rdc)
	}
	if got := text(t, fresh, "#view-name-current"); got != "RDC outlets" {
		t.Errorf("view name %q", got)
	}
}
