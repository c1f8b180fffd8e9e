package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// allowDownloads sends the tab's downloads to a fresh folder.
func allowDownloads(t testing.TB, ctx context.Context) string {
	t.Helper()
	dir := t.TempDir()
	run(t, ctx, "allow downloads", browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllow).
		WithDownloadPath(dir).WithEventsEnabled(true))
	return dir
}

// waitFile waits for a finished download with the extension ext.
func waitFile(t testing.TB, dir, ext string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ext) {
				return filepath.Join(dir, e.Name())
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no *%s downloaded within %v", ext, within)
	return ""
}

// headLabels is the grid's visible column labels in order (textContent:
// the CSS shows them upper-case).
func headLabels(t testing.TB, ctx context.Context) []string {
	t.Helper()
	var labels []string
	run(t, ctx, "header labels", chromedp.Evaluate(
		`[...document.querySelectorAll("#grid .grid-head .grid-hcell")].map(c => c.querySelector(".grid-hlabel").textContent.trim())`, &labels))
	return labels
}

func headFields(t testing.TB, ctx context.Context) []string {
	t.Helper()
	var fields []string
	run(t, ctx, "header fields", chromedp.Evaluate(
		`[...document.querySelectorAll("#grid .grid-head .grid-hcell")].map(c => c.dataset.field)`, &fields))
	return fields
}

// headMenu right-clicks the header of field and picks action.
func headMenu(t testing.TB, ctx context.Context, field, action string) {
	t.Helper()
	run(t, ctx, "menu "+action+" on "+field,
		chromedp.Evaluate(fmt.Sprintf(`(() => { const c = document.querySelector('#grid .grid-hcell[data-field=%q]');
			const r = c.getBoundingClientRect();
			c.dispatchEvent(new MouseEvent("contextmenu", {bubbles: true, cancelable: true, clientX: r.left + 5, clientY: r.bottom})); })()`, field), nil),
		chromedp.WaitVisible(`#grid-context-menu`, chromedp.ByQuery),
		chromedp.Click(fmt.Sprintf(`#grid-context-menu [data-action=%q]`, action), chromedp.ByQuery),
		chromedp.WaitNotPresent(`#grid-context-menu`, chromedp.ByQuery))
}

// dragColumn drags the header of from onto the header of to with HTML5
// drag and drop events, as the browser fires them.
func dragColumn(from, to string) chromedp.Action {
	return chromedp.Evaluate(fmt.Sprintf(`(() => {
		const a = document.querySelector('#grid .grid-hcell[data-field=%q]');
		const b = document.querySelector('#grid .grid-hcell[data-field=%q]');
		const dt = new DataTransfer();
		a.dispatchEvent(new DragEvent("dragstart", {bubbles: true, cancelable: true, dataTransfer: dt}));
		b.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt}));
		b.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: dt}));
		a.dispatchEvent(new DragEvent("dragend", {bubbles: true, cancelable: true, dataTransfer: dt}));
	})()`, from, to), nil)
}

func TestExportVisibleList(t *testing.T) {
	srv := startServer(t, "-demo")
	ctx := newBrowser(t, "ru")
	dir := allowDownloads(t, ctx)
	openCatalog(t, ctx, srv, "keyuser", srv.demoPassword(t), "local_outlets")

	run(t, ctx, "quick search narrows the list", fill("#grid-search", "а"))
	time.Sleep(time.Second)
	waitAttr(t, ctx, "#grid", "data-loading", "false", 10*time.Second)
	total := gridTotal(t, ctx)
	if total == 0 {
		t.Fatalf("search found %d rows", total)
	}
	fields := headFields(t, ctx)
	if len(fields) < 3 {
		t.Fatalf("only %d columns", len(fields))
	}
	headMenu(t, ctx, fields[1], "hide")
	run(t, ctx, "move the last column first", dragColumn(fields[len(fields)-1], fields[0]))
	time.Sleep(300 * time.Millisecond)
	got := headFields(t, ctx)
	if got[0] != fields[len(fields)-1] || len(got) != len(fields)-1 {
		t.Fatalf("columns after hide and move: %v (were %v)", got, fields)
	}
	labels := headLabels(t, ctx)

	run(t, ctx, "export csv", chromedp.Click("#grid-menu", chromedp.ByQuery),
		chromedp.WaitVisible(`#grid-context-menu`, chromedp.ByQuery),
		chromedp.Click(`#grid-context-menu [data-action="export-csv"]`, chromedp.ByQuery))
	data, err := os.ReadFile(waitFile(t, dir, ".csv", 20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Error("CSV has no BOM")
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("read CSV: %v", err)
	}
	if fmt.Sprint(recs[0]) != fmt.Sprint(labels) {
		t.Errorf("CSV header %q, grid shows %q", recs[0], labels)
	}
	if len(recs)-1 != total {
		t.Errorf("CSV has %d rows, grid %d", len(recs)-1, total)
	}

	headMenu(t, ctx, got[0], "export-xlsx")
	x, err := excelize.OpenFile(waitFile(t, dir, ".xlsx", 20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(rows[0]) != fmt.Sprint(labels) {
		t.Errorf("XLSX header %q, grid shows %q", rows[0], labels)
	}
	if len(rows)-1 != total {
		t.Errorf("XLSX has %d rows, grid %d", len(rows)-1, total)
	}
}

func TestExportTooManyRows(t *testing.T) {
	srv := startServer(t, "-demo", "-demo-scale", "12000")
	ctx := newBrowser(t, "ru")
	dir := allowDownloads(t, ctx)
	openCatalog(t, ctx, srv, "admin", adminPassword, "outlets")
	if n := gridTotal(t, ctx); n <= 10000 {
		t.Fatalf("only %d outlets", n)
	}
	run(t, ctx, "export csv", chromedp.Click("#grid-menu", chromedp.ByQuery),
		chromedp.WaitVisible(`#grid-context-menu`, chromedp.ByQuery),
		chromedp.Click(`#grid-context-menu [data-action="export-csv"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.toast[data-code="too_many_rows"]`, chromedp.ByQuery))
	msg := text(t, ctx, `.toast[data-code="too_many_rows"]`)
	if !strings.Contains(msg, "10\u2009000") || !strings.Contains(msg, "Сузьте фильтры") {
		t.Errorf("notification %q", msg)
	}
	time.Sleep(time.Second)
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("a file was written: %v", entries[0].Name())
	}
}

func TestTotalsAverage(t *testing.T) {
	srv := startServer(t, "-demo")
	ctx := newBrowser(t, "en")
	dir := allowDownloads(t, ctx)
	openCatalog(t, ctx, srv, "keyuser", srv.demoPassword(t), "local_products")
	if !strings.Contains(strings.Join(headFields(t, ctx), ","), "unit_factor") {
		headMenu(t, ctx, headFields(t, ctx)[0], "columns")
		run(t, ctx, "show unit_factor", chromedp.Click(`.column-choice[data-field="unit_factor"] input`, chromedp.ByQuery),
			chromedp.Click("#columns-ok", chromedp.ByQuery), chromedp.WaitNotPresent("#columns-dialog", chromedp.ByQuery))
	}
	run(t, ctx, "average", choose("#total-fn-unit_factor", "avg"))
	waitAttr(t, ctx, `.total-cell[data-field="unit_factor"]`, "data-fn", "avg", 5*time.Second)
	var shown string
	deadline := time.Now().Add(10 * time.Second)
	for shown == "" && time.Now().Before(deadline) {
		shown = text(t, ctx, `.total-cell[data-field="unit_factor"] .total-value`)
		time.Sleep(100 * time.Millisecond)
	}
	// Only unit_factor, exported as CSV, averaged here.
	run(t, ctx, "export csv", chromedp.Click("#grid-menu", chromedp.ByQuery),
		chromedp.WaitVisible(`#grid-context-menu`, chromedp.ByQuery),
		chromedp.Click(`#grid-context-menu [data-action="export-csv"]`, chromedp.ByQuery))
	data, err := os.ReadFile(waitFile(t, dir, ".csv", 20*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.Comma = ','
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("read CSV: %v (%d records)", err, len(recs))
	}
	col := -1
	for i, h := range recs[0] {
		if h == text(t, ctx, `.grid-hcell[data-field="unit_factor"] .grid-hlabel`) || strings.EqualFold(h, "unit factor") {
			col = i
		}
	}
	if col < 0 {
		var label string
		run(t, ctx, "label", chromedp.Evaluate(`document.querySelector('.grid-hcell[data-field="unit_factor"] .grid-hlabel').textContent`, &label))
		for i, h := range recs[0] {
			if h == label {
				col = i
			}
		}
	}
	if col < 0 {
		t.Fatalf("no unit factor column in %q", recs[0])
	}
	sum, n := 0.0, 0
	for _, rec := range recs[1:] {
		v := strings.ReplaceAll(strings.TrimSpace(rec[col]), ",", ".")
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("unit factor %q", rec[col])
		}
		sum += f
		n++
	}
	want := strconv.FormatFloat(sum/float64(n), 'f', 2, 64)
	want = strings.TrimRight(strings.TrimRight(want, "0"), ".")
	if strings.ReplaceAll(shown, "\u2009", "") != want {
		t.Errorf("totals row shows average %q, the exported rows average %s", shown, want)
	}
}

func TestNavigationSearch(t *testing.T) {
	srv := startServer(t, "-demo")
	ctx := newBrowser(t, "ru")
	openCatalog(t, ctx, srv, "admin", adminPassword, "outlets")
	run(t, ctx, "search", fill("#nav-search", "локальные тор"))
	var visible []string
	for deadline := time.Now().Add(3 * time.Second); ; {
		run(t, ctx, "visible items", chromedp.Evaluate(`[...document.querySelectorAll("#nav-panel .nav-item")].filter(a => a.offsetParent !== null).map(a => a.dataset.key)`, &visible))
		if len(visible) == 1 && visible[0] == "local_outlets" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("search shows %v", visible)
		}
		time.Sleep(100 * time.Millisecond)
	}
	run(t, ctx, "enter opens it", chromedp.SendKeys("#nav-search", "\r", chromedp.ByQuery),
		chromedp.WaitVisible(`#catalog[data-catalog="local_outlets"]`, chromedp.ByQuery))
	run(t, ctx, "reset", chromedp.Click("#nav-search-reset", chromedp.ByQuery))
	deadline := time.Now().Add(3 * time.Second)
	for {
		run(t, ctx, "all back", chromedp.Evaluate(`[...document.querySelectorAll("#nav-panel .nav-item")].filter(a => a.offsetParent !== null).map(a => a.dataset.key)`, &visible))
		if len(visible) >= 5 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after reset only %v", visible)
		}
		time.Sleep(100 * time.Millisecond)
	}
	run(t, ctx, "collapse a group", chromedp.Click(`.nav-group[data-group="outlets"] > button[aria-expanded="true"]`, chromedp.ByQuery))
	waitAttr(t, ctx, `.nav-group[data-group="outlets"] > button`, "aria-expanded", "false", 3*time.Second)
}
