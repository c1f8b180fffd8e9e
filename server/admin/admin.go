// Package admin is the administration of WebTool: users (create without a
// password, edit, deactivate, unlock, sign out, reset by link), roles and
// rights as data, effective rights, and sessions. Every operation is one
// transaction that audits its change with before and after values; what
// the server must do after the commit (close sockets, tell clients their
// rights changed) comes back as an Effect.
package admin

import (
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/mail"
	"webtool/server/store"
)

// Distributors resolves the sync points a user may be given.
type Distributors interface {
	// Ref is the distributor with id (title and code), false when there is
	// no live distributor with that id.
	Ref(id string) (api.Ref, bool)
}

// Deps is what a Service works with.
type Deps struct {
	DB   store.Store
	Auth *auth.Service
	Book *access.Book
	// Mail delivers set-password links; nil: no mail server, the link is
	// shown to the administrator once.
	Mail         mail.Sender
	Distributors Distributors
	// Catalogs lists the catalogs a role grants levels in.
	Catalogs func() []api.RoleCatalog
	// LinkURL is the address of a set-password link with token (the
	// public URL + api.PagePasswordSet + "?token=…").
	LinkURL func(token string) string
	Now     func() time.Time
}

// Effect is what the server does once an operation has committed.
type Effect struct {
	// Ended are the IDs of sessions that ended: their sockets close.
	Ended []string
	// Reason is why they ended.
	Reason api.EndReason
	// Rights are the logins whose rights changed: their sockets hear
	// api.TypeRightsChanged (and the server re-reads their user).
	Rights []string
}

// Service is the administration. It is safe for concurrent use.
type Service struct{}

// New returns a Service.
func New(d Deps) *Service { panic("not built") }

// Users lists users (RightAdminUsers).
func (s *Service) Users(p access.Principal, req api.UsersRequest) (api.Users, error) { panic("not built") }

// User reads one user (RightAdminUsers).
func (s *Service) User(p access.Principal, login string) (api.AdminUser, error) { panic("not built") }

// SaveUser creates or changes a user (RightAdminUsers): login (new only,
// normalized, unique), name required, e-mail and phone well formed, roles
// known, sync points live distributors; the last administrator is kept.
// A new user gets a set-password link (mailed or returned once).
func (s *Service) SaveUser(p access.Principal, addr string, req api.UserSave) (api.UserSaved, Effect, error) {
	panic("not built")
}

// Act deactivates, reactivates, unlocks, signs out or resets a user
// (RightAdminUsers).
func (s *Service) Act(p access.Principal, addr string, req api.UserAction) (api.UserSaved, Effect, error) {
	panic("not built")
}

// Roles lists the roles and what a role can grant (RightAdminRoles or
// RightAdminUsers).
func (s *Service) Roles(p access.Principal) (api.Roles, error) { panic("not built") }

// SaveRole creates or changes a role (RightAdminRoles); built-in roles are
// refused; a change that would leave no active administrator is refused
// last_admin.
func (s *Service) SaveRole(p access.Principal, addr string, req api.RoleSave) (api.Role, Effect, error) {
	panic("not built")
}

// DeleteRole deletes an unused, not built-in role (RightAdminRoles).
func (s *Service) DeleteRole(p access.Principal, addr string, key string) (api.Roles, Effect, error) {
	panic("not built")
}

// Effective is what a user may see and do (RightAdminUsers, or one's own).
func (s *Service) Effective(p access.Principal, login string) (api.EffectiveRights, error) {
	panic("not built")
}

// Sessions lists the live sessions of req.Login ("" one's own; another's
// needs RightAdminUsers); current is the asking session's ID.
func (s *Service) Sessions(p access.Principal, current string, req api.SessionsRequest) (api.Sessions, error) {
	panic("not built")
}

// EndSessions ends sessions (see api.SessionEnd).
func (s *Service) EndSessions(p access.Principal, current, addr string, req api.SessionEnd) (api.Sessions, Effect, error) {
	panic("not built")
}

// Forgot mails a user's own reset link when the login is an active user
// with an e-mail and mail is configured; whatever happens the caller
// answers the same. Errors are for the log only.
func (s *Service) Forgot(login, addr string) error { panic("not built") }
