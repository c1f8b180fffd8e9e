// Package catalogtest opens the manual's catalogs for the tests of the
// packages built on them, on a real store.
package catalogtest

import (
	"testing"
	"time"

	"webtool/server/catalog"
	"webtool/server/pin"
	"webtool/server/store"
)

// MustOpen opens catalog.Definitions() over db with PIN fields kept by a
// pin.Service of 6-digit PINs under an all-zero key, wired as the server
// wires them.
func MustOpen(tb testing.TB, db store.Store, now func() time.Time) (*catalog.Service, *pin.Service) {
	tb.Helper()
	cat, err := catalog.Open(db, catalog.Definitions(), now)
	if err != nil {
		tb.Fatal(err)
	}
	keys, err := pin.NewKeys(make([]byte, pin.KeySize))
	if err != nil {
		tb.Fatal(err)
	}
	pins, err := pin.New(db, keys, 6, now)
	if err != nil {
		tb.Fatal(err)
	}
	cat.SetSecret(pins)
	return cat, pins
}
