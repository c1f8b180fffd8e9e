package catalog

import (
	"bytes"
	"fmt"
	"time"

	"webtool/server/store"
)

// listMove turns the rows of a list field, as an older webtool kept them
// inside the records of a parent catalog, into records of a child catalog
// (Def.Parent) of it.
type listMove struct {
	parent, list, child string
}

// conversions bring what an older webtool stored to the shape of today's
// catalogs. Each is idempotent: it runs at every start and, once done,
// finds nothing to do. Append; a shipped conversion has already run on
// someone's data.
var conversions = []listMove{
	// Warehouse bindings (document type + org-structure object) were the
	// warehouse's list field "bindings".
	{parent: "warehouses", list: "bindings", child: "warehouse_bindings"},
}

// convert runs the conversions that have something to do, all in one
// transaction, so a failure leaves the file as it was. It looks first in
// a read transaction: a store with nothing to convert (every start but
// the first after an upgrade, or a read-only check) is not written.
func convert(db store.Store, recs records, reg *registry, now time.Time) error {
	var todo []listMove
	err := db.View(func(tx *store.Tx) error {
		for _, m := range conversions {
			if reg.defs[m.parent] == nil || reg.defs[m.child] == nil {
				continue
			}
			parents, err := m.parents(tx, recs)
			if err != nil {
				return err
			}
			if len(parents) > 0 {
				todo = append(todo, m)
			}
		}
		return nil
	})
	if err != nil || len(todo) == 0 {
		return err
	}
	return db.Update(func(tx *store.Tx) error {
		for _, m := range todo {
			if err := m.run(tx, recs, reg, now); err != nil {
				return fmt.Errorf("move %s.%s to %s: %w", m.parent, m.list, m.child, err)
			}
		}
		return nil
	})
}

// parents are the records of the parent catalog that still hold the list.
func (m listMove) parents(tx *store.Tx, recs records) ([]*Record, error) {
	var out []*Record
	err := tx.ForEach(bucket(m.parent), func(k string, raw []byte) error {
		if !bytes.Contains(raw, []byte(m.list)) {
			return nil // most records, once converted: not decoded
		}
		r, err := decodeRecord(raw)
		if err != nil {
			return fmt.Errorf("decode %s/%s: %w", m.parent, k, err)
		}
		if r.Values[m.list] != nil {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// run makes a child record of each row (rows repeated in one parent once),
// with the parent's row scope, its time and author of the last change,
// and, in a deleted parent, deleted with it; then drops the list from the
// parent, whose version stays: the record did not change for its users.
func (m listMove) run(tx *store.Tx, recs records, reg *registry, now time.Time) error {
	pd, cd := reg.defs[m.parent], reg.defs[m.child]
	parents, err := m.parents(tx, recs)
	if err != nil {
		return err
	}
	n := 0
	for _, pr := range parents {
		rows, _ := pr.Values[m.list].([]any)
		seen := map[string]bool{}
		for _, row := range rows {
			vals, _ := row.(map[string]any)
			rec := &Record{Values: map[string]any{}, Version: 1,
				CreatedBy: pr.ChangedBy, CreatedAt: pr.ChangedAt, ChangedBy: pr.ChangedBy, ChangedAt: pr.ChangedAt}
			for k, v := range vals {
				if cd.Field(k) != nil {
					rec.Values[k] = v
				}
			}
			rec.Values[cd.Parent.Field] = pr.ID
			if cd.ScopeField != "" {
				cd.setScope(rec, pd.scopeOf(pr))
			}
			if key := fmt.Sprint(rec.Values); !seen[key] {
				seen[key] = true
			} else {
				continue
			}
			if pr.Deleted != nil {
				rec.Deleted = &Deletion{By: pr.Deleted.By, At: pr.Deleted.At, With: m.parent + "/" + pr.ID}
			}
			if err := cd.assignID(tx, rec); err != nil {
				return err
			}
			if err := recs.put(tx, cd.Key, rec); err != nil {
				return err
			}
			n++
		}
		delete(pr.Values, m.list)
		if err := recs.put(tx, pd.Key, pr); err != nil {
			return err
		}
	}
	return tx.Audit(store.AuditRecord{At: now, Actor: "system", Action: "catalog.convert", Target: cd.Key, Result: "ok",
		Detail: fmt.Sprintf("%d rows of %s.%s in %d records became %s records", n, m.parent, m.list, len(parents), cd.Key)})
}
