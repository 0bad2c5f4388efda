package api

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// listCacheFixture is a cache over a handler that counts its calls and
// answers with the count, so that a test sees which answer was reused.
type listCacheFixture struct {
	gen   atomic.Uint64
	now   time.Time
	calls atomic.Int32
	c     *ListCache
	h     http.Handler
}

func newListCacheFixture(status int, size int, block <-chan struct{}) *listCacheFixture {
	f := &listCacheFixture{now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	f.c = NewListCache(f.gen.Load, 2*time.Second, 1000)
	f.c.now = func() time.Time { return f.now }
	who := func(r *http.Request) string { return r.Header.Get("X-Who") }
	f.h = f.c.wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := f.calls.Add(1)
		if block != nil {
			<-block
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintf(w, "%0*d", size, n)
	}), who)
	return f
}

func (f *listCacheFixture) get(who, query string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, "/api/v1/requisitions?"+query, nil)
	req.Header.Set("X-Who", who)
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func TestListCache(t *testing.T) {
	tests := []struct {
		name   string
		status int
		size   int
		second func(f *listCacheFixture) *httptest.ResponseRecorder // after a first get("anna", "year=2017")
		calls  int32                                                // handler calls in all
	}{
		{"the same request is answered from the cache", 200, 1, func(f *listCacheFixture) *httptest.ResponseRecorder {
			return f.get("anna", "year=2017")
		}, 1},
		{"a write makes a new generation", 200, 1, func(f *listCacheFixture) *httptest.ResponseRecorder {
			f.gen.Add(1)
			return f.get("anna", "year=2017")
		}, 2},
		{"an answer lives for the TTL at most", 200, 1, func(f *listCacheFixture) *httptest.ResponseRecorder {
			f.now = f.now.Add(2 * time.Second)
			return f.get("anna", "year=2017")
		}, 2},
		{"just within the TTL it is reused", 200, 1, func(f *listCacheFixture) *httptest.ResponseRecorder {
			f.now = f.now.Add(1999 * time.Millisecond)
			return f.get("anna", "year=2017")
		}, 1},
		{"another user gets an answer of their own", 200, 1, func(f *listCacheFixture) *httptest.ResponseRecorder {
			return f.get("bo", "year=2017")
		}, 2},
		{"another query too", 200, 1, func(f *listCacheFixture) *httptest.ResponseRecorder {
			return f.get("anna", "year=2018")
		}, 2},
		{"an error is not kept", 403, 1, func(f *listCacheFixture) *httptest.ResponseRecorder {
			return f.get("anna", "year=2017")
		}, 2},
		{"an answer over an eighth of the budget is not kept", 200, 126, func(f *listCacheFixture) *httptest.ResponseRecorder {
			return f.get("anna", "year=2017")
		}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newListCacheFixture(tt.status, tt.size, nil)
			first := f.get("anna", "year=2017")
			second := tt.second(f)
			if got := f.calls.Load(); got != tt.calls {
				t.Errorf("handler ran %d times, want %d", got, tt.calls)
			}
			reused := second.Body.String() == first.Body.String()
			if reused != (tt.calls == 1) || second.Code != tt.status || second.Header().Get("Content-Type") != "application/json" {
				t.Errorf("second answer %d %q %v after %q", second.Code, second.Body, second.Header(), first.Body)
			}
		})
	}
}

// Requests that miss together wait for one read instead of each reading.
func TestListCacheSharesAMiss(t *testing.T) {
	block := make(chan struct{})
	f := newListCacheFixture(200, 1, block)
	var wg sync.WaitGroup
	bodies := make([]string, 8)
	for i := range bodies {
		wg.Go(func() { bodies[i] = f.get("anna", "year=2017").Body.String() })
	}
	for f.calls.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // let the others join the read in flight
	close(block)
	wg.Wait()
	if got := f.calls.Load(); got != 1 {
		t.Errorf("%d reads for 8 identical requests", got)
	}
	for _, b := range bodies {
		if b != "1" {
			t.Errorf("answers %q", bodies)
			break
		}
	}
}
