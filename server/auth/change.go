package auth

import (
	"errors"
	"fmt"
	"time"

	"webtool/server/api"
	"webtool/server/store"
)

// errPasswordMoved ends a password change whose current password was
// checked against a hash that changed meanwhile (another tab, a link).
var errPasswordMoved = errors.New("password changed meanwhile")

// ChangePassword sets the signed-in user's password: current must be
// right (a wrong one is bad_credentials and counts toward the lockout, a
// locked login is locked), the new one must pass password.Check. Every
// other session of the user ends (ended), sessionID stays.
//
// It runs like Login: the lock is checked and the attempt counted in
// advance in one transaction, the slow hashes run outside any, and the
// outcome is recorded in a last one.
func (s *Service) ChangePassword(sessionID, current, pw, addr string) (ended []string, err error) {
	now := s.now()
	sess, u, err := s.liveSession(sessionID, now)
	if err != nil {
		return nil, err
	}
	login := u.Login
	if len(current) > maxPasswordBytes {
		return nil, api.Errorf(api.CodeBadRequest, "the current password is too long")
	}
	// The new password's faults are told before an attempt is counted:
	// they say nothing about the current one.
	if err := checkNewPassword(pw, u); err != nil {
		return nil, err
	}

	// Step 1: the lock, and this attempt counted as a failure in advance.
	var until time.Time
	allowed := false
	err = s.db.Update(func(tx *store.Tx) error {
		var c Counter
		if _, err := tx.Get(store.LoginAttempts, login, &c); err != nil {
			return err
		}
		var next Counter
		if next, until, allowed = s.cfg.Lockout.Begin(c, now); allowed {
			return tx.Put(store.LoginAttempts, login, next)
		}
		if s.refused.First(login, until, now) {
			return tx.Audit(store.AuditRecord{At: now, Actor: login, Addr: addr, Action: "password.change", Target: "user:" + login,
				Result: "denied", Detail: "locked until " + until.UTC().Format(time.RFC3339) + "; later attempts until then are not logged"})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("begin the password change of %q: %w", login, err)
	}
	if !allowed {
		return nil, lockedError(until)
	}

	// Step 2: the current password, outside any transaction.
	good, err := s.verifyCurrent(u, current)
	if err != nil {
		if undo := s.undoAttempt(login, true); undo != nil {
			return nil, undo
		}
		return nil, err
	}
	if !good {
		var c Counter
		err := s.db.Update(func(tx *store.Tx) error {
			if _, err := tx.Get(store.LoginAttempts, login, &c); err != nil {
				return err
			}
			return tx.Audit(store.AuditRecord{At: now, Actor: login, Addr: addr, Action: "password.change",
				Target: "user:" + login, Result: "failed", Detail: "wrong current password"})
		})
		if err != nil {
			return nil, fmt.Errorf("record a failed password change of %q: %w", login, err)
		}
		if until := s.cfg.Lockout.LockedUntil(c, now); !until.IsZero() {
			return nil, lockedError(until)
		}
		return nil, api.Errorf(api.CodeBadCredentials, "wrong password")
	}

	// Step 3: the new hash, then the change.
	hash, err := s.hash(pw)
	if err != nil {
		// The current password was right: its attempt is no failure.
		if undo := s.undoAttempt(login, true); undo != nil {
			return nil, undo
		}
		return nil, err
	}
	err = s.db.Update(func(tx *store.Tx) error {
		var cur Session
		if ok, err := tx.Get(store.Sessions, sess.ID, &cur); err != nil {
			return err
		} else if !ok || cur.EndReason != "" {
			return &api.Error{Code: api.CodeUnauthorized, Message: "session ended", Reason: cur.EndReason}
		}
		user, ok, err := GetUser(tx, login)
		if err != nil {
			return err
		}
		if !ok || user.Disabled {
			return &api.Error{Code: api.CodeUnauthorized, Message: "session ended", Reason: api.EndRevoked}
		}
		if user.PasswordHash != u.PasswordHash {
			return errPasswordMoved
		}
		user.PasswordHash = hash
		if _, err := PutUser(tx, user); err != nil {
			return err
		}
		if err := tx.Delete(store.LoginAttempts, login); err != nil {
			return err
		}
		// A reset link still in someone's mailbox would undo the change.
		if err := s.dropLinks(tx, login, now); err != nil {
			return err
		}
		if ended, err = s.EndSessions(tx, login, api.EndRevoked, sess.ID, login, addr); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: now, Actor: login, Addr: addr, Action: "password.change",
			Target: "user:" + login, Result: "ok", Detail: fmt.Sprintf("%d other sessions ended", len(ended))})
	})
	if errors.Is(err, errPasswordMoved) {
		return nil, api.Errorf(api.CodeConflict, "the password was changed meanwhile; sign in again")
	}
	var e *api.Error
	if errors.As(err, &e) {
		return nil, e
	}
	if err != nil {
		return nil, fmt.Errorf("change the password of %q: %w", login, err)
	}
	return ended, nil
}

// liveSession loads the session with the storage ID id and its user, or
// fails CodeUnauthorized (with the Reason it ended, if it did).
func (s *Service) liveSession(id string, now time.Time) (Session, User, error) {
	var sess Session
	var u User
	err := s.db.View(func(tx *store.Tx) error {
		ok, err := tx.Get(store.Sessions, id, &sess)
		if err != nil || !ok {
			return err
		}
		u, _, err = GetUser(tx, sess.Login)
		return err
	})
	if err != nil {
		return Session{}, User{}, fmt.Errorf("load session: %w", err)
	}
	switch {
	case id == "" || sess.ID == "":
		return Session{}, User{}, api.Errorf(api.CodeUnauthorized, "not signed in")
	case sess.EndReason != "":
		return Session{}, User{}, &api.Error{Code: api.CodeUnauthorized, Message: "session ended", Reason: sess.EndReason}
	case u.Login == "" || u.Disabled:
		return Session{}, User{}, &api.Error{Code: api.CodeUnauthorized, Message: "session ended", Reason: api.EndRevoked}
	case !s.live(&sess, now):
		// Check ends it properly (and audits it) on the next request.
		reason := api.EndIdle
		if !now.Before(sess.CreatedAt.Add(s.cfg.SessionMax)) {
			reason = api.EndExpired
		}
		return Session{}, User{}, &api.Error{Code: api.CodeUnauthorized, Message: "session ended", Reason: reason}
	}
	return sess, u, nil
}

// verifyCurrent checks u's current password in the hasher's queue; a user
// without a password costs the same hash and fails.
func (s *Service) verifyCurrent(u User, current string) (bool, error) {
	if !s.hasher.enter() {
		until := s.now().Add(busyRetry).UTC()
		return false, &api.Error{Code: api.CodeBusy, Message: "the server is busy; try again in a moment", Until: &until}
	}
	defer s.hasher.leave()
	if !u.HasPassword() {
		s.hasher.verifyDummy(current)
		return false, nil
	}
	good, err := s.hasher.verify(u.PasswordHash, normalizePassword(current))
	if err != nil {
		return false, fmt.Errorf("verify the password of %q: %w", u.Login, err)
	}
	return good, nil
}
