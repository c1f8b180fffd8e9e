package e2e

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"webtool/server/api"
)

// downloads follows the downloads of a tab, by the DevTools protocol's
// events: each is saved in dir under its id and reported when complete.
type downloads struct {
	dir   string
	done  chan download
	begun atomic.Int32
}

type download struct{ path, name string }

// allowDownloads sends the tab's downloads to a fresh folder.
func allowDownloads(t testing.TB, ctx context.Context) *downloads {
	t.Helper()
	d := &downloads{dir: t.TempDir(), done: make(chan download, 16)}
	names := map[string]string{} // by download id; the listener runs on one goroutine
	chromedp.ListenTarget(ctx, func(ev any) {
		switch e := ev.(type) {
		case *browser.EventDownloadWillBegin:
			d.begun.Add(1)
			names[e.GUID] = e.SuggestedFilename
		case *browser.EventDownloadProgress:
			if e.State == browser.DownloadProgressStateCompleted {
				d.done <- download{path: filepath.Join(d.dir, e.GUID), name: names[e.GUID]}
			}
		}
	})
	run(t, ctx, "allow downloads", browser.SetDownloadBehavior(browser.SetDownloadBehaviorBehaviorAllowAndName).
		WithDownloadPath(d.dir).WithEventsEnabled(true))
	return d
}

// next reads the next download to complete, which must be a *ext file.
func (d *downloads) next(t testing.TB, ext string) []byte {
	t.Helper()
	select {
	case f := <-d.done:
		if !strings.HasSuffix(f.name, ext) {
			t.Fatalf("downloaded %q, want a *%s", f.name, ext)
		}
		data, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	case <-time.After(waitTimeout):
		t.Fatalf("no *%s downloaded within %v", ext, waitTimeout)
		return nil
	}
}

// headLabels is the grid's visible column labels in order (textContent:
// the CSS shows them upper-case).
func headLabels(t testing.TB, ctx context.Context) []string {
	t.Helper()
	return evalStrings(t, ctx, "header labels",
		`[...document.querySelectorAll("#grid .grid-head .grid-hcell")].map(c => c.querySelector(".grid-hlabel").textContent.trim())`)
}

// headFields is the grid's visible columns in order.
func headFields(t testing.TB, ctx context.Context) []string {
	t.Helper()
	return evalStrings(t, ctx, "header fields", `[...document.querySelectorAll("#grid .grid-head .grid-hcell")].map(c => c.dataset.field)`)
}

// reshape runs act, which changes the visible columns, and waits until the
// grid shows the new ones.
func reshape(t testing.TB, ctx context.Context, act func()) {
	t.Helper()
	var cols string
	run(t, ctx, "columns", chromedp.AttributeValue("#grid", "data-cols", &cols, nil, chromedp.ByQuery))
	act()
	waitFor(t, ctx, "the columns change from "+cols, fmt.Sprintf(`document.querySelector("#grid").dataset.cols !== %q && %s`, cols, idle))
}

// moveColumn drags the header of from onto the header of to.
func moveColumn(t testing.TB, ctx context.Context, from, to string) {
	t.Helper()
	reshape(t, ctx, func() { run(t, ctx, "move "+from+" onto "+to, dragColumn(from, to)) })
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

// readCSV reads an exported CSV: a BOM, then records separated by comma.
func readCSV(t testing.TB, data []byte, comma rune) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))))
	r.Comma = comma
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("read CSV: %v (%d records)", err, len(recs))
	}
	return recs
}

func TestExportVisibleList(t *testing.T) {
	srv, ctx := startApp(t, "ru", "-demo")
	files := allowDownloads(t, ctx)
	openCatalog(t, ctx, srv, "keyuser", "local_outlets")

	search(t, ctx, "а")
	total := gridTotal(t, ctx)
	if total == 0 {
		t.Fatalf("search found %d rows", total)
	}
	fields := headFields(t, ctx)
	if len(fields) < 3 {
		t.Fatalf("only %d columns", len(fields))
	}
	reshape(t, ctx, func() { headMenu(t, ctx, fields[1], "hide") })
	moveColumn(t, ctx, fields[len(fields)-1], fields[0])
	got := headFields(t, ctx)
	if got[0] != fields[len(fields)-1] || len(got) != len(fields)-1 {
		t.Fatalf("columns after hide and move: %v (were %v)", got, fields)
	}
	labels := headLabels(t, ctx)

	listMenu(t, ctx, "export-csv")
	data := files.next(t, ".csv")
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Error("CSV has no BOM")
	}
	recs := readCSV(t, data, ';')
	if fmt.Sprint(recs[0]) != fmt.Sprint(labels) {
		t.Errorf("CSV header %q, grid shows %q", recs[0], labels)
	}
	if len(recs)-1 != total {
		t.Errorf("CSV has %d rows, grid %d", len(recs)-1, total)
	}

	headMenu(t, ctx, got[0], "export-xlsx")
	x, err := excelize.OpenReader(bytes.NewReader(files.next(t, ".xlsx")))
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
	ctx := outlets(t, api.MaxExport+1)
	files := allowDownloads(t, ctx)
	listMenu(t, ctx, "export-csv")
	run(t, ctx, "refused", chromedp.WaitVisible(`.toast[data-code="too_many_rows"]`, chromedp.ByQuery))
	msg := text(t, ctx, `.toast[data-code="too_many_rows"]`)
	if !strings.Contains(msg, "10\u2009000") || !strings.Contains(msg, "Сузьте фильтры") {
		t.Errorf("notification %q", msg)
	}
	// The refusal is the export's answer: once it is handled, no download
	// can follow.
	waitIdle(t, ctx)
	if n := files.begun.Load(); n > 0 {
		t.Errorf("%d downloads began", n)
	}
}

func TestTotalsAverage(t *testing.T) {
	srv, ctx := startApp(t, "en", "-demo")
	files := allowDownloads(t, ctx)
	openCatalog(t, ctx, srv, "keyuser", "local_products")
	if !slices.Contains(headFields(t, ctx), "unit_factor") {
		headMenu(t, ctx, headFields(t, ctx)[0], "columns")
		reshape(t, ctx, func() {
			run(t, ctx, "show unit_factor", chromedp.Click(`.column-choice[data-field="unit_factor"] input`, chromedp.ByQuery),
				chromedp.Click("#columns-ok", chromedp.ByQuery), chromedp.WaitNotPresent("#columns-dialog", chromedp.ByQuery))
		})
	}
	afterRev(t, ctx, "#totals", func() { run(t, ctx, "average", choose("#total-fn-unit_factor", "avg")) })
	waitAttr(t, ctx, `.total-cell[data-field="unit_factor"]`, "data-fn", "avg")
	shown := text(t, ctx, `.total-cell[data-field="unit_factor"] .total-value`)
	var label string
	run(t, ctx, "label", chromedp.Evaluate(`document.querySelector('.grid-hcell[data-field="unit_factor"] .grid-hlabel').textContent.trim()`, &label))

	// Only unit_factor, exported as CSV, averaged here.
	listMenu(t, ctx, "export-csv")
	recs := readCSV(t, files.next(t, ".csv"), ',')
	col := slices.Index(recs[0], label)
	if col < 0 {
		t.Fatalf("no column %q in %q", label, recs[0])
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

// navVisible is the JavaScript list of the navigation items shown.
const navVisible = `[...document.querySelectorAll("#nav-panel .nav-item")].filter(a => a.offsetParent !== null).map(a => a.dataset.key)`

func TestNavigationSearch(t *testing.T) {
	_, ctx := openDemo(t, "ru", "admin", "outlets")
	run(t, ctx, "search", fill("#nav-search", "локальные тор"),
		until(navVisible+`.join() === "local_outlets"`))
	run(t, ctx, "enter opens it", chromedp.SendKeys("#nav-search", "\r", chromedp.ByQuery),
		chromedp.WaitVisible(`#catalog[data-catalog="local_outlets"]`, chromedp.ByQuery))
	run(t, ctx, "reset", chromedp.Click("#nav-search-reset", chromedp.ByQuery), until(navVisible+`.length >= 5`))
	run(t, ctx, "collapse a group", chromedp.Click(`.nav-group[data-group="outlets"] > button[aria-expanded="true"]`, chromedp.ByQuery))
	waitAttr(t, ctx, `.nav-group[data-group="outlets"] > button`, "aria-expanded", "false")
}
