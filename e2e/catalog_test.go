package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// demoPassword reads the demo users' password the server printed.
func (s *server) demoPassword(t testing.TB) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range strings.Split(s.out(), "\n") {
			if i := strings.Index(line, "password: "); i >= 0 && strings.Contains(line, "Demo user") {
				return strings.TrimSpace(line[i+len("password: "):])
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no demo password in the server's output:\n%s", s.out())
	return ""
}

// openCatalog signs in and opens a catalog from the navigation panel.
func openCatalog(t testing.TB, ctx context.Context, srv *server, user, password, catalog string) {
	t.Helper()
	run(t, ctx, "sign in as "+user, chromedp.Navigate(srv.URL), chromedp.EmulateViewport(1400, 900), login(user, password),
		chromedp.WaitVisible("#shell", chromedp.ByQuery))
	run(t, ctx, "open "+catalog+" from the navigation",
		chromedp.Evaluate(`document.querySelector("#nav-panel").hidden && document.querySelector("#nav-toggle").click()`, nil),
		chromedp.Click(fmt.Sprintf(`#nav-panel a[href="/c/%s"]`, catalog), chromedp.ByQuery),
		chromedp.WaitVisible(fmt.Sprintf(`#catalog[data-catalog="%s"]`, catalog), chromedp.ByQuery),
		// The toolbar is complete once the favorites have loaded; clicks
		// before that can land on a toolbar being re-rendered.
		chromedp.WaitVisible("#fav-toggle", chromedp.ByQuery))
	waitAttr(t, ctx, "#grid", "data-loading", "false", 15*time.Second)
}

// gridTotal returns the grid's total count.
func gridTotal(t testing.TB, ctx context.Context) int {
	t.Helper()
	var s string
	run(t, ctx, "total", chromedp.AttributeValue("#grid", "data-total", &s, nil, chromedp.ByQuery))
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("data-total %q", s)
	}
	return n
}

// rowTexts returns the text of the rendered grid rows.
func rowTexts(t testing.TB, ctx context.Context) []string {
	t.Helper()
	var rows []string
	run(t, ctx, "rows", chromedp.Evaluate(`[...document.querySelectorAll("#grid .grid-row")].map(r => r.innerText)`, &rows))
	return rows
}

func TestOpenCatalogFromNavigation(t *testing.T) {
	srv := startServer(t, "-demo")
	ctx := newBrowser(t, "ru")
	openCatalog(t, ctx, srv, "admin", adminPassword, "outlets")
	if n := gridTotal(t, ctx); n != 5000 {
		t.Fatalf("outlets total %d, want the 5000 demo outlets", n)
	}
	// Sorting by a header click orders the rows.
	run(t, ctx, "sort by code descending",
		chromedp.Click(`.grid-head [data-field="code"]`, chromedp.ByQuery))
	waitAttr(t, ctx, `.grid-head [data-field="code"]`, "aria-sort", "ascending", 5*time.Second)
	run(t, ctx, "again", chromedp.Click(`.grid-head [data-field="code"]`, chromedp.ByQuery))
	waitAttr(t, ctx, `.grid-head [data-field="code"]`, "aria-sort", "descending", 5*time.Second)
	waitAttr(t, ctx, "#grid", "data-loading", "false", 10*time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(strings.Join(rowTexts(t, ctx), " "), "G1005000") {
		if time.Now().After(deadline) {
			t.Fatalf("first rows after sorting by code descending: %q", rowTexts(t, ctx)[:3])
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// A key user of the first two distributors never sees a row of the others.
func TestKeyUserSeesOnlyOwnDistributors(t *testing.T) {
	srv := startServer(t, "-demo")
	ctx := newBrowser(t, "ru")
	openCatalog(t, ctx, srv, "keyuser", srv.demoPassword(t), "local_outlets")
	if n := gridTotal(t, ctx); n != 500 {
		t.Fatalf("key user counts %d local outlets, want 500 (250 for each of 2 distributors)", n)
	}
	for _, r := range rowTexts(t, ctx) {
		if !strings.Contains(r, "Кава Трейд") && !strings.Contains(r, "Харьков-Дистрибуция") {
			t.Fatalf("row of another distributor: %q", r)
		}
	}
	// Every catalog of distributor data counts only the two distributors'
	// rows (the demo gives each distributor the same amounts).
	for catalog, want := range map[string]int{"personnel": 28, "warehouses": 4, "price_lists": 4, "routes": 192, "local_products": -1} {
		run(t, ctx, "open "+catalog, chromedp.Navigate(srv.URL+"/c/"+catalog),
			chromedp.WaitVisible(fmt.Sprintf(`#catalog[data-catalog="%s"]`, catalog), chromedp.ByQuery))
		waitAttr(t, ctx, "#grid", "data-loading", "false", 15*time.Second)
		if got := gridTotal(t, ctx); want >= 0 && got != want {
			t.Errorf("%s: key user counts %d, want %d", catalog, got, want)
		}
		for _, r := range rowTexts(t, ctx) {
			if strings.Contains(r, "Одеса") || strings.Contains(r, "Днепр Продукт") || strings.Contains(r, "Галичина") || strings.Contains(r, "Запорожье Оптторг") {
				t.Errorf("%s: row of another distributor: %q", catalog, r)
			}
		}
	}
	run(t, ctx, "back to local outlets", chromedp.Navigate(srv.URL+"/c/local_outlets"),
		chromedp.WaitVisible(`#catalog[data-catalog="local_outlets"]`, chromedp.ByQuery))
	waitAttr(t, ctx, "#grid", "data-loading", "false", 15*time.Second)
	// Quick search cannot reach other distributors' rows either.
	run(t, ctx, "search another distributor", fill("#grid-search", "Одеса"))
	time.Sleep(time.Second)
	waitAttr(t, ctx, "#grid", "data-loading", "false", 10*time.Second)
	if n := gridTotal(t, ctx); n != 0 {
		t.Fatalf("search for another distributor found %d rows", n)
	}
}

// The grid keeps the DOM small however far it scrolls.
func TestVirtualScrollKeepsDOMSmall(t *testing.T) {
	srv := startServer(t, "-demo", "-demo-scale", "100000")
	ctx := newBrowser(t, "ru")
	openCatalog(t, ctx, srv, "admin", adminPassword, "outlets")
	if n := gridTotal(t, ctx); n != 100000 {
		t.Fatalf("total %d", n)
	}
	maxRows := 0
	var last string
	for step := 0; step <= 20; step++ {
		var n int
		run(t, ctx, "scroll", chromedp.Evaluate(fmt.Sprintf(`(() => { const g = document.querySelector("#grid");
			g.scrollTop = (g.scrollHeight - g.clientHeight) * %d / 20; return 0; })()`, step), nil),
			chromedp.Sleep(250*time.Millisecond),
			chromedp.Evaluate(`document.querySelectorAll("#grid .grid-row").length`, &n))
		maxRows = max(maxRows, n)
	}
	waitAttr(t, ctx, "#grid", "data-loading", "false", 10*time.Second)
	rows := rowTexts(t, ctx)
	if len(rows) > 0 {
		last = rows[len(rows)-1]
	}
	if maxRows > 300 || maxRows == 0 {
		t.Fatalf("up to %d DOM rows while scrolling 100,000", maxRows)
	}
	if last == "" {
		t.Fatal("no rows rendered at the end of the list")
	}
}

// Filter "not mapped" in local outlets and map one to a global outlet.
func TestMapLocalOutlet(t *testing.T) {
	srv := startServer(t, "-demo")
	ctx := newBrowser(t, "ru")
	openCatalog(t, ctx, srv, "keyuser", srv.demoPassword(t), "local_outlets")
	run(t, ctx, "filter not mapped",
		openFilterForm(),
		chooseFilter("outlet", "empty"),
		chromedp.Click("#filter-apply", chromedp.ByQuery),
		chromedp.WaitVisible(`.filter-chip[data-field="outlet"]`, chromedp.ByQuery))
	time.Sleep(500 * time.Millisecond)
	waitAttr(t, ctx, "#grid", "data-loading", "false", 10*time.Second)
	before := gridTotal(t, ctx)
	if before == 0 || before >= 500 {
		t.Fatalf("not mapped: %d of 500", before)
	}
	run(t, ctx, "open the first unmapped outlet and map it",
		chromedp.Click("#grid .grid-row", chromedp.ByQuery),
		chromedp.WaitVisible("#card", chromedp.ByQuery),
		chromedp.Click("#card-edit", chromedp.ByQuery),
		pick("f-outlet", "Магазин"),
		chromedp.Click("#card-save", chromedp.ByQuery))
	waitAttr(t, ctx, "#card", "data-mode", "view", 10*time.Second)
	deadline := time.Now().Add(5 * time.Second)
	for gridTotal(t, ctx) != before-1 {
		if time.Now().After(deadline) {
			t.Fatalf("not mapped after mapping one: %d, want %d", gridTotal(t, ctx), before-1)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Saving a person with a Cyrillic name, or an RDC on a non-RDC outlet, is
// refused with the error next to the field.
func TestFieldErrorsShownNextToFields(t *testing.T) {
	srv := startServer(t, "-demo")
	ctx := newBrowser(t, "ru")
	openCatalog(t, ctx, srv, "keyuser", srv.demoPassword(t), "personnel")
	run(t, ctx, "create a person with a Cyrillic name",
		chromedp.Click("#create", chromedp.ByQuery),
		chromedp.WaitVisible(`#card[data-mode="edit"]`, chromedp.ByQuery),
		fill("#f-last_name", "Шевченко"), fill("#f-first_name", "Taras"),
		choose("#f-employer_type", "agency"),
		pick("f-distributor", "Кава"),
		chromedp.Click("#card-save", chromedp.ByQuery))
	waitAttr(t, ctx, `.field-error[data-field="last_name"]`, "data-code", "latin_only", 10*time.Second)

	run(t, ctx, "open distribution centres", chromedp.Navigate(srv.URL+"/c/rdc"),
		chromedp.WaitVisible(`#catalog[data-catalog="rdc"]`, chromedp.ByQuery))
	waitAttr(t, ctx, "#grid", "data-loading", "false", 15*time.Second)
	run(t, ctx, "create an RDC on a retail outlet",
		chromedp.Click("#create", chromedp.ByQuery),
		chromedp.WaitVisible(`#card[data-mode="edit"]`, chromedp.ByQuery),
		fill("#f-external_code", "G1000001"), fill("#f-name", "РЦ на рознице"),
		choose("#f-activity_type", "coffee"),
		pick("f-distributor", "Кава"),
		chromedp.Click("#card-save", chromedp.ByQuery))
	waitAttr(t, ctx, `.field-error[data-field="external_code"]`, "data-code", "not_rdc_outlet", 10*time.Second)
}

// Two tabs edit one record: the second save is refused, and each tab sees
// the other's saved change without a reload.
func TestTwoTabs(t *testing.T) {
	srv := startServer(t, "-demo")
	ctx1 := newBrowser(t, "ru")
	openCatalog(t, ctx1, srv, "admin", adminPassword, "local_outlets")
	ctx2, cancel := chromedp.NewContext(ctx1) // a second tab of the same browser
	defer cancel()
	// The tab opens with the first Run on its own context: run's per-step
	// context would close it when the step ends.
	if err := chromedp.Run(ctx2); err != nil {
		t.Fatal(err)
	}
	run(t, ctx2, "second tab", chromedp.Navigate(srv.URL+"/c/local_outlets"),
		chromedp.WaitVisible(`#catalog[data-catalog="local_outlets"]`, chromedp.ByQuery))
	waitAttr(t, ctx2, "#grid", "data-loading", "false", 15*time.Second)

	var id string
	run(t, ctx1, "first row id", chromedp.AttributeValue("#grid .grid-row", "data-id", &id, nil, chromedp.ByQuery))
	row := fmt.Sprintf(`#grid .grid-row[data-id="%s"]`, id)
	for _, ctx := range []context.Context{ctx1, ctx2} {
		run(t, ctx, "open and edit", chromedp.Click(row, chromedp.ByQuery),
			chromedp.WaitVisible(fmt.Sprintf(`#card[data-id="%s"]`, id), chromedp.ByQuery),
			chromedp.Click("#card-edit", chromedp.ByQuery), chromedp.WaitVisible("#f-name", chromedp.ByQuery))
	}
	// Appending keeps the row where it is in the sort by name.
	var name string
	run(t, ctx1, "name", chromedp.Value("#f-name", &name, chromedp.ByQuery))
	run(t, ctx1, "first save", fill("#f-name", name+" из первой вкладки"), chromedp.Click("#card-save", chromedp.ByQuery))
	waitAttr(t, ctx1, "#card", "data-mode", "view", 10*time.Second)
	// Tab 2 hears of the change while its card is in edit mode (and
	// re-renders); type after that, as a person would.
	time.Sleep(1500 * time.Millisecond)
	run(t, ctx2, "second save", fill("#f-name", name+" из второй вкладки"), chromedp.Click("#card-save", chromedp.ByQuery),
		chromedp.WaitVisible("#card-conflict", chromedp.ByQuery))

	// The first tab's change shows in the second tab's grid without a reload.
	run(t, ctx2, "close the card", chromedp.Click("#card-cancel", chromedp.ByQuery))
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(text(t, ctx2, row), "из первой вкладки") {
		if time.Now().After(deadline) {
			t.Fatalf("second tab's row still reads %q", text(t, ctx2, row))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// pick types into a reference picker and takes the choice that shows text.
func pick(id, text string) chromedp.Tasks {
	// The list first shows what matched the text typed so far: wait for an
	// option that matches all of it, and click that one.
	find := fmt.Sprintf(`[...document.querySelectorAll("#%s-list .picker-option")].find(o => o.textContent.toLowerCase().includes(%q))`,
		id, strings.ToLower(text))
	return chromedp.Tasks{
		fill("#"+id, text),
		chromedp.Poll(`!!`+find, nil, chromedp.WithPollingTimeout(10*time.Second)),
		// Mark it and click it as a mouse would (the picker takes the
		// choice on mousedown, before the input loses the focus).
		chromedp.Evaluate(find+`.dataset.e2ePick = "1"`, nil),
		chromedp.Click("#"+id+`-list .picker-option[data-e2e-pick="1"]`, chromedp.ByQuery),
	}
}
