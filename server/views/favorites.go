package views

import (
	"fmt"
	"strconv"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/store"
)

const favoritesBucket store.Bucket = "favorites" // api.Favorites by login

// Favorites returns p's home page tiles, leaving out catalogs p may no
// longer read.
func (s *Service) Favorites(p access.Principal) (api.Favorites, error) {
	var f api.Favorites
	if err := s.db.View(func(tx *store.Tx) error { _, err := tx.Get(favoritesBucket, p.Login, &f); return err }); err != nil {
		return api.Favorites{}, fmt.Errorf("read favorites: %w", err)
	}
	out := api.Favorites{Catalogs: []string{}}
	for _, c := range f.Catalogs {
		if s.readable(p, c) == nil {
			out.Catalogs = append(out.Catalogs, c)
		}
	}
	return out, nil
}

// SaveFavorites keeps p's tiles: catalogs p may read, each once.
func (s *Service) SaveFavorites(p access.Principal, addr string, f api.Favorites) (api.Favorites, error) {
	if len(f.Catalogs) > api.MaxFavorites {
		return api.Favorites{}, &api.Error{Code: api.CodeTooMany, Message: fmt.Sprintf("at most %d favorites; remove one first", api.MaxFavorites),
			Args: map[string]string{"limit": strconv.Itoa(api.MaxFavorites)}}
	}
	seen := map[string]bool{}
	for _, c := range f.Catalogs {
		if err := s.readable(p, c); err != nil {
			return api.Favorites{}, err
		}
		if seen[c] {
			return api.Favorites{}, api.Errorf(api.CodeBadRequest, "%q is in the list twice", c)
		}
		seen[c] = true
	}
	if f.Catalogs == nil {
		f.Catalogs = []string{}
	}
	err := s.db.Update(func(tx *store.Tx) error {
		if err := tx.Put(favoritesBucket, p.Login, f); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: s.now(), Actor: p.Login, Addr: addr, Action: "favorites.save", Result: "ok",
			Detail: fmt.Sprint(f.Catalogs)})
	})
	if err != nil {
		return api.Favorites{}, fmt.Errorf("save favorites: %w", err)
	}
	return f, nil
}
