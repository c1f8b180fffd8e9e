package catalog

import (
	"fmt"
	"strings"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
	"webtool/server/store"
)

// Rule checks a record about to be saved.
type Rule func(c *Check)

// Check is what a Rule sees: the record before (nil on create) and after
// the change, a way to read other records, and where to put errors.
//
// A rule sees other records only as the saving user does (Lookup, Find):
// a record in another user's distributor is, to a rule, a record that does
// not exist, so no rule can answer with anything that tells one apart from
// the other. Checks that must see every record (uniqueness, a tree without
// cycles) are the service's own and answer only a code.
type Check struct {
	Old, New *Record
	Def      *Def
	Now      time.Time
	// By is the login of the user saving.
	By string
	// p is the user saving; nil for a trusted source (Load), which sees
	// every record.
	p *access.Principal
	// tx is the transaction of the save: what a rule reads is what the
	// save writes over.
	tx   *store.Tx
	recs records
	img  *images
	errs map[string]api.Code
	args map[string]string
	// secrets are the pin fields that get a new PIN in this save.
	secrets map[string]bool
	// hidden are the unique clashes with records the user cannot see, for
	// the audit trail (the user is told only that the value is taken).
	hidden []string
}

// Fail records that field is wrong for reason code (the first error of a
// field wins).
func (c *Check) Fail(field string, code api.Code) {
	if _, ok := c.errs[field]; !ok {
		c.errs[field] = code
	}
}

// FailWith is Fail with an argument for the message (e.g. the login of
// the MM user that already has a position); it reaches the client as
// api.Error.Args[field].
func (c *Check) FailWith(field string, code api.Code, arg string) {
	if c.Failed(field) {
		return
	}
	c.Fail(field, code)
	if c.args == nil {
		c.args = map[string]string{}
	}
	c.args[field] = arg
}

// SecretChanged reports whether pin field key gets a new PIN in this save.
func (c *Check) SecretChanged(key string) bool { return c.secrets[key] }

// Failed reports whether field already has an error.
func (c *Check) Failed(field string) bool { _, ok := c.errs[field]; return ok }

// Lookup reads a live record of another catalog that the saving user may
// see (nil if it does not exist, is deleted or is out of the user's scope).
func (c *Check) Lookup(catalog, id string) *Record {
	return c.recs.resolve(c.tx, c.p, catalog, id)
}

// Find returns the ids of live records of catalog matching where, among
// those the saving user may see.
func (c *Check) Find(catalog string, where query.Expr, limit int) []string {
	if d := c.recs.reg.defs[catalog]; d != nil && c.p != nil {
		if sc := scope(d, *c.p); sc != nil {
			where = query.And{where, sc}
		}
	}
	return c.img.live(catalog, where, limit)
}

// refused is the error of a check that failed, or nil.
func (c *Check) refused(msg string) error {
	if len(c.errs) == 0 {
		return nil
	}
	return &api.Error{Code: api.CodeValidation, Message: msg, Fields: c.errs, Args: c.args}
}

// checkRefs checks that every reference the save sets, in a ref field or a
// ref column of a list, names a live record the user may see; any other is
// not_found, with nothing more said, whether the record is missing, deleted
// or another distributor's. A reference the record already had stays valid
// even if its target moved out of reach since.
func (c *Check) checkRefs() {
	for i := range c.Def.Fields {
		f := &c.Def.Fields[i]
		v := c.New.Values[f.Key]
		if v == nil || c.Failed(f.Key) {
			continue
		}
		var was any
		if c.Old != nil {
			was = c.Old.Values[f.Key]
		}
		switch f.Type {
		case api.FieldRef:
			if v != was && !c.recs.refsVisible(c.tx, c.p, f, v) {
				c.Fail(f.Key, api.FieldNotFound)
			}
		case api.FieldList:
			kept := map[string]bool{}
			eachListRef(f, was, func(col *api.Field, id string) { kept[col.Key+"\x00"+id] = true })
			eachListRef(f, v, func(col *api.Field, id string) {
				if !kept[col.Key+"\x00"+id] && c.Lookup(col.Ref, id) == nil {
					c.Fail(f.Key, api.FieldNotFound)
				}
			})
		}
	}
}

// inTab limits a save through a parent's tab (of) to that parent's
// children: a record of another parent is not found, a new one belongs to
// the parent unless the client named it otherwise, and no record moves
// to another parent from there.
func (c *Check) inTab(of string) error {
	d := c.Def
	if err := c.recs.underParent(c.tx, d, *c.p, of); err != nil {
		return err
	}
	f := d.Parent.Field
	if c.Old != nil && c.Old.Str(f) != of {
		return api.Errorf(api.CodeNotFound, "no record %s in %s", c.Old.ID, d.Key)
	}
	if c.Old == nil && c.New.Values[f] == nil {
		c.New.Values[f] = of
	}
	if c.New.Str(f) != of {
		c.Fail(f, api.FieldFixed)
	}
	return nil
}

// inheritScope gives a child record its parent's row scope, whatever the
// client sent: whoever sees the parent sees its children, and no one
// else. A missing parent is reported by the reference and required
// checks.
func (c *Check) inheritScope() {
	d := c.Def
	if d.parent == nil || !d.parent.Scoped() || c.Failed(d.Parent.Field) {
		return
	}
	if parent, _ := c.recs.get(c.tx, d.parent.Key, c.New.Str(d.Parent.Field)); parent != nil {
		d.setScope(c.New, d.parent.scopeOf(parent))
	}
}

// refsVisible reports whether every reference in v, a value of f, names a
// live record p may see (p nil: a trusted source).
func (rs records) refsVisible(tx *store.Tx, p *access.Principal, f *api.Field, v any) bool {
	ok := true
	switch f.Type {
	case api.FieldRef:
		ok = rs.resolve(tx, p, f.Ref, v.(string)) != nil
	case api.FieldList:
		eachListRef(f, v, func(col *api.Field, id string) { ok = ok && rs.resolve(tx, p, col.Ref, id) != nil })
	}
	return ok
}

// eachListRef calls fn for every reference in the rows of v, a value of
// list field f (nil: no rows).
func eachListRef(f *api.Field, v any, fn func(col *api.Field, id string)) {
	rows, _ := v.([]any)
	for _, row := range rows {
		m, _ := row.(map[string]any)
		for i := range f.Columns {
			if col := &f.Columns[i]; col.Type == api.FieldRef {
				if id, _ := m[col.Key].(string); id != "" {
					fn(col, id)
				}
			}
		}
	}
}

// checkShared applies the rules every catalog shares, after the catalog's
// own: required fields, the row scope (for a user: a trusted source sees
// every sync point), a tree without cycles and uniqueness.
func (c *Check) checkShared() {
	d, rec := c.Def, c.New
	for i := range d.Fields {
		f := &d.Fields[i]
		if f.Required && rec.Values[f.Key] == nil && !f.ReadOnly {
			c.Fail(f.Key, api.FieldRequired)
		}
	}
	if d.Scoped() && !d.ScopeSelf && c.p != nil && !c.Failed(d.ScopeField) {
		p := *c.p
		// A row without a sync point is visible only to users who see
		// every distributor: others could create rows they then lose. A
		// sync point the user gave was checked as a reference; this one
		// was derived by a rule from a record the user sees.
		if sp := d.scopeOf(rec); sp == "" && !p.AllSyncPoints() {
			c.Fail(d.ScopeField, api.FieldRequired)
		} else if sp != "" && !p.Sees(sp) {
			c.Fail(d.ScopeField, api.FieldScope)
		}
	}
	c.checkTree()
	c.checkUnique()
}

// checkTree keeps a tree catalog a tree: a node's new parent is neither the
// node nor one of its descendants. It walks every ancestor, seen by the
// user or not (a loop through another distributor's nodes is still a
// loop), and answers only the code.
func (c *Check) checkTree() {
	d := c.Def
	parent := c.New.Str(d.ParentField)
	if !d.Tree || c.New.ID == "" || parent == "" || c.Failed(d.ParentField) ||
		c.Old != nil && parent == c.Old.Str(d.ParentField) {
		return
	}
	for depth, id := 0, parent; id != "" && depth < 100; depth++ {
		if id == c.New.ID {
			c.Fail(d.ParentField, api.FieldCycle)
			return
		}
		r, err := c.recs.get(c.tx, d.Key, id)
		if err != nil || r == nil {
			return
		}
		id = r.Str(d.ParentField)
	}
}

// checkUnique refuses values that another live record of the catalog has
// in one of its unique sets of fields. Values are unique across the
// catalog, so it looks at every record, seen by the user or not. A clash
// with a record the user sees names it ("name · code" in Args, so the
// user can open it); one with a record the user cannot see is answered
// with the code alone (the value is taken, nothing of that record is
// said) and noted for the audit trail. A set with a field that already
// failed is skipped: that value will not be stored, and a reference the
// user may not follow must not be matched.
func (c *Check) checkUnique() {
	for _, set := range c.Def.Unique {
		where := query.And{}
		skip := false
		for _, k := range set {
			v, ok := cell(c.Def.Field(k).Type, c.New.Values[k])
			if !ok || v.IsNull() || c.Failed(k) {
				skip = true
				break
			}
			where = append(where, query.Where(k, query.Eq, v))
		}
		if skip {
			continue
		}
		for _, id := range c.img.live(c.Def.Key, where, 2) {
			if id == c.New.ID {
				continue
			}
			key := set[len(set)-1]
			if other := c.Lookup(c.Def.Key, id); other != nil {
				c.failNaming(key, api.FieldUnique, c.nameOf(c.Def, other))
			} else {
				c.Fail(key, api.FieldUnique)
				c.hidden = append(c.hidden, fmt.Sprintf("%s: %s/%s", strings.Join(set, "+"), c.Def.Key, id))
			}
			break
		}
	}
}

// auditHidden writes down, in the transaction of a refused save or
// restore, that its values clash with records the user cannot see: the
// user learns only that the values are taken, the audit trail says whose
// they are, so probing another distributor's values leaves a trace.
func (c *Check) auditHidden(addr string) error {
	err := c.tx.Audit(store.AuditRecord{At: c.Now, Actor: c.By, Addr: addr, Action: "record.unique_hidden",
		Target: c.Def.Key, Result: "denied", Detail: strings.Join(c.hidden, "; ")})
	if err != nil {
		return fmt.Errorf("audit a clash with hidden records in %s: %w", c.Def.Key, err)
	}
	return nil
}
