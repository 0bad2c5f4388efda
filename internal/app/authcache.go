package app

import (
	"sync"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// authCache remembers, for a moment, whom a session or API token belongs
// to, so that a burst of requests with one token costs one lookup instead
// of three queries each. A logout, revocation, disabling, new password or
// role change on this instance empties it at once; another instance
// sharing the database notices within the TTL.
type authCache struct {
	ttl     time.Duration // 0: off
	mu      sync.Mutex
	entries map[string]authEntry // by token hash, prefixed with its kind
}

type authEntry struct {
	user    grant.User
	session grant.Session
	token   grant.APIToken
	until   time.Time
}

// maxAuthEntries bounds the cache; when full it starts over.
const maxAuthEntries = 10_000

func newAuthCache(ttl time.Duration) *authCache {
	return &authCache{ttl: ttl, entries: map[string]authEntry{}}
}

func (c *authCache) get(key string, now time.Time) (authEntry, bool) {
	if c.ttl <= 0 {
		return authEntry{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || !now.Before(e.until) {
		return authEntry{}, false
	}
	return e, true
}

func (c *authCache) put(key string, e authEntry, now time.Time) {
	if c.ttl <= 0 {
		return
	}
	e.until = now.Add(c.ttl)
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxAuthEntries {
		clear(c.entries)
	}
	c.entries[key] = e
}

// forget empties the cache: after any change to who may log in.
func (c *authCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.entries)
}
