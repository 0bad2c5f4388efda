package api_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

// memStore is an in-memory api.IdempotencyStore for the tests; the real one
// is in package store.
type memStore struct {
	mu       sync.Mutex
	recs     map[[2]string]api.IdempotentResponse
	loadErr  error
	saveErr  error
	loads    int
	lastSave api.IdempotentResponse
}

func newMemStore() *memStore { return &memStore{recs: map[[2]string]api.IdempotentResponse{}} }

func (m *memStore) LoadIdempotent(_ context.Context, actor, key string) (api.IdempotentResponse, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.loads++
	if m.loadErr != nil {
		return api.IdempotentResponse{}, false, m.loadErr
	}
	rec, ok := m.recs[[2]string{actor, key}]
	return rec, ok, nil
}

func (m *memStore) SaveIdempotent(_ context.Context, rec api.IdempotentResponse) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.saveErr != nil {
		return m.saveErr
	}
	k := [2]string{rec.Actor, rec.Key}
	if _, ok := m.recs[k]; ok {
		return grant.Errorf(grant.ECONFLICT, "", "key %s exists", "nyckeln %s finns", rec.Key)
	}
	rec.Body = bytes.Clone(rec.Body)
	m.recs[k] = rec
	m.lastSave = rec
	return nil
}

// countingHandler answers 201 with the number of its calls and the body it
// got; a body "fail" gets 409 and "boom" 500.
func countingHandler(calls *atomic.Int64, delay time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := calls.Add(1)
		time.Sleep(delay)
		body, _ := io.ReadAll(r.Body)
		switch string(body) {
		case "fail":
			api.WriteError(w, r, grant.Errorf(grant.ECONFLICT, "", "no", "nej"))
		case "boom":
			api.WriteError(w, r, errors.New("boom"))
		default:
			w.Header().Set("ETag", `"v1"`)
			api.Write(w, r, http.StatusCreated, map[string]any{"call": n, "body": string(body)})
		}
	})
}

type idemReq struct {
	method, path, key, body, actor string
	wantStatus                     int
	wantReplayed                   bool
	wantSameAs                     int // index of an earlier request whose body this one repeats; -1 for none
}

func TestIdempotency(t *testing.T) {
	k256 := strings.Repeat("k", 256)
	k255 := strings.Repeat("k", 255)
	tests := []struct {
		name      string
		reqs      []idemReq
		wantCalls int64
	}{
		{"retry replays", []idemReq{
			{"POST", "/p", "k1", "A", "", 201, false, -1},
			{"POST", "/p", "k1", "A", "", 201, true, 0},
			{"POST", "/p", "k1", "A", "", 201, true, 0},
		}, 1},
		{"another body is 422", []idemReq{
			{"POST", "/p", "k1", "A", "", 201, false, -1},
			{"POST", "/p", "k1", "B", "", 422, false, -1},
		}, 1},
		{"another path is 422", []idemReq{
			{"POST", "/p", "k1", "A", "", 201, false, -1},
			{"POST", "/q", "k1", "A", "", 422, false, -1},
		}, 1},
		{"another query is 422", []idemReq{
			{"POST", "/p?a=1", "k1", "A", "", 201, false, -1},
			{"POST", "/p?a=2", "k1", "A", "", 422, false, -1},
		}, 1},
		{"without a key every request runs", []idemReq{
			{"POST", "/p", "", "A", "", 201, false, -1},
			{"POST", "/p", "", "A", "", 201, false, -1},
		}, 2},
		{"failures are not stored", []idemReq{
			{"POST", "/p", "k1", "fail", "", 409, false, -1},
			{"POST", "/p", "k1", "fail", "", 409, false, -1},
			{"POST", "/p", "k2", "boom", "", 500, false, -1},
			{"POST", "/p", "k2", "A", "", 201, false, -1},
		}, 4},
		{"keys belong to their actor", []idemReq{
			{"POST", "/p", "k1", "A", "alice", 201, false, -1},
			{"POST", "/p", "k1", "A", "bob", 201, false, -1},
			{"POST", "/p", "k1", "A", "alice", 201, true, 0},
		}, 2},
		{"quoted key is the bare key", []idemReq{
			{"POST", "/p", `"k1"`, "A", "", 201, false, -1},
			{"POST", "/p", "k1", "A", "", 201, true, 0},
		}, 1},
		{"other methods pass through", []idemReq{
			{"PUT", "/p", "k1", "A", "", 201, false, -1},
			{"PUT", "/p", "k1", "A", "", 201, false, -1},
		}, 2},
		{"longest key", []idemReq{{"POST", "/p", k255, "A", "", 201, false, -1}}, 1},
		{"bad keys", []idemReq{
			{"POST", "/p", k256, "A", "", 400, false, -1},
			{"POST", "/p", "with space", "A", "", 400, false, -1},
			{"POST", "/p", `""`, "A", "", 400, false, -1},
			{"POST", "/p", "nön-ascii", "A", "", 400, false, -1},
		}, 0},
		{"too large", []idemReq{{"POST", "/p", "k1", strings.Repeat("x", api.MaxBodyBytes+1), "", 413, false, -1}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int64
			store := newMemStore()
			actor := func(r *http.Request) string { return r.Header.Get("X-Actor") }
			now := func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600)) }
			h := api.NewIdempotency(store, actor, now).Wrap(countingHandler(&calls, 0))
			var bodies []string
			for i, q := range tt.reqs {
				r := httptest.NewRequest(q.method, q.path, strings.NewReader(q.body))
				r = r.WithContext(api.WithLogger(r.Context(), slog.New(slog.DiscardHandler)))
				if q.key != "" {
					r.Header.Set("Idempotency-Key", q.key)
				}
				r.Header.Set("X-Actor", q.actor)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				bodies = append(bodies, w.Body.String())
				if w.Code != q.wantStatus {
					t.Fatalf("request %d: status %d, want %d: %s", i, w.Code, q.wantStatus, w.Body)
				}
				if replayed := w.Header().Get("Idempotent-Replayed") == "true"; replayed != q.wantReplayed {
					t.Errorf("request %d: replayed %v, want %v", i, replayed, q.wantReplayed)
				}
				if q.wantSameAs >= 0 && w.Body.String() != bodies[q.wantSameAs] {
					t.Errorf("request %d: body %s, want the replay %s", i, w.Body, bodies[q.wantSameAs])
				}
				if q.wantReplayed && w.Header().Get("Content-Type") != "application/json" {
					t.Errorf("request %d: replay without Content-Type", i)
				}
				if q.wantStatus == 422 && !strings.Contains(w.Body.String(), "Idempotency-Key reused with a different request") {
					t.Errorf("request %d: %s", i, w.Body)
				}
			}
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("handler ran %d times, want %d", got, tt.wantCalls)
			}
		})
	}
}

func TestIdempotencyRecord(t *testing.T) {
	store := newMemStore()
	var calls atomic.Int64
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("CET", 3600))
	h := api.NewIdempotency(store, func(*http.Request) string { return "alice" }, func() time.Time { return now }).Wrap(countingHandler(&calls, 0))
	r := httptest.NewRequest("POST", "/api/v1/pots?x=1", strings.NewReader("A"))
	r.Header.Set("Idempotency-Key", "k1")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	rec := store.lastSave
	if rec.Actor != "alice" || rec.Key != "k1" || rec.Method != "POST" || rec.Path != "/api/v1/pots" || rec.Status != 201 ||
		string(rec.Body) != w.Body.String() || !rec.CreatedAt.Equal(now) || rec.CreatedAt.Location() != time.UTC || len(rec.RequestHash) != 64 {
		t.Errorf("stored %+v", rec)
	}
}

func TestIdempotencyConcurrentRetries(t *testing.T) {
	store := newMemStore()
	var calls atomic.Int64
	h := api.NewIdempotency(store, nil, nil).Wrap(countingHandler(&calls, 30*time.Millisecond))
	const n = 6
	var wg sync.WaitGroup
	codes, bodies, replays := make([]int, n), make([]string, n), make([]bool, n)
	for i := range n {
		wg.Go(func() {
			r := httptest.NewRequest("POST", "/p", strings.NewReader("A"))
			r.Header.Set("Idempotency-Key", "same")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			codes[i], bodies[i], replays[i] = w.Code, w.Body.String(), w.Header().Get("Idempotent-Replayed") == "true"
		})
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("the handler ran %d times for one key", calls.Load())
	}
	replayed := 0
	for i := range n {
		if codes[i] != 201 || bodies[i] != bodies[0] {
			t.Errorf("request %d: %d %s", i, codes[i], bodies[i])
		}
		if replays[i] {
			replayed++
		}
	}
	if replayed != n-1 {
		t.Errorf("%d replays, want %d", replayed, n-1)
	}
}

func TestIdempotencyStoreFailures(t *testing.T) {
	tests := []struct {
		name             string
		loadErr, saveErr error
		wantFirst        int
		wantCalls        int64
		wantLog          string
	}{
		{"load fails", errors.New("db down"), nil, 500, 0, "db down"},
		{"save fails: answered, not replayed", nil, errors.New("disk full"), 201, 2, "disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newMemStore()
			store.loadErr, store.saveErr = tt.loadErr, tt.saveErr
			var calls atomic.Int64
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			h := api.NewIdempotency(store, nil, nil).Wrap(countingHandler(&calls, 0))
			for range 2 {
				r := httptest.NewRequest("POST", "/p", strings.NewReader("A"))
				r = r.WithContext(api.WithLogger(r.Context(), log))
				r.Header.Set("Idempotency-Key", "k")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != tt.wantFirst || w.Header().Get("Idempotent-Replayed") != "" {
					t.Errorf("status %d replayed %q", w.Code, w.Header().Get("Idempotent-Replayed"))
				}
			}
			if calls.Load() != tt.wantCalls || !strings.Contains(logs.String(), tt.wantLog) {
				t.Errorf("calls %d, log %q", calls.Load(), &logs)
			}
		})
	}
}

func TestIdempotencyWaitEndsWithContext(t *testing.T) {
	store := newMemStore()
	release := make(chan struct{})
	started := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		api.Write(w, r, 201, map[string]int{"ok": 1})
	})
	h := api.NewIdempotency(store, nil, nil).Wrap(slow)
	go func() {
		r := httptest.NewRequest("POST", "/p", strings.NewReader("A"))
		r.Header.Set("Idempotency-Key", "k")
		h.ServeHTTP(httptest.NewRecorder(), r)
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	r := httptest.NewRequestWithContext(ctx, "POST", "/p", strings.NewReader("A"))
	r = r.WithContext(api.WithLogger(r.Context(), slog.New(slog.DiscardHandler)))
	r.Header.Set("Idempotency-Key", "k")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	close(release)
	if w.Code != 500 {
		t.Errorf("a retry whose client gave up got %d", w.Code)
	}
}
