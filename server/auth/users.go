package auth

import (
	"time"

	"webtool/server/api"
	"webtool/server/store"
)

// Users, password links and sessions as administration composes them: the
// helpers that take a tx let server/admin change a user, its sessions and
// its links and audit it all in one transaction; the methods without one
// are whole operations of their own (the password pages, a password change).

// GetUser reads the user with the normalized login.
func GetUser(tx *store.Tx, login string) (User, bool, error) { panic("not built") }

// PutUser writes u (Version + 1) under its login.
func PutUser(tx *store.Tx, u User) (User, error) { panic("not built") }

// ForEachUser calls fn for every user, in login order.
func ForEachUser(tx *store.Tx, fn func(User) error) error { panic("not built") }

// LockedUntil is when the login's failed-sign-in lock ends (zero: not locked).
func (s *Service) LockedUntil(tx *store.Tx, login string) (time.Time, error) { panic("not built") }

// Unlock clears the login's failed-attempt counter (audited login.unlock
// by actor); false when it was not locked.
func (s *Service) Unlock(tx *store.Tx, login, actor, addr string) (bool, error) { panic("not built") }

// LiveSessions lists the login's sessions that have not ended nor passed a
// limit, newest first.
func (s *Service) LiveSessions(tx *store.Tx, login string) ([]Session, error) { panic("not built") }

// EndSessions ends the login's live sessions but keep ("" keeps none),
// each audited session.end with reason by actor; it returns the ended IDs
// so the server can close their sockets after the commit.
func (s *Service) EndSessions(tx *store.Tx, login string, reason api.EndReason, keep, actor, addr string) ([]string, error) {
	panic("not built")
}

// EndSessionTx ends one session of the login (by its ID or its public
// PublicID); false when there is no such live session of that login.
func (s *Service) EndSessionTx(tx *store.Tx, login, id string, reason api.EndReason, actor, addr string) (ended string, ok bool, err error) {
	panic("not built")
}

// PublicID is the handle of a session shown to users (SessionInfo.ID): a
// prefix of its storage ID, which is itself a hash of the token.
func PublicID(sessionID string) string { panic("not built") }

// IssueLink makes a one-time set-password link for the login, valid
// api.PasswordLinkTTL; it replaces any older link of the login. Only the
// token's SHA-256 is stored. Audited password.link by actor (first: a new
// user's first password).
func (s *Service) IssueLink(tx *store.Tx, login string, first bool, actor, addr string) (token string, expires time.Time, err error) {
	panic("not built")
}

// DropLink makes the login's link unusable (mailing it failed).
func (s *Service) DropLink(tx *store.Tx, login string) error { panic("not built") }

// CheckLink tells whose link token is: CodeLinkInvalid when it was used,
// expired, replaced or never existed, or its user is deactivated.
func (s *Service) CheckLink(token string) (api.PasswordLinkInfo, error) { panic("not built") }

// SetPasswordWithLink uses the link once: the password must pass
// password.Check (with the login, name and e-mail guessable); it is stored,
// the link is spent, the lockout cleared, every other session of the user
// ended, and a new session started (like Login). ended lists the sessions
// to close.
func (s *Service) SetPasswordWithLink(token, pw, addr, agent string) (tok string, sess Session, u User, ended []string, err error) {
	panic("not built")
}

// ChangePassword sets the signed-in user's password: current must be
// right (a wrong one is bad_credentials and counts toward the lockout, a
// locked login is locked), the new one must pass password.Check. Every
// other session of the user ends (ended), sessionID stays.
func (s *Service) ChangePassword(sessionID, current, pw, addr string) (ended []string, err error) {
	panic("not built")
}

// Forgot starts a user's own reset: for an active user with an e-mail it
// issues a link (audited password.forgot) and returns it with the address;
// ok is false otherwise, and nothing tells the caller why.
func (s *Service) Forgot(login, addr string) (u User, token string, expires time.Time, ok bool, err error) {
	panic("not built")
}
