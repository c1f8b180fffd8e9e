package catalog

import (
	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/store"
)

// What administration asks of the catalogs: which catalogs a role grants
// levels in, and the name of a sync point given to a user.

// RoleCatalogs lists every catalog (children after their parent) with the
// highest level a role can give there: read in catalogs only loaders
// change.
func (g *registry) RoleCatalogs() []api.RoleCatalog {
	out := make([]api.RoleCatalog, 0, len(g.order))
	for _, d := range g.order {
		max := access.Delete
		if d.LoaderOnly {
			max = access.Read
		}
		out = append(out, api.RoleCatalog{Key: d.Key, Label: d.Label, Group: d.Group, Max: max.String()})
	}
	return out
}

// Ref names the live record id of catalog (title and code), as a trusted
// reader sees it; false when there is none.
func (rd *reader) Ref(catalog, id string) (api.Ref, bool) {
	d := rd.reg.defs[catalog]
	if d == nil || id == "" {
		return api.Ref{}, false
	}
	var out api.Ref
	var ok bool
	rd.db.View(func(tx *store.Tx) error {
		r := rd.recs.resolve(tx, nil, catalog, id)
		if r == nil {
			return nil
		}
		out, ok = api.Ref{ID: id, Label: r.Str(d.TitleField)}, true
		if d.CodeField != "" {
			out.Code = r.Str(d.CodeField)
		}
		return nil
	})
	return out, ok
}
