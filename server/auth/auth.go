// Package auth decides who may use WebTool: users with argon2id password
// hashes, the login lockout, and sessions with idle and absolute limits.
// Every login event is written to the audit trail in the same transaction as
// the state it changes.
package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"webtool/server/api"
	"webtool/server/ratelimit"
	"webtool/server/store"
)

// MaxLoginLen caps a login name. Passwords follow api.CheckPassword.
const MaxLoginLen = 64

// maxPasswordBytes bounds the work of normalising what a client sends; a
// password of api.MaxPasswordChars characters is far shorter in any form.
const maxPasswordBytes = 4 << 10

// busyRetry is the wait a busy answer suggests: a full hasher queue drains
// in well under it.
const busyRetry = time.Second

// User is an account that can sign in.
type User struct {
	Login        string   `json:"login"` // normalized; the key in store.Users
	Name         string   `json:"name"`
	PasswordHash string   `json:"passwordHash"`
	Roles        []string `json:"roles"`
	// SyncPoints are the distributors whose rows the user sees (unless a
	// role lifts the scope).
	SyncPoints []string  `json:"syncPoints,omitempty"`
	Disabled   bool      `json:"disabled,omitempty"`
	CreatedAt  time.Time `json:"createdAt"`
	Email      string    `json:"email,omitempty"`
	Phone      string    `json:"phone,omitempty"`
	// LastSignIn is the last successful sign-in (zero: never).
	LastSignIn time.Time `json:"lastSignIn,omitzero"`
	// Version counts the writes of the record (PutUser), for stale edits.
	Version uint64 `json:"version,omitempty"`
}

// HasPassword reports whether the user has set a password (a new user has
// none until they use their link, and cannot sign in).
func (u User) HasPassword() bool { return u.PasswordHash != "" }

// Session is a signed-in browser. Only the SHA-256 of its token is stored,
// so a copy of the database file does not let anyone take over a session.
type Session struct {
	ID        string        `json:"id"` // hex SHA-256 of the token; the key in store.Sessions
	Login     string        `json:"login"`
	Addr      string        `json:"addr"`
	Agent     string        `json:"agent,omitempty"` // the browser's User-Agent, at most 256 bytes
	CreatedAt time.Time     `json:"createdAt"`
	LastSeen  time.Time     `json:"lastSeen"`
	EndedAt   time.Time     `json:"endedAt,omitzero"`
	EndReason api.EndReason `json:"endReason,omitempty"`
}

// Config sets the rules of a Service.
type Config struct {
	Lockout     Lockout
	SessionIdle time.Duration
	SessionMax  time.Duration
	// UnknownNames bounds the in-memory counters of login names that do not
	// exist. Zero means 100,000.
	UnknownNames int
	// PerAddress limits sign-in attempts per client address (an IPv6 /64
	// counts as one); a right password gives its attempt back. A zero
	// Burst means no limit.
	PerAddress ratelimit.Limit
	// Addresses bounds the per-address table. Zero means 50,000.
	Addresses int
	// AuditPerMinute is how many client addresses a minute get their
	// failed sign-ins audited one by one (see attemptLog). Zero means 20.
	AuditPerMinute int
}

// Service signs users in and out and keeps their sessions. It is safe for
// concurrent use.
type Service struct {
	db      store.Store
	hasher  *Hasher
	cfg     Config
	now     func() time.Time
	unknown *Counters
	// refused: which locks already have their refusal audited.
	refused Refusals
	// addrs throttles attempts per address (nil: no limit); attempts
	// bounds their audit records.
	addrs    *ratelimit.Table
	attempts *attemptLog

	// seen holds activity newer than the stored LastSeen, so that every
	// request does not cost a disk write; it is flushed when it gets old.
	mu   sync.Mutex
	seen map[string]time.Time
}

// NewService returns a Service over db. now is the clock (time.Now in
// production, a fake in tests).
func NewService(db store.Store, hasher *Hasher, cfg Config, now func() time.Time) *Service {
	if cfg.UnknownNames <= 0 {
		cfg.UnknownNames = 100_000
	}
	if cfg.Addresses <= 0 {
		cfg.Addresses = 50_000
	}
	if cfg.AuditPerMinute <= 0 {
		cfg.AuditPerMinute = 20
	}
	s := &Service{db: db, hasher: hasher, cfg: cfg, now: now,
		unknown: NewCounters(cfg.UnknownNames), seen: map[string]time.Time{},
		attempts: newAttemptLog(cfg.Lockout.Window, cfg.AuditPerMinute)}
	if cfg.PerAddress.Burst > 0 {
		s.addrs = ratelimit.NewTable(cfg.PerAddress, cfg.Addresses)
	}
	return s
}

// Open is NewService over a store it first gives the buckets the service
// owns beyond the base ones (store.PasswordLinks): the server opens its
// Service this way. NewService suits a store that has them (or a caller
// that never issues a password link).
func Open(db store.Store, hasher *Hasher, cfg Config, now func() time.Time) (*Service, error) {
	if err := db.EnsureBuckets(store.PasswordLinks); err != nil {
		return nil, fmt.Errorf("open the sign-in service: %w", err)
	}
	return NewService(db, hasher, cfg, now), nil
}

// normalizePassword is the form of a password that is hashed and compared:
// NFC, so "é" typed as one code point or as e + accent is the same
// password on every keyboard.
func normalizePassword(p string) string { return norm.NFC.String(p) }

// CheckPassword applies api.CheckPassword to password as it will be
// stored (NFC), for settings that name a password before any user exists.
func CheckPassword(password string) error { return api.CheckPassword(normalizePassword(password)) }

// Login checks name and password. On success it returns a new session and
// its token, which is the only copy of the token anywhere; agent is the
// browser's User-Agent, kept on the session for the sessions list. Failures
// are *api.Error with CodeBadCredentials (never saying whether the name
// exists, has a password or is deactivated), CodeLocked with Until,
// CodeRateLimited with Until (too many attempts from addr) or CodeBusy
// with Until (the hasher's queue is full).
func (s *Service) Login(name, password, addr, agent string) (token string, sess Session, user User, err error) {
	login := NormalizeLogin(name)
	if login == "" || len(login) > MaxLoginLen*4 || len(password) > maxPasswordBytes {
		return "", Session{}, User{}, api.Errorf(api.CodeBadRequest, "login or password missing or too long")
	}
	if password = normalizePassword(password); utf8.RuneCountInString(password) > api.MaxPasswordChars {
		return "", Session{}, User{}, api.Errorf(api.CodeBadRequest, "a password has at most %d characters", api.MaxPasswordChars)
	}
	actor := login
	if len(actor) > MaxLoginLen {
		actor = actor[:MaxLoginLen]
	}
	now := s.now()
	addrKey := ratelimit.AddrKey(addr)
	if s.addrs != nil {
		if wait, ok := s.addrs.Take(addrKey, now); !ok {
			// Counted for the address's summary, never a record of its own.
			if due := s.attempts.note(attemptThrottled, store.AuditRecord{At: now, Actor: actor, Addr: addr}, addrKey); len(due) > 0 {
				if err := s.db.Update(func(tx *store.Tx) error { return auditAll(tx, due) }); err != nil {
					return "", Session{}, User{}, fmt.Errorf("write sign-in failure summaries: %w", err)
				}
			}
			until := now.Add(wait).UTC()
			return "", Session{}, User{}, &api.Error{Code: api.CodeRateLimited, Message: "too many sign-in attempts from this address", Until: &until}
		}
	}
	// giveBack returns the address's token: the attempt was no guess.
	giveBack := func() {
		if s.addrs != nil {
			s.addrs.Give(addrKey, now)
		}
	}

	// Step 1: check the lock and count this attempt as a failure in
	// advance, in one transaction, so parallel attempts are serialized here.
	var known bool
	var until time.Time
	var allowed bool
	err = s.db.Update(func(tx *store.Tx) error {
		ok, err := tx.Get(store.Users, login, &user)
		if err != nil {
			return err
		}
		known = ok
		if !known {
			until, allowed, _, _ = s.unknown.Begin(s.cfg.Lockout, login, now)
		} else {
			var c Counter
			if _, err := tx.Get(store.LoginAttempts, login, &c); err != nil {
				return err
			}
			var next Counter
			next, until, allowed = s.cfg.Lockout.Begin(c, now)
			if allowed {
				if err := tx.Put(store.LoginAttempts, login, next); err != nil {
					return err
				}
			}
		}
		if !allowed && s.refused.First(login, until, now) {
			return auditAll(tx, s.attempts.note(attemptRefused, store.AuditRecord{At: now, Actor: actor, Addr: addr, Action: "login.locked",
				Result: "denied", Detail: "locked until " + until.UTC().Format(time.RFC3339) + "; later attempts until then are not logged"}, addrKey))
		}
		return nil
	})
	if err != nil {
		return "", Session{}, User{}, fmt.Errorf("begin login attempt: %w", err)
	}
	if !allowed {
		return "", Session{}, User{}, lockedError(until)
	}

	// Step 2: the slow hash, outside any transaction, if the hasher's
	// queue has room; if not, the attempt was no guess and is taken back.
	if !s.hasher.enter() {
		if err := s.undoAttempt(login, known); err != nil {
			return "", Session{}, User{}, err
		}
		giveBack()
		until := now.Add(busyRetry).UTC()
		return "", Session{}, User{}, &api.Error{Code: api.CodeBusy, Message: "the server is busy; try again in a moment", Until: &until}
	}
	defer s.hasher.leave()
	// A user without a password (a new one who has not used the link) or
	// a deactivated one costs the same hash and counts the same failure
	// as a wrong password, so the answer tells nothing about the account.
	good := false
	if known && user.HasPassword() {
		good, err = s.hasher.verify(user.PasswordHash, password)
		if err != nil {
			return "", Session{}, User{}, fmt.Errorf("verify password of %q: %w", login, err)
		}
		good = good && !user.Disabled
	} else {
		s.hasher.verifyDummy(password)
	}

	// Step 3: record the outcome.
	if !good {
		var c Counter
		err = s.db.Update(func(tx *store.Tx) error {
			if known {
				if _, err := tx.Get(store.LoginAttempts, login, &c); err != nil {
					return err
				}
			}
			return auditAll(tx, s.attempts.note(attemptFailed, store.AuditRecord{At: now, Actor: actor, Addr: addr, Action: "login.failed", Result: "failed"}, addrKey))
		})
		if err != nil {
			return "", Session{}, User{}, fmt.Errorf("record failed login: %w", err)
		}
		if !known {
			c = s.unknown.Get(login)
		}
		if until := s.cfg.Lockout.LockedUntil(c, now); !until.IsZero() {
			return "", Session{}, User{}, lockedError(until)
		}
		return "", Session{}, User{}, api.Errorf(api.CodeBadCredentials, "wrong login or password")
	}

	giveBack()
	token, id, err := newToken()
	if err != nil {
		return "", Session{}, User{}, err
	}
	var refused bool
	err = s.db.Update(func(tx *store.Tx) error {
		// The user is read again: an administrator may have deactivated
		// it while the hash ran.
		cur, ok, err := GetUser(tx, login)
		if err != nil {
			return err
		}
		if !ok || cur.Disabled || cur.PasswordHash != user.PasswordHash {
			refused = true
			return nil
		}
		if err := tx.Delete(store.LoginAttempts, login); err != nil {
			return err
		}
		sess, user, err = s.startSession(tx, cur, id, addr, agent, now)
		return err
	})
	if err != nil {
		return "", Session{}, User{}, fmt.Errorf("start session for %q: %w", login, err)
	}
	if refused {
		return "", Session{}, User{}, api.Errorf(api.CodeBadCredentials, "wrong login or password")
	}
	return token, sess, user, nil
}

// maxAgentBytes caps the User-Agent kept on a session.
const maxAgentBytes = 256

// startSession stores a new session id for u, sets u's last sign-in and
// audits login.ok, in tx.
func (s *Service) startSession(tx *store.Tx, u User, id, addr, agent string, now time.Time) (Session, User, error) {
	sess := Session{ID: id, Login: u.Login, Addr: addr, Agent: truncateUTF8(agent, maxAgentBytes), CreatedAt: now, LastSeen: now}
	if err := tx.Put(store.Sessions, id, sess); err != nil {
		return Session{}, User{}, err
	}
	// A sign-in is no edit of the user: Version stays, so an
	// administrator editing them meanwhile is not told of a conflict.
	u.LastSignIn = now
	if err := tx.Put(store.Users, u.Login, u); err != nil {
		return Session{}, User{}, fmt.Errorf("write last sign-in of %q: %w", u.Login, err)
	}
	if err := tx.Audit(store.AuditRecord{At: now, Actor: u.Login, Addr: addr, Action: "login.ok", Target: "session:" + id[:12], Result: "ok"}); err != nil {
		return Session{}, User{}, err
	}
	return sess, u, nil
}

// truncateUTF8 returns s as valid UTF-8 of at most n bytes, cut at a
// character boundary (a client's header may be anything).
func truncateUTF8(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// undoAttempt takes back the failure Login counted in advance for an
// attempt whose password was never checked.
func (s *Service) undoAttempt(login string, known bool) error {
	if !known {
		s.unknown.Undo(login)
		return nil
	}
	err := s.db.Update(func(tx *store.Tx) error {
		var c Counter
		if ok, err := tx.Get(store.LoginAttempts, login, &c); err != nil || !ok {
			return err
		}
		if c.Failures--; c.Failures <= 0 {
			return tx.Delete(store.LoginAttempts, login)
		}
		return tx.Put(store.LoginAttempts, login, c)
	})
	if err != nil {
		return fmt.Errorf("take back the attempt of %q: %w", login, err)
	}
	return nil
}

// auditAll writes records in tx.
func auditAll(tx *store.Tx, records []store.AuditRecord) error {
	for _, r := range records {
		if err := tx.Audit(r); err != nil {
			return err
		}
	}
	return nil
}

// FlushAudit writes the summaries of failed sign-ins whose minute or lock
// window is over (all: every summary, at shutdown). The server calls it
// every few seconds, so a guesser who stops is still summed up in time.
func (s *Service) FlushAudit(all bool) error {
	records := s.attempts.flush(s.now(), all)
	if len(records) == 0 {
		return nil
	}
	if err := s.db.Update(func(tx *store.Tx) error { return auditAll(tx, records) }); err != nil {
		return fmt.Errorf("write sign-in failure summaries: %w", err)
	}
	return nil
}

func lockedError(until time.Time) *api.Error {
	u := until.UTC()
	return &api.Error{Code: api.CodeLocked, Message: "too many failed attempts", Until: &u}
}

// newToken returns a random session token (256 bits) and its storage ID.
func newToken() (token, id string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", fmt.Errorf("read session token: %w", err)
	}
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, SessionID(token), nil
}

// SessionID returns the storage ID of a session token.
func SessionID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Check returns the live session of token and its user, marking it active
// when touch is set. A session past its idle or absolute limit is ended
// (and audited) here. Failures are *api.Error with CodeUnauthorized and,
// when a session existed, the Reason it ended.
func (s *Service) Check(token string, touch bool) (Session, User, error) {
	if token == "" || len(token) > 128 {
		return Session{}, User{}, api.Errorf(api.CodeUnauthorized, "not signed in")
	}
	id := SessionID(token)
	now := s.now()
	var sess Session
	var user User
	if err := s.db.View(func(tx *store.Tx) error {
		ok, err := tx.Get(store.Sessions, id, &sess)
		if err != nil || !ok {
			return err
		}
		_, err = tx.Get(store.Users, sess.Login, &user)
		return err
	}); err != nil {
		return Session{}, User{}, fmt.Errorf("load session: %w", err)
	}
	if sess.ID == "" {
		return Session{}, User{}, api.Errorf(api.CodeUnauthorized, "not signed in")
	}
	if sess.EndReason != "" {
		return Session{}, User{}, &api.Error{Code: api.CodeUnauthorized, Message: "session ended", Reason: sess.EndReason}
	}
	// Activity not yet written counts for the idle limit; touch compares
	// with what is stored, so activity every few seconds still reaches the
	// store (a restart or a purge goes by the stored time).
	stored := sess.LastSeen
	s.mu.Lock()
	if t, ok := s.seen[id]; ok && t.After(sess.LastSeen) {
		sess.LastSeen = t
	}
	s.mu.Unlock()
	reason := api.EndReason("")
	switch {
	case user.Login == "" || user.Disabled:
		reason = api.EndRevoked
	case !now.Before(sess.CreatedAt.Add(s.cfg.SessionMax)):
		reason = api.EndExpired
	case !now.Before(sess.LastSeen.Add(s.cfg.SessionIdle)):
		reason = api.EndIdle
	}
	if reason != "" {
		if err := s.end(id, reason, "", ""); err != nil {
			return Session{}, User{}, err
		}
		return Session{}, User{}, &api.Error{Code: api.CodeUnauthorized, Message: "session ended", Reason: reason}
	}
	if touch {
		s.touch(sess.ID, stored, now)
	}
	return sess, user, nil
}

// touch records activity, writing it to the store only when the stored time
// is older than a tenth of the idle limit (at most a minute), so a restart
// loses little of it.
func (s *Service) touch(id string, stored, now time.Time) {
	s.mu.Lock()
	s.seen[id] = now
	s.mu.Unlock()
	if now.Sub(stored) < min(s.cfg.SessionIdle/10, time.Minute) {
		return
	}
	s.db.Update(func(tx *store.Tx) error {
		var cur Session
		if ok, err := tx.Get(store.Sessions, id, &cur); err != nil || !ok || cur.EndReason != "" {
			return err
		}
		cur.LastSeen = now
		return tx.Put(store.Sessions, id, cur)
	})
}

// Logout ends the session of token. Ending a session that is already over
// is not an error.
func (s *Service) Logout(token, addr string) (Session, error) {
	id := SessionID(token)
	var sess Session
	if err := s.db.View(func(tx *store.Tx) error { _, err := tx.Get(store.Sessions, id, &sess); return err }); err != nil {
		return Session{}, fmt.Errorf("load session: %w", err)
	}
	if sess.ID == "" || sess.EndReason != "" {
		return sess, nil
	}
	return sess, s.end(id, api.EndLogout, sess.Login, addr)
}

// end marks a session ended with reason and audits it.
func (s *Service) end(id string, reason api.EndReason, actor, addr string) error {
	now := s.now()
	err := s.db.Update(func(tx *store.Tx) error {
		var sess Session
		if ok, err := tx.Get(store.Sessions, id, &sess); err != nil || !ok || sess.EndReason != "" {
			return err
		}
		return s.endTx(tx, sess, reason, actor, addr, now)
	})
	if err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// endTx marks sess ended with reason in tx and audits it (actor "": the
// session's own user). Its unwritten activity is forgotten at once: if tx
// rolls back, the session merely loses a little activity, and once tx
// commits nothing in memory speaks for it any more.
func (s *Service) endTx(tx *store.Tx, sess Session, reason api.EndReason, actor, addr string, now time.Time) error {
	sess.EndedAt, sess.EndReason = now, reason
	if err := tx.Put(store.Sessions, sess.ID, sess); err != nil {
		return err
	}
	if actor == "" {
		actor = sess.Login
	}
	if err := tx.Audit(store.AuditRecord{At: now, Actor: actor, Addr: addr, Action: "session.end",
		Target: "session:" + sess.ID[:12], Result: string(reason)}); err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.seen, sess.ID)
	s.mu.Unlock()
	return nil
}

// PurgeSessions deletes sessions that ended or expired more than keep ago,
// so the bucket does not grow forever; ended sessions are kept that long
// so a returning browser can be told why it was signed out.
func (s *Service) PurgeSessions(keep time.Duration) (int, error) {
	now := s.now()
	var old []string
	err := s.db.Update(func(tx *store.Tx) error {
		old = old[:0]
		err := tx.ForEach(store.Sessions, func(k string, raw []byte) error {
			var sess Session
			if err := store.Decode(raw, &sess); err != nil {
				return fmt.Errorf("decode session: %w", err)
			}
			end := sess.EndedAt
			if end.IsZero() {
				end = minTime(sess.CreatedAt.Add(s.cfg.SessionMax), sess.LastSeen.Add(s.cfg.SessionIdle))
			}
			if now.Sub(end) > keep {
				old = append(old, k)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, k := range old {
			if err := tx.Delete(store.Sessions, k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	// Sessions nobody checks again (no socket open) are forgotten here.
	s.mu.Lock()
	for _, k := range old {
		delete(s.seen, k)
	}
	s.mu.Unlock()
	return len(old), nil
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// ErrUserExists is returned by CreateUser for a login already taken.
var ErrUserExists = errors.New("user already exists")

// NewUser is what CreateUser needs. An empty Password makes a user who
// cannot sign in until they set one through a link (IssueLink).
type NewUser struct {
	Login, Name, Password string
	Email, Phone          string
	Roles, SyncPoints     []string
}

// CreateUser adds a user. actor and addr go to the audit record. A
// password must pass api.CheckPassword (length only: it is the first
// administrator's or the demo's, set by whoever runs the server; the
// policy of package password is for passwords users choose); it is stored
// as the hash of its NFC form, which is what Login compares.
func (s *Service) CreateUser(n NewUser, actor, addr string) (User, error) {
	login, password := NormalizeLogin(n.Login), normalizePassword(n.Password)
	if login == "" || len(login) > MaxLoginLen {
		return User{}, api.Errorf(api.CodeValidation, "login must be 1 to %d characters", MaxLoginLen)
	}
	// A taken login is told before the password is judged or hashed.
	var exists bool
	if err := s.db.View(func(tx *store.Tx) (err error) { exists, err = tx.Get(store.Users, login, &User{}); return }); err != nil {
		return User{}, fmt.Errorf("create user %q: %w", login, err)
	}
	if exists {
		return User{}, fmt.Errorf("create user %q: %w", login, ErrUserExists)
	}
	var hash string
	if n.Password != "" {
		if err := api.CheckPassword(password); err != nil {
			return User{}, err
		}
		var err error
		if hash, err = s.hasher.Hash(password); err != nil {
			return User{}, fmt.Errorf("create user %q: %w", login, err)
		}
	}
	u := User{Login: login, Name: n.Name, PasswordHash: hash, Roles: n.Roles, SyncPoints: n.SyncPoints,
		Email: n.Email, Phone: n.Phone, CreatedAt: s.now()}
	err := s.db.Update(func(tx *store.Tx) error {
		if _, ok, err := GetUser(tx, login); err != nil {
			return err
		} else if ok {
			return fmt.Errorf("create user %q: %w", login, ErrUserExists)
		}
		var err error
		if u, err = PutUser(tx, u); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: u.CreatedAt, Actor: actor, Addr: addr, Action: "user.create", Target: "user:" + login, Result: "ok"})
	})
	return u, err
}
