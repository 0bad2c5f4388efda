package loadbench_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/server"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// BenchmarkCPU serves the same requests as BenchmarkNational in-process
// and one at a time, so that ns/op is the server's CPU per request and a
// -cpuprofile shows where it goes. ANSLAG_BENCH_DB names a SQLite file or
// a PostgreSQL URL to keep the generated data in between runs (generated
// if empty).
//
//	ANSLAG_BENCH_DB=/tmp/national.db go test -run '^$' -bench CPU -cpuprofile cpu.out ./internal/loadbench/
func BenchmarkCPU(b *testing.B) {
	ctx := context.Background()
	var db *store.DB
	var ds dataset
	if url := os.Getenv("ANSLAG_BENCH_DB"); url != "" {
		db = openKept(b, ctx, url)
		if ds = loadDataset(b, ctx, url); len(ds.runs) == 0 {
			ds = generate(b, ctx, url, db)
		}
	} else {
		var url string
		url, db = storetest.SQLitePath(b)
		ds = generate(b, ctx, url, db)
	}
	reg, err := refdata.Load()
	if err != nil {
		b.Fatal(err)
	}
	svc := app.New(app.Config{Store: db, Register: reg})
	rt := server.NewAPI(svc, db, slog.New(slog.DiscardHandler))
	mux := http.NewServeMux()
	if err := server.MountAPI(mux, rt); err != nil {
		b.Fatal(err)
	}
	for _, ep := range endpoints(ds) {
		b.Run(ep.name, func(b *testing.B) {
			for i := range b.N {
				req := httptest.NewRequest(http.MethodGet, ep.path(i), nil)
				req = req.WithContext(app.WithActor(req.Context(), app.Operator("benchmark")))
				rec := httptest.NewRecorder()
				mux.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("%s: %d %s", ep.path(i), rec.Code, rec.Body)
				}
				io.Copy(io.Discard, rec.Body)
			}
		})
	}
}

// openKept opens and migrates a database kept between runs; it is closed
// when the benchmark ends.
func openKept(b *testing.B, ctx context.Context, url string) *store.DB {
	db, err := store.Open(ctx, store.Config{URL: url})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return db
}

// loadDataset reads back the years, pots and decided runs of a database
// generate filled earlier.
func loadDataset(b *testing.B, ctx context.Context, url string) dataset {
	driver := "sqlite"
	if store.IsPostgres(url) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, url)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var ds dataset
	q := func(query string, fn func(int64)) {
		rows, err := db.QueryContext(ctx, query)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v int64
			if err := rows.Scan(&v); err != nil {
				b.Fatal(err)
			}
			fn(v)
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
	}
	q(`SELECT year FROM agreements ORDER BY year`, func(v int64) { ds.years = append(ds.years, int(v)) })
	q(`SELECT id FROM pots ORDER BY id`, func(v int64) { ds.pots = append(ds.pots, v) })
	q(`SELECT id FROM allocation_runs WHERE status = 'decided' ORDER BY id`, func(v int64) { ds.runs = append(ds.runs, v) })
	return ds
}
