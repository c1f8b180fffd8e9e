package catalog

import (
	"fmt"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/store"
)

// Secret keeps the values of api.FieldPin fields. The catalog never holds
// a PIN in plain text: Save hands a new PIN to Put inside its write
// transaction and stores what Put returns (a sealed value); toAPI shows
// only that a PIN is set. server/pin implements it.
type Secret interface {
	// Generate returns a new PIN for record catalog/id (id "" for a record
	// not yet created), reserved for login, reading what is taken in tx;
	// previous is the stored value it replaces ("" if none).
	Generate(tx *store.Tx, login, catalog, id, previous string) (string, error)
	// Length is the number of digits of a PIN.
	Length() int
	// Reserved reports whether plain was generated for login and record
	// catalog/id ("" for a new record) and not yet saved or expired.
	Reserved(login, catalog, id, plain string) bool
	// Put, inside the transaction that writes record catalog/id, replaces
	// its stored value old with plain and returns the value to store, or
	// taken if another record holds plain.
	Put(tx *store.Tx, catalog, id, old, plain string) (sealed string, taken bool, err error)
	// Remove forgets the stored value of a record purged in tx.
	Remove(tx *store.Tx, catalog, id, sealed string) error
	// Open returns the PIN in a stored value.
	Open(catalog, id, sealed string) (string, error)
}

// SetSecret sets what keeps PIN fields. Call it before serving; without
// it, catalogs with PIN fields refuse new PINs.
func (w *writer) SetSecret(sec Secret) { w.secret = sec }

// maskSecrets replaces stored PINs in values (a copy the caller owns) by
// true: nobody reads a PIN from a record, only through PinReveal.
func maskSecrets(d *Def, values map[string]any) {
	for _, f := range d.Fields {
		if f.Type != api.FieldPin {
			continue
		}
		if v, ok := values[f.Key]; ok && v != nil && v != "" {
			values[f.Key] = true
		} else {
			delete(values, f.Key)
		}
	}
}

// pinField returns the catalog p may change (Edit) and its pin field.
func (w *writer) pinField(p access.Principal, catalog, field string) (*Def, *api.Field, error) {
	d, err := w.reg.def(p, catalog, access.Edit)
	if err != nil {
		return nil, nil, err
	}
	f := d.Field(field)
	if f == nil || f.Type != api.FieldPin {
		return nil, nil, api.Errorf(api.CodeBadRequest, "no PIN field %q in %s", field, d.Key)
	}
	if w.secret == nil {
		return nil, nil, api.Errorf(api.CodeUnavailable, "PIN codes are not configured on this server")
	}
	return d, f, nil
}

// PinGenerate returns a new PIN for a record's pin field (req.ID "" for a
// record being created). The PIN is reserved for p and that record; it is
// stored only when the record is saved with it. The generation is audited
// (without the PIN).
func (w *writer) PinGenerate(p access.Principal, addr string, req api.PinGenerateRequest) (api.PinGenerated, error) {
	d, f, err := w.pinField(p, req.Catalog, req.Field)
	if err != nil {
		return api.PinGenerated{}, err
	}
	if req.ID == "" && !p.Can(d.Key, access.Create) {
		return api.PinGenerated{}, api.Errorf(api.CodeForbidden, "not allowed to create in catalog %q", d.Key)
	}
	var pin string
	err = w.db.Update(func(tx *store.Tx) error {
		target, previous := d.Key+"/new", ""
		if req.ID != "" {
			r, err := w.recs.visible(tx, d, &p, req.ID)
			if err != nil {
				return err
			}
			if r.Deleted != nil {
				return conflict(r, "the record is deleted; restore it first")
			}
			target, previous = d.Key+"/"+r.ID, r.Str(f.Key)
		}
		var err error
		if pin, err = w.secret.Generate(tx, p.Login, d.Key, req.ID, previous); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: w.now(), Actor: p.Login, Addr: addr, Action: "pin.generate",
			Target: target, Result: "ok", Detail: f.Key})
	})
	if err != nil {
		return api.PinGenerated{}, fmt.Errorf("generate a PIN in %s: %w", d.Key, err)
	}
	return api.PinGenerated{Pin: pin, Length: len(pin)}, nil
}

// PinReveal returns the stored PIN of a record's pin field, for a user who
// may change the catalog (so that it can be read out to its holder). Every
// reveal is audited (without the PIN).
func (w *writer) PinReveal(p access.Principal, addr string, req api.PinRevealRequest) (api.PinRevealed, error) {
	d, f, err := w.pinField(p, req.Catalog, req.Field)
	if err != nil {
		return api.PinRevealed{}, err
	}
	var pin string
	err = w.db.Update(func(tx *store.Tx) error {
		r, err := w.recs.visible(tx, d, &p, req.ID)
		if err != nil {
			return err
		}
		if r.Deleted != nil {
			// A deleted user's PIN does not work; nobody needs to read it.
			return conflict(r, "the record is deleted; restore it first")
		}
		sealed := r.Str(f.Key)
		if sealed == "" {
			return api.Errorf(api.CodeNotFound, "no PIN set")
		}
		if pin, err = w.secret.Open(d.Key, r.ID, sealed); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: w.now(), Actor: p.Login, Addr: addr, Action: "pin.reveal",
			Target: d.Key + "/" + r.ID, Result: "ok", Detail: f.Key})
	})
	if err != nil {
		return api.PinRevealed{}, fmt.Errorf("reveal PIN of %s/%s: %w", d.Key, req.ID, err)
	}
	return api.PinRevealed{Pin: pin}, nil
}

// seal stores the new PINs of a save (plain PINs by field) inside its
// transaction and puts their sealed values in rec.
func (w *writer) seal(tx *store.Tx, d *Def, old, rec *Record, pins map[string]string) error {
	for key, plain := range pins {
		prev := ""
		if old != nil {
			prev = old.Str(key)
		}
		sealed, taken, err := w.secret.Put(tx, d.Key, rec.ID, prev, plain)
		if err != nil {
			return fmt.Errorf("store PIN: %w", err)
		}
		if taken {
			return &api.Error{Code: api.CodeValidation, Message: "the PIN was issued to another record; generate a new one",
				Fields: map[string]api.Code{key: api.FieldPinTaken}}
		}
		rec.Values[key] = sealed
	}
	return nil
}

// forgetSecrets drops the PINs of r, purged in tx, so they may be issued
// again.
func (w *writer) forgetSecrets(tx *store.Tx, d *Def, r *Record) error {
	for _, f := range d.Fields {
		if v := r.Str(f.Key); f.Type == api.FieldPin && v != "" && w.secret != nil {
			if err := w.secret.Remove(tx, d.Key, r.ID, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// newPin checks a pin field's value in a save by p of record id ("" on
// create): nothing, "" or true (the masked value) keeps the stored PIN;
// anything else must be a PIN generated for p and this record. The code
// never echoes the value.
func (w *writer) newPin(p access.Principal, d *Def, id string, raw any) (string, api.Code) {
	if raw == nil || raw == "" || raw == true {
		// true is the masked value a card read: sent back, it changes nothing.
		return "", ""
	}
	plain, ok := raw.(string)
	if !ok || w.secret == nil || len(plain) != w.secret.Length() {
		return "", api.FieldBadValue
	}
	for _, c := range plain {
		if c < '0' || c > '9' {
			return "", api.FieldBadValue
		}
	}
	if !w.secret.Reserved(p.Login, d.Key, id, plain) {
		return "", api.FieldPinNotGenerated
	}
	return plain, ""
}

// hasSecret reports whether r holds a value in a pin field.
func hasSecret(d *Def, r *Record) bool {
	for _, f := range d.Fields {
		if f.Type == api.FieldPin && r.Str(f.Key) != "" {
			return true
		}
	}
	return false
}

// ClearSecrets removes every PIN of record catalog/id, and what each PIN
// was bound to (Field.Clears), on behalf of the system: used when the PIN
// key is replaced and the sealed PINs can no longer be opened. Each cleared
// record is audited as "pin.clear" and published like any change.
func (w *writer) ClearSecrets(catalog, id string) error {
	d := w.reg.defs[catalog]
	if d == nil {
		return fmt.Errorf("clear PINs: no catalog %q", catalog)
	}
	return w.Amend(catalog, id, func(r *Record) (bool, store.AuditRecord, error) {
		if r == nil || !hasSecret(d, r) {
			return false, store.AuditRecord{}, nil
		}
		for _, f := range d.Fields {
			if f.Type == api.FieldPin && r.Str(f.Key) != "" {
				delete(r.Values, f.Key)
				for _, k := range f.Clears {
					delete(r.Values, k)
				}
			}
		}
		return true, store.AuditRecord{Actor: "system", Action: "pin.clear", Target: catalog + "/" + id, Result: "ok"}, nil
	})
}

// HasSecret reports whether record catalog/id exists and holds a PIN
// (deleted or not: its PIN stays indexed until the record is purged). The
// operator's check asks it for every entry of the PIN index.
func (w *writer) HasSecret(catalog, id string) (bool, error) {
	d := w.reg.defs[catalog]
	if d == nil {
		return false, nil
	}
	var has bool
	err := w.db.View(func(tx *store.Tx) error {
		r, err := w.recs.get(tx, catalog, id)
		has = r != nil && hasSecret(d, r)
		return err
	})
	return has, err
}
