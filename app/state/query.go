package state

import (
	"slices"
	"strings"

	"webtool/server/api"
)

// Query is what a catalog screen shows: the filter, the order and whether
// deleted rows are included. Filter is an api.Filter so the later filter bar
// (OR groups) grows it without a new type.
type Query struct {
	Filter  api.Filter
	Sort    []api.SortKey // nil: the catalog's default order
	Deleted bool
}

// Active reports whether the filter narrows the rows at all.
func (q Query) Active() bool {
	return q.Filter.Search != "" || len(q.Filter.All) > 0 || len(q.Filter.Groups) > 0
}

// Request returns the query for a window of rows; parent nil means a flat
// list.
func (q Query) Request(catalog string, offset, limit int, parent *string) api.QueryRequest {
	return api.QueryRequest{
		Catalog: catalog,
		Filter:  CloneFilter(q.Filter),
		Sort:    slices.Clone(q.Sort),
		Offset:  offset,
		Limit:   limit,
		Deleted: q.Deleted,
		Parent:  parent,
	}
}

// SetSearch sets the quick search; it reports whether it changed.
func (q *Query) SetSearch(s string) bool {
	s = strings.TrimSpace(s)
	if s == q.Filter.Search {
		return false
	}
	q.Filter.Search = s
	return true
}

// AddCondition adds c to the conditions that must all hold. A condition on
// the same field with the same operator is replaced, not repeated.
func (q *Query) AddCondition(c api.Condition) {
	for i, old := range q.Filter.All {
		if old.Field == c.Field && old.Op == c.Op {
			q.Filter.All[i] = c
			return
		}
	}
	q.Filter.All = append(q.Filter.All, c)
}

// RemoveCondition removes the i-th condition; it reports whether there was
// one.
func (q *Query) RemoveCondition(i int) bool {
	if i < 0 || i >= len(q.Filter.All) {
		return false
	}
	q.Filter.All = slices.Delete(slices.Clone(q.Filter.All), i, i+1)
	if len(q.Filter.All) == 0 {
		q.Filter.All = nil
	}
	return true
}

// CloneFilter copies f deeply enough that changing the copy's conditions,
// groups or their value lists never changes f.
func CloneFilter(f api.Filter) api.Filter {
	cl := func(cs []api.Condition) []api.Condition {
		out := slices.Clone(cs)
		for i := range out {
			out[i].Values = slices.Clone(out[i].Values)
			out[i].Labels = slices.Clone(out[i].Labels)
		}
		return out
	}
	f.All = cl(f.All)
	f.Groups = slices.Clone(f.Groups)
	for i := range f.Groups {
		f.Groups[i].Any = cl(f.Groups[i].Any)
	}
	return f
}

// Chip names one chip of the filter bar: a condition of Filter.All (Group
// -1, Index into All) or one alternative of an OR group (Group into
// Filter.Groups, Index into its Any).
type Chip struct {
	Group, Index int
}

// Condition returns the condition a chip shows; false if there is none.
func (q Query) Condition(c Chip) (api.Condition, bool) {
	switch {
	case c.Group < 0 && c.Index >= 0 && c.Index < len(q.Filter.All):
		return q.Filter.All[c.Index], true
	case c.Group >= 0 && c.Group < len(q.Filter.Groups) && c.Index >= 0 && c.Index < len(q.Filter.Groups[c.Group].Any):
		return q.Filter.Groups[c.Group].Any[c.Index], true
	}
	return api.Condition{}, false
}

// AddAlternative adds cond as an alternative to the chip at: a plain
// condition becomes an OR group of itself and cond (in the group's place
// among the groups: the last), an alternative joins its group. An
// alternative equal to one the group has changes nothing. It reports
// whether the filter changed.
func (q *Query) AddAlternative(at Chip, cond api.Condition) bool {
	old, ok := q.Condition(at)
	if !ok {
		return false
	}
	if at.Group < 0 {
		if sameCondition(old, cond) {
			return false
		}
		q.Filter.All = slices.Delete(slices.Clone(q.Filter.All), at.Index, at.Index+1)
		if len(q.Filter.All) == 0 {
			q.Filter.All = nil
		}
		q.Filter.Groups = append(slices.Clone(q.Filter.Groups), api.Group{Any: []api.Condition{old, cond}})
		return true
	}
	g := q.Filter.Groups[at.Group]
	if slices.ContainsFunc(g.Any, func(c api.Condition) bool { return sameCondition(c, cond) }) {
		return false
	}
	q.Filter.Groups = slices.Clone(q.Filter.Groups)
	q.Filter.Groups[at.Group].Any = append(slices.Clone(g.Any), cond)
	return true
}

// RemoveChip removes a condition or one alternative of a group. A group
// left with one alternative turns back into a plain condition that must
// hold (appended to Filter.All). It reports whether there was such a chip.
func (q *Query) RemoveChip(at Chip) bool {
	if at.Group < 0 {
		return q.RemoveCondition(at.Index)
	}
	if _, ok := q.Condition(at); !ok {
		return false
	}
	rest := slices.Delete(slices.Clone(q.Filter.Groups[at.Group].Any), at.Index, at.Index+1)
	q.Filter.Groups = slices.Clone(q.Filter.Groups)
	if len(rest) > 1 {
		q.Filter.Groups[at.Group].Any = rest
		return true
	}
	q.Filter.Groups = slices.Delete(q.Filter.Groups, at.Group, at.Group+1)
	if len(q.Filter.Groups) == 0 {
		q.Filter.Groups = nil
	}
	q.Filter.All = append(slices.Clone(q.Filter.All), rest...)
	return true
}

// FilterCount is how many chips and chip groups the filter bar shows.
func (q Query) FilterCount() int { return len(q.Filter.All) + len(q.Filter.Groups) }

// sameCondition compares what two conditions select (labels aside).
func sameCondition(a, b api.Condition) bool {
	return a.Field == b.Field && a.Op == b.Op && slices.Equal(a.Values, b.Values)
}

// ClearFilter drops the conditions and the search.
func (q *Query) ClearFilter() { q.Filter = api.Filter{} }

// EffectiveSort is the order in force: the user's, else the catalog's.
func (q Query) EffectiveSort(c *api.Catalog) []api.SortKey {
	if len(q.Sort) > 0 {
		return q.Sort
	}
	return c.Sort
}

// ToggleSort returns the order after a click on a column header: by that
// field ascending, or descending when it already was ascending.
func ToggleSort(cur []api.SortKey, field string) []api.SortKey {
	if len(cur) > 0 && cur[0].Field == field && !cur[0].Desc {
		return []api.SortKey{{Field: field, Desc: true}}
	}
	return []api.SortKey{{Field: field}}
}

// AriaSort is the aria-sort value of a column header under the order cur:
// only the primary key counts.
func AriaSort(cur []api.SortKey, field string) string {
	switch {
	case len(cur) == 0 || cur[0].Field != field:
		return "none"
	case cur[0].Desc:
		return "descending"
	}
	return "ascending"
}

// RelativeOps are the one-click ranges the filter form offers for a date
// or datetime field (nil for other types).
func RelativeOps(t api.FieldType) []string {
	if t == api.FieldDate || t == api.FieldDateTime {
		return []string{api.OpToday, api.OpThisMonth, api.OpLast7Days}
	}
	return nil
}

// Filterable lists the fields a user may filter on (those with
// operators, api.OpsFor), in card order.
func Filterable(c *api.Catalog) []*api.Field {
	var out []*api.Field
	for i := range c.Fields {
		if len(api.OpsFor(c.Fields[i].Type)) > 0 {
			out = append(out, &c.Fields[i])
		}
	}
	return out
}

// FilterValue turns what the user typed for a condition on f into the
// wire value; false when it is not a valid value of f.
func FilterValue(f *api.Field, typed string) (any, bool) {
	typed = strings.TrimSpace(typed)
	switch f.Type {
	case api.FieldNumber:
		n, ok := api.ParseNumber(typed)
		return n, ok
	case api.FieldMoney:
		return ParseMoney(typed)
	case api.FieldDate:
		_, ok := api.ParseDate(typed)
		return typed, ok
	case api.FieldDateTime:
		if _, ok := api.ParseDate(typed); ok {
			// A day typed for a moment means its local midnight.
			return InputToDateTime(typed+"T00:00", nil)
		}
		return InputToDateTime(typed, nil)
	}
	return typed, typed != ""
}

// FieldByKey finds a field of c.
func FieldByKey(c *api.Catalog, key string) *api.Field {
	if c == nil {
		return nil
	}
	for i := range c.Fields {
		if c.Fields[i].Key == key {
			return &c.Fields[i]
		}
	}
	return nil
}
