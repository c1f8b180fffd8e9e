// Package views keeps how each user shapes their work: the favorites on
// their home page, and for each catalog's list form
// settings (the layout they saved, restored at the next sign-in) and named
// views — built-in ones, ones an administrator shared with a role, and the
// user's own. Changing a shared view's layout changes it only for that user
// (their form settings, a personal layer) until they save it as their own.
package views

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// Buckets this package owns.
const (
	settingsBucket store.Bucket = "settings"      // FormSettings by login + "\x00" + catalog
	viewsBucket    store.Bucket = "views"         // view by id
	defaultsBucket store.Bucket = "view_defaults" // default view id by login + "\x00" + catalog
)

// Limits on what one user keeps (a view's name: api.MaxViewName).
const (
	MaxViewsPerUser = 100 // per catalog
	builtinPrefix   = "builtin:"
)

// view is a stored view.
type view struct {
	ID      string     `json:"id"`
	Catalog string     `json:"catalog"`
	Name    string     `json:"name"`
	Owner   string     `json:"owner"`
	Roles   []string   `json:"roles,omitempty"`
	Layout  api.Layout `json:"layout"`
	Changed time.Time  `json:"changed"`
}

// Service keeps settings and views. It is safe for concurrent use: each
// write checks and writes in one Update, and writers run one at a time.
type Service struct {
	db  store.Store
	cat *catalog.Service
	now func() time.Time
	// roleExists tells whether a view may be shared with a role key
	// (UseRoles); the built-in roles until the server gives its book.
	roleExists func(key string) bool
}

// UseRoles sets how Share checks role keys (the roles as data: a
// lookup in the server's access.Book). Call it before serving.
func (s *Service) UseRoles(exists func(key string) bool) { s.roleExists = exists }

// Open prepares the buckets.
func Open(db store.Store, cat *catalog.Service, now func() time.Time) (*Service, error) {
	if err := db.EnsureBuckets(settingsBucket, viewsBucket, defaultsBucket, favoritesBucket); err != nil {
		return nil, fmt.Errorf("open views: %w", err)
	}
	return &Service{db: db, cat: cat, now: now, roleExists: access.IsBuiltin}, nil
}

func userKey(login, catalog string) string { return login + "\x00" + catalog }

// Settings returns p's saved form settings of a catalog.
func (s *Service) Settings(p access.Principal, catalogKey string) (api.FormSettings, error) {
	if err := s.readable(p, catalogKey); err != nil {
		return api.FormSettings{}, err
	}
	out := api.FormSettings{Catalog: catalogKey}
	err := s.db.View(func(tx *store.Tx) error {
		_, err := tx.Get(settingsBucket, userKey(p.Login, catalogKey), &out)
		return err
	})
	if err != nil {
		return api.FormSettings{}, fmt.Errorf("read settings: %w", err)
	}
	// A layout saved before the catalog lost a field must not break the
	// list: drop what no longer fits.
	if out.Layout != nil && s.cat.CheckLayout(p, catalogKey, *out.Layout) != nil {
		out.Layout = nil
	}
	return out, nil
}

// SaveSettings keeps p's layout of a catalog, checked against the catalog.
func (s *Service) SaveSettings(p access.Principal, addr string, fs api.FormSettings) (api.FormSettings, error) {
	if err := s.readable(p, fs.Catalog); err != nil {
		return api.FormSettings{}, err
	}
	if fs.Layout != nil {
		if err := s.cat.CheckLayout(p, fs.Catalog, *fs.Layout); err != nil {
			return api.FormSettings{}, err
		}
	}
	if fs.View != "" {
		if _, err := s.visibleIn(p, fs.Catalog, fs.View); err != nil {
			return api.FormSettings{}, err
		}
	}
	err := s.db.Update(func(tx *store.Tx) error {
		if err := tx.Put(settingsBucket, userKey(p.Login, fs.Catalog), fs); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: s.now(), Actor: p.Login, Addr: addr, Action: "settings.save", Target: fs.Catalog, Result: "ok"})
	})
	if err != nil {
		return api.FormSettings{}, fmt.Errorf("save settings: %w", err)
	}
	return fs, nil
}

// ResetSettings forgets p's layout of a catalog and their default view.
func (s *Service) ResetSettings(p access.Principal, addr, catalogKey string) (api.FormSettings, error) {
	if err := s.readable(p, catalogKey); err != nil {
		return api.FormSettings{}, err
	}
	err := s.db.Update(func(tx *store.Tx) error {
		if err := tx.Delete(settingsBucket, userKey(p.Login, catalogKey)); err != nil {
			return err
		}
		if err := tx.Delete(defaultsBucket, userKey(p.Login, catalogKey)); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: s.now(), Actor: p.Login, Addr: addr, Action: "settings.reset", Target: catalogKey, Result: "ok"})
	})
	if err != nil {
		return api.FormSettings{}, fmt.Errorf("reset settings: %w", err)
	}
	return api.FormSettings{Catalog: catalogKey}, nil
}

func (s *Service) readable(p access.Principal, catalogKey string) error {
	if s.cat.Def(catalogKey) == nil || !p.Can(catalogKey, access.Read) {
		return api.Errorf(api.CodeNotFound, "no catalog %q", catalogKey)
	}
	return nil
}

// Views lists the views of a catalog p may use: built-in, shared with one
// of p's roles, and p's own; the default one marked.
func (s *Service) Views(p access.Principal, catalogKey string) (api.Views, error) {
	if err := s.readable(p, catalogKey); err != nil {
		return api.Views{}, err
	}
	out := api.Views{Catalog: catalogKey, Views: s.builtins(catalogKey)}
	var def string
	err := s.db.View(func(tx *store.Tx) error {
		if _, err := tx.Get(defaultsBucket, userKey(p.Login, catalogKey), &def); err != nil {
			return err
		}
		return tx.ForEach(viewsBucket, func(k string, raw []byte) error {
			var v view
			if err := store.Decode(raw, &v); err != nil {
				return fmt.Errorf("decode view %s: %w", k, err)
			}
			if v.Catalog == catalogKey && (v.Owner == p.Login || sharedWith(p, v)) {
				out.Views = append(out.Views, toAPI(p, v))
			}
			return nil
		})
	})
	if err != nil {
		return api.Views{}, fmt.Errorf("list views: %w", err)
	}
	sort.SliceStable(out.Views, func(i, j int) bool {
		a, b := out.Views[i], out.Views[j]
		if a.BuiltIn != b.BuiltIn {
			return a.BuiltIn
		}
		return strings.ToLower(a.Name) < strings.ToLower(b.Name)
	})
	for i := range out.Views {
		out.Views[i].Default = out.Views[i].ID == def
	}
	return out, nil
}

func sharedWith(p access.Principal, v view) bool {
	for _, r := range v.Roles {
		if p.HasRole(r) {
			return true
		}
	}
	return false
}

func toAPI(p access.Principal, v view) api.View {
	return api.View{ID: v.ID, Catalog: v.Catalog, Name: v.Name, Owner: v.Owner, Roles: v.Roles, Layout: v.Layout, Mine: v.Owner == p.Login}
}

// visibleIn returns a view of catalog p may use.
func (s *Service) visibleIn(p access.Principal, catalog, id string) (api.View, error) {
	v, err := s.visible(p, id)
	if err == nil && v.Catalog != catalog {
		err = api.Errorf(api.CodeBadRequest, "view %q is not of %s", id, catalog)
	}
	return v, err
}

// visible returns a view p may use.
func (s *Service) visible(p access.Principal, id string) (api.View, error) {
	if rest, ok := strings.CutPrefix(id, builtinPrefix); ok {
		catalog, _, _ := strings.Cut(rest, ":")
		for _, b := range s.builtins(catalog) {
			if b.ID == id && p.Can(b.Catalog, access.Read) {
				return b, nil
			}
		}
		return api.View{}, api.Errorf(api.CodeNotFound, "no view %q", id)
	}
	var v view
	var ok bool
	err := s.db.View(func(tx *store.Tx) (err error) { ok, err = tx.Get(viewsBucket, id, &v); return })
	if err != nil {
		return api.View{}, fmt.Errorf("read view: %w", err)
	}
	if !ok || (v.Owner != p.Login && !sharedWith(p, v)) || !p.Can(v.Catalog, access.Read) {
		return api.View{}, api.Errorf(api.CodeNotFound, "no view %q", id)
	}
	return toAPI(p, v), nil
}

// SaveView creates a view of p's own, or overwrites (renames) one. Names
// are unique per user and catalog, ignoring case.
func (s *Service) SaveView(p access.Principal, addr string, req api.ViewSave) (api.View, error) {
	if err := s.readable(p, req.Catalog); err != nil {
		return api.View{}, err
	}
	name := strings.TrimSpace(req.Name)
	switch {
	case name == "":
		return api.View{}, &api.Error{Code: api.CodeValidation, Fields: map[string]api.Code{"name": api.FieldRequired}}
	case api.ViewNameTooLong(name):
		return api.View{}, &api.Error{Code: api.CodeValidation, Fields: map[string]api.Code{"name": api.FieldTooLong}}
	}
	if err := s.cat.CheckLayout(p, req.Catalog, req.Layout); err != nil {
		return api.View{}, err
	}
	var out view
	err := s.db.Update(func(tx *store.Tx) error {
		own := 0
		var clash bool
		var existing view
		err := tx.ForEach(viewsBucket, func(k string, raw []byte) error {
			var v view
			if err := store.Decode(raw, &v); err != nil {
				return err
			}
			if v.Owner != p.Login || v.Catalog != req.Catalog {
				return nil
			}
			own++
			if v.ID == req.ID {
				existing = v
			} else if strings.EqualFold(v.Name, name) {
				clash = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		if clash {
			return &api.Error{Code: api.CodeValidation, Message: "a view with this name exists", Fields: map[string]api.Code{"name": api.FieldUnique}}
		}
		action := "view.update"
		if req.ID == "" {
			if own >= MaxViewsPerUser {
				return &api.Error{Code: api.CodeValidation, Message: fmt.Sprintf("at most %d views per catalog", MaxViewsPerUser),
					Fields: map[string]api.Code{"name": api.FieldTooMany}}
			}
			seq, err := tx.NextSeq(viewsBucket)
			if err != nil {
				return err
			}
			existing = view{ID: fmt.Sprintf("v%d", seq), Catalog: req.Catalog, Owner: p.Login}
			action = "view.create"
		} else if existing.ID == "" {
			return api.Errorf(api.CodeNotFound, "no view %q of yours", req.ID)
		}
		existing.Name, existing.Layout, existing.Changed = name, req.Layout, s.now()
		out = existing
		if err := tx.Put(viewsBucket, existing.ID, existing); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: s.now(), Actor: p.Login, Addr: addr, Action: action, Target: req.Catalog + "/" + existing.ID, Result: "ok", Detail: name})
	})
	if err != nil {
		return api.View{}, err
	}
	return toAPI(p, out), nil
}

// DeleteView deletes one of p's views.
func (s *Service) DeleteView(p access.Principal, addr, id string) (api.Views, error) {
	v, err := s.changeOwn(p, addr, id, "view.delete", func(tx *store.Tx, v *view) (string, error) {
		return v.Name, tx.Delete(viewsBucket, id)
	})
	if err != nil {
		return api.Views{}, err
	}
	return s.Views(p, v.Catalog)
}

// SetDefault makes a view open first for p ("" for the catalog's own
// defaults).
func (s *Service) SetDefault(p access.Principal, addr, catalogKey, id string) (api.Views, error) {
	if err := s.readable(p, catalogKey); err != nil {
		return api.Views{}, err
	}
	if id != "" {
		if _, err := s.visibleIn(p, catalogKey, id); err != nil {
			return api.Views{}, err
		}
	}
	err := s.db.Update(func(tx *store.Tx) error {
		var err error
		if id == "" {
			err = tx.Delete(defaultsBucket, userKey(p.Login, catalogKey))
		} else {
			err = tx.Put(defaultsBucket, userKey(p.Login, catalogKey), id)
		}
		if err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: s.now(), Actor: p.Login, Addr: addr, Action: "view.default", Target: catalogKey + "/" + id, Result: "ok"})
	})
	if err != nil {
		return api.Views{}, fmt.Errorf("set default view: %w", err)
	}
	return s.Views(p, catalogKey)
}

// changeOwn runs change on one of p's own views (anyone else's, or none,
// is not_found) and audits it as action with the detail change returns, in
// one transaction.
func (s *Service) changeOwn(p access.Principal, addr, id, action string, change func(tx *store.Tx, v *view) (detail string, err error)) (view, error) {
	var v view
	err := s.db.Update(func(tx *store.Tx) error {
		ok, err := tx.Get(viewsBucket, id, &v)
		if err != nil {
			return fmt.Errorf("read view %s: %w", id, err)
		}
		if !ok || v.Owner != p.Login {
			return api.Errorf(api.CodeNotFound, "no view %q of yours", id)
		}
		detail, err := change(tx, &v)
		if err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: s.now(), Actor: p.Login, Addr: addr, Action: action, Target: v.Catalog + "/" + id, Result: "ok", Detail: detail})
	})
	return v, err
}

// Share shares one of p's views with roles; it needs the right to
// manage shared views.
func (s *Service) Share(p access.Principal, addr, id string, roles []string) (api.View, error) {
	if !p.Has(api.RightViewsShare) {
		return api.View{}, api.Errorf(api.CodeForbidden, "your rights do not allow sharing views")
	}
	for _, r := range roles {
		if !s.roleExists(r) {
			return api.View{}, api.Errorf(api.CodeBadRequest, "no role %q", r)
		}
	}
	v, err := s.changeOwn(p, addr, id, "view.share", func(tx *store.Tx, v *view) (string, error) {
		v.Roles = roles
		return strings.Join(roles, ","), tx.Put(viewsBucket, id, *v)
	})
	if err != nil {
		return api.View{}, err
	}
	return toAPI(p, v), nil
}
