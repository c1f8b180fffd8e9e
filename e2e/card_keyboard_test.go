package e2e

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// cardKey presses one key (kb.Enter, kb.Tab, kb.F2…) on whatever
// has the focus, with modifiers.
func cardKey(key string, mods ...input.Modifier) chromedp.Action {
	if len(mods) == 0 {
		return chromedp.KeyEvent(key)
	}
	m := mods[0]
	for _, o := range mods[1:] {
		m |= o
	}
	return chromedp.KeyEvent(key, chromedp.KeyModifiers(m))
}

// cardActive is the id of the focused element ("" for none).
func cardActive(t testing.TB, ctx context.Context) string {
	t.Helper()
	var id string
	run(t, ctx, "the focused element", chromedp.Evaluate(`document.activeElement?.id ?? ""`, &id))
	return id
}

// cardWaitFocus waits until the element with id has the focus.
func cardWaitFocus(t testing.TB, ctx context.Context, id string) {
	t.Helper()
	waitFor(t, ctx, "the focus on #"+id, fmt.Sprintf(`document.activeElement?.id === %q`, id))
}

// A record edited and saved by keyboard alone (issue 11, point 10): Enter
// on a row opens the card and moves the focus into it, F2 edits and
// focuses the first field, Tab follows the fields in card order, typing
// and Ctrl+Enter save, and the grid shows the saved value. Escape with
// changes asks first, and the question's dialog keeps Tab inside it; a
// second Escape closes the card and the focus is back on the list. The
// column headers are no Tab stops of their own.
func TestCardByKeyboardOnly(t *testing.T) {
	_, ctx := openDemo(t, "ru", "admin", "personnel")
	run(t, ctx, "focus the list", chromedp.Evaluate(`document.getElementById("grid").focus()`, nil))
	run(t, ctx, "Tab leaves the list", cardKey(kb.Tab))
	var inHead bool
	run(t, ctx, "where Tab went", chromedp.Evaluate(`!!document.activeElement?.closest(".grid-head")`, &inHead))
	if inHead {
		t.Error("Tab from the list stopped on a column header")
	}

	run(t, ctx, "back to the list", chromedp.Evaluate(`document.getElementById("grid").focus()`, nil),
		cardKey(kb.ArrowDown), waitSelected(0), cardKey(kb.Enter))
	waitFor(t, ctx, "the card", `!!document.querySelector("#card")?.dataset.id && `+revIs("#card", 0))
	cardWaitFocus(t, ctx, "card-title")
	id := ""
	run(t, ctx, "the card's record", chromedp.Evaluate(`document.querySelector("#card").dataset.id`, &id))

	run(t, ctx, "F2", cardKey(kb.F2))
	waitAttr(t, ctx, "#card", "data-mode", "edit")
	cardWaitFocus(t, ctx, "f-last_name")
	for _, next := range []string{"f-first_name", "f-middle_name"} {
		run(t, ctx, "Tab", cardKey(kb.Tab))
		cardWaitFocus(t, ctx, next)
	}
	// Tab selects the field's text: typing replaces it.
	cardTypeKeys(t, ctx, "f-middle_name", "", "Keyboardovych")
	afterRev(t, ctx, "#card", func() { run(t, ctx, "Ctrl+Enter", cardKey(kb.Enter, input.ModifierCtrl)) })
	waitAttr(t, ctx, "#card", "data-mode", "view")
	row := fmt.Sprintf(`#grid .grid-row[data-id=%q]`, id)
	waitFor(t, ctx, "the saved name in the list", fmt.Sprintf(`(document.querySelector(%q)?.innerText ?? "").includes(%q)`,
		row, " Keyboardovych"))
	cardWaitFocus(t, ctx, "card-title")

	// Enter on the card edits too; Escape with a change asks first.
	run(t, ctx, "Enter edits", cardKey(kb.Enter))
	waitAttr(t, ctx, "#card", "data-mode", "edit")
	cardWaitFocus(t, ctx, "f-last_name")
	var last string
	run(t, ctx, "the surname", chromedp.Value("#f-last_name", &last, chromedp.ByQuery))
	cardTypeKeys(t, ctx, "f-last_name", last, "x")
	run(t, ctx, "Escape", cardKey(kb.Escape))
	waitFor(t, ctx, "the question", `!!document.querySelector("#confirm-dialog")`)
	cardWaitFocus(t, ctx, "confirm-ok")
	shift := []input.Modifier{input.ModifierShift}
	for i, mods := range [][]input.Modifier{nil, nil, nil, shift, shift, shift} {
		run(t, ctx, "Tab in the dialog", cardKey(kb.Tab, mods...))
		var inside bool
		run(t, ctx, "where the focus is", chromedp.Evaluate(`!!document.activeElement?.closest("#confirm-dialog")`, &inside))
		if !inside {
			t.Fatalf("Tab %d left the dialog: the focus is on %q", i+1, cardActive(t, ctx))
		}
	}
	// Over two buttons, Cancel then OK: three Tabs forward end on Cancel,
	// three back on OK.
	cardWaitFocus(t, ctx, "confirm-ok")
	run(t, ctx, "discard the change", cardKey(kb.Enter))
	waitAttr(t, ctx, "#card", "data-mode", "view")
	waitFor(t, ctx, "the focus back in the card", `!!document.activeElement?.closest("#card")`)
	if got := cardValue(t, ctx, "last_name"); got != last {
		t.Errorf("surname after discarding = %q, want %q", got, last)
	}

	run(t, ctx, "Escape closes", cardKey(kb.Escape))
	waitFor(t, ctx, "the card closed", `!document.querySelector("#card")`)
	cardWaitFocus(t, ctx, "grid")
}

// waitSelected waits until row i of the grid is selected.
func waitSelected(i int) chromedp.Action {
	return until(fmt.Sprintf(`document.querySelector("#grid")?.getAttribute("aria-activedescendant") === "row-%d"`, i))
}
