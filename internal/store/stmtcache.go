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
//
// A statement is prepared in the background after its first use, which
// runs as text: preparing on the pool takes a connection of its own, and
// a transaction that waited for one while holding its own could wait for
// ever once every connection is held that way.
type stmtCache struct {
	pool *sql.DB
	max  int // texts kept at most; texts beyond are run unprepared

	mu      sync.Mutex
	m       map[string]*sql.Stmt // nil: being prepared, or it would not prepare
	closed  bool
	pending sync.WaitGroup
}

func newStmtCache(pool *sql.DB, max int) *stmtCache {
	return &stmtCache{pool: pool, max: max, m: map[string]*sql.Stmt{}}
}

// get returns the prepared statement for q, or nil when there is none
// (yet): the caller then runs q as text, which also reports its errors.
func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, seen := c.m[q]; seen || c.closed || len(c.m) >= c.max {
		return s
	}
	c.m[q] = nil
	c.pending.Go(func() { c.prepare(q) })
	return nil
}

// prepare waits for a free connection, holding none, and keeps the
// statement unless the cache closed meanwhile.
func (c *stmtCache) prepare(q string) {
	s, err := c.pool.PrepareContext(context.Background(), q)
	if err != nil {
		return // stays nil: run as text
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		s.Close()
		return
	}
	c.m[q] = s
}

// close waits for the statements being prepared and closes every one;
// the pool closes after it.
func (c *stmtCache) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	c.pending.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, s := range c.m {
		if s != nil {
			s.Close()
		}
		delete(c.m, q)
	}
}
