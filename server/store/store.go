// Package store keeps WebTool's records in a bbolt file. It offers
// transactions over named buckets, JSON-encoded values, per-bucket
// sequences, a schema version with migrations run at open and an audit
// trail written inside the same transaction as the change it records.
//
// The services see only Store and Tx. DB, the bbolt file, is the one
// implementation; its operator's side (Backup, Compact, the checks) is
// used through the concrete type by the server's wiring and server/ops.
package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bucket names one kind of record.
type Bucket string

// The buckets every store has. Later schema versions add their own.
const (
	Meta          Bucket = "meta"           // schema version and other store-wide facts
	Users         Bucket = "users"          // auth.User by normalized login
	Sessions      Bucket = "sessions"       // auth session by SHA-256 of its token
	LoginAttempts Bucket = "login_attempts" // failed-attempt counters by normalized login
	AuditLog      Bucket = "audit"          // AuditRecord by sequence number
	// AuditByTarget indexes the audit trail by target: key target + "\x00"
	// + the record's 8-byte sequence number, empty value.
	AuditByTarget Bucket = "audit_by_target"
	// PasswordLinks holds one-time set-password links by the SHA-256 of
	// their token (auth.passwordLink).
	PasswordLinks Bucket = "password_links"
	// Roles holds the roles administrators made (access.Role by key); the
	// built-in ones live in code.
	Roles Bucket = "roles"
)

// DefaultPath is where the server keeps its database file unless -db says
// otherwise; the operator's commands default to the same file.
const DefaultPath = "data/webtool.db"

// ErrInUse is returned by Open when another process holds the file.
var ErrInUse = errors.New("database file is in use by another process")

// ErrEmpty is returned by Open for an existing file of zero bytes.
var ErrEmpty = errors.New("database file exists but is empty")

// ErrNewerSchema is returned by Open when the file was written by a newer
// WebTool than this one.
var ErrNewerSchema = errors.New("database schema is newer than this program")

// Options configure Open.
type Options struct {
	// Timeout is how long Open waits for the file lock held by another
	// process before failing with ErrInUse. Zero means one second.
	Timeout time.Duration
	// NoSync skips fsync after each commit. Only for tests and benchmarks.
	NoSync bool
	// ReadOnly opens an existing file for reading only, next to other
	// readers but never next to a running server, and runs no migration:
	// for the operator's check and offline backup. Update fails.
	ReadOnly bool
}

// Store is what the services use of the store: transactions over named
// buckets, and the buckets a service owns. A Store is safe for concurrent
// use; a Tx is valid only inside the function it is given to.
//
// Tx is a concrete type, not a second interface: its methods (JSON values,
// sequences, the audit trail) are the contract, and only its insides know
// bbolt. A replicated backend (etcd, bbolt underneath with the same
// key/value model) would give Tx other insides and implement Store; the
// services, which never name bbolt, would not change.
//
// There is no change stream here: the server's one stream is the
// catalog's (catalog.Service.Subscribe), published once its query image
// holds a change. Replicas would need one here, a watch with revisions to
// resume from, to feed each replica's image; it belongs here when they
// come.
type Store interface {
	// Update runs fn in a read-write transaction. If fn returns an error
	// nothing it wrote is kept. Writers run one at a time. fn must not
	// begin another transaction: it would wait on this one (bbolt's
	// writer may have to remap the file, which waits for every reader).
	Update(fn func(tx *Tx) error) error
	// View runs fn in a read-only transaction, which sees the state of
	// one moment however long it runs.
	View(fn func(tx *Tx) error) error
	// EnsureBuckets creates the named buckets that do not exist yet.
	EnsureBuckets(names ...Bucket) error
}

// DB is an open store in a bbolt file. It is safe for concurrent use.
type DB struct {
	bolt *bolt.DB
}

var _ Store = (*DB)(nil)

// Open opens (creating if needed) the store at path, checks that an
// existing file is sound (see ErrDamaged) and brings its schema up to date. A second
// process opening the same file fails after opt.Timeout with ErrInUse
// instead of hanging. An existing file of zero bytes is refused with
// ErrEmpty: it is not a store, and starting over in it would make a new
// administrator in place of the lost data.
func Open(path string, opt Options) (*DB, error) {
	if opt.Timeout <= 0 {
		opt.Timeout = time.Second
	}
	st, err := os.Stat(path)
	switch {
	case err == nil && st.Size() == 0:
		return nil, fmt.Errorf("open database %s: %w: restore it from a backup (webtool restore), or remove it to start a new, empty store", path, ErrEmpty)
	case err == nil && !st.Mode().IsRegular():
		return nil, fmt.Errorf("open database %s: not a regular file", path)
	case errors.Is(err, fs.ErrNotExist) && !opt.ReadOnly:
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create folder for database %s: %w", path, err)
		}
	case err != nil:
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	inUse := func(err error) error {
		if errors.Is(err, bolt.ErrTimeout) {
			return fmt.Errorf("open database %s: %w (is another webtool running?)", path, ErrInUse)
		}
		return fmt.Errorf("open database %s: %w", path, err)
	}
	var b *bolt.DB
	if st != nil {
		// An existing file is checked through a read-only open first: it
		// reads nothing but the checksummed meta pages, so it cannot
		// panic, and whatever verify meets it can close (a panic inside
		// bolt.Open would leave the file mapped, and so locked).
		if b, err = openBolt(path, &bolt.Options{ReadOnly: true, Timeout: opt.Timeout}); err != nil {
			return nil, inUse(err)
		}
		if err := verify(b); err != nil {
			b.Close()
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
		if !opt.ReadOnly {
			b.Close()
			b = nil
		}
	}
	if b == nil {
		if b, err = openBolt(path, &bolt.Options{Timeout: opt.Timeout, NoSync: opt.NoSync}); err != nil {
			return nil, inUse(err)
		}
	}
	db := &DB{bolt: b}
	if opt.ReadOnly {
		err = db.View(func(tx *Tx) error {
			v, err := tx.Version()
			if err == nil && v > len(migrations) {
				err = fmt.Errorf("%w: file has version %d, this program knows up to %d", ErrNewerSchema, v, len(migrations))
			}
			return err
		})
	} else {
		err = db.migrate()
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// Close closes the file. Transactions must have ended.
func (db *DB) Close() error { return db.bolt.Close() }

// Update runs fn in a read-write transaction (see Store).
func (db *DB) Update(fn func(tx *Tx) error) error {
	return db.bolt.Update(func(btx *bolt.Tx) error { return fn(&Tx{b: btx}) })
}

// View runs fn in a read-only transaction (see Store).
func (db *DB) View(fn func(tx *Tx) error) error {
	return db.bolt.View(func(btx *bolt.Tx) error { return fn(&Tx{b: btx}) })
}

// Backup writes a consistent copy of the whole file to w, from one read
// transaction, while writers go on. It calls sized with the copy's length
// before the first byte (an HTTP handler sets Content-Length there). The
// copy holds every transaction committed before Backup began and none
// after. Writers that must grow the file wait until the copy ends.
func (db *DB) Backup(w io.Writer, sized func(n int64)) error {
	return db.bolt.View(func(tx *bolt.Tx) error {
		if sized != nil {
			sized(tx.Size())
		}
		_, err := tx.WriteTo(w)
		return err
	})
}

// Tx is a transaction. It is valid only inside the function given to Update
// or View, and only on that goroutine.
type Tx struct {
	b *bolt.Tx
}

func (tx *Tx) bucket(name Bucket) (*bolt.Bucket, error) {
	b := tx.b.Bucket([]byte(name))
	if b == nil {
		return nil, fmt.Errorf("bucket %q does not exist", name)
	}
	return b, nil
}

// Get decodes the value at key into v and reports whether it was there.
func (tx *Tx) Get(bucket Bucket, key string, v any) (bool, error) {
	raw, err := tx.get(bucket, key)
	if err != nil || raw == nil {
		return false, err
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return true, fmt.Errorf("decode %s/%q: %w", bucket, key, err)
	}
	return true, nil
}

// Put encodes v and stores it at key.
func (tx *Tx) Put(bucket Bucket, key string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s/%q: %w", bucket, key, err)
	}
	return tx.PutRaw(bucket, key, raw)
}

// Delete removes key; deleting a missing key is not an error.
func (tx *Tx) Delete(bucket Bucket, key string) error {
	b, err := tx.bucket(bucket)
	if err != nil {
		return err
	}
	if err := b.Delete([]byte(key)); err != nil {
		return fmt.Errorf("delete %s/%q: %w", bucket, key, err)
	}
	return nil
}

// ForEach calls fn for every key in key order with its raw value, which is
// valid only during the call. Use Decode to read it.
func (tx *Tx) ForEach(bucket Bucket, fn func(key string, raw []byte) error) error {
	b, err := tx.bucket(bucket)
	if err != nil {
		return err
	}
	return b.ForEach(func(k, v []byte) error { return fn(string(k), v) })
}

// Count returns the number of keys in bucket.
func (tx *Tx) Count(bucket Bucket) (int, error) {
	b, err := tx.bucket(bucket)
	if err != nil {
		return 0, err
	}
	return b.Stats().KeyN, nil
}

// Decode decodes a raw value given by ForEach.
func Decode(raw []byte, v any) error { return json.Unmarshal(raw, v) }

// EnsureBuckets creates the named buckets that do not exist yet. Services
// that own their buckets (one per catalog) call it at start. On a store
// opened ReadOnly it only checks that they exist.
func (db *DB) EnsureBuckets(names ...Bucket) error {
	if db.bolt.IsReadOnly() {
		return db.bolt.View(func(btx *bolt.Tx) error {
			for _, n := range names {
				if btx.Bucket([]byte(n)) == nil {
					return fmt.Errorf("bucket %s does not exist (a file from an older webtool: start the server on it once)", n)
				}
			}
			return nil
		})
	}
	return db.bolt.Update(func(btx *bolt.Tx) error {
		for _, n := range names {
			if _, err := btx.CreateBucketIfNotExists([]byte(n)); err != nil {
				return fmt.Errorf("create bucket %s: %w", n, err)
			}
		}
		return nil
	})
}

// NextSeq returns the next number of a bucket's own sequence, for ids and
// generated codes.
func (tx *Tx) NextSeq(bucket Bucket) (uint64, error) {
	b, err := tx.bucket(bucket)
	if err != nil {
		return 0, err
	}
	return b.NextSequence()
}

// Sequence returns the last number NextSeq gave in bucket.
func (tx *Tx) Sequence(bucket Bucket) (uint64, error) {
	b, err := tx.bucket(bucket)
	if err != nil {
		return 0, err
	}
	return b.Sequence(), nil
}

// GetRaw returns a copy of the bytes stored at key (nil if absent), for
// services that encode their values themselves.
func (tx *Tx) GetRaw(bucket Bucket, key string) ([]byte, error) {
	v, err := tx.get(bucket, key)
	if v == nil {
		return nil, err
	}
	return append([]byte(nil), v...), nil
}

// get returns the bytes at key as bbolt holds them: valid only inside the
// transaction (nil if absent).
func (tx *Tx) get(bucket Bucket, key string) ([]byte, error) {
	b, err := tx.bucket(bucket)
	if err != nil {
		return nil, err
	}
	return b.Get([]byte(key)), nil
}

// PutRaw stores bytes at key as they are.
func (tx *Tx) PutRaw(bucket Bucket, key string, raw []byte) error {
	b, err := tx.bucket(bucket)
	if err != nil {
		return err
	}
	if err := b.Put([]byte(key), raw); err != nil {
		return fmt.Errorf("put %s/%q: %w", bucket, key, err)
	}
	return nil
}
