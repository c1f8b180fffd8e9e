package catalog

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
	"webtool/server/store"
)

// writer changes records: save, delete, restore, the system's amendments,
// loads and the purge. Each operation validates, writes and audits in one
// store transaction; then it brings the query image in step and publishes
// the change.
type writer struct {
	db   store.Store
	reg  *registry
	recs records
	img  *images
	feed *feed
	now  func() time.Time
	// secret keeps the values of pin fields (nil: none can be set).
	secret Secret
	// mu makes a write and its image update one step: the checks of the
	// next write (uniqueness) read the image, which is updated after the
	// commit.
	mu sync.Mutex
}

// Save creates (req.ID empty) or updates a record for p. Nothing is stored
// unless every check passes: rights, the row scope, the version the edit
// was based on, every field, uniqueness and the catalog's own rules. The
// checks, the write and its audit record are one transaction.
func (w *writer) Save(p access.Principal, addr string, req api.SaveRequest) (api.Record, error) {
	create := req.ID == ""
	level := access.Edit
	if create {
		level = access.Create
	}
	d, err := w.reg.def(p, req.Catalog, level)
	if err != nil {
		return api.Record{}, err
	}
	if len(req.Values) > len(d.Fields) {
		return api.Record{}, api.Errorf(api.CodeBadRequest, "more values than fields")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	var old, rec *Record
	var out api.Record
	var refusal error
	var ws, followed []written
	err = w.db.Update(func(tx *store.Tx) error {
		if create {
			rec = d.fresh(now)
		} else {
			var err error
			if old, err = w.recs.visible(tx, d, &p, req.ID); err != nil {
				return err
			}
			if old.Deleted != nil {
				return conflict(old, "the record is deleted; restore it first")
			}
			if err := staleCheck(old, req.Version); err != nil {
				return err
			}
			rec = old.clone()
		}
		c := &Check{Old: old, New: rec, Def: d, Now: now, By: p.Login, p: &p, tx: tx, recs: w.recs, img: w.img,
			errs: map[string]api.Code{}, secrets: map[string]bool{}}
		pins, err := w.apply(c, req)
		if err != nil {
			return err
		}
		if req.Of != "" {
			if err := c.inTab(req.Of); err != nil {
				return err
			}
		}
		// Every check, in the one order Validate runs them too.
		if err := c.validate(); err != nil {
			return err
		}
		if err := c.refused("some fields need attention"); err != nil {
			return c.refuse(addr, &refusal, err)
		}

		action := "record.update"
		if create {
			rec.CreatedBy, rec.CreatedAt = p.Login, now
			action = "record.create"
			if err := d.assignID(tx, rec); err != nil {
				return err
			}
		}
		if err := w.seal(tx, d, old, rec, pins); err != nil {
			return err
		}
		a := store.AuditRecord{At: now, Actor: p.Login, Addr: addr, Action: action,
			Target: d.Key + "/" + rec.ID, Result: "ok", Detail: diff(d, old, rec)}
		if err := w.put(tx, d, rec, a); err != nil {
			return err
		}
		ws = []written{{d, rec, old}}
		if old != nil && d.scopeOf(old) != d.scopeOf(rec) {
			more, err := w.rescope(tx, d, rec, a)
			if err != nil {
				return err
			}
			ws = append(ws, more...)
		}
		// The records whose lookup fields copy a value this save changed.
		if followed, err = w.follow(tx, ws); err != nil {
			return err
		}
		out = w.recs.toAPI(tx, d, rec, &p, "")
		return nil
	})
	// A refusal that kept an audit record committed it: err is nil.
	if err := cmp.Or(refusal, err); err != nil {
		return api.Record{}, fmt.Errorf("save %s: %w", d.Key, err)
	}
	w.changed(p.Login, p.Conn(), ws...)
	// The saving tab's reply does not hold the copies: it is told too.
	w.changed(p.Login, "", followed...)
	return out, nil
}

// put writes rec, changed by the actor of a at its time, with a as its
// audit record.
func (w *writer) put(tx *store.Tx, d *Def, rec *Record, a store.AuditRecord) error {
	rec.Version++
	rec.ChangedBy, rec.ChangedAt = a.Actor, a.At
	if err := w.recs.put(tx, d.Key, rec); err != nil {
		return err
	}
	return tx.Audit(a)
}

// apply sets the values of a save on c.New, failing on c the fields that
// may not take them, and returns the new PINs of pin fields by field: the
// plain PIN never enters the record's values (see seal).
func (w *writer) apply(c *Check, req api.SaveRequest) (map[string]string, error) {
	d, rec, create := c.Def, c.New, c.Old == nil
	pins := map[string]string{}
	for key, raw := range req.Values {
		f := d.Field(key)
		if f == nil {
			return nil, api.Errorf(api.CodeBadRequest, "no field %q in %s", key, d.Key)
		}
		if f.Type == api.FieldPin {
			if plain, code := w.newPin(*c.p, d, req.ID, raw); code != "" {
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
			c.Fail(key, api.FieldReadOnly)
		case f.Fixed && !create:
			c.Fail(key, api.FieldFixed)
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
		d.fillScope(*c.p, rec)
	}
	return pins, nil
}

// refuse ends the transaction of a change its checks refused: with nothing
// to keep it returns the refusal, so nothing is written; with clashes
// with hidden records it audits them, keeps the refusal in *refusal and
// returns nil, so the audit record commits without the change.
func (c *Check) refuse(addr string, refusal *error, err error) error {
	if len(c.hidden) == 0 {
		return err
	}
	*refusal = err
	return c.auditHidden(addr)
}

// written is a record a write stored, and what it was before (nil: new).
type written struct {
	d        *Def
	rec, old *Record
}

// changed brings the query image in step with committed records and tells
// the subscribers, with one change per catalog.
func (w *writer) changed(by, conn string, ws ...written) {
	var out []*Change
	byCatalog := map[string]*Change{}
	for _, x := range ws {
		w.img.upsert(x.d, x.rec)
		ch := byCatalog[x.d.Key]
		if ch == nil {
			ch = &Change{Catalog: x.d.Key, By: by, Conn: conn}
			byCatalog[x.d.Key] = ch
			out = append(out, ch)
		}
		ch.IDs = append(ch.IDs, x.rec.ID)
		for _, r := range []*Record{x.rec, x.old} {
			if r == nil {
				continue
			}
			if sp := x.d.scopeOf(r); !slices.Contains(ch.Scopes, sp) {
				ch.Scopes = append(ch.Scopes, sp)
			}
		}
	}
	for _, ch := range out {
		w.feed.publish(*ch)
	}
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

// setScope sets the row scope of a record of a catalog with a ScopeField
// ("" clears it).
func (d *Def) setScope(r *Record, sp string) {
	if sp == "" {
		delete(r.Values, d.ScopeField)
	} else {
		r.Values[d.ScopeField] = sp
	}
}

// fillScope gives a new record the sync point of a user bound to exactly
// one: such a user need not pick it.
func (d *Def) fillScope(p access.Principal, rec *Record) {
	if d.ScopeField != "" && rec.Values[d.ScopeField] == nil && !p.AllSyncPoints() && len(p.SyncPoints()) == 1 {
		rec.Values[d.ScopeField] = p.SyncPoints()[0]
	}
}

// New returns what a new record of a catalog starts as: its defaults (a
// date field declared api.DefaultToday is today, in UTC: the server does
// not know the user's zone), the values the client gave (normalized; bad
// ones dropped), the parent of a parent's tab (req.Of) with its row scope,
// for a user of one distributor that distributor, and what the catalog's
// rules derive from those (a child org node's sync point from its
// parent). Nothing is stored.
func (w *writer) New(p access.Principal, req api.NewRequest) (api.Record, error) {
	d, err := w.reg.def(p, req.Catalog, access.Create)
	if err != nil {
		return api.Record{}, err
	}
	now := w.now()
	rec := d.fresh(now)
	for i := range d.Fields {
		if f := &d.Fields[i]; f.Default == api.DefaultToday && f.Type == api.FieldDate && rec.Values[f.Key] == nil {
			rec.Values[f.Key] = now.UTC().Format(dateLayout)
		}
	}
	var out api.Record
	err = w.db.View(func(tx *store.Tx) error {
		if req.Of != "" {
			if err := w.recs.underParent(tx, d, p, req.Of); err != nil {
				return err
			}
		}
		for k, raw := range req.Values {
			if f := d.Field(k); f != nil && !f.ReadOnly && f.Type != api.FieldPin {
				// A reference p may not follow is dropped like a bad value:
				// the new record would otherwise show its title.
				if v, code := normalize(f, raw); code == "" && v != nil && w.recs.refsVisible(tx, &p, f, v) {
					rec.Values[k] = v
				}
			}
		}
		if req.Of != "" {
			rec.Values[d.Parent.Field] = req.Of // a new record of the parent's tab is the parent's
		}
		d.fillScope(p, rec)
		c := &Check{New: rec, Def: d, Now: now, By: p.Login, p: &p, tx: tx, recs: w.recs, img: w.img,
			errs: map[string]api.Code{}, secrets: map[string]bool{}}
		c.inheritScope()
		if err := c.derive(); err != nil {
			return err
		}
		// The rules derive values (the full name, a node's sync point from
		// its parent, an MM user's from its position) the way Save will.
		// Their errors are dropped: a record being started is incomplete
		// by nature, and the save reports what is still wrong. What they
		// read goes through c.Lookup and c.Find, as p sees it, so nothing
		// p may not see enters the record.
		for _, rule := range d.Rules {
			rule(c)
		}
		out = w.recs.toAPI(tx, d, rec, &p, "")
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
func (w *writer) Delete(p access.Principal, addr string, ref api.RecordRef) (api.Record, error) {
	return w.setDeleted(p, addr, ref, true)
}

// Restore brings back a soft-deleted record, if its unique values are
// still free.
func (w *writer) Restore(p access.Principal, addr string, ref api.RecordRef) (api.Record, error) {
	return w.setDeleted(p, addr, ref, false)
}

func (w *writer) setDeleted(p access.Principal, addr string, ref api.RecordRef, del bool) (api.Record, error) {
	d, err := w.reg.def(p, ref.Catalog, access.Delete)
	if err != nil {
		return api.Record{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	now := w.now()
	action := map[bool]string{true: "record.delete", false: "record.restore"}[del]
	var out api.Record
	var refusal error
	var ws, followed []written
	err = w.db.Update(func(tx *store.Tx) error {
		old, err := w.recs.visible(tx, d, &p, ref.ID)
		if err != nil {
			return err
		}
		if ref.Of != "" {
			if err := w.recs.underParent(tx, d, p, ref.Of); err != nil {
				return err
			}
			if old.Str(d.Parent.Field) != ref.Of {
				return api.Errorf(api.CodeNotFound, "no record %s in %s", ref.ID, d.Key)
			}
		}
		// Like Save, a change of state names the version it was based on:
		// one without (0) is as stale as an old one.
		if err := staleCheck(old, ref.Version); err != nil {
			return err
		}
		if (old.Deleted != nil) == del {
			return conflict(old, "the record is already in that state")
		}
		a := store.AuditRecord{At: now, Actor: p.Login, Addr: addr, Action: action, Target: d.Key + "/" + old.ID, Result: "ok"}
		if del {
			ws, err = w.deleteWith(tx, p, d, old, a, "")
			if err != nil {
				return err
			}
		} else {
			c := &Check{Def: d, Now: now, By: p.Login, p: &p, tx: tx, recs: w.recs, img: w.img, errs: map[string]api.Code{}}
			ws = w.restoreWith(c, d, old, a, "")
			if err := c.refused("a live record has the same values"); err != nil {
				return c.refuse(addr, &refusal, err)
			}
			for _, x := range ws {
				if err := w.put(tx, x.d, x.rec, x.audit(a)); err != nil {
					return err
				}
			}
		}
		if followed, err = w.follow(tx, ws); err != nil {
			return err
		}
		out = w.recs.toAPI(tx, d, ws[0].rec, &p, "")
		return nil
	})
	if err := cmp.Or(refusal, err); err != nil {
		return api.Record{}, fmt.Errorf("%s %s/%s: %w", action, d.Key, ref.ID, err)
	}
	w.changed(p.Login, p.Conn(), ws...)
	w.changed(p.Login, "", followed...)
	return out, nil
}

// audit is the audit record of x, written as part of a (a child deleted
// or restored with its parent names the parent).
func (x written) audit(a store.AuditRecord) store.AuditRecord {
	target := x.d.Key + "/" + x.rec.ID
	if target != a.Target {
		a.Detail = "with " + a.Target
		a.Target = target
	}
	return a
}

// deleteWith soft-deletes old, and deals with its live children as each
// child catalog declares (Def.OnParentDelete): while one that refuses has
// any, nothing is deleted and the error says how many; those deleted with
// it remember it (Deletion.With). Nothing may still point to a record
// deleted. with is the parent old is deleted with ("" for the one asked).
func (w *writer) deleteWith(tx *store.Tx, p access.Principal, d *Def, old *Record, a store.AuditRecord, with string) ([]written, error) {
	if ru, en := w.usedBy(tx, p, d.Key, old.ID, 5); len(ru) > 0 {
		return nil, inUse(ru, en)
	}
	rec := old.clone()
	rec.Deleted = &Deletion{By: a.Actor, At: a.At, With: with}
	x := written{d, rec, old}
	if err := w.put(tx, d, rec, x.audit(a)); err != nil {
		return nil, err
	}
	out := []written{x}
	var ru, en []string
	for _, cd := range d.children {
		ids := w.img.all(cd.Key, childrenOf(cd, old.ID, false))
		switch {
		case len(ids) == 0:
		case cd.OnParentDelete == RefuseWhileChildren:
			ru = append(ru, fmt.Sprintf("%s: %d", cd.Label.RU, len(ids)))
			en = append(en, fmt.Sprintf("%s: %d", cd.Label.EN, len(ids)))
		default:
			for _, id := range ids {
				child, err := w.recs.get(tx, cd.Key, id)
				if err != nil || child == nil {
					return nil, cmp.Or(err, fmt.Errorf("child %s/%s is in the image, not in the store", cd.Key, id))
				}
				more, err := w.deleteWith(tx, p, cd, child, a, d.Key+"/"+old.ID)
				if err != nil {
					return nil, err
				}
				out = append(out, more...)
			}
		}
	}
	if len(ru) > 0 {
		return nil, inUse(ru, en)
	}
	return out, nil
}

// restoreWith is what restoring old brings back: old and the children
// deleted with it (and theirs), each checked on c as a restore must be
// (unique values still free; a child's parent live). Nothing is written:
// the caller writes them if c found nothing wrong.
func (w *writer) restoreWith(c *Check, d *Def, old *Record, a store.AuditRecord, with string) []written {
	rec := old.clone()
	rec.Deleted = nil
	cc := &Check{New: rec, Def: d, Now: c.Now, By: c.By, p: c.p, tx: c.tx, recs: c.recs, img: c.img, errs: map[string]api.Code{}}
	cc.checkUnique()
	if with == "" && d.parent != nil && c.recs.resolve(c.tx, nil, d.parent.Key, rec.Str(d.Parent.Field)) == nil {
		cc.Fail(d.Parent.Field, api.FieldNotFound) // restore the parent first
	}
	prefix := ""
	if with != "" {
		prefix = d.Key + "." // a child's fault, shown on the parent's card
	}
	for k, code := range cc.errs {
		if arg, ok := cc.args[k]; ok {
			c.FailWith(prefix+k, code, arg) // the visible record that has the value
		} else {
			c.Fail(prefix+k, code)
		}
	}
	c.hidden = append(c.hidden, cc.hidden...)
	out := []written{{d, rec, old}}
	self := d.Key + "/" + old.ID
	for _, cd := range d.children {
		for _, id := range w.img.all(cd.Key, childrenOf(cd, old.ID, true)) {
			child, _ := c.recs.get(c.tx, cd.Key, id)
			if child != nil && child.Deleted != nil && child.Deleted.With == self {
				out = append(out, w.restoreWith(c, cd, child, a, self)...)
			}
		}
	}
	return out
}

// childrenOf selects the children of parent in child catalog cd, live or
// deleted.
func childrenOf(cd *Def, parent string, deleted bool) query.Expr {
	state := query.IsFalse
	if deleted {
		state = query.IsTrue
	}
	return query.And{query.Where(cd.Parent.Field, query.AnyOf, query.StringValue(parent)), query.Where(colDeleted, state)}
}

// rescope gives the children of parent (live or deleted, and theirs) the
// parent's new row scope, each written and audited in tx as part of a.
func (w *writer) rescope(tx *store.Tx, d *Def, parent *Record, a store.AuditRecord) ([]written, error) {
	var out []written
	for _, cd := range d.children {
		ids := w.img.all(cd.Key, query.Where(cd.Parent.Field, query.AnyOf, query.StringValue(parent.ID)))
		for _, id := range ids {
			old, err := w.recs.get(tx, cd.Key, id)
			if err != nil || old == nil {
				return nil, cmp.Or(err, fmt.Errorf("child %s/%s is in the image, not in the store", cd.Key, id))
			}
			rec := old.clone()
			cd.setScope(rec, d.scopeOf(parent))
			x := written{cd, rec, old}
			ca := x.audit(a)
			ca.Detail = diff(cd, old, rec)
			if err := w.put(tx, cd, rec, ca); err != nil {
				return nil, err
			}
			more, err := w.rescope(tx, cd, rec, a)
			if err != nil {
				return nil, err
			}
			out = append(append(out, x), more...)
		}
	}
	return out, nil
}

// inUse is the refusal to delete a record others need, named in refs
// (ru) and refs_en.
func inUse(ru, en []string) error {
	return &api.Error{Code: api.CodeInUse, Message: "other records point to this one",
		Args: map[string]string{"refs": strings.Join(ru, "; "), "refs_en": strings.Join(en, "; ")}}
}

// usedBy names up to n live records that point to catalog/id, as
// "Catalog: title"; records p cannot see are named by their catalog only,
// once per catalog.
func (w *writer) usedBy(tx *store.Tx, p access.Principal, catalog, id string, n int) (ru, en []string) {
	type ref struct{ ru, en string }
	var out []ref
	hiddenIn := map[string]bool{} // catalogs already named for a hidden record
	for _, fr := range w.reg.refsTo[catalog] {
		if w.reg.isParentLink(fr.catalog, fr.field) {
			continue // children go with their parent as declared (deleteWith)
		}
		d := w.reg.defs[fr.catalog]
		var ids []string
		if fr.list == "" {
			ids = w.img.live(fr.catalog, query.Where(fr.field, query.AnyOf, query.StringValue(id)), n)
		} else {
			ids = w.scanList(tx, fr, id, n)
		}
		for _, rid := range ids {
			r, _ := w.recs.get(tx, fr.catalog, rid)
			switch {
			case r == nil || len(out) >= n:
			case sees(d, p, r):
				out = append(out, ref{d.Label.RU + ": " + w.recs.name(tx, d, r, "ru"), d.Label.EN + ": " + w.recs.name(tx, d, r, "en")})
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
// Lists live only in small catalogs (the org structure), so a scan of the
// store is cheap enough.
func (w *writer) scanList(tx *store.Tx, fr fieldRef, id string, n int) []string {
	var ids []string
	tx.ForEach(bucket(fr.catalog), func(k string, raw []byte) error {
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
	return ids
}

// Amend changes one record on behalf of the system (the mobile module),
// not of a user: no rights, no rules. fn runs inside the write transaction
// with a copy of the stored record (nil if there is none) and returns
// whether to write it and the audit record to write either way (an empty
// Action writes none); an error from fn writes nothing. A written record
// gets a new version and is published like any change.
func (w *writer) Amend(catalog, id string, fn func(r *Record) (write bool, a store.AuditRecord, err error)) error {
	d := w.reg.defs[catalog]
	if d == nil {
		return fmt.Errorf("amend: no catalog %q", catalog)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	var old, rec *Record
	err := w.db.Update(func(tx *store.Tx) error {
		var err error
		if old, err = w.recs.get(tx, d.Key, id); err != nil {
			return err
		}
		if old != nil {
			rec = old.clone()
		}
		write, a, err := fn(rec)
		if err != nil {
			return err
		}
		if a.At.IsZero() {
			a.At = w.now()
		}
		if write && rec != nil {
			rec.Version++
			rec.ChangedBy, rec.ChangedAt = a.Actor, a.At
			if a.Detail == "" {
				a.Detail = diff(d, old, rec)
			}
			if err := w.recs.put(tx, d.Key, rec); err != nil {
				return err
			}
		} else {
			rec = nil
		}
		if a.Action == "" {
			return nil
		}
		return tx.Audit(a)
	})
	if err != nil {
		return err
	}
	if rec != nil {
		w.changed(rec.ChangedBy, "", written{d, rec, old})
	}
	return nil
}
