package catalog

import (
	"fmt"
	"sync/atomic"

	"webtool/server/query"
	"webtool/server/store"
)

// images hold the in-memory query image of every catalog: built from the
// store at start, brought in step by the writer after each commit. Reads
// go through table(), since a bulk load swaps in a rebuilt table.
type images struct {
	db     store.Store
	recs   records
	tables map[string]*atomic.Pointer[query.Table]
}

// openImages builds the image of every catalog in reg.
func openImages(db store.Store, recs records, reg *registry) (*images, error) {
	im := &images{db: db, recs: recs, tables: map[string]*atomic.Pointer[query.Table]{}}
	for _, d := range reg.order {
		t, err := im.build(d)
		if err != nil {
			return nil, err
		}
		im.tables[d.Key] = &atomic.Pointer[query.Table]{}
		im.tables[d.Key].Store(t)
	}
	return im, nil
}

// table returns the current image of a catalog (nil if none).
func (im *images) table(catalog string) *query.Table {
	if p := im.tables[catalog]; p != nil {
		return p.Load()
	}
	return nil
}

// upsert puts a committed record into its catalog's image.
func (im *images) upsert(d *Def, r *Record) {
	if err := im.table(d.Key).Upsert(r.ID, d.row(r)); err != nil {
		// The row was built from d itself; a mismatch is a programming error.
		panic(fmt.Sprintf("index %s/%s: %v", d.Key, r.ID, err))
	}
}

// rebuild replaces a catalog's image by one built from the store.
func (im *images) rebuild(d *Def) error {
	t, err := im.build(d)
	if err != nil {
		return err
	}
	im.tables[d.Key].Store(t)
	return nil
}

// live returns the ids of live records of catalog matching where, whoever
// may see them.
func (im *images) live(catalog string, where query.Expr, limit int) []string {
	t := im.table(catalog)
	if t == nil {
		return nil
	}
	res, err := t.Query(query.Query{Where: query.And{where, query.Where(colDeleted, query.IsFalse)}, Limit: limit})
	if err != nil {
		return nil
	}
	return res.IDs
}

// all returns the ids of every record of catalog matching where, deleted
// or not, whoever may see them, in id order.
func (im *images) all(catalog string, where query.Expr) []string {
	t := im.table(catalog)
	var out []string
	for off := 0; t != nil; off += query.MaxLimit {
		res, err := t.Query(query.Query{Where: where, Offset: off, Limit: query.MaxLimit})
		if err != nil {
			// where is built here from the catalog's own columns.
			panic(fmt.Sprintf("query %s: %v", catalog, err))
		}
		out = append(out, res.IDs...)
		if len(res.IDs) < query.MaxLimit {
			break
		}
	}
	return out
}

// build reads every record of a catalog into a new table, in one read
// transaction. Reading and decoding run on this goroutine while another
// feeds the table, so start-up uses both cores: with a million outlets
// that is most of the 10 s budget.
func (im *images) build(d *Def) (*query.Table, error) {
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
	err := im.db.View(func(tx *store.Tx) error {
		return im.recs.each(tx, d.Key, func(r *Record) error {
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
