package auth

import (
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"webtool/server/api"
	"webtool/server/password"
	"webtool/server/store"
)

// passwordLink is a one-time set-password link as stored in
// store.PasswordLinks, under the SHA-256 of its token: the token itself
// exists only in the mail (or on the administrator's screen).
type passwordLink struct {
	Login   string    `json:"login"`
	Expires time.Time `json:"expires"`
	// First marks a new user's first password.
	First     bool      `json:"first,omitempty"`
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
}

// maxTokenLen bounds a token a client sends: ours are 43 characters.
const maxTokenLen = 128

func linkInvalid() *api.Error {
	return api.Errorf(api.CodeLinkInvalid, "the link was used, has expired or does not exist")
}

// IssueLink makes a one-time set-password link for the login, valid
// api.PasswordLinkTTL; it replaces any older link of the login. Only the
// token's SHA-256 is stored. Audited password.link by actor (first: a new
// user's first password).
func (s *Service) IssueLink(tx *store.Tx, login string, first bool, actor, addr string) (token string, expires time.Time, err error) {
	now := s.now()
	token, expires, err = s.issueLink(tx, login, first, actor, now)
	if err != nil {
		return "", time.Time{}, err
	}
	detail := "reset"
	if first {
		detail = "first password"
	}
	if err := tx.Audit(store.AuditRecord{At: now, Actor: actor, Addr: addr, Action: "password.link",
		Target: "user:" + login, Result: "ok", Detail: detail + "; valid until " + expires.Format(time.RFC3339)}); err != nil {
		return "", time.Time{}, err
	}
	return token, expires, nil
}

// issueLink stores a new link of login in tx, unaudited.
func (s *Service) issueLink(tx *store.Tx, login string, first bool, actor string, now time.Time) (token string, expires time.Time, err error) {
	if _, ok, err := GetUser(tx, login); err != nil {
		return "", time.Time{}, err
	} else if !ok {
		return "", time.Time{}, api.Errorf(api.CodeNotFound, "no such user")
	}
	if err := s.dropLinks(tx, login, now); err != nil {
		return "", time.Time{}, err
	}
	token, key, err := newToken()
	if err != nil {
		return "", time.Time{}, err
	}
	expires = now.Add(api.PasswordLinkTTL).UTC()
	l := passwordLink{Login: login, Expires: expires, First: first, CreatedBy: actor, CreatedAt: now.UTC()}
	if err := tx.Put(store.PasswordLinks, key, l); err != nil {
		return "", time.Time{}, fmt.Errorf("store a password link of %q: %w", login, err)
	}
	return token, expires, nil
}

// DropLink makes the login's link unusable (mailing it failed).
func (s *Service) DropLink(tx *store.Tx, login string) error { return s.dropLinks(tx, login, s.now()) }

// dropLinks deletes the login's links, and on the way every expired one
// of anybody: the bucket holds the links of the last half hour only, so
// a scan is cheap and no index is needed.
func (s *Service) dropLinks(tx *store.Tx, login string, now time.Time) error {
	var gone []string
	err := tx.ForEach(store.PasswordLinks, func(k string, raw []byte) error {
		var l passwordLink
		if err := store.Decode(raw, &l); err != nil {
			return fmt.Errorf("decode password link %.12s: %w", k, err)
		}
		if l.Login == login || !now.Before(l.Expires) {
			gone = append(gone, k)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("drop the password links of %q: %w", login, err)
	}
	for _, k := range gone {
		if err := tx.Delete(store.PasswordLinks, k); err != nil {
			return fmt.Errorf("drop the password links of %q: %w", login, err)
		}
	}
	return nil
}

// linkTx returns the live link stored under key and its user, or
// CodeLinkInvalid.
func linkTx(tx *store.Tx, key string, now time.Time) (passwordLink, User, error) {
	var l passwordLink
	ok, err := tx.Get(store.PasswordLinks, key, &l)
	if err != nil {
		return passwordLink{}, User{}, fmt.Errorf("read a password link: %w", err)
	}
	if !ok || !now.Before(l.Expires) {
		return passwordLink{}, User{}, linkInvalid()
	}
	u, ok, err := GetUser(tx, l.Login)
	if err != nil {
		return passwordLink{}, User{}, err
	}
	if !ok || u.Disabled {
		return passwordLink{}, User{}, linkInvalid()
	}
	return l, u, nil
}

// checkLink is linkTx in a transaction of its own, for a token a client
// sent. A token of the wrong shape costs no store access.
func (s *Service) checkLink(token string, now time.Time) (key string, l passwordLink, u User, err error) {
	if token == "" || len(token) > maxTokenLen {
		return "", passwordLink{}, User{}, linkInvalid()
	}
	key = SessionID(token)
	err = s.db.View(func(tx *store.Tx) (err error) {
		l, u, err = linkTx(tx, key, now)
		return err
	})
	return key, l, u, err
}

// CheckLink tells whose link token is: CodeLinkInvalid when it was used,
// expired, replaced or never existed, or its user is deactivated.
func (s *Service) CheckLink(token string) (api.PasswordLinkInfo, error) {
	_, l, u, err := s.checkLink(token, s.now())
	if err != nil {
		return api.PasswordLinkInfo{}, err
	}
	return api.PasswordLinkInfo{Login: u.Login, Name: u.Name, ExpiresAt: l.Expires, First: l.First}, nil
}

// errLinkGone ends the set-password transaction when the link was spent
// or replaced while the hash ran.
var errLinkGone = errors.New("password link gone")

// SetPasswordWithLink uses the link once: the password must pass
// password.Check (with the login, name and e-mail guessable); it is stored,
// the link is spent, the lockout cleared, every other session of the user
// ended, and a new session started (like Login). ended lists the sessions
// to close.
func (s *Service) SetPasswordWithLink(token, pw, addr, agent string) (tok string, sess Session, u User, ended []string, err error) {
	fail := func(err error) (string, Session, User, []string, error) { return "", Session{}, User{}, nil, err }
	// The link first: a wrong token is answered without hashing anything.
	key, link, u, err := s.checkLink(token, s.now())
	if err != nil {
		return fail(err)
	}
	if err := checkNewPassword(pw, u); err != nil {
		return fail(err)
	}
	hash, err := s.hash(pw)
	if err != nil {
		return fail(err)
	}
	tok, id, err := newToken()
	if err != nil {
		return fail(err)
	}
	now := s.now()
	err = s.db.Update(func(tx *store.Tx) error {
		cur, user, err := linkTx(tx, key, now)
		if err != nil {
			return err
		}
		if cur.Login != link.Login || !cur.CreatedAt.Equal(link.CreatedAt) {
			return errLinkGone
		}
		if err := tx.Delete(store.PasswordLinks, key); err != nil {
			return err
		}
		if err := tx.Delete(store.LoginAttempts, user.Login); err != nil {
			return err
		}
		if ended, err = s.EndSessions(tx, user.Login, api.EndRevoked, "", user.Login, addr); err != nil {
			return err
		}
		user.PasswordHash = hash
		if sess, u, err = s.startSession(tx, user, id, addr, agent, now); err != nil {
			return err
		}
		detail := "link"
		if cur.First {
			detail = "link, first password"
		}
		return tx.Audit(store.AuditRecord{At: now, Actor: user.Login, Addr: addr, Action: "password.set",
			Target: "user:" + user.Login, Result: "ok", Detail: detail})
	})
	if errors.Is(err, errLinkGone) {
		return fail(linkInvalid())
	}
	var e *api.Error
	if errors.As(err, &e) {
		return fail(e)
	}
	if err != nil {
		return fail(fmt.Errorf("set the password of %q: %w", link.Login, err))
	}
	return tok, sess, u, ended, nil
}

// checkNewPassword applies the password policy to a password u chooses.
func checkNewPassword(pw string, u User) error {
	if len(pw) > maxPasswordBytes {
		// Far over any length the policy allows; not worth normalizing.
		return &api.Error{Code: api.CodeValidation, Message: fmt.Sprintf("a password has at most %d characters", api.MaxPasswordChars),
			Fields: map[string]api.Code{"password": api.FieldTooLong}, Args: map[string]string{"password": fmt.Sprint(api.MaxPasswordChars)}}
	}
	guessable := []string{u.Login, u.Name}
	if u.Email != "" {
		guessable = append(guessable, u.Email)
	}
	return password.Check(pw, guessable...)
}

// hash is the hasher's Hash of pw's normalized form, busy answered as
// CodeBusy.
func (s *Service) hash(pw string) (string, error) {
	h, err := s.hasher.Hash(normalizePassword(pw))
	if errors.Is(err, ErrBusy) {
		until := s.now().Add(busyRetry).UTC()
		return "", &api.Error{Code: api.CodeBusy, Message: "the server is busy; try again in a moment", Until: &until}
	}
	if err != nil {
		return "", fmt.Errorf("hash a password: %w", err)
	}
	return h, nil
}

// Forgot starts a user's own reset: for an active user with an e-mail it
// issues a link (audited password.forgot) and returns it with the address;
// ok is false otherwise, and nothing tells the caller why.
func (s *Service) Forgot(login, addr string) (u User, token string, expires time.Time, ok bool, err error) {
	typed := truncateUTF8(login, MaxLoginLen)
	login = NormalizeLogin(login)
	now := s.now()
	err = s.db.Update(func(tx *store.Tx) error {
		ok = false
		var known bool
		var err error
		if login != "" && utf8.RuneCountInString(login) <= MaxLoginLen {
			if u, known, err = GetUser(tx, login); err != nil {
				return err
			}
		}
		if !known || u.Disabled || u.Email == "" {
			// Written so an operator sees the attempts; the HTTP layer
			// limits them per address.
			return tx.Audit(store.AuditRecord{At: now, Actor: typed, Addr: addr, Action: "password.forgot", Result: "ignored"})
		}
		if token, expires, err = s.issueLink(tx, login, !u.HasPassword(), login, now); err != nil {
			return err
		}
		ok = true
		return tx.Audit(store.AuditRecord{At: now, Actor: login, Addr: addr, Action: "password.forgot",
			Target: "user:" + login, Result: "ok", Detail: "link for " + u.Email + "; valid until " + expires.Format(time.RFC3339)})
	})
	if err != nil {
		return User{}, "", time.Time{}, false, fmt.Errorf("start a password reset: %w", err)
	}
	if !ok {
		return User{}, "", time.Time{}, false, nil
	}
	return u, token, expires, true, nil
}
