package auth_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

// mustGetUser reads login from the fixture's store.
func (f *fixture) mustGetUser(tb testing.TB, login string) auth.User {
	tb.Helper()
	var u auth.User
	if err := f.db.View(func(tx *store.Tx) (err error) { u, _, err = auth.GetUser(tx, login); return }); err != nil {
		tb.Fatal(err)
	}
	return u
}

func (f *fixture) mustLive(tb testing.TB, login string) []auth.Session {
	tb.Helper()
	var live []auth.Session
	if err := f.db.View(func(tx *store.Tx) (err error) { live, err = f.svc.LiveSessions(tx, login); return }); err != nil {
		tb.Fatal(err)
	}
	return live
}

func endReason(_ auth.Session, _ auth.User, err error) api.EndReason {
	var e *api.Error
	if errors.As(err, &e) && e.Code == api.CodeUnauthorized {
		return e.Reason
	}
	return "not unauthorized: " + api.EndReason(code(err))
}

func TestLoginKeepsAgentAndLastSignIn(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	before := f.mustGetUser(t, "ivanova")
	if !before.LastSignIn.IsZero() {
		t.Fatalf("last sign-in %v before any", before.LastSignIn)
	}
	f.clock.Add(time.Hour)
	agent := "Mozilla/5.0 " + strings.Repeat("ж", 200) + "\xff"
	_, sess, u, err := f.svc.Login("ivanova", "correct horse", "10.0.0.1", agent)
	if err != nil {
		t.Fatal(err)
	}
	if len(sess.Agent) > 256 || !utf8.ValidString(sess.Agent) || !strings.HasPrefix(sess.Agent, "Mozilla/5.0 жж") {
		t.Fatalf("agent %q (%d bytes): want valid UTF-8, at most 256 bytes", sess.Agent, len(sess.Agent))
	}
	stored := f.mustGetUser(t, "ivanova")
	if !stored.LastSignIn.Equal(f.clock.Now()) || !u.LastSignIn.Equal(f.clock.Now()) || stored.Version != before.Version {
		// A sign-in is no edit: an administrator editing the user meanwhile
		// must not be told of a conflict.
		t.Fatalf("after sign-in: stored %v (v%d), returned %v; want %v (v%d, unchanged)", stored.LastSignIn, stored.Version, u.LastSignIn, f.clock.Now(), before.Version)
	}
	var got auth.Session
	f.db.View(func(tx *store.Tx) error { _, err := tx.Get(store.Sessions, sess.ID, &got); return err })
	if got.Agent != sess.Agent {
		t.Fatalf("stored agent %q, want %q", got.Agent, sess.Agent)
	}
}

// A user who has no password yet, or is deactivated, is answered exactly
// like a wrong password: one hash, one failure toward the lock.
func TestUserWithoutPasswordOrDeactivatedCannotSignIn(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	f.mustNewUser(t)
	f.setUser(t, "ivanova", func(u *auth.User) { u.Disabled = true })
	for _, login := range []string{"petrov", "ivanova"} {
		pw := map[string]string{"petrov": "", "ivanova": "correct horse"}[login]
		for i, want := range []api.Code{api.CodeBadCredentials, api.CodeBadCredentials, api.CodeLocked} {
			before := f.hasher.Derivations()
			if _, _, _, err := f.svc.Login(login, pw+"x", "", ""); code(err) != want {
				t.Fatalf("%s attempt %d: %v, want %s", login, i, err, want)
			}
			if got := f.hasher.Derivations() - before; got != 1 {
				t.Fatalf("%s attempt %d ran %d hashes, want 1", login, i, got)
			}
		}
		if u := f.mustGetUser(t, login); !u.LastSignIn.IsZero() {
			t.Fatalf("%s: last sign-in %v after failures", login, u.LastSignIn)
		}
	}
}

func TestChangePasswordWrongCurrentLocks(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	id := auth.SessionID(f.mustLogin(t))
	for i, want := range []api.Code{api.CodeBadCredentials, api.CodeBadCredentials, api.CodeLocked, api.CodeLocked} {
		if _, err := f.svc.ChangePassword(id, "wrong", newPassword, ""); code(err) != want {
			t.Fatalf("attempt %d: %v, want %s", i, err, want)
		}
	}
	if r := f.tail(t, 1)[0]; r.Action != "password.change" || r.Target != "user:ivanova" {
		t.Fatalf("audit %+v, want password.change on user:ivanova", r)
	}
	if _, _, _, err := f.svc.Login("ivanova", "correct horse", "", ""); code(err) != api.CodeLocked {
		t.Fatalf("sign-in after three wrong current passwords: %v, want locked", err)
	}
}

func TestChangePassword(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	a, b := f.mustLogin(t), f.mustLogin(t)
	idA := auth.SessionID(a)
	// A refused new password costs no attempt.
	for range 5 {
		_, err := f.svc.ChangePassword(idA, "correct horse", "ivanova1", "")
		var e *api.Error
		if !errors.As(err, &e) || e.Fields["password"] != api.FieldLikeLogin {
			t.Fatalf("new password like the login: %v, want validation like_login", err)
		}
	}
	if _, err := f.svc.ChangePassword("no-such-session", "correct horse", newPassword, ""); code(err) != api.CodeUnauthorized {
		t.Fatalf("unknown session: %v, want unauthorized", err)
	}
	ended, err := f.svc.ChangePassword(idA, "correct horse", newPassword, "10.0.0.2")
	if err != nil {
		t.Fatal(err)
	}
	if len(ended) != 1 || ended[0] != auth.SessionID(b) {
		t.Fatalf("ended %v, want only the other session", ended)
	}
	if _, _, err := f.svc.Check(a, false); err != nil {
		t.Fatalf("the changing session: %v", err)
	}
	if got := endReason(f.svc.Check(b, false)); got != api.EndRevoked {
		t.Fatalf("the other session: %s, want revoked", got)
	}
	if _, _, _, err := f.svc.Login("ivanova", "correct horse", "", ""); code(err) != api.CodeBadCredentials {
		t.Fatalf("old password: %v, want bad_credentials", err)
	}
	if _, _, _, err := f.svc.Login("ivanova", newPassword, "", ""); err != nil {
		t.Fatalf("new password: %v", err)
	}
}

// Set moves the clock to t.
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

func TestLiveSessions(t *testing.T) {
	cfg := testConfig
	cfg.SessionMax = time.Hour
	f := mustServiceWith(t, cfg, cheapParams)
	t0 := f.clock.Now()
	idle := f.mustLogin(t) // never used again
	f.clock.Add(time.Second)
	active := f.mustLogin(t) // used every 20 minutes until the hour is up
	f.clock.Set(t0.Add(time.Minute))
	seen := f.mustLogin(t) // used once, 30 s later: in memory only
	f.clock.Set(t0.Add(90 * time.Second))
	for _, tok := range []string{seen, active} {
		if _, _, err := f.svc.Check(tok, true); err != nil {
			t.Fatal(err)
		}
	}
	ended := f.mustLogin(t)
	if _, err := f.svc.Logout(ended, ""); err != nil {
		t.Fatal(err)
	}
	ids := func() string {
		var out []string
		for _, s := range f.mustLive(t, "ivanova") {
			out = append(out, s.ID[:6])
		}
		return strings.Join(out, ",")
	}
	id := func(tokens ...string) string {
		var out []string
		for _, tok := range tokens {
			out = append(out, auth.SessionID(tok)[:6])
		}
		return strings.Join(out, ",")
	}
	if got, want := ids(), id(seen, active, idle); got != want {
		t.Fatalf("live %v, want %v (newest first, the ended one left out)", got, want)
	}
	// idle's 30 minutes are over; seen's stored LastSeen is as old, but
	// its activity in memory is 30 s younger.
	f.clock.Set(t0.Add(31*time.Minute + 10*time.Second))
	if got, want := ids(), id(seen, active); got != want {
		t.Fatalf("live at 31:10 %v, want %v (idle gone, seen alive by its activity in memory)", got, want)
	}
	for range 2 {
		if _, _, err := f.svc.Check(active, true); err != nil {
			t.Fatal(err)
		}
		f.clock.Add(20 * time.Minute)
	}
	f.clock.Set(t0.Add(time.Hour + time.Second))
	if got := ids(); got != "" {
		t.Fatalf("live after the absolute limit: %v, want none", got)
	}
}

func TestEndSessions(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	keep, x, y := f.mustLogin(t), f.mustLogin(t), f.mustLogin(t)
	var ended []string
	f.mustUpdate(t, func(tx *store.Tx) (err error) {
		ended, err = f.svc.EndSessions(tx, "ivanova", api.EndRevoked, auth.SessionID(keep), "admin", "10.0.0.9")
		return err
	})
	if got, want := sorted(ended), sorted([]string{auth.SessionID(x), auth.SessionID(y)}); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("ended %v, want %v", got, want)
	}
	if _, _, err := f.svc.Check(keep, true); err != nil {
		t.Fatalf("kept session: %v", err)
	}
	for _, tok := range []string{x, y} {
		if got := endReason(f.svc.Check(tok, false)); got != api.EndRevoked {
			t.Fatalf("ended session: %s, want revoked", got)
		}
	}
	if r := f.tail(t, 1)[0]; r.Action != "session.end" || r.Actor != "admin" || r.Result != string(api.EndRevoked) {
		t.Fatalf("audit %+v, want session.end by admin", r)
	}
	// One session by its public handle; another user's is not found.
	pub := auth.PublicID(auth.SessionID(keep))
	if len(pub) != 16 || !strings.HasPrefix(auth.SessionID(keep), pub) {
		t.Fatalf("PublicID %q", pub)
	}
	f.mustUpdate(t, func(tx *store.Tx) error {
		if _, ok, err := f.svc.EndSessionTx(tx, "petrov", pub, api.EndRevoked, "admin", ""); ok || err != nil {
			t.Errorf("another login's session: %v, %v; want not found", ok, err)
		}
		got, ok, err := f.svc.EndSessionTx(tx, "ivanova", pub, api.EndRevoked, "ivanova", "")
		if !ok || err != nil || got != auth.SessionID(keep) {
			t.Errorf("EndSessionTx = %q, %v, %v", got, ok, err)
		}
		return nil
	})
	if got := endReason(f.svc.Check(keep, false)); got != api.EndRevoked {
		t.Fatalf("session ended by its handle: %s, want revoked", got)
	}
	// Its activity in memory does not bring it back.
	if live := f.mustLive(t, "ivanova"); len(live) != 0 {
		t.Fatalf("live after ending all: %v", live)
	}
}

func TestUnlock(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	for range 3 {
		f.svc.Login("ivanova", "wrong", "", "")
	}
	lastFailure := f.clock.Now()
	f.clock.Add(time.Minute)
	var until time.Time
	var was bool
	f.mustUpdate(t, func(tx *store.Tx) (err error) {
		if until, err = f.svc.LockedUntil(tx, "ivanova"); err != nil {
			return err
		}
		was, err = f.svc.Unlock(tx, "ivanova", "admin", "10.0.0.9")
		return err
	})
	if want := lastFailure.Add(15 * time.Minute); !until.Equal(want) || !was {
		t.Fatalf("locked until %v (unlocked %v), want %v", until, was, want)
	}
	if r := f.tail(t, 1)[0]; r.Action != "login.unlock" || r.Actor != "admin" || r.Target != "user:ivanova" {
		t.Fatalf("audit %+v, want login.unlock by admin on user:ivanova", r)
	}
	f.mustUpdate(t, func(tx *store.Tx) error {
		if until, err := f.svc.LockedUntil(tx, "ivanova"); err != nil || !until.IsZero() {
			t.Errorf("after unlock: locked until %v, %v", until, err)
		}
		return nil
	})
	if _, _, _, err := f.svc.Login("ivanova", "correct horse", "", ""); err != nil {
		t.Fatalf("sign-in right after unlock: %v", err)
	}
	seq := f.tail(t, 1)[0].Seq
	f.mustUpdate(t, func(tx *store.Tx) error {
		if was, err := f.svc.Unlock(tx, "ivanova", "admin", ""); was || err != nil {
			t.Errorf("unlocking an open login: %v, %v; want false", was, err)
		}
		return nil
	})
	if r := f.tail(t, 1)[0]; r.Seq != seq {
		t.Fatalf("unlocking an open login audited %+v", r)
	}
}
