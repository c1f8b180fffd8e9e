package pin_test

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/pin"
	"webtool/server/store"
	"webtool/server/store/storetest"
)

// MustService returns a Service over a fresh store with a zero key.
func MustService(tb testing.TB, length int) (*pin.Service, *store.DB, *pin.Keys) {
	tb.Helper()
	db := storetest.MustOpen(tb)
	keys, err := pin.NewKeys(make([]byte, pin.KeySize))
	if err != nil {
		tb.Fatal(err)
	}
	s, err := pin.New(db, keys, length, time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	return s, db, keys
}

// generate is s.Generate in a read transaction of its own.
func generate(db store.Store, s *pin.Service, login, catalog, id, previous string) (p string, err error) {
	err = db.View(func(tx *store.Tx) error {
		p, err = s.Generate(tx, login, catalog, id, previous)
		return err
	})
	return p, err
}

func TestWeak(t *testing.T) {
	for _, tt := range []struct {
		pin  string
		weak bool
	}{
		{"000000", true}, {"111111", true}, {"121212", true}, {"100000", true}, // at most two digits
		{"123456", true}, {"890123", true}, {"654321", true}, {"210987", true}, {"7890", true}, // runs, with wrap-around
		{"123123", true}, {"905905", true}, // halves
		{"135792", false}, {"123457", false}, {"120120", true}, {"1203", false}, {"9081", false}, {"123412", false},
	} {
		if got := pin.Weak(tt.pin); got != tt.weak {
			t.Errorf("Weak(%s) = %v, want %v", tt.pin, got, tt.weak)
		}
	}
}

// generateMany draws n PINs that are unique among themselves, as active
// users' PINs must be.
func generateMany(t *testing.T, r io.Reader, n, length int) []string {
	t.Helper()
	taken := make(map[string]bool, n)
	out := make([]string, 0, n)
	for range n {
		p, err := pin.Generate(r, length, func(p string) bool { return taken[p] })
		if err != nil {
			t.Fatal(err)
		}
		taken[p] = true
		out = append(out, p)
	}
	return out
}

func TestHundredThousandPinsAreStrongAndUnique(t *testing.T) {
	pins := generateMany(t, nil, 100_000, 6)
	seen := make(map[string]bool, len(pins))
	for _, p := range pins {
		if len(p) != 6 || pin.Weak(p) {
			t.Fatalf("generated weak or malformed PIN %q", p)
		}
		if seen[p] {
			t.Fatalf("generated %q twice", p)
		}
		seen[p] = true
	}
	// The digits are uniform in every position.
	for pos, chi := range chiSquared(pins) {
		if chi > chiCritical {
			t.Errorf("position %d: chi-squared %.1f > %.2f: digits are not uniform", pos, chi, chiCritical)
		}
	}
}

// chiCritical is the chi-squared value with 9 degrees of freedom that a
// uniform source exceeds with probability 0.001.
const chiCritical = 27.88

// chiSquared returns, per digit position, Pearson's statistic of the digit
// counts against a uniform distribution.
func chiSquared(pins []string) []float64 {
	out := make([]float64, len(pins[0]))
	for pos := range out {
		var counts [10]float64
		for _, p := range pins {
			counts[p[pos]-'0']++
		}
		want := float64(len(pins)) / 10
		for _, c := range counts {
			out[pos] += (c - want) * (c - want) / want
		}
	}
	return out
}

// biased yields random bytes, a fifth of them forced to 7.
type biased struct{ r *rand.Rand }

func (b biased) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b.r.IntN(250))
		if b.r.IntN(5) == 0 {
			p[i] = 7
		}
	}
	return len(p), nil
}

// The uniformity check above can fail: it flags a biased source.
func TestChiSquaredFlagsABiasedSource(t *testing.T) {
	pins := generateMany(t, biased{rand.New(rand.NewPCG(1, 2))}, 20_000, 6)
	for pos, chi := range chiSquared(pins) {
		if chi <= chiCritical {
			t.Errorf("position %d: chi-squared %.1f did not flag a source biased to 7", pos, chi)
		}
	}
}

func TestGenerationStopsWhenTheSpaceIsUsedUp(t *testing.T) {
	var strong []string
	for n := range 10_000 {
		if p := fmt.Sprintf("%04d", n); !pin.Weak(p) {
			strong = append(strong, p)
		}
	}
	taken := map[string]bool{}
	for _, p := range strong {
		taken[p] = true
	}
	calls := 0
	_, err := pin.Generate(nil, 4, func(p string) bool { calls++; return taken[p] })
	if !errors.Is(err, pin.ErrExhausted) || api.ErrorCode(err) != api.CodePinExhausted {
		t.Fatalf("full space: err = %v, want pin_exhausted", err)
	}
	if calls > pin.MaxAttempts {
		t.Fatalf("checked %d candidates, more than %d", calls, pin.MaxAttempts)
	}
	// Nearly full: a free PIN or a clear refusal, never a taken one.
	free := map[string]bool{strong[0]: true, strong[len(strong)/2]: true, strong[len(strong)-1]: true}
	for p := range free {
		delete(taken, p)
	}
	for range 20 {
		p, err := pin.Generate(nil, 4, func(p string) bool { return taken[p] })
		if err == nil && !free[p] || err != nil && !errors.Is(err, pin.ErrExhausted) {
			t.Fatalf("nearly full space: %q, %v", p, err)
		}
	}
}

func TestConcurrentGenerationsNeverCollide(t *testing.T) {
	s, db, _ := MustService(t, 4)
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := generate(db, s, fmt.Sprintf("user%d", i), "mm_users", "", "")
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[p] {
				t.Errorf("PIN %s handed out twice", p)
			}
			seen[p] = true
		}()
	}
	wg.Wait()
	if len(seen) != 100 {
		t.Fatalf("%d distinct PINs, want 100", len(seen))
	}
}

func TestSealOpen(t *testing.T) {
	_, _, keys := MustService(t, 6)
	sealed, err := keys.Seal("583920", "mm_users/00000001")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := keys.Open(sealed, "mm_users/00000001"); err != nil || got != "583920" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := keys.Open(sealed, "mm_users/00000002"); !errors.Is(err, pin.ErrOpen) {
		t.Fatalf("Open with another record = %v, want ErrOpen", err)
	}
	other, _ := pin.NewKeys(append(make([]byte, pin.KeySize-1), 1))
	if _, err := other.Open(sealed, "mm_users/00000001"); !errors.Is(err, pin.ErrOpen) {
		t.Fatalf("Open with another key = %v, want ErrOpen", err)
	}
	again, _ := keys.Seal("583920", "mm_users/00000001")
	if again == sealed {
		t.Fatal("two seals of one PIN are equal: the nonce is not random")
	}
	if keys.Hash("583920") != keys.Hash("583920") || keys.Hash("583920") == other.Hash("583920") {
		t.Fatal("Hash is not a keyed, deterministic hash")
	}
}

func TestKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db.pinkey")
	if _, err := pin.LoadKeys(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("LoadKeys of a missing file = %v, want not-exist (a new key is OpenKeys' decision)", err)
	}
	k1, err := pin.CreateKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Size() != pin.KeySize || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", st, err)
	}
	if _, err := pin.CreateKeys(path); err == nil {
		t.Fatal("CreateKeys replaced an existing key file")
	}
	// The second start reuses the key: what it sealed still opens.
	sealed, _ := k1.Seal("583920", "a/1")
	k2, err := pin.LoadKeys(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := k2.Open(sealed, "a/1"); err != nil || got != "583920" {
		t.Fatalf("reloaded key: %q, %v", got, err)
	}
	os.Chmod(path, 0o644)
	if _, err := pin.LoadKeys(path); err == nil {
		t.Fatal("a world-readable key file was accepted")
	}
	os.Chmod(path, 0o600)
	os.WriteFile(path, []byte("short"), 0o600)
	if _, err := pin.LoadKeys(path); err == nil {
		t.Fatal("a key file of the wrong size was accepted")
	}
}

func TestReservationsAndIndex(t *testing.T) {
	s, db, _ := MustService(t, 6)
	p, err := generate(db, s, "ivan", "mm_users", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if !s.Reserved("ivan", "mm_users", "", p) || s.Reserved("olga", "mm_users", "", p) || s.Reserved("ivan", "mm_users", "00000001", p) {
		t.Fatal("a reservation belongs to one user and one record")
	}
	var sealed string
	db.Update(func(tx *store.Tx) (err error) {
		sealed, _, err = s.Put(tx, "mm_users", "00000001", "", p)
		return err
	})
	if s.Reserved("ivan", "mm_users", "", p) {
		t.Fatal("a saved PIN is still reserved")
	}
	if ref, _ := s.Lookup(p); ref != "mm_users/00000001" {
		t.Fatalf("Lookup = %q", ref)
	}
	// Another record cannot take it.
	db.Update(func(tx *store.Tx) error {
		if _, taken, err := s.Put(tx, "mm_users", "00000002", "", p); !taken || err != nil {
			t.Errorf("Put of a held PIN: taken %v, %v", taken, err)
		}
		return nil
	})
	// Replacing it frees the old PIN at once.
	p2, _ := generate(db, s, "ivan", "mm_users", "00000001", sealed)
	if p2 == p {
		t.Fatal("regenerated the previous PIN")
	}
	db.Update(func(tx *store.Tx) (err error) {
		sealed, _, err = s.Put(tx, "mm_users", "00000001", sealed, p2)
		return err
	})
	if ref, _ := s.Lookup(p); ref != "" {
		t.Fatalf("old PIN still indexed to %q", ref)
	}
	if !s.Matches("mm_users", "00000001", sealed, p2) || s.Matches("mm_users", "00000001", sealed, p) {
		t.Fatal("Matches")
	}
	db.Update(func(tx *store.Tx) error { return s.Remove(tx, "mm_users", "00000001", sealed) })
	if ref, _ := s.Lookup(p2); ref != "" {
		t.Fatalf("removed PIN still indexed to %q", ref)
	}
}
