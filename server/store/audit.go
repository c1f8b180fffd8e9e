package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"time"
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

// seqKey encodes a sequence number so that keys sort in numeric order.
func seqKey(seq uint64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	return string(b[:])
}
