package state

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"webtool/server/api"
)

// Column layout, totals row and export: the parts of a list's look that
// map one to one onto api.Layout, so form settings and views can save
// them as they are.

// MinColWidth is the narrowest a user may drag a column.
const MinColWidth = 60

// Layout returns the api.Layout of q with the given columns and totals.
func (q Query) Layout(cols []api.ColumnLayout, totals []api.Total) api.Layout {
	r := q.Request("", 0, 0, nil)
	return api.Layout{
		Filter:  r.Filter,
		Sort:    r.Sort,
		Columns: slices.Clone(cols),
		Totals:  slices.Clone(totals),
		Deleted: q.Deleted,
	}
}

// Choosable lists the fields a user may show as columns: every field but
// list fields, in card order.
func Choosable(c *api.Catalog) []*api.Field { return Filterable(c) }

// DefaultColumns is the catalog's preset: its Columns, or its first six
// fields when it names none.
func DefaultColumns(c *api.Catalog) []api.ColumnLayout {
	var out []api.ColumnLayout
	for _, key := range c.Columns {
		if f := FieldByKey(c, key); f != nil && f.Type != api.FieldList {
			out = append(out, api.ColumnLayout{Field: key})
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, f := range Choosable(c) {
		out = append(out, api.ColumnLayout{Field: f.Key})
		if len(out) == 6 {
			break
		}
	}
	return out
}

// ColumnIndex is the position of field among cols, or -1.
func ColumnIndex(cols []api.ColumnLayout, field string) int {
	return slices.IndexFunc(cols, func(c api.ColumnLayout) bool { return c.Field == field })
}

// MoveColumn moves the column field to where the column before sits (the
// drop target), returning a new slice; unknown fields change nothing.
func MoveColumn(cols []api.ColumnLayout, field, before string) []api.ColumnLayout {
	from, to := ColumnIndex(cols, field), ColumnIndex(cols, before)
	if from < 0 || to < 0 || from == to {
		return cols
	}
	out := slices.Clone(cols)
	col := out[from]
	out = slices.Delete(out, from, from+1)
	return slices.Insert(out, to, col)
}

// HideColumn removes field from cols. The last visible column stays: it
// reports false and changes nothing then.
func HideColumn(cols []api.ColumnLayout, field string) ([]api.ColumnLayout, bool) {
	i := ColumnIndex(cols, field)
	if i < 0 || len(cols) <= 1 {
		return cols, false
	}
	return slices.Delete(slices.Clone(cols), i, i+1), true
}

// ResizeColumn sets the width of field, never below MinColWidth.
func ResizeColumn(cols []api.ColumnLayout, field string, width int) []api.ColumnLayout {
	i := ColumnIndex(cols, field)
	if i < 0 {
		return cols
	}
	out := slices.Clone(cols)
	out[i].Width = max(width, MinColWidth)
	return out
}

// ColumnChoice is one line of the column chooser.
type ColumnChoice struct {
	Field   string
	Visible bool
	Width   int
}

// Choices lists every choosable field for the chooser: the visible
// columns first in their order, then the hidden fields in card order.
func Choices(c *api.Catalog, cols []api.ColumnLayout) []ColumnChoice {
	var out []ColumnChoice
	for _, col := range cols {
		out = append(out, ColumnChoice{Field: col.Field, Visible: true, Width: col.Width})
	}
	for _, f := range Choosable(c) {
		if ColumnIndex(cols, f.Key) < 0 {
			out = append(out, ColumnChoice{Field: f.Key})
		}
	}
	return out
}

// ColumnsOf turns the chooser's lines back into a layout; false when no
// column would be visible.
func ColumnsOf(choices []ColumnChoice) ([]api.ColumnLayout, bool) {
	var out []api.ColumnLayout
	for _, ch := range choices {
		if ch.Visible {
			out = append(out, api.ColumnLayout{Field: ch.Field, Width: ch.Width})
		}
	}
	return out, len(out) > 0
}

// ---- totals

// TotalOf is the aggregate chosen for field, or "".
func TotalOf(totals []api.Total, field string) string {
	for _, t := range totals {
		if t.Field == field {
			return t.Fn
		}
	}
	return ""
}

// SetTotal chooses fn for field ("" for none), one aggregate per field.
func SetTotal(totals []api.Total, field, fn string) []api.Total {
	out := slices.DeleteFunc(slices.Clone(totals), func(t api.Total) bool { return t.Field == field })
	if fn != "" {
		out = append(out, api.Total{Field: field, Fn: fn})
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// TotalsRequest asks for the totals of the visible columns that have one;
// ok is false when there is nothing to ask.
func TotalsRequest(c *api.Catalog, q Query, cols []api.ColumnLayout, totals []api.Total) (api.TotalsRequest, bool) {
	var ask []api.Total
	for _, col := range cols {
		fn := TotalOf(totals, col.Field)
		f := FieldByKey(c, col.Field)
		if fn == "" || f == nil || !slices.Contains(api.AggsFor(f.Type), fn) {
			continue
		}
		ask = append(ask, api.Total{Field: col.Field, Fn: fn})
	}
	if len(ask) == 0 {
		return api.TotalsRequest{}, false
	}
	r := q.Request(c.Key, 0, 0, nil)
	return api.TotalsRequest{Catalog: c.Key, Filter: r.Filter, Deleted: q.Deleted, Totals: ask}, true
}

// FormatTotal shows a computed total like the grid shows the field:
// counts as counts, averages with up to two decimals, the rest in the
// field's own format.
func FormatTotal(f *api.Field, tv api.TotalValue, lang string) string {
	if tv.Value == nil {
		return "—"
	}
	switch tv.Fn {
	case api.AggCount:
		n, _ := tv.Value.(float64)
		return FormatCount(int(n))
	case api.AggAvg:
		n, ok := tv.Value.(float64)
		if !ok {
			if s, isStr := tv.Value.(string); isStr {
				n, ok = api.ParseNumber(s)
			}
		}
		if !ok {
			return FormatValue(f, tv.Value, "", lang, nil)
		}
		if f.Type == api.FieldMoney {
			return FormatMoney(n, lang)
		}
		return FormatDecimal(n, 2, lang)
	}
	return FormatValue(f, tv.Value, "", lang, nil)
}

// FormatDecimal shows n rounded to at most places decimals, trailing
// zeros dropped, thousands grouped, with the language's decimal mark.
func FormatDecimal(n float64, places int, lang string) string {
	p := math.Pow(10, float64(places))
	n = math.Round(n*p) / p
	s := strconv.FormatFloat(math.Abs(n), 'f', places, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	whole, frac, _ := strings.Cut(s, ".")
	out := Group(whole)
	if frac != "" {
		out += decimalMark(lang) + frac
	}
	if n < 0 {
		out = "−" + out
	}
	return out
}

// ---- export

// ExportRequest is the export of the list as the user sees it.
func ExportRequest(catalog string, q Query, sort []api.SortKey, cols []api.ColumnLayout, format, lang string) api.ExportRequest {
	r := q.Request(catalog, 0, 0, nil)
	fields := make([]string, len(cols))
	for i, c := range cols {
		fields[i] = c.Field
	}
	return api.ExportRequest{
		Catalog: catalog,
		Filter:  r.Filter,
		Sort:    slices.Clone(sort),
		Columns: fields,
		Format:  format,
		Deleted: q.Deleted,
		Lang:    lang,
	}
}

// DispositionName reads the file name of a Content-Disposition header:
// filename*=UTF-8”… (RFC 5987, percent-encoded) when present, else
// filename="…"; fallback when neither is usable.
func DispositionName(header, fallback string) string {
	var plain string
	for _, part := range strings.Split(header, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(k)) {
		case "filename*":
			charset, rest, ok := strings.Cut(v, "'")
			if !ok || !strings.EqualFold(charset, "utf-8") {
				continue
			}
			_, enc, ok := strings.Cut(rest, "'")
			if !ok {
				continue
			}
			if name, err := url.PathUnescape(enc); err == nil && safeName(name) {
				return name
			}
		case "filename":
			plain = strings.Trim(strings.TrimSpace(v), `"`)
		}
	}
	if plain != "" && safeName(plain) {
		return plain
	}
	return fallback
}

func safeName(s string) bool {
	return s != "" && !strings.ContainsAny(s, "/\\\x00") && s != "." && s != ".."
}

// ---- navigation search

// NavMatch reports whether a navigation label matches what the user
// typed: every word of the query is in the label, ignoring case.
func NavMatch(label, query string) bool {
	label = strings.ToLower(label)
	for _, w := range strings.Fields(strings.ToLower(query)) {
		if !strings.Contains(label, w) {
			return false
		}
	}
	return true
}
