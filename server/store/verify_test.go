package store_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"webtool/server/store"
)

const testBucket store.Bucket = "things"

// mustDamageable writes a store whose records span many pages (a tree of
// branch and leaf pages, overflow pages, the audit trail) and returns the
// file's bytes, closed.
func mustDamageable(tb testing.TB) []byte {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "src.db")
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.EnsureBuckets(testBucket); err != nil {
		tb.Fatal(err)
	}
	for batch := range 4 {
		err := db.Update(func(tx *store.Tx) error {
			for i := range 200 {
				if err := tx.Put(testBucket, fmt.Sprintf("%03d-%04d", batch, i), rec{Name: strings.Repeat("x", 40), N: i}); err != nil {
					return err
				}
			}
			if err := tx.PutRaw(testBucket, fmt.Sprintf("big-%d", batch), make([]byte, 9000)); err != nil {
				return err
			}
			return tx.Audit(store.AuditRecord{At: time.Now(), Actor: "t", Action: "load", Target: "things", Result: "ok"})
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
	db.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// readAll reads every record of the buckets the test wrote.
func readAll(db *store.DB) error {
	return db.View(func(tx *store.Tx) error {
		for _, b := range []store.Bucket{testBucket, store.AuditLog, store.AuditByTarget, store.Meta} {
			if err := tx.ForEach(b, func(k string, raw []byte) error { _ = append([]byte(k), raw...); return nil }); err != nil {
				return err
			}
		}
		return nil
	})
}

// openNoPanic opens path, failing the test (not the process) on a panic.
func openNoPanic(t *testing.T, path string) (db *store.DB, err error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("Open panicked: %v", r)
		}
	}()
	return store.Open(path, store.Options{NoSync: true, Timeout: 50 * time.Millisecond})
}

// A damaged file must end Open with ErrDamaged, never with a panic or a
// fault (which bbolt alone turns into a crash with a goroutine trace),
// and a file Open accepts must read without one: every page of a real
// file overwritten with random bytes in turn, and cuts at many lengths.
func TestDamagedFilesAreRefusedNotCrashedOn(t *testing.T) {
	orig := mustDamageable(t)
	const page = 4096
	dir := t.TempDir()
	try := func(t *testing.T, name string, data []byte) (refused bool) {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		db, err := openNoPanic(t, path)
		if err != nil {
			if !errors.Is(err, store.ErrDamaged) {
				t.Fatalf("%s: Open = %v, want ErrDamaged", name, err)
			}
			if msg := err.Error(); !strings.Contains(msg, "webtool check -db "+path) || !strings.Contains(msg, "webtool restore") {
				t.Fatalf("%s: the message does not say what to do: %s", name, msg)
			}
			if busy, _ := store.InUse(path, 10*time.Millisecond); busy {
				t.Fatalf("%s: the refused file is left locked (mapped)", name)
			}
			return true
		}
		defer db.Close()
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("%s: Open accepted the file, then a read panicked: %v", name, r)
				}
			}()
			readAll(db) // an error is fine (a value's bytes are not checked), a panic is not
		}()
		return false
	}
	rng := rand.New(rand.NewPCG(1, 2))
	refused := 0
	for p := range len(orig) / page {
		data := append([]byte(nil), orig...)
		for i := p * page; i < (p+1)*page; i++ {
			data[i] = byte(rng.Uint32())
		}
		if try(t, fmt.Sprintf("page-%d.db", p), data) {
			refused++
		}
	}
	t.Logf("%d of %d overwritten pages refused", refused, len(orig)/page)
	if refused < 10 {
		t.Fatalf("only %d of %d overwritten pages were refused: the pages in use were not checked", refused, len(orig)/page)
	}
	// (bbolt grows a file ahead of its use: a cut near the end may leave
	// every page in use, so the cuts stay in the first half.)
	for _, n := range []int{100, page + 10, 2*page + 100, len(orig) / 4, len(orig) / 2} {
		if !try(t, fmt.Sprintf("cut-%d.db", n), orig[:n]) {
			t.Fatalf("a file cut to %d of %d bytes was accepted", n, len(orig))
		}
	}
}

// An existing file of zero bytes is not a new store: opening it must not
// create one (and with it a new administrator over lost data).
func TestEmptyFileIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := store.Open(path, store.Options{})
	if !errors.Is(err, store.ErrEmpty) || !strings.Contains(err.Error(), "exists but is empty") {
		t.Fatalf("Open of an empty file = %v, want ErrEmpty", err)
	}
	if st, _ := os.Stat(path); st.Size() != 0 {
		t.Fatalf("the empty file was written to: %d bytes", st.Size())
	}
}

// A read-only open works next to another reader, runs no migration and
// refuses writes; next to a server (a read-write open) it is ErrInUse.
func TestReadOnlyOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	if _, err := store.Open(path, store.Options{ReadOnly: true}); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("read-only open of a missing file = %v, want not-exist (and no new file)", err)
	}
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(path, store.Options{ReadOnly: true, Timeout: 50 * time.Millisecond}); !errors.Is(err, store.ErrInUse) {
		t.Fatalf("read-only open next to a server = %v, want ErrInUse", err)
	}
	if busy, err := store.InUse(path, 50*time.Millisecond); !busy || err != nil {
		t.Fatalf("InUse next to a server = %v, %v", busy, err)
	}
	db.Close()
	ro, err := store.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if busy, err := store.InUse(path, 50*time.Millisecond); busy || err != nil {
		t.Fatalf("InUse next to a reader = %v, %v", busy, err)
	}
	if err := ro.Update(func(tx *store.Tx) error { return tx.Put(store.Meta, "x", 1) }); err == nil {
		t.Fatal("a read-only store took a write")
	}
	if err := ro.EnsureBuckets(store.Users); err != nil {
		t.Fatalf("EnsureBuckets of an existing bucket on a read-only store: %v", err)
	}
	if err := ro.EnsureBuckets("nope"); err == nil {
		t.Fatal("EnsureBuckets of a missing bucket on a read-only store did not fail")
	}
}
