package auth_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/store"
)

// clock is a fake time source tests move by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type fixture struct {
	db     *store.DB
	path   string
	hasher *auth.Hasher
	clock  *clock
	cfg    auth.Config
	svc    *auth.Service
}

var testConfig = auth.Config{
	Lockout:     auth.Lockout{Attempts: 3, Window: 15 * time.Minute},
	SessionIdle: 30 * time.Minute,
	SessionMax:  12 * time.Hour,
}

// mustService opens a store with one user, "ivanova" / "correct horse".
func mustService(tb testing.TB) *fixture {
	tb.Helper()
	return mustServiceWith(tb, testConfig, auth.DefaultParams)
}

// cheapParams make a hash cost next to nothing, for tests of many sign-ins.
var cheapParams = auth.Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// mustServiceWith is mustService with its own rules and hash costs.
func mustServiceWith(tb testing.TB, cfg auth.Config, p auth.Params) *fixture {
	tb.Helper()
	f := &fixture{path: filepath.Join(tb.TempDir(), "auth.db"), clock: &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}, cfg: cfg}
	f.hasher = auth.NewHasher(p, 2)
	f.open(tb)
	if _, err := f.svc.CreateUser(auth.NewUser{Login: "Ivanova", Name: "Ирина Иванова", Password: "correct horse", Roles: []string{"key_user"}}, "test", ""); err != nil {
		tb.Fatal(err)
	}
	return f
}

func (f *fixture) open(tb testing.TB) {
	db, err := store.Open(f.path, store.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	f.db = db
	if f.svc, err = auth.Open(db, f.hasher, f.cfg, f.clock.Now); err != nil {
		tb.Fatal(err)
	}
}

// mustLogin signs the fixture's user in and returns the session token.
func (f *fixture) mustLogin(tb testing.TB) string {
	tb.Helper()
	token, _, _, err := f.svc.Login("ivanova", "correct horse", "", "")
	if err != nil {
		tb.Fatal(err)
	}
	return token
}

func code(err error) api.Code {
	if err == nil {
		return "ok"
	}
	return api.ErrorCode(err)
}

func TestLoginLockout(t *testing.T) {
	type step struct {
		after    time.Duration // clock moves by this before the attempt
		login    string
		password string
		want     api.Code
	}
	const good, bad = "correct horse", "wrong"
	tests := []struct {
		name  string
		steps []step
	}{
		{"right password signs in", []step{{0, "ivanova", good, "ok"}}},
		{"login name is case and space insensitive", []step{{0, " IVANOVA ", good, "ok"}}},
		{"two failures then success", []step{{0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", good, "ok"}}},
		{"third failure locks, fourth with the right password refused", []step{
			{0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", bad, api.CodeBadCredentials},
			{0, "Ivanova", bad, api.CodeLocked}, {time.Second, "ivanova", good, api.CodeLocked}}},
		{"unlock exactly at the window's end, not a millisecond before", []step{
			{0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", bad, api.CodeLocked},
			{15*time.Minute - time.Millisecond, "ivanova", good, api.CodeLocked}, {time.Millisecond, "ivanova", good, "ok"}}},
		{"attempts while locked do not extend the lock", []step{
			{0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", bad, api.CodeLocked},
			{5 * time.Minute, "ivanova", bad, api.CodeLocked}, {5 * time.Minute, "ivanova", bad, api.CodeLocked},
			{5 * time.Minute, "ivanova", good, "ok"}}},
		{"a success resets the count", []step{
			{0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", good, "ok"},
			{0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", bad, api.CodeBadCredentials}, {0, "ivanova", good, "ok"}}},
		{"unknown names answer and lock like known ones", []step{
			{0, "petrov", bad, api.CodeBadCredentials}, {0, "petrov", bad, api.CodeBadCredentials},
			{0, "petrov", bad, api.CodeLocked}, {time.Minute, "petrov", bad, api.CodeLocked},
			{14 * time.Minute, "petrov", bad, api.CodeBadCredentials}}},
		{"empty login is a bad request", []step{{0, "  ", good, api.CodeBadRequest}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := mustService(t)
			for i, s := range tt.steps {
				f.clock.Add(s.after)
				_, _, _, err := f.svc.Login(s.login, s.password, "127.0.0.1", "")
				if got := code(err); got != s.want {
					t.Fatalf("step %d (%s/%s): got %s (%v), want %s", i, s.login, s.password, got, err, s.want)
				}
			}
		})
	}
}

func TestLockedErrorSaysUntilWhen(t *testing.T) {
	f := mustService(t)
	for range 3 {
		f.svc.Login("ivanova", "wrong", "", "")
	}
	lastFailure := f.clock.Now()
	f.clock.Add(5 * time.Minute)
	_, _, _, err := f.svc.Login("ivanova", "correct horse", "", "")
	var e *api.Error
	if !errors.As(err, &e) || e.Code != api.CodeLocked || e.Until == nil {
		t.Fatalf("err = %v, want locked with Until", err)
	}
	if want := lastFailure.Add(15 * time.Minute); !e.Until.Equal(want) {
		t.Fatalf("until = %v, want %v", e.Until, want)
	}
}

func TestUnknownNameCostsAHash(t *testing.T) {
	f := mustService(t)
	before := f.hasher.Derivations()
	f.svc.Login("nobody", "x", "", "")
	if got := f.hasher.Derivations() - before; got != 1 {
		t.Fatalf("unknown login ran %d hash derivations, want 1 like a known one", got)
	}
	before = f.hasher.Derivations()
	f.svc.Login("ivanova", "x", "", "")
	if got := f.hasher.Derivations() - before; got != 1 {
		t.Fatalf("known login ran %d hash derivations, want 1", got)
	}
}

// Fifty wrong passwords at once check exactly three passwords; a right
// password sent while they are still in flight is refused too.
func TestParallelBurstLocksAfterExactlyThree(t *testing.T) {
	f := mustService(t)
	before := f.hasher.Derivations()
	var wg sync.WaitGroup
	results := make(chan api.Code, 50)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, _, err := f.svc.Login("ivanova", "wrong", "", "")
			results <- code(err)
		}()
	}
	// Wait until the three counted attempts are stored, then send the right
	// password inside the burst.
	for {
		var c auth.Counter
		f.db.View(func(tx *store.Tx) error { _, err := tx.Get(store.LoginAttempts, "ivanova", &c); return err })
		if c.Failures >= 3 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	_, _, _, err := f.svc.Login("ivanova", "correct horse", "", "")
	if code(err) != api.CodeLocked {
		t.Fatalf("right password inside the burst: %v, want locked", err)
	}
	wg.Wait()
	close(results)
	for c := range results {
		if c == "ok" {
			t.Fatal("a wrong password got through")
		}
	}
	if got := f.hasher.Derivations() - before; got != 3 {
		t.Fatalf("%d passwords were checked, want exactly 3", got)
	}
	var c auth.Counter
	f.db.View(func(tx *store.Tx) error { _, err := tx.Get(store.LoginAttempts, "ivanova", &c); return err })
	if c.Failures != 3 {
		t.Fatalf("counter = %d, want 3", c.Failures)
	}
}

func TestCountersAndSessionsSurviveRestart(t *testing.T) {
	f := mustService(t)
	token := f.mustLogin(t)
	for range 3 {
		f.svc.Login("ivanova", "wrong", "", "")
	}
	f.db.Close()
	f.open(t)
	if _, _, _, err := f.svc.Login("ivanova", "correct horse", "", ""); code(err) != api.CodeLocked {
		t.Fatalf("after restart: %v, want still locked", err)
	}
	if _, u, err := f.svc.Check(token, true); err != nil || u.Login != "ivanova" {
		t.Fatalf("session after restart: %v %v", u, err)
	}
}

// A session used every half minute for 40 minutes is still alive after a
// restart: its activity reached the store, not only the server's memory.
func TestFrequentActivitySurvivesRestart(t *testing.T) {
	f := mustService(t)
	token := f.mustLogin(t)
	for range 80 {
		f.clock.Add(30 * time.Second)
		if _, _, err := f.svc.Check(token, true); err != nil {
			t.Fatalf("active session ended: %v", err)
		}
	}
	f.db.Close()
	f.open(t)
	if _, _, err := f.svc.Check(token, true); err != nil {
		t.Fatalf("after a restart the active session is gone: %v", err)
	}
}

func TestSessionLimits(t *testing.T) {
	f := mustService(t)
	reason := func(_ auth.Session, _ auth.User, err error) api.EndReason {
		var e *api.Error
		if errors.As(err, &e) && e.Code == api.CodeUnauthorized {
			return e.Reason
		}
		t.Fatalf("err = %v, want unauthorized", err)
		return ""
	}

	a, b := f.mustLogin(t), f.mustLogin(t)
	if a == b || len(a) < 22 {
		t.Fatalf("tokens %q and %q: want distinct, at least 128 bits", a, b)
	}
	// Activity keeps a session alive past the idle limit...
	for range 5 {
		f.clock.Add(20 * time.Minute)
		if _, _, err := f.svc.Check(a, true); err != nil {
			t.Fatalf("active session ended: %v", err)
		}
	}
	// ...while the untouched one ended after 30 minutes idle.
	if got := reason(f.svc.Check(b, false)); got != api.EndIdle {
		t.Fatalf("idle session: reason %q, want idle", got)
	}
	// The absolute limit ends even an active session.
	for range 25 {
		f.clock.Add(25 * time.Minute)
		if _, _, err := f.svc.Check(a, true); err != nil {
			if got := reason(auth.Session{}, auth.User{}, err); got != api.EndExpired {
				t.Fatalf("reason %q, want expired", got)
			}
			break
		}
	}
	if reason(f.svc.Check(a, false)) != api.EndExpired {
		t.Fatal("session not expired after 12 hours")
	}

	c := f.mustLogin(t)
	if _, err := f.svc.Logout(c, ""); err != nil {
		t.Fatal(err)
	}
	if got := reason(f.svc.Check(c, false)); got != api.EndLogout {
		t.Fatalf("after logout: reason %q", got)
	}
	if reason(f.svc.Check("forged-token", false)) != "" {
		t.Fatal("unknown token should have no reason")
	}
}

// tail returns the newest n audit records, newest first.
func (f *fixture) tail(tb testing.TB, n int) []store.AuditRecord {
	tb.Helper()
	var out []store.AuditRecord
	if err := f.db.View(func(tx *store.Tx) (err error) { out, err = tx.AuditTail(n); return }); err != nil {
		tb.Fatal(err)
	}
	return out
}

// The first failure from an address is a record of its own; the rest of
// that minute, and the lock's refusal, are summed up in one record once
// the minute is over.
func TestLoginEventsAreAudited(t *testing.T) {
	f := mustService(t)
	for range 3 {
		f.svc.Login("ivanova", "wrong", "10.0.0.7", "")
	}
	f.svc.Login("ivanova", "correct horse", "10.0.0.7", "")
	f.clock.Add(time.Minute)
	if err := f.svc.FlushAudit(false); err != nil {
		t.Fatal(err)
	}
	tail := f.tail(t, 3)
	if r := tail[1]; r.Action != "login.failed" || r.Actor != "ivanova" || r.Addr != "10.0.0.7" {
		t.Errorf("first failure = %+v, want login.failed by ivanova from 10.0.0.7", r)
	}
	if r := tail[0]; r.Action != "login.failures" || r.Addr != "10.0.0.7" ||
		!strings.Contains(r.Detail, "2 failed, 1 refused while locked") || !strings.Contains(r.Detail, "names: ivanova") {
		t.Errorf("summary = %+v, want login.failures from 10.0.0.7: 2 failed, 1 refused, names: ivanova", r)
	}
	if tail[2].Action != "user.create" {
		t.Errorf("audit before the failures = %+v, want user.create only", tail[2])
	}
	f.clock.Add(15 * time.Minute)
	if _, _, _, err := f.svc.Login("ivanova", "correct horse", "10.0.0.7", ""); err != nil {
		t.Fatal(err)
	}
	if r := f.tail(t, 1)[0]; r.Action != "login.ok" || r.Actor != "ivanova" || r.Addr != "10.0.0.7" {
		t.Errorf("sign-in = %+v, want login.ok", r)
	}
}

// refusals counts the lock refusals in the audit trail: login.locked
// records and the refusals counted in summaries.
func (f *fixture) refusals(tb testing.TB) int {
	tb.Helper()
	re := regexp.MustCompile(`(\d+) refused while locked`)
	n := 0
	for _, r := range f.tail(tb, 100_000) {
		if r.Action == "login.locked" {
			n++
		}
		if m := re.FindStringSubmatch(r.Detail); m != nil {
			k, _ := strconv.Atoi(m[1])
			n += k
		}
	}
	return n
}

// A locked name is refused on every attempt but its refusal is audited once
// per lock: nobody can fill the audit trail without signing in. A new lock
// is audited again.
func TestLockedRefusalsAuditedOncePerLock(t *testing.T) {
	f := mustService(t)
	for i, name := range []string{"ivanova", "nobody"} {
		addr := fmt.Sprintf("10.0.0.%d", i+1)
		for range 3 {
			f.svc.Login(name, "wrong", addr, "")
		}
		for range 50 {
			if _, _, _, err := f.svc.Login(name, "wrong", addr, ""); code(err) != api.CodeLocked {
				t.Fatalf("%s: %v, want locked", name, err)
			}
		}
	}
	f.clock.Add(time.Minute)
	f.svc.FlushAudit(false)
	if n := f.refusals(t); n != 2 {
		t.Fatalf("%d refusals audited for 100 refused attempts on two locks, want 2", n)
	}
	f.clock.Add(16 * time.Minute)
	for range 4 {
		f.svc.Login("ivanova", "wrong", "10.0.0.1", "")
	}
	f.svc.FlushAudit(true)
	if n := f.refusals(t); n != 3 {
		t.Fatalf("%d refusals audited after a new lock, want 3", n)
	}
}

func TestHasher(t *testing.T) {
	h := auth.NewHasher(auth.DefaultParams, 1)
	a, err := h.Hash("пароль")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := h.Hash("пароль")
	if a == b {
		t.Fatal("two hashes of one password are equal: salt missing")
	}
	if got, want := a[:30], "$argon2id$v=19$m=19456,t=2,p=1"; got != want {
		t.Fatalf("PHC prefix %q, want %q", got, want)
	}
	if ok, err := h.Verify(a, "пароль"); !ok || err != nil {
		t.Fatalf("Verify right = %v, %v", ok, err)
	}
	if ok, _ := h.Verify(a, "Пароль"); ok {
		t.Fatal("Verify accepted a wrong password")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=0,t=1,p=1$c2FsdA$a2V5", a[:len(a)-3] + "!!!"} {
		if _, err := h.Verify(bad, "x"); !errors.Is(err, auth.ErrBadHash) {
			t.Errorf("Verify(%q): err = %v, want ErrBadHash", bad, err)
		}
	}
}
