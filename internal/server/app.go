package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/web"
)

// Application is the whole application over one service and database: the
// JSON API with its OpenAPI document, and the pages.
type Application struct {
	log   *slog.Logger
	api   *api.Handler
	rt    *api.Router
	reads *api.Admission
	doc   http.Handler
	pages *web.Handler
}

// Option changes how NewApplication builds the application.
type Option func(*appOptions)

type appOptions struct {
	pages     []func(*web.Config)
	readSlots int
}

// Pages changes the pages' configuration, for optional features such as
// PDF decisions.
func Pages(f func(*web.Config)) Option {
	return func(o *appOptions) { o.pages = append(o.pages, f) }
}

// ReadSlots sets how many API reads run at once; 0 or less keeps the
// default (readSlots).
func ReadSlots(n int) Option { return func(o *appOptions) { o.readSlots = n } }

// NewApplication builds the application; sso is the OpenID Connect login,
// or nil. Templates and the OpenAPI document are checked here, so that a
// broken one stops the start.
func NewApplication(svc *app.Service, db *store.DB, log *slog.Logger, sso web.OIDC, options ...Option) (*Application, error) {
	var o appOptions
	for _, f := range options {
		f(&o)
	}
	if o.readSlots <= 0 {
		o.readSlots = readSlots(db)
	}
	a := &Application{log: log, api: api.NewHandler(svc)}
	a.rt, a.reads = newAPI(a.api, db, log, o.readSlots)
	var err error
	if a.doc, err = a.rt.OpenAPIHandler(APIInfo()); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	pages := web.Config{
		Accounts:      svc,
		Allocations:   svc,
		Organisations: svc,
		Setup:         svc,
		Requisitions:  svc,
		FollowUp:      svc,
		Statistics:    svc,
		Local:         svc,
		Collab:        svc,
		Networks:      svc,
		OpenData:      svc,
		Kolada:        svc,
		Contacts:      svc,
		Populations:   svc,
		Clock:         svc,
		OIDC:          sso,
		Log:           log,
	}
	for _, f := range o.pages { // optional features, such as PDF decisions
		f(&pages)
	}
	if a.pages, err = web.New(pages); err != nil {
		return nil, err
	}
	return a, nil
}

// Mount registers every route of the application on mux.
func (a *Application) Mount(mux *Mux) {
	a.rt.Mount(mux)
	mux.Handle("GET /api/openapi.json", a.doc)
	a.pages.Register(mux)
}

// Collectors are the application's own metrics: the API reads running and
// waiting for their turn, to size the slots by (see readSlots).
func (a *Application) Collectors() []prometheus.Collector {
	return []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "anslag_api_reads_running", Help: "API reads running now."},
			func() float64 { return float64(a.reads.Running()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "anslag_api_reads_waiting", Help: "API reads waiting for their turn now."},
			func() float64 { return float64(a.reads.Waiting()) }),
	}
}

// Warm fills the caches that a start empties (the decided runs' documents),
// so that the first readers do not wait; run it beside the server.
func (a *Application) Warm(ctx context.Context) {
	start := time.Now()
	n, err := a.api.WarmRuns(ctx)
	if err != nil && ctx.Err() == nil {
		a.log.Warn("warm-up", "runs", n, "err", err)
		return
	}
	a.log.Info("warm-up", "runs", n, "took", time.Since(start).Round(time.Millisecond))
}
