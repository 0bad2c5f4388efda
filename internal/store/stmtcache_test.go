package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

func TestStmtCache(t *testing.T) {
	ctx := context.Background()
	pool, err := sql.Open("sqlite", sqliteDSN(filepath.Join(t.TempDir(), "c.db"), false))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	c := newStmtCache(pool, 3)
	defer c.close()

	const one, two = `SELECT 1`, `SELECT 2`
	if c.get(one) != nil {
		t.Fatal("a first use got a statement; it runs as text while the statement is prepared")
	}
	c.pending.Wait()
	s := c.get(one)
	if s == nil {
		t.Fatal("the statement was not prepared after its first use")
	}
	if again := c.get(one); again != s {
		t.Error("the same text was prepared twice")
	}
	c.get(`SELEKT nothing`)
	c.get(two)
	c.get(`SELECT 3`)
	c.pending.Wait()
	if c.get(`SELEKT nothing`) != nil {
		t.Error("a text that does not prepare has a statement; the caller should run it and report its error")
	}
	if c.get(two) == nil {
		t.Error("a second statement was not prepared")
	}
	if c.get(`SELECT 3`) != nil || len(c.m) != 3 {
		t.Errorf("%d texts kept; the bound is 3", len(c.m))
	}
	var n int
	if err := s.QueryRowContext(ctx).Scan(&n); err != nil || n != 1 {
		t.Errorf("cached statement answered %d, %v", n, err)
	}
	c.close()
	if len(c.m) != 0 {
		t.Errorf("%d statements left after close", len(c.m))
	}
	if err := s.QueryRowContext(ctx).Scan(&n); err == nil {
		t.Error("a statement still answers after the cache closed it")
	}
}

// A transaction that holds the pool's only connection still runs its
// queries: the statement is prepared after the connection is free, not
// while the transaction waits for a second one.
func TestStmtCacheOneConnection(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	db, err := Open(ctx, Config{URL: filepath.Join(t.TempDir(), "one.db"), MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 3 {
		err := db.inTx(ctx, db.read, db.readGate, nil, func(tx *Tx) error {
			tx.stmts = db.stmts
			rows, err := tx.query(ctx, `SELECT 1 WHERE 1 = $1`, 1)
			if err != nil {
				return err
			}
			return rows.Close()
		})
		if err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
	}
	db.stmts.pending.Wait()
	if db.stmts.get(`SELECT 1 WHERE 1 = $1`) == nil {
		t.Error("the statement was not prepared once the connection was free")
	}
}
