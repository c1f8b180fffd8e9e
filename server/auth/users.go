package auth

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"webtool/server/api"
	"webtool/server/store"
)

// Users, password links and sessions as administration composes them: the
// helpers that take a tx let server/admin change a user, its sessions and
// its links and audit it all in one transaction; the methods without one
// are whole operations of their own (the password pages, a password change).

// GetUser reads the user with the normalized login.
func GetUser(tx *store.Tx, login string) (User, bool, error) {
	var u User
	ok, err := tx.Get(store.Users, login, &u)
	if err != nil {
		return User{}, false, fmt.Errorf("read user %q: %w", login, err)
	}
	return u, ok, nil
}

// PutUser writes u (Version + 1) under its login.
func PutUser(tx *store.Tx, u User) (User, error) {
	if u.Login == "" {
		return User{}, fmt.Errorf("write user: no login")
	}
	u.Version++
	if err := tx.Put(store.Users, u.Login, u); err != nil {
		return User{}, fmt.Errorf("write user %q: %w", u.Login, err)
	}
	return u, nil
}

// ForEachUser calls fn for every user, in login order.
func ForEachUser(tx *store.Tx, fn func(User) error) error {
	return tx.ForEach(store.Users, func(k string, raw []byte) error {
		var u User
		if err := store.Decode(raw, &u); err != nil {
			return fmt.Errorf("decode user %q: %w", k, err)
		}
		return fn(u)
	})
}

// LockedUntil is when the login's failed-sign-in lock ends (zero: not locked).
func (s *Service) LockedUntil(tx *store.Tx, login string) (time.Time, error) {
	var c Counter
	if _, err := tx.Get(store.LoginAttempts, login, &c); err != nil {
		return time.Time{}, fmt.Errorf("read the failed sign-ins of %q: %w", login, err)
	}
	return s.cfg.Lockout.LockedUntil(c, s.now()), nil
}

// Unlock clears the login's failed-attempt counter (audited login.unlock
// by actor); false when it was not locked.
func (s *Service) Unlock(tx *store.Tx, login, actor, addr string) (bool, error) {
	var c Counter
	ok, err := tx.Get(store.LoginAttempts, login, &c)
	if err != nil {
		return false, fmt.Errorf("read the failed sign-ins of %q: %w", login, err)
	}
	if !ok {
		return false, nil
	}
	if err := tx.Delete(store.LoginAttempts, login); err != nil {
		return false, fmt.Errorf("unlock %q: %w", login, err)
	}
	now := s.now()
	until := s.cfg.Lockout.LockedUntil(c, now)
	if c.Failures <= 0 {
		return false, nil
	}
	detail := fmt.Sprintf("%d failed sign-ins forgotten", c.Failures)
	if !until.IsZero() {
		detail = "locked until " + until.UTC().Format(time.RFC3339) + "; " + detail
	}
	if err := tx.Audit(store.AuditRecord{At: now, Actor: actor, Addr: addr, Action: "login.unlock",
		Target: "user:" + login, Result: "ok", Detail: detail}); err != nil {
		return false, err
	}
	return !until.IsZero(), nil
}

// LiveSessions lists the login's sessions that have not ended nor passed a
// limit, newest first.
func (s *Service) LiveSessions(tx *store.Tx, login string) ([]Session, error) {
	now := s.now()
	var out []Session
	err := tx.ForEach(store.Sessions, func(k string, raw []byte) error {
		var sess Session
		if err := store.Decode(raw, &sess); err != nil {
			return fmt.Errorf("decode session %.12s: %w", k, err)
		}
		if sess.Login == login && s.live(&sess, now) {
			out = append(out, sess)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list the sessions of %q: %w", login, err)
	}
	slices.SortFunc(out, func(a, b Session) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// live reports whether sess is live at now: not ended and within both
// limits. Activity not yet written counts (and is copied into sess).
func (s *Service) live(sess *Session, now time.Time) bool {
	if sess.EndReason != "" {
		return false
	}
	s.mu.Lock()
	if t, ok := s.seen[sess.ID]; ok && t.After(sess.LastSeen) {
		sess.LastSeen = t
	}
	s.mu.Unlock()
	return now.Before(sess.CreatedAt.Add(s.cfg.SessionMax)) && now.Before(sess.LastSeen.Add(s.cfg.SessionIdle))
}

// EndSessions ends the login's live sessions but keep ("" keeps none; a
// storage ID or a PublicID), each audited session.end with reason by
// actor; it returns the ended IDs so the server can close their sockets
// after the commit.
func (s *Service) EndSessions(tx *store.Tx, login string, reason api.EndReason, keep, actor, addr string) ([]string, error) {
	live, err := s.LiveSessions(tx, login)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var ended []string
	for _, sess := range live {
		if keep != "" && (sess.ID == keep || PublicID(sess.ID) == keep) {
			continue
		}
		if err := s.endTx(tx, sess, reason, actor, addr, now); err != nil {
			return nil, fmt.Errorf("end the sessions of %q: %w", login, err)
		}
		ended = append(ended, sess.ID)
	}
	return ended, nil
}

// EndSessionTx ends one session of the login (by its ID or its public
// PublicID); false when there is no such live session of that login.
func (s *Service) EndSessionTx(tx *store.Tx, login, id string, reason api.EndReason, actor, addr string) (ended string, ok bool, err error) {
	if id == "" {
		return "", false, nil
	}
	live, err := s.LiveSessions(tx, login)
	if err != nil {
		return "", false, err
	}
	for _, sess := range live {
		if sess.ID != id && PublicID(sess.ID) != id {
			continue
		}
		if err := s.endTx(tx, sess, reason, actor, addr, s.now()); err != nil {
			return "", false, fmt.Errorf("end a session of %q: %w", login, err)
		}
		return sess.ID, true, nil
	}
	return "", false, nil
}

// publicIDLen is the length of a PublicID: 64 bits of a hash are plenty
// to tell one user's sessions apart, and too few to find the stored ID.
const publicIDLen = 16

// PublicID is the handle of a session shown to users (SessionInfo.ID): a
// prefix of its storage ID, which is itself a hash of the token.
func PublicID(sessionID string) string {
	if len(sessionID) <= publicIDLen {
		return sessionID
	}
	return sessionID[:publicIDLen]
}
