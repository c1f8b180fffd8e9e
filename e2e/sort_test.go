package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// waitTrue polls a JavaScript expression until it is true: a state the page
// shows, never a fixed pause.
func waitTrue(t testing.TB, ctx context.Context, what, expr string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var ok bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &ok)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			var page string
			chromedp.Run(ctx, chromedp.Evaluate(`document.body.innerText.slice(0, 2000)`, &page))
			t.Fatalf("%s: not true after %v: %s\npage:\n%s", what, within, expr, page)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRegionSortsByLabelInTheUsersLanguage sorts outlets by region, as a key
// user does by clicking the header, in Russian and in English: the first
// row is the region that comes first (then last) in that language's
// alphabet, and the filter lists the regions in that order. The browser's
// own collator (ICU) is the reference.
func TestRegionSortsByLabelInTheUsersLanguage(t *testing.T) {
	srv := startServer(t, "-demo")
	for _, lang := range []string{"ru", "en"} {
		t.Run(lang, func(t *testing.T) {
			ctx := newBrowser(t, lang)
			openCatalog(t, ctx, srv, "admin", adminPassword, "outlets")

			var choices []string
			run(t, ctx, "region choices in the filter form", openFilterForm(), chooseFilter("region", "in"),
				chromedp.Evaluate(`[...document.querySelectorAll(".filter-options li label span:first-child")].map(s => s.innerText.trim())`, &choices),
				chromedp.KeyEvent("\x1b"))
			if len(choices) < 20 {
				t.Fatalf("region choices %q: want every region", choices)
			}
			var sorted bool
			run(t, ctx, "choices in collation order", chromedp.Evaluate(fmt.Sprintf(`(() => {
				const c = new Intl.Collator(%q, {sensitivity: "base"}), xs = %s;
				return xs.every((x, i) => i == 0 || c.compare(xs[i-1], x) <= 0); })()`, lang, jsStrings(choices)), &sorted))
			if !sorted {
				t.Errorf("%s: filter lists regions out of alphabetical order: %q", lang, choices)
			}

			firstRegion := `(() => {
				const i = [...document.querySelectorAll("#grid .grid-hcell")].findIndex(h => h.dataset.field == "region");
				const row = document.querySelector("#grid .grid-row");
				return row ? row.querySelectorAll(".grid-cell")[i].innerText.trim() : ""; })()`
			for _, step := range []struct{ aria, want string }{{"ascending", choices[0]}, {"descending", choices[len(choices)-1]}} {
				run(t, ctx, "sort by region "+step.aria,
					chromedp.Click(`#grid .grid-hcell[data-field="region"] .grid-sort`, chromedp.ByQuery),
					chromedp.WaitVisible(fmt.Sprintf(`#grid .grid-hcell[data-field="region"][aria-sort=%q]`, step.aria), chromedp.ByQuery))
				waitTrue(t, ctx, lang+" first row of "+step.aria+" region sort is "+step.want,
					fmt.Sprintf(`document.querySelector("#grid").dataset.loading == "false" && %s == %q`, firstRegion, step.want), 15*time.Second)
			}
		})
	}
}

// jsStrings writes ss as a JavaScript array literal.
func jsStrings(ss []string) string {
	out := "["
	for i, s := range ss {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprintf("%q", s)
	}
	return out + "]"
}
