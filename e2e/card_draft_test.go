package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// cardDraftKept is true when the browser keeps a draft of user's record
// id of catalog that holds text.
func cardDraftKept(user, catalog, id, text string) string {
	return fmt.Sprintf(`(localStorage.getItem(%q) || "").includes(%q)`, "webtool.draft."+user+"."+catalog+"."+id, text)
}

// cardDraftGone is true when the browser keeps no draft of user's record
// id of catalog.
func cardDraftGone(user, catalog, id string) string {
	return fmt.Sprintf(`localStorage.getItem(%q) === null`, "webtool.draft."+user+"."+catalog+"."+id)
}

// cardRestoreDraft waits until the card of record id offers its kept
// draft, restores it, and checks that field holds want in edit mode.
func cardRestoreDraft(t testing.TB, ctx context.Context, id, field, want string) {
	t.Helper()
	waitFor(t, ctx, "the draft offered on the card of "+id,
		fmt.Sprintf(`document.querySelector("#card")?.dataset.id === %q && !!document.querySelector("#card-draft") && %s`, id, idle))
	run(t, ctx, "restore the draft", chromedp.Click("#card-draft-restore", chromedp.ByQuery),
		chromedp.WaitVisible(`#card[data-mode="edit"]`, chromedp.ByQuery))
	var got string
	run(t, ctx, "read "+field, chromedp.Value("#f-"+field, &got, chromedp.ByQuery))
	if got != want {
		t.Fatalf("restored %s = %q, want %q", field, got, want)
	}
}

// Nothing typed is lost (issue 11, point 4): an edited card's draft is
// kept in the browser as the user types, and after a reload, or a
// sign-out and a sign-in, the catalog opens that record again and offers
// the draft back; restoring it puts every field back in edit mode.
// Cancelling the changes forgets the draft.
func TestCardDraftSurvivesReloadAndSignOut(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "admin", "personnel")
	row := firstRow(t, ctx)
	var id string
	run(t, ctx, "the first record", chromedp.AttributeValue(row, "data-id", &id, nil, chromedp.ByQuery))
	openRecord(t, ctx, row)
	editCard(t, ctx)
	run(t, ctx, "type", fill("#f-middle_name", "Draftovych"), fill("#f-phone", "+380 44 000 11 22"))
	waitFor(t, ctx, "the draft kept", cardDraftKept("admin", "personnel", id, "Draftovych"))

	run(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible("#shell", chromedp.ByQuery), until(gridReady("personnel")))
	cardRestoreDraft(t, ctx, id, "middle_name", "Draftovych")
	var phone string
	run(t, ctx, "read the phone", chromedp.Value("#f-phone", &phone, chromedp.ByQuery))
	if phone != "+380 44 000 11 22" {
		t.Errorf("restored phone = %q", phone)
	}

	// Cancelling the changes forgets the draft.
	run(t, ctx, "cancel", chromedp.Click("#card-cancel", chromedp.ByQuery), chromedp.WaitVisible(`#card[data-mode="view"]`, chromedp.ByQuery))
	waitFor(t, ctx, "the draft forgotten", cardDraftGone("admin", "personnel", id))

	// Typed, then signed out: offered again after signing in.
	editCard(t, ctx)
	run(t, ctx, "type again", fill("#f-middle_name", "Ivanovych"))
	waitFor(t, ctx, "the draft kept", cardDraftKept("admin", "personnel", id, "Ivanovych"))
	run(t, ctx, "sign out", chromedp.Click("#logout", chromedp.ByQuery), chromedp.WaitVisible("#login-form", chromedp.ByQuery))
	run(t, ctx, "sign in", login("admin", adminPassword), chromedp.WaitVisible("#shell", chromedp.ByQuery))
	// The home page lists the draft; its link opens the catalog, which
	// opens the record and offers the draft back.
	run(t, ctx, "home lists the draft", chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(`#drafts .draft-link[data-catalog="personnel"]`, chromedp.ByQuery),
		chromedp.Click(`#drafts .draft-link[data-catalog="personnel"]`, chromedp.ByQuery))
	cardRestoreDraft(t, ctx, id, "middle_name", "Ivanovych")

	// Saving forgets it too.
	saveCard(t, ctx)
	waitFor(t, ctx, "the saved draft forgotten", cardDraftGone("admin", "personnel", id))
}

// A lost connection loses nothing either: a save while the server is
// down is refused, the card stays in edit mode with what was typed, and
// once the server is back the same card saves it.
func TestCardKeepsEditsWhileOffline(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "admin", "personnel")
	openRecord(t, ctx, "#grid .grid-row")
	editCard(t, ctx)
	run(t, ctx, "type", fill("#f-middle_name", "Offlinovych"))
	srv.stop()
	waitAttr(t, ctx, "#conn-status", "data-state", "restarting")
	run(t, ctx, "save while down", chromedp.Click("#card-save", chromedp.ByQuery))
	waitFor(t, ctx, "the save refused", `!!document.querySelector(".toast[data-code]") && `+idle)
	var mode, got string
	run(t, ctx, "the card", chromedp.AttributeValue("#card", "data-mode", &mode, nil, chromedp.ByQuery),
		chromedp.Value("#f-middle_name", &got, chromedp.ByQuery))
	if mode != "edit" || got != "Offlinovych" {
		t.Fatalf("after a save while offline: mode %q, middle name %q", mode, got)
	}
	srv.start(t, srv.addr)
	waitAttr(t, ctx, "#conn-status", "data-state", "online")
	// The toast said so; out of the way of the card's buttons.
	run(t, ctx, "dismiss the toast", chromedp.Click(".toast .toast-close", chromedp.ByQuery),
		chromedp.WaitNotPresent(".toast", chromedp.ByQuery))
	saveCard(t, ctx)
	if s := cardValue(t, ctx, "middle_name"); s != "Offlinovych" {
		t.Fatalf("saved middle name %q", s)
	}
}
