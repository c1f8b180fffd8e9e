package catalog

import (
	"fmt"
	"maps"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/store"
)

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
	// With is the parent ("catalog/id") whose deletion deleted this child
	// record (Def.OnParentDelete): restoring the parent restores it.
	With string `json:"with,omitempty"`
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

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// bucket is the store bucket of a catalog's records.
func bucket(catalog string) store.Bucket { return store.Bucket("catalog." + catalog) }

// records is the record repository: it reads and writes records inside a
// transaction the caller holds, so that an operation's reads and its write
// see one state. It holds no state of its own beyond the descriptions.
type records struct {
	reg *registry
}

// get reads one record (nil if absent).
func (records) get(tx *store.Tx, catalog, id string) (*Record, error) {
	raw, err := tx.GetRaw(bucket(catalog), id)
	if err != nil || raw == nil {
		return nil, err
	}
	r, err := decodeRecord(raw)
	if err != nil {
		return nil, fmt.Errorf("read %s/%s: %w", catalog, id, err)
	}
	return r, nil
}

// put stores one record.
func (records) put(tx *store.Tx, catalog string, r *Record) error {
	return tx.PutRaw(bucket(catalog), r.ID, encodeRecord(r))
}

// each calls fn with every record of a catalog, in id order.
func (records) each(tx *store.Tx, catalog string, fn func(r *Record) error) error {
	return tx.ForEach(bucket(catalog), func(k string, raw []byte) error {
		r, err := decodeRecord(raw)
		if err != nil {
			return fmt.Errorf("decode %s/%s: %w", catalog, k, err)
		}
		return fn(r)
	})
}

// visible is the one lookup of a record on someone's behalf: record d/id,
// deleted or not, if p may see it (p nil: a trusted source, which sees
// every record). A record p cannot see is answered exactly like an id
// that does not exist: not_found, with nothing more said.
func (rs records) visible(tx *store.Tx, d *Def, p *access.Principal, id string) (*Record, error) {
	var r *Record
	if id != "" {
		var err error
		if r, err = rs.get(tx, d.Key, id); err != nil {
			return nil, err
		}
	}
	if r == nil || p != nil && !sees(d, *p, r) {
		return nil, api.Errorf(api.CodeNotFound, "no record %s in %s", id, d.Key)
	}
	return r, nil
}

// underParent checks the parent named by a request through a parent's
// tab (Of): d must be a child catalog, and its parent record of one p may
// see, else the request is answered like one for a missing record.
func (rs records) underParent(tx *store.Tx, d *Def, p access.Principal, of string) error {
	if d.parent == nil {
		return api.Errorf(api.CodeBadRequest, "%s is not a child catalog", d.Key)
	}
	_, err := rs.visible(tx, d.parent, &p, of)
	return err
}

// resolve returns the live record catalog/id if p may see it (p nil: a
// trusted source), else nil. Every check of a reference goes through here.
func (rs records) resolve(tx *store.Tx, p *access.Principal, catalog, id string) *Record {
	d := rs.reg.defs[catalog]
	if d == nil {
		return nil
	}
	r, err := rs.visible(tx, d, p, id)
	if err != nil || r.Deleted != nil {
		return nil
	}
	return r
}

// title returns the name of record catalog/id ("" if there is none).
func (rs records) title(tx *store.Tx, catalog, id string) string {
	d := rs.reg.defs[catalog]
	if d == nil || id == "" {
		return ""
	}
	if r, _ := rs.get(tx, catalog, id); r != nil {
		return r.Str(d.TitleField)
	}
	return ""
}

// name names record r of d for a person reading lang: its title (an enum
// by its label), after its parent's in a child catalog ("Склад 1 / Заказ").
func (rs records) name(tx *store.Tx, d *Def, r *Record, lang string) string {
	title := titleOf(d, r, lang)
	if d.parent != nil {
		if pr, _ := rs.get(tx, d.parent.Key, r.Str(d.Parent.Field)); pr != nil {
			title = rs.name(tx, d.parent, pr, lang) + " / " + title
		}
	}
	return title
}

// toAPI converts a record for reader p (nil: a trusted reader) reading
// lang, with the names of what it refers to and, where p may see them,
// their codes and owners (see refs.go).
func (rs records) toAPI(tx *store.Tx, d *Def, r *Record, p *access.Principal, lang string) api.Record {
	return rs.names(tx, p, lang).record(d, r)
}

// record converts a record for the wire, naming what it refers to.
func (n *refNames) record(d *Def, r *Record) api.Record {
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
	label := func(key, catalog, id string) {
		td := n.recs.reg.defs[catalog]
		if td == nil {
			return
		}
		nr := n.of(td, id)
		if out.Labels == nil {
			out.Labels = map[string]string{}
		}
		out.Labels[key] = nr.title
		if nr.info != (api.RefInfo{}) {
			if out.Refs == nil {
				out.Refs = map[string]api.RefInfo{}
			}
			out.Refs[key] = nr.info
		}
	}
	for _, f := range d.Fields {
		switch f.Type {
		case api.FieldRef:
			if id := r.Str(f.Key); id != "" {
				label(f.Key, f.Ref, id)
			}
		case api.FieldList:
			rows, _ := r.Values[f.Key].([]any)
			for i, row := range rows {
				m, _ := row.(map[string]any)
				for _, c := range f.Columns {
					if id, _ := m[c.Key].(string); c.Type == api.FieldRef && id != "" {
						label(fmt.Sprintf("%s.%d.%s", f.Key, i, c.Key), c.Ref, id)
					}
				}
			}
		}
	}
	return out
}
