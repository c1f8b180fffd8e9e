package server

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"webtool/server/api"
	"webtool/server/catalog"
	"webtool/server/demo"
	"webtool/server/store"
)

// benchOutlets is the size of the catalog the benchmark queries, as in
// ../shared/BENCHMARKS.md.
const benchOutlets = 1_000_000

// benchStore returns a store file holding benchOutlets generated outlets.
// Building it takes a while, so it is kept in the temp folder between runs
// (the name carries the schema version and the size).
func benchStore(b *testing.B) string {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("webtool-bench-s%d-c1-%d.db", store.SchemaVersion(), benchOutlets))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	tmp := path + ".part"
	os.Remove(tmp)
	db, err := store.Open(tmp, store.Options{NoSync: true})
	if err != nil {
		b.Fatal(err)
	}
	svc, err := catalog.Open(db, catalog.Definitions(), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	err = demo.OutletBatches(benchOutlets, 50_000, 1, time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC), func(rows []map[string]any) error {
		_, err := svc.Load("outlets", rows, "bench")
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	db.Close()
	b.Logf("built the %d-outlet fixture in %v", benchOutlets, time.Since(start).Round(time.Second))
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkOutlets1M measures, through the real websocket API, the three
// queries of BENCHMARKS.md on a million outlets, plus the start-up time and
// the heap the catalog image takes.
func BenchmarkOutlets1M(b *testing.B) {
	fixture := benchStore(b)
	path := filepath.Join(b.TempDir(), "w.db")
	copyFile(b, fixture, path)

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	s, err := New(Config{Addr: "127.0.0.1:0", DB: path, LockoutAttempts: 3, LockoutWindow: time.Minute,
		SessionIdle: time.Hour, SessionMax: 2 * time.Hour, AdminPassword: adminPassword, PinLength: 6, PinGuessesPerMinute: 30, LoginRate: 30,
		// One client asks as fast as it can: measure the queries, not the throttle.
		SocketRate: 100_000}, testFiles(b), io.Discard, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	startup := time.Since(start)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	ts := &testServer{Server: s}
	ts.http = newHTTPTest(s)
	b.Cleanup(func() { ts.http.Close(); s.db.Close() })

	c, _, _ := ts.login(b, adminPassword)
	ws := ts.mustDial(b, c)

	queries := []struct {
		name string
		req  api.QueryRequest
	}{
		{"a_all_by_name", api.QueryRequest{Catalog: "outlets", Sort: []api.SortKey{{Field: "name"}}, Limit: 100}},
		{"b_rdc_kyiv_by_modified", api.QueryRequest{Catalog: "outlets", Limit: 100,
			Filter: api.Filter{All: []api.Condition{{Field: "subtype", Op: api.OpIn, Values: []any{"rdc"}}, {Field: "region", Op: api.OpIn, Values: []any{"kyiv"}}}},
			Sort:   []api.SortKey{{Field: "modified_at", Desc: true}}}},
		{"c_name_contains_kofe", api.QueryRequest{Catalog: "outlets", Limit: 100,
			Filter: api.Filter{All: []api.Condition{{Field: "name", Op: api.OpContains, Values: []any{"кофе"}}}},
			Sort:   []api.SortKey{{Field: "name"}}}},
		{"d_deep_window", api.QueryRequest{Catalog: "outlets", Sort: []api.SortKey{{Field: "name"}}, Offset: 500_000, Limit: 100}},
	}
	id := uint64(0)
	ask := func(req api.QueryRequest) api.QueryReply {
		id++
		data, _ := json.Marshal(req)
		msg, _ := json.Marshal(api.Envelope{ID: id, Type: api.TypeQuery, Data: data})
		if err := ws.WriteMessage(websocket.TextMessage, msg); err != nil {
			b.Fatal(err)
		}
		var env api.Envelope
		if err := ws.ReadJSON(&env); err != nil {
			b.Fatal(err)
		}
		var out api.QueryReply
		if env.Type != api.TypeQuery || json.Unmarshal(env.Data, &out) != nil || len(out.Rows) != 100 {
			b.Fatalf("reply %s: %.200s", env.Type, env.Data)
		}
		return out
	}
	b.ResetTimer()
	for _, q := range queries {
		ask(q.req) // warm up, as the peers were
		ask(q.req)
		runs := max(200, b.N)
		took := make([]time.Duration, runs)
		var total int
		for i := range took {
			t0 := time.Now()
			total = ask(q.req).Total
			took[i] = time.Since(t0)
		}
		sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		b.ReportMetric(ms(took[len(took)/2]), q.name+"-p50-ms")
		b.ReportMetric(ms(took[len(took)*95/100]), q.name+"-p95-ms")
		b.Logf("%-24s total %7d  p50 %6.2f ms  p95 %6.2f ms", q.name, total, ms(took[len(took)/2]), ms(took[len(took)*95/100]))
	}
	b.ReportMetric(startup.Seconds(), "startup-s")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	b.Logf("start-up (open store, load and index %d outlets): %v; heap for the catalog image %.0f MB",
		benchOutlets, startup.Round(time.Millisecond), float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))
}

func copyFile(b *testing.B, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
}
