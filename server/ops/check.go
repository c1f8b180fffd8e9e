// Package ops holds the operator's commands run from the same binary as
// the server: check a database file, back it up (offline, or hot through a
// running server), restore a backup, compact a file. Each is a function the
// tests call and a subcommand (see Run).
//
// A backup holds the PIN codes sealed; they open only with the server's
// .pinkey file, which is never part of a backup and must be kept apart
// from them. Every message about backups says so.
package ops

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"webtool/server/catalog"
	"webtool/server/pin"
	"webtool/server/store"
)

// Report is what Check found in a database file: what it checked and
// counted (Notes), and the broken rules (Problems: the first maxProblems,
// Hidden counts the rest).
type Report struct {
	Notes    []string
	Problems []string
	Hidden   int
}

// maxProblems bounds the problems a report keeps: a badly damaged file
// could break a rule a million times.
const maxProblems = 200

// OK reports whether nothing was found wrong.
func (r *Report) OK() bool { return len(r.Problems) == 0 }

// Summary lists the first n problems on one line.
func (r *Report) Summary(n int) string {
	s := strings.Join(r.Problems[:min(n, len(r.Problems))], "; ")
	if more := len(r.Problems) - min(n, len(r.Problems)) + r.Hidden; more > 0 {
		s += fmt.Sprintf(" (and %d more: see webtool check)", more)
	}
	return s
}

func (r *Report) note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

func (r *Report) problem(p string) {
	if len(r.Problems) < maxProblems {
		r.Problems = append(r.Problems, p)
	} else {
		r.Hidden++
	}
}

// lockWait is how long a command waits for a file a server may hold.
const lockWait = 300 * time.Millisecond

// Check checks the database file at path without changing it: bbolt's own
// consistency check of the file (store.Open), the store's invariants (JSON
// values, audit numbering and index), that every catalog record decodes
// (the catalogs load as at start), and that every PIN index entry names a
// record holding a PIN. With pinKey it also checks that the key file opens
// the store's PINs. The error is for a file that could not be checked at
// all (missing, in use by a server).
func Check(path, pinKey string) (*Report, error) {
	rep := &Report{}
	db, err := store.Open(path, store.Options{ReadOnly: true, Timeout: lockWait})
	var damaged *store.DamagedError
	switch {
	case errors.As(err, &damaged):
		for _, p := range damaged.Problems {
			rep.problem(p)
		}
		return rep, nil
	case errors.Is(err, store.ErrEmpty):
		rep.problem("the file is empty (0 bytes): it holds no store")
		return rep, nil
	case errors.Is(err, store.ErrInUse):
		return nil, fmt.Errorf("%s is in use by a running server, which a check must not read under: check a hot backup of it instead "+
			"(webtool backup -url http://HOST:PORT -o COPY, then webtool check -db COPY): %w", path, err)
	case err != nil:
		return nil, err
	}
	defer db.Close()
	rep.note("file structure: sound (bbolt consistency check passed)")

	audit, indexed, err := db.CheckInvariants(rep.problem)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	rep.note("audit trail: %d records, %d index entries", audit, indexed)

	defs := catalog.Definitions()
	cat, err := catalog.Open(db, defs, time.Now)
	if err != nil {
		rep.problem(fmt.Sprintf("catalog records: %v", err))
		return rep, nil
	}
	records := 0
	for _, d := range defs {
		records += cat.Count(d.Key)
	}
	rep.note("catalogs: %d records in %d catalogs decode", records, len(defs))

	pins, err := pin.CheckIndex(db, cat.HasSecret, rep.problem)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	rep.note("PIN codes: %d, each indexed to its record", pins)
	if pinKey == "" {
		rep.note("PIN key: not checked (-pin-key FILE checks it); the PIN codes open only with the .pinkey file that sealed them, which no backup holds")
	} else if err := pin.CheckKey(db, pinKey); err != nil {
		rep.problem(err.Error())
	} else {
		rep.note("PIN key: %s opens the PIN codes of this store", pinKey)
	}
	return rep, nil
}
