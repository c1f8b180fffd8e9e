package admin

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

// MaxNameLen caps a user's full name, in characters.
const MaxNameLen = 200

var (
	// loginRe: logins are typed on phones and in mails; keep them plain.
	loginRe = regexp.MustCompile(`^[a-z0-9._@-]+$`)
	// emailRe and phoneRe are the forms the catalogs' contact rule
	// accepts (server/catalog contactRule), so a person's e-mail that is
	// good on a card is good on a user.
	emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phoneRe = regexp.MustCompile(`^\+?[0-9 ()-]{7,20}$`)
)

// Users lists users (RightAdminUsers).
func (s *Service) Users(p access.Principal, req api.UsersRequest) (api.Users, error) {
	if err := need(p, api.RightAdminUsers); err != nil {
		return api.Users{}, err
	}
	switch req.Status {
	case "", api.UserActive, api.UserDeactivated:
	default:
		return api.Users{}, api.Errorf(api.CodeBadRequest, "no status %q", req.Status)
	}
	words := strings.Fields(strings.ToLower(req.Search))
	out := api.Users{Users: []api.AdminUser{}}
	err := s.d.DB.View(func(tx *store.Tx) error {
		return auth.ForEachUser(tx, func(u auth.User) error {
			if !matches(u, words) || (req.Status != "" && status(u) != req.Status) ||
				(req.Role != "" && !slices.Contains(u.Roles, req.Role)) {
				return nil
			}
			a, err := s.adminUser(tx, u)
			if err != nil {
				return err
			}
			out.Users = append(out.Users, a)
			return nil
		})
	})
	if err != nil {
		return api.Users{}, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// matches reports whether every word is in the login, name, e-mail or
// phone of u.
func matches(u auth.User, words []string) bool {
	hay := strings.ToLower(strings.Join([]string{u.Login, u.Name, u.Email, u.Phone}, "\x00"))
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}

func status(u auth.User) string {
	if u.Disabled {
		return api.UserDeactivated
	}
	return api.UserActive
}

// User reads one user (RightAdminUsers).
func (s *Service) User(p access.Principal, login string) (api.AdminUser, error) {
	if err := need(p, api.RightAdminUsers); err != nil {
		return api.AdminUser{}, err
	}
	login = auth.NormalizeLogin(login)
	var out api.AdminUser
	err := s.d.DB.View(func(tx *store.Tx) error {
		u, err := mustUser(tx, login)
		if err != nil {
			return err
		}
		out, err = s.adminUser(tx, u)
		return err
	})
	if err != nil {
		return api.AdminUser{}, fmt.Errorf("read user %q: %w", login, err)
	}
	return out, nil
}

// mustUser reads a user, not_found when there is none.
func mustUser(tx *store.Tx, login string) (auth.User, error) {
	u, ok, err := auth.GetUser(tx, login)
	if err != nil {
		return auth.User{}, err
	}
	if !ok {
		return auth.User{}, api.Errorf(api.CodeNotFound, "no user %q", login)
	}
	return u, nil
}

// adminUser is u as administrators see it, with its lock, live sessions
// and sync points named.
func (s *Service) adminUser(tx *store.Tx, u auth.User) (api.AdminUser, error) {
	a := api.AdminUser{Login: u.Login, Name: u.Name, Email: u.Email, Phone: u.Phone,
		Roles: append([]string{}, u.Roles...), Status: status(u), Created: u.CreatedAt,
		HasPassword: u.HasPassword(), Version: u.Version}
	if !u.LastSignIn.IsZero() {
		t := u.LastSignIn
		a.LastSignIn = &t
	}
	until, err := s.d.Auth.LockedUntil(tx, u.Login)
	if err != nil {
		return api.AdminUser{}, err
	}
	if !until.IsZero() {
		a.LockedUntil = &until
	}
	// One scan of the sessions per user: fine for the hundreds of users
	// a distributor has; a count by login from auth would serve more.
	live, err := s.d.Auth.LiveSessions(tx, u.Login)
	if err != nil {
		return api.AdminUser{}, err
	}
	a.Sessions = len(live)
	for _, id := range u.SyncPoints {
		a.SyncPoints = append(a.SyncPoints, s.distributor(id))
	}
	return a, nil
}

// distributor names a sync point; one that no longer exists shows its ID.
func (s *Service) distributor(id string) api.Ref {
	if s.d.Distributors != nil {
		if r, ok := s.d.Distributors.Ref(id); ok {
			r.ID = id
			return r
		}
	}
	return api.Ref{ID: id}
}

// SaveUser creates or changes a user (RightAdminUsers): login (new only,
// normalized, unique), name required, e-mail and phone well formed, roles
// known, sync points live distributors; the last administrator is kept.
// A new user gets a set-password link (mailed or returned once).
func (s *Service) SaveUser(p access.Principal, addr string, req api.UserSave) (api.UserSaved, Effect, error) {
	if err := need(p, api.RightAdminUsers); err != nil {
		return api.UserSaved{}, Effect{}, err
	}
	login := auth.NormalizeLogin(req.User.Login)
	now := s.d.Now()
	var out api.UserSaved
	var eff Effect
	var mailing *delivery
	err := s.d.DB.Update(func(tx *store.Tx) error {
		book, err := s.d.Book.Load(tx)
		if err != nil {
			return err
		}
		var old auth.User
		var exists bool
		if login != "" && utf8.RuneCountInString(login) <= auth.MaxLoginLen {
			if old, exists, err = auth.GetUser(tx, login); err != nil {
				return err
			}
		}
		if !req.New && exists && req.Based != old.Version {
			return conflict(tx, "user:"+login, "user.", "the user was changed by someone else")
		}
		u, err := s.checkUser(book, req, login, exists)
		if err != nil {
			return err
		}
		if req.New {
			u.CreatedAt = now
		} else {
			// What an edit cannot change (the password, the status,
			// the dates) stays as stored.
			edited := old
			edited.Name, edited.Email, edited.Phone, edited.Roles, edited.SyncPoints = u.Name, u.Email, u.Phone, u.Roles, u.SyncPoints
			u = edited
		}
		var was *auth.User
		if !req.New {
			was = &old
		}
		action, detail := "user.update", userChanges(s, was, u)
		if req.New {
			action = "user.create"
		} else if len(detail) == 0 {
			// Nothing changed: nothing written, audited or pushed.
			out.User, err = s.adminUser(tx, old)
			return err
		}
		before, err := admins(tx, book)
		if err != nil {
			return err
		}
		saved, err := auth.PutUser(tx, u)
		if err != nil {
			return err
		}
		if err := keepAdmin(tx, book, before); err != nil {
			return err
		}
		if err := tx.Audit(store.AuditRecord{At: now, Actor: p.Login, Addr: addr, Action: action,
			Target: "user:" + login, Result: "ok", Detail: detail.String()}); err != nil {
			return err
		}
		if !req.New && (!slices.Equal(old.Roles, saved.Roles) || !slices.Equal(old.SyncPoints, saved.SyncPoints)) {
			eff.Rights = []string{login}
		}
		if req.New {
			if out.Link, mailing, err = s.issue(tx, p, addr, saved); err != nil {
				return err
			}
		}
		out.User, err = s.adminUser(tx, saved)
		return err
	})
	if err != nil {
		return api.UserSaved{}, Effect{}, fmt.Errorf("save user %q: %w", login, err)
	}
	if mailing != nil {
		out.Link = s.deliver(*mailing, p.Login, addr)
	}
	return out, eff, nil
}

// checkUser validates a save and returns the user as it will be stored
// (without what the save cannot change). Every fault is reported at once.
func (s *Service) checkUser(book *access.Book, req api.UserSave, login string, exists bool) (auth.User, error) {
	var f fieldErrors
	in := req.User
	switch {
	case login == "":
		f.fail("login", api.FieldRequired)
	case utf8.RuneCountInString(login) > auth.MaxLoginLen:
		f.fail("login", api.FieldTooLong)
		f.arg("login", fmt.Sprint(auth.MaxLoginLen))
	case req.New && !loginRe.MatchString(login):
		f.fail("login", api.FieldBadValue)
	case req.New && exists:
		f.fail("login", api.FieldUnique)
	case !req.New && !exists:
		// Users are never deleted, so an edit of a login nobody has is
		// an edit that changed the login.
		f.fail("login", api.FieldFixed)
	}
	u := auth.User{Login: login, Name: strings.TrimSpace(in.Name), Email: strings.TrimSpace(in.Email), Phone: strings.TrimSpace(in.Phone)}
	switch {
	case u.Name == "":
		f.fail("name", api.FieldRequired)
	case utf8.RuneCountInString(u.Name) > MaxNameLen:
		f.fail("name", api.FieldTooLong)
		f.arg("name", fmt.Sprint(MaxNameLen))
	}
	if u.Email != "" && (len(u.Email) > 254 || !emailRe.MatchString(u.Email)) {
		f.fail("email", api.FieldBadEmail)
	}
	if u.Phone != "" && !phoneRe.MatchString(u.Phone) {
		f.fail("phone", api.FieldBadPhone)
	}
	for _, k := range in.Roles {
		k = strings.TrimSpace(k)
		if _, ok := book.Role(k); !ok {
			f.fail("roles", api.FieldBadValue)
			f.arg("roles", k)
			continue
		}
		if !slices.Contains(u.Roles, k) {
			u.Roles = append(u.Roles, k)
		}
	}
	if len(in.Roles) == 0 {
		f.fail("roles", api.FieldRequired)
	}
	for _, ref := range in.SyncPoints {
		switch _, ok := s.liveDistributor(ref.ID); {
		case slices.Contains(u.SyncPoints, ref.ID):
			f.fail("syncPoints", api.FieldBadValue)
		case !ok:
			f.fail("syncPoints", api.FieldNotFound)
			f.arg("syncPoints", ref.ID)
		default:
			u.SyncPoints = append(u.SyncPoints, ref.ID)
		}
	}
	return u, f.err("the user")
}

func (s *Service) liveDistributor(id string) (api.Ref, bool) {
	if s.d.Distributors == nil || id == "" {
		return api.Ref{}, false
	}
	return s.d.Distributors.Ref(id)
}

// userChanges is the audit detail of a user's change (was nil: created).
// No password hash, ever: only whether one is set.
func userChanges(s *Service, was *auth.User, now auth.User) changes {
	var old auth.User
	if was != nil {
		old = *was
	}
	var c changes
	c.add("name", old.Name, now.Name)
	c.add("email", old.Email, now.Email)
	c.add("phone", old.Phone, now.Phone)
	c.add("roles", strings.Join(old.Roles, ", "), strings.Join(now.Roles, ", "))
	c.add("syncPoints", s.syncPointNames(old.SyncPoints), s.syncPointNames(now.SyncPoints))
	if was != nil {
		c.add("status", status(old), status(now))
	}
	return c
}

// syncPointNames names distributors for the audit trail by code (or ID).
func (s *Service) syncPointNames(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		r := s.distributor(id)
		names[i] = id
		if r.Code != "" {
			names[i] = r.Code
		}
	}
	return strings.Join(names, ", ")
}

// Act deactivates, reactivates, unlocks, signs out or resets a user
// (RightAdminUsers).
func (s *Service) Act(p access.Principal, addr string, req api.UserAction) (api.UserSaved, Effect, error) {
	if err := need(p, api.RightAdminUsers); err != nil {
		return api.UserSaved{}, Effect{}, err
	}
	login := auth.NormalizeLogin(req.Login)
	switch req.Action {
	case api.ActionDeactivate, api.ActionReactivate, api.ActionUnlock, api.ActionSignOut, api.ActionResetPassword:
	default:
		return api.UserSaved{}, Effect{}, api.Errorf(api.CodeBadRequest, "no action %q", req.Action)
	}
	if req.Action == api.ActionDeactivate && login == p.Login {
		return api.UserSaved{}, Effect{}, api.Errorf(api.CodeBadRequest, "you cannot deactivate yourself")
	}
	now := s.d.Now()
	var out api.UserSaved
	var eff Effect
	var mailing *delivery
	err := s.d.DB.Update(func(tx *store.Tx) error {
		u, err := mustUser(tx, login)
		if err != nil {
			return err
		}
		audit := func(action, detail string) error {
			return tx.Audit(store.AuditRecord{At: now, Actor: p.Login, Addr: addr, Action: action,
				Target: "user:" + login, Result: "ok", Detail: detail})
		}
		switch req.Action {
		case api.ActionDeactivate, api.ActionReactivate:
			off := req.Action == api.ActionDeactivate
			if u.Disabled == off {
				break // already so
			}
			book, err := s.d.Book.Load(tx)
			if err != nil {
				return err
			}
			before, err := admins(tx, book)
			if err != nil {
				return err
			}
			was := u
			u.Disabled = off
			if u, err = auth.PutUser(tx, u); err != nil {
				return err
			}
			if err := keepAdmin(tx, book, before); err != nil {
				return err
			}
			var c changes
			c.add("status", status(was), status(u))
			if off {
				if eff.Ended, err = s.d.Auth.EndSessions(tx, login, api.EndRevoked, "", p.Login, addr); err != nil {
					return err
				}
				eff.Reason = api.EndRevoked
				c.add("sessions", "", fmt.Sprintf("%d ended", len(eff.Ended)))
			}
			eff.Rights = []string{login}
			if err := audit("user."+req.Action, c.String()); err != nil {
				return err
			}
		case api.ActionUnlock:
			// auth audits it (login.unlock, with the lock's end and the
			// failures forgotten), on the user's trail.
			if _, err := s.d.Auth.Unlock(tx, login, p.Login, addr); err != nil {
				return err
			}
		case api.ActionSignOut:
			if eff.Ended, err = s.d.Auth.EndSessions(tx, login, api.EndRevoked, "", p.Login, addr); err != nil {
				return err
			}
			eff.Reason = api.EndRevoked
			if err := audit("user.sign_out", fmt.Sprintf("sessions: %d ended", len(eff.Ended))); err != nil {
				return err
			}
		case api.ActionResetPassword:
			if u.Disabled {
				return api.Errorf(api.CodeBadRequest, "the user is deactivated: reactivate first")
			}
			if out.Link, mailing, err = s.issue(tx, p, addr, u); err != nil {
				return err
			}
			if err := audit("user.reset_link", linkDetail(out.Link, mailing)); err != nil {
				return err
			}
		}
		out.User, err = s.adminUser(tx, u)
		out.Ended = len(eff.Ended)
		return err
	})
	if err != nil {
		return api.UserSaved{}, Effect{}, fmt.Errorf("%s user %q: %w", req.Action, login, err)
	}
	if mailing != nil {
		out.Link = s.deliver(*mailing, p.Login, addr)
	}
	return out, eff, nil
}
