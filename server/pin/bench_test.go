package pin_test

import (
	"fmt"
	"slices"
	"testing"

	"webtool/server/pin"
	"webtool/server/store"
)

// BenchmarkPinGenerate100k: one PIN generation (with its reservation) when
// 100,000 active users already hold PINs in the store's index.
func BenchmarkPinGenerate100k(b *testing.B) {
	s, db, keys := MustService(b, 6)
	taken := make(map[string]bool, 100_000)
	hashes := make([]string, 0, 100_000)
	for range 100_000 {
		p, err := pin.Generate(nil, 6, func(p string) bool { return taken[p] })
		if err != nil {
			b.Fatal(err)
		}
		taken[p] = true
		hashes = append(hashes, keys.Hash(p))
	}
	// In key order: bbolt fills pages in order instead of splitting them.
	slices.Sort(hashes)
	err := db.Update(func(tx *store.Tx) error {
		for i, h := range hashes {
			if err := tx.PutRaw(pin.Index, h, []byte(fmt.Sprintf("mm_users/%08d", i+1))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := generate(db, s, "bench", "mm_users", "", ""); err != nil {
			b.Fatal(err)
		}
	}
}
