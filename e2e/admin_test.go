package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"webtool/server/mail/mailtest"
)

// The administration in the browser: an administrator creates users who
// set their own password through a one-time link, takes a right away from
// a role, deactivates and unlocks users; a user changes their password.

// newPassword is what the users of these tests choose: long, not common,
// unlike their login.
const newPassword = "a quiet harbour at dawn"

// openAdmin opens an administration screen (users or roles) from the
// navigation and waits for its first list.
func openAdmin(t testing.TB, ctx context.Context, screen string) {
	t.Helper()
	run(t, ctx, "open "+screen+" from the navigation",
		chromedp.Evaluate(`document.querySelector("#nav-panel").hidden && document.querySelector("#nav-toggle").click()`, nil),
		chromedp.Click(fmt.Sprintf(`#nav-panel a[href="/admin/%s"]`, screen), chromedp.ByQuery),
		until(fmt.Sprintf(`+(document.querySelector("#admin-%s")?.dataset.rev ?? 0) > 0 && %s`, screen, idle)))
}

// newUser is what createUser types into a new user's card.
type newUser struct {
	login, name, email, role string
	// syncPoint is typed into the distributors picker ("" for none).
	syncPoint string
}

// createUser creates u on the open users screen and waits for the card
// to show it saved.
func createUser(t testing.TB, ctx context.Context, u newUser) {
	t.Helper()
	run(t, ctx, "new user", chromedp.Click("#user-create", chromedp.ByQuery),
		chromedp.WaitVisible(`#user-card[data-mode="edit"] #user-f-login`, chromedp.ByQuery))
	steps := chromedp.Tasks{fill("#user-f-login", u.login), fill("#user-f-name", u.name)}
	if u.email != "" {
		steps = append(steps, fill("#user-f-email", u.email))
	}
	steps = append(steps, chromedp.Click("#user-role-"+u.role, chromedp.ByQuery))
	run(t, ctx, "fill the user", steps...)
	if u.syncPoint != "" {
		find := fmt.Sprintf(`[...document.querySelectorAll("#user-sync-list .picker-option")].find(o => o.textContent.toLowerCase().includes(%q))`, strings.ToLower(u.syncPoint))
		run(t, ctx, "pick the distributor", fill("#user-sync", u.syncPoint), until(`!!`+find),
			chromedp.Evaluate(find+`.dataset.e2ePick = "1"`, nil),
			chromedp.Click(`#user-sync-list .picker-option[data-e2e-pick="1"]`, chromedp.ByQuery),
			until(`document.querySelectorAll("#user-sync-chips li").length === 1`))
	}
	run(t, ctx, "save the user", chromedp.Click("#user-save", chromedp.ByQuery),
		until(fmt.Sprintf(`document.querySelector("#user-card")?.dataset.mode === "view" && document.querySelector("#user-card").dataset.login === %q && %s`, u.login, idle)))
}

var linkPattern = regexp.MustCompile(`https?://[^\s]+/password\?token=[A-Za-z0-9_%-]+`)

// linkIn is the set-password link in a mail's text.
func linkIn(t testing.TB, text string) string {
	t.Helper()
	link := linkPattern.FindString(text)
	if link == "" {
		t.Fatalf("no set-password link in the mail:\n%s", text)
	}
	return link
}

// mailTo waits for the n-th mail and returns it, checking its recipient.
func mailTo(t testing.TB, mails *mailtest.Server, n int, to string) mailtest.Received {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got, err := mails.Wait(ctx, n)
	if err != nil {
		t.Fatalf("waiting for mail %d: %v (received %d)", n, err, len(mails.Messages()))
	}
	m := got[n-1]
	if len(m.To) != 1 || m.To[0] != to {
		t.Fatalf("mail %d went to %v, want %s", n, m.To, to)
	}
	return m
}

// setPasswordFromLink opens a set-password link in the browser ctx, sets
// the password and waits until the user is signed in.
// With shot set, the filled form is shot under that name.
func setPasswordFromLink(t testing.TB, ctx context.Context, link, password, shot string) {
	t.Helper()
	run(t, ctx, "open the link", chromedp.EmulateViewport(1400, 900), chromedp.Navigate(link),
		chromedp.WaitVisible(`#password-set[data-state="ready"]`, chromedp.ByQuery))
	var path string
	run(t, ctx, "type the password", chromedp.Evaluate(`location.pathname + location.search`, &path),
		fill("#password-new", password), fill("#password-repeat", password),
		until(`document.querySelector("#password-meter")?.dataset.state === "rated" && `+idle))
	if shot != "" {
		shoot(t, ctx, shot)
	}
	run(t, ctx, "set the password", chromedp.Click("#password-set-submit", chromedp.ByQuery),
		chromedp.WaitVisible("#shell", chromedp.ByQuery))
	if strings.Contains(path, "token") {
		t.Errorf("the token stays in the address bar: %s", path)
	}
}

// openNav opens a catalog from the navigation of a signed-in browser.
func openNav(t testing.TB, ctx context.Context, catalog string) {
	t.Helper()
	run(t, ctx, "open "+catalog+" from the navigation",
		chromedp.Evaluate(`document.querySelector("#nav-panel").hidden && document.querySelector("#nav-toggle").click()`, nil),
		chromedp.Click(fmt.Sprintf(`#nav-panel a[href="/c/%s"]`, catalog), chromedp.ByQuery),
		until(gridReady(catalog)))
}

// An administrator creates a key user of one distributor; the user gets
// the link by mail (from the in-process SMTP server), sets a password, is
// signed in and sees only that distributor's rows.
func TestAdminCreatesUserWhoSetsPasswordFromMail(t *testing.T) {
	mails := mailtest.Start(t, mailtest.Options{User: "webtool", Password: "smtp-secret"})
	srv, ctx := startApp(t, "ru", "-demo", "-smtp-url", mails.URL())
	signIn(t, ctx, srv, "admin")
	openAdmin(t, ctx, "users")
	createUser(t, ctx, newUser{login: "e2e.kava", name: "Ева Кавова", email: "eva@example.com", role: "key_user", syncPoint: "Кава"})
	shoot(t, ctx, "admin-users-ru.png")
	if n := count(t, ctx, "#link-dialog"); n != 0 {
		t.Fatal("the link was shown to the administrator although it was mailed")
	}
	m := mailTo(t, mails, 1, "eva@example.com")
	if !strings.Contains(m.Text, "e2e.kava") || !strings.Contains(m.Subject, "WebTool") {
		t.Errorf("mail subject %q text %q: want the login and the product named", m.Subject, m.Text)
	}

	user := newBrowser(t, "ru")
	setPasswordFromLink(t, user, linkIn(t, m.Text), newPassword, "password-set-ru.png")
	openNav(t, user, "local_outlets")
	rows := rowTexts(t, user)
	if len(rows) == 0 {
		t.Fatal("the new key user sees no local outlets")
	}
	for _, r := range rows {
		if !strings.Contains(r, "D001") {
			t.Fatalf("a row of another distributor: %q", r)
		}
	}
	// The link works once.
	other := newBrowser(t, "ru")
	run(t, other, "the link again", chromedp.Navigate(linkIn(t, m.Text)),
		chromedp.WaitVisible(`#password-set[data-state="invalid"]`, chromedp.ByQuery))
}

// A right taken from a role closes that catalog in the open tab of a
// user holding the role, with a message; the link was shown to the
// administrator (no mail server) and handed over.
func TestRightTakenAwayClosesTheOpenGrid(t *testing.T) {
	srv, ctx := startApp(t, "ru", "-demo")
	signIn(t, ctx, srv, "admin")
	openAdmin(t, ctx, "roles")
	run(t, ctx, "open the key user role", chromedp.Click(`#roles-table tr[data-key="key_user"]`, chromedp.ByQuery),
		until(`document.querySelector("#role-editor")?.dataset.key === "key_user"`))
	run(t, ctx, "copy it", chromedp.Click("#role-copy", chromedp.ByQuery),
		until(`document.querySelector("#role-editor")?.dataset.key === "key_user_copy"`))
	shoot(t, ctx, "admin-role-editor-ru.png")
	run(t, ctx, "save the copy", chromedp.Click("#role-save", chromedp.ByQuery),
		until(`document.querySelector('#roles-table tr[data-key="key_user_copy"]') && document.querySelector("#role-editor").dataset.builtin === "false" && `+idle))

	openAdmin(t, ctx, "users")
	createUser(t, ctx, newUser{login: "e2e.copy", name: "Коля Копиев", role: "key_user_copy", syncPoint: "Кава"})
	var link string
	run(t, ctx, "the link shown once", chromedp.WaitVisible("#link-dialog", chromedp.ByQuery),
		chromedp.Value("#link-url", &link, chromedp.ByQuery), until(still))
	shoot(t, ctx, "admin-link-dialog-ru.png")
	run(t, ctx, "close the link", chromedp.Click("#link-close", chromedp.ByQuery))

	user := newBrowser(t, "ru")
	setPasswordFromLink(t, user, link, newPassword, "")
	openNav(t, user, "local_outlets")

	openAdmin(t, ctx, "roles")
	run(t, ctx, "open the copy", chromedp.Click(`#roles-table tr[data-key="key_user_copy"]`, chromedp.ByQuery),
		until(`document.querySelector("#role-editor")?.dataset.key === "key_user_copy" && +document.querySelector("#role-editor").dataset.rev > 0 && `+idle))
	// The app handles a click after the browser dispatched it: wait for
	// the level to be taken before saving, and for the save's reply.
	run(t, ctx, "take local outlets away", chromedp.Click("#lvl-local_outlets-none", chromedp.ByQuery),
		until(`document.querySelector('#role-matrix tr[data-catalog="local_outlets"]')?.dataset.level === "none" && document.querySelector("#role-editor").dataset.dirty === "true"`))
	afterRev(t, ctx, "#role-editor", func() { run(t, ctx, "save the role", chromedp.Click("#role-save", chromedp.ByQuery)) })
	waitAttr(t, ctx, "#role-editor", "data-dirty", "false")

	run(t, user, "the grid closes with a message",
		until(`document.querySelector("#rights-toast")?.dataset.closed === "Локальные торговые точки" && location.pathname === "/" && !document.querySelector("#grid")`),
		until(`!document.querySelector('#nav-panel a[href="/c/local_outlets"]') && `+still))
	shoot(t, user, "rights-closed-ru.png")
}

// Deactivating a user ends their open session at once; a locked login is
// unlocked by the administrator and can sign in.
func TestDeactivateAndUnlock(t *testing.T) {
	srv, ctx := startApp(t, "ru", "-demo")
	signIn(t, ctx, srv, "admin")
	viewer := newBrowser(t, "ru")
	signIn(t, viewer, srv, "viewer")

	openAdmin(t, ctx, "users")
	openUser(t, ctx, "viewer")
	run(t, ctx, "deactivate", chromedp.Click("#user-deactivate", chromedp.ByQuery),
		chromedp.WaitVisible("#confirm-ok", chromedp.ByQuery), chromedp.Click("#confirm-ok", chromedp.ByQuery),
		chromedp.WaitVisible("#user-reactivate", chromedp.ByQuery))
	run(t, viewer, "signed out at once", chromedp.WaitVisible(".screen-login", chromedp.ByQuery))
	waitAttr(t, viewer, "#login-message", "data-code", "revoked")

	// Reactivated, the viewer fails three times and is locked; the
	// administrator unlocks the login and the right password works.
	run(t, ctx, "reactivate", chromedp.Click("#user-reactivate", chromedp.ByQuery),
		chromedp.WaitVisible("#user-deactivate", chromedp.ByQuery))
	for i := 1; i <= 3; i++ {
		run(t, viewer, fmt.Sprintf("wrong password %d", i), login("viewer", fmt.Sprintf("wrong-%d", i)))
		waitAttr(t, viewer, "#login-message", "data-failures", fmt.Sprint(i))
	}
	waitAttr(t, viewer, "#login-message", "data-code", "locked")
	openUser(t, ctx, "viewer")
	run(t, ctx, "unlock", chromedp.WaitVisible("#user-unlock", chromedp.ByQuery), chromedp.Click("#user-unlock", chromedp.ByQuery),
		until(`!document.querySelector("#user-unlock") && `+idle))
	run(t, viewer, "sign in after the unlock", login("viewer", srv.password(t, "viewer")),
		chromedp.WaitVisible("#shell", chromedp.ByQuery))
}

// openUser opens a user's card from the users list (reloading the list
// first, so it shows what changed since).
func openUser(t testing.TB, ctx context.Context, loginName string) {
	t.Helper()
	old := rev(t, ctx, "#admin-users")
	run(t, ctx, "find "+loginName, fill("#users-search", loginName),
		until(fmt.Sprintf(`+document.querySelector("#admin-users").dataset.rev > %d && document.querySelector("#admin-users").dataset.search === %q`, old, loginName)),
		chromedp.Click(fmt.Sprintf(`#admin-users tr[data-login=%q]`, loginName), chromedp.ByQuery),
		until(fmt.Sprintf(`document.querySelector("#user-card")?.dataset.login === %q && %s`, loginName, idle)))
}

// A user changes their own password on their account page: their other
// session (another browser) is signed out, this one stays, and the new
// password signs in.
func TestChangeOwnPasswordSignsOutTheOtherSession(t *testing.T) {
	srv, ctx := startApp(t, "ru", "-demo")
	signIn(t, ctx, srv, "keyuser")
	other := newBrowser(t, "ru")
	signIn(t, other, srv, "keyuser")

	run(t, ctx, "open the account page", chromedp.Click("#account-link", chromedp.ByQuery),
		until(`+(document.querySelector("#sessions")?.dataset.rev ?? 0) > 0 && `+idle))
	run(t, ctx, "settle", until(still))
	shoot(t, ctx, "account-ru.png")
	if n := attr(t, ctx, "#sessions", "data-count"); n != "2" {
		t.Fatalf("sessions listed: %s, want 2", n)
	}
	old := rev(t, ctx, "#account-password-form")
	run(t, ctx, "change the password", fill("#account-current", srv.password(t, "keyuser")),
		fill("#account-new", newPassword), fill("#account-repeat", newPassword),
		chromedp.Click("#account-password-save", chromedp.ByQuery),
		until(fmt.Sprintf(`+document.querySelector("#account-password-form").dataset.rev > %d && %s`, old, idle)))
	waitAttr(t, ctx, "#sessions", "data-count", "1")
	run(t, other, "the other session is signed out", chromedp.WaitVisible(".screen-login", chromedp.ByQuery))
	waitAttr(t, other, "#login-message", "data-code", "revoked")
	run(t, other, "the new password signs in", login("keyuser", newPassword), chromedp.WaitVisible("#shell", chromedp.ByQuery))
	if n := count(t, ctx, "#shell"); n != 1 {
		t.Fatal("the session that changed the password was signed out")
	}
}

// count is how many elements match sel.
func count(t testing.TB, ctx context.Context, sel string) int {
	t.Helper()
	var n int
	run(t, ctx, "count "+sel, chromedp.Evaluate(fmt.Sprintf(`document.querySelectorAll(%q).length`, sel), &n))
	return n
}

// attr is the attribute name of the element matching sel ("" if none).
func attr(t testing.TB, ctx context.Context, sel, name string) string {
	t.Helper()
	var s string
	run(t, ctx, "read "+sel+"["+name+"]", chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q)?.getAttribute(%q) ?? ""`, sel, name), &s))
	return s
}
