package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/anslag/anslag/internal/app"
)

// Read runs fn on one consistent snapshot of the database, read-only.
//
// On PostgreSQL fn first runs with its first statement outside any
// transaction: one statement sees one snapshot by itself, most reads are
// one statement (a page of a list), and BEGIN and COMMIT around it are two
// more round trips that double PostgreSQL's work per read (pgbench: 0.19
// against 0.10 ms; docs/benchmarks.md, session 8). If fn asks for a second
// statement, that run is abandoned and fn runs again from the start in a
// REPEATABLE READ transaction; a closure that once needed one starts in one
// from then on. So fn may run twice, and must not carry state from one run
// to the next (app.Store). Config.RerunReads makes the tests check that on
// both engines: every read first runs up to its second statement, as the
// first run on PostgreSQL does, and that run is thrown away.
func (db *DB) Read(ctx context.Context, fn func(app.Tx) error) error {
	if db.rerunReads {
		db.withReadConn(ctx, func(conn *sql.Conn) error { // thrown away: see Config.RerunReads
			_, _ = runFirstStatement(conn, db.d, fn)
			return nil
		})
	}
	if db.d.name != "postgres" {
		return db.inTx(ctx, db.read, db.readGate, &sql.TxOptions{ReadOnly: true}, func(tx *Tx) error {
			tx.stmts = db.stmts
			return fn(tx)
		})
	}
	return db.withReadConn(ctx, func(conn *sql.Conn) error {
		code := reflect.ValueOf(fn).Pointer() // the closure's code: the same for every call from one place
		if _, ok := db.needsTx.Load(code); !ok {
			more, err := runFirstStatement(conn, db.d, fn)
			if !more {
				return mapError(err)
			}
			db.needsTx.Store(code, true)
		}
		return db.inTx(ctx, conn, nil, &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead}, func(tx *Tx) error {
			return fn(tx)
		})
	})
}

// withReadConn runs fn on a connection of the read pool, in turn.
func (db *DB) withReadConn(ctx context.Context, fn func(*sql.Conn) error) error {
	if err := db.readGate.enter(ctx); err != nil {
		return err
	}
	defer db.readGate.leave()
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("read connection: %w", mapError(err))
	}
	defer conn.Close()
	return fn(conn)
}

// runFirstStatement runs fn with its first statement on conn, outside a
// transaction, and tells whether fn asked for another, which it refused.
func runFirstStatement(conn *sql.Conn, d dialect, fn func(app.Tx) error) (more bool, err error) {
	first := &firstOnly{conn: conn}
	err = fn(&Tx{tx: first, d: d})
	return first.more, err
}

// firstOnly runs a read's first statement on its connection, outside a
// transaction, and refuses every later one, noting that the read needs a
// transaction. Exec and Prepare are for transactions only.
type firstOnly struct {
	conn *sql.Conn
	ran  bool // the first statement has run
	more bool // a later one was asked for
}

// needsTx is the error of a statement firstOnly refuses.
type needsTx struct{}

func (needsTx) Error() string { return "store: this read needs a transaction; it runs again in one" }

func (f *firstOnly) turn() error {
	if f.ran {
		f.more = true
		return needsTx{}
	}
	f.ran = true
	return nil
}

func (f *firstOnly) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if err := f.turn(); err != nil {
		return nil, err
	}
	return f.conn.QueryContext(ctx, q, args...)
}

func (f *firstOnly) QueryRowContext(ctx context.Context, q string, args ...any) rowScanner {
	if err := f.turn(); err != nil {
		return errRow{err}
	}
	return f.conn.QueryRowContext(ctx, q, args...)
}

func (f *firstOnly) ExecContext(context.Context, string, ...any) (sql.Result, error) {
	f.more = true
	return nil, needsTx{}
}

func (f *firstOnly) PrepareContext(context.Context, string) (*sql.Stmt, error) {
	f.more = true
	return nil, needsTx{}
}

// errRow is a row whose statement was refused.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// openPostgres opens the write pool and the read pool, whose sessions are
// read-only: a read's statement outside a transaction can no more write
// than one inside a read-only transaction.
func openPostgres(url string, conns int) (write, read *sql.DB, err error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, nil, fmt.Errorf("open postgres: %w", err)
	}
	rcfg := cfg.Copy()
	rcfg.RuntimeParams["default_transaction_read_only"] = "on"
	write, read = stdlib.OpenDB(*cfg), stdlib.OpenDB(*rcfg)
	for _, p := range []*sql.DB{write, read} {
		p.SetMaxOpenConns(conns)
		p.SetMaxIdleConns(conns)
	}
	return write, read, nil
}
