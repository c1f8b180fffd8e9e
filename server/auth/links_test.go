package auth_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

// newPassword passes the policy for every user of these tests.
const newPassword = "violet tram at dusk"

// mustUpdate runs fn in a write transaction of the fixture's store.
func (f *fixture) mustUpdate(tb testing.TB, fn func(tx *store.Tx) error) {
	tb.Helper()
	if err := f.db.Update(fn); err != nil {
		tb.Fatal(err)
	}
}

// mustNewUser adds petrov, who has an e-mail and no password yet.
func (f *fixture) mustNewUser(tb testing.TB) {
	tb.Helper()
	u, err := f.svc.CreateUser(auth.NewUser{Login: "petrov", Name: "Пётр Петров", Email: "p.petrov@example.com"}, "admin", "")
	if err != nil {
		tb.Fatal(err)
	}
	if u.HasPassword() {
		tb.Fatal("a user created without a password has one")
	}
}

// mustIssue issues a link of login by "admin".
func (f *fixture) mustIssue(tb testing.TB, login string, first bool) (token string, expires time.Time) {
	tb.Helper()
	f.mustUpdate(tb, func(tx *store.Tx) (err error) {
		token, expires, err = f.svc.IssueLink(tx, login, first, "admin", "10.0.0.9")
		return err
	})
	return token, expires
}

// setUser changes the stored user login with fn.
func (f *fixture) setUser(tb testing.TB, login string, fn func(*auth.User)) {
	tb.Helper()
	f.mustUpdate(tb, func(tx *store.Tx) error {
		u, ok, err := auth.GetUser(tx, login)
		if err != nil || !ok {
			return errors.Join(err, errors.New("no user "+login))
		}
		fn(&u)
		_, err = auth.PutUser(tx, u)
		return err
	})
}

func TestLinkSetsThePasswordOnce(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	f.mustNewUser(t)
	issued := f.clock.Now()
	token, expires := f.mustIssue(t, "petrov", true)
	if want := issued.Add(30 * time.Minute); !expires.Equal(want) {
		t.Fatalf("expires %v, want %v", expires, want)
	}
	f.clock.Add(time.Minute)
	info, err := f.svc.CheckLink(token)
	if err != nil {
		t.Fatal(err)
	}
	if want := (api.PasswordLinkInfo{Login: "petrov", Name: "Пётр Петров", ExpiresAt: issued.Add(30 * time.Minute), First: true}); info != want {
		t.Fatalf("CheckLink = %+v, want %+v", info, want)
	}
	tok, sess, u, ended, err := f.svc.SetPasswordWithLink(token, newPassword, "10.0.0.5", "Firefox")
	if err != nil {
		t.Fatal(err)
	}
	if len(ended) != 0 || sess.Login != "petrov" || sess.Agent != "Firefox" || !u.HasPassword() || !u.LastSignIn.Equal(f.clock.Now()) {
		t.Fatalf("set: ended %v, session %+v, user %+v", ended, sess, u)
	}
	if _, cu, err := f.svc.Check(tok, true); err != nil || cu.Login != "petrov" {
		t.Fatalf("Check of the new session: %v, %v", cu.Login, err)
	}
	if _, _, _, err := f.svc.Login("petrov", newPassword, "", ""); err != nil {
		t.Fatalf("sign-in with the password set: %v", err)
	}
	// Spent: it works once.
	if _, err := f.svc.CheckLink(token); code(err) != api.CodeLinkInvalid {
		t.Fatalf("CheckLink of a used link: %v, want link_invalid", err)
	}
	if _, _, _, _, err := f.svc.SetPasswordWithLink(token, "another long phrase", "", ""); code(err) != api.CodeLinkInvalid {
		t.Fatalf("second use: %v, want link_invalid", err)
	}
	var actions []string
	for _, r := range f.tail(t, 3) {
		actions = append(actions, r.Action+" "+r.Target)
	}
	if !slices.Contains(actions, "password.set user:petrov") {
		t.Fatalf("audit %v, want password.set user:petrov", actions)
	}
}

func TestNewerLinkReplacesOlder(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	f.mustNewUser(t)
	old, _ := f.mustIssue(t, "petrov", true)
	cur, _ := f.mustIssue(t, "petrov", false)
	if _, err := f.svc.CheckLink(old); code(err) != api.CodeLinkInvalid {
		t.Fatalf("replaced link: %v, want link_invalid", err)
	}
	if _, _, _, _, err := f.svc.SetPasswordWithLink(old, newPassword, "", ""); code(err) != api.CodeLinkInvalid {
		t.Fatalf("replaced link used: %v, want link_invalid", err)
	}
	if info, err := f.svc.CheckLink(cur); err != nil || info.First {
		t.Fatalf("newer link: %+v, %v (want a reset, not first)", info, err)
	}
	// DropLink (mailing failed) spends it too.
	f.mustUpdate(t, func(tx *store.Tx) error { return f.svc.DropLink(tx, "petrov") })
	if _, err := f.svc.CheckLink(cur); code(err) != api.CodeLinkInvalid {
		t.Fatalf("dropped link: %v, want link_invalid", err)
	}
}

func TestLinkExpiresAfterThirtyMinutes(t *testing.T) {
	tests := []struct {
		after time.Duration
		want  api.Code
	}{
		{29*time.Minute + 59*time.Second, "ok"},
		{30*time.Minute - time.Nanosecond, "ok"},
		{30 * time.Minute, api.CodeLinkInvalid},
		{30*time.Minute + time.Second, api.CodeLinkInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.after.String(), func(t *testing.T) {
			f := mustServiceWith(t, testConfig, cheapParams)
			f.mustNewUser(t)
			token, _ := f.mustIssue(t, "petrov", true)
			f.clock.Add(tt.after)
			if _, err := f.svc.CheckLink(token); code(err) != tt.want {
				t.Fatalf("CheckLink: %v, want %s", err, tt.want)
			}
			if _, _, _, _, err := f.svc.SetPasswordWithLink(token, newPassword, "", ""); code(err) != tt.want {
				t.Fatalf("SetPasswordWithLink: %v, want %s", err, tt.want)
			}
		})
	}
}

// A refused password leaves the link usable, and the policy sees the
// login, the name and the e-mail.
func TestLinkRefusesWeakPasswords(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	f.mustNewUser(t)
	token, _ := f.mustIssue(t, "petrov", true)
	tests := []struct {
		pw   string
		want api.Code
	}{
		{"short", api.FieldTooShort},
		{"password", api.FieldCommonPassword},
		{"Petrov2026", api.FieldLikeLogin},
		{"p.petrov", api.FieldLikeLogin},
	}
	before := f.hasher.Derivations()
	for _, tt := range tests {
		_, _, _, _, err := f.svc.SetPasswordWithLink(token, tt.pw, "", "")
		var e *api.Error
		if !errors.As(err, &e) || e.Code != api.CodeValidation || e.Fields["password"] != tt.want {
			t.Errorf("%q: %v, want validation %s", tt.pw, err, tt.want)
		}
	}
	if got := f.hasher.Derivations() - before; got != 0 {
		t.Errorf("refused passwords ran %d hashes", got)
	}
	if _, _, _, _, err := f.svc.SetPasswordWithLink(token, newPassword, "", ""); err != nil {
		t.Fatalf("the link after refusals: %v", err)
	}
}

func TestLinkOfDeactivatedUserIsInvalid(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	f.mustNewUser(t)
	token, _ := f.mustIssue(t, "petrov", true)
	f.setUser(t, "petrov", func(u *auth.User) { u.Disabled = true })
	if _, err := f.svc.CheckLink(token); code(err) != api.CodeLinkInvalid {
		t.Fatalf("CheckLink: %v, want link_invalid", err)
	}
	if _, _, _, _, err := f.svc.SetPasswordWithLink(token, newPassword, "", ""); code(err) != api.CodeLinkInvalid {
		t.Fatalf("SetPasswordWithLink: %v, want link_invalid", err)
	}
}

// A wrong token is answered without a hash (nothing to guess against).
func TestWrongTokenCostsNoHash(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	before := f.hasher.Derivations()
	for _, token := range []string{"", "forged", string(make([]byte, 200))} {
		if _, _, _, _, err := f.svc.SetPasswordWithLink(token, newPassword, "", ""); code(err) != api.CodeLinkInvalid {
			t.Fatalf("token %q: %v, want link_invalid", token, err)
		}
	}
	if got := f.hasher.Derivations() - before; got != 0 {
		t.Fatalf("wrong tokens ran %d hashes", got)
	}
}

// A reset by link ends every other session of the user, clears the
// lockout and signs the user in.
func TestLinkEndsOtherSessionsAndUnlocks(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	a, b := f.mustLogin(t), f.mustLogin(t)
	for range 3 {
		f.svc.Login("ivanova", "wrong", "", "")
	}
	token, _ := f.mustIssue(t, "ivanova", false)
	tok, _, _, ended, err := f.svc.SetPasswordWithLink(token, newPassword, "", "")
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(ended)
	if want := []string{auth.SessionID(a), auth.SessionID(b)}; !slices.Equal(ended, sorted(want)) {
		t.Fatalf("ended %v, want %v", ended, want)
	}
	for _, old := range []string{a, b} {
		var e *api.Error
		if _, _, err := f.svc.Check(old, false); !errors.As(err, &e) || e.Reason != api.EndRevoked {
			t.Fatalf("old session: %v, want unauthorized revoked", err)
		}
	}
	if _, _, err := f.svc.Check(tok, false); err != nil {
		t.Fatalf("new session: %v", err)
	}
	if _, _, _, err := f.svc.Login("ivanova", newPassword, "", ""); err != nil {
		t.Fatalf("sign-in after the reset (the lock was cleared): %v", err)
	}
	if _, _, _, err := f.svc.Login("ivanova", "correct horse", "", ""); code(err) != api.CodeBadCredentials {
		t.Fatalf("the old password: %v, want bad_credentials", err)
	}
}

func sorted(s []string) []string { slices.Sort(s); return s }

func TestForgot(t *testing.T) {
	f := mustServiceWith(t, testConfig, cheapParams)
	f.mustNewUser(t)
	// ivanova has no e-mail; nobody does not exist.
	for _, login := range []string{"ivanova", " NoBody ", ""} {
		if _, tok, _, ok, err := f.svc.Forgot(login, "10.0.0.3"); err != nil || ok || tok != "" {
			t.Fatalf("Forgot(%q) = %q, %v, %v; want nothing", login, tok, ok, err)
		}
		if r := f.tail(t, 1)[0]; r.Action != "password.forgot" || r.Result != "ignored" || r.Actor != login || r.Addr != "10.0.0.3" {
			t.Fatalf("audit of Forgot(%q) = %+v, want password.forgot ignored by the login as typed", login, r)
		}
	}
	u, tok, expires, ok, err := f.svc.Forgot("Petrov", "10.0.0.3")
	if err != nil || !ok || u.Email != "p.petrov@example.com" || !expires.Equal(f.clock.Now().Add(30*time.Minute)) {
		t.Fatalf("Forgot(petrov) = %+v, %v, %v, %v", u, expires, ok, err)
	}
	if r := f.tail(t, 1)[0]; r.Action != "password.forgot" || r.Result != "ok" || r.Target != "user:petrov" {
		t.Fatalf("audit = %+v, want password.forgot ok on user:petrov", r)
	}
	if info, err := f.svc.CheckLink(tok); err != nil || info.Login != "petrov" || !info.First {
		t.Fatalf("the forgot link: %+v, %v", info, err)
	}
	f.setUser(t, "petrov", func(u *auth.User) { u.Disabled = true })
	if _, _, _, ok, err := f.svc.Forgot("petrov", ""); ok || err != nil {
		t.Fatalf("Forgot of a deactivated user: %v, %v; want nothing", ok, err)
	}
}
