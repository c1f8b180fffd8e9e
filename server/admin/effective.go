package admin

import (
	"fmt"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

// Effective is what a user may see and do (RightAdminUsers, or one's own).
func (s *Service) Effective(p access.Principal, login string) (api.EffectiveRights, error) {
	login = auth.NormalizeLogin(login)
	if login == "" {
		login = p.Login
	}
	if login != p.Login {
		if err := need(p, api.RightAdminUsers); err != nil {
			return api.EffectiveRights{}, err
		}
	}
	var out api.EffectiveRights
	err := s.d.DB.View(func(tx *store.Tx) error {
		u, err := mustUser(tx, login)
		if err != nil {
			return err
		}
		if out.User, err = s.adminUser(tx, u); err != nil {
			return err
		}
		book, err := s.d.Book.Load(tx)
		if err != nil {
			return err
		}
		out.Catalogs, out.Rights, out.AllSyncPoints, out.AllFrom = effective(book, u.Roles, s.d.Catalogs())
		return nil
	})
	if err != nil {
		return api.EffectiveRights{}, fmt.Errorf("effective rights of %q: %w", login, err)
	}
	return out, nil
}

// effective is what the roles (keys) give in book: every catalog with its
// level (capped at what the catalog allows, as the catalogs enforce it)
// and the roles that give exactly that level, every right with the roles
// that give it, and the roles that lift the row scope.
func effective(book *access.Book, keys []string, catalogs []api.RoleCatalog) ([]api.EffectiveCatalog, []api.EffectiveRight, bool, []string) {
	var roles []access.Role
	for _, k := range keys {
		if r, ok := book.Role(k); ok {
			roles = append(roles, r)
		}
	}
	cats := make([]api.EffectiveCatalog, 0, len(catalogs))
	for _, c := range catalogs {
		most, ok := access.ParseLevel(c.Max)
		if !ok {
			most = access.Delete
		}
		best := access.None
		var from []string
		for _, r := range roles {
			l := min(r.Level(c.Key), most)
			switch {
			case l > best:
				best, from = l, []string{r.Key}
			case l == best && l > access.None:
				from = append(from, r.Key)
			}
		}
		cats = append(cats, api.EffectiveCatalog{Key: c.Key, Label: c.Label, Group: c.Group, Level: best.String(), From: from})
	}
	infos := book.Rights()
	rights := make([]api.EffectiveRight, 0, len(infos))
	for _, info := range infos {
		e := api.EffectiveRight{RightInfo: info}
		for _, r := range roles {
			if r.Holds(info.Key) {
				e.From = append(e.From, r.Key)
			}
		}
		rights = append(rights, e)
	}
	var allFrom []string
	for _, r := range roles {
		if r.AllSyncPoints {
			allFrom = append(allFrom, r.Key)
		}
	}
	return cats, rights, len(allFrom) > 0, allFrom
}
