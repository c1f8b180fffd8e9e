package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"webtool/app/i18n"
	"webtool/app/state"
	"webtool/server/api"
)

// TotalsRow (#totals) is the grid's last row: for each column with
// aggregates, a small menu button to choose the function (▾, then the
// function's name: a native select, transparent over them, whose list is
// the browser's, so no container clips it), and the figure over every row
// the filter matches, named by its function ("Σ 12 345,50", "Мин:
// 01.02.2026"), formatted like the column and never cut: when the column
// is too narrow for both, the figure takes a line of its own (the cell's
// tooltip has it all too).
type TotalsRow struct {
	app.Compo

	// ID is the row's element id, "" for the page's "totals" (its
	// choices "total-fn-<field>"); a child catalog's tab has its own.
	ID      string
	Lang    string
	Columns []*api.Field
	Totals  []api.Total               // the function chosen per field
	Values  map[string]api.TotalValue // the server's values, by field
	// Rev counts the totals replies applied (data-rev).
	Rev      int
	OnChange func(field, fn string)
}

func (c *TotalsRow) Render() app.UI {
	cols := c.Columns
	rowID, fnID := "totals", "total-fn-"
	if c.ID != "" {
		rowID, fnID = c.ID, c.ID+"-fn-"
	}
	return app.Div().ID(rowID).Class("grid-totals").Role("row").
		Aria("label", i18n.T(c.Lang, "totals.label")).
		DataSet("rev", c.Rev).
		Body(app.Range(cols).Slice(func(i int) app.UI {
			f := cols[i]
			aggs := api.AggsFor(f.Type)
			cell := app.Div().Class("total-cell").Role("gridcell").DataSet("field", f.Key)
			if state.Numeric(f.Type) {
				cell = cell.Class("num")
			}
			if len(aggs) == 0 {
				return cell
			}
			fn := state.TotalOf(c.Totals, f.Key)
			cell = cell.DataSet("fn", fn)
			value, name := "", ""
			if tv, ok := c.Values[f.Key]; ok && fn != "" && tv.Fn == fn {
				value, name = state.FormatTotal(f, tv, c.Lang), i18n.T(c.Lang, "totals.short."+fn)
			}
			id := fnID + f.Key
			label := i18n.Tf(c.Lang, "totals.of", f.Label.In(c.Lang))
			whole := label
			if value != "" {
				whole = i18n.T(c.Lang, "totals."+fn) + ": " + value
			}
			// The function's name is the menu button: "▾ Мин:" opens the
			// list of functions, the figure follows (on a line of its own
			// when the column is too narrow for both).
			return cell.Title(whole).Body(
				app.Span().Class("total-pick").Body(
					app.Label().For(id).Class("sr-only").Text(label),
					app.Select().ID(id).Class("total-fn").Title(label).
						DataSet("field", f.Key).
						OnChange(c.onChange, f.Key).
						Body(
							app.Option().Value("").Selected(fn == "").Text(i18n.T(c.Lang, "totals.none")),
							app.Range(aggs).Slice(func(j int) app.UI {
								return app.Option().Value(aggs[j]).Selected(fn == aggs[j]).Text(i18n.T(c.Lang, "totals."+aggs[j]))
							}),
						),
					app.Span().Class("total-caret").Aria("hidden", "true").Text("▾"),
					app.Span().Class("total-name").Aria("hidden", "true").Text(name),
				),
				app.Span().Class("total-value").Text(value),
			)
		}))
}

func (c *TotalsRow) onChange(ctx app.Context, e app.Event) {
	src := ctx.JSSrc()
	emit(ctx, func() { c.OnChange(src.Get("dataset").Get("field").String(), src.Get("value").String()) })
}
