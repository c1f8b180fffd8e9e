package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

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
			openCatalog(t, ctx, srv, "admin", "outlets")

			var choices []string
			run(t, ctx, "region choices in the filter form", openFilterForm(), chooseFilter("region", "in"),
				chromedp.Evaluate(`[...document.querySelectorAll(".filter-options li label span:first-child")].map(s => s.innerText.trim())`, &choices),
				chromedp.KeyEvent("\x1b"), chromedp.WaitNotPresent("#filter-form", chromedp.ByQuery))
			// Closing the form re-renders the page around the grid: click
			// its header only once that is done.
			waitIdle(t, ctx)
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
				afterRev(t, ctx, "#grid", func() {
					run(t, ctx, "sort by region "+step.aria,
						chromedp.Click(`#grid .grid-hcell[data-field="region"] .grid-sort`, chromedp.ByQuery),
						chromedp.WaitVisible(fmt.Sprintf(`#grid .grid-hcell[data-field="region"][aria-sort=%q]`, step.aria), chromedp.ByQuery))
				})
				var first string
				run(t, ctx, "first region", chromedp.Evaluate(firstRegion, &first))
				if first != step.want {
					t.Errorf("%s: the first row of the %s sort by region is %q, want %q", lang, step.aria, first, step.want)
				}
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
