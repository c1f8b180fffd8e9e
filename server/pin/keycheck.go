package pin

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"webtool/server/store"
)

// The PIN key's state, kept in store.Meta.
const (
	// keyCheckMeta is Keys.check() of the key the store's PINs are sealed
	// with, written the first time a key is used with the store.
	keyCheckMeta = "pin_key_check"
	// keyResetMeta is set while a reset clears the old PINs, so that an
	// interrupted reset is finished, never taken for a working key.
	keyResetMeta = "pin_key_reset"
)

// ErrKeyMissing is returned by OpenKeys when the key file is missing and
// the store holds PINs sealed with it.
var ErrKeyMissing = errors.New("the PIN key file is missing")

// ErrWrongKey is returned by OpenKeys when the key file is not the one the
// store's PINs were sealed with.
var ErrWrongKey = errors.New("the PIN key file does not open the PIN codes in this store")

// KeyOptions say what OpenKeys may do when the key file cannot open the
// store's PINs.
type KeyOptions struct {
	// Reset gives up the PINs the key file cannot open: it makes a new key
	// (or keeps the key file there is), clears every PIN (with Clear) and
	// its index entry, and audits how many were cleared. Nothing is
	// re-sealed; the holders need new PINs.
	Reset bool
	// Clear removes the PIN fields of record catalog/id, auditing the
	// change; the catalogs do it. A reset needs it.
	Clear func(catalog, id string) error
	// Now stamps the reset's audit record.
	Now func() time.Time
}

// keyState is what the store says about its PINs' key.
type keyState struct {
	check     string // keyCheckMeta, "" if never written
	resetting bool
	pins      int // entries in Index: one per stored PIN
}

func readKeyState(db store.Store) (st keyState, err error) {
	err = db.View(func(tx *store.Tx) error {
		if _, err := tx.Get(store.Meta, keyCheckMeta, &st.check); err != nil {
			return err
		}
		if _, err := tx.Get(store.Meta, keyResetMeta, &st.resetting); err != nil {
			return err
		}
		st.pins, err = tx.Count(Index)
		return err
	})
	if err != nil {
		return keyState{}, fmt.Errorf("read the PIN key state: %w", err)
	}
	return st, nil
}

// refusal says why keys (nil: the file at path is missing) may not serve
// the store's PINs, or nil. A store without a check value (one from before
// the check, or a new one) takes the key it is given.
func (st keyState) refusal(path string, keys *Keys) error {
	const reset = "Only if it is lost for good, start once with -reset-pin-key: that makes a new key and " +
		"clears every PIN code, and the MM users then need new PINs"
	switch {
	case st.resetting:
		return fmt.Errorf("a reset of the PIN key was interrupted; start again with -reset-pin-key to finish it")
	case st.pins == 0:
		return nil
	case keys == nil:
		return fmt.Errorf("%w: %s, and this store holds %d PIN codes sealed with it. Put the key file back "+
			"from where it was kept (it is never in the database backups; -pin-key names another place) and start again. %s",
			ErrKeyMissing, path, st.pins, reset)
	case st.check != "" && st.check != keys.check():
		return fmt.Errorf("%w: %s does not open the %d PIN codes in this store (it is another store's key, or an older one). "+
			"Put the right key file there (or name it with -pin-key) and start again. %s",
			ErrWrongKey, path, st.pins, reset)
	}
	return nil
}

// OpenKeys returns the keys of the key file at path for the store db. It
// refuses (ErrKeyMissing, ErrWrongKey) a missing key file or one that does
// not open the PINs the store holds, unless opt.Reset. A store that holds
// no PIN gets a new key file when there is none. The key's check value is
// stored with the first use. cleared is the number of PINs a reset gave up.
func OpenKeys(db store.Store, path string, opt KeyOptions) (keys *Keys, cleared int, err error) {
	if err := db.EnsureBuckets(Index); err != nil {
		return nil, 0, err
	}
	st, err := readKeyState(db)
	if err != nil {
		return nil, 0, err
	}
	keys, err = LoadKeys(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, 0, err
	}
	if refused := st.refusal(path, keys); refused != nil {
		if !opt.Reset {
			return nil, 0, refused
		}
		return reset(db, path, keys, opt)
	}
	if keys == nil {
		if keys, err = CreateKeys(path); err != nil {
			return nil, 0, err
		}
	}
	if st.check != keys.check() {
		if err := db.Update(func(tx *store.Tx) error { return tx.Put(store.Meta, keyCheckMeta, keys.check()) }); err != nil {
			return nil, 0, fmt.Errorf("store the PIN key check: %w", err)
		}
	}
	return keys, 0, nil
}

// reset gives up the store's PINs for keys (nil: make a new key file at
// path). The mark set first makes an interrupted reset refuse to start
// until it is run again; the last transaction drops the index, stores the
// new key's check value and audits the reset, all at once.
func reset(db store.Store, path string, keys *Keys, opt KeyOptions) (*Keys, int, error) {
	why := "did not open them"
	if keys == nil {
		why = "was missing"
	}
	var hashes []string
	seen := map[string]bool{}
	var records []string
	err := db.Update(func(tx *store.Tx) error {
		if err := tx.Put(store.Meta, keyResetMeta, true); err != nil {
			return err
		}
		return tx.ForEach(Index, func(h string, ref []byte) error {
			hashes = append(hashes, h)
			if !seen[string(ref)] {
				seen[string(ref)] = true
				records = append(records, string(ref))
			}
			return nil
		})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("reset the PIN key: %w", err)
	}
	for _, ref := range records {
		catalog, id, _ := strings.Cut(ref, "/")
		if err := opt.Clear(catalog, id); err != nil {
			return nil, 0, fmt.Errorf("reset the PIN key: clear the PIN of %s: %w", ref, err)
		}
	}
	if keys == nil {
		if keys, err = CreateKeys(path); err != nil {
			return nil, 0, err
		}
	}
	err = db.Update(func(tx *store.Tx) error {
		for _, h := range hashes {
			if err := tx.Delete(Index, h); err != nil {
				return err
			}
		}
		if err := tx.Put(store.Meta, keyCheckMeta, keys.check()); err != nil {
			return err
		}
		if err := tx.Delete(store.Meta, keyResetMeta); err != nil {
			return err
		}
		return tx.Audit(store.AuditRecord{At: opt.Now(), Actor: "system", Action: "pin.key_reset", Result: "ok",
			Detail: fmt.Sprintf("%d PIN codes cleared: the key file %s %s", len(hashes), path, why)})
	})
	if err != nil {
		return nil, 0, fmt.Errorf("reset the PIN key: %w", err)
	}
	return keys, len(hashes), nil
}

// CheckKey reports, changing nothing, whether the key file at path opens
// the PINs in db: nil if it does or the store holds none, else the error
// OpenKeys would refuse to start with.
func CheckKey(db store.Store, path string) error {
	st, err := readKeyState(db)
	if err != nil {
		return err
	}
	keys, err := LoadKeys(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return st.refusal(path, keys)
}

// CheckIndex reports, through problem, each Index entry that does not name
// a record holding a PIN; holds says whether record catalog/id exists and
// has a PIN set. It returns the number of entries.
func CheckIndex(db store.Store, holds func(catalog, id string) (bool, error), problem func(string)) (int, error) {
	var refs []string
	err := db.View(func(tx *store.Tx) error {
		return tx.ForEach(Index, func(_ string, ref []byte) error {
			refs = append(refs, string(ref))
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	for _, ref := range refs {
		catalog, id, ok := strings.Cut(ref, "/")
		if !ok {
			problem(fmt.Sprintf("PIN index entry %q names no record", ref))
			continue
		}
		has, err := holds(catalog, id)
		if err != nil {
			return 0, err
		}
		if !has {
			problem(fmt.Sprintf("PIN index entry for %s: the record does not exist or holds no PIN", ref))
		}
	}
	return len(refs), nil
}
