package catalog

import (
	"fmt"
	"reflect"
	"time"

	"webtool/server/query"
	"webtool/server/store"
)

// Derived values are kept by the server, never typed: a catalog's own
// (Def.Derive: an org node's current employee) and lookup fields
// (api.Field.Lookup: an MM user's employee is its position's employee).
//
// They are written three ways. A save or load computes the record's own
// (derive). A save, delete or restore that changes a value some lookup
// copies writes the new value into every live record that copies it, in
// the same transaction (follow). And refreshDerived recomputes them all
// where they differ: at Open (a store written before a lookup was
// declared, demo data of an older version) and with the hourly purge
// (a current employee follows the calendar).
//
// The copies follow and refreshDerived write are derived data, not
// anyone's edit of those records: they keep their version, their "changed
// by" and "changed at", and get no audit record of their own (the edit of
// the record they copy from has one). A new version would make every card
// open on them stale, and their next save a conflict, for a change nobody
// made to them. They are still written records: the query image and the
// change pushes follow them like any write.

// maxLookupDepth bounds a chain of lookups of lookups that follow walks.
const maxLookupDepth = 4

// derive sets c.New's derived values: the catalog's own (Def.Derive) and
// its lookup fields, copied from the records they look through as they
// are, whoever may see them (a copy is the same for every reader). A
// lookup whose reference failed its check is left alone: nothing is saved.
func (c *Check) derive() error {
	if c.Def.Derive != nil {
		c.Def.Derive(c.New, c.Now)
	}
	for _, f := range c.Def.lookups {
		if c.Failed(f.Lookup.Via) {
			continue
		}
		v, err := c.recs.lookupValue(c.tx, c.Def, f.Key, c.New)
		if err != nil {
			return fmt.Errorf("lookup %s.%s: %w", c.Def.Key, f.Key, err)
		}
		setValue(c.New, f.Key, v)
	}
	return nil
}

// lookupValue is what lookup field key of record r of d holds: the field
// it copies of the record its Via field points to (nil if none).
func (rs records) lookupValue(tx *store.Tx, d *Def, key string, r *Record) (any, error) {
	lk := d.Field(key).Lookup
	via := d.Field(lk.Via)
	id := r.Str(via.Key)
	if id == "" {
		return nil, nil
	}
	src, err := rs.get(tx, via.Ref, id)
	if err != nil || src == nil {
		return nil, err
	}
	return src.Values[lk.Field], nil
}

// setValue sets r's value of key to v (nil: none) and reports whether
// that changed it.
func setValue(r *Record, key string, v any) bool {
	if reflect.DeepEqual(r.Values[key], v) {
		return false
	}
	if v == nil {
		delete(r.Values, key)
	} else {
		r.Values[key] = v
	}
	return true
}

// follow writes, in tx, the values the records of ws now have into the
// live records whose lookup fields copy them, and those records' in
// theirs, and returns what it wrote. Only a value that changed is
// followed; the records that copy it are found through the query image,
// which holds every committed reference to the records ws wrote.
func (w *writer) follow(tx *store.Tx, ws []written) ([]written, error) {
	var out []written
	queue := ws
	for depth := 0; len(queue) > 0; depth++ {
		if depth == maxLookupDepth {
			return nil, fmt.Errorf("lookups of lookups deeper than %d from %s", maxLookupDepth, ws[0].d.Key)
		}
		var next []written
		for _, x := range queue {
			for _, lf := range w.reg.lookupsOf[x.d.Key] {
				lk := lf.f.Lookup
				v := x.rec.Values[lk.Field]
				if x.old != nil && reflect.DeepEqual(x.old.Values[lk.Field], v) {
					continue
				}
				where := query.And{query.Where(lk.Via, query.AnyOf, query.StringValue(x.rec.ID)), query.Where(colDeleted, query.IsFalse)}
				for _, id := range w.img.all(lf.d.Key, where) {
					old, err := w.recs.get(tx, lf.d.Key, id)
					if err != nil || old == nil {
						return nil, fmt.Errorf("follow %s.%s: %s/%s is in the image, not in the store: %w", lf.d.Key, lf.f.Key, lf.d.Key, id, err)
					}
					if old.Str(lk.Via) != x.rec.ID {
						continue // it points elsewhere since, in this transaction
					}
					rec := old.clone()
					if !setValue(rec, lf.f.Key, v) {
						continue
					}
					if err := w.recs.put(tx, lf.d.Key, rec); err != nil {
						return nil, err
					}
					next = append(next, written{lf.d, rec, old})
				}
			}
		}
		out = append(out, next...)
		queue = next
	}
	return out, nil
}

// refreshDerived recomputes every record's derived values (Def.Derive,
// then lookup fields, a few passes so that a lookup of a derived value
// or of another lookup settles) in the catalogs that have them, and
// writes in one transaction those that differ; it returns them. It reads
// first, so a store already in step is not written at all. Only
// catalogs with derived values are read: small ones (the org structure,
// MM users, routes), never the million outlets.
func refreshDerived(db store.Store, recs records, reg *registry, now time.Time) ([]written, error) {
	var todo []*Def
	for _, d := range reg.order {
		if d.Derive != nil || len(d.lookups) > 0 {
			todo = append(todo, d)
		}
	}
	if len(todo) == 0 {
		return nil, nil
	}
	stale := false
	refresh := func(tx *store.Tx, write bool) ([]written, error) {
		var out []written
		for pass := 0; pass < maxLookupDepth; pass++ {
			n := len(out)
			for _, d := range todo {
				err := recs.each(tx, d.Key, func(old *Record) error {
					rec := old.clone()
					if d.Derive != nil {
						d.Derive(rec, now)
					}
					for _, f := range d.lookups {
						v, err := recs.lookupValue(tx, d, f.Key, rec)
						if err != nil {
							return err
						}
						setValue(rec, f.Key, v)
					}
					if reflect.DeepEqual(old.Values, rec.Values) {
						return nil
					}
					stale = true
					out = append(out, written{d, rec, old})
					return nil
				})
				if err != nil {
					return nil, err
				}
			}
			// Writing inside ForEach would move its cursor: the pass
			// writes when it has read its catalogs.
			if !write || len(out) == n {
				break
			}
			for _, x := range out[n:] {
				if err := recs.put(tx, x.d.Key, x.rec); err != nil {
					return nil, err
				}
			}
		}
		return out, nil
	}
	if err := db.View(func(tx *store.Tx) error { _, err := refresh(tx, false); return err }); err != nil || !stale {
		return nil, wrapRefresh(err)
	}
	var out []written
	err := db.Update(func(tx *store.Tx) (err error) { out, err = refresh(tx, true); return err })
	return out, wrapRefresh(err)
}

func wrapRefresh(err error) error {
	if err != nil {
		return fmt.Errorf("refresh derived values: %w", err)
	}
	return nil
}

// refresh brings derived values in step with the calendar and the
// records they copy (refreshDerived) on a running service: the image
// and the change pushes follow what it wrote.
func (w *writer) refresh() error {
	ws, err := refreshDerived(w.db, w.recs, w.reg, w.now())
	if err != nil {
		return err
	}
	w.changed("system", "", ws...)
	return nil
}
