// Package storetest opens real stores for the tests of the packages built
// on the store: there is no fake store.
package storetest

import (
	"path/filepath"
	"testing"

	"webtool/server/store"
)

// MustOpen opens a fresh store in a temporary folder, without fsync, and
// closes it when the test ends.
func MustOpen(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(filepath.Join(tb.TempDir(), "test.db"), store.Options{NoSync: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
