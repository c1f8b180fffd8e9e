package catalog

import (
	"fmt"
	"math"
	"slices"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
)

var aggFuncs = map[string]query.AggFunc{
	api.AggSum: query.Sum, api.AggAvg: query.Avg, api.AggMin: query.Min, api.AggMax: query.Max, api.AggCount: query.Count,
}

// Totals computes the totals row over every row of the catalog that the
// filter matches and p may see.
func (rd *reader) Totals(p access.Principal, req api.TotalsRequest) (api.TotalsReply, error) {
	d, err := rd.reg.def(p, req.Catalog, access.Read)
	if err != nil {
		return api.TotalsReply{}, err
	}
	if err := checkTotals(d, req.Totals); err != nil {
		return api.TotalsReply{}, err
	}
	where, err := rd.where(d, p, req.Of, req.Filter, req.Deleted)
	if err != nil {
		return api.TotalsReply{}, err
	}
	t := rd.img.table(d.Key)
	out := api.TotalsReply{Totals: make([]api.TotalValue, 0, len(req.Totals))}
	for _, tot := range req.Totals {
		f, fn := d.Field(tot.Field), aggFuncs[tot.Fn]
		res, err := t.Aggregate(where, f.Key, fn)
		if err != nil {
			return api.TotalsReply{}, fmt.Errorf("totals of %s.%s: %w", d.Key, f.Key, err)
		}
		out.Totals = append(out.Totals, api.TotalValue{Field: f.Key, Fn: tot.Fn, Value: totalValue(f.Type, fn, res), Rows: res.N})
	}
	return out, nil
}

// checkTotals checks that each total applies to its field (api.AggsFor).
func checkTotals(d *Def, totals []api.Total) error {
	if len(totals) > 50 {
		return api.Errorf(api.CodeBadRequest, "at most 50 totals")
	}
	for _, tot := range totals {
		f := d.Field(tot.Field)
		if f == nil || !slices.Contains(api.AggsFor(f.Type), tot.Fn) {
			return api.Errorf(api.CodeBadRequest, "no total %q of %q", tot.Fn, tot.Field)
		}
	}
	return nil
}

// totalValue puts an aggregate in the field's wire form.
func totalValue(t api.FieldType, fn query.AggFunc, r query.AggResult) any {
	if r.Value.IsNull() {
		if fn == query.Count {
			return 0
		}
		return nil
	}
	switch {
	case fn == query.Count:
		return r.Value.Int()
	case fn == query.Avg && t == api.FieldMoney:
		// An average of money is shown as money, rounded half away from zero.
		return api.FormatMoney(int64(math.Round(r.Value.Float())))
	case fn == query.Avg:
		return r.Value.Float()
	case t == api.FieldMoney:
		return api.FormatMoney(r.Value.Int())
	case t == api.FieldDate:
		return time.Unix(r.Value.Int()*86400, 0).UTC().Format(dateLayout)
	case t == api.FieldDateTime:
		return time.UnixMilli(r.Value.Int()).UTC().Format(time.RFC3339)
	}
	return r.Value.Float()
}
