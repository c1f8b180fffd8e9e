package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// migrations bring a store from version i to i+1. Append, never edit: a
// shipped migration has already run on someone's data.
var migrations = []func(tx *Tx) error{
	// 1: the base buckets.
	func(tx *Tx) error {
		for _, b := range []Bucket{Users, Sessions, LoginAttempts, AuditLog} {
			if _, err := tx.b.CreateBucketIfNotExists([]byte(b)); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return nil
	},
	// 2: the audit trail indexed by target, for a record's history.
	func(tx *Tx) error {
		if _, err := tx.b.CreateBucketIfNotExists([]byte(AuditByTarget)); err != nil {
			return fmt.Errorf("create bucket %s: %w", AuditByTarget, err)
		}
		return tx.ForEach(AuditLog, func(k string, raw []byte) error {
			var r AuditRecord
			if err := Decode(raw, &r); err != nil {
				return fmt.Errorf("decode audit record %x: %w", k, err)
			}
			if r.Target == "" {
				return nil
			}
			return tx.PutRaw(AuditByTarget, targetKey(r.Target, binary.BigEndian.Uint64([]byte(k))), []byte{})
		})
	},
}

// SchemaVersion is the version this program writes.
func SchemaVersion() int { return len(migrations) }

const schemaKey = "schema_version"

// migrate runs the missing migrations in one transaction, so a failure
// leaves the file as it was.
func (db *DB) migrate() error {
	return db.bolt.Update(func(btx *bolt.Tx) error {
		tx := &Tx{b: btx}
		if _, err := btx.CreateBucketIfNotExists([]byte(Meta)); err != nil {
			return fmt.Errorf("create bucket %s: %w", Meta, err)
		}
		var have int
		if _, err := tx.Get(Meta, schemaKey, &have); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		if have > len(migrations) {
			return fmt.Errorf("%w: file has version %d, this program knows up to %d", ErrNewerSchema, have, len(migrations))
		}
		for v := have; v < len(migrations); v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate schema to version %d: %w", v+1, err)
			}
		}
		return tx.Put(Meta, schemaKey, len(migrations))
	})
}

// Version returns the schema version stored in the file.
func (tx *Tx) Version() (int, error) {
	var v int
	_, err := tx.Get(Meta, schemaKey, &v)
	return v, err
}
