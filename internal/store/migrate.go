package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema change, NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: expected NNNN_name.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := range out {
		if out[i].version != i+1 {
			return nil, fmt.Errorf("migrations are not numbered 1, 2, 3, …: %d is %s", i+1, out[i].name)
		}
	}
	return out, nil
}

// LatestVersion is the schema version this binary knows.
func LatestVersion() int {
	ms, err := migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// SchemaVersion reads the version of the database's schema; 0 for an empty database.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	if _, err := db.write.ExecContext(ctx, createMigrationsTable); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	var v int
	if err := db.write.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	version INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	applied_at TEXT NOT NULL
)`

// ErrSchemaNewer is returned when the database was migrated by a newer anslag.
var ErrSchemaNewer = grant.Errorf(grant.ECONFLICT, "", "the database schema is newer than this anslag; upgrade anslag", "databasens schema är nyare än detta anslag; uppgradera anslag")

// CheckSchema refuses a database whose schema is newer than the binary, and
// reports whether migrations are pending.
func (db *DB) CheckSchema(ctx context.Context) (pending bool, err error) {
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return false, err
	}
	latest := LatestVersion()
	if v > latest {
		return false, fmt.Errorf("database at version %d, anslag knows %d: %w", v, latest, ErrSchemaNewer)
	}
	return v < latest, nil
}

// Migrate applies every pending migration, each in its own transaction with
// its version row, so that a failed migration leaves the schema as it was.
// On PostgreSQL an advisory lock keeps two instances from migrating at once.
func (db *DB) Migrate(ctx context.Context) (applied []string, err error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	if _, err := db.CheckSchema(ctx); err != nil {
		return nil, err
	}
	for _, m := range ms {
		done, err := db.applyOne(ctx, m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, fmt.Sprintf("%04d_%s", m.version, m.name))
		}
	}
	return applied, nil
}

func (db *DB) applyOne(ctx context.Context, m migration) (bool, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migration %04d: %w", m.version, err)
	}
	defer tx.Rollback()
	if db.d.name == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7413001)`); err != nil {
			return false, fmt.Errorf("migration lock: %w", err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
		return false, fmt.Errorf("migration %04d: %w", m.version, err)
	}
	if n > 0 {
		return false, nil
	}
	for i, stmt := range splitStatements(db.d.ddl.Replace(forEngine(m.sql, db.d.name))) {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return false, fmt.Errorf("migration %04d_%s, statement %d: %w", m.version, m.name, i+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.version, m.name, grant.Timestamp(time.Now())); err != nil {
		return false, fmt.Errorf("migration %04d: %w", m.version, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %04d: %w", m.version, err)
	}
	return true, nil
}

// forEngine keeps the parts of a migration for one engine. Portable SQL
// needs no marks; where the engines differ (triggers), a line
// "-- engine: sqlite" or "-- engine: postgres" starts a part for that
// engine only, and "-- engine: all" ends it.
func forEngine(sql, engine string) string {
	var b strings.Builder
	keep := true
	for line := range strings.SplitSeq(sql, "\n") {
		if e, ok := strings.CutPrefix(strings.TrimSpace(line), "-- engine:"); ok {
			e = strings.TrimSpace(e)
			keep = e == "all" || e == engine
			continue
		}
		if keep {
			b.WriteString(line)
			b.WriteString("\n")
		}
	}
	return b.String()
}

// splitStatements splits a migration at lines that end with ";". Trigger
// bodies, which contain ";" inside, are written with "END;" alone on the
// closing line and their inner statements indented, so this split suffices;
// "-- " comment lines are dropped.
func splitStatements(sql string) []string {
	var out []string
	var cur strings.Builder
	depth := 0
	for line := range strings.SplitSeq(sql, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		upper := strings.ToUpper(t)
		if strings.HasSuffix(upper, " BEGIN") || upper == "BEGIN" || strings.HasSuffix(upper, "AS $$") {
			depth++
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		end := strings.HasSuffix(t, ";")
		if depth > 0 && (upper == "END;" || strings.HasPrefix(upper, "$$")) {
			depth--
		}
		if end && depth == 0 {
			out = append(out, strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}
