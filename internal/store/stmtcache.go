package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements of the SQLite read pool by their
// text. modernc.org/sqlite parses a query's text on every call unless it
// is prepared, and parsing was a tenth of the server's time on a ledger
// page; a prepared statement keeps one compiled program per connection
// that has run it. PostgreSQL needs none: pgx keeps its own per
// connection.
type stmtCache struct {
	pool *sql.DB
	max  int // statements kept at most; texts beyond are run unprepared

	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func newStmtCache(pool *sql.DB, max int) *stmtCache {
	return &stmtCache{pool: pool, max: max, m: map[string]*sql.Stmt{}}
}

// get returns the statement for q, preparing it on first use, or nil when
// the cache is full or q does not prepare (the caller then runs q as text,
// which reports the error).
func (c *stmtCache) get(ctx context.Context, q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[q]; ok {
		return s
	}
	if len(c.m) >= c.max {
		return nil
	}
	s, err := c.pool.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	c.m[q] = s
	return s
}

// close closes every statement; the pool closes after it.
func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		s.Close()
		delete(c.m, q)
	}
}
