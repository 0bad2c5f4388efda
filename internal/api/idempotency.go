package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// MaxIdempotencyKey is the longest Idempotency-Key accepted, in bytes.
const MaxIdempotencyKey = 255

// IdempotentResponse is the stored first answer to a POST that carried an
// Idempotency-Key. Only 2xx answers are stored; a retry of a failed request
// runs again.
type IdempotentResponse struct {
	Actor       string // who sent it; keys are scoped to the actor
	Key         string // the Idempotency-Key
	Method      string // "POST"
	Path        string // the request path, without the query
	RequestHash string // hex SHA-256 of method, path, query and body
	Status      int
	Body        []byte // exactly as sent; JSON or empty
	CreatedAt   time.Time
}

// IdempotencyStore keeps IdempotentResponses. The store package implements
// it with the table idempotency_keys(actor, key, method, path,
// request_hash, status, body, created_at), PRIMARY KEY (actor, key); it may
// delete rows after a day or so, after which a key can be used afresh.
type IdempotencyStore interface {
	// LoadIdempotent returns the record of actor's key, and false if there is none.
	LoadIdempotent(ctx context.Context, actor, key string) (IdempotentResponse, bool, error)
	// SaveIdempotent stores a record; a record with the same actor and key
	// already there is an error.
	SaveIdempotent(ctx context.Context, rec IdempotentResponse) error
}

// Idempotency makes POST requests with an Idempotency-Key safe to retry: the
// first 2xx answer is stored, and a retry with the same key and the same
// request (method, path, query and body, byte for byte) gets that answer
// again, status and body, with the header Idempotent-Replayed: true, without
// running the handler. The same key with a different request is 422.
// Headers other than Content-Type are not replayed (the table has no column
// for them): an idempotent handler should put what the client needs, such as
// the new id and version, in the body.
//
// Requests with the same actor and key run one at a time in this process,
// so a retry sent while the first is still running waits and then replays.
// Across processes the store's primary key stops the second record, but
// not the second run: anslag runs as one process.
type Idempotency struct {
	store IdempotencyStore
	actor func(*http.Request) string
	now   func() time.Time

	mu    sync.Mutex
	locks map[string]chan struct{} // held per actor and key; removed when free
}

// NewIdempotency makes the middleware. actor names who sent a request (nil:
// everyone is ""); now is the clock (nil: time.Now).
func NewIdempotency(store IdempotencyStore, actor func(*http.Request) string, now func() time.Time) *Idempotency {
	if actor == nil {
		actor = func(*http.Request) string { return "" }
	}
	if now == nil {
		now = time.Now
	}
	return &Idempotency{store: store, actor: actor, now: now, locks: map[string]chan struct{}{}}
}

// Wrap returns next guarded by the Idempotency-Key logic. Requests other
// than POST, and POSTs without the header, pass straight through.
func (m *Idempotency) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		key, ok, err := idempotencyKey(r)
		if err != nil {
			WriteError(w, r, err)
			return
		}
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		body, err := readBody(r.Body, MaxBodyBytes)
		if err != nil {
			WriteError(w, r, err)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		actor := m.actor(r)
		hash := requestHash(r, body)

		unlock, err := m.lock(r.Context(), actor+"\x00"+key)
		if err != nil {
			WriteError(w, r, fmt.Errorf("api: wait for idempotency key: %w", err))
			return
		}
		defer unlock()

		rec, found, err := m.store.LoadIdempotent(r.Context(), actor, key)
		switch {
		case err != nil:
			WriteError(w, r, fmt.Errorf("api: load idempotency key: %w", err))
			return
		case found && (rec.RequestHash != hash || rec.Method != r.Method || rec.Path != r.URL.Path):
			WriteError(w, r, grant.Errorf(EUNPROCESSABLE, "Idempotency-Key",
				"Idempotency-Key reused with a different request; use a new key for a new request",
				"Idempotency-Key återanvänd för en annan begäran; använd en ny nyckel för en ny begäran"))
			return
		case found:
			replay(w, rec)
			return
		}

		tee := &teeWriter{ResponseWriter: w}
		next.ServeHTTP(tee, r)
		if tee.status < 200 || tee.status > 299 {
			return
		}
		rec = IdempotentResponse{Actor: actor, Key: key, Method: r.Method, Path: r.URL.Path, RequestHash: hash,
			Status: tee.status, Body: tee.body.Bytes(), CreatedAt: m.now().UTC()}
		// The work is done and answered: a client gone by now must still
		// find the record when it retries, so its cancellation must not
		// stop the save. A failed save only costs the replay.
		if err := m.store.SaveIdempotent(context.WithoutCancel(r.Context()), rec); err != nil {
			Logger(r.Context()).ErrorContext(r.Context(), "api: save idempotency key", "actor", actor, "key", key, "err", err)
		}
	})
}

// idempotencyKey reads the header, bare (Stripe's form) or as a quoted
// structured-field string (the IETF draft's form).
func idempotencyKey(r *http.Request) (string, bool, error) {
	vs := r.Header.Values("Idempotency-Key")
	if len(vs) == 0 {
		return "", false, nil
	}
	k := strings.TrimSpace(vs[0])
	if len(k) >= 2 && k[0] == '"' && k[len(k)-1] == '"' {
		k = k[1 : len(k)-1]
	}
	bad := len(vs) > 1 || k == "" || len(k) > MaxIdempotencyKey
	for i := 0; i < len(k) && !bad; i++ {
		bad = k[i] < 0x21 || k[i] > 0x7e || k[i] == '"' || k[i] == '\\'
	}
	if bad {
		return "", false, grant.Errorf(grant.EINVALID, "Idempotency-Key",
			"Idempotency-Key must be one value of 1 to %d visible ASCII characters, such as a UUID",
			"Idempotency-Key måste vara ett värde av 1 till %d synliga ASCII-tecken, till exempel ett UUID", MaxIdempotencyKey)
	}
	return k, true, nil
}

// requestHash identifies a request by method, path, query and body.
func requestHash(r *http.Request, body []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n", r.Method, r.URL.EscapedPath(), r.URL.RawQuery)
	h.Write(body)
	return hex.EncodeToString(h.Sum(nil))
}

func replay(w http.ResponseWriter, rec IdempotentResponse) {
	h := w.Header()
	if len(rec.Body) > 0 {
		h.Set("Content-Type", "application/json")
		h.Set("X-Content-Type-Options", "nosniff")
	}
	h.Set("Idempotent-Replayed", "true")
	w.WriteHeader(rec.Status)
	_, _ = w.Write(rec.Body)
}

// lock takes the per-key lock, waiting until it is free or ctx ends.
func (m *Idempotency) lock(ctx context.Context, k string) (unlock func(), err error) {
	for {
		m.mu.Lock()
		held, busy := m.locks[k]
		if !busy {
			mine := make(chan struct{})
			m.locks[k] = mine
			m.mu.Unlock()
			return func() {
				m.mu.Lock()
				delete(m.locks, k)
				m.mu.Unlock()
				close(mine)
			}, nil
		}
		m.mu.Unlock()
		select {
		case <-held: // released: try again
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// teeWriter passes a response through and keeps its status and body.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (t *teeWriter) WriteHeader(status int) {
	if t.status == 0 && status >= 200 { // 1xx are interim
		t.status = status
	}
	t.ResponseWriter.WriteHeader(status)
}

func (t *teeWriter) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	t.body.Write(b)
	return t.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the real writer.
func (t *teeWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }
