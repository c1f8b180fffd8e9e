package e2e

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"webtool/server/api"
)

// TestWarehouseBindingsTab opens a warehouse's card as the key user and its
// "document types, org-structure objects" tab: a grid of the warehouse's own
// bindings (as many as the server counts for it), with a search, totals and
// export of its own.
func TestWarehouseBindingsTab(t *testing.T) {
	srv, ctx := openDemo(t, "ru", "keyuser", "warehouses")
	openRecord(t, ctx, "#grid .grid-row")
	// Read by script, not by node: the card may have been re-rendered since.
	var warehouse string
	run(t, ctx, "the open warehouse", chromedp.Evaluate(`document.querySelector("#card").dataset.id || ""`, &warehouse))
	if warehouse == "" {
		t.Fatal("the card names no warehouse")
	}

	var want api.QueryReply
	dialAs(t, srv, "keyuser").ask(t, api.TypeQuery, api.QueryRequest{Catalog: "warehouse_bindings", Of: warehouse, Limit: 1}, &want)
	if want.Total == 0 {
		t.Fatalf("the demo warehouse %s has no bindings: nothing to show", warehouse)
	}

	grid := "#grid-warehouse_bindings"
	run(t, ctx, "open the bindings tab", chromedp.Click("#tab-warehouse_bindings", chromedp.ByQuery))
	waitFor(t, ctx, "the tab's grid answered", fmt.Sprintf(`%s && %s`, revIs(grid, 0), idle))
	var total string
	run(t, ctx, "the tab's total", chromedp.AttributeValue(grid, "data-total", &total, nil, chromedp.ByQuery))
	if total != strconv.Itoa(want.Total) {
		t.Fatalf("the tab shows %s bindings, the server counts %d for warehouse %s", total, want.Total, warehouse)
	}
	for _, sel := range []string{"#child-search-warehouse_bindings", "#child-create-warehouse_bindings", "#child-export-xlsx-warehouse_bindings", "#totals-warehouse_bindings"} {
		run(t, ctx, "the tab has "+sel, chromedp.WaitVisible(sel, chromedp.ByQuery))
	}
	var png []byte
	run(t, ctx, "screenshot", screenshot(&png))
	saveScreenshots(t, screenshotDir(t), map[string][]byte{"warehouse-bindings-ru.png": png})
}
