package server

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/pin"
	"webtool/server/store"
)

// demoConfig is the configuration of a server over dir/w.db seeded with
// demo data (every catalog, MM users with PINs), with every other setting
// at its default.
func demoConfig(tb testing.TB, dir string) Config {
	cfg, err := ParseFlags([]string{"-addr", "127.0.0.1:0", "-db", filepath.Join(dir, "w.db"), "-demo", "-demo-scale", "300"}, io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	cfg.AdminPassword = adminPassword
	return cfg
}

// mustStart starts a server with cfg and closes it; it returns what the
// server printed.
func mustStart(tb testing.TB, cfg Config) string {
	tb.Helper()
	var out bytes.Buffer
	s, err := New(cfg, testFiles(tb), &out, &out)
	if err != nil {
		tb.Fatalf("start: %v", err)
	}
	s.db.Close()
	return out.String()
}

// start starts a server with cfg as main does, turning a panic into the
// test's failure (in the old code a fault killed the whole test binary).
func start(t *testing.T, cfg Config) (s *Server, out string, err error) {
	t.Helper()
	var buf bytes.Buffer
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("start panicked: %v", r)
		}
	}()
	s, err = New(cfg, testFiles(t), &buf, &buf)
	return s, buf.String(), err
}

// A damaged database file must end the start with one clear error that
// says what to do, never with a Go panic or fault trace; an empty file is
// refused, never made a new store with a new administrator.
func TestDamagedStoreIsRefusedAtStart(t *testing.T) {
	dir := t.TempDir()
	cfg := demoConfig(t, dir)
	mustStart(t, cfg)
	orig, err := os.ReadFile(cfg.DB)
	if err != nil {
		t.Fatal(err)
	}
	// The root page of the outlets' records: a page the start must read.
	var root int
	b, err := bolt.Open(cfg.DB, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	b.View(func(tx *bolt.Tx) error { root = int(tx.Bucket([]byte("catalog.outlets")).Root()); return nil })
	pageSize := b.Info().PageSize
	b.Close()
	overwritten := append([]byte(nil), orig...)
	rng := rand.New(rand.NewPCG(5, 6))
	for i := root * pageSize; i < (root+1)*pageSize; i++ {
		overwritten[i] = byte(rng.Uint32())
	}
	cfg.Demo, cfg.DemoScale = false, 0
	for _, tc := range []struct {
		name string
		data []byte
		want []string
	}{
		{"truncated", orig[:len(orig)/3], []string{"damaged", "webtool check -db " + cfg.DB, "webtool restore"}},
		{"a page overwritten", overwritten, []string{"damaged", "webtool check -db " + cfg.DB, "webtool restore"}},
		{"empty", nil, []string{"exists but is empty", "restore"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(cfg.DB, tc.data, 0o600); err != nil {
				t.Fatal(err)
			}
			s, out, err := start(t, cfg)
			if err == nil {
				s.db.Close()
				t.Fatal("the server started over a damaged file")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the error does not say %q: %v", w, err)
				}
			}
			if strings.Contains(out, "Created the administrator") {
				t.Fatal("a new administrator was made over the lost store")
			}
			if got, _ := os.ReadFile(cfg.DB); !bytes.Equal(got, tc.data) {
				t.Fatal("the refused start changed the file")
			}
		})
	}
}

// pinned returns the ids of MM users holding a PIN, as a card shows them.
func pinned(t *testing.T, s *Server) []string {
	t.Helper()
	admin := access.NewPrincipal("admin", []string{"admin"}, nil)
	ids, err := s.catalog.IDs("mm_users")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, id := range ids {
		r, err := s.catalog.Get(admin, "mm_users", id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Values["pin"] == true {
			out = append(out, id)
		}
	}
	return out
}

// A store holding PINs must not start without the key file that sealed
// them, or with another one, since every PIN would stop working; the
// refusal says what to do. -reset-pin-key starts it on purpose: the PINs
// are cleared (each record's history shows it, one audit record counts
// them) and a new PIN can be issued with the new key.
func TestStartWithoutThePinKey(t *testing.T) {
	dir := t.TempDir()
	cfg := demoConfig(t, dir)
	mustStart(t, cfg)
	cfg.Demo, cfg.DemoScale = false, 0
	key := cfg.PinKeyPath()
	good, err := os.ReadFile(key)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(key)
	if _, _, err := start(t, cfg); !errors.Is(err, pin.ErrKeyMissing) || !strings.Contains(err.Error(), key) || !strings.Contains(err.Error(), "-reset-pin-key") {
		t.Fatalf("start without the key file = %v", err)
	}
	if _, err := os.Stat(key); err == nil {
		t.Fatal("the refused start made a new key file")
	}
	if _, err := pin.CreateKeys(key); err != nil {
		t.Fatal(err)
	}
	if _, _, err := start(t, cfg); !errors.Is(err, pin.ErrWrongKey) {
		t.Fatalf("start with another key file = %v", err)
	}
	// The right key back: it starts, and the PINs are all there.
	os.WriteFile(key, good, 0o600)
	s, _, err := start(t, cfg)
	if err != nil {
		t.Fatal(err)
	}
	before := pinned(t, s)
	s.db.Close()
	if len(before) == 0 {
		t.Fatal("the demo store holds no PIN")
	}

	os.Remove(key)
	cfg.ResetPinKey = true
	s, out, err := start(t, cfg)
	if err != nil {
		t.Fatalf("start with -reset-pin-key: %v", err)
	}
	defer s.db.Close()
	if !strings.Contains(out, "PIN codes it could not open were cleared") {
		t.Errorf("the start does not tell what the reset did: %q", out)
	}
	if left := pinned(t, s); len(left) != 0 {
		t.Fatalf("MM users %v still show a PIN", left)
	}
	var resets, clears int
	s.db.View(func(tx *store.Tx) error {
		tail, err := tx.AuditTail(1000)
		for _, r := range tail {
			switch r.Action {
			case "pin.key_reset":
				resets++
				if !strings.Contains(r.Detail, " PIN codes cleared") {
					t.Errorf("reset audit: %+v", r)
				}
			case "pin.clear":
				clears++
			}
		}
		return err
	})
	if resets != 1 || clears != len(before) {
		t.Fatalf("audit: %d resets, %d PINs cleared, want 1 and %d", resets, clears, len(before))
	}
	admin := access.NewPrincipal("admin", []string{"admin"}, nil)
	rec, err := s.catalog.Get(admin, "mm_users", before[0])
	if err != nil {
		t.Fatal(err)
	}
	gen, err := s.catalog.PinGenerate(admin, "", api.PinGenerateRequest{Catalog: "mm_users", Field: "pin", ID: before[0]})
	if err != nil {
		t.Fatalf("generate a new PIN: %v", err)
	}
	if _, err := s.catalog.Save(admin, "", api.SaveRequest{Catalog: "mm_users", ID: before[0], Version: rec.Version,
		Values: map[string]any{"pin": gen.Pin}}); err != nil {
		t.Fatalf("save a new PIN: %v", err)
	}
	revealed, err := s.catalog.PinReveal(admin, "", api.PinRevealRequest{Catalog: "mm_users", Field: "pin", ID: before[0]})
	if err != nil || revealed.Pin != gen.Pin {
		t.Fatalf("reveal the new PIN = %q, %v", revealed.Pin, err)
	}
}
