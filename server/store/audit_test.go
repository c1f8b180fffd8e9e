package store_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"webtool/server/store"
	"webtool/server/store/storetest"
)

func TestAuditForListsOneTargetNewestFirst(t *testing.T) {
	db := storetest.MustOpen(t)
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

// Retention deletes the old records with their index entries, in batches,
// and audits itself; what is left is an unbroken run of sequence numbers.
func TestPurgeAuditRemovesOldRecordsAndAuditsItself(t *testing.T) {
	db := storetest.MustOpen(t)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const total, old = 12_000, 11_000 // more than one batch goes
	if err := db.Update(func(tx *store.Tx) error {
		for i := range total {
			if err := tx.Audit(store.AuditRecord{At: t0.Add(time.Duration(i) * time.Minute), Actor: "a", Action: "act",
				Target: fmt.Sprintf("x/%d", i%7), Result: "ok"}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	before := t0.Add(old * time.Minute)
	now := before.Add(90 * 24 * time.Hour)
	n, err := db.PurgeAudit(before, now)
	if err != nil || n != old {
		t.Fatalf("PurgeAudit = %d, %v; want %d", n, err, old)
	}
	db.View(func(tx *store.Tx) error {
		all, _ := tx.AuditTail(100_000)
		var purges []store.AuditRecord
		kept := 0
		for _, r := range all {
			if r.Action == "audit.purge" {
				purges = append(purges, r)
				continue
			}
			if !r.At.Before(before) {
				kept++
			} else {
				t.Errorf("record %d of %v survived", r.Seq, r.At)
			}
		}
		if kept != total-old {
			t.Errorf("%d records kept, want %d", kept, total-old)
		}
		// Newest first: the second batch, then the first.
		if len(purges) != 3 || purges[0].Actor != "system" || !strings.HasPrefix(purges[2].Detail, "deleted 5000 audit records made before 2026-01-08T15:20:00Z: #1 to #5000") ||
			!strings.HasPrefix(purges[0].Detail, "deleted 1000 ") {
			t.Errorf("purge records = %+v, want three (5000, 5000, 1000) saying how many and up to when", purges)
		}
		if seq, err := tx.AuditPurgedThrough(); err != nil || seq != old {
			t.Errorf("AuditPurgedThrough = %d, %v; want %d", seq, err, old)
		}
		// The index holds only entries of records that are left.
		if n, _ := tx.Count(store.AuditByTarget); n != total-old {
			t.Errorf("AuditByTarget holds %d entries, want %d", n, total-old)
		}
		if got, _ := tx.AuditFor("x/3", 100_000); len(got) == 0 || got[len(got)-1].At.Before(before) {
			t.Errorf("AuditFor after purge reaches back to %v", got[len(got)-1].At)
		}
		return nil
	})
	// A second purge with nothing to do writes nothing.
	if n, err := db.PurgeAudit(before, now); n != 0 || err != nil {
		t.Fatalf("second PurgeAudit = %d, %v", n, err)
	}
}
