// Package catalog keeps WebTool's reference catalogs: their descriptions
// (as data), their records in the store, an in-memory query image of each
// kept in step with every write, validation with the rules special to each
// catalog, soft delete, optimistic versions, row scopes and the change
// events that drive live updates. A catalog may be the child of another
// (Def.Parent, master–detail): queried like any catalog, and through the
// parent's card tab (requests with Of) limited to one parent's records;
// its row scope is the parent's, and deleting the parent refuses or
// takes the children along as declared (Def.OnParentDelete).
//
// Service is the package's one entry point, composed of parts with one job
// each: the registry of descriptions (registry.go), the record repository
// with the visible-record lookup (records.go) and the names of what a
// record refers to (refs.go), the query images (image.go), the writer
// (write.go; check.go for what a save must pass; limits.go for what a
// reference may point to; derived.go for the values the server keeps,
// such as lookup fields; load.go; secret.go for PIN fields), the reader
// (read.go, search.go, lookup.go, totals.go, layout.go, history.go), the
// export (export.go) and the change feed (changes.go); convert.go brings
// what older versions stored up to date at Open. Each public operation runs in one store transaction, which the
// helpers it calls take as an argument; three are long work that must not
// hold the store's one writer, and say so: Load (checked in one read,
// written in batches), Purge (one transaction per catalog) and Export
// (read, then audited once the file is made).
package catalog

import (
	"time"

	"webtool/server/store"
)

// RetainDeleted is how long a deleted record can be restored before Purge
// removes it.
const RetainDeleted = 365 * 24 * time.Hour

// Service is the catalogs' one entry point. It is safe for concurrent use:
// reads run in parallel; writes are serialized (see writer).
type Service struct {
	*registry
	*reader
	*writer
	*exporter
	*feed
}

// Open prepares the catalogs in defs over db: creates their buckets,
// converts what an older webtool stored (see conversions) and loads every
// record into the query image.
func Open(db store.Store, defs []*Def, now func() time.Time) (*Service, error) {
	reg, err := newRegistry(defs)
	if err != nil {
		return nil, err
	}
	var buckets []store.Bucket
	for _, d := range reg.order {
		buckets = append(buckets, bucket(d.Key))
	}
	if err := db.EnsureBuckets(buckets...); err != nil {
		return nil, err
	}
	recs := records{reg: reg}
	if err := convert(db, recs, reg, now()); err != nil {
		return nil, err
	}
	// Derived values a store written by an older version lacks.
	if _, err := refreshDerived(db, recs, reg, now()); err != nil {
		return nil, err
	}
	img, err := openImages(db, recs, reg)
	if err != nil {
		return nil, err
	}
	f := &feed{}
	rd := &reader{db: db, reg: reg, recs: recs, img: img, now: now, history: map[string]func(store.AuditRecord) string{}}
	return &Service{
		registry: reg,
		reader:   rd,
		writer:   &writer{db: db, reg: reg, recs: recs, img: img, feed: f, now: now},
		exporter: &exporter{db: db, read: rd, now: now},
		feed:     f,
	}, nil
}
