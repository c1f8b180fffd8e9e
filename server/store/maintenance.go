package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CheckInvariants reports, through problem, every broken rule of the
// store's own buckets (Open has already checked the file's structure):
// each value of the JSON buckets decodes, audit records are numbered
// without holes from the one after those retention purged up to the
// bucket's sequence, and each AuditByTarget entry names an audit record
// about that target. It returns what it counted.
func (db *DB) CheckInvariants(problem func(string)) (audit, indexed int, err error) {
	err = db.View(func(tx *Tx) error {
		for _, b := range []Bucket{Meta, Users, Sessions, LoginAttempts} {
			if err := tx.ForEach(b, func(k string, raw []byte) error {
				if !json.Valid(raw) {
					problem(fmt.Sprintf("%s/%q: the value is not JSON", b, k))
				}
				return nil
			}); err != nil {
				return err
			}
		}
		var first, last uint64
		if err := tx.ForEach(AuditLog, func(k string, raw []byte) error {
			audit++
			if len(k) != 8 {
				problem(fmt.Sprintf("audit key %x: not a sequence number", k))
				return nil
			}
			seq := binary.BigEndian.Uint64([]byte(k))
			var r AuditRecord
			if err := Decode(raw, &r); err != nil {
				problem(fmt.Sprintf("audit record %d: %v", seq, err))
			} else if r.Seq != seq {
				problem(fmt.Sprintf("audit record %d: says it is number %d", seq, r.Seq))
			}
			switch {
			case first == 0:
				first = seq
			case seq != last+1:
				problem(fmt.Sprintf("audit records %d..%d are missing", last+1, seq-1))
			}
			last = seq
			return nil
		}); err != nil {
			return err
		}
		purged, err := tx.AuditPurgedThrough()
		if err != nil {
			return err
		}
		if n, err := tx.Sequence(AuditLog); err != nil {
			return err
		} else if audit > 0 && first != purged+1 {
			problem(fmt.Sprintf("audit records %d..%d are missing (retention purged up to %d)", purged+1, first-1, purged))
		} else if audit > 0 && n != last {
			problem(fmt.Sprintf("audit records %d..%d are missing (the newest kept is %d)", last+1, n, last))
		}
		return tx.ForEach(AuditByTarget, func(k string, _ []byte) error {
			indexed++
			i := bytes.IndexByte([]byte(k), 0) // targets hold no NUL
			if i < 0 || len(k)-i-1 != 8 {
				problem(fmt.Sprintf("audit index key %q: not target+NUL+sequence", k))
				return nil
			}
			var r AuditRecord
			seq := binary.BigEndian.Uint64([]byte(k[i+1:]))
			switch ok, err := tx.Get(AuditLog, k[i+1:], &r); {
			case err != nil:
				// Reported above with the record.
			case !ok:
				problem(fmt.Sprintf("audit index entry %q/%d: no such audit record", k[:i], seq))
			case r.Target != k[:i]:
				problem(fmt.Sprintf("audit index entry %q/%d: the record is about %q", k[:i], seq, r.Target))
			}
			return nil
		})
	})
	return audit, indexed, err
}

// InUse reports whether a running server holds the file at path (a
// missing or damaged file is not in use). It waits up to wait for the
// lock.
func InUse(path string, wait time.Duration) (bool, error) {
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		return false, nil // a server never runs on an empty file
	}
	b, err := openBolt(path, &bolt.Options{ReadOnly: true, Timeout: wait})
	switch {
	case errors.Is(err, bolt.ErrTimeout):
		return true, nil
	case errors.Is(err, os.ErrNotExist), errors.Is(err, ErrDamaged):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("open %s: %w", path, err)
	}
	return false, b.Close()
}

// Compact writes a compacted copy of the store to a new file at path
// (refusing one that exists): the records only, without the free pages a
// busy file keeps. The copy is made in batches of about 64 MiB.
func (db *DB) Compact(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	f.Close()
	dst, err := bolt.Open(path, 0o600, nil)
	if err == nil {
		err = bolt.Compact(dst, db.bolt, 64<<20)
		if cerr := dst.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("compact into %s: %w", path, err)
	}
	return nil
}
