package catalog

import (
	"webtool/server/access"
	"webtool/server/api"
)

// CheckLayout checks that a saved layout fits a catalog as p sees it:
// known columns (no list fields), a filter the engine accepts, sortable
// sort keys and valid totals. It reports the first problem as a
// bad_request.
func (rd *reader) CheckLayout(p access.Principal, catalog string, l api.Layout) error {
	d, err := rd.reg.def(p, catalog, access.Read)
	if err != nil {
		return err
	}
	if len(l.Columns) > len(d.Fields) {
		return api.Errorf(api.CodeBadRequest, "more columns than fields")
	}
	seen := map[string]bool{}
	for _, c := range l.Columns {
		f := d.Field(c.Field)
		if f == nil || f.Type == api.FieldList || seen[c.Field] {
			return api.Errorf(api.CodeBadRequest, "column %q does not fit %s", c.Field, catalog)
		}
		if c.Width < 0 || c.Width > 2000 {
			return api.Errorf(api.CodeBadRequest, "column %q: width %d", c.Field, c.Width)
		}
		seen[c.Field] = true
	}
	if _, err := rd.where(d, p, "", l.Filter, l.Deleted); err != nil {
		return err
	}
	// The order's language does not matter to whether it is valid.
	if _, err := sortKeys(d, l.Sort, ""); err != nil {
		return err
	}
	// Only checked: computing the totals over the catalog here would cost
	// a scan on every read of the user's settings.
	return checkTotals(d, l.Totals)
}
