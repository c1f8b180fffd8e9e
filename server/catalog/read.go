package catalog

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
	"webtool/server/store"
)

// def returns the catalog p may use at level l, or a forbidden/not_found
// error. A catalog the user may not read does not exist for them.
func (s *Service) def(p access.Principal, catalog string, l access.Level) (*Def, error) {
	d := s.defs[catalog]
	if d == nil || d.level(p) < access.Read {
		return nil, api.Errorf(api.CodeNotFound, "no catalog %q", catalog)
	}
	if d.level(p) < l {
		return nil, api.Errorf(api.CodeForbidden, "not allowed in catalog %q", catalog)
	}
	return d, nil
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

// sees reports whether p may see record r of d.
func sees(d *Def, p access.Principal, r *Record) bool {
	return !d.Scoped() || p.Sees(d.scopeOf(r))
}

// Query answers a window of a catalog's rows for p: only rows p may see are
// filtered, counted and returned.
func (s *Service) Query(ctx context.Context, p access.Principal, req api.QueryRequest) (api.QueryReply, error) {
	d, err := s.def(p, req.Catalog, access.Read)
	if err != nil {
		return api.QueryReply{}, err
	}
	if req.Limit < 0 || req.Limit > api.MaxWindow || req.Offset < 0 {
		return api.QueryReply{}, api.Errorf(api.CodeBadRequest, "window offset %d limit %d outside 0..%d", req.Offset, req.Limit, api.MaxWindow)
	}
	where, err := s.where(d, p, req.Filter, req.Deleted)
	if err != nil {
		return api.QueryReply{}, err
	}
	if req.Parent != nil && d.Tree {
		parent, err := s.parentCond(d, p, *req.Parent)
		if err != nil {
			return api.QueryReply{}, err
		}
		where = append(where, parent)
	}
	sort, err := sortKeys(d, req.Sort, req.Lang)
	if err != nil {
		return api.QueryReply{}, err
	}
	res, err := s.table(d.Key).QueryContext(ctx, query.Query{Where: where, Sort: sort, Offset: req.Offset, Limit: req.Limit})
	if errors.Is(err, query.ErrBadQuery) {
		return api.QueryReply{}, api.Errorf(api.CodeBadRequest, "%v", err)
	}
	if err != nil {
		return api.QueryReply{}, fmt.Errorf("query %s: %w", d.Key, err)
	}
	rows, err := s.records(d, p, res.IDs)
	if err != nil {
		return api.QueryReply{}, err
	}
	if d.Tree {
		for i := range rows {
			rows[i].Children = s.children(d, p, rows[i].ID, req.Deleted)
		}
	}
	return api.QueryReply{Rows: rows, Total: res.Total, Offset: req.Offset}, nil
}

// where builds the engine filter of a request: the user's scope, the
// deleted switch and the user's conditions.
func (s *Service) where(d *Def, p access.Principal, f api.Filter, deleted bool) (query.And, error) {
	var where query.And
	if sc := scope(d, p); sc != nil {
		where = append(where, sc)
	}
	if !deleted {
		where = append(where, query.Where(colDeleted, query.IsFalse))
	}
	if len(f.All) > 50 || len(f.Groups) > 20 {
		return nil, api.Errorf(api.CodeBadRequest, "too many conditions")
	}
	for _, c := range f.All {
		e, err := s.cond(d, p, c)
		if err != nil {
			return nil, err
		}
		where = append(where, e)
	}
	for _, g := range f.Groups {
		if len(g.Any) == 0 || len(g.Any) > 50 {
			return nil, api.Errorf(api.CodeBadRequest, "a condition group needs 1 to 50 conditions")
		}
		var or query.Or
		for _, c := range g.Any {
			e, err := s.cond(d, p, c)
			if err != nil {
				return nil, err
			}
			or = append(or, e)
		}
		where = append(where, or)
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		if len(q) > 200 {
			return nil, api.Errorf(api.CodeBadRequest, "search text too long")
		}
		var or query.Or
		for _, fd := range d.Fields {
			if fd.Type == api.FieldText {
				or = append(or, query.Where(fd.Key, query.Contains, query.StringValue(q)))
			}
		}
		if len(or) > 0 {
			where = append(where, or)
		}
	}
	return where, nil
}

// cond translates one client condition, checking the operator fits the
// field (api.OpsFor) and the operands are well formed. On a user field the
// value api.UserMe stands for p's login, resolved here, at query time.
func (s *Service) cond(d *Def, p access.Principal, c api.Condition) (query.Expr, error) {
	f := d.Field(c.Field)
	if f == nil {
		return nil, api.Errorf(api.CodeBadRequest, "no field %q", c.Field)
	}
	if !api.Applies(c.Op, f.Type) {
		return nil, api.Errorf(api.CodeBadRequest, "operator %q does not fit field %q", c.Op, c.Field)
	}
	if n := api.Arity(c.Op); n >= 0 && len(c.Values) != n || len(c.Values) > 1000 {
		return nil, api.Errorf(api.CodeBadRequest, "operator %q on %q takes %d values", c.Op, c.Field, n)
	}
	vals := make([]query.Value, len(c.Values))
	for i, raw := range c.Values {
		v, code := raw, api.Code("")
		switch f.Type {
		case api.FieldText, api.FieldUser:
			// Text operands are matched, not stored: keep them raw.
			if _, ok := raw.(string); !ok {
				code = ErrBadValue
			}
			if f.Type == api.FieldUser && raw == api.UserMe {
				v = p.Login
			}
		default:
			v, code = normalize(f, raw)
		}
		cv, ok := cell(f.Type, v)
		if code != "" || !ok || v == nil {
			return nil, api.Errorf(api.CodeBadRequest, "value %v does not fit field %q", raw, c.Field)
		}
		vals[i] = cv
	}
	var op query.Op
	switch c.Op {
	case api.OpEmpty:
		op = query.IsEmpty
	case api.OpNotEmpty:
		op = query.NotEmpty
	case api.OpIsTrue:
		op = query.IsTrue
	case api.OpIsFalse:
		op = query.IsFalse
	case api.OpIn:
		op = query.AnyOf
	case api.OpNotIn:
		op = query.NoneOf
	case api.OpBetween:
		op = query.Between
	case api.OpEquals:
		op = query.Eq
	case api.OpNotEquals:
		op = query.Ne
	case api.OpLess, api.OpBefore:
		op = query.Lt
	case api.OpLessEq:
		op = query.Le
	case api.OpGreater, api.OpAfter:
		op = query.Gt
	case api.OpGreaterEq:
		op = query.Ge
	case api.OpContains:
		op = query.Contains
	case api.OpStartsWith:
		op = query.StartsWith
	case api.OpToday, api.OpThisMonth, api.OpLast7Days:
		from, to := relativeRange(c.Op, s.now())
		if f.Type == api.FieldDate {
			return query.Where(f.Key, query.Between, query.IntValue(days(from)), query.IntValue(days(to.Add(-time.Nanosecond)))), nil
		}
		return query.Where(f.Key, query.Between, query.IntValue(from.UnixMilli()), query.IntValue(to.UnixMilli()-1)), nil
	default:
		return nil, api.Errorf(api.CodeBadRequest, "unknown operator %q", c.Op)
	}
	return query.Where(f.Key, op, vals...), nil
}

// sortKeys translates a requested order (the catalog's own when none) to
// the engine's, refusing a field that cannot be sorted; keys beyond the
// engine's limit are dropped. Enum fields sort by their labels in lang
// (api.SortOptions), not by their keys.
func sortKeys(d *Def, keys []api.SortKey, lang string) ([]query.SortKey, error) {
	if len(keys) == 0 {
		keys = d.Sort
	}
	var sort []query.SortKey
	for _, k := range keys {
		f := d.Field(k.Field)
		if f == nil || !api.Indexed(f.Type) {
			return nil, api.Errorf(api.CodeBadRequest, "cannot sort by %q", k.Field)
		}
		sk := query.SortKey{Column: k.Field, Desc: k.Desc}
		if f.Type == api.FieldEnum {
			sk.Order = make([]string, len(f.Options))
			for i, o := range api.SortOptions(f.Options, lang) {
				sk.Order[i] = o.Key
			}
		}
		sort = append(sort, sk)
	}
	return sort[:min(len(sort), query.MaxSortKeys)], nil
}

// relativeRange returns [from, to) of a relative date operator in the
// server's time zone.
func relativeRange(op string, now time.Time) (from, to time.Time) {
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	switch op {
	case api.OpThisMonth:
		from = time.Date(y, m, 1, 0, 0, 0, 0, now.Location())
		return from, from.AddDate(0, 1, 0)
	case api.OpLast7Days:
		return today.AddDate(0, 0, -6), today.AddDate(0, 0, 1)
	}
	return today, today.AddDate(0, 0, 1)
}

// days converts a local midnight to the day number dates are stored as.
func days(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// parentCond limits a tree query to the children of parent. For a user
// limited to some sync points the roots are the visible nodes whose parent
// is not visible, so their part of the tree starts at their distributors.
func (s *Service) parentCond(d *Def, p access.Principal, parent string) (query.Expr, error) {
	if parent != "" {
		return query.Where(d.ParentField, query.AnyOf, query.StringValue(parent)), nil
	}
	sc := scope(d, p)
	if sc == nil {
		return query.Where(d.ParentField, query.IsEmpty), nil
	}
	visible, err := s.table(d.Key).Query(query.Query{Where: sc, Limit: query.MaxLimit})
	if err != nil {
		return nil, err
	}
	vals := make([]query.Value, len(visible.IDs))
	for i, id := range visible.IDs {
		vals[i] = query.StringValue(id)
	}
	return query.Or{query.Where(d.ParentField, query.IsEmpty), query.Where(d.ParentField, query.NoneOf, vals...)}, nil
}

// children counts the children of a tree node that p sees.
func (s *Service) children(d *Def, p access.Principal, id string, deleted bool) int {
	where := query.And{query.Where(d.ParentField, query.AnyOf, query.StringValue(id))}
	if sc := scope(d, p); sc != nil {
		where = append(where, sc)
	}
	if !deleted {
		where = append(where, query.Where(colDeleted, query.IsFalse))
	}
	res, err := s.table(d.Key).Query(query.Query{Where: where})
	if err != nil {
		return 0
	}
	return res.Total
}

// records loads ids in order and converts them for p.
func (s *Service) records(d *Def, p access.Principal, ids []string) ([]api.Record, error) {
	out := make([]api.Record, 0, len(ids))
	err := s.db.View(func(tx *store.Tx) error {
		for _, id := range ids {
			r, err := getRecord(tx, d.Key, id)
			if err != nil {
				return err
			}
			if r == nil {
				continue // purged between the query and this read
			}
			out = append(out, s.toAPI(tx, d, r))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read %s rows: %w", d.Key, err)
	}
	return out, nil
}

// toAPI converts a record for the wire, with the names of what it refers to.
func (s *Service) toAPI(tx *store.Tx, d *Def, r *Record) api.Record {
	out := api.Record{
		Catalog: d.Key, ID: r.ID, Version: r.Version, Values: make(map[string]any, len(r.Values)+2),
		CreatedBy: r.CreatedBy, CreatedAt: stamp(r.CreatedAt), ChangedBy: r.ChangedBy, ChangedAt: stamp(r.ChangedAt),
	}
	// A copy: the system fields must not leak into the stored values.
	maps.Copy(out.Values, r.Values)
	maskSecrets(d, out.Values)
	for _, k := range []string{api.FieldChangedBy, api.FieldChangedAt} {
		if v := r.value(k); v != nil {
			out.Values[k] = v
		}
	}
	if r.Deleted != nil {
		out.Deleted, out.DeletedBy, out.DeletedAt = true, r.Deleted.By, stamp(r.Deleted.At)
	}
	label := func(catalog, id string) string { return s.titleIn(tx, catalog, id) }
	for _, f := range d.Fields {
		switch f.Type {
		case api.FieldRef:
			if id := r.Str(f.Key); id != "" {
				if out.Labels == nil {
					out.Labels = map[string]string{}
				}
				out.Labels[f.Key] = label(f.Ref, id)
			}
		case api.FieldList:
			rows, _ := r.Values[f.Key].([]any)
			for i, row := range rows {
				m, _ := row.(map[string]any)
				for _, c := range f.Columns {
					if id, _ := m[c.Key].(string); c.Type == api.FieldRef && id != "" {
						if out.Labels == nil {
							out.Labels = map[string]string{}
						}
						out.Labels[fmt.Sprintf("%s.%d.%s", f.Key, i, c.Key)] = label(c.Ref, id)
					}
				}
			}
		}
	}
	return out
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// Get returns one record p may see.
func (s *Service) Get(p access.Principal, catalog, id string) (api.Record, error) {
	d, err := s.def(p, catalog, access.Read)
	if err != nil {
		return api.Record{}, err
	}
	var out api.Record
	found := false
	err = s.db.View(func(tx *store.Tx) error {
		r, err := getRecord(tx, d.Key, id)
		if err != nil || r == nil || !sees(d, p, r) {
			return err
		}
		found = true
		out = s.toAPI(tx, d, r)
		if d.Tree {
			out.Children = s.children(d, p, id, false)
		}
		return nil
	})
	if err != nil {
		return api.Record{}, fmt.Errorf("get %s/%s: %w", catalog, id, err)
	}
	if !found {
		return api.Record{}, api.Errorf(api.CodeNotFound, "no record %s in %s", id, catalog)
	}
	return out, nil
}

// Lookup lists live records of a catalog whose title or code contains the
// search text, for a reference picker; with Field set, the distinct values
// of that field instead.
func (s *Service) Lookup(p access.Principal, req api.LookupRequest) (api.LookupReply, error) {
	d, err := s.def(p, req.Catalog, access.Read)
	if err != nil {
		return api.LookupReply{}, err
	}
	limit := req.Limit
	if limit <= 0 || limit > 50 {
		limit = 50
	}
	base, err := s.where(d, p, api.Filter{}, false)
	if err != nil {
		return api.LookupReply{}, err
	}
	t := s.table(d.Key)
	if req.Field != "" {
		f := d.Field(req.Field)
		if f == nil || f.Type != api.FieldText && f.Type != api.FieldUser {
			return api.LookupReply{}, api.Errorf(api.CodeBadRequest, "no distinct values for %q", req.Field)
		}
		vals, err := t.Distinct(base, f.Key, req.Search, limit)
		if err != nil {
			return api.LookupReply{}, api.Errorf(api.CodeBadRequest, "%v", err)
		}
		out := api.LookupReply{Choices: make([]api.Choice, len(vals))}
		for i, v := range vals {
			out.Choices[i] = api.Choice{ID: v, Label: v}
		}
		return out, nil
	}
	where := base
	if q := strings.TrimSpace(req.Search); q != "" {
		or := query.Or{query.Where(d.TitleField, query.Contains, query.StringValue(q))}
		if d.CodeField != "" {
			or = append(or, query.Where(d.CodeField, query.StartsWith, query.StringValue(q)))
		}
		where = append(where, or)
	}
	res, err := t.Query(query.Query{Where: where, Sort: []query.SortKey{{Column: d.TitleField}}, Limit: limit})
	if err != nil {
		return api.LookupReply{}, fmt.Errorf("lookup %s: %w", d.Key, err)
	}
	out := api.LookupReply{Choices: []api.Choice{}}
	err = s.db.View(func(tx *store.Tx) error {
		for _, id := range res.IDs {
			r, err := getRecord(tx, d.Key, id)
			if err != nil || r == nil {
				continue
			}
			c := api.Choice{ID: id, Label: r.Str(d.TitleField)}
			if d.CodeField != "" {
				c.Code = r.Str(d.CodeField)
			}
			out.Choices = append(out.Choices, c)
		}
		return nil
	})
	return out, err
}
