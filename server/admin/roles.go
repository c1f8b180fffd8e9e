package admin

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

// MaxRoleLabelLen caps a role's label, in characters.
const MaxRoleLabelLen = 100

var roleKeyRe = regexp.MustCompile(`^[a-z][a-z0-9_]{1,31}$`)

// Roles lists the roles and what a role can grant (RightAdminRoles or
// RightAdminUsers).
func (s *Service) Roles(p access.Principal) (api.Roles, error) {
	if err := need(p, api.RightAdminRoles, api.RightAdminUsers); err != nil {
		return api.Roles{}, err
	}
	var out api.Roles
	err := s.d.DB.View(func(tx *store.Tx) (err error) {
		out, err = s.rolesTx(tx)
		return err
	})
	if err != nil {
		return api.Roles{}, fmt.Errorf("list roles: %w", err)
	}
	return out, nil
}

// rolesTx is every role as tx sees them, with how many users hold each.
func (s *Service) rolesTx(tx *store.Tx) (api.Roles, error) {
	book, err := s.d.Book.Load(tx)
	if err != nil {
		return api.Roles{}, err
	}
	held, err := holders(tx)
	if err != nil {
		return api.Roles{}, err
	}
	out := api.Roles{Rights: book.Rights(), Catalogs: s.d.Catalogs()}
	for _, r := range book.Roles() {
		out.Roles = append(out.Roles, apiRole(r, len(held[r.Key])))
	}
	if out.Catalogs == nil {
		out.Catalogs = []api.RoleCatalog{}
	}
	return out, nil
}

// holders are the logins holding each role key.
func holders(tx *store.Tx) (map[string][]string, error) {
	out := map[string][]string{}
	err := auth.ForEachUser(tx, func(u auth.User) error {
		for _, k := range u.Roles {
			out[k] = append(out[k], u.Login)
		}
		return nil
	})
	return out, err
}

func apiRole(r access.Role, users int) api.Role {
	a := api.Role{Key: r.Key, Label: r.Label, BuiltIn: r.BuiltIn, Default: r.Default.String(),
		Rights: slices.Clone(r.Rights), AllSyncPoints: r.AllSyncPoints, Users: users, Version: r.Version}
	if len(r.Catalogs) > 0 {
		a.Catalogs = make(map[string]string, len(r.Catalogs))
		for k, l := range r.Catalogs {
			a.Catalogs[k] = l.String()
		}
	}
	return a
}

// SaveRole creates or changes a role (RightAdminRoles); built-in roles are
// refused; a change that would leave no active administrator is refused
// last_admin.
func (s *Service) SaveRole(p access.Principal, addr string, req api.RoleSave) (api.Role, Effect, error) {
	if err := need(p, api.RightAdminRoles); err != nil {
		return api.Role{}, Effect{}, err
	}
	key := strings.TrimSpace(req.Role.Key)
	if access.IsBuiltin(key) && !req.New {
		return api.Role{}, Effect{}, api.Errorf(api.CodeForbidden, "built-in roles can only be copied")
	}
	now := s.d.Now()
	var out api.Role
	var eff Effect
	var stored access.Role
	unchanged := false
	err := s.d.DB.Update(func(tx *store.Tx) error {
		before, err := s.d.Book.Load(tx)
		if err != nil {
			return err
		}
		old, exists, err := access.GetRole(tx, key)
		if err != nil {
			return err
		}
		if !req.New && !exists {
			return api.Errorf(api.CodeNotFound, "no role %q", key)
		}
		if !req.New && req.Based != old.Version {
			return conflict(tx, "role:"+key, "role.", "the role was changed by someone else")
		}
		r, err := s.checkRole(before, req, key, exists)
		if err != nil {
			return err
		}
		var was *access.Role
		if !req.New {
			was = &old
		}
		detail := roleChanges(was, r)
		if !req.New && len(detail) == 0 {
			held, err := holders(tx)
			out, unchanged = apiRole(old, len(held[key])), true
			return err
		}
		admins0, err := admins(tx, before)
		if err != nil {
			return err
		}
		if stored, err = access.PutRole(tx, r); err != nil {
			return err
		}
		after, err := s.d.Book.Load(tx)
		if err != nil {
			return err
		}
		if err := keepAdmin(tx, after, admins0); err != nil {
			return err
		}
		action := "role.update"
		if req.New {
			action = "role.create"
		}
		if err := tx.Audit(store.AuditRecord{At: now, Actor: p.Login, Addr: addr, Action: action,
			Target: "role:" + key, Result: "ok", Detail: detail.String()}); err != nil {
			return err
		}
		held, err := holders(tx)
		if err != nil {
			return err
		}
		eff.Rights = held[key]
		out = apiRole(stored, len(held[key]))
		return nil
	})
	if err != nil {
		return api.Role{}, Effect{}, fmt.Errorf("save role %q: %w", key, err)
	}
	if !unchanged {
		s.d.Book.Set(stored)
	}
	return out, eff, nil
}

// checkRole validates a save and returns the role to store. Every fault
// is reported at once.
func (s *Service) checkRole(book *access.Book, req api.RoleSave, key string, exists bool) (access.Role, error) {
	var f fieldErrors
	in := req.Role
	switch {
	case key == "":
		f.fail("key", api.FieldRequired)
	case req.New && !roleKeyRe.MatchString(key):
		f.fail("key", api.FieldBadValue)
	case req.New && (exists || access.IsBuiltin(key)):
		f.fail("key", api.FieldUnique)
	}
	r := access.Role{Key: key, Label: api.LocalText{RU: strings.TrimSpace(in.Label.RU), EN: strings.TrimSpace(in.Label.EN)},
		AllSyncPoints: in.AllSyncPoints}
	if r.Label.RU == "" {
		f.fail("label.ru", api.FieldRequired)
	}
	if r.Label.EN == "" {
		r.Label.EN = r.Label.RU
	}
	for field, v := range map[string]string{"label.ru": r.Label.RU, "label.en": r.Label.EN} {
		if utf8.RuneCountInString(v) > MaxRoleLabelLen {
			f.fail(field, api.FieldTooLong)
			f.arg(field, fmt.Sprint(MaxRoleLabelLen))
		}
	}
	var ok bool
	if r.Default, ok = access.ParseLevel(in.Default); !ok {
		f.fail("default", api.FieldBadValue)
	}
	catalogs := map[string]api.RoleCatalog{}
	for _, c := range s.d.Catalogs() {
		catalogs[c.Key] = c
	}
	for _, k := range slices.Sorted(maps.Keys(in.Catalogs)) {
		field := "catalogs." + k
		c, known := catalogs[k]
		l, ok := access.ParseLevel(in.Catalogs[k])
		if !known || !ok {
			f.fail(field, api.FieldBadValue)
			continue
		}
		// A level above what the catalog allows (edit in a catalog only
		// loaders change) would promise what nobody gets.
		if most, ok := access.ParseLevel(c.Max); ok && l > most {
			f.fail(field, api.FieldBadValue)
			f.arg(field, c.Max)
			continue
		}
		if r.Catalogs == nil {
			r.Catalogs = map[string]access.Level{}
		}
		r.Catalogs[k] = l
	}
	for _, right := range in.Rights {
		if !book.Knows(right) {
			f.fail("rights", api.FieldBadValue)
			f.arg("rights", right)
			continue
		}
		if !slices.Contains(r.Rights, right) {
			r.Rights = append(r.Rights, right)
		}
	}
	slices.Sort(r.Rights)
	return r, f.err("the role")
}

// roleChanges is the audit detail of a role's change (was nil: created).
func roleChanges(was *access.Role, now access.Role) changes {
	var old access.Role
	var c changes
	if was != nil {
		old = *was
	}
	c.add("label.ru", old.Label.RU, now.Label.RU)
	c.add("label.en", old.Label.EN, now.Label.EN)
	oldDefault := ""
	if was != nil {
		oldDefault = old.Default.String()
	}
	c.add("default", oldDefault, now.Default.String())
	keys := slices.Sorted(maps.Keys(old.Catalogs))
	for k := range now.Catalogs {
		if _, ok := old.Catalogs[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		c.add("catalogs."+k, levelName(old.Catalogs, k), levelName(now.Catalogs, k))
	}
	c.add("rights", strings.Join(old.Rights, ", "), strings.Join(now.Rights, ", "))
	c.add("allSyncPoints", yes(was != nil && old.AllSyncPoints, was != nil), yes(now.AllSyncPoints, true))
	return c
}

func levelName(m map[string]access.Level, k string) string {
	if l, ok := m[k]; ok {
		return l.String()
	}
	return ""
}

// yes is a flag for the audit trail ("" when there was no value).
func yes(v, known bool) string {
	switch {
	case !known:
		return ""
	case v:
		return "yes"
	}
	return "no"
}

// DeleteRole deletes an unused, not built-in role (RightAdminRoles).
func (s *Service) DeleteRole(p access.Principal, addr string, key string) (api.Roles, Effect, error) {
	if err := need(p, api.RightAdminRoles); err != nil {
		return api.Roles{}, Effect{}, err
	}
	if access.IsBuiltin(key) {
		return api.Roles{}, Effect{}, api.Errorf(api.CodeForbidden, "built-in roles can only be copied")
	}
	now := s.d.Now()
	var out api.Roles
	err := s.d.DB.Update(func(tx *store.Tx) error {
		old, exists, err := access.GetRole(tx, key)
		if err != nil {
			return err
		}
		if !exists {
			return api.Errorf(api.CodeNotFound, "no role %q", key)
		}
		held, err := holders(tx)
		if err != nil {
			return err
		}
		// Nobody holds it, so nobody's rights change and the last
		// administrator is safe.
		if n := len(held[key]); n > 0 {
			return &api.Error{Code: api.CodeInUse, Message: fmt.Sprintf("%d users hold the role", n),
				Args: map[string]string{"users": fmt.Sprint(n)}}
		}
		if err := access.DeleteRole(tx, key); err != nil {
			return err
		}
		gone := roleChanges(nil, old)
		if err := tx.Audit(store.AuditRecord{At: now, Actor: p.Login, Addr: addr, Action: "role.delete",
			Target: "role:" + key, Result: "ok", Detail: "was " + gone.String()}); err != nil {
			return err
		}
		out, err = s.rolesTx(tx)
		return err
	})
	if err != nil {
		return api.Roles{}, Effect{}, fmt.Errorf("delete role %q: %w", key, err)
	}
	s.d.Book.Forget(key)
	return out, Effect{}, nil
}
