package loadbench_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// clients is the number of concurrent clients of the load.
const clients = 64

// endpoint is one list or summary request; path varies with the request's
// number so that the load spreads over years, pots and runs.
type endpoint struct {
	name string
	path func(i int) string
}

func endpoints(ds dataset) []endpoint {
	year := func(i int) int { return ds.years[i%len(ds.years)] }
	return []endpoint{
		{"balances", func(i int) string { return fmt.Sprintf("/api/v1/balances?year=%d", year(i)) }},
		{"requisitions", func(i int) string { return fmt.Sprintf("/api/v1/requisitions?year=%d&limit=50", year(i)) }},
		{"ledger", func(i int) string { return fmt.Sprintf("/api/v1/ledger?pot_id=%d&limit=50", ds.pots[i%len(ds.pots)]) }},
		{"payments", func(int) string { return "/api/v1/payments?org=0780&limit=50" }},
		{"run", func(i int) string { return fmt.Sprintf("/api/v1/runs/%d", ds.runs[i%len(ds.runs)]) }},
		{"agreements", func(int) string { return "/api/v1/agreements" }},
		{"pots", func(i int) string { return fmt.Sprintf("/api/v1/pots?year=%d", year(i)) }},
	}
}

// BenchmarkNational measures the list and summary endpoints at national
// size on both engines: the anslag binary serves a generated database in a
// process of its own over loopback TCP, and 64 concurrent clients send b.N
// requests per endpoint. It reports the latency percentiles and the
// server's peak resident memory; the targets are p99 < 50 ms and < 100 MB.
//
//	go test -run '^$' -bench National -benchtime 640x -timeout 30m ./internal/loadbench/
func BenchmarkNational(b *testing.B) {
	bin := buildAnslag(b)
	for _, e := range []struct {
		name string
		open func(testing.TB) (string, *store.DB)
	}{{"sqlite", storetest.SQLitePath}, {"postgres", storetest.PostgresURL}} {
		b.Run("engine="+e.name, func(b *testing.B) {
			url, ds := nationalData(b, e.name, e.open)
			srv := startServer(b, bin, url)
			rss, _, err := srv.memory()
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("anslag serve started: %.1f MB resident", rss)
			for _, ep := range endpoints(ds) {
				b.Run(ep.name, func(b *testing.B) { load(b, srv, ep) })
			}
		})
	}
}

// nationalData generates the national data in a fresh database, or uses
// the one ANSLAG_BENCH_DB names (kept between runs, generated if empty)
// when it is of this engine; the other engine is skipped then.
func nationalData(b *testing.B, engine string, open func(testing.TB) (string, *store.DB)) (string, dataset) {
	ctx := context.Background()
	url := os.Getenv("ANSLAG_BENCH_DB")
	if url == "" {
		url, db := open(b)
		return url, generate(b, ctx, url, db)
	}
	if store.IsPostgres(url) != (engine == "postgres") {
		b.Skipf("ANSLAG_BENCH_DB is not a %s database", engine)
	}
	db := openKept(b, ctx, url)
	if ds := loadDataset(b, ctx, url); len(ds.runs) > 0 {
		return url, ds
	}
	return url, generate(b, ctx, url, db)
}

// load sends b.N requests from 64 clients over kept-alive connections and
// reports the latencies' percentiles, the throughput, the processor time
// the clients, the server and PostgreSQL spent per request, and the
// server's memory.
func load(b *testing.B, srv *serverProc, ep endpoint) {
	getters := srv.clients(clients)
	defer func() {
		for _, g := range getters {
			g.close()
		}
	}()
	// One request per client first: the connections are open and the
	// server's pools warm before the clock starts.
	var wg sync.WaitGroup
	for c, g := range getters {
		wg.Go(func() { get(b, g, ep.path(c)) })
	}
	wg.Wait()
	if b.Failed() {
		return
	}

	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	cpu0, err := srv.cpu()
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	for _, g := range getters {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N || b.Failed() {
					return
				}
				t0 := time.Now()
				get(b, g, ep.path(i))
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	cpu1, err := srv.cpu()
	if err != nil {
		b.Fatal(err)
	}

	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	perReq := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(b.N) }
	b.ReportMetric(perReq(cpu1.client-cpu0.client), "client-µs/req")
	b.ReportMetric(perReq(cpu1.server-cpu0.server), "server-µs/req")
	if cpu1.db > 0 {
		b.ReportMetric(perReq(cpu1.db-cpu0.db), "postgres-µs/req")
	}
	_, peak, err := srv.memory()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(peak, "rss-MB")
}

// get sends one request as the auditor and reads the whole answer;
// anything but 200 OK fails the benchmark.
func get(b *testing.B, g getter, path string) {
	status, body, err := g.get(path)
	switch {
	case err != nil:
		b.Errorf("GET %s: %v", path, err)
	case status != 200:
		b.Errorf("GET %s: %d\n%.500s", path, status, body)
	}
}
