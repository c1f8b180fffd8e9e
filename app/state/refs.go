package state

import (
	"strings"

	"webtool/server/api"
)

// PickerField is the field a card's picker fills: a ref field or a text
// field with Pick (key "field"), or a ref column of a list field (key
// "list.column"). Nil when c has no such field.
func PickerField(c *api.Catalog, key string) *api.Field {
	list, col, isCol := strings.Cut(key, ".")
	f := FieldByKey(c, list)
	if f == nil || !isCol {
		return f
	}
	for i := range f.Columns {
		if f.Columns[i].Key == col {
			return &f.Columns[i]
		}
	}
	return nil
}

// LookupFor is what a picker on field key ("field" or "list.column") of a
// record of c being edited tells the server, so that its choices pass
// the field's limits: the field, and the draft's values of the fields the
// limits compare with (RefLimit.Same; for a list column, fields of the
// record). of is the parent record of a child catalog's record ("" for
// none). The server reads the limits from its own description; the
// values are only what the user has typed so far.
func LookupFor(c *api.Catalog, key string, draft map[string]any, of string) *api.LookupFor {
	lf := &api.LookupFor{Catalog: c.Key, Field: key, Of: of}
	f := PickerField(c, key)
	if f == nil {
		return lf
	}
	limits := f.Limit
	if f.Pick != nil {
		limits = f.Pick.Limit
	}
	for _, l := range limits {
		if l.Same == "" {
			continue
		}
		if v := wireOf(draft[l.Same]); v != nil {
			if lf.Values == nil {
				lf.Values = map[string]any{}
			}
			lf.Values[l.Same] = v
		}
	}
	return lf
}

// wireOf is the wire form of a draft value a limit compares with: a
// reference's id, a typed or chosen text, a flag; nil when empty.
func wireOf(d any) any {
	switch v := d.(type) {
	case Ref:
		if v.ID != "" {
			return v.ID
		}
	case string:
		if s := strings.TrimSpace(v); s != "" {
			return s
		}
	case bool:
		return v
	}
	return nil
}
