package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"time"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/store"
)

// APIInfo describes the JSON API in its OpenAPI document.
func APIInfo() api.Info {
	return api.Info{Title: "anslag", Version: "1",
		Description: "State grants to Swedish regions and municipalities: agreements, pots, exact population-based splits, requisitions, payments, follow-up and the recipients' own spreading of the money."}
}

// NewAPI declares the JSON API over svc, keeping the first answers to
// retried POSTs in db.
func NewAPI(svc *app.Service, db *store.DB, log *slog.Logger) *api.Router {
	rt, _ := newAPI(api.NewHandler(svc), db, log, readSlots(db))
	return rt
}

// listCacheTTL bounds how long a list answer is reused while this process
// writes nothing: as long as a change made by another instance may take to
// show, the same as the authentication cache's.
const listCacheTTL = 2 * time.Second

// listCacheBytes bounds the list answers kept: enough for the pages a
// burst asks for again, small enough to keep the server under 100 MB.
const listCacheBytes = 6 << 20

// readSlots is how many API reads run at once: one per database
// connection, which on PostgreSQL mostly waits for the database, and one
// per processor for the answers that need none. Measured on two cores
// (docs/benchmarks.md, session 8).
func readSlots(db *store.DB) int { return db.ReadConns() + runtime.GOMAXPROCS(0) }

// readWait bounds how long a read waits for its turn before it is refused
// as busy (503): long enough for any burst, short of clients' time-outs.
const readWait = 10 * time.Second

func newAPI(h *api.Handler, db *store.DB, log *slog.Logger, slots int) (*api.Router, *api.Admission) {
	reads := api.NewAdmission(slots, readWait)
	rt := api.NewRouter(api.Config{Log: log, Idempotency: idempotency{db}, Actor: func(r *http.Request) string { return app.ActorFrom(r.Context()).User },
		Lists: api.NewListCache(db.Generation, listCacheTTL, listCacheBytes), Reads: reads})
	h.Register(rt)
	return rt, reads
}

// MountAPI mounts the routes and the OpenAPI document at /api/openapi.json.
func MountAPI(mux api.Mux, rt *api.Router) error {
	doc, err := rt.OpenAPIHandler(APIInfo())
	if err != nil {
		return fmt.Errorf("openapi: %w", err)
	}
	rt.Mount(mux)
	mux.Handle("GET /api/openapi.json", doc)
	return nil
}

// idempotency adapts the store's records to the API's interface.
type idempotency struct{ db *store.DB }

func (i idempotency) LoadIdempotent(ctx context.Context, actor, key string) (api.IdempotentResponse, bool, error) {
	r, ok, err := i.db.LoadIdempotency(ctx, actor, key)
	return api.IdempotentResponse(r), ok, err
}

func (i idempotency) SaveIdempotent(ctx context.Context, rec api.IdempotentResponse) error {
	return i.db.SaveIdempotency(ctx, store.IdempotencyRecord(rec))
}
