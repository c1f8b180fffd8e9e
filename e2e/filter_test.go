package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// chipText is the text of the chip on field (the first, if several).
func chipText(t testing.TB, ctx context.Context, field string) string {
	t.Helper()
	return strings.TrimSpace(text(t, ctx, fmt.Sprintf(`.filter-chip[data-field=%q] .chip-text`, field)))
}

// removeChip removes the chip on field whose text contains part and waits
// for the rows without it.
func removeChip(t testing.TB, ctx context.Context, field, part string) {
	t.Helper()
	afterRev(t, ctx, "#grid", func() {
		run(t, ctx, "remove chip "+field+" "+part, chromedp.Evaluate(fmt.Sprintf(`(() => {
		const c = [...document.querySelectorAll(%q)].find(c => c.innerText.includes(%q));
		c.querySelector(".chip-remove").click(); })()`, fmt.Sprintf(`.filter-chip[data-field=%q]`, field), part), nil))
	})
}

// shoot saves a screenshot into $WEBTOOL_SCREENSHOTS, when set.
func shoot(t testing.TB, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("WEBTOOL_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	run(t, ctx, "screenshot "+name, screenshot(&png))
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestFilterOrGroup builds "(Подтип = RDC или Подтип = Опт) и Область =
// Киевская" with the chips' "или…" and checks its total against the two
// simple filters counted separately.
func TestFilterOrGroup(t *testing.T) {
	_, ctx := openDemo(t, "ru", "admin", "outlets")
	all := gridTotal(t, ctx)

	simple := func(subtype string) int {
		addFilter(t, ctx, "subtype", "in", subtype)
		addFilter(t, ctx, "region", "in", "kyiv")
		n := gridTotal(t, ctx)
		removeChip(t, ctx, "subtype", "")
		removeChip(t, ctx, "region", "")
		run(t, ctx, "no chips left", chromedp.WaitNotPresent(".filter-chip", chromedp.ByQuery))
		return n
	}
	rdc, wholesale := simple("rdc"), simple("wholesale")
	if rdc == 0 || wholesale == 0 || rdc+wholesale >= all {
		t.Fatalf("RDC in Kyiv %d, wholesale in Kyiv %d, of %d: the demo data cannot tell OR from AND", rdc, wholesale, all)
	}

	addFilter(t, ctx, "subtype", "in", "rdc")
	addFilter(t, ctx, "region", "in", "kyiv")
	run(t, ctx, "or… on the subtype chip",
		chromedp.Click(`.filter-chip[data-field="subtype"] .chip-or`, chromedp.ByQuery),
		chromedp.WaitVisible(`#filter-form[data-mode="or"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.filter-option[data-value="wholesale"]`, chromedp.ByQuery),
		chromedp.Click(`.filter-option[data-value="wholesale"]`, chromedp.ByQuery))
	shoot(t, ctx, "filter-or-form.png")
	afterRev(t, ctx, "#grid", func() {
		run(t, ctx, "apply the alternative", chromedp.Click("#filter-apply", chromedp.ByQuery),
			chromedp.WaitVisible(".filter-group", chromedp.ByQuery))
	})
	if got, want := gridTotal(t, ctx), rdc+wholesale; got != want {
		t.Errorf("(RDC or wholesale) and Kyiv: %d rows, want %d + %d", got, rdc, wholesale)
	}
	var group string
	run(t, ctx, "group text", chromedp.AttributeValue(".filter-group", "data-text", &group, nil, chromedp.ByQuery))
	if want := "(Подтип = RDC (распределительный центр) или Подтип = Опт)"; group != want {
		t.Errorf("group chip %q, want %q", group, want)
	}
	if got := text(t, ctx, ".filter-group"); !strings.Contains(got, "ИЛИ") && !strings.Contains(got, "или") {
		t.Errorf("the group does not show its OR: %q", got)
	}
	var layout []string
	run(t, ctx, "chip layout", chromedp.Evaluate(`[...document.querySelectorAll(".filter-chips > li")].map(li =>
		li.querySelector(".filter-group") ? "group:" + li.querySelectorAll(".filter-chip").length : li.querySelector(".filter-chip").dataset.field)`, &layout))
	if got := strings.Join(layout, ","); got != "group:2,region" {
		t.Errorf("chips %q, want the group of two, then the region", got)
	}
	if got := chipText(t, ctx, "region"); got != "Область = Киевская" {
		t.Errorf("region chip %q", got)
	}
	shoot(t, ctx, "filter.png")

	// Removing one of the two alternatives leaves a plain condition.
	removeChip(t, ctx, "subtype", "RDC")
	run(t, ctx, "the group is gone", chromedp.WaitNotPresent(".filter-group", chromedp.ByQuery))
	if got := gridTotal(t, ctx); got != wholesale {
		t.Errorf("after removing RDC: %d rows, want %d", got, wholesale)
	}
	if got := chipFields(t, ctx); got != "region:in,subtype:in" {
		t.Errorf("chips after removing an alternative: %q", got)
	}
}

// TestFilterChangedByMe: a record the key user saved is found by "Изменил:
// я" and "Изменено: сегодня", and by nothing else.
func TestFilterChangedByMe(t *testing.T) {
	_, ctx := openDemo(t, "ru", "keyuser", "local_outlets")
	name := "Правка для фильтра"
	openRecord(t, ctx, "#grid .grid-row")
	editCard(t, ctx)
	saveCard(t, ctx, fill("#f-name", name))
	var id string
	run(t, ctx, "saved id", chromedp.AttributeValue("#card", "data-id", &id, nil, chromedp.ByQuery))
	run(t, ctx, "close the card", chromedp.Click("#card-close", chromedp.ByQuery), chromedp.WaitNotPresent("#card", chromedp.ByQuery))

	addFilter(t, ctx, "changed_by", "eq", "@me")
	if got := chipText(t, ctx, "changed_by"); got != "Изменил: я" {
		t.Errorf("chip %q, want «Изменил: я»", got)
	}
	check := func(step string) {
		t.Helper()
		if n := gridTotal(t, ctx); n != 1 {
			t.Fatalf("%s: %d rows, want the one record saved", step, n)
		}
		var rowID string
		run(t, ctx, "row id", chromedp.AttributeValue("#grid .grid-row", "data-id", &rowID, nil, chromedp.ByQuery))
		if rowID != id {
			t.Errorf("%s: row %q, want %q", step, rowID, id)
		}
	}
	check("changed by me")

	run(t, ctx, "add changed today with one click",
		openFilterForm(),
		choose("#filter-field", "changed_at"),
		chromedp.WaitVisible("#filter-rel-today", chromedp.ByQuery))
	shoot(t, ctx, "filter-date-form.png")
	afterRev(t, ctx, "#grid", func() {
		run(t, ctx, "click today",
			chromedp.Click("#filter-rel-today", chromedp.ByQuery),
			chromedp.WaitVisible(`.filter-chip[data-field="changed_at"]`, chromedp.ByQuery))
	})
	if got := chipText(t, ctx, "changed_at"); got != "Изменено: сегодня" {
		t.Errorf("chip %q, want «Изменено: сегодня»", got)
	}
	check("changed by me today")

	// The demo loader changed everything else: "not me" is the rest.
	removeChip(t, ctx, "changed_at", "")
	removeChip(t, ctx, "changed_by", "")
	all := gridTotal(t, ctx)
	run(t, ctx, "the user form", openFilterForm(),
		choose("#filter-field", "changed_by"),
		chromedp.WaitVisible(`.filter-option[data-value="keyuser"]`, chromedp.ByQuery))
	shoot(t, ctx, "filter-user-form.png")
	run(t, ctx, "close the form", chromedp.Click("#filter-cancel", chromedp.ByQuery), chromedp.WaitNotPresent("#filter-form", chromedp.ByQuery))
	addFilter(t, ctx, "changed_by", "ne", "@me")
	if n := gridTotal(t, ctx); n != all-1 {
		t.Errorf("changed by not me: %d rows, want %d", n, all-1)
	}
}

// TestFilterRefNamesSurviveLogin: a chip on a reference shows the record's
// name, code and owner (as the value list showed them) after the settings
// are saved and the user signs in again.
func TestFilterRefNamesSurviveLogin(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "keyuser", "local_outlets")
	var dist string
	afterRev(t, ctx, "#grid", func() {
		run(t, ctx, "pick a distributor",
			openFilterForm(),
			choose("#filter-field", "distributor"),
			chromedp.WaitVisible(".filter-option", chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelector(".filter-options li label").title`, &dist),
			chromedp.Click(".filter-option", chromedp.ByQuery),
			chromedp.Click("#filter-apply", chromedp.ByQuery),
			chromedp.WaitVisible(`.filter-chip[data-field="distributor"]`, chromedp.ByQuery))
	})
	want := "Дистрибьютор = " + dist
	if dist == "" || chipText(t, ctx, "distributor") != want {
		t.Fatalf("chip %q, want %q", chipText(t, ctx, "distributor"), want)
	}
	listMenu(t, ctx, "settings-save")
	run(t, ctx, "saved toast", chromedp.WaitVisible(`.toast[data-code="settings_saved"]`, chromedp.ByQuery))
	run(t, ctx, "log out", chromedp.Click("#logout", chromedp.ByQuery), chromedp.WaitVisible("#login-form", chromedp.ByQuery))

	openCatalog(t, ctx, srv, "keyuser", "local_outlets")
	run(t, ctx, "chip restored", chromedp.WaitVisible(`.filter-chip[data-field="distributor"]`, chromedp.ByQuery))
	if got := chipText(t, ctx, "distributor"); got != want {
		t.Errorf("chip after login %q, want %q (the name, not the id)", got, want)
	}
}
