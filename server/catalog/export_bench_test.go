package catalog_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/store"
)

// BenchmarkExport10k writes the largest export a user may ask for: 10,000
// outlets with their 12 fields, filtered and sorted, as XLSX and as CSV.
// Targets (issue 4): XLSX under 1 s, CSV under 200 ms.
func BenchmarkExport10k(b *testing.B) {
	db, err := store.Open(filepath.Join(b.TempDir(), "e.db"), store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	svc, err := catalog.Open(db, catalog.Definitions(), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	subtypes := []string{"retail", "horeca", "wholesale", "rdc", "kiosk"}
	rows := make([]map[string]any, 0, api.MaxExport+500)
	for i := range cap(rows) {
		rows = append(rows, map[string]any{
			"code": fmt.Sprintf("G%07d", i), "name": fmt.Sprintf("Магазин «Кофейня» №%d", i),
			"legal_name": fmt.Sprintf("ООО «Торговый дом %d»", i), "address": fmt.Sprintf("ул. Крещатик, %d", i%200+1),
			"city": "Киев", "region": "kyiv", "subtype": subtypes[i%len(subtypes)], "channel": "traditional",
			"coords": []any{50.45 + float64(i%100)/1000, 30.52}, "status": status(i),
			"modified_at": "2026-11-20T10:00:00Z", "load_seq": float64(i),
		})
	}
	if _, err := svc.Load("outlets", rows, "bench"); err != nil {
		b.Fatal(err)
	}
	cols := []string{"code", "name", "legal_name", "address", "city", "region", "subtype", "channel", "coords", "status", "modified_at", "load_seq"}
	// The active ones: exactly 10,000 rows.
	filter := api.Filter{All: []api.Condition{{Field: "status", Op: api.OpIn, Values: []any{"active"}}}}
	for _, format := range []string{api.ExportXLSX, api.ExportCSV} {
		b.Run(format, func(b *testing.B) {
			for range b.N {
				out, err := svc.Export(context.Background(), admin, "", api.ExportRequest{Catalog: "outlets", Columns: cols,
					Filter: filter, Sort: []api.SortKey{{Field: "name", Desc: true}}, Format: format, Lang: "ru"})
				if err != nil {
					b.Fatal(err)
				}
				if out.Rows != api.MaxExport {
					b.Fatalf("exported %d rows, want %d", out.Rows, api.MaxExport)
				}
			}
		})
	}
}

// status makes every 21st outlet closed: 500 of the 10,500 generated.
func status(i int) string {
	if i%21 == 20 {
		return "closed"
	}
	return "active"
}
