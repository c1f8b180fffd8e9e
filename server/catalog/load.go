package catalog

import (
	"fmt"

	"webtool/server/api"

	"webtool/server/query"
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
// written. Records
// are written in batches, each batch with one audit record, and then
// indexed. It returns the new ids in order.
func (s *Service) Load(catalog string, rows []map[string]any, actor string) ([]string, error) {
	d := s.defs[catalog]
	if d == nil {
		return nil, fmt.Errorf("load: no catalog %q", catalog)
	}
	now := s.now()
	recs := make([]*Record, len(rows))
	for i, row := range rows {
		r := &Record{Values: map[string]any{}, Version: 1, CreatedBy: actor, CreatedAt: now, ChangedBy: actor, ChangedAt: now}
		for k, raw := range row {
			f := d.Field(k)
			if f == nil {
				return nil, fmt.Errorf("load %s row %d: no field %q", catalog, i+1, k)
			}
			if f.Type == api.FieldPin {
				// A loaded PIN would skip sealing and the index.
				return nil, fmt.Errorf("load %s row %d: PIN field %q is set only by saving a generated PIN", catalog, i+1, k)
			}
			v, code := normalize(f, raw)
			if code != "" {
				return nil, fmt.Errorf("load %s row %d: field %s: %s (%v)", catalog, i+1, k, code, raw)
			}
			if v != nil {
				r.Values[k] = v
			}
		}
		// No principal: the rules of a trusted load see every record.
		c := &Check{New: r, Def: d, Now: now, svc: s, errs: map[string]api.Code{}}
		for _, rule := range d.Rules {
			rule(c)
		}
		for k, code := range c.errs {
			return nil, fmt.Errorf("load %s row %d: field %s: %s", catalog, i+1, k, code)
		}
		recs[i] = r
	}
	s.write.Lock()
	defer s.write.Unlock()
	ids := make([]string, len(recs))
	for start := 0; start < len(recs); start += loadBatch {
		batch := recs[start:min(start+loadBatch, len(recs))]
		err := s.db.Update(func(tx *store.Tx) error {
			for _, r := range batch {
				if err := d.assignID(tx, r); err != nil {
					return err
				}
				if err := putRecord(tx, d.Key, r); err != nil {
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
		// far cheaper. Writers are held off by s.write, readers keep the
		// old table until the new one is swapped in.
		t, err := s.load1(d)
		if err != nil {
			return nil, err
		}
		s.tables[d.Key].Store(t)
	} else {
		t := s.table(d.Key)
		for _, r := range recs {
			if err := t.Upsert(r.ID, d.row(r)); err != nil {
				return nil, fmt.Errorf("index %s/%s: %w", d.Key, r.ID, err)
			}
		}
	}
	if len(recs) > 0 {
		s.publish(Change{Catalog: d.Key, IDs: ids[:min(len(ids), 100)], Scopes: scopesOf(d, recs), By: actor})
	}
	return ids, nil
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

// Count returns the number of live and deleted records of a catalog.
func (s *Service) Count(catalog string) int {
	if t := s.table(catalog); t != nil {
		return t.Len()
	}
	return 0
}

// IDs returns the ids of a catalog's live records in id order.
func (s *Service) IDs(catalog string) ([]string, error) {
	t := s.table(catalog)
	if t == nil {
		return nil, fmt.Errorf("no catalog %q", catalog)
	}
	var out []string
	for off := 0; ; off += query.MaxLimit {
		res, err := t.Query(query.Query{Where: query.Where(colDeleted, query.IsFalse), Offset: off, Limit: query.MaxLimit})
		if err != nil {
			return nil, err
		}
		out = append(out, res.IDs...)
		if len(res.IDs) < query.MaxLimit {
			return out, nil
		}
	}
}
