package api

import (
	"net/http/httptest"
	"testing"

	"github.com/anslag/anslag/internal/allocate"
)

func TestDocCacheEvictsLeastRecentlyServed(t *testing.T) {
	c := newDocCache(10)
	entry := func(id int64, size int) *docEntry {
		return &docEntry{key: docKey{id, allocate.English}, version: 1, gz: make([]byte, size)}
	}
	c.put(entry(1, 4))
	c.put(entry(2, 4))
	if _, ok := c.get(docKey{1, allocate.English}); !ok { // 1 is now the most recent
		t.Fatal("1 missing")
	}
	c.put(entry(3, 4)) // over budget: 2 goes
	for id, want := range map[int64]bool{1: true, 2: false, 3: true} {
		if _, ok := c.get(docKey{id, allocate.English}); ok != want {
			t.Errorf("entry %d cached %v, want %v", id, ok, want)
		}
	}
	if _, ok := c.get(docKey{1, allocate.Swedish}); ok {
		t.Error("the Swedish document is not the English one")
	}
	c.put(entry(1, 6)) // replacing an entry counts its new size only
	if c.size != 10 || c.order.Len() != 2 {
		t.Errorf("size %d in %d entries, want 10 in 2", c.size, c.order.Len())
	}
	c.put(entry(4, 11)) // larger than the whole budget: not kept
	if _, ok := c.get(docKey{4, allocate.English}); ok || c.size != 10 {
		t.Errorf("an entry over the budget was kept (size %d)", c.size)
	}
}

func TestAcceptsGzip(t *testing.T) {
	for _, tt := range []struct {
		header string
		want   bool
	}{
		{"", false}, {"gzip", true}, {"GZIP", true}, {"deflate, gzip", true}, {"gzip;q=0.8", true},
		{"gzip; q=0", false}, {"gzip;q=0.000", false}, {"br", false}, {"x-gzip", false}, {"*", false},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", tt.header)
		if got := acceptsGzip(r); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}
