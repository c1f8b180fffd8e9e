package store

import (
	"encoding/binary"
	"fmt"
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
	return tx.Put(AuditLog, seqKey(seq), r)
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
