// Package catalog keeps WebTool's reference catalogs: their descriptions
// (as data), their records in the store, an in-memory query image of each
// kept in step with every write, validation with the rules special to each
// catalog, soft delete, optimistic versions, row scopes and the change
// events that drive live updates.
package catalog

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
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
	// CodeField is searched with the title in lookups.
	CodeField string
	Fields    []api.Field
	Columns   []string
	Sort      []api.SortKey
	Tabs      []api.Tab
	Notice    api.LocalText

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

	fields map[string]*api.Field
}

// View is a built-in view of a catalog: a layout with a name. Key is part
// of the view's id, which users' defaults and links keep: never change it.
type View struct {
	Key    string
	Label  api.LocalText
	Layout api.Layout
}

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
	p    *access.Principal
	svc  *Service
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
	return c.svc.resolve(c.p, catalog, id)
}

// Find returns the ids of live records of catalog matching where, among
// those the saving user may see.
func (c *Check) Find(catalog string, where query.Expr, limit int) []string {
	if d := c.svc.defs[catalog]; d != nil && c.p != nil {
		if sc := scope(d, *c.p); sc != nil {
			where = query.And{where, sc}
		}
	}
	return c.svc.live(catalog, where, limit)
}

// resolve returns the live record catalog/id if p may see it (p nil: a
// trusted source, which sees every record), else nil. Every check of a
// reference goes through here, so a record p cannot see is answered
// exactly like an id that does not exist.
func (s *Service) resolve(p *access.Principal, catalog, id string) *Record {
	d := s.defs[catalog]
	if d == nil || id == "" {
		return nil
	}
	r, err := s.load(catalog, id)
	if err != nil || r == nil || r.Deleted != nil || p != nil && !sees(d, *p, r) {
		return nil
	}
	return r
}

// live returns the ids of live records of catalog matching where, whoever
// may see them.
func (s *Service) live(catalog string, where query.Expr, limit int) []string {
	t := s.table(catalog)
	if t == nil {
		return nil
	}
	res, err := t.Query(query.Query{Where: query.And{where, query.Where(colDeleted, query.IsFalse)}, Limit: limit})
	if err != nil {
		return nil
	}
	return res.IDs
}

// Field returns the description of a field (nil if none).
func (d *Def) Field(key string) *api.Field { return d.fields[key] }

// Record is one stored record. Values hold canonical values (see
// normalize) by field key.
type Record struct {
	ID        string         `json:"id"`
	Version   uint64         `json:"version"`
	Values    map[string]any `json:"values"`
	CreatedBy string         `json:"createdBy"`
	CreatedAt time.Time      `json:"createdAt"`
	ChangedBy string         `json:"changedBy"`
	ChangedAt time.Time      `json:"changedAt"`
	Deleted   *Deletion      `json:"deleted,omitempty"`
}

// Deletion says who soft-deleted a record and when.
type Deletion struct {
	By string    `json:"by"`
	At time.Time `json:"at"`
}

// clone returns a copy of r whose values can change without changing r's.
func (r *Record) clone() *Record {
	c := *r
	c.Values = make(map[string]any, len(r.Values))
	maps.Copy(c.Values, r.Values)
	return &c
}

// Str returns a text, enum, ref or date value ("" if not set).
func (r *Record) Str(key string) string {
	s, _ := r.Values[key].(string)
	return s
}

// Change is published after every committed write.
type Change struct {
	Catalog string
	IDs     []string
	// Scopes are the sync points of the changed rows, before and after;
	// empty for global catalogs.
	Scopes []string
	By     string
}

// Hidden engine columns every table has.
const (
	colDeleted = "_deleted"
	colScope   = "_scope"
)

// RetainDeleted is how long a deleted record can be restored before Purge
// removes it.
const RetainDeleted = 365 * 24 * time.Hour

// Service is the catalogs' one entry point. It is safe for concurrent use:
// reads run in parallel; writes are serialized so that the version check,
// the uniqueness checks, the commit and the index update happen as one step.
type Service struct {
	db    *store.DB
	now   func() time.Time
	defs  map[string]*Def
	order []*Def
	// tables hold the query image of each catalog. A bulk load swaps in a
	// rebuilt table, so readers go through table().
	tables map[string]*atomic.Pointer[query.Table]
	// refsTo lists, per catalog, the (catalog, field) pairs that point to it.
	refsTo map[string][]fieldRef

	// secret keeps the values of pin fields (nil: none can be set).
	secret Secret

	write sync.Mutex
	subMu sync.Mutex
	subs  []func(Change)
}

type fieldRef struct {
	catalog string
	field   string
	list    string // the list field holding field, if any
}

// bucket is the store bucket of a catalog's records.
func bucket(catalog string) store.Bucket { return store.Bucket("catalog." + catalog) }

// Open prepares the catalogs in defs over db: creates their buckets, and
// loads every record into the query image.
func Open(db *store.DB, defs []*Def, now func() time.Time) (*Service, error) {
	s := &Service{db: db, now: now, defs: map[string]*Def{}, tables: map[string]*atomic.Pointer[query.Table]{}, refsTo: map[string][]fieldRef{}}
	var buckets []store.Bucket
	for _, d := range defs {
		if err := d.init(); err != nil {
			return nil, err
		}
		s.defs[d.Key] = d
		s.order = append(s.order, d)
		buckets = append(buckets, bucket(d.Key))
	}
	for _, d := range defs {
		for _, f := range d.Fields {
			if f.Type == api.FieldRef {
				if s.defs[f.Ref] == nil {
					return nil, fmt.Errorf("catalog %s: field %s refers to unknown catalog %q", d.Key, f.Key, f.Ref)
				}
				s.refsTo[f.Ref] = append(s.refsTo[f.Ref], fieldRef{catalog: d.Key, field: f.Key})
			}
			for _, c := range f.Columns {
				if c.Type == api.FieldRef {
					s.refsTo[c.Ref] = append(s.refsTo[c.Ref], fieldRef{catalog: d.Key, field: c.Key, list: f.Key})
				}
			}
		}
	}
	if err := db.EnsureBuckets(buckets...); err != nil {
		return nil, err
	}
	for _, d := range defs {
		t, err := s.load1(d)
		if err != nil {
			return nil, err
		}
		s.tables[d.Key] = &atomic.Pointer[query.Table]{}
		s.tables[d.Key].Store(t)
	}
	return s, nil
}

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
	return nil
}

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

// value is the canonical value of a field of r: the system fields come
// from the record's history, the others from Values.
func (r *Record) value(key string) any {
	switch key {
	case api.FieldChangedBy:
		if r.ChangedBy == "" {
			return nil
		}
		return r.ChangedBy
	case api.FieldChangedAt:
		if r.ChangedAt.IsZero() {
			return nil
		}
		return stamp(r.ChangedAt)
	}
	return r.Values[key]
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

// Scoped reports whether the catalog's rows belong to sync points.
func (d *Def) Scoped() bool { return d.ScopeSelf || d.ScopeField != "" }

// load1 reads every record of a catalog into a new table. Reading and
// decoding run on this goroutine while another feeds the table, so start-up
// uses both cores: with a million outlets that is most of the 10 s budget.
func (s *Service) load1(d *Def) (*query.Table, error) {
	t := query.NewTable(d.columns())
	type row struct {
		id   string
		vals []query.Value
	}
	batches := make(chan []row, 8)
	indexed := make(chan error, 1)
	go func() {
		var first error
		for b := range batches {
			for _, r := range b {
				if err := t.Upsert(r.id, r.vals); err != nil && first == nil {
					first = fmt.Errorf("index %s/%s: %w", d.Key, r.id, err)
				}
			}
		}
		indexed <- first
	}()
	batch := make([]row, 0, 1024)
	err := s.db.View(func(tx *store.Tx) error {
		return tx.ForEach(bucket(d.Key), func(k string, raw []byte) error {
			r, err := decodeRecord(raw)
			if err != nil {
				return fmt.Errorf("decode %s/%s: %w", d.Key, k, err)
			}
			batch = append(batch, row{r.ID, d.row(r)})
			if len(batch) == cap(batch) {
				batches <- batch
				batch = make([]row, 0, 1024)
			}
			return nil
		})
	})
	if len(batch) > 0 {
		batches <- batch
	}
	close(batches)
	if ierr := <-indexed; err == nil {
		err = ierr
	}
	if err != nil {
		return nil, fmt.Errorf("load catalog %s: %w", d.Key, err)
	}
	t.BuildIndexes()
	return t, nil
}

// table returns the current query image of a catalog (nil if none).
func (s *Service) table(catalog string) *query.Table {
	if p := s.tables[catalog]; p != nil {
		return p.Load()
	}
	return nil
}

// load reads one record from the store (nil if absent).
func (s *Service) load(catalog, id string) (*Record, error) {
	var r *Record
	err := s.db.View(func(tx *store.Tx) (err error) {
		r, err = getRecord(tx, catalog, id)
		return err
	})
	return r, err
}

// Subscribe calls fn after every committed change, on the writing
// goroutine; fn must not block.
func (s *Service) Subscribe(fn func(Change)) {
	s.subMu.Lock()
	defer s.subMu.Unlock()
	s.subs = append(s.subs, fn)
}

func (s *Service) publish(c Change) {
	s.subMu.Lock()
	subs := s.subs
	s.subMu.Unlock()
	for _, fn := range subs {
		fn(c)
	}
}

// Def returns a catalog's definition (nil if there is none).
func (s *Service) Def(key string) *Def { return s.defs[key] }

// Describe returns the descriptions of the catalogs p may read, in order.
func (s *Service) Describe(p access.Principal) []api.Catalog {
	var out []api.Catalog
	for _, d := range s.order {
		l := d.level(p)
		if l < access.Read {
			continue
		}
		out = append(out, api.Catalog{
			Key: d.Key, Label: d.Label, Group: d.Group, Tree: d.Tree, ParentField: d.ParentField,
			TitleField: d.TitleField, Fields: d.Fields, Columns: d.Columns, Sort: d.Sort, Tabs: d.Tabs,
			Rights: l.Rights(), Notice: d.Notice,
		})
	}
	return out
}

// level is p's level in d, capped for catalogs only loaders change.
func (d *Def) level(p access.Principal) access.Level {
	l := p.Level(d.Key)
	if d.LoaderOnly {
		l = min(l, access.Read)
	}
	return l
}

// Navigation returns the navigation groups with the catalogs p may read.
func (s *Service) Navigation(p access.Principal, groups []string) []api.NavGroup {
	out := make([]api.NavGroup, len(groups))
	for i, g := range groups {
		out[i] = api.NavGroup{Key: g, Items: []api.NavItem{}}
		for _, d := range s.order {
			if d.Group == g && p.Can(d.Key, access.Read) {
				out[i].Items = append(out[i].Items, api.NavItem{Key: d.Key, Label: d.Label})
			}
		}
	}
	return out
}
