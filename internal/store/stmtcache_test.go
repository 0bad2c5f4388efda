package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

func TestStmtCache(t *testing.T) {
	ctx := context.Background()
	pool, err := sql.Open("sqlite", sqliteDSN(filepath.Join(t.TempDir(), "c.db"), false))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	c := newStmtCache(pool, 2)
	defer c.close()

	const one, two = `SELECT 1`, `SELECT 2`
	s := c.get(ctx, one)
	if s == nil {
		t.Fatal("a first statement was not prepared")
	}
	if again := c.get(ctx, one); again != s {
		t.Error("the same text was prepared twice")
	}
	if c.get(ctx, `SELEKT nothing`) != nil {
		t.Error("a text that does not prepare was cached; the caller should run it and report its error")
	}
	if c.get(ctx, two) == nil {
		t.Fatal("a second statement was not prepared")
	}
	if c.get(ctx, `SELECT 3`) != nil {
		t.Errorf("a third statement was kept beyond the bound of 2 (%d kept)", len(c.m))
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
