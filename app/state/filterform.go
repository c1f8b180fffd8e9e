package state

import (
	"slices"

	"webtool/server/api"
)

// FilterForm is the filter bar's form that adds one condition: a field, an
// operator valid for its type and a value (typed, or chosen from enum
// options, referenced records or users). With At set the condition is an
// alternative ("or…") to that chip instead of one more condition that must
// hold. The zero FilterForm is closed.
type FilterForm struct {
	Open   bool
	At     *Chip
	Field  string
	Op     string
	V1, V2 string
	Picked []api.Choice // chosen enum options or referenced records
	// Kept are the values ever ticked in this form, in order. They stay
	// listed (ticked or not) when a search no longer finds them, and the
	// list never reorders on a click: go-app diffs by position, and a
	// checkbox moved under the user's click would keep its tick.
	Kept    []api.Choice
	Choices []api.Choice // an enum's options, or lookup results for a ref or user field
	Search  string
	Loading bool
	Err     bool
	// Lookup numbers the lookups; a reply to an older one is dropped.
	Lookup int
}

// OpenFilterForm opens the form on field (and with op, if it applies to
// the field's type); at, if not nil, is the chip the condition is an
// alternative to. It reports whether the field needs a lookup of its values
// (a reference or a user field).
func OpenFilterForm(c *api.Catalog, at *Chip, field, op, lang string) (FilterForm, bool) {
	f := FilterForm{Open: true, At: at}
	lookup := f.SetField(c, field, lang)
	if fd := FieldByKey(c, field); fd != nil && op != "" && api.Applies(op, fd.Type) {
		f.Op = op
	}
	return f, lookup
}

// SetField starts the condition over on another field: its first operator,
// no value, and for an enum its options in the order of their labels (as
// the server sorts the field). It reports whether the field's values must
// be looked up.
func (f *FilterForm) SetField(c *api.Catalog, key, lang string) (lookup bool) {
	f.Field = key
	f.V1, f.V2, f.Picked, f.Kept, f.Choices, f.Search, f.Err = "", "", nil, nil, nil, "", false
	fd := FieldByKey(c, key)
	if fd == nil {
		return false
	}
	f.Op = api.OpsFor(fd.Type)[0]
	if fd.Type == api.FieldEnum {
		for _, o := range api.SortOptions(fd.Options, lang) {
			f.Choices = append(f.Choices, api.Choice{ID: o.Key, Label: o.Label.In(lang)})
		}
	}
	return fd.Type == api.FieldRef || fd.Type == api.FieldUser
}

// LookupRequest is the lookup of the form's field values: a reference
// lists the records it may point to, a user field the logins that occur in
// it. False for other fields.
func (f *FilterForm) LookupRequest(c *api.Catalog, limit int) (api.LookupRequest, bool) {
	fd := FieldByKey(c, f.Field)
	if fd == nil {
		return api.LookupRequest{}, false
	}
	switch fd.Type {
	case api.FieldRef:
		return api.LookupRequest{Catalog: fd.Ref, Search: f.Search, Limit: limit}, true
	case api.FieldUser:
		return api.LookupRequest{Catalog: c.Key, Field: fd.Key, Search: f.Search, Limit: limit}, true
	}
	return api.LookupRequest{}, false
}

// Pick ticks or unticks one value of an enum or reference condition.
func (f *FilterForm) Pick(ch api.Choice, on bool) {
	f.Err = false
	i := slices.IndexFunc(f.Picked, func(p api.Choice) bool { return p.ID == ch.ID })
	switch {
	case on && i < 0:
		f.Picked = append(f.Picked, ch)
		f.keep(ch)
	case !on && i >= 0:
		f.Picked = slices.Delete(slices.Clone(f.Picked), i, i+1)
	}
}

// PickUser chooses the one value of a user condition.
func (f *FilterForm) PickUser(ch api.Choice) {
	f.V1, f.Err = ch.ID, false
	f.keep(ch)
}

func (f *FilterForm) keep(ch api.Choice) {
	if !slices.ContainsFunc(f.Kept, func(k api.Choice) bool { return k.ID == ch.ID }) {
		f.Kept = append(f.Kept, ch)
	}
}

// Listed is what the form lists as choices: the values ticked before that
// the latest lookup no longer finds, then what it found. lead comes first
// and is never repeated (a user field's "me").
func (f *FilterForm) Listed(lead ...api.Choice) []api.Choice {
	out := slices.Clone(lead)
	for _, k := range f.Kept {
		if !slices.ContainsFunc(lead, func(l api.Choice) bool { return l.ID == k.ID }) &&
			!slices.ContainsFunc(f.Choices, func(ch api.Choice) bool { return ch.ID == k.ID }) {
			out = append(out, k)
		}
	}
	return append(out, f.Choices...)
}

// IsPicked reports whether the value id is ticked.
func (f *FilterForm) IsPicked(id string) bool {
	return slices.ContainsFunc(f.Picked, func(p api.Choice) bool { return p.ID == id })
}

// Condition is the condition the form describes. With a missing or
// invalid value it marks the form (Err) and reports false. A reference's
// names travel with the condition, so chips of saved settings and shared
// views read as names, not ids.
func (f *FilterForm) Condition(c *api.Catalog) (api.Condition, bool) {
	fd := FieldByKey(c, f.Field)
	if fd == nil {
		return api.Condition{}, false
	}
	cond := api.Condition{Field: fd.Key, Op: f.Op}
	switch api.Arity(f.Op) {
	case 1:
		v, ok := FilterValue(fd, f.V1)
		if !ok {
			f.Err = true
			return api.Condition{}, false
		}
		cond.Values = []any{v}
	case 2:
		a, ok1 := FilterValue(fd, f.V1)
		b, ok2 := FilterValue(fd, f.V2)
		if !ok1 || !ok2 {
			f.Err = true
			return api.Condition{}, false
		}
		cond.Values = []any{a, b}
	case -1:
		if len(f.Picked) == 0 {
			f.Err = true
			return api.Condition{}, false
		}
		for _, p := range f.Picked {
			cond.Values = append(cond.Values, p.ID)
			if fd.Type == api.FieldRef {
				cond.Labels = append(cond.Labels, p.Label)
			}
		}
	}
	return cond, true
}
