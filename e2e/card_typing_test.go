package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// cardCtrl is the Ctrl key held with another (Ctrl+Enter saves a card).
const cardCtrl = input.ModifierCtrl

// cardTypeKeys types text into whatever has the focus, one key at a time,
// as a person would (chromedp.KeyEvent does not move the focus, unlike
// SendKeys), and after every key checks that it landed in input id and
// that the focus is still there: a field re-created under the user's
// fingers fails at the first key after it.
func cardTypeKeys(t testing.TB, ctx context.Context, id, before, text string) {
	t.Helper()
	value := before
	for _, r := range text {
		value += string(r)
		run(t, ctx, fmt.Sprintf("type %q into #%s", r, id), chromedp.KeyEvent(string(r)),
			until(fmt.Sprintf(`document.getElementById(%q)?.value === %q`, id, value)))
		var active string
		run(t, ctx, "where the focus is", chromedp.Evaluate(`document.activeElement?.id ?? ""`, &active))
		if active != id {
			t.Fatalf("after typing %q into #%s the focus is on %q", value, id, active)
		}
	}
}

// cardFocus puts the focus in input id and selects its text, so the next
// key typed replaces it.
func cardFocus(id string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.focus(); e.select(); })()`, id), nil)
}

// cardFieldError waits until the error of field shows code.
func cardFieldError(t testing.TB, ctx context.Context, field, code string) {
	t.Helper()
	waitAttr(t, ctx, fmt.Sprintf(`.field-error[data-field=%q]`, field), "data-code", code)
}

// Typing through a validation error loses nothing (issue 11, point 2): the
// first key after "Latin letters only" clears the error without taking
// the focus out of the field, and so does an error the server sends while
// the user goes on typing.
func TestCardTypingThroughErrors(t *testing.T) {
	_, ctx := openDemo(t, "ru", "admin", "personnel")
	openRecord(t, ctx, "#grid .grid-row")
	editCard(t, ctx)

	// The server refuses a Cyrillic surname.
	run(t, ctx, "a Cyrillic surname", fill("#f-last_name", "Шевченко"), chromedp.Click("#card-save", chromedp.ByQuery))
	cardFieldError(t, ctx, "last_name", "latin_only")
	run(t, ctx, "back into the surname", cardFocus("f-last_name"))
	cardTypeKeys(t, ctx, "f-last_name", "", "Shevchenko")
	cardFieldError(t, ctx, "last_name", "")

	// Ctrl+Enter saves from the field; the server refuses the e-mail and
	// the focus stays in the field, where the typing goes on.
	run(t, ctx, "a bad e-mail", cardFocus("f-email"), chromedp.KeyEvent("x"),
		until(`document.getElementById("f-email").value === "x"`),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(cardCtrl)))
	waitFor(t, ctx, "the e-mail refused", `!!document.querySelector('.field-error[data-field="email"]:not([hidden])') && `+idle)
	cardTypeKeys(t, ctx, "f-email", "x", "@example.com")
	// Typing into the field clears its error (the card re-renders on the
	// first key; wait for that render rather than read at once).
	cardFieldError(t, ctx, "email", "")

	// The user types on at once after Ctrl+Enter: the refusal arrives in
	// the middle of the typing, and every key still lands.
	run(t, ctx, "another bad e-mail", cardFocus("f-email"), chromedp.KeyEvent("y"),
		until(`document.getElementById("f-email").value === "y"`),
		chromedp.KeyEvent("\r", chromedp.KeyModifiers(cardCtrl)))
	cardTypeKeys(t, ctx, "f-email", "y", "@exam")
	waitIdle(t, ctx)
	cardTypeKeys(t, ctx, "f-email", "y@exam", "ple.com")
	waitAttr(t, ctx, "#card", "data-mode", "edit")
}
