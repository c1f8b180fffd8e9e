package catalog

import (
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
			out.Entries = append(out.Entries, api.HistoryEntry{At: stamp(a.At), Actor: a.Actor, Action: a.Action, Detail: a.Detail})
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
	d := s.defs[catalog]
	r, err := s.load(catalog, id)
	if d == nil || err != nil || r == nil {
		return ""
	}
	return r.Str(d.TitleField)
}
