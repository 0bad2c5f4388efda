package api

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// ListCache keeps the answers of list reads for a moment: a dashboard or a
// script asking for the same page of requisitions many times a second gets
// one database read. An answer is reused only while no write has committed
// in this process since it was made (the store's write generation), for at
// most TTL; other instances sharing a PostgreSQL database, and the command
// line writing to the same SQLite file, are seen within the TTL, as with
// the authentication cache. Concurrent identical misses share one read.
type ListCache struct {
	generation func() uint64
	ttl        time.Duration
	budget     int // bytes of bodies kept at most
	now        func() time.Time

	mu      sync.Mutex
	entries map[string]*listAnswer
	size    int
	flight  singleflight.Group
}

// listAnswer is one stored answer.
type listAnswer struct {
	gen    uint64
	at     time.Time
	status int
	header http.Header
	body   []byte
}

// NewListCache makes a cache whose answers live for ttl at most and hold
// budget bytes in all; generation is the store's write counter.
func NewListCache(generation func() uint64, ttl time.Duration, budget int) *ListCache {
	return &ListCache{generation: generation, ttl: ttl, budget: budget, now: time.Now, entries: map[string]*listAnswer{}}
}

// wrap serves a list route through the cache; who stands for the sender,
// whose rights decide what the list holds.
func (c *ListCache) wrap(next http.Handler, who func(*http.Request) string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || c.ttl <= 0 {
			next.ServeHTTP(w, r)
			return
		}
		gen := c.generation()
		key := strings.Join([]string{who(r), r.URL.Path, r.URL.RawQuery, r.Header.Get("Accept-Language"), r.Header.Get("Accept-Encoding")}, "\x00")
		if a := c.get(key, gen); a != nil {
			a.write(w)
			return
		}
		v, _, _ := c.flight.Do(key, func() (any, error) {
			rec := &recorder{header: http.Header{}, status: http.StatusOK}
			next.ServeHTTP(rec, r)
			a := &listAnswer{gen: gen, at: c.now(), status: rec.status, header: rec.header, body: rec.kept()}
			if a.status == http.StatusOK {
				c.put(key, a)
			}
			return a, nil
		})
		v.(*listAnswer).write(w)
	})
}

func (c *ListCache) get(key string, gen uint64) *listAnswer {
	c.mu.Lock()
	defer c.mu.Unlock()
	a := c.entries[key]
	if a == nil || a.gen != gen || c.now().Sub(a.at) >= c.ttl {
		return nil
	}
	return a
}

// put stores an answer. Over the budget it first drops what is outdated,
// then everything: the cache is for bursts, not for keeping.
func (c *ListCache) put(key string, a *listAnswer) {
	if len(a.body) > c.budget/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.entries[key]; old != nil {
		c.size -= len(old.body)
	}
	if c.size+len(a.body) > c.budget {
		now := c.now()
		for k, e := range c.entries {
			if e.gen != a.gen || now.Sub(e.at) >= c.ttl {
				c.size -= len(e.body)
				delete(c.entries, k)
			}
		}
		if c.size+len(a.body) > c.budget {
			c.entries, c.size = map[string]*listAnswer{}, 0
		}
	}
	c.entries[key] = a
	c.size += len(a.body)
}

func (a *listAnswer) write(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range a.header {
		h[k] = v
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}

// recorder captures an answer to keep it.
type recorder struct {
	header http.Header
	status int
	body   []byte
	wrote  bool
	writes int
}

// kept returns the body at its size: the budget counts what is kept, and
// a buffer grown by appending may be twice as large. An answer written in
// one piece, as Write writes them, is copied once.
func (r *recorder) kept() []byte {
	if r.writes > 1 {
		return bytes.Clone(r.body)
	}
	return r.body
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	r.writes++
	if r.body == nil {
		r.body = bytes.Clone(b)
	} else {
		r.body = append(r.body, b...)
	}
	return len(b), nil
}
