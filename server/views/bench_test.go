package views_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"webtool/server/api"
	"webtool/server/store"
)

// BenchmarkView measures what a user waits for on the server when saving a
// view (a durable bbolt commit, fsync included) and when opening a
// catalog's View menu. Target (issue 4): under 5 ms each.
func BenchmarkView(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "v.db"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	v, _ := mustViews(b, db)
	l := layout("local_code", "name", "address", "distributor", "outlet", "status")
	l.Filter = api.Filter{All: []api.Condition{{Field: "outlet", Op: api.OpEmpty}},
		Groups: []api.Group{{Any: []api.Condition{{Field: "status", Op: api.OpIn, Values: []any{"active"}}, {Field: "name", Op: api.OpContains, Values: []any{"кофе"}}}}}}
	// A user with a realistic number of own views in the catalog.
	for i := range 20 {
		if _, err := v.SaveView(ivanov, "", api.ViewSave{Catalog: "local_outlets", Name: fmt.Sprintf("view %d", i), Layout: l}); err != nil {
			b.Fatal(err)
		}
	}
	mine, err := v.SaveView(ivanov, "", api.ViewSave{Catalog: "local_outlets", Name: "bench", Layout: l})
	if err != nil {
		b.Fatal(err)
	}
	// "Save view": overwrite the user's view with the current layout.
	b.Run("save", func(b *testing.B) {
		for i := range b.N {
			l.Columns[0].Width = 100 + i%50
			if _, err := v.SaveView(ivanov, "", api.ViewSave{ID: mine.ID, Catalog: "local_outlets", Name: "bench", Layout: l}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load", func(b *testing.B) {
		for range b.N {
			got, err := v.Views(ivanov, "local_outlets")
			if err != nil || len(got.Views) < 20 {
				b.Fatalf("views: %d, %v", len(got.Views), err)
			}
		}
	})
}
