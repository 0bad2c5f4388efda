// Package store keeps anslag's records in SQLite (modernc.org/sqlite, the
// embedded default) or PostgreSQL (pgx). All SQL lives here, one text for
// both engines; the differences are confined to dialect.go.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/anslag/anslag/internal/app"
)

// Config says where the database is.
type Config struct {
	// URL is a PostgreSQL URL (postgres://…) or the path of a SQLite file.
	URL string
	// MaxConns bounds the connections for reads, and on PostgreSQL also
	// those for writes; 0 chooses a default from the number of CPUs.
	MaxConns int
	// RerunReads runs the closure of every Read first up to its second
	// statement and throws that run away, for tests: on PostgreSQL a read's
	// closure runs again when it turns out to need a transaction (read.go),
	// so a closure that carries state from one run to the next is a bug
	// the tests must see, on either engine.
	RerunReads bool
}

// DB is an open database with two pools. With SQLite: one connection for
// writes, so that writers queue in Go instead of failing busy, and a read
// pool that WAL lets run beside the writer. With PostgreSQL: one for
// writes and one for reads whose sessions are read-only, so that a read
// may run its statement outside a transaction (read.go) and still cannot
// write.
type DB struct {
	write, read         *sql.DB
	writeGate, readGate gate
	d                   dialect
	writes              atomic.Uint64 // write transactions ended; see Generation
	stmts               *stmtCache    // the SQLite read pool's prepared statements; nil on PostgreSQL
	rerunReads          bool          // Config.RerunReads
	needsTx             sync.Map      // PostgreSQL: Read closures (their code) that ran more than one statement
}

// Generation counts the write transactions this process has ended, so that
// caches of reads can tell that something may have changed. It moves after
// the commit (or the failed attempt) and before Write returns: a request
// that follows a write sees a new generation.
func (db *DB) Generation() uint64 { return db.writes.Load() }

// ReadConns is the number of reads the database runs at once.
func (db *DB) ReadConns() int { return cap(db.readGate) }

// gate queues transactions for a pool's connections first come, first
// served. database/sql hands a freed connection to a random waiter, so
// under load some requests wait many times the mean; a buffered channel's
// blocked senders are served in order, and the gate never lets more
// transactions through than the pool has connections.
type gate chan struct{}

// enter waits for a turn or for ctx to end.
func (g gate) enter(ctx context.Context) error {
	select {
	case g <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting for a database connection: %w", ctx.Err())
	}
}

func (g gate) leave() { <-g }

// IsPostgres tells whether a URL names a PostgreSQL database.
func IsPostgres(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// Open connects and checks the connection; it does not migrate.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	conns := cfg.MaxConns
	if conns <= 0 {
		conns = max(4, 2*runtime.NumCPU())
	}
	var db DB
	if IsPostgres(cfg.URL) {
		w, r, err := openPostgres(cfg.URL, conns)
		if err != nil {
			return nil, err
		}
		db = DB{write: w, read: r, writeGate: make(gate, conns), readGate: make(gate, conns), d: postgresDialect()}
	} else {
		w, err := sql.Open("sqlite", sqliteDSN(cfg.URL, false))
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", cfg.URL, err)
		}
		w.SetMaxOpenConns(1)
		r, err := sql.Open("sqlite", sqliteDSN(cfg.URL, true))
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", cfg.URL, err)
		}
		r.SetMaxOpenConns(conns)
		r.SetMaxIdleConns(conns)
		db = DB{write: w, read: r, writeGate: make(gate, 1), readGate: make(gate, conns), d: sqliteDialect(),
			stmts: newStmtCache(r, maxReadStmts)}
	}
	db.rerunReads = cfg.RerunReads
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return &db, nil
}

// sqliteDSN sets the pragmas every connection needs: WAL, a busy timeout,
// foreign keys, and IMMEDIATE write transactions so that a writer takes the
// lock at BEGIN instead of failing at its first write. Read connections are
// query-only, so a bug cannot write through them.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
		// A multi-row statement keeps a statement journal so that it can be
		// undone alone; on disk that is a write syscall per page it
		// touches, a third of a large import's time.
		q.Add("_pragma", "temp_store(MEMORY)")
	}
	return "file:" + path + "?" + q.Encode()
}

// Engine names the database engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.d.name }

// Ping checks that the database answers (for /readyz).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.write.PingContext(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	return nil
}

// maxReadStmts bounds the SQLite read statements kept prepared: the lists'
// texts vary with their filters, and each kept statement holds a compiled
// program on every read connection that ran it.
const maxReadStmts = 128

// Close closes the pools.
func (db *DB) Close() error {
	if db.stmts != nil {
		db.stmts.close()
	}
	err := db.write.Close()
	if rerr := db.read.Close(); err == nil {
		err = rerr
	}
	return err
}

// Write runs fn in one write transaction: everything fn does is committed
// together, or nothing is.
func (db *DB) Write(ctx context.Context, fn func(app.Tx) error) error {
	defer db.writes.Add(1)
	return db.inTx(ctx, db.write, db.writeGate, nil, func(tx *Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return tx.flushSums(ctx)
	})
}

// beginner begins transactions: a pool, or one of its connections.
type beginner interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

// inTx runs fn in a transaction of pool, after a turn at g (nil: the
// caller has one).
func (db *DB) inTx(ctx context.Context, pool beginner, g gate, opts *sql.TxOptions, fn func(*Tx) error) (err error) {
	if g != nil {
		if err := g.enter(ctx); err != nil {
			return err
		}
		defer g.leave()
	}
	sqlTx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	if err = fn(&Tx{tx: txQuerier{sqlTx}, sqlTx: sqlTx, d: db.d}); err != nil {
		return mapError(err)
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", mapError(err))
	}
	return nil
}

// Tx is one transaction; its methods, spread over this package's files,
// implement app.Tx.
type Tx struct {
	tx    querier // where the statements run: sqlTx, or a read's first statement alone (read.go)
	sqlTx *sql.Tx // the transaction, if one was begun
	d     dialect
	sums  pendingSums // AppendLedger's additions to ledger_sums, written at commit
	stmts *stmtCache  // prepared statements for reads, if the engine wants them
}

// querier runs statements: a transaction (txQuerier), or on PostgreSQL a
// read's connection until the read needs a transaction (firstOnly).
type querier interface {
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) rowScanner
	PrepareContext(ctx context.Context, q string) (*sql.Stmt, error)
}

// txQuerier is a transaction as a querier.
type txQuerier struct{ *sql.Tx }

func (t txQuerier) QueryRowContext(ctx context.Context, q string, args ...any) rowScanner {
	return t.Tx.QueryRowContext(ctx, q, args...)
}

// query runs a query of the transaction, through a prepared statement
// where the engine keeps them.
func (t *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if t.stmts != nil && t.sqlTx != nil {
		if s := t.stmts.get(q); s != nil {
			return t.sqlTx.StmtContext(ctx, s).QueryContext(ctx, args...)
		}
	}
	return t.tx.QueryContext(ctx, q, args...)
}

// Pools returns the connection pools, for their metrics.
func (db *DB) Pools() []*sql.DB { return []*sql.DB{db.write, db.read} }
