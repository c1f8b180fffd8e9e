package ops_test

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"webtool/server/auth"
	"webtool/server/catalog"
	"webtool/server/demo"
	"webtool/server/ops"
	"webtool/server/pin"
	"webtool/server/store"
)

// fixture is the file of a store a server filled (demo data: every
// catalog, MM users with PINs, an audit trail) and its PIN key file.
var fixture struct {
	raw, key []byte
}

// mustStore writes a copy of the demo store as dir/w.db with its key file
// w.db.pinkey and returns the database path. The store is built once.
func mustStore(t *testing.T) string {
	t.Helper()
	if fixture.raw == nil {
		dir := t.TempDir()
		path := filepath.Join(dir, "w.db")
		db, err := store.Open(path, store.Options{NoSync: true})
		if err != nil {
			t.Fatal(err)
		}
		now := func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
		a := auth.NewService(db, auth.NewHasher(auth.Params{MemoryKiB: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}, 2),
			auth.Config{Lockout: auth.Lockout{Attempts: 3, Window: time.Minute}, SessionIdle: time.Hour, SessionMax: time.Hour}, now)
		c, err := catalog.Open(db, catalog.Definitions(), now)
		if err != nil {
			t.Fatal(err)
		}
		keys, _, err := pin.OpenKeys(db, path+".pinkey", pin.KeyOptions{})
		if err != nil {
			t.Fatal(err)
		}
		pins, err := pin.New(db, keys, 6, now)
		if err != nil {
			t.Fatal(err)
		}
		c.SetSecret(pins)
		if err := demo.Seed(a, c, demo.Options{Outlets: 300, Seed: 1, Now: now()}, io.Discard); err != nil {
			t.Fatal(err)
		}
		db.Close()
		fixture.raw, _ = os.ReadFile(path)
		fixture.key, _ = os.ReadFile(path + ".pinkey")
	}
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, fixture.raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".pinkey", fixture.key, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// change applies fn to the store at path in one transaction.
func change(t *testing.T, path string, fn func(tx *store.Tx) error) {
	t.Helper()
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(fn); err != nil {
		t.Fatal(err)
	}
}

func TestCheckPassesOnAServersStore(t *testing.T) {
	path := mustStore(t)
	rep, err := ops.Check(path, path+".pinkey")
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("problems in a sound store: %q", rep.Problems)
	}
	notes := strings.Join(rep.Notes, "\n")
	for _, want := range []string{"bbolt consistency check passed", "records in", "PIN codes: ", "opens the PIN codes"} {
		if !strings.Contains(notes, want) {
			t.Errorf("the report does not say %q:\n%s", want, notes)
		}
	}
	if strings.Contains(notes, "PIN codes: 0,") {
		t.Fatal("the fixture holds no PIN: the PIN index is not exercised")
	}
}

// Each of our own invariants, broken on purpose in a sound bbolt file,
// is found and named.
func TestCheckFindsEachBrokenInvariant(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string)
		want   string
		only   bool // want is the one problem
	}{
		{"a record that does not decode", func(t *testing.T, path string) {
			change(t, path, func(tx *store.Tx) error { return tx.PutRaw("catalog.outlets", "99999999", []byte{1, 0xff}) })
		}, "catalog records", false},
		{"a hole in the audit trail", func(t *testing.T, path string) {
			change(t, path, func(tx *store.Tx) error { return tx.Delete(store.AuditLog, "\x00\x00\x00\x00\x00\x00\x00\x05") })
		}, "audit records 5..5 are missing", false},
		{"the oldest audit records gone, not by retention", func(t *testing.T, path string) {
			change(t, path, func(tx *store.Tx) error { return tx.Delete(store.AuditLog, "\x00\x00\x00\x00\x00\x00\x00\x01") })
		}, "audit records 1..1 are missing (retention purged up to 0)", false},
		{"the oldest audit records purged by retention", func(t *testing.T, path string) {
			db, err := store.Open(path, store.Options{NoSync: true})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if n, err := db.PurgeAudit(time.Date(2026, 11, 23, 9, 0, 1, 0, time.UTC), time.Now()); err != nil || n == 0 {
				t.Fatalf("purge: %d, %v", n, err)
			}
			db.Update(func(tx *store.Tx) error { return tx.PutRaw(store.Users, "ghost", []byte("{")) })
		}, "not JSON", true},
		{"the newest audit records gone", func(t *testing.T, path string) {
			change(t, path, func(tx *store.Tx) error {
				n, _ := tx.Sequence(store.AuditLog)
				k := []byte("\x00\x00\x00\x00\x00\x00\x00\x00")
				k[7], k[6] = byte(n), byte(n>>8)
				return tx.Delete(store.AuditLog, string(k))
			})
		}, "the newest kept is", false},
		{"an audit index entry without its record", func(t *testing.T, path string) {
			change(t, path, func(tx *store.Tx) error {
				return tx.PutRaw(store.AuditByTarget, "outlets/1\x00\x00\x00\x00\x00\x7f\x00\x00\x00", []byte{})
			})
		}, "no such audit record", false},
		{"a PIN index entry naming no record", func(t *testing.T, path string) {
			change(t, path, func(tx *store.Tx) error { return tx.PutRaw(pin.Index, "ab12", []byte("mm_users/77777777")) })
		}, "the record does not exist or holds no PIN", false},
		{"a JSON value that is not JSON", func(t *testing.T, path string) {
			change(t, path, func(tx *store.Tx) error { return tx.PutRaw(store.Users, "ghost", []byte("{")) })
		}, "not JSON", false},
		{"a page overwritten with random bytes", func(t *testing.T, path string) {
			raw, _ := os.ReadFile(path)
			rng := rand.New(rand.NewPCG(3, 4))
			for p := 2; p < len(raw)/4096; p += 3 { // some of them are in use
				for i := p * 4096; i < (p+1)*4096; i++ {
					raw[i] = byte(rng.Uint32())
				}
			}
			os.WriteFile(path, raw, 0o600)
		}, "", false},
		{"an empty file", func(t *testing.T, path string) { os.WriteFile(path, nil, 0o600) }, "empty", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := mustStore(t)
			tc.damage(t, path)
			rep, err := ops.Check(path, "")
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), tc.want) || tc.only && len(rep.Problems) != 1 {
				t.Fatalf("problems %q, want one saying %q", rep.Problems, tc.want)
			}
		})
	}
}

// run runs a command line and returns its exit status and output.
func run(args ...string) (int, string) {
	var out bytes.Buffer
	code := ops.Run(args, ops.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out,
		Getenv: func(string) string { return "" }, Now: func() time.Time { return time.Date(2026, 12, 1, 15, 4, 5, 0, time.UTC) }})
	return code, out.String()
}

func TestCommands(t *testing.T) {
	path := mustStore(t)
	dir := filepath.Dir(path)
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, fixture.raw[:len(fixture.raw)/3], 0o600)
	backup := filepath.Join(dir, "backup.db")
	compacted := filepath.Join(dir, "compact.db")
	for _, tc := range []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"check", "-db", path}, 0, []string{"OK: no problems found"}},
		{[]string{"check", "-db", bad}, 1, []string{"DAMAGED", "webtool restore"}},
		{[]string{"check", "-db", filepath.Join(dir, "none.db")}, 1, []string{"none.db"}},
		{[]string{"check", "-h"}, 0, []string{"Usage: webtool check"}},
		{[]string{"frobnicate"}, 2, []string{`unknown command "frobnicate"`, "check, compact, restore"}},
		{[]string{"backup", "-db", path}, 2, []string{"-o is required"}},
		{[]string{"backup", "-db", path, "-url", "http://x", "-o", backup}, 2, []string{"one of -db and -url"}},
		{[]string{"backup", "-db", path, "-o", backup}, 0, []string{"passes the check", path + ".pinkey", "never beside"}},
		{[]string{"backup", "-db", path, "-o", backup}, 1, []string{"exists"}},
		{[]string{"compact", "-db", path, "-o", compacted}, 0, []string{"Compacted", "webtool restore -from " + compacted}},
		{[]string{"restore", "-from", bad, "-db", path}, 1, []string{"fails the check, nothing was changed"}},
		{[]string{"restore", "-from", backup, "-db", path}, 0, []string{"Restored", path + ".bak-20261201-150405", "opens its PIN codes"}},
		{[]string{"restore", "-from", compacted, "-db", filepath.Join(dir, "elsewhere.db")}, 0, []string{"Note: the PIN key file is missing"}},
	} {
		code, out := run(tc.args...)
		if code != tc.code {
			t.Errorf("%q: exit %d, want %d\n%s", tc.args, code, tc.code, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(out, w) {
				t.Errorf("%q: output does not say %q:\n%s", tc.args, w, out)
			}
		}
		if strings.Contains(out, "goroutine ") || strings.Contains(out, "panic") {
			t.Errorf("%q: a crash trace:\n%s", tc.args, out)
		}
	}
	if rep, err := ops.Check(compacted, path+".pinkey"); err != nil || !rep.OK() {
		t.Fatalf("the compacted copy: %v %v", rep, err)
	}
}

// While a server holds the file, the offline commands refuse and say what
// to do instead, and restore leaves the file alone.
func TestCommandsRefuseAFileInUse(t *testing.T) {
	path := mustStore(t)
	backup := filepath.Join(filepath.Dir(path), "backup.db")
	if code, out := run("backup", "-db", path, "-o", backup); code != 0 {
		t.Fatal(out)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"check", "-db", path}, "check a hot backup"},
		{[]string{"backup", "-db", path, "-o", backup + "2"}, "webtool backup -url"},
		{[]string{"compact", "-db", path, "-o", backup + "3"}, "stop it first"},
		{[]string{"restore", "-from", backup, "-db", path}, "stop it, restore"},
	} {
		if code, out := run(tc.args...); code != 1 || !strings.Contains(out, tc.want) {
			t.Errorf("%q: exit %d, want 1 saying %q:\n%s", tc.args, code, tc.want, out)
		}
	}
	if _, err := ops.Restore(backup, path, time.Now()); !errors.Is(err, store.ErrInUse) {
		t.Fatalf("Restore over a file in use = %v", err)
	}
	if matches, _ := filepath.Glob(path + ".bak-*"); len(matches) != 0 {
		t.Fatalf("a refused restore kept %v", matches)
	}
}
