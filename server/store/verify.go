package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime/debug"
	"strings"
	"syscall"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged is matched (errors.Is) by the *DamagedError Open returns for
// a file that is not a sound bbolt file: truncated, overwritten, or never
// a store at all.
var ErrDamaged = errors.New("database file is damaged")

// DamagedError lists what Open found wrong with a file.
type DamagedError struct {
	Path     string
	Problems []string
}

// maxShown is how many problems an error message names; `webtool check`
// prints them all.
const maxShown = 5

func (e *DamagedError) Error() string {
	shown := e.Problems[:min(len(e.Problems), maxShown)]
	more := ""
	if n := len(e.Problems) - len(shown); n > 0 {
		more = fmt.Sprintf(" (and %d more)", n)
	}
	return fmt.Sprintf("%v: %s%s. Nothing was changed. Run \"webtool check -db %s\" for a full report, "+
		"then restore the last good backup with \"webtool restore -from BACKUP -db %s\" "+
		"(the PIN key file, %s.pinkey by default, is not in backups: keep the one you have)",
		ErrDamaged, strings.Join(shown, "; "), more, e.Path, e.Path, e.Path)
}

// Is makes errors.Is(err, ErrDamaged) true.
func (e *DamagedError) Is(target error) bool { return target == ErrDamaged }

// openBolt is bolt.Open that turns the panics and memory faults bbolt
// meets on a damaged file (it trusts the page ids and sizes it reads) into
// a *DamagedError. A fault on a mapped page kills the process unless the
// goroutine asked for a panic instead, hence SetPanicOnFault. After such a
// panic the file stays mapped, and so locked, until the process ends:
// Open calls it on files verify has passed, or read-only, where bbolt
// reads only the checksummed meta pages.
func openBolt(path string, opt *bolt.Options) (b *bolt.DB, err error) {
	var file *os.File
	opt.OpenFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		f, err := os.OpenFile(name, flag, perm)
		file = f
		return f, err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if file != nil {
				file.Close() // bbolt's own cleanup did not run: release the lock
			}
			b, err = nil, &DamagedError{Path: path, Problems: []string{fmt.Sprint(r)}}
		}
	}()
	b, err = bolt.Open(path, 0o600, opt)
	var pathErr *fs.PathError
	var errno syscall.Errno
	if err == nil || errors.Is(err, bolt.ErrTimeout) || errors.As(err, &pathErr) || errors.As(err, &errno) {
		return b, err
	}
	// What is left comes from reading the file's own pages: a bad meta
	// page (invalid, checksum, version) or a size its meta does not fit.
	return nil, &DamagedError{Path: path, Problems: []string{err.Error()}}
}

// verify checks the whole file before anything else reads it, on a
// read-only open: that it is as long as its meta page says, that every page reachable from the root
// is one bbolt can read (each key and value lies inside the file), and
// bbolt's own consistency check (every page used once or free). A file
// that passes cannot make a later read panic or fault. It costs about as
// much as one pass over the file (a million records: ~0.2 s warm), which
// the catalogs' start-up load pays anyway.
func verify(b *bolt.DB) (err error) {
	path := b.Path()
	damaged := func(problems ...string) error { return &DamagedError{Path: path, Problems: problems} }
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = damaged(fmt.Sprint(r))
		}
	}()
	return b.View(func(tx *bolt.Tx) error {
		if tx.Size() > st.Size() {
			return damaged(fmt.Sprintf("truncated: the file has %d bytes, its pages need %d", st.Size(), tx.Size()))
		}
		var sink byte
		var walk func(b *bolt.Bucket) error
		walk = func(b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error {
				// Touching both ends of each slice faults (and so panics)
				// if a damaged page points outside the file.
				sink ^= k[0] ^ k[len(k)-1]
				if v == nil {
					return walk(b.Bucket(k))
				}
				if len(v) > 0 {
					sink ^= v[0] ^ v[len(v)-1]
				}
				return nil
			})
		}
		if err := tx.ForEach(func(name []byte, b *bolt.Bucket) error { return walk(b) }); err != nil {
			return err
		}
		var problems []string
		more := 0
		for err := range tx.Check() {
			if len(problems) < 1000 { // a wrecked file can break a rule on every page
				problems = append(problems, err.Error())
			} else {
				more++
			}
		}
		if more > 0 {
			problems = append(problems, fmt.Sprintf("%d more problems of the same kinds", more))
		}
		if len(problems) > 0 {
			return damaged(problems...)
		}
		return nil
	})
}
