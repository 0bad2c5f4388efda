package loadbench_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
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
// reports the latencies' percentiles, the throughput and the server's
// memory.
func load(b *testing.B, srv *serverProc, ep endpoint) {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	// One request per client first: the connections are open and the
	// server's pools warm before the clock starts.
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() { get(b, client, srv, ep.path(c)) })
	}
	wg.Wait()
	if b.Failed() {
		return
	}

	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	b.ResetTimer()
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= b.N || b.Failed() {
					return
				}
				t0 := time.Now()
				get(b, client, srv, ep.path(i))
				lat[i] = time.Since(t0)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()

	slices.Sort(lat)
	pct := func(p float64) float64 {
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	_, peak, err := srv.memory()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(peak, "rss-MB")
}

// get sends one request as the auditor and reads the whole answer;
// anything but 200 OK fails the benchmark. It asks for gzip itself, so the
// transport hands over the compressed bytes as they came: a real client
// decompresses on its own processor, not on the server's two cores.
// ANSLAG_BENCH_DECOMPRESS=1 lets the transport decompress, as before
// session 6, to measure client and server together.
func get(b *testing.B, client *http.Client, srv *serverProc, path string) {
	url := srv.base + path
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		b.Error(err)
		return
	}
	req.Header.Set("Authorization", "Bearer "+srv.token)
	if !srv.decompress {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := client.Do(req)
	if err != nil {
		b.Error(err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		b.Errorf("GET %s: %s\n%.500s", url, resp.Status, body)
		return
	}
	// The whole answer is read, into no buffer: the client keeps nothing
	// and collects no garbage on the server's cores.
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		b.Error(err)
	}
}
