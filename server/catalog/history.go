package catalog

import (
	"encoding/json"
	"fmt"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/store"
)

// History returns the audit entries of one record p may see, newest first:
// every audit record about it (its creation, changes, deletion and
// restoration, and what other services did to it, such as PIN generations
// and reveals).
func (rd *reader) History(p access.Principal, req api.HistoryRequest) (api.History, error) {
	d, err := rd.reg.def(p, req.Catalog, access.Read)
	if err != nil {
		return api.History{}, err
	}
	limit := req.Limit
	if limit <= 0 || limit > api.MaxHistory {
		limit = api.MaxHistory
	}
	out := api.History{Entries: []api.HistoryEntry{}}
	err = rd.db.View(func(tx *store.Tx) error {
		r, err := rd.recs.visible(tx, d, &p, req.ID)
		if err != nil {
			return err
		}
		recs, err := tx.AuditFor(d.Key+"/"+r.ID, limit)
		for _, a := range recs {
			out.Entries = append(out.Entries, rd.historyEntry(tx, p, d, a))
		}
		return err
	})
	if err != nil {
		return api.History{}, fmt.Errorf("history of %s/%s: %w", d.Key, req.ID, err)
	}
	return out, nil
}

// RenderHistory declares how the card's history shows the detail of an
// audit action that another service writes about records (the mobile
// module's pin.bind, for one): detail returns the text to show. The
// detail of an action nobody declared stays in the audit trail, since it
// may hold words meant for an operator. Call it before serving.
func (rd *reader) RenderHistory(action string, detail func(a store.AuditRecord) string) {
	rd.history[action] = detail
}

// Title returns the name of a record as pickers and messages show it ("" if
// there is no such record).
func (rd *reader) Title(catalog, id string) string {
	var title string
	rd.db.View(func(tx *store.Tx) error { title = rd.recs.title(tx, catalog, id); return nil })
	return title
}

// historyEntry turns an audit record into what the card's history shows
// p: a change's JSON diff (see diff) becomes field changes in the
// catalog's field order, with the names of referenced records ("name ·
// code · owner", as far as p may see them, see refNames); an action another
// service declared (RenderHistory) gets its detail.
func (rd *reader) historyEntry(tx *store.Tx, p access.Principal, d *Def, a store.AuditRecord) api.HistoryEntry {
	e := api.HistoryEntry{At: stamp(a.At), Actor: a.Actor, Action: a.Action}
	if a.Action != "record.create" && a.Action != "record.update" {
		if detail := rd.history[a.Action]; detail != nil {
			e.Detail = detail(a)
		}
		return e
	}
	var changes map[string]json.RawMessage
	if json.Unmarshal([]byte(a.Detail), &changes) != nil {
		return e // a diff cut short at 2000 bytes: the action alone
	}
	names := rd.recs.names(tx, &p, "")
	label := func(f *api.Field, v any) string {
		if id, _ := v.(string); f.Type == api.FieldRef && id != "" {
			return names.text(rd.reg.defs[f.Ref], id)
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
