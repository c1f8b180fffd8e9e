package pin_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"webtool/server/pin"
	"webtool/server/store"
	"webtool/server/store/storetest"
)

// keyFixture is a store holding PINs sealed with the key at path, as a
// server leaves it.
type keyFixture struct {
	db   *store.DB
	path string
	keys *pin.Keys
	refs []string // the records holding a PIN
}

func mustKeyFixture(t *testing.T, pins int) *keyFixture {
	t.Helper()
	db := storetest.MustOpen(t)
	f := &keyFixture{db: db, path: filepath.Join(t.TempDir(), "w.db.pinkey")}
	var err error
	if f.keys, _, err = pin.OpenKeys(db, f.path, pin.KeyOptions{}); err != nil {
		t.Fatalf("first start: %v", err)
	}
	s, err := pin.New(db, f.keys, 6, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	for i := range pins {
		id := fmt.Sprintf("%08d", i+1)
		p, err := generate(db, s, "admin", "mm_users", id, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(func(tx *store.Tx) error { _, _, err := s.Put(tx, "mm_users", id, "", p); return err }); err != nil {
			t.Fatal(err)
		}
		f.refs = append(f.refs, "mm_users/"+id)
	}
	return f
}

func (f *keyFixture) indexed(t *testing.T) int {
	var n int
	f.db.View(func(tx *store.Tx) (err error) { n, err = tx.Count(pin.Index); return })
	return n
}

// A store whose PINs the key file cannot open must not start and make a
// new key (every PIN would stop working, and revealing or saving one would
// fail with "internal"): missing and wrong key files are refused with a
// message that says what to do, and nothing is changed.
func TestKeyThatCannotOpenThePinsIsRefused(t *testing.T) {
	f := mustKeyFixture(t, 3)
	// The second start with the same key works.
	if _, _, err := pin.OpenKeys(f.db, f.path, pin.KeyOptions{}); err != nil {
		t.Fatalf("restart with the key: %v", err)
	}
	os.Remove(f.path)
	_, _, err := pin.OpenKeys(f.db, f.path, pin.KeyOptions{})
	if !errors.Is(err, pin.ErrKeyMissing) {
		t.Fatalf("start without the key file = %v, want ErrKeyMissing", err)
	}
	for _, want := range []string{f.path, "3 PIN codes", "Put the key file back", "-reset-pin-key"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the refusal does not say %q: %v", want, err)
		}
	}
	if _, err := os.Stat(f.path); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a refused start made a key file")
	}
	if _, err := pin.CreateKeys(f.path); err != nil { // another store's key, say
		t.Fatal(err)
	}
	_, _, err = pin.OpenKeys(f.db, f.path, pin.KeyOptions{})
	if !errors.Is(err, pin.ErrWrongKey) || !strings.Contains(err.Error(), "-reset-pin-key") {
		t.Fatalf("start with a wrong key file = %v, want ErrWrongKey", err)
	}
	if err := pin.CheckKey(f.db, f.path); !errors.Is(err, pin.ErrWrongKey) {
		t.Fatalf("CheckKey of a wrong key = %v", err)
	}
	if got := f.indexed(t); got != 3 {
		t.Fatalf("a refused start changed the index: %d entries", got)
	}
}

// -reset-pin-key gives the PINs up on purpose: each is cleared through
// Clear, the index is emptied, one audit record says how many, and the
// new key then seals new PINs and serves the next start.
func TestResetPinKey(t *testing.T) {
	f := mustKeyFixture(t, 3)
	os.Remove(f.path)
	var cleared []string
	opt := pin.KeyOptions{Reset: true, Now: time.Now, Clear: func(c, id string) error {
		cleared = append(cleared, c+"/"+id)
		return nil
	}}
	keys, n, err := pin.OpenKeys(f.db, f.path, opt)
	if err != nil || n != 3 {
		t.Fatalf("reset = %d, %v", n, err)
	}
	slices.Sort(cleared)
	if !slices.Equal(cleared, f.refs) {
		t.Fatalf("cleared %v, want %v", cleared, f.refs)
	}
	if got := f.indexed(t); got != 0 {
		t.Fatalf("%d index entries left", got)
	}
	var audit []store.AuditRecord
	f.db.View(func(tx *store.Tx) (err error) { audit, err = tx.AuditTail(1); return })
	if len(audit) != 1 || audit[0].Action != "pin.key_reset" || !strings.Contains(audit[0].Detail, "3 PIN codes cleared") {
		t.Fatalf("audit = %+v", audit)
	}
	s, err := pin.New(f.db, keys, 6, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	p, err := generate(f.db, s, "admin", "mm_users", "00000001", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.Update(func(tx *store.Tx) error { _, _, err := s.Put(tx, "mm_users", "00000001", "", p); return err }); err != nil {
		t.Fatalf("a new PIN after the reset: %v", err)
	}
	if _, _, err := pin.OpenKeys(f.db, f.path, pin.KeyOptions{}); err != nil {
		t.Fatalf("the next start with the new key: %v", err)
	}
}

// A reset cut short (here Clear fails) must not leave a store that starts
// as if the key were fine: it refuses until the reset is run again.
func TestInterruptedResetIsFinishedNotForgotten(t *testing.T) {
	f := mustKeyFixture(t, 2)
	os.Remove(f.path)
	fail := pin.KeyOptions{Reset: true, Now: time.Now, Clear: func(c, id string) error { return errors.New("disk full") }}
	if _, _, err := pin.OpenKeys(f.db, f.path, fail); err == nil {
		t.Fatal("a failed reset succeeded")
	}
	if _, err := pin.CreateKeys(f.path); err != nil { // as if the new key were made before the failure
		t.Fatal(err)
	}
	if _, _, err := pin.OpenKeys(f.db, f.path, pin.KeyOptions{}); err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("start after an interrupted reset = %v, want a refusal", err)
	}
	ok := pin.KeyOptions{Reset: true, Now: time.Now, Clear: func(c, id string) error { return nil }}
	if _, n, err := pin.OpenKeys(f.db, f.path, ok); err != nil || n != 2 {
		t.Fatalf("finishing the reset = %d, %v", n, err)
	}
}

// A store from before the key check (PINs, no check value) takes the key
// file it has, and from then on refuses any other.
func TestStoreWithoutCheckValueAdoptsItsKey(t *testing.T) {
	f := mustKeyFixture(t, 1)
	f.db.Update(func(tx *store.Tx) error { return tx.Delete(store.Meta, "pin_key_check") })
	if _, _, err := pin.OpenKeys(f.db, f.path, pin.KeyOptions{}); err != nil {
		t.Fatalf("old store with its key: %v", err)
	}
	os.Remove(f.path)
	pin.CreateKeys(f.path)
	if _, _, err := pin.OpenKeys(f.db, f.path, pin.KeyOptions{}); !errors.Is(err, pin.ErrWrongKey) {
		t.Fatalf("after adoption, another key = %v, want ErrWrongKey", err)
	}
}
