package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// cardInView is true when input id lies inside the card's scroll box.
func cardInView(id string) string {
	return fmt.Sprintf(`(() => { const box = document.querySelector("#card .card-scroll").getBoundingClientRect();
		const r = document.getElementById(%q).getBoundingClientRect();
		return r.top >= box.top && r.bottom <= box.bottom; })()`, id)
}

// cardErrors lists the fields showing an error, "field=code", in page order.
func cardErrors(t testing.TB, ctx context.Context) []string {
	t.Helper()
	return evalStrings(t, ctx, "field errors", `[...document.querySelectorAll("#card .field-error:not([hidden])")]
		.map(e => e.dataset.field + "=" + e.dataset.code)`)
}

// One save reports every field's fault at once (issue 11, point 3): the
// required surname the client could tell was missing, the Latin-letters
// rule and the e-mail form the server checks, and the required
// distributor; each message says what to do; the summary counts them and
// the card takes the user to the first, scrolled into view and focused.
func TestCardShowsAllErrorsAtOnce(t *testing.T) {
	srv, ctx := startApp(t, "ru", "-demo")
	openCatalog(t, ctx, srv, "admin", "personnel")
	// A short window, so the card scrolls and its first field can be out
	// of sight when the user saves from the bottom.
	run(t, ctx, "a new employee", chromedp.EmulateViewport(1280, 460),
		chromedp.Click("#create", chromedp.ByQuery), chromedp.WaitVisible(`#card[data-mode="edit"]`, chromedp.ByQuery),
		fill("#f-first_name", "Тарас"), fill("#f-email", "taras@"), choose("#f-employer_type", "agency"),
		chromedp.Evaluate(`(() => { const s = document.querySelector("#card .card-scroll"); s.scrollTop = s.scrollHeight; })()`, nil))
	var hidden bool
	run(t, ctx, "the surname out of sight", chromedp.Evaluate(`!`+cardInView("f-last_name"), &hidden))
	if !hidden {
		t.Fatal("the card does not scroll: the test cannot tell a scroll to the first error from none")
	}

	run(t, ctx, "save", chromedp.Click("#card-save", chromedp.ByQuery))
	waitFor(t, ctx, "the error summary", `!!document.querySelector("#card-errors") && `+idle)
	got := cardErrors(t, ctx)
	for _, want := range []string{"last_name=required", "first_name=latin_only", "email=bad_email", "distributor=required"} {
		if !slices.Contains(got, want) {
			t.Errorf("errors after one save: %q, want %s among them", got, want)
		}
	}
	if n := text(t, ctx, "#card-errors .card-errors-title"); !strings.HasPrefix(n, fmt.Sprint(len(got))+" ") {
		t.Errorf("the summary says %q for %d errors", n, len(got))
	}
	if s := text(t, ctx, `.field-error[data-field="email"]`); !strings.Contains(s, "name@example.com") {
		t.Errorf("the e-mail's error reads %q: it should show the form expected", s)
	}
	if s := text(t, ctx, `.field-error[data-field="first_name"]`); !strings.Contains(s, "латинскими") {
		t.Errorf("the first name's error reads %q", s)
	}
	waitFor(t, ctx, "the surname focused and in view",
		`document.activeElement?.id === "f-last_name" && `+cardInView("f-last_name"))

	// A link of the summary takes the user to its field.
	run(t, ctx, "go to the e-mail", chromedp.Click(`#card-errors .card-error-link[data-field="email"]`, chromedp.ByQuery))
	waitFor(t, ctx, "the e-mail focused and in view", `document.activeElement?.id === "f-email" && `+cardInView("f-email"))

	run(t, ctx, "a full window", chromedp.EmulateViewport(1400, 900),
		chromedp.Evaluate(`document.querySelector("#card .card-scroll").scrollTop = 0`, nil))
	shoot(t, ctx, "card-errors-ru.png")
}
