package catalog

import (
	"cmp"
	"reflect"
	"strings"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
	"webtool/server/store"
)

// Limits narrow what a reference may point to (api.Field.Limit) and what
// a picked text may name (api.Pick.Limit). The same limits are applied
// twice: to a picker's choices (Lookup with For, as engine conditions)
// and to a save (checkLimits, against the record referred to), so the
// picker never offers what the save would refuse.

// limitLiteral is the canonical value of the literal of a limit (RefLimit.Is)
// on field f; false if it is not a value of f.
func limitLiteral(f *api.Field, s string) (any, bool) {
	if f.Type == api.FieldBool {
		switch s {
		case "true":
			return true, true
		case "false":
			return false, true
		}
		return nil, false
	}
	v, code := normalize(f, s)
	return v, code == ""
}

// limitWant is the value limit l asks of the record referred to, given
// same, the values of the record that refers (nil: l limits nothing).
func limitWant(td *Def, l api.RefLimit, same func(key string) any) any {
	if l.Is != "" {
		v, _ := limitLiteral(td.Field(l.Field), l.Is)
		return v
	}
	return same(l.Same)
}

// withinLimits reports whether record r of td passes every limit.
func withinLimits(td *Def, r *Record, limits []api.RefLimit, same func(key string) any) bool {
	for _, l := range limits {
		want := limitWant(td, l, same)
		if want != nil && !reflect.DeepEqual(r.value(l.Field), want) {
			return false
		}
	}
	return true
}

// limitWhere is the engine form of limits on the records of td.
func limitWhere(td *Def, limits []api.RefLimit, same func(key string) any) query.And {
	var where query.And
	for _, l := range limits {
		want := limitWant(td, l, same)
		if want == nil {
			continue
		}
		v, ok := cell(td.Field(l.Field).Type, want)
		if !ok {
			// A value that cannot be a value of the field matches nothing.
			return query.And{query.Or{}}
		}
		where = append(where, query.Where(l.Field, query.Eq, v))
	}
	return where
}

// checkLimits refuses, with FieldLimit, a reference outside its field's
// limits and a picked text that names no record its pick allows. It runs
// after the catalog's rules, which derive values the limits compare with
// (a sync point from the parent), and after checkRefs, whose failures it
// leaves alone: a reference to a record the user cannot see is answered
// as missing, never as out of limits. It checks only what the save
// changes, the reference or a value a limit compares it with: a record
// saved before a limit was declared stays editable. The record referred
// to is read as the user sees it (c.Lookup): one the user cannot see
// passes no limit, whether it exists or not.
func (c *Check) checkLimits() {
	d := c.Def
	same := func(key string) any { return c.New.Values[key] }
	for i := range d.Fields {
		f := &d.Fields[i]
		if c.Failed(f.Key) {
			continue
		}
		switch {
		case f.Type == api.FieldRef && len(f.Limit) > 0:
			id := c.New.Str(f.Key)
			if id == "" || !c.changed(f.Key) && !c.sameChanged(f.Limit) {
				continue
			}
			if r := c.Lookup(f.Ref, id); r == nil || !withinLimits(c.recs.reg.defs[f.Ref], r, f.Limit, same) {
				c.Fail(f.Key, api.FieldLimit)
			}
		case f.Type == api.FieldList:
			c.checkListLimits(f)
		case f.Pick != nil:
			text := c.New.Str(f.Key)
			if text == "" || !c.changed(f.Key) && !c.sameChanged(f.Pick.Limit) {
				continue
			}
			if !c.picks(f.Pick, text) {
				c.Fail(f.Key, cmp.Or(f.Pick.Code, api.FieldLimit))
			}
		}
	}
}

// checkListLimits checks the limited ref columns of list field f: the
// rows whose reference is new, or every row when a value a limit
// compares with changed. A fault fails the list field.
func (c *Check) checkListLimits(f *api.Field) {
	same := func(key string) any { return c.New.Values[key] }
	var was any
	if c.Old != nil {
		was = c.Old.Values[f.Key]
	}
	kept := map[string]bool{}
	eachListRef(f, was, func(col *api.Field, id string) { kept[col.Key+"\x00"+id] = true })
	eachListRef(f, c.New.Values[f.Key], func(col *api.Field, id string) {
		if len(col.Limit) == 0 || c.Failed(f.Key) || kept[col.Key+"\x00"+id] && !c.sameChanged(col.Limit) {
			return
		}
		if r := c.Lookup(col.Ref, id); r == nil || !withinLimits(c.recs.reg.defs[col.Ref], r, col.Limit, same) {
			c.Fail(f.Key, api.FieldLimit)
		}
	})
}

// picks reports whether text is the pick field of a live record of the
// pick's catalog that the user sees and that passes the pick's limits.
func (c *Check) picks(pk *api.Pick, text string) bool {
	pd := c.recs.reg.defs[pk.Catalog]
	same := func(key string) any { return c.New.Values[key] }
	where := append(limitWhere(pd, pk.Limit, same), query.Where(pk.Field, query.Eq, query.StringValue(text)))
	// The engine compares text folded (case, ё); the text must be the
	// record's exactly, so a few candidates are read.
	for _, id := range c.Find(pk.Catalog, where, 10) {
		if r := c.Lookup(pk.Catalog, id); r != nil && r.Str(pk.Field) == text && withinLimits(pd, r, pk.Limit, same) {
			return true
		}
	}
	return false
}

// changed reports whether the save changes field key (always, on create).
func (c *Check) changed(key string) bool {
	return c.Old == nil || !reflect.DeepEqual(c.Old.Values[key], c.New.Values[key])
}

// sameChanged reports whether the save changes a value one of limits
// compares with.
func (c *Check) sameChanged(limits []api.RefLimit) bool {
	for _, l := range limits {
		if l.Same != "" && c.changed(l.Same) {
			return true
		}
	}
	return false
}

// forField finds the field a picker fills (api.LookupFor.Field: a field,
// or "list.column" for a ref column of a list) and returns the catalog
// its choices come from, its limits and its pick (nil for a reference).
// A field that is neither a reference nor a pick is a bad request.
func forField(d *Def, key string) (target string, limits []api.RefLimit, pick *api.Pick, err error) {
	f := d.Field(key)
	if f == nil {
		if list, col, ok := strings.Cut(key, "."); ok {
			if lf := d.Field(list); lf != nil && lf.Type == api.FieldList {
				for i := range lf.Columns {
					if lf.Columns[i].Key == col {
						f = &lf.Columns[i]
					}
				}
			}
		}
	}
	switch {
	case f == nil:
		return "", nil, nil, api.Errorf(api.CodeBadRequest, "no field %q in %s", key, d.Key)
	case f.Type == api.FieldRef && f.Lookup == nil:
		return f.Ref, f.Limit, nil, nil
	case f.Pick != nil:
		return f.Pick.Catalog, f.Pick.Limit, f.Pick, nil
	}
	return "", nil, nil, api.Errorf(api.CodeBadRequest, "field %q of %s picks nothing", key, d.Key)
}

// forLimits is the engine form of the limits of the field a picker
// fills, with the values of the record being edited (For.Values) read
// as a save would store them. A child catalog's record that has no
// value for its sync point yet (a new binding on a warehouse's tab) takes
// its parent's, as the save will (Check.inheritScope): the parent (For.Of,
// else the record's parent field) must be one p sees, else the lookup is
// answered as for a missing record.
func (rd *reader) forLimits(tx *store.Tx, p access.Principal, d, td *Def, limits []api.RefLimit, f *api.LookupFor) (query.And, error) {
	vals := map[string]any{}
	for _, l := range limits {
		if l.Same == "" {
			continue
		}
		v, code := normalize(d.Field(l.Same), f.Values[l.Same])
		if code != "" {
			return nil, api.Errorf(api.CodeBadRequest, "value of %q does not fit the field", l.Same)
		}
		if v == nil && l.Same == d.ScopeField && d.parent != nil {
			parent := f.Of
			if parent == "" {
				parent, _ = f.Values[d.Parent.Field].(string)
			}
			if parent != "" {
				pr, err := rd.recs.visible(tx, d.parent, &p, parent)
				if err != nil {
					return nil, err
				}
				if sp := d.parent.scopeOf(pr); sp != "" {
					v = sp
				}
			}
		}
		if v != nil {
			vals[l.Same] = v
		}
	}
	return limitWhere(td, limits, func(key string) any { return vals[key] }), nil
}

// limitTo declares the limits of a ref field (or ref column) f.
func limitTo(f api.Field, limits ...api.RefLimit) api.Field { f.Limit = limits; return f }

// lookupOf makes f a lookup field: read-only, a copy of field of the
// record the ref field via points to.
func lookupOf(f api.Field, via, field string) api.Field {
	f.ReadOnly, f.Lookup = true, &api.Lookup{Via: via, Field: field}
	return f
}

// The limits the manual's catalogs declare.
var (
	// sameDistributor: a record of the saving record's distributor.
	sameDistributor = api.RefLimit{Field: "distributor", Same: "distributor"}
	// positionsOnly: an org-structure node that is a position.
	positionsOnly = api.RefLimit{Field: "type", Is: "position"}
)
