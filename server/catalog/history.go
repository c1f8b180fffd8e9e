package catalog

import (
	"encoding/json"
	"fmt"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/store"
)

// History returns the audit entries of one record p may see, newest first:
// its creation, changes, deletion and restoration and, for records with a
// PIN, every generation, reveal and binding.
func (s *Service) History(p access.Principal, req api.HistoryRequest) (api.History, error) {
	d, err := s.def(p, req.Catalog, access.Read)
	if err != nil {
		return api.History{}, err
	}
	limit := req.Limit
	if limit <= 0 || limit > api.MaxHistory {
		limit = api.MaxHistory
	}
	out := api.History{Entries: []api.HistoryEntry{}}
	found := false
	err = s.db.View(func(tx *store.Tx) error {
		r, err := getRecord(tx, d.Key, req.ID)
		if err != nil || r == nil || !sees(d, p, r) {
			return err
		}
		found = true
		recs, err := tx.AuditFor(d.Key+"/"+r.ID, limit)
		for _, a := range recs {
			out.Entries = append(out.Entries, s.historyEntry(tx, d, a))
		}
		return err
	})
	if err != nil {
		return api.History{}, fmt.Errorf("history of %s/%s: %w", d.Key, req.ID, err)
	}
	if !found {
		return api.History{}, api.Errorf(api.CodeNotFound, "no record %s in %s", req.ID, d.Key)
	}
	return out, nil
}

// Title returns the name of a record as pickers and messages show it ("" if
// there is no such record).
func (s *Service) Title(catalog, id string) string {
	var title string
	s.db.View(func(tx *store.Tx) error { title = s.titleIn(tx, catalog, id); return nil })
	return title
}

// titleIn is Title inside a transaction.
func (s *Service) titleIn(tx *store.Tx, catalog, id string) string {
	d := s.defs[catalog]
	if d == nil || id == "" {
		return ""
	}
	if r, _ := getRecord(tx, catalog, id); r != nil {
		return r.Str(d.TitleField)
	}
	return ""
}

// historyEntry turns an audit record into what the card's history shows:
// a change's JSON diff (see diff) becomes field changes in the catalog's
// field order, with the names of referenced records; a device action keeps
// the device id; other details (an audit line's own wording) stay in the
// audit trail.
func (s *Service) historyEntry(tx *store.Tx, d *Def, a store.AuditRecord) api.HistoryEntry {
	e := api.HistoryEntry{At: stamp(a.At), Actor: a.Actor, Action: a.Action}
	switch a.Action {
	case "pin.bind", "pin.sync", "pin.refused":
		e.Detail = a.Detail
		return e
	case "record.create", "record.update":
	default:
		return e
	}
	var changes map[string]json.RawMessage
	if json.Unmarshal([]byte(a.Detail), &changes) != nil {
		return e // a diff cut short at 2000 bytes: the action alone
	}
	label := func(f *api.Field, v any) string {
		if id, _ := v.(string); f.Type == api.FieldRef {
			return s.titleIn(tx, f.Ref, id)
		}
		return ""
	}
	for _, f := range d.Fields {
		raw, ok := changes[f.Key]
		if !ok {
			continue
		}
		c := api.HistoryChange{Field: f.Key}
		var pair [2]any
		if f.Type != api.FieldPin && json.Unmarshal(raw, &pair) == nil {
			c.From, c.To = pair[0], pair[1]
			c.FromLabel, c.ToLabel = label(&f, c.From), label(&f, c.To)
		}
		e.Changes = append(e.Changes, c)
	}
	return e
}
