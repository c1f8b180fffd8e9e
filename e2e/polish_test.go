package e2e

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// shellShot saves a screenshot of the part of the page that the elements
// matching sels cover (with a margin) into $WEBTOOL_SCREENSHOTS, when set.
func shellShot(t testing.TB, ctx context.Context, name string, sels ...string) {
	t.Helper()
	dir := os.Getenv("WEBTOOL_SCREENSHOTS")
	if dir == "" {
		return
	}
	var box struct{ X, Y, W, H float64 }
	run(t, ctx, "the box of "+name, until(still), chromedp.Evaluate(fmt.Sprintf(`(() => {
		let l = Infinity, t = Infinity, r = 0, b = 0;
		for (const s of %q.split("|")) for (const e of document.querySelectorAll(s)) {
			const q = e.getBoundingClientRect();
			if (!q.width) continue;
			l = Math.min(l, q.left); t = Math.min(t, q.top); r = Math.max(r, q.right); b = Math.max(b, q.bottom);
		}
		const m = 12;
		l = Math.max(0, l - m); t = Math.max(0, t - m);
		return {X: l, Y: t, W: Math.min(innerWidth, r + m) - l, H: Math.min(innerHeight, b + m) - t};
	})()`, joinSels(sels)), &box))
	var png []byte
	run(t, ctx, "screenshot "+name, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		png, err = page.CaptureScreenshot().WithClip(&page.Viewport{X: box.X, Y: box.Y, Width: box.W, Height: box.H, Scale: 1}).Do(ctx)
		return err
	}))
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func joinSels(sels []string) string {
	out := ""
	for i, s := range sels {
		if i > 0 {
			out += "|"
		}
		out += s
	}
	return out
}

// shellBox is an element's place on screen.
type shellBox struct{ Left, Top, Right, Bottom, Width float64 }

func shellRect(t testing.TB, ctx context.Context, sel string) shellBox {
	t.Helper()
	var b shellBox
	run(t, ctx, "the box of "+sel, chromedp.Evaluate(fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect();
		return {Left: r.left, Top: r.top, Right: r.right, Bottom: r.bottom, Width: r.width}; })()`, sel), &b))
	return b
}

// TestShellPolishScreenshots checks the shell's layout in both languages
// and, with WEBTOOL_SCREENSHOTS set, writes its screenshots: the toolbar
// at 1280 and 900 px keeps every control on one row inside its width; a
// card opens over the grid without moving or narrowing it; the navigation
// search that finds nothing shows no group headings and one clear button;
// a date field shows and takes dates in the UI's language, with a
// calendar whose week starts on Monday in Russian.
func TestShellPolishScreenshots(t *testing.T) {
	for _, lang := range []string{"ru", "en"} {
		t.Run(lang, func(t *testing.T) { shellPolish(t, lang) })
	}
}

func shellPolish(t *testing.T, lang string) {
	srv, ctx := startApp(t, lang, "-demo")
	openCatalog(t, ctx, srv, "admin", "org_structure") // a tree: every control of the toolbar

	for _, width := range []int64{1280, 900} {
		run(t, ctx, fmt.Sprintf("%d px wide", width), chromedp.EmulateViewport(width, 800), until(still))
		var facts struct {
			Tops, Rights   []float64
			Right, Scroll  float64
			Inner          float64
			Names          []string
			SearchMinWidth float64
		}
		run(t, ctx, "the toolbar", chromedp.Evaluate(`(() => {
			const row = document.querySelector(".tb-row"), out = {Tops: [], Rights: [], Names: []};
			for (const e of row.children) {
				const r = e.getBoundingClientRect();
				if (!r.width || e.classList.contains("toolbar-spacer")) continue;
				out.Tops.push((r.top + r.bottom) / 2); out.Rights.push(r.right); out.Names.push(e.id || e.className);
			}
			out.Right = row.getBoundingClientRect().right;
			out.Scroll = document.documentElement.scrollWidth; out.Inner = innerWidth;
			out.SearchMinWidth = document.querySelector(".tb-row > .search-box").getBoundingClientRect().width;
			return out; })()`, &facts))
		if len(facts.Tops) < 8 {
			t.Fatalf("%d px: only %v in the toolbar", width, facts.Names)
		}
		for i, mid := range facts.Tops {
			if math.Abs(mid-facts.Tops[0]) > 3 {
				t.Errorf("%d px: %s is not on the toolbar's row (middle at %.0f, the first at %.0f)", width, facts.Names[i], mid, facts.Tops[0])
			}
			if facts.Rights[i] > facts.Right+1 {
				t.Errorf("%d px: %s sticks out of the toolbar (right edge %.0f > %.0f)", width, facts.Names[i], facts.Rights[i], facts.Right)
			}
		}
		if facts.Names[len(facts.Names)-1] != "grid-menu" {
			t.Errorf("%d px: the toolbar ends with %s, want the list menu", width, facts.Names[len(facts.Names)-1])
		}
		if facts.Scroll > facts.Inner {
			t.Errorf("%d px: the page scrolls sideways (%.0f px wide)", width, facts.Scroll)
		}
		if facts.SearchMinWidth < 100 {
			t.Errorf("%d px: the search is %.0f px wide", width, facts.SearchMinWidth)
		}
		shellShot(t, ctx, fmt.Sprintf("toolbar-%d-%s.png", width, lang), ".catalog-head", ".catalog-toolbar")
	}

	// A card opens over the grid: the grid neither moves nor narrows.
	run(t, ctx, "wide", chromedp.EmulateViewport(1400, 900), until(still))
	before := shellRect(t, ctx, ".grid-wrap")
	openRecord(t, ctx, "#grid .grid-row")
	run(t, ctx, "the card is in", until(still))
	if after := shellRect(t, ctx, ".grid-wrap"); after.Left != before.Left || after.Width != before.Width {
		t.Errorf("the grid moved when the card opened: left %.0f → %.0f, width %.0f → %.0f", before.Left, after.Left, before.Width, after.Width)
	}
	run(t, ctx, "close the card", chromedp.Click("#card-close", chromedp.ByQuery), chromedp.WaitNotPresent("#card", chromedp.ByQuery))

	// The navigation search that finds nothing: no empty groups, one clear
	// button (ours; the browser's own is hidden).
	run(t, ctx, "search the navigation", chromedp.Click("#nav-search", chromedp.ByQuery), chromedp.KeyEvent("zzqx"),
		chromedp.WaitVisible("#nav-no-match", chromedp.ByQuery), chromedp.WaitVisible("#nav-search-reset", chromedp.ByQuery))
	var headings []string
	var nativeClear string
	run(t, ctx, "what the panel shows", chromedp.Evaluate(`[...document.querySelectorAll("#nav-panel .nav-group-title")].filter(e => e.offsetParent !== null).map(e => e.innerText)`, &headings),
		// The browser's button is a pseudo-element no script can measure:
		// its rule must hide it.
		chromedp.Evaluate(`[...document.styleSheets].flatMap(s => [...s.cssRules]).find(r =>
			r.selectorText?.includes(".nav-search-input::-webkit-search-cancel-button"))?.style.display ?? ""`, &nativeClear))
	if len(headings) != 0 {
		t.Errorf("nothing found, yet the panel shows the groups %q", headings)
	}
	if nativeClear != "none" {
		t.Errorf("the browser's own clear button shows beside ours (display %q)", nativeClear)
	}
	shellShot(t, ctx, "nav-search-"+lang+".png", "#nav-panel .nav-title", "#nav-panel .nav-search", "#nav-no-match")
	run(t, ctx, "clear the search", chromedp.Click("#nav-search-reset", chromedp.ByQuery), chromedp.WaitNotPresent("#nav-no-match", chromedp.ByQuery))

	// A date typed in the UI's form, changed in the calendar by keyboard,
	// saved, shown in the list in the same language.
	typed, hint, firstDay, picked, shown := "31.12.2030", "ДД.ММ.ГГГГ", "Пн", "30.12.2030", "30.12.2030"
	if lang == "en" {
		typed, hint, firstDay, picked, shown = "2030-12-31", "YYYY-MM-DD", "Su", "2030-12-30", "30 Dec 2030"
	}
	openPath(t, ctx, srv, "/c/price_lists", "price_lists")
	openRecord(t, ctx, "#grid .grid-row")
	editCard(t, ctx)
	var placeholder string
	run(t, ctx, "the date field", chromedp.AttributeValue("#f-valid_to", "placeholder", &placeholder, nil, chromedp.ByQuery))
	if placeholder != hint {
		t.Errorf("date placeholder %q, want %q", placeholder, hint)
	}
	run(t, ctx, "type a date and open the calendar", fill("#f-valid_to", typed),
		chromedp.Click("#f-valid_to-cal", chromedp.ByQuery),
		chromedp.WaitVisible(`#f-valid_to-calendar[data-month="2030-12"]`, chromedp.ByQuery))
	waitFor(t, ctx, "the typed day has the focus", `document.activeElement?.dataset.day === "2030-12-31"`)
	if got := evalStrings(t, ctx, "the chosen day", `[...document.querySelectorAll("#f-valid_to-calendar [aria-pressed=true]")].map(e => e.dataset.day)`); len(got) != 1 || got[0] != "2030-12-31" {
		t.Errorf("the calendar marks %q as chosen, want the typed 2030-12-31", got)
	}
	if got := text(t, ctx, "#f-valid_to-calendar .cal-wd"); got != firstDay {
		t.Errorf("the week starts with %q, want %q", got, firstDay)
	}
	run(t, ctx, "a day back", chromedp.KeyEvent(kb.ArrowLeft))
	waitFor(t, ctx, "the day before has the focus", `document.activeElement?.dataset.day === "2030-12-30"`)
	shellShot(t, ctx, "date-calendar-"+lang+".png", "#f-valid_to", "#f-valid_to-calendar", `#card [data-field="valid_from"]`)
	run(t, ctx, "pick it", chromedp.KeyEvent(kb.Enter), chromedp.WaitNotPresent("#f-valid_to-calendar", chromedp.ByQuery))
	var value string
	run(t, ctx, "the field", chromedp.Value("#f-valid_to", &value, chromedp.ByQuery))
	if value != picked {
		t.Errorf("date field shows %q after the pick, want %q", value, picked)
	}
	// Alt+ArrowDown opens it from the field; Escape closes it, not the card.
	waitFor(t, ctx, "the focus back in the field", `document.activeElement?.id === "f-valid_to"`)
	run(t, ctx, "open by keyboard", chromedp.KeyEvent(kb.ArrowDown, chromedp.KeyModifiers(input.ModifierAlt)),
		chromedp.WaitVisible(`#f-valid_to-calendar[data-month="2030-12"]`, chromedp.ByQuery))
	waitFor(t, ctx, "the picked day has the focus", `document.activeElement?.dataset.day === "2030-12-30"`)
	run(t, ctx, "close by Escape", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent("#f-valid_to-calendar", chromedp.ByQuery))
	waitFor(t, ctx, "still editing, the focus in the field", `document.querySelector("#card")?.dataset.mode === "edit" && document.activeElement?.id === "f-valid_to"`)
	saveCard(t, ctx)
	waitFor(t, ctx, "the list shows the date", fmt.Sprintf(`[...document.querySelectorAll("#grid .grid-row")].some(r => r.innerText.includes(%q))`, shown))
	run(t, ctx, "close the card", chromedp.Click("#card-close", chromedp.ByQuery), chromedp.WaitNotPresent("#card", chromedp.ByQuery))

	// The filter's date is typed in the same form.
	afterRev(t, ctx, "#grid", func() {
		run(t, ctx, "filter by the date", openFilterForm(), chooseFilter("valid_to", "eq"),
			fill("#filter-value", picked), chromedp.Click("#filter-apply", chromedp.ByQuery),
			chromedp.WaitVisible(`.filter-chip[data-field="valid_to"]`, chromedp.ByQuery))
	})
	if n := gridTotal(t, ctx); n != 1 {
		t.Errorf("valid to = %s: %d rows, want the one saved", picked, n)
	}

	if os.Getenv("WEBTOOL_SCREENSHOTS") != "" && lang == "en" {
		// The idle warning (TestIdleWarning writes the Russian one).
		srv, ctx := startApp(t, lang, "-session-idle", "2m10s")
		signIn(t, ctx, srv, "admin")
		waitFor(t, ctx, "the warning", `!!document.querySelector("#idle-dialog")`)
		shoot(t, ctx, "idle-warning-en.png")
	}
}
