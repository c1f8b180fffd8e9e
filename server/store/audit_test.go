package store_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"webtool/server/store"
)

func TestAuditForListsOneTargetNewestFirst(t *testing.T) {
	db := MustOpen(t)
	// Targets that share a prefix must not leak into each other.
	targets := []string{"mm_users/00000001", "mm_users/000000010", "mm_users/00000002", "", "mm_users/00000001"}
	for i, target := range targets {
		if err := db.Update(func(tx *store.Tx) error {
			return tx.Audit(store.AuditRecord{At: time.Unix(int64(i), 0), Actor: "a", Action: fmt.Sprintf("act%d", i), Target: target, Result: "ok"})
		}); err != nil {
			t.Fatal(err)
		}
	}
	db.View(func(tx *store.Tx) error {
		got, err := tx.AuditFor("mm_users/00000001", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Action != "act4" || got[1].Action != "act0" {
			t.Errorf("AuditFor = %+v, want act4 then act0", got)
		}
		if got, _ := tx.AuditFor("mm_users/00000001", 1); len(got) != 1 || got[0].Action != "act4" {
			t.Errorf("AuditFor limit 1 = %+v", got)
		}
		if got, _ := tx.AuditFor("mm_users/000000010", 10); len(got) != 1 || got[0].Action != "act1" {
			t.Errorf("AuditFor longer target = %+v", got)
		}
		if got, _ := tx.AuditFor("nothing", 10); len(got) != 0 {
			t.Errorf("AuditFor unknown = %+v", got)
		}
		return nil
	})
}

// A store written before the index existed gets it filled at open.
func TestMigrationBackfillsAuditIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		db.Update(func(tx *store.Tx) error {
			return tx.Audit(store.AuditRecord{At: time.Unix(int64(i), 0), Actor: "a", Action: fmt.Sprintf("act%d", i), Target: "x/1", Result: "ok"})
		})
	}
	db.Close()
	// Make the file look like schema version 1: no index bucket.
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket([]byte(store.AuditByTarget)); err != nil {
			return err
		}
		return tx.Bucket([]byte(store.Meta)).Put([]byte("schema_version"), []byte("1"))
	}); err != nil {
		t.Fatal(err)
	}
	b.Close()

	db, err = store.Open(path, store.Options{NoSync: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *store.Tx) error {
		got, err := tx.AuditFor("x/1", 10)
		if err != nil || len(got) != 3 || got[0].Action != "act2" || got[2].Action != "act0" {
			t.Errorf("after migration AuditFor = %+v, %v", got, err)
		}
		return nil
	})
}
