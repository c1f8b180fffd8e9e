package pin

import (
	"crypto/subtle"
	"fmt"
	"io"
	"sync"
	"time"

	"webtool/server/api"
	"webtool/server/store"
)

// Index is the store bucket that maps Keys.Hash(pin) to the record holding
// the PIN ("catalog/id"). It covers every stored record, soft-deleted ones
// included, so that restoring a record never revives a PIN issued since.
const Index store.Bucket = "pin_index"

// Reservation is how long a generated PIN waits to be saved.
const Reservation = api.PinReservationMinutes * time.Minute

// Limits on pending reservations, so that a user clicking "generate" in a
// loop cannot grow the server's memory.
const (
	maxPendingPerLogin = 20
	maxPending         = 100_000
)

// Service generates, seals, indexes and checks PINs. It is safe for
// concurrent use.
type Service struct {
	keys   *Keys
	db     store.Store
	length int
	now    func() time.Time
	rand   io.Reader // nil: crypto/rand

	// mu serializes generations, so two of them never pick the same PIN:
	// each sees the other's reservation.
	mu       sync.Mutex
	reserved map[string]reservation // by Keys.Hash of the PIN
}

// reservation holds a generated PIN for one user and record until it is
// saved or expires.
type reservation struct {
	login, catalog, id string // id "" for a record not yet created
	until              time.Time
}

// New returns a Service over db with PINs of length digits; it creates the
// Index bucket.
func New(db store.Store, keys *Keys, length int, now func() time.Time) (*Service, error) {
	if length < MinLength || length > MaxLength {
		return nil, fmt.Errorf("PIN length %d outside %d..%d", length, MinLength, MaxLength)
	}
	if err := db.EnsureBuckets(Index); err != nil {
		return nil, err
	}
	return &Service{keys: keys, db: db, length: length, now: now, reserved: map[string]reservation{}}, nil
}

// Length is the number of digits of a new PIN.
func (s *Service) Length() int { return s.length }

func aad(catalog, id string) string { return catalog + "/" + id }

// Generate returns a new PIN for record catalog/id (id "" for a record not
// yet created) and reserves it for login for Reservation. It is never the
// record's previous PIN (previous is the stored, sealed value), a PIN in
// the index as tx reads it, or one reserved by another generation.
func (s *Service) Generate(tx *store.Tx, login, catalog, id, previous string) (string, error) {
	var prev string
	if previous != "" && id != "" {
		prev, _ = s.keys.Open(previous, aad(catalog, id)) // unreadable: nothing to avoid
	}
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweep(login, now)
	if len(s.reserved) >= maxPending {
		return "", api.Errorf(api.CodeUnavailable, "too many PINs waiting to be saved; try again later")
	}
	var lookErr error
	pin, err := Generate(s.rand, s.length, func(p string) bool {
		if p == prev {
			return true
		}
		h := s.keys.Hash(p)
		if _, ok := s.reserved[h]; ok {
			return true
		}
		raw, err := tx.GetRaw(Index, h)
		if err != nil {
			lookErr = err
			return true
		}
		return raw != nil
	})
	if lookErr != nil {
		return "", fmt.Errorf("check PIN index: %w", lookErr)
	}
	if err != nil {
		return "", err
	}
	s.reserved[s.keys.Hash(pin)] = reservation{login: login, catalog: catalog, id: id, until: now.Add(Reservation)}
	return pin, nil
}

// sweep drops expired reservations, and the oldest ones of login beyond
// maxPendingPerLogin-1 (to make room for one more). Called with s.mu held.
func (s *Service) sweep(login string, now time.Time) {
	var mine []string
	for h, r := range s.reserved {
		switch {
		case !now.Before(r.until):
			delete(s.reserved, h)
		case r.login == login:
			mine = append(mine, h)
		}
	}
	for len(mine) >= maxPendingPerLogin {
		oldest := 0
		for i, h := range mine {
			if s.reserved[h].until.Before(s.reserved[mine[oldest]].until) {
				oldest = i
			}
		}
		delete(s.reserved, mine[oldest])
		mine = append(mine[:oldest], mine[oldest+1:]...)
	}
}

// Reserved reports whether plain was generated for login and record
// catalog/id (id "" for a new record) and is still waiting to be saved.
func (s *Service) Reserved(login, catalog, id, plain string) bool {
	h := s.keys.Hash(plain)
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.reserved[h]
	return ok && r.login == login && r.catalog == catalog && r.id == id && s.now().Before(r.until)
}

// Put stores plain as the PIN of record catalog/id inside tx, the
// transaction that writes the record: it refuses (taken) a PIN the index
// gives to another record, removes the old PIN's entry (old is the stored
// value being replaced, "" if none) so the old PIN stops working with the
// commit, adds the new entry and returns the sealed value to store. The
// reservation of the PIN is used up. Put never checks the reservation:
// the caller does that with Reserved before.
func (s *Service) Put(tx *store.Tx, catalog, id, old, plain string) (sealed string, taken bool, err error) {
	h := s.keys.Hash(plain)
	holder, err := tx.GetRaw(Index, h)
	if err != nil {
		return "", false, err
	}
	if holder != nil && string(holder) != aad(catalog, id) {
		return "", true, nil
	}
	if err := s.Remove(tx, catalog, id, old); err != nil {
		return "", false, err
	}
	if err := tx.PutRaw(Index, h, []byte(aad(catalog, id))); err != nil {
		return "", false, err
	}
	sealed, err = s.keys.Seal(plain, aad(catalog, id))
	if err != nil {
		return "", false, err
	}
	s.mu.Lock()
	delete(s.reserved, h)
	s.mu.Unlock()
	return sealed, false, nil
}

// Remove drops the index entry of a stored PIN inside tx (its record is
// purged, or Put replaces the PIN), so the PIN may be issued again.
func (s *Service) Remove(tx *store.Tx, catalog, id, sealed string) error {
	if sealed == "" {
		return nil
	}
	plain, err := s.keys.Open(sealed, aad(catalog, id))
	if err != nil {
		return fmt.Errorf("open the PIN of %s: %w", aad(catalog, id), err)
	}
	h := s.keys.Hash(plain)
	holder, err := tx.GetRaw(Index, h)
	if err != nil {
		return err
	}
	if string(holder) != aad(catalog, id) {
		return nil // not ours (should not happen): leave it to its holder
	}
	return tx.Delete(Index, h)
}

// Open returns the PIN stored (sealed) in record catalog/id.
func (s *Service) Open(catalog, id, sealed string) (string, error) {
	plain, err := s.keys.Open(sealed, aad(catalog, id))
	if err != nil {
		return "", fmt.Errorf("open the PIN of %s: %w", aad(catalog, id), err)
	}
	return plain, nil
}

// Lookup returns the record ("catalog/id") whose PIN is plain, or "".
func (s *Service) Lookup(plain string) (string, error) {
	var ref string
	err := s.db.View(func(tx *store.Tx) error {
		raw, err := tx.GetRaw(Index, s.keys.Hash(plain))
		ref = string(raw)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("look up PIN: %w", err)
	}
	return ref, nil
}

// Matches reports whether sealed, the stored PIN of catalog/id, is plain.
func (s *Service) Matches(catalog, id, sealed, plain string) bool {
	stored, err := s.keys.Open(sealed, aad(catalog, id))
	return err == nil && subtle.ConstantTimeCompare([]byte(stored), []byte(plain)) == 1
}
