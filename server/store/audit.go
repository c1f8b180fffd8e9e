package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"time"

	bolt "go.etcd.io/bbolt"
)

// AuditRecord is one line of the audit trail: who did what to which target,
// from where, and how it ended. It is written by Tx.Audit inside the same
// transaction as the change it describes, so a change without its record (or
// a record of a change that was rolled back) cannot exist.
type AuditRecord struct {
	Seq    uint64    `json:"seq"`
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`  // login of the user, or the login name tried
	Addr   string    `json:"addr"`   // client address
	Action string    `json:"action"` // stable verb: login.ok, login.failed, login.locked, logout, ...
	Target string    `json:"target,omitempty"`
	Result string    `json:"result"` // ok, denied, failed, ...
	Detail string    `json:"detail,omitempty"`
}

// Audit appends r to the audit trail, numbering it.
func (tx *Tx) Audit(r AuditRecord) error {
	b, err := tx.bucket(AuditLog)
	if err != nil {
		return err
	}
	seq, err := b.NextSequence()
	if err != nil {
		return fmt.Errorf("number audit record: %w", err)
	}
	r.Seq = seq
	if err := tx.Put(AuditLog, seqKey(seq), r); err != nil {
		return err
	}
	if r.Target == "" {
		return nil
	}
	return tx.PutRaw(AuditByTarget, targetKey(r.Target, seq), []byte{})
}

// targetKey is the AuditByTarget key of record seq about target. Targets
// never contain a NUL, so one target's keys are contiguous and in
// sequence order.
func targetKey(target string, seq uint64) string { return target + "\x00" + seqKey(seq) }

// AuditFor returns up to n of the newest audit records about target,
// newest first.
func (tx *Tx) AuditFor(target string, n int) ([]AuditRecord, error) {
	idx, err := tx.bucket(AuditByTarget)
	if err != nil {
		return nil, err
	}
	log, err := tx.bucket(AuditLog)
	if err != nil {
		return nil, err
	}
	prefix := []byte(target + "\x00")
	c := idx.Cursor()
	// Seek past the newest possible key of target, then walk back.
	k, _ := c.Seek([]byte(targetKey(target, math.MaxUint64)))
	if k == nil {
		k, _ = c.Last()
	} else if !bytes.Equal(k, []byte(targetKey(target, math.MaxUint64))) {
		k, _ = c.Prev()
	}
	var out []AuditRecord
	for ; k != nil && bytes.HasPrefix(k, prefix) && len(out) < n; k, _ = c.Prev() {
		seq := k[len(prefix):]
		if len(seq) != 8 {
			continue // a longer target that starts with target+NUL cannot exist; be safe anyway
		}
		raw := log.Get(seq)
		if raw == nil {
			continue
		}
		var r AuditRecord
		if err := Decode(raw, &r); err != nil {
			return nil, fmt.Errorf("decode audit record %x: %w", seq, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// AuditTail returns up to n of the newest audit records, newest first.
func (tx *Tx) AuditTail(n int) ([]AuditRecord, error) {
	b, err := tx.bucket(AuditLog)
	if err != nil {
		return nil, err
	}
	var out []AuditRecord
	c := b.Cursor()
	for k, v := c.Last(); k != nil && len(out) < n; k, v = c.Prev() {
		var r AuditRecord
		if err := Decode(v, &r); err != nil {
			return nil, fmt.Errorf("decode audit record %x: %w", k, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// auditPurgedKey is the Meta key of the sequence number of the newest
// audit record purged by retention.
const auditPurgedKey = "audit_purged_through"

// purgeBatch caps the records one purge transaction deletes, so the
// store's one writer is never held for long, even on the first purge of a
// store that kept years.
const purgeBatch = 5000

// PurgeAudit deletes the audit records made before before, with their
// AuditByTarget entries, oldest first. It stops at the first record that is
// not older, so the trail left is always an unbroken run of sequence
// numbers after AuditPurgedThrough. Each transaction deletes at most
// purgeBatch records and audits itself in an audit.purge record (made at
// now) that says how many went and up to which record and time. It returns
// how many records were deleted.
func (db *DB) PurgeAudit(before, now time.Time) (int, error) {
	total := 0
	for {
		n, err := db.purgeAuditBatch(before, now)
		total += n
		if err != nil {
			return total, fmt.Errorf("purge audit records before %s: %w", before.UTC().Format(time.RFC3339), err)
		}
		if n < purgeBatch {
			return total, nil
		}
	}
}

func (db *DB) purgeAuditBatch(before, now time.Time) (int, error) {
	n := 0
	err := db.Update(func(tx *Tx) error {
		log, err := tx.bucket(AuditLog)
		if err != nil {
			return err
		}
		idx, err := tx.bucket(AuditByTarget)
		if err != nil {
			return err
		}
		var records, entries [][]byte // keys in AuditLog and AuditByTarget
		var first, last AuditRecord
		c := log.Cursor()
		for k, v := c.First(); k != nil && len(records) < purgeBatch; k, v = c.Next() {
			var r AuditRecord
			if err := Decode(v, &r); err != nil {
				return fmt.Errorf("decode audit record %x: %w", k, err)
			}
			if !r.At.Before(before) {
				break
			}
			if len(records) == 0 {
				first = r
			}
			last = r
			records = append(records, append([]byte(nil), k...))
			if r.Target != "" {
				entries = append(entries, []byte(targetKey(r.Target, r.Seq)))
			}
		}
		// Deleted after the walk: a bbolt cursor must not walk over keys
		// deleted under it.
		for _, del := range []struct {
			b    *bolt.Bucket
			keys [][]byte
		}{{log, records}, {idx, entries}} {
			for _, k := range del.keys {
				if err := del.b.Delete(k); err != nil {
					return fmt.Errorf("delete audit entry %x: %w", k, err)
				}
			}
		}
		n = len(records)
		if n == 0 {
			return nil
		}
		if err := tx.Put(Meta, auditPurgedKey, last.Seq); err != nil {
			return err
		}
		return tx.Audit(AuditRecord{At: now, Actor: "system", Action: "audit.purge", Result: "ok",
			Detail: fmt.Sprintf("deleted %d audit records made before %s: #%d to #%d, %s to %s", n,
				before.UTC().Format(time.RFC3339), first.Seq, last.Seq, first.At.UTC().Format(time.RFC3339), last.At.UTC().Format(time.RFC3339))})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// AuditPurgedThrough returns the sequence number of the newest audit record
// purged by retention, or 0: the trail holds every record after it.
func (tx *Tx) AuditPurgedThrough() (uint64, error) {
	var seq uint64
	_, err := tx.Get(Meta, auditPurgedKey, &seq)
	return seq, err
}

// seqKey encodes a sequence number so that keys sort in numeric order.
func seqKey(seq uint64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return string(b[:])
}
