package query

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// The benchmarks run the queries of BENCHMARKS.md on the 1M-row outlets
// fixture and report each query's median and p95 over at least 200 runs:
//
//	go test -run '^$' -bench Outlets1M ./server/query

const benchRows = 1_000_000

var shared1M struct {
	once sync.Once
	t    *Table
}

func outlets1M(b *testing.B) *Table {
	shared1M.once.Do(func() { shared1M.t = loadOutlets(benchRows, 1) })
	return shared1M.t
}

func heapAlloc() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// reportPercentiles reports the median and p95 of durs in milliseconds.
func reportPercentiles(b *testing.B, durs []time.Duration) {
	slices.Sort(durs)
	pick := func(p float64) float64 {
		return float64(durs[int(p*float64(len(durs)-1)+0.5)]) / 1e6
	}
	b.ReportMetric(pick(0.5), "median-ms")
	b.ReportMetric(pick(0.95), "p95-ms")
	b.ReportMetric(float64(len(durs)), "runs")
}

// timeRuns runs fn once per b.Loop iteration and at least minRuns times in
// all, and reports the percentiles.
func timeRuns(b *testing.B, minRuns int, fn func()) {
	var durs []time.Duration
	for b.Loop() {
		s := time.Now()
		fn()
		durs = append(durs, time.Since(s))
	}
	for len(durs) < minRuns {
		s := time.Now()
		fn()
		durs = append(durs, time.Since(s))
	}
	reportPercentiles(b, durs)
}

func BenchmarkOutlets1M(b *testing.B) {
	b.Run("build", func(b *testing.B) {
		var heap float64
		for b.Loop() {
			before := heapAlloc()
			t := loadOutlets(benchRows, 1)
			b.StopTimer()
			heap = float64(heapAlloc()-before) / (1 << 20)
			runtime.KeepAlive(t)
			b.StartTimer()
		}
		b.ReportMetric(heap, "heap-MB")
	})

	t := outlets1M(b)
	region := outletRegions[3]
	// An enum sorted by its labels: some order other than the values' own.
	byLabel := slices.Clone(outletRegions)
	slices.Reverse(byLabel)
	queries := []struct {
		name string
		q    Query
	}{
		{"a-all-by-name", Query{Sort: []SortKey{{Column: "name"}}, Limit: 100}},
		{"b-rdc-region-by-modified-desc", Query{
			Where: And{Where("subtype", Eq, StringValue("rdc")), Where("region", Eq, StringValue(region))},
			Sort:  []SortKey{{Column: "modified_at", Desc: true}}, Limit: 100}},
		{"c-name-contains-by-name", Query{
			Where: Where("name", Contains, StringValue("КОФЕ")),
			Sort:  []SortKey{{Column: "name"}}, Limit: 100}},
		{"deep-offset-500k-by-name", Query{Sort: []SortKey{{Column: "name"}}, Offset: 500_000, Limit: 100}},
		{"deep-offset-500k-active-by-name", Query{
			Where: Where("status", Eq, StringValue("active")),
			Sort:  []SortKey{{Column: "name"}}, Offset: 500_000, Limit: 100}},
		{"scope-3-regions-by-name", Query{
			Where: Where("region", AnyOf, StringValue(outletRegions[0]), StringValue(outletRegions[5]), StringValue(outletRegions[9])),
			Sort:  []SortKey{{Column: "name"}}, Limit: 100}},
		{"scope-and-contains-address", Query{
			Where: And{Where("region", AnyOf, StringValue(outletRegions[0]), StringValue(outletRegions[5])),
				Or{Where("address", Contains, StringValue("ленина")), Where("name", StartsWith, StringValue("кафе"))}},
			Sort: []SortKey{{Column: "city"}, {Column: "modified_at", Desc: true}}, Limit: 100}},
		{"sort-region-then-name", Query{Sort: []SortKey{{Column: "region"}, {Column: "name"}}, Limit: 100}},
		{"sort-region", Query{Sort: []SortKey{{Column: "region"}}, Offset: 500_000, Limit: 100}},
		{"sort-region-label", Query{Sort: []SortKey{{Column: "region", Order: byLabel}}, Offset: 500_000, Limit: 100}},
		{"sort-region-label-desc-active", Query{
			Where: Where("status", Eq, StringValue("active")),
			Sort:  []SortKey{{Column: "region", Desc: true, Order: byLabel}}, Offset: 500_000, Limit: 100}},
		{"sort-region-label-then-name", Query{Sort: []SortKey{{Column: "region", Order: byLabel}, {Column: "name"}}, Limit: 100}},
		{"lat-between-by-lon", Query{
			Where: Where("lat", Between, FloatValue(50), FloatValue(51)),
			Sort:  []SortKey{{Column: "lon"}}, Offset: 1000, Limit: 100}},
		{"count-only-modified-range", Query{
			Where: Where("modified_at", Ge, IntValue(1_750_000_000_000))}},
	}
	for _, tc := range queries {
		b.Run(tc.name, func(b *testing.B) {
			res, err := t.Query(tc.q)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Total), "total")
			timeRuns(b, 200, func() {
				if _, err := t.Query(tc.q); err != nil {
					b.Fatal(err)
				}
			})
		})
	}

	b.Run("aggregate-sum-load-seq-rdc", func(b *testing.B) {
		where := Where("subtype", Eq, StringValue("rdc"))
		timeRuns(b, 200, func() {
			if _, err := t.Aggregate(where, "load_seq", Sum); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("distinct-city-prefix", func(b *testing.B) {
		timeRuns(b, 200, func() {
			if _, err := t.Distinct(nil, "city", "город к", 50); err != nil {
				b.Fatal(err)
			}
		})
	})

	// Writes. Each run restores what it changed, so the table stays the
	// fixture for the other sub-benchmarks.
	ids := make([]string, 0, 1000)
	rows := make([][]Value, 0, 1000)
	for id, row := range generateOutlets(1000, 1) {
		ids = append(ids, id)
		rows = append(rows, slices.Clone(row))
	}
	b.Run("upsert-update-name-and-modified", func(b *testing.B) {
		i := 0
		timeRuns(b, 200, func() {
			k := i % len(ids)
			row := slices.Clone(rows[k])
			row[1] = StringValue("Яблочко " + ids[k])
			row[11] = IntValue(row[11].Int() + 1)
			if err := t.Upsert(ids[k], row); err != nil {
				b.Fatal(err)
			}
			if err := t.Upsert(ids[k], rows[k]); err != nil {
				b.Fatal(err)
			}
			i++
		})
		b.Log("each run is two updates (change, restore)")
	})
	b.Run("upsert-insert-then-delete", func(b *testing.B) {
		i := 0
		timeRuns(b, 200, func() {
			k := i % len(ids)
			id := "new-" + ids[k]
			if err := t.Upsert(id, rows[k]); err != nil {
				b.Fatal(err)
			}
			t.Delete(id)
			i++
		})
		b.Log("each run is an insert and a delete")
	})
	// The "mark dirty, rebuild lazily" alternative to incremental
	// permutation updates would cost this on the first query after a write.
	for _, name := range []string{"name", "modified_at", "region"} {
		b.Run("rebuild-permutation-"+name, func(b *testing.B) {
			c := t.byName[name]
			timeRuns(b, 3, func() {
				c.perm.built = false
				t.sorted(c)
			})
		})
	}
}
