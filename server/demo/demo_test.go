package demo_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/auth"
	"webtool/server/catalog"
	"webtool/server/catalog/catalogtest"
	"webtool/server/demo"
	"webtool/server/store"
)

func seeded(t *testing.T) (*auth.Service, *catalog.Service) {
	t.Helper()
	a, c, _ := seededWithOutput(t)
	return a, c
}

// seededWithOutput is seeded, with what Seed printed (the accounts'
// passwords).
func seededWithOutput(t *testing.T) (*auth.Service, *catalog.Service, string) {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "d.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	a := auth.NewService(db, auth.NewHasher(auth.Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 2),
		auth.Config{Lockout: auth.Lockout{Attempts: 3, Window: time.Minute}, SessionIdle: time.Hour, SessionMax: time.Hour}, now)
	c, _ := catalogtest.MustOpen(t, db, now)
	var out strings.Builder
	if err := demo.Seed(a, c, demo.Options{Outlets: 2000, Seed: 1, Now: now()}, &out); err != nil {
		t.Fatal(err)
	}
	return a, c, out.String()
}

// Every demo record passes the checks a save of it would run — its
// values, references, the catalog's rules, the reference limits,
// required fields, uniqueness — and its derived values are in step: the
// demo shows data a key user could have entered, and a key user who
// opens and saves any of it is not refused.
func TestDemoDataPassesTheChecksOfASave(t *testing.T) {
	_, c := seeded(t)
	for _, d := range catalog.Definitions() {
		bad, err := c.Validate(d.Key)
		if err != nil {
			t.Fatal(err)
		}
		for i, b := range bad {
			if i == 5 {
				t.Errorf("%s: %d more", d.Key, len(bad)-i)
				break
			}
			t.Errorf("demo record refused by a save: %s", b)
		}
	}
}

// Each demo account gets a password of its own, printed once: the
// viewer's password does not open the key user's account.
func TestDemoAccountsHaveTheirOwnPasswords(t *testing.T) {
	a, _, out := seededWithOutput(t)
	passwords := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if rest, ok := strings.CutPrefix(line, "Demo user "); ok {
			login, _, _ := strings.Cut(rest, " ")
			_, pw, ok := strings.Cut(rest, "password: ")
			if !ok || pw == "" {
				t.Fatalf("no password in %q", line)
			}
			passwords[login] = pw
		}
	}
	if len(passwords) != len(demo.Users) {
		t.Fatalf("printed %v for %d demo users:\n%s", passwords, len(demo.Users), out)
	}
	seen := map[string]string{}
	for _, u := range demo.Users {
		pw := passwords[u.Login]
		if other, ok := seen[pw]; ok {
			t.Errorf("%s and %s share a password", other, u.Login)
		}
		seen[pw] = u.Login
		if _, _, _, err := a.Login(u.Login, pw, "127.0.0.1", ""); err != nil {
			t.Errorf("%s cannot sign in with the password printed for it: %v", u.Login, err)
		}
	}
	for _, u := range demo.Users {
		for login, pw := range passwords {
			if login == u.Login {
				continue
			}
			if _, _, _, err := a.Login(u.Login, pw, "127.0.0.1", ""); api.ErrorCode(err) != api.CodeBadCredentials {
				t.Errorf("%s signs in with %s's password: %v", u.Login, login, err)
			}
		}
	}
}

func TestSeedFillsEveryCatalogDeterministically(t *testing.T) {
	a1, c1 := seeded(t)
	_, c2 := seeded(t)
	for _, d := range catalog.Definitions() {
		if c1.Count(d.Key) == 0 {
			t.Errorf("catalog %s is empty", d.Key)
		}
		if c1.Count(d.Key) != c2.Count(d.Key) {
			t.Errorf("catalog %s: %d vs %d rows from the same seed", d.Key, c1.Count(d.Key), c2.Count(d.Key))
		}
	}
	admin := access.NewPrincipal("admin", []string{"admin"}, nil)
	q := func(c *catalog.Service, f api.Filter) api.QueryReply {
		r, err := c.Query(context.Background(), admin, api.QueryRequest{Catalog: "outlets", Filter: f, Limit: 5, Sort: []api.SortKey{{Field: "name"}}})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r1, r2 := q(c1, api.Filter{}), q(c2, api.Filter{})
	for i := range r1.Rows {
		if r1.Rows[i].Values["name"] != r2.Rows[i].Values["name"] {
			t.Fatal("the same seed gave different outlets")
		}
	}
	// Some local outlets are left unmapped, for the key user to map.
	lo, _ := c1.Query(context.Background(), admin, api.QueryRequest{Catalog: "local_outlets", Limit: 1,
		Filter: api.Filter{All: []api.Condition{{Field: "outlet", Op: api.OpEmpty}}}})
	if lo.Total == 0 || lo.Total == c1.Count("local_outlets") {
		t.Fatalf("%d of %d local outlets unmapped", lo.Total, c1.Count("local_outlets"))
	}
	// The MM users have PINs, shown only as set.
	mm, err := c1.Query(context.Background(), admin, api.QueryRequest{Catalog: "mm_users", Limit: 100})
	if err != nil || mm.Total != demo.MMUsers {
		t.Fatalf("%d MM users, %v; want %d", mm.Total, err, demo.MMUsers)
	}
	for _, r := range mm.Rows {
		if r.Values["pin"] != true || r.Values["pin_issued_by"] != "demo" {
			t.Fatalf("MM user %v: pin %v issued by %v", r.Values["login"], r.Values["pin"], r.Values["pin_issued_by"])
		}
	}
	// The demo accounts exist.
	for _, u := range demo.Users {
		if _, err := a1.CreateUser(auth.NewUser{Login: u.Login, Password: "x"}, "", ""); !errors.Is(err, auth.ErrUserExists) {
			t.Fatalf("demo user %s missing: %v", u.Login, err)
		}
	}
}

func TestSeedTwiceAddsNothing(t *testing.T) {
	a, c := seeded(t)
	before := c.Count("outlets")
	var out strings.Builder
	if err := demo.Seed(a, c, demo.Options{Outlets: 2000, Seed: 1}, &out); err != nil {
		t.Fatal(err)
	}
	if c.Count("outlets") != before {
		t.Fatalf("outlets %d → %d after a second seed", before, c.Count("outlets"))
	}
	// No new password is printed (or set) for the accounts.
	if strings.Contains(out.String(), "password") {
		t.Fatalf("a second seed printed %q", out.String())
	}
}

// A store that already holds data not seeded by the demo gets no demo data
// and, above all, no demo accounts with a printed password.
func TestSeedLeavesARealStoreAlone(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "real.db"), store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	a := auth.NewService(db, auth.NewHasher(auth.Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 2),
		auth.Config{Lockout: auth.Lockout{Attempts: 3, Window: time.Minute}, SessionIdle: time.Hour, SessionMax: time.Hour}, time.Now)
	c, err := catalog.Open(db, catalog.Definitions(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Load("distributors", []map[string]any{{"code": "REAL", "name": "Real distributor"}}, "loader"); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := demo.Seed(a, c, demo.Options{Outlets: 100, Seed: 1}, &out); err != nil {
		t.Fatal(err)
	}
	if c.Count("outlets") != 0 || strings.Contains(out.String(), "password") {
		t.Fatalf("seeded a real store: %d outlets, output %q", c.Count("outlets"), out.String())
	}
	for _, u := range demo.Users {
		if _, err := a.CreateUser(auth.NewUser{Login: u.Login, Name: u.Name, Password: "long enough 1", Roles: []string{u.Role}}, "test", ""); err != nil {
			t.Fatalf("demo account %s was added to a real store: %v", u.Login, err)
		}
	}
}
