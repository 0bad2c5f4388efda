// Package storetest opens fresh, migrated databases on both engines for
// tests, so that every store and app test runs on SQLite and PostgreSQL.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/anslag/anslag/internal/store"
)

// DefaultPostgresURL is used when ANSLAG_TEST_POSTGRES_URL is not set: the
// local server these machines run, with trust authentication.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Engine is one database engine to run a test on.
type Engine struct {
	Name string
	// Open returns a fresh, empty, migrated database for one test; it is
	// closed and removed when the test ends.
	Open func(t testing.TB) *store.DB
}

// Engines returns SQLite and PostgreSQL. Without a reachable PostgreSQL the
// PostgreSQL engine skips its tests with a loud message — except under CI
// (CI=true), where a missing engine fails the test.
func Engines() []Engine {
	return []Engine{{Name: "sqlite", Open: OpenSQLite}, {Name: "postgres", Open: OpenPostgres}}
}

// Each runs fn as a subtest on every engine.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	for _, e := range Engines() {
		t.Run(e.Name, func(t *testing.T) { fn(t, e.Open(t)) })
	}
}

// OpenSQLite makes a migrated SQLite file in the test's temporary folder.
func OpenSQLite(t testing.TB) *store.DB {
	t.Helper()
	_, db := SQLitePath(t)
	return db
}

// SQLitePath is OpenSQLite that also returns the file's path, for tests
// that open the database a second time (another process, a bulk loader).
func SQLitePath(t testing.TB) (string, *store.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "anslag.db")
	return path, openMigrated(t, store.Config{URL: path})
}

// OpenPostgres makes a migrated database in a schema of its own, dropped
// when the test ends.
func OpenPostgres(t testing.TB) *store.DB {
	t.Helper()
	_, db := PostgresURL(t)
	return db
}

// PostgresURL is OpenPostgres that also returns the database's URL, whose
// search_path names the test's schema, for tests that connect a second
// time (another process, a bulk loader).
func PostgresURL(t testing.TB) (string, *store.DB) {
	t.Helper()
	base := os.Getenv("ANSLAG_TEST_POSTGRES_URL")
	if base == "" {
		base = DefaultPostgresURL
	}
	admin, err := sql.Open("pgx", base)
	if err == nil {
		err = admin.PingContext(context.Background())
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL is required under CI but unreachable at %s: %v", redact(base), err)
		}
		t.Skipf("\n*** SKIPPING PostgreSQL test: no server at %s (%v).\n*** Set ANSLAG_TEST_POSTGRES_URL or start PostgreSQL; CI runs these tests. ***", redact(base), err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "anslag_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), openMigrated(t, store.Config{URL: u.String(), MaxConns: 8})
}

// openMigrated opens and migrates cfg's database. For tests, not
// benchmarks, every read runs twice (store.Config.RerunReads), so that a
// read closure carrying state from one run to the next fails its test.
func openMigrated(t testing.TB, cfg store.Config) *store.DB {
	t.Helper()
	if _, bench := t.(*testing.B); !bench {
		cfg.RerunReads = true
	}
	db, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open %s: %v", redact(cfg.URL), err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

func redact(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	return u.Redacted()
}
