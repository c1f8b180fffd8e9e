package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"webtool/server/api"
)

// A stale edit shows what the other user changed (issue 11, point 4): two
// users edit one employee; the second save is refused, and the card shows
// side by side each field the other changed — theirs and yours — and
// "keep my values" saves the user's value on top of the new version,
// while the other's change to another field survives. Screenshots of the
// conflict in both languages go into $WEBTOOL_SCREENSHOTS.
func TestCardConflictKeepMine(t *testing.T) {
	for _, lang := range []string{"ru", "en"} {
		t.Run(lang, func(t *testing.T) { cardConflict(t, lang) })
	}
}

func cardConflict(t *testing.T, lang string) {
	srv, ctx := startApp(t, lang, "-demo")
	openCatalog(t, ctx, srv, "admin", "personnel")
	other := dialAs(t, srv, "admin")

	row := firstRow(t, ctx)
	var id string
	run(t, ctx, "the first record", chromedp.AttributeValue(row, "data-id", &id, nil, chromedp.ByQuery))
	openRecord(t, ctx, row)
	editCard(t, ctx)
	run(t, ctx, "the user's change", fill("#f-middle_name", "Mine"))

	// Meanwhile the other user saves the same record: the same field and
	// another one.
	var rec api.Record
	other.ask(t, api.TypeGet, api.GetRequest{Catalog: "personnel", ID: id}, &rec)
	other.ask(t, api.TypeSave, api.SaveRequest{Catalog: "personnel", ID: id, Version: rec.Version,
		Values: map[string]any{"middle_name": "Theirs", "phone": "+380 44 999 88 77"}}, &rec)

	afterRev(t, ctx, "#card", func() { run(t, ctx, "save", chromedp.Click("#card-save", chromedp.ByQuery)) })
	waitFor(t, ctx, "the conflict's fields", `!!document.querySelector("#card-conflict-fields")`)
	cells := func(field string) (theirs, yours string) {
		sel := fmt.Sprintf(`#card-conflict-fields tr[data-field=%q]`, field)
		return text(t, ctx, sel+" .conflict-theirs"), text(t, ctx, sel+" .conflict-yours")
	}
	if theirs, yours := cells("middle_name"); theirs != "Theirs" || !strings.HasPrefix(yours, "Mine") {
		t.Errorf("middle name side by side: theirs %q, yours %q", theirs, yours)
	}
	if theirs, yours := cells("phone"); theirs != "+380 44 999 88 77" || yours == theirs {
		t.Errorf("phone side by side: theirs %q, yours %q", theirs, yours)
	}
	shoot(t, ctx, "card-conflict-"+lang+".png")

	afterRev(t, ctx, "#card", func() { run(t, ctx, "keep mine", chromedp.Click("#card-keep-mine", chromedp.ByQuery)) })
	waitAttr(t, ctx, "#card", "data-mode", "view")
	other.ask(t, api.TypeGet, api.GetRequest{Catalog: "personnel", ID: id}, &rec)
	if got := rec.Values["middle_name"]; got != "Mine" {
		t.Errorf("middle name saved as %v, want the user's value", got)
	}
	if got := rec.Values["phone"]; got != "+380 44 999 88 77" {
		t.Errorf("phone saved as %v, want the other user's change kept", got)
	}
}
