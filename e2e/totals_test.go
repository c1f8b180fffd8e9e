package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"webtool/server/api"
)

// totalsCell is the cell of field in the page's totals row.
func totalsCell(field string) string { return fmt.Sprintf(`#totals .total-cell[data-field=%q]`, field) }

// totalsShown chooses fn for field in the totals row (its ▾ menu, a
// native select) and returns the cell's text once the server's figure is
// in, failing when the figure is cut: wider than its box, or the cell
// wider than the column.
func totalsShown(t testing.TB, ctx context.Context, field, fn string) string {
	t.Helper()
	afterRev(t, ctx, "#totals", func() { run(t, ctx, fn+" of "+field, choose("#total-fn-"+field, fn)) })
	cell := totalsCell(field)
	waitAttr(t, ctx, cell, "data-fn", fn)
	var clipped []string
	run(t, ctx, "is "+field+"'s figure whole", chromedp.Evaluate(fmt.Sprintf(`[%q, %q].filter(s => {
		const e = document.querySelector(s); return !e || e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight; })`,
		cell, cell+" .total-value"), &clipped))
	if len(clipped) > 0 {
		t.Errorf("%s: cut: %q", field, clipped)
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(text(t, ctx, cell+" .total-pick .total-name")+" "+text(t, ctx, cell+" .total-value"), "\u2009", " ")), " ")
}

// serverTotal is the total fn of field over the whole catalog, as the
// server computes it for admin.
func serverTotal(t testing.TB, ws *wsSession, catalog, field, fn string) any {
	t.Helper()
	var reply api.TotalsReply
	ws.ask(t, api.TypeTotals, api.TotalsRequest{Catalog: catalog, Totals: []api.Total{{Field: field, Fn: fn}}}, &reply)
	if len(reply.Totals) != 1 || reply.Totals[0].Value == nil {
		t.Fatalf("the server's %s of %s.%s: %+v", fn, catalog, field, reply)
	}
	return reply.Totals[0].Value
}

// TestTotalsReadable: the totals row names each figure by its function
// and shows it formatted like its column, whole: a sum of a number column
// and the earliest date of a date column, in Russian and English, with
// screenshots. (The demo has no money column: no catalog declares one.)
func TestTotalsReadable(t *testing.T) {
	srv := startServer(t, "-demo")
	ws := dialAs(t, srv, "admin")
	sum, _ := serverTotal(t, ws, "local_products", "unit_factor", api.AggSum).(float64)
	first, _ := serverTotal(t, ws, "price_lists", "valid_from", api.AggMin).(string)
	day, err := time.Parse(api.DateLayout, first)
	if sum <= 0 || err != nil {
		t.Fatalf("the server's totals: sum %v, earliest %q", sum, first)
	}
	for _, tt := range []struct{ lang, sum, min string }{
		{"ru", "Σ " + strconv.FormatFloat(sum, 'f', -1, 64), "Мин: " + day.Format("02.01.2006")},
		{"en", "Σ " + strconv.FormatFloat(sum, 'f', -1, 64), "Min: " + day.Format("02 Jan 2006")},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			ctx := newBrowser(t, tt.lang)
			openCatalog(t, ctx, srv, "admin", "local_products")
			if got := totalsShown(t, ctx, "unit_factor", api.AggSum); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(tt.sum, " ", "") {
				t.Errorf("the unit factors' sum reads %q, want %q", got, tt.sum)
			}
			shoot(t, ctx, "totals-"+tt.lang+".png")
			openPath(t, ctx, srv, "/c/price_lists", "price_lists")
			if got := totalsShown(t, ctx, "valid_from", api.AggMin); got != tt.min {
				t.Errorf("the earliest start reads %q, want %q", got, tt.min)
			}
			shoot(t, ctx, "totals-date-"+tt.lang+".png")
		})
	}
}
