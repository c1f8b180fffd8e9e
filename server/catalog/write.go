package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"sort"
	"strings"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
	"webtool/server/store"
)

// Save creates (req.ID empty) or updates a record for p. Nothing is stored
// unless every check passes: rights, the row scope, the version the edit
// was based on, every field, uniqueness and the catalog's own rules. The
// audit record is written in the same transaction.
func (s *Service) Save(p access.Principal, addr string, req api.SaveRequest) (api.Record, error) {
	create := req.ID == ""
	level := access.Edit
	if create {
		level = access.Create
	}
	d, err := s.def(p, req.Catalog, level)
	if err != nil {
		return api.Record{}, err
	}
	if len(req.Values) > len(d.Fields) {
		return api.Record{}, api.Errorf(api.CodeBadRequest, "more values than fields")
	}
	s.write.Lock()
	defer s.write.Unlock()
	now := s.now()

	var old *Record
	var rec *Record
	if create {
		rec = d.fresh(now)
	} else {
		old, err = s.load(d.Key, req.ID)
		if err != nil {
			return api.Record{}, fmt.Errorf("load %s/%s: %w", d.Key, req.ID, err)
		}
		if old == nil || !sees(d, p, old) {
			return api.Record{}, api.Errorf(api.CodeNotFound, "no record %s in %s", req.ID, d.Key)
		}
		if old.Deleted != nil {
			return api.Record{}, conflict(old, "the record is deleted; restore it first")
		}
		if err := staleCheck(old, req.Version); err != nil {
			return api.Record{}, err
		}
		rec = old.clone()
	}

	c := &Check{Old: old, New: rec, Def: d, Now: now, By: p.Login, p: &p, svc: s, errs: map[string]api.Code{}, secrets: map[string]bool{}}
	// pins holds the new PINs of pin fields until the write transaction
	// seals them: the plain PIN never enters rec.Values.
	pins := map[string]string{}
	for key, raw := range req.Values {
		f := d.Field(key)
		if f == nil {
			return api.Record{}, api.Errorf(api.CodeBadRequest, "no field %q in %s", key, d.Key)
		}
		if f.Type == api.FieldPin {
			if plain, code := s.newPin(p, d, req.ID, raw); code != "" {
				c.Fail(key, code)
			} else if plain != "" {
				pins[key], c.secrets[key] = plain, true
			}
			continue
		}
		v, code := normalize(f, raw)
		if code != "" {
			c.Fail(key, code)
			continue
		}
		if reflect.DeepEqual(v, rec.Values[key]) {
			continue
		}
		switch {
		case f.ReadOnly:
			c.Fail(key, ErrReadOnly)
		case f.Fixed && !create:
			c.Fail(key, ErrFixed)
		case v == nil:
			delete(rec.Values, key)
		default:
			rec.Values[key] = v
		}
	}
	// A new PIN frees what it was bound to (Field.Clears), whatever the
	// client sent for those fields.
	for key := range pins {
		for _, k := range d.Field(key).Clears {
			delete(rec.Values, k)
		}
	}
	if create {
		d.fillScope(p, rec)
	}
	// The references come first, before any rule can read what they point
	// to: one to a record p cannot see fails exactly like one to nothing.
	s.checkRefs(c)
	// Rules run next: some derive values (a full name, a sync point
	// inherited from the parent) that the shared checks then see.
	for _, rule := range d.Rules {
		rule(c)
	}
	s.checkFields(c, p)
	if len(c.errs) > 0 {
		if err := s.auditHidden(addr, c); err != nil {
			return api.Record{}, err
		}
		return api.Record{}, &api.Error{Code: api.CodeValidation, Message: "some fields need attention", Fields: c.errs, Args: c.args}
	}

	rec.Version++
	rec.ChangedBy, rec.ChangedAt = p.Login, now
	action := "record.update"
	if create {
		rec.CreatedBy, rec.CreatedAt = p.Login, now
		action = "record.create"
	}
	var out api.Record
	err = s.db.Update(func(tx *store.Tx) error {
		if create {
			if err := d.assignID(tx, rec); err != nil {
				return err
			}
		}
		for key, plain := range pins {
			prev := ""
			if old != nil {
				prev = old.Str(key)
			}
			sealed, taken, err := s.secret.Put(tx, d.Key, rec.ID, prev, plain)
			if err != nil {
				return fmt.Errorf("store PIN: %w", err)
			}
			if taken {
				return &api.Error{Code: api.CodeValidation, Message: "the PIN was issued to another record; generate a new one",
					Fields: map[string]api.Code{key: ErrPinTaken}}
			}
			rec.Values[key] = sealed
		}
		if err := putRecord(tx, d.Key, rec); err != nil {
			return err
		}
		if err := tx.Audit(store.AuditRecord{At: now, Actor: p.Login, Addr: addr, Action: action,
			Target: d.Key + "/" + rec.ID, Result: "ok", Detail: diff(d, old, rec)}); err != nil {
			return err
		}
		out = s.toAPI(tx, d, rec)
		return nil
	})
	if err != nil {
		return api.Record{}, fmt.Errorf("save %s: %w", d.Key, err)
	}
	s.index(d, rec, old, p.Login)
	return out, nil
}

// assignID numbers a new record inside the transaction that stores it and
// fills the fields the catalog generates (an external code).
func (d *Def) assignID(tx *store.Tx, r *Record) error {
	seq, err := tx.NextSeq(bucket(d.Key))
	if err != nil {
		return err
	}
	r.ID = fmt.Sprintf("%08d", seq)
	if d.Generate != nil {
		return d.Generate(tx, r)
	}
	return nil
}

// fresh is a new record before the user's values: the catalog's defaults.
// Save and New both start here, so New shows what Save will store.
func (d *Def) fresh(now time.Time) *Record {
	rec := &Record{Values: map[string]any{}}
	if d.Defaults != nil {
		maps.Copy(rec.Values, d.Defaults(now))
	}
	return rec
}

// fillScope gives a new record the sync point of a user bound to exactly
// one: such a user need not pick it.
func (d *Def) fillScope(p access.Principal, rec *Record) {
	if d.ScopeField != "" && rec.Values[d.ScopeField] == nil && !p.AllSyncPoints() && len(p.SyncPoints()) == 1 {
		rec.Values[d.ScopeField] = p.SyncPoints()[0]
	}
}

// New returns what a new record of a catalog starts as: its defaults, the
// values the client gave (normalized; bad ones dropped) and, for a user of
// one distributor, that distributor. Nothing is stored.
func (s *Service) New(p access.Principal, req api.NewRequest) (api.Record, error) {
	d, err := s.def(p, req.Catalog, access.Create)
	if err != nil {
		return api.Record{}, err
	}
	rec := d.fresh(s.now())
	for k, raw := range req.Values {
		if f := d.Field(k); f != nil && !f.ReadOnly && f.Type != api.FieldPin {
			// A reference p may not follow is dropped like a bad value: the
			// new record would otherwise show its title.
			if v, code := normalize(f, raw); code == "" && v != nil && s.refsVisible(&p, f, v) {
				rec.Values[k] = v
			}
		}
	}
	d.fillScope(p, rec)
	var out api.Record
	err = s.db.View(func(tx *store.Tx) error {
		out = s.toAPI(tx, d, rec)
		return nil
	})
	return out, err
}

// staleCheck refuses an edit based on an older version than the stored one.
func staleCheck(cur *Record, based uint64) error {
	if based == cur.Version {
		return nil
	}
	return conflict(cur, "the record was changed by someone else")
}

// conflict is the refusal of a change someone else's change got in the way
// of: it names who made the last change (or the deletion) and when, which
// the card shows with a Reload button.
func conflict(cur *Record, msg string) error {
	by, at := cur.ChangedBy, cur.ChangedAt
	if cur.Deleted != nil {
		by, at = cur.Deleted.By, cur.Deleted.At
	}
	return &api.Error{Code: api.CodeConflict, Message: msg, Args: map[string]string{"by": by, "at": stamp(at)}}
}

// checkRefs checks that every reference the save sets, in a ref field or a
// ref column of a list, names a live record the user may see; any other is
// not_found, with nothing more said, whether the record is missing, deleted
// or another distributor's. A reference the record already had stays valid
// even if its target moved out of reach since.
func (s *Service) checkRefs(c *Check) {
	for i := range c.Def.Fields {
		f := &c.Def.Fields[i]
		v := c.New.Values[f.Key]
		if v == nil || c.Failed(f.Key) {
			continue
		}
		var was any
		if c.Old != nil {
			was = c.Old.Values[f.Key]
		}
		switch f.Type {
		case api.FieldRef:
			if v != was && !s.refsVisible(c.p, f, v) {
				c.Fail(f.Key, ErrNotFound)
			}
		case api.FieldList:
			kept := map[string]bool{}
			eachListRef(f, was, func(col *api.Field, id string) { kept[col.Key+"\x00"+id] = true })
			eachListRef(f, v, func(col *api.Field, id string) {
				if !kept[col.Key+"\x00"+id] && c.Lookup(col.Ref, id) == nil {
					c.Fail(f.Key, ErrNotFound)
				}
			})
		}
	}
}

// refsVisible reports whether every reference in v, a value of f, names a
// live record p may see (p nil: a trusted source).
func (s *Service) refsVisible(p *access.Principal, f *api.Field, v any) bool {
	ok := true
	switch f.Type {
	case api.FieldRef:
		ok = s.resolve(p, f.Ref, v.(string)) != nil
	case api.FieldList:
		eachListRef(f, v, func(col *api.Field, id string) { ok = ok && s.resolve(p, col.Ref, id) != nil })
	}
	return ok
}

// eachListRef calls fn for every reference in the rows of v, a value of
// list field f (nil: no rows).
func eachListRef(f *api.Field, v any, fn func(col *api.Field, id string)) {
	rows, _ := v.([]any)
	for _, row := range rows {
		m, _ := row.(map[string]any)
		for i := range f.Columns {
			if col := &f.Columns[i]; col.Type == api.FieldRef {
				if id, _ := m[col.Key].(string); id != "" {
					fn(col, id)
				}
			}
		}
	}
}

// checkFields applies the rules every catalog shares, after the catalog's
// own: required fields, the row scope, a tree without cycles and
// uniqueness.
func (s *Service) checkFields(c *Check, p access.Principal) {
	d, rec := c.Def, c.New
	for i := range d.Fields {
		f := &d.Fields[i]
		if f.Required && rec.Values[f.Key] == nil && !f.ReadOnly {
			c.Fail(f.Key, ErrRequired)
		}
	}
	if d.Scoped() && !d.ScopeSelf && !c.Failed(d.ScopeField) {
		// A row without a sync point is visible only to users who see
		// every distributor: others could create rows they then lose. A
		// sync point the user gave was checked as a reference; this one
		// was derived by a rule from a record the user sees.
		if sp := d.scopeOf(rec); sp == "" && !p.AllSyncPoints() {
			c.Fail(d.ScopeField, ErrRequired)
		} else if sp != "" && !p.Sees(sp) {
			c.Fail(d.ScopeField, ErrScope)
		}
	}
	s.checkTree(c)
	s.checkUnique(c)
}

// checkTree keeps a tree catalog a tree: a node's new parent is neither the
// node nor one of its descendants. It walks every ancestor, seen by the
// user or not (a loop through another distributor's nodes is still a
// loop), and answers only the code.
func (s *Service) checkTree(c *Check) {
	d := c.Def
	parent := c.New.Str(d.ParentField)
	if !d.Tree || c.New.ID == "" || parent == "" || c.Failed(d.ParentField) ||
		c.Old != nil && parent == c.Old.Str(d.ParentField) {
		return
	}
	for depth, id := 0, parent; id != "" && depth < 100; depth++ {
		if id == c.New.ID {
			c.Fail(d.ParentField, ErrCycle)
			return
		}
		r, err := s.load(d.Key, id)
		if err != nil || r == nil {
			return
		}
		id = r.Str(d.ParentField)
	}
}

// index brings the query image in step with a committed record and tells
// the subscribers.
func (s *Service) index(d *Def, rec, old *Record, by string) {
	if err := s.table(d.Key).Upsert(rec.ID, d.row(rec)); err != nil {
		// The row was built from d itself; a mismatch is a programming error.
		panic(fmt.Sprintf("index %s/%s: %v", d.Key, rec.ID, err))
	}
	scopes := []string{d.scopeOf(rec)}
	if old != nil && d.scopeOf(old) != scopes[0] {
		scopes = append(scopes, d.scopeOf(old))
	}
	s.publish(Change{Catalog: d.Key, IDs: []string{rec.ID}, Scopes: scopes, By: by})
}

// diff describes what changed, for the audit trail: each changed field as
// [was, now], except a pin field, which shows only "changed" (never a PIN
// nor its sealed form).
func diff(d *Def, old, rec *Record) string {
	changes := map[string]any{}
	for k, v := range rec.Values {
		var was any
		if old != nil {
			was = old.Values[k]
		}
		if !reflect.DeepEqual(was, v) {
			changes[k] = [2]any{was, v}
		}
	}
	if old != nil {
		for k, v := range old.Values {
			if _, ok := rec.Values[k]; !ok {
				changes[k] = [2]any{v, nil}
			}
		}
	}
	for k := range changes {
		if f := d.Field(k); f != nil && f.Type == api.FieldPin {
			changes[k] = "changed"
		}
	}
	b, _ := json.Marshal(changes)
	if len(b) > 2000 {
		b = append(b[:2000], "…"...)
	}
	return string(b)
}

// Delete soft-deletes a record: it is greyed, can be restored for a year,
// and nothing may still point to it.
func (s *Service) Delete(p access.Principal, addr string, ref api.RecordRef) (api.Record, error) {
	return s.setDeleted(p, addr, ref, true)
}

// Restore brings back a soft-deleted record, if its unique values are
// still free.
func (s *Service) Restore(p access.Principal, addr string, ref api.RecordRef) (api.Record, error) {
	return s.setDeleted(p, addr, ref, false)
}

func (s *Service) setDeleted(p access.Principal, addr string, ref api.RecordRef, del bool) (api.Record, error) {
	d, err := s.def(p, ref.Catalog, access.Delete)
	if err != nil {
		return api.Record{}, err
	}
	s.write.Lock()
	defer s.write.Unlock()
	old, err := s.load(d.Key, ref.ID)
	if err != nil {
		return api.Record{}, fmt.Errorf("load %s/%s: %w", d.Key, ref.ID, err)
	}
	if old == nil || !sees(d, p, old) {
		return api.Record{}, api.Errorf(api.CodeNotFound, "no record %s in %s", ref.ID, d.Key)
	}
	// Like Save, a change of state names the version it was based on: one
	// without (0) is as stale as an old one.
	if err := staleCheck(old, ref.Version); err != nil {
		return api.Record{}, err
	}
	if (old.Deleted != nil) == del {
		return api.Record{}, conflict(old, "the record is already in that state")
	}
	now := s.now()
	rec := *old
	if del {
		if ru, en := s.usedBy(p, d.Key, old.ID, 5); len(ru) > 0 {
			return api.Record{}, &api.Error{Code: api.CodeInUse, Message: "other records point to this one",
				Args: map[string]string{"refs": strings.Join(ru, "; "), "refs_en": strings.Join(en, "; ")}}
		}
		rec.Deleted = &Deletion{By: p.Login, At: now}
	} else {
		rec.Deleted = nil
		c := &Check{New: &rec, Def: d, Now: now, By: p.Login, p: &p, svc: s, errs: map[string]api.Code{}}
		s.checkUnique(c)
		if len(c.errs) > 0 {
			if err := s.auditHidden(addr, c); err != nil {
				return api.Record{}, err
			}
			return api.Record{}, &api.Error{Code: api.CodeValidation, Message: "a live record has the same values", Fields: c.errs}
		}
	}
	rec.Version++
	rec.ChangedBy, rec.ChangedAt = p.Login, now
	action := map[bool]string{true: "record.delete", false: "record.restore"}[del]
	var out api.Record
	err = s.db.Update(func(tx *store.Tx) error {
		if err := putRecord(tx, d.Key, &rec); err != nil {
			return err
		}
		if err := tx.Audit(store.AuditRecord{At: now, Actor: p.Login, Addr: addr, Action: action, Target: d.Key + "/" + rec.ID, Result: "ok"}); err != nil {
			return err
		}
		out = s.toAPI(tx, d, &rec)
		return nil
	})
	if err != nil {
		return api.Record{}, fmt.Errorf("%s %s/%s: %w", action, d.Key, rec.ID, err)
	}
	s.index(d, &rec, old, p.Login)
	return out, nil
}

// checkUnique refuses values that another live record of the catalog has
// in one of its unique sets of fields. Values are unique across the
// catalog, so it looks at every record, seen by the user or not; a clash
// with one the user cannot see is answered as any clash (the value is
// taken, nothing of that record is said) and noted for the audit trail. A
// set with a field that already failed is skipped: that value will not be
// stored, and a reference the user may not follow must not be matched.
func (s *Service) checkUnique(c *Check) {
	for _, set := range c.Def.Unique {
		where := query.And{}
		skip := false
		for _, k := range set {
			v, ok := cell(c.Def.Field(k).Type, c.New.Values[k])
			if !ok || v.IsNull() || c.Failed(k) {
				skip = true
				break
			}
			where = append(where, query.Where(k, query.Eq, v))
		}
		if skip {
			continue
		}
		for _, id := range s.live(c.Def.Key, where, 2) {
			if id == c.New.ID {
				continue
			}
			c.Fail(set[len(set)-1], ErrUnique)
			if c.Lookup(c.Def.Key, id) == nil {
				c.hidden = append(c.hidden, fmt.Sprintf("%s: %s/%s", strings.Join(set, "+"), c.Def.Key, id))
			}
			break
		}
	}
}

// auditHidden writes down a refused save or restore whose values clash
// with records the user cannot see: the user learns only that the values
// are taken, the audit trail says whose they are, so probing another
// distributor's values leaves a trace.
func (s *Service) auditHidden(addr string, c *Check) error {
	if len(c.hidden) == 0 {
		return nil
	}
	err := s.db.Update(func(tx *store.Tx) error {
		return tx.Audit(store.AuditRecord{At: c.Now, Actor: c.By, Addr: addr, Action: "record.unique_hidden",
			Target: c.Def.Key, Result: "denied", Detail: strings.Join(c.hidden, "; ")})
	})
	if err != nil {
		return fmt.Errorf("audit a clash with hidden records in %s: %w", c.Def.Key, err)
	}
	return nil
}

// usedBy names up to n live records that point to catalog/id, as
// "Catalog: title"; records p cannot see are named by their catalog only,
// once per catalog.
func (s *Service) usedBy(p access.Principal, catalog, id string, n int) (ru, en []string) {
	type ref struct{ ru, en string }
	var out []ref
	hiddenIn := map[string]bool{} // catalogs already named for a hidden record
	for _, fr := range s.refsTo[catalog] {
		d := s.defs[fr.catalog]
		var ids []string
		if fr.list == "" {
			res, err := s.table(fr.catalog).Query(query.Query{Where: query.And{
				query.Where(fr.field, query.AnyOf, query.StringValue(id)), query.Where(colDeleted, query.IsFalse)}, Limit: n})
			if err != nil {
				continue
			}
			ids = res.IDs
		} else {
			ids = s.scanList(fr, id, n)
		}
		for _, rid := range ids {
			r, _ := s.load(fr.catalog, rid)
			switch {
			case r == nil || len(out) >= n:
			case sees(d, p, r):
				title := r.Str(d.TitleField)
				out = append(out, ref{d.Label.RU + ": " + title, d.Label.EN + ": " + title})
			case !hiddenIn[d.Key]:
				hiddenIn[d.Key] = true
				out = append(out, ref{d.Label.RU + ": запись вне вашего доступа", d.Label.EN + ": a record outside your access"})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ru < out[j].ru })
	for _, r := range out {
		ru, en = append(ru, r.ru), append(en, r.en)
	}
	return ru, en
}

// scanList finds live records whose list field has a row pointing to id.
// Lists live only in small catalogs (org structure, warehouses), so a scan
// of the store is cheap enough.
func (s *Service) scanList(fr fieldRef, id string, n int) []string {
	var ids []string
	s.db.View(func(tx *store.Tx) error {
		return tx.ForEach(bucket(fr.catalog), func(k string, raw []byte) error {
			if len(ids) >= n || !bytes.Contains(raw, []byte(id)) {
				return nil
			}
			r, err := decodeRecord(raw)
			if err != nil || r.Deleted != nil {
				return nil
			}
			rows, _ := r.Values[fr.list].([]any)
			for _, row := range rows {
				if m, _ := row.(map[string]any); m[fr.field] == id {
					ids = append(ids, r.ID)
					break
				}
			}
			return nil
		})
	})
	return ids
}

// Purge removes records deleted more than RetainDeleted ago, for good.
func (s *Service) Purge() (int, error) {
	s.write.Lock()
	defer s.write.Unlock()
	cutoff := s.now().Add(-RetainDeleted)
	n := 0
	for _, d := range s.order {
		var gone []string
		err := s.db.Update(func(tx *store.Tx) error {
			gone = gone[:0]
			var secrets []*Record // purged records that hold a PIN
			err := tx.ForEach(bucket(d.Key), func(k string, raw []byte) error {
				r, err := decodeRecord(raw)
				if err != nil {
					return fmt.Errorf("decode %s/%s: %w", d.Key, k, err)
				}
				if r.Deleted != nil && r.Deleted.At.Before(cutoff) {
					gone = append(gone, k)
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
				for _, f := range d.Fields {
					if v := r.Str(f.Key); f.Type == api.FieldPin && v != "" && s.secret != nil {
						if err := s.secret.Remove(tx, d.Key, r.ID, v); err != nil {
							return err
						}
					}
				}
			}
			for _, k := range gone {
				if err := tx.Delete(bucket(d.Key), k); err != nil {
					return err
				}
				if err := tx.Audit(store.AuditRecord{At: s.now(), Actor: "system", Action: "record.purge", Target: d.Key + "/" + k, Result: "ok"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, fmt.Errorf("purge %s: %w", d.Key, err)
		}
		for _, k := range gone {
			s.table(d.Key).Delete(k)
		}
		n += len(gone)
	}
	return n, nil
}
