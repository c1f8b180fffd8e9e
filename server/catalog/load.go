package catalog

import (
	"fmt"
	"time"

	"webtool/server/api"
	"webtool/server/store"
)

// loadBatch is how many records one loader transaction writes: large
// enough to amortize the commit, small enough to keep the transaction's
// memory modest.
const loadBatch = 5000

// bulkRebuild is the load size above which the query image is rebuilt
// rather than updated row by row.
const bulkRebuild = 20_000

// Load stores new records from a trusted source (demo data, loaders),
// without rights, scopes or reference checks: each value is still
// normalized against its field and the catalog's rules still run (an EAN
// must still add up), and a bad row stops the load before anything is
// written. The rows are checked in one read transaction and written in
// batches of loadBatch, each batch with one audit record, so that a big
// load never holds the store's one writer for long; then they are
// indexed. It returns the new ids in order.
func (w *writer) Load(catalog string, rows []map[string]any, actor string) ([]string, error) {
	d := w.reg.defs[catalog]
	if d == nil {
		return nil, fmt.Errorf("load: no catalog %q", catalog)
	}
	now := w.now()
	recs := make([]*Record, len(rows))
	err := w.db.View(func(tx *store.Tx) error {
		for i, row := range rows {
			r, err := w.loaded(tx, d, i, row, actor, now)
			if err != nil {
				return err
			}
			recs[i] = r
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	ids := make([]string, len(recs))
	for start := 0; start < len(recs); start += loadBatch {
		batch := recs[start:min(start+loadBatch, len(recs))]
		err := w.db.Update(func(tx *store.Tx) error {
			for _, r := range batch {
				if err := d.assignID(tx, r); err != nil {
					return err
				}
				if err := w.recs.put(tx, d.Key, r); err != nil {
					return err
				}
			}
			return tx.Audit(store.AuditRecord{At: now, Actor: actor, Action: "record.load", Target: d.Key,
				Result: "ok", Detail: fmt.Sprintf("%d records from %s to %s", len(batch), batch[0].ID, batch[len(batch)-1].ID)})
		})
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", catalog, err)
		}
	}
	for i, r := range recs {
		ids[i] = r.ID
	}
	if len(recs) > bulkRebuild {
		// Inserting into a built table shifts its sort permutations at
		// every row; for a big load rebuilding the table from the store is
		// far cheaper. Writers are held off by w.mu, readers keep the old
		// table until the new one is swapped in.
		if err := w.img.rebuild(d); err != nil {
			return nil, err
		}
	} else {
		for _, r := range recs {
			w.img.upsert(d, r)
		}
	}
	if len(recs) > 0 {
		w.feed.publish(Change{Catalog: d.Key, IDs: ids[:min(len(ids), 100)], Scopes: scopesOf(d, recs), By: actor})
	}
	return ids, nil
}

// loaded is row i of a load as a new record, normalized and checked by the
// catalog's rules inside tx.
func (w *writer) loaded(tx *store.Tx, d *Def, i int, row map[string]any, actor string, now time.Time) (*Record, error) {
	r := &Record{Values: map[string]any{}, Version: 1, CreatedBy: actor, CreatedAt: now, ChangedBy: actor, ChangedAt: now}
	for k, raw := range row {
		f := d.Field(k)
		if f == nil {
			return nil, fmt.Errorf("load %s row %d: no field %q", d.Key, i+1, k)
		}
		if f.Type == api.FieldPin {
			// A loaded PIN would skip sealing and the index.
			return nil, fmt.Errorf("load %s row %d: PIN field %q is set only by saving a generated PIN", d.Key, i+1, k)
		}
		v, code := normalize(f, raw)
		if code != "" {
			return nil, fmt.Errorf("load %s row %d: field %s: %s (%v)", d.Key, i+1, k, code, raw)
		}
		if v != nil {
			r.Values[k] = v
		}
	}
	// No principal: the rules of a trusted load see every record.
	c := &Check{New: r, Def: d, Now: now, tx: tx, recs: w.recs, img: w.img, errs: map[string]api.Code{}}
	c.inheritScope()
	if err := c.derive(); err != nil {
		return nil, fmt.Errorf("load %s row %d: %w", d.Key, i+1, err)
	}
	for _, rule := range d.Rules {
		rule(c)
	}
	// A load keeps to the fields' limits as a save does.
	c.checkLimits()
	for k, code := range c.errs {
		return nil, fmt.Errorf("load %s row %d: field %s: %s", d.Key, i+1, k, code)
	}
	return r, nil
}

func scopesOf(d *Def, recs []*Record) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range recs {
		if sp := d.scopeOf(r); !seen[sp] {
			seen[sp] = true
			out = append(out, sp)
		}
	}
	return out
}

// Purge removes records deleted more than RetainDeleted ago, for good: one
// transaction per catalog, so that other writers get in between catalogs.
func (w *writer) Purge() (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	cutoff := now.Add(-RetainDeleted)
	n := 0
	for _, d := range w.reg.order {
		var gone []string
		err := w.db.Update(func(tx *store.Tx) error {
			gone = gone[:0]
			var secrets []*Record // purged records that hold a PIN
			err := w.recs.each(tx, d.Key, func(r *Record) error {
				if r.Deleted != nil && r.Deleted.At.Before(cutoff) {
					gone = append(gone, r.ID)
					if hasSecret(d, r) {
						secrets = append(secrets, r)
					}
				}
				return nil
			})
			if err != nil {
				return err
			}
			// A purged record's PIN may be issued again.
			for _, r := range secrets {
				if err := w.forgetSecrets(tx, d, r); err != nil {
					return err
				}
			}
			for _, id := range gone {
				if err := tx.Delete(bucket(d.Key), id); err != nil {
					return err
				}
				if err := tx.Audit(store.AuditRecord{At: now, Actor: "system", Action: "record.purge", Target: d.Key + "/" + id, Result: "ok"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("purge %s: %w", d.Key, err)
		}
		for _, id := range gone {
			w.img.table(d.Key).Delete(id)
		}
		n += len(gone)
	}
	// The hourly housekeeping also brings derived values in step with the
	// calendar (an org node's current employee, see refreshDerived).
	if err := w.refresh(); err != nil {
		return n, err
	}
	return n, nil
}
