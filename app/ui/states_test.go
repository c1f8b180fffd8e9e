package ui

import (
	"testing"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/server/api"
)

// One save costs the save request and at most one refresh of the visible
// window (one query, one totals request) and no reload of the card. The
// server never echoes a change to the tab that made it, so a push of the
// same record while the save is out is another tab's later change: it
// rides on the same refresh, and the card is told (once) and reloads.
func TestSaveRefreshesTheWindowOnce(t *testing.T) {
	for _, otherTab := range []bool{false, true} {
		srv := &fakeServer{total: 10}
		page, disp := mustMountCatalog(t, srv, &outletsCatalog)
		doOn(disp, page, func() { page.setTotal("debt", api.AggSum) })
		doOn(disp, page, func() { page.clickRow(3) })
		mustAttr(t, html(page), "card", "data-id", "o3")
		if otherTab {
			srv.onSave = func(sv api.SaveRequest) {
				disp.Dispatch(app.Dispatch{Mode: app.Update, Source: page, Function: func(app.Context) {
					page.Link.publish(LinkEvent{Changed: &api.Changed{Catalog: "outlets", IDs: []string{sv.ID}, By: "ann"}})
				}})
			}
		}
		queries, gets, totals := srv.counts()
		changed := page.cardChanged
		var saved api.Record
		doOn(disp, page, func() {
			req := api.SaveRequest{Catalog: "outlets", ID: "o3", Version: 1, Values: map[string]any{"name": "Новое имя"}}
			page.write(api.TypeSave, "o3", req, func(rec api.Record, err error) { saved = rec })
		})
		settle(disp)
		q, g, tt := srv.counts()
		told := 0
		if otherTab {
			told = 1
		}
		if len(srv.saves) != 1 || q-queries != 1 || tt-totals != 1 || g-gets != told || page.cardChanged-changed != told {
			t.Errorf("another tab %v: %d saves, %d queries, %d totals, %d gets, card told of a change %d times; want 1, 1, 1, %d, %d",
				otherTab, len(srv.saves), q-queries, tt-totals, g-gets, page.cardChanged-changed, told, told)
		}
		if saved.Values["name"] != "Новое имя" {
			t.Errorf("the card got %+v, want the save's reply", saved)
		}
		if n := page.Link.Pending(); n != 0 {
			t.Errorf("%d requests pending after the save", n)
		}
	}
}

// A push of someone else's change still refreshes, once per burst, and the
// open card hears of it when its record is among the ids.
func TestPushFromAnotherTabRefreshes(t *testing.T) {
	srv := &fakeServer{total: 10}
	page, disp := mustMountCatalog(t, srv, &outletsCatalog)
	doOn(disp, page, func() { page.clickRow(2) })
	queries, _, _ := srv.counts()
	changed := page.cardChanged
	doOn(disp, page, func() {
		page.Link.publish(LinkEvent{Changed: &api.Changed{Catalog: "outlets", IDs: []string{"o2"}, By: "bob"}})
		page.Link.publish(LinkEvent{Changed: &api.Changed{Catalog: "outlets", IDs: []string{"o7"}, By: "bob"}})
	})
	settle(disp)
	if q, _, _ := srv.counts(); q-queries != 1 || page.cardChanged != changed+1 {
		t.Errorf("%d queries, card told %d times; want 1 and 1", q-queries, page.cardChanged-changed)
	}
	mustAttr(t, html(page), "catalog", "data-changes", "2")
}

// The states the browser tests wait on instead of sleeping: each data-rev
// grows when a reply has been applied, and nothing is pending when idle.
func TestStatesForBrowserTests(t *testing.T) {
	srv := &fakeServer{total: 10}
	page, disp := mustMountCatalog(t, srv, &outletsCatalog)
	got := html(page)
	mustAttr(t, got, "grid", "data-rev", "1")
	mustAttr(t, got, "grid", "data-cols", "code,name,status,debt,distributor,opened")
	mustAttr(t, got, "catalog", "data-changes", "0")
	mustAttr(t, got, "totals", "data-rev", "0")
	if n := page.Link.Pending(); n != 0 {
		t.Errorf("%d requests pending when idle", n)
	}

	doOn(disp, page, func() { page.search = "кофе"; page.applySearch() })
	mustAttr(t, html(page), "grid", "data-rev", "2")
	mustAttr(t, html(page), "grid", "data-search", "кофе")

	doOn(disp, page, func() { page.setTotal("debt", api.AggSum) })
	mustAttr(t, html(page), "totals", "data-rev", "1")

	doOn(disp, page, func() { page.moveColumn("opened", "code") })
	mustAttr(t, html(page), "grid", "data-cols", "opened,code,name,status,debt,distributor")

	doOn(disp, page, func() { page.openFilter(nil, "distributor", "") })
	mustAttr(t, html(page), "filter-form", "data-rev", "1")

	doOn(disp, page, func() { page.toggleViewMenu(0, 0) })
	mustAttr(t, html(page), "view-list", "data-rev", "1")

	doOn(disp, page, func() { page.clickRow(1) })
	mustAttr(t, html(page), "card", "data-rev", "1")
	if n := page.Link.Pending(); n != 0 {
		t.Errorf("%d requests pending when idle", n)
	}
}

// body[data-pending] counts a request from when it is sent until its reply
// has been handled.
func TestPendingCountsRequestsInFlight(t *testing.T) {
	srv := &fakeServer{total: 10}
	page, disp := mustMountCatalog(t, srv, &outletsCatalog)
	arrived, release := make(chan struct{}), make(chan struct{})
	sock := &fakeSocket{handle: func(typ string, req, reply any) error {
		if typ == api.TypeQuery {
			close(arrived)
			<-release
		}
		return srv.handle(typ, req, reply)
	}}
	page.Link.setSocket(sock)
	go func() {
		<-arrived
		close(release)
	}()
	during := -1
	doOn(disp, page, func() {
		page.refresh()
		during = page.Link.Pending()
	})
	if during != 1 {
		t.Errorf("pending while the query is out = %d, want 1", during)
	}
	if n := page.Link.Pending(); n != 0 {
		t.Errorf("pending after the reply = %d, want 0", n)
	}
}

// The presentational parts render from their fields alone.
func TestComponentsRenderFromData(t *testing.T) {
	mount := func(c app.UI) string {
		disp := app.NewClientTester(c)
		defer disp.Close()
		return html(c)
	}
	code := &outletsCatalog.Fields[0]
	got := mount(&GridMenu{Lang: "ru", Field: code, CanHide: true})
	mustContain(t, got, `data-action="sort-asc"`, `data-action="hide"`, `data-action="export-csv"`, "Код")
	got = mount(&GridMenu{Lang: "ru"})
	mustNotContain(t, got, `data-action="sort-asc"`, `data-action="hide"`)

	got = mount(&Toolbar{Lang: "ru", ViewID: "v1", ViewName: "Мой", ViewModified: true, FilterCount: 2, Exporting: "csv", FavShown: true, Fav: true})
	mustContain(t, got, `data-view="v1"`, "Мой", `id="view-modified"`, `class="badge"`, `id="export-progress"`, `fav-on`)
	mustNotContain(t, got, `id="view-switch"`)

	got = mount(&FilterChips{Lang: "ru", Catalog: &outletsCatalog, Filter: api.Filter{All: []api.Condition{
		{Field: "distributor", Op: api.OpIn, Values: []any{"d1"}}}}, Names: map[string]string{nameKey("distributor", "d1"): "Кава"}})
	mustContain(t, got, "Дистрибьютор = Кава")

	got = mount(&TotalsRow{Lang: "ru", Columns: []*api.Field{&outletsCatalog.Fields[3]}, Rev: 3,
		Totals: []api.Total{{Field: "debt", Fn: api.AggSum}}, Values: map[string]api.TotalValue{"debt": {Field: "debt", Fn: api.AggSum, Value: "10"}}})
	mustAttr(t, got, "totals", "data-rev", "3")
	mustContain(t, got, `data-fn="sum"`, "10,00")
}
