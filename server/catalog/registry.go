package catalog

import (
	"fmt"
	"slices"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
	"webtool/server/store"
)

// Def describes one catalog: the description the client gets (fields,
// columns, tabs...) plus what only the server knows (scope, uniqueness,
// defaults, rules).
type Def struct {
	Key         string
	Label       api.LocalText
	Group       string
	Tree        bool
	ParentField string
	TitleField  string
	// CodeField is searched with the title in lookups, and shown beside
	// the title wherever a record is referred to (api.RefInfo.Code).
	CodeField string
	// Owner lists the fields that name a record's owner (its parent, city
	// or distributor), shown beside its title wherever it is referred to
	// (api.RefInfo.Owner): the first with a value the reader may see
	// wins. Each is a ref (named by the title of what it points to), an
	// enum (by its label) or a text field.
	Owner []string
	// ChoiceDetail lists the text or enum fields shown beside a choice in
	// a picker (api.Choice.Detail, e.g. an outlet's address) and searched
	// with its title and code.
	ChoiceDetail []string
	// Derive sets the values a record's other values determine (an org
	// node's current employee, from its bindings and today's date): run
	// on every save and load before the rules, and at Open, so that a
	// value that follows the calendar is brought up to date (see
	// refreshDerived). It must read nothing but r.
	Derive func(r *Record, now time.Time)

	Fields  []api.Field
	Columns []string
	Sort    []api.SortKey
	Tabs    []api.Tab
	Notice  api.LocalText

	// LoaderOnly catalogs (global outlets, products) are changed only by
	// loaders: every user's level is capped at Read.
	LoaderOnly bool
	// ScopeField holds the record's sync point (a ref to distributors).
	// Empty: the catalog is global, every reader sees every row. ScopeSelf:
	// the record is itself a sync point.
	ScopeField string
	ScopeSelf  bool
	// Unique lists sets of fields whose values no two live records share.
	Unique [][]string
	// Defaults fills a new record before the user's values are applied.
	Defaults func(now time.Time) map[string]any
	// Rules check what only this catalog requires. They add field errors.
	Rules []Rule
	// Generate fills server-made fields of a new record inside the saving
	// transaction (e.g. a unique external code).
	Generate func(tx *store.Tx, rec *Record) error
	// Views are the catalog's built-in views, offered to every reader.
	Views []View

	// Parent makes this a child catalog (master–detail): each record
	// belongs to one record of Parent.Catalog, named by Parent.Field (a
	// required reference to it). The parent's card shows the catalog as a
	// tab. A child's row scope is its parent's: ScopeField (read-only) is
	// derived from the parent on every save, and a user's level is capped
	// by the level in the parent.
	Parent *api.ParentLink
	// OnParentDelete says what deleting a parent does to its live
	// children of this catalog.
	OnParentDelete ParentDelete
	// InNavigation lists a child catalog in the navigation too; otherwise
	// it is reached through its parent's card.
	InNavigation bool

	fields   map[string]*api.Field
	parent   *Def   // the Def of Parent.Catalog
	children []*Def // the child catalogs of this one
	// lookups are this catalog's lookup fields (api.Field.Lookup).
	lookups []*api.Field
}

// ParentDelete is what deleting a parent does to its live children.
type ParentDelete int

const (
	// RefuseWhileChildren refuses to delete a parent that has live
	// children, naming how many.
	RefuseWhileChildren ParentDelete = iota
	// DeleteChildren soft-deletes the live children with their parent;
	// restoring the parent restores those (see Deletion.With).
	DeleteChildren
)

// View is a built-in view of a catalog: a layout with a name. Key is part
// of the view's id, which users' defaults and links keep: never change it.
type View struct {
	Key    string
	Label  api.LocalText
	Layout api.Layout
}

// Field returns the description of a field (nil if none).
func (d *Def) Field(key string) *api.Field { return d.fields[key] }

// Scoped reports whether the catalog's rows belong to sync points.
func (d *Def) Scoped() bool { return d.ScopeSelf || d.ScopeField != "" }

// systemFields are the fields every catalog gets from its records' history
// (Record.ChangedBy, Record.ChangedAt): read-only, indexed, offered in the
// column chooser but not in the default columns.
var systemFields = []api.Field{
	{Key: api.FieldChangedBy, Type: api.FieldUser, ReadOnly: true, System: true, Width: 130,
		Label: api.LocalText{RU: "Изменил", EN: "Changed by"}},
	{Key: api.FieldChangedAt, Type: api.FieldDateTime, ReadOnly: true, System: true, Width: 150,
		Label: api.LocalText{RU: "Изменено", EN: "Changed at"}},
}

// init indexes a definition and checks it is consistent. It appends the
// system fields once, so a Def may be opened again.
func (d *Def) init() error {
	for _, sf := range systemFields {
		if !slices.ContainsFunc(d.Fields, func(f api.Field) bool { return f.Key == sf.Key }) {
			d.Fields = append(d.Fields, sf)
		}
	}
	d.fields = map[string]*api.Field{}
	d.parent, d.children = nil, nil // linked anew by the registry
	for i := range d.Fields {
		f := &d.Fields[i]
		if d.fields[f.Key] != nil {
			return fmt.Errorf("catalog %s: field %s declared twice", d.Key, f.Key)
		}
		d.fields[f.Key] = f
	}
	for _, c := range d.Columns {
		if d.fields[c] == nil {
			return fmt.Errorf("catalog %s: column %s is not a field", d.Key, c)
		}
	}
	for _, k := range []string{d.TitleField, d.ParentField, d.ScopeField, d.CodeField} {
		if k != "" && d.fields[k] == nil {
			return fmt.Errorf("catalog %s: %s is not a field", d.Key, k)
		}
	}
	for _, k := range d.Owner {
		if f := d.fields[k]; f == nil || f.Type != api.FieldRef && f.Type != api.FieldEnum && f.Type != api.FieldText {
			return fmt.Errorf("catalog %s: owner %s is not a ref, enum or text field", d.Key, k)
		}
	}
	for _, k := range d.ChoiceDetail {
		if f := d.fields[k]; f == nil || f.Type != api.FieldEnum && f.Type != api.FieldText {
			return fmt.Errorf("catalog %s: choice detail %s is not an enum or text field", d.Key, k)
		}
	}
	d.lookups = nil
	for i := range d.Fields {
		if f := &d.Fields[i]; f.Lookup != nil {
			d.lookups = append(d.lookups, f)
		}
	}
	return nil
}

// level is p's level in d, capped for catalogs only loaders change and,
// in a child catalog, by p's level in the parent (its records are part of
// the parent's: who may not edit a warehouse may not edit its bindings).
func (d *Def) level(p access.Principal) access.Level {
	l := p.Level(d.Key)
	if d.LoaderOnly {
		l = min(l, access.Read)
	}
	if d.parent != nil {
		l = min(l, d.parent.level(p))
	}
	return l
}

// scopeOf returns the sync point of a record ("" for global catalogs).
func (d *Def) scopeOf(r *Record) string {
	switch {
	case d.ScopeSelf:
		return r.ID
	case d.ScopeField != "":
		return r.Str(d.ScopeField)
	}
	return ""
}

// sees reports whether p may see record r of d.
func sees(d *Def, p access.Principal, r *Record) bool {
	return !d.Scoped() || p.Sees(d.scopeOf(r))
}

// scope is the condition that limits rows to p's sync points (nil when p
// sees them all).
func scope(d *Def, p access.Principal) query.Expr {
	if !d.Scoped() || p.AllSyncPoints() {
		return nil
	}
	vals := make([]query.Value, len(p.SyncPoints()))
	for i, sp := range p.SyncPoints() {
		vals[i] = query.StringValue(sp)
	}
	return query.Where(colScope, query.AnyOf, vals...)
}

// Hidden engine columns every table has.
const (
	colDeleted = "_deleted"
	colScope   = "_scope"
)

// columns are the engine columns of a catalog: its indexed fields and the
// hidden ones.
func (d *Def) columns() []query.Column {
	cols := []query.Column{{Name: colDeleted, Kind: query.Bool}, {Name: colScope, Kind: query.Ref}}
	for _, f := range d.Fields {
		if k, ok := columnKind(f.Type); ok {
			cols = append(cols, query.Column{Name: f.Key, Kind: k})
		}
	}
	return cols
}

// row converts a record to the engine's row for d.columns().
func (d *Def) row(r *Record) []query.Value {
	vals := []query.Value{query.BoolValue(r.Deleted != nil), query.StringValue(d.scopeOf(r))}
	if d.scopeOf(r) == "" {
		vals[1] = query.Null()
	}
	for _, f := range d.Fields {
		if _, ok := columnKind(f.Type); ok {
			v, _ := cell(f.Type, r.value(f.Key))
			vals = append(vals, v)
		}
	}
	return vals
}

// registry holds the catalogs' descriptions: each Def, their order and
// which fields point to each catalog. It is read-only once built, so it is
// safe for concurrent use.
type registry struct {
	defs  map[string]*Def
	order []*Def
	// refsTo lists, per catalog, the (catalog, field) pairs that point to it.
	refsTo map[string][]fieldRef
	// lookupsOf lists, per catalog, the lookup fields of other catalogs
	// (or its own) that copy a field of its records.
	lookupsOf map[string][]lookupField
}

// lookupField is a lookup field (api.Field.Lookup) of catalog d.
type lookupField struct {
	d *Def
	f *api.Field
}

type fieldRef struct {
	catalog string
	field   string
	list    string // the list field holding field, if any
}

// newRegistry checks and indexes defs.
func newRegistry(defs []*Def) (*registry, error) {
	g := &registry{defs: map[string]*Def{}, refsTo: map[string][]fieldRef{}, lookupsOf: map[string][]lookupField{}}
	for _, d := range defs {
		if err := d.init(); err != nil {
			return nil, err
		}
		g.defs[d.Key] = d
		g.order = append(g.order, d)
	}
	for _, d := range defs {
		if err := g.link(d); err != nil {
			return nil, err
		}
		for _, f := range d.Fields {
			if f.Type == api.FieldRef {
				if g.defs[f.Ref] == nil {
					return nil, fmt.Errorf("catalog %s: field %s refers to unknown catalog %q", d.Key, f.Key, f.Ref)
				}
				g.refsTo[f.Ref] = append(g.refsTo[f.Ref], fieldRef{catalog: d.Key, field: f.Key})
			}
			for _, c := range f.Columns {
				if c.Type == api.FieldRef {
					if g.defs[c.Ref] == nil {
						return nil, fmt.Errorf("catalog %s: column %s.%s refers to unknown catalog %q", d.Key, f.Key, c.Key, c.Ref)
					}
					g.refsTo[c.Ref] = append(g.refsTo[c.Ref], fieldRef{catalog: d.Key, field: c.Key, list: f.Key})
				}
			}
		}
		if err := g.checkLinks(d); err != nil {
			return nil, err
		}
	}
	return g, nil
}

// checkLinks checks what d's fields say about other catalogs: each limit
// (api.Field.Limit, api.Pick.Limit) compares an indexed field of the
// catalog referred to with a value of d's or a literal that fits it; a
// lookup field is a read-only copy, of the same type, of a field of the
// record a ref field of d points to; a pick names a text field.
func (g *registry) checkLinks(d *Def) error {
	for i := range d.Fields {
		f := &d.Fields[i]
		if err := g.checkLimits(d, f, f.Ref, f.Limit); err != nil {
			return err
		}
		for j := range f.Columns {
			if c := &f.Columns[j]; c.Type == api.FieldRef {
				if err := g.checkLimits(d, c, c.Ref, c.Limit); err != nil {
					return err
				}
			} else if len(c.Limit) > 0 || c.Lookup != nil || c.Pick != nil {
				return fmt.Errorf("catalog %s: column %s.%s: only a ref column may have limits", d.Key, f.Key, c.Key)
			}
		}
		if pk := f.Pick; pk != nil {
			pd := g.defs[pk.Catalog]
			if f.Type != api.FieldText || pd == nil || pd.fields[pk.Field] == nil || pd.fields[pk.Field].Type != api.FieldText {
				return fmt.Errorf("catalog %s: field %s picks from no text field %s.%s", d.Key, f.Key, pk.Catalog, pk.Field)
			}
			if err := g.checkLimits(d, f, pk.Catalog, pk.Limit); err != nil {
				return err
			}
		}
		if lk := f.Lookup; lk != nil {
			via := d.fields[lk.Via]
			if via == nil || via.Type != api.FieldRef || via.Lookup != nil {
				return fmt.Errorf("catalog %s: lookup %s: %q is not a ref field", d.Key, f.Key, lk.Via)
			}
			src := g.defs[via.Ref].fields[lk.Field]
			if src == nil || src.Type != f.Type || src.Ref != f.Ref || !api.Indexed(f.Type) || !f.ReadOnly || f.Required {
				return fmt.Errorf("catalog %s: lookup %s is not a read-only copy of %s.%s", d.Key, f.Key, via.Ref, lk.Field)
			}
			g.lookupsOf[via.Ref] = append(g.lookupsOf[via.Ref], lookupField{d, f})
		}
	}
	return nil
}

// checkLimits checks the limits of field f of d on records of target.
func (g *registry) checkLimits(d *Def, f *api.Field, target string, limits []api.RefLimit) error {
	if len(limits) == 0 {
		return nil
	}
	td := g.defs[target]
	if td == nil || f.Type != api.FieldRef && f.Pick == nil {
		return fmt.Errorf("catalog %s: field %s has limits but refers to nothing", d.Key, f.Key)
	}
	for _, l := range limits {
		tf := td.fields[l.Field]
		if tf == nil || !api.Indexed(tf.Type) {
			return fmt.Errorf("catalog %s: field %s: limit on %s.%s, which is not an indexed field", d.Key, f.Key, target, l.Field)
		}
		switch {
		case (l.Is == "") == (l.Same == ""):
			return fmt.Errorf("catalog %s: field %s: a limit on %s needs one of Is and Same", d.Key, f.Key, l.Field)
		case l.Is != "":
			if v, ok := limitLiteral(tf, l.Is); !ok || v == nil {
				return fmt.Errorf("catalog %s: field %s: %q is not a value of %s.%s", d.Key, f.Key, l.Is, target, l.Field)
			}
		case d.fields[l.Same] == nil || d.fields[l.Same].Type != tf.Type || d.fields[l.Same].Ref != tf.Ref:
			return fmt.Errorf("catalog %s: field %s: limit %s = %s compares fields of different types", d.Key, f.Key, l.Field, l.Same)
		}
	}
	return nil
}

// link ties a child catalog to its parent and checks the declaration: the
// parent field is a required reference to the parent, and a child of a
// scoped parent has a read-only field for the scope it inherits.
func (g *registry) link(d *Def) error {
	if d.Parent == nil {
		return nil
	}
	pd := g.defs[d.Parent.Catalog]
	f := d.fields[d.Parent.Field]
	switch {
	case pd == nil || pd == d:
		return fmt.Errorf("catalog %s: parent %q is not another catalog", d.Key, d.Parent.Catalog)
	case f == nil || f.Type != api.FieldRef || f.Ref != pd.Key || !f.Required:
		return fmt.Errorf("catalog %s: parent field %q is not a required reference to %s", d.Key, d.Parent.Field, pd.Key)
	case pd.Scoped() && (d.ScopeField == "" || !d.fields[d.ScopeField].ReadOnly):
		return fmt.Errorf("catalog %s: a child of scoped %s needs a read-only scope field", d.Key, pd.Key)
	case !pd.Scoped() && d.Scoped():
		return fmt.Errorf("catalog %s: a child of global %s has no scope of its own", d.Key, pd.Key)
	}
	d.parent = pd
	pd.children = append(pd.children, d)
	return nil
}

// isParentLink reports whether field of catalog is a child's reference to
// its parent.
func (g *registry) isParentLink(catalog, field string) bool {
	d := g.defs[catalog]
	return d != nil && d.Parent != nil && d.Parent.Field == field
}

// Def returns a catalog's definition (nil if there is none).
func (g *registry) Def(key string) *Def { return g.defs[key] }

// def returns the catalog p may use at level l, or a forbidden/not_found
// error. A catalog the user may not read does not exist for them.
func (g *registry) def(p access.Principal, catalog string, l access.Level) (*Def, error) {
	d := g.defs[catalog]
	if d == nil || d.level(p) < access.Read {
		return nil, api.Errorf(api.CodeNotFound, "no catalog %q", catalog)
	}
	if d.level(p) < l {
		return nil, api.Errorf(api.CodeForbidden, "not allowed in catalog %q", catalog)
	}
	return d, nil
}

// Describe returns the descriptions of the catalogs p may read, in order.
func (g *registry) Describe(p access.Principal) []api.Catalog {
	var out []api.Catalog
	for _, d := range g.order {
		if c, ok := describe(d, p); ok {
			out = append(out, c)
		}
	}
	return out
}

// describe is d as p sees it, with the child catalogs p may read; false
// if p may not read d.
func describe(d *Def, p access.Principal) (api.Catalog, bool) {
	l := d.level(p)
	if l < access.Read {
		return api.Catalog{}, false
	}
	out := api.Catalog{
		Key: d.Key, Label: d.Label, Group: d.Group, Tree: d.Tree, ParentField: d.ParentField,
		TitleField: d.TitleField, Fields: d.Fields, Columns: d.Columns, Sort: d.Sort, Tabs: d.Tabs,
		Rights: l.Rights(), Notice: d.Notice, Parent: d.Parent,
	}
	for _, cd := range d.children {
		if c, ok := describe(cd, p); ok {
			out.Children = append(out.Children, c)
		}
	}
	return out, true
}

// Navigation returns the navigation groups with the catalogs p may read;
// a child catalog only if it is declared InNavigation.
func (g *registry) Navigation(p access.Principal, groups []string) []api.NavGroup {
	out := make([]api.NavGroup, len(groups))
	for i, grp := range groups {
		out[i] = api.NavGroup{Key: grp, Items: []api.NavItem{}}
		for _, d := range g.order {
			if d.Group == grp && (d.Parent == nil || d.InNavigation) && d.level(p) >= access.Read {
				out[i].Items = append(out[i].Items, api.NavItem{Key: d.Key, Label: d.Label})
			}
		}
	}
	return out
}
