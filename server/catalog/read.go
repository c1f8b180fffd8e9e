package catalog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
	"webtool/server/store"
)

// reader answers queries over the catalogs for a principal: windows of
// rows, single records, lookups, totals, histories. The filter, sort and
// count run on the query image; the values shown come from the store, in
// one read transaction per call.
type reader struct {
	db   store.Store
	reg  *registry
	recs records
	img  *images
	now  func() time.Time
	// history renders the details of audit actions other services write
	// about records (see RenderHistory).
	history map[string]func(store.AuditRecord) string
}

// Query answers a window of a catalog's rows for p: only rows p may see are
// filtered, counted and returned.
func (rd *reader) Query(ctx context.Context, p access.Principal, req api.QueryRequest) (api.QueryReply, error) {
	d, err := rd.reg.def(p, req.Catalog, access.Read)
	if err != nil {
		return api.QueryReply{}, err
	}
	if req.Limit < 0 || req.Limit > api.MaxWindow || req.Offset < 0 {
		return api.QueryReply{}, api.Errorf(api.CodeBadRequest, "window offset %d limit %d outside 0..%d", req.Offset, req.Limit, api.MaxWindow)
	}
	where, err := rd.where(d, p, req.Of, req.Filter, req.Deleted)
	if err != nil {
		return api.QueryReply{}, err
	}
	if req.Parent != nil && d.Tree {
		parent, err := rd.parentCond(d, p, *req.Parent)
		if err != nil {
			return api.QueryReply{}, err
		}
		where = append(where, parent)
	}
	sort, err := sortKeys(d, req.Sort, req.Lang)
	if err != nil {
		return api.QueryReply{}, err
	}
	res, err := rd.img.table(d.Key).QueryContext(ctx, query.Query{Where: where, Sort: sort, Offset: req.Offset, Limit: req.Limit})
	if errors.Is(err, query.ErrBadQuery) {
		return api.QueryReply{}, api.Errorf(api.CodeBadRequest, "%v", err)
	}
	if err != nil {
		return api.QueryReply{}, fmt.Errorf("query %s: %w", d.Key, err)
	}
	rows, err := rd.records(d, p, res.IDs, req.Lang)
	if err != nil {
		return api.QueryReply{}, err
	}
	if d.Tree {
		for i := range rows {
			rows[i].Children = rd.children(d, p, rows[i].ID, req.Deleted)
		}
	}
	return api.QueryReply{Rows: rows, Total: res.Total, Offset: req.Offset}, nil
}

// where builds the engine filter of a request: the user's scope, the
// parent of a request through a parent's tab (of, "" for none), the
// deleted switch and the user's conditions.
func (rd *reader) where(d *Def, p access.Principal, of string, f api.Filter, deleted bool) (query.And, error) {
	var where query.And
	if sc := scope(d, p); sc != nil {
		where = append(where, sc)
	}
	if of != "" {
		if err := rd.db.View(func(tx *store.Tx) error { return rd.recs.underParent(tx, d, p, of) }); err != nil {
			return nil, err
		}
		where = append(where, query.Where(d.Parent.Field, query.AnyOf, query.StringValue(of)))
	}
	if !deleted {
		where = append(where, query.Where(colDeleted, query.IsFalse))
	}
	if len(f.All) > 50 || len(f.Groups) > 20 {
		return nil, api.Errorf(api.CodeBadRequest, "too many conditions")
	}
	for _, c := range f.All {
		e, err := rd.cond(d, p, c)
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
			e, err := rd.cond(d, p, c)
			if err != nil {
				return nil, err
			}
			or = append(or, e)
		}
		where = append(where, or)
	}
	if len(strings.TrimSpace(f.Search)) > maxSearch {
		return nil, api.Errorf(api.CodeBadRequest, "search text too long")
	}
	return append(where, rd.gridSearch(d, p, searchWords(f.Search))...), nil
}

// cond translates one client condition, checking the operator fits the
// field (api.OpsFor) and the operands are well formed. On a user field the
// value api.UserMe stands for p's login, resolved here, at query time.
func (rd *reader) cond(d *Def, p access.Principal, c api.Condition) (query.Expr, error) {
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
				code = api.FieldBadValue
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
	if from, to, ok := relativeRange(c.Op, rd.now()); ok {
		if f.Type == api.FieldDate {
			return query.Where(f.Key, query.Between, query.IntValue(days(from)), query.IntValue(days(to.Add(-time.Nanosecond)))), nil
		}
		return query.Where(f.Key, query.Between, query.IntValue(from.UnixMilli()), query.IntValue(to.UnixMilli()-1)), nil
	}
	op, ok := engineOps[c.Op]
	if !ok {
		return nil, api.Errorf(api.CodeBadRequest, "unknown operator %q", c.Op)
	}
	return query.Where(f.Key, op, vals...), nil
}

// engineOps translate the client's operators (but the relative dates) to
// the engine's.
var engineOps = map[string]query.Op{
	api.OpEmpty: query.IsEmpty, api.OpNotEmpty: query.NotEmpty, api.OpIsTrue: query.IsTrue, api.OpIsFalse: query.IsFalse,
	api.OpIn: query.AnyOf, api.OpNotIn: query.NoneOf, api.OpBetween: query.Between,
	api.OpEquals: query.Eq, api.OpNotEquals: query.Ne,
	api.OpLess: query.Lt, api.OpBefore: query.Lt, api.OpLessEq: query.Le,
	api.OpGreater: query.Gt, api.OpAfter: query.Gt, api.OpGreaterEq: query.Ge,
	api.OpContains: query.Contains, api.OpStartsWith: query.StartsWith,
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
// server's time zone; ok is false for any other operator.
func relativeRange(op string, now time.Time) (from, to time.Time, ok bool) {
	y, m, d := now.Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, now.Location())
	switch op {
	case api.OpToday:
		return today, today.AddDate(0, 0, 1), true
	case api.OpThisMonth:
		from = time.Date(y, m, 1, 0, 0, 0, 0, now.Location())
		return from, from.AddDate(0, 1, 0), true
	case api.OpLast7Days:
		return today.AddDate(0, 0, -6), today.AddDate(0, 0, 1), true
	}
	return time.Time{}, time.Time{}, false
}

// days converts a local midnight to the day number dates are stored as.
func days(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// parentCond limits a tree query to the children of parent. For a user
// limited to some sync points the roots are the visible nodes whose parent
// is not visible, so their part of the tree starts at their distributors.
func (rd *reader) parentCond(d *Def, p access.Principal, parent string) (query.Expr, error) {
	if parent != "" {
		return query.Where(d.ParentField, query.AnyOf, query.StringValue(parent)), nil
	}
	sc := scope(d, p)
	if sc == nil {
		return query.Where(d.ParentField, query.IsEmpty), nil
	}
	visible, err := rd.img.table(d.Key).Query(query.Query{Where: sc, Limit: query.MaxLimit})
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
func (rd *reader) children(d *Def, p access.Principal, id string, deleted bool) int {
	where := query.And{query.Where(d.ParentField, query.AnyOf, query.StringValue(id))}
	if sc := scope(d, p); sc != nil {
		where = append(where, sc)
	}
	if !deleted {
		where = append(where, query.Where(colDeleted, query.IsFalse))
	}
	res, err := rd.img.table(d.Key).Query(query.Query{Where: where})
	if err != nil {
		return 0
	}
	return res.Total
}

// records loads ids in order and converts them for p reading lang.
func (rd *reader) records(d *Def, p access.Principal, ids []string, lang string) ([]api.Record, error) {
	out := make([]api.Record, 0, len(ids))
	err := rd.db.View(func(tx *store.Tx) error {
		names := rd.recs.names(tx, &p, lang)
		for _, id := range ids {
			r, err := rd.recs.get(tx, d.Key, id)
			if err != nil {
				return err
			}
			if r == nil {
				continue // purged between the query and this read
			}
			out = append(out, names.record(d, r))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read %s rows: %w", d.Key, err)
	}
	return out, nil
}

// Get returns one record p may see.
func (rd *reader) Get(p access.Principal, catalog, id string) (api.Record, error) {
	d, err := rd.reg.def(p, catalog, access.Read)
	if err != nil {
		return api.Record{}, err
	}
	var out api.Record
	err = rd.db.View(func(tx *store.Tx) error {
		r, err := rd.recs.visible(tx, d, &p, id)
		if err != nil {
			return err
		}
		out = rd.recs.toAPI(tx, d, r, &p, "")
		if d.Tree {
			out.Children = rd.children(d, p, id, false)
		}
		return nil
	})
	if err != nil {
		return api.Record{}, fmt.Errorf("get %s/%s: %w", catalog, id, err)
	}
	return out, nil
}

// Count returns the number of live and deleted records of a catalog.
func (rd *reader) Count(catalog string) int {
	if t := rd.img.table(catalog); t != nil {
		return t.Len()
	}
	return 0
}

// IDs returns the ids of a catalog's live records in id order.
func (rd *reader) IDs(catalog string) ([]string, error) {
	if rd.img.table(catalog) == nil {
		return nil, fmt.Errorf("no catalog %q", catalog)
	}
	return rd.img.all(catalog, query.Where(colDeleted, query.IsFalse)), nil
}
