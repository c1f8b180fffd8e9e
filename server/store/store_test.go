package store_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"webtool/server/store"
	"webtool/server/store/storetest"
)

type rec struct {
	Name string `json:"name"`
	N    int    `json:"n"`
}

func TestPutGetDelete(t *testing.T) {
	db := storetest.MustOpen(t)
	if err := db.Update(func(tx *store.Tx) error {
		return tx.Put(store.Users, "ivanova", rec{Name: "Иванова", N: 3})
	}); err != nil {
		t.Fatal(err)
	}
	var got rec
	if err := db.View(func(tx *store.Tx) error {
		ok, err := tx.Get(store.Users, "ivanova", &got)
		if !ok {
			t.Error("record not found after commit")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got != (rec{Name: "Иванова", N: 3}) {
		t.Fatalf("got %+v", got)
	}
	if err := db.Update(func(tx *store.Tx) error { return tx.Delete(store.Users, "ivanova") }); err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *store.Tx) error {
		if ok, _ := tx.Get(store.Users, "ivanova", &got); ok {
			t.Error("record still there after delete")
		}
		return nil
	})
}

func TestFailedUpdateKeepsNothing(t *testing.T) {
	db := storetest.MustOpen(t)
	boom := errors.New("boom")
	err := db.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.Users, "a", rec{Name: "a"}); err != nil {
			return err
		}
		if err := tx.Audit(store.AuditRecord{Actor: "a", Action: "user.create", Result: "ok"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	db.View(func(tx *store.Tx) error {
		if n, _ := tx.Count(store.Users); n != 0 {
			t.Errorf("users = %d after rollback, want 0", n)
		}
		if n, _ := tx.Count(store.AuditLog); n != 0 {
			t.Errorf("audit records = %d after rollback, want 0", n)
		}
		return nil
	})
}

func TestAuditInSameTransactionAndOrdered(t *testing.T) {
	db := storetest.MustOpen(t)
	for i, action := range []string{"login.failed", "login.failed", "login.ok"} {
		if err := db.Update(func(tx *store.Tx) error {
			return tx.Audit(store.AuditRecord{At: time.Unix(int64(i), 0), Actor: "admin", Action: action, Result: "x"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	var tail []store.AuditRecord
	db.View(func(tx *store.Tx) (err error) { tail, err = tx.AuditTail(10); return })
	if len(tail) != 3 || tail[0].Action != "login.ok" || tail[0].Seq != 3 || tail[2].Seq != 1 {
		t.Fatalf("tail = %+v, want newest first numbered 3..1", tail)
	}
}

func TestSecondProcessFailsFast(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, err = store.Open(path, store.Options{Timeout: 100 * time.Millisecond})
	if !errors.Is(err, store.ErrInUse) {
		t.Fatalf("second open: err = %v, want ErrInUse", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatalf("second open hung for %v", time.Since(start))
	}
}

func TestSchemaVersionAndReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v.db")
	db, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *store.Tx) error { return tx.Put(store.Users, "kept", rec{N: 1}) })
	db.Close()

	db, err = store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *store.Tx) error {
		v, err := tx.Version()
		if err != nil || v != store.SchemaVersion() {
			t.Errorf("version = %d, %v; want %d", v, err, store.SchemaVersion())
		}
		var r rec
		if ok, _ := tx.Get(store.Users, "kept", &r); !ok || r.N != 1 {
			t.Error("record lost across reopen")
		}
		return nil
	})
	// A file from a newer program is refused, not silently downgraded.
	db.Update(func(tx *store.Tx) error { return tx.Put(store.Meta, "schema_version", 999) })
	db.Close()
	if _, err := store.Open(path, store.Options{}); !errors.Is(err, store.ErrNewerSchema) {
		t.Fatalf("open newer file: err = %v, want ErrNewerSchema", err)
	}
}

func TestOpenCreatesFolderAndBackup(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "nested", "data", "w.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	f, err := os.Create(filepath.Join(dir, "backup.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sized int64
	if err := db.Backup(f, func(n int64) { sized = n }); err != nil {
		t.Fatal(err)
	}
	st, _ := f.Stat()
	if st.Size() == 0 || st.Size() != sized {
		t.Fatalf("backup of %d bytes, announced %d", st.Size(), sized)
	}
}
