// Package server composes anslag's HTTP handlers on a plain ServeMux and
// runs them with timeouts, request logs, Prometheus metrics, health checks
// and a graceful shutdown that lets in-flight requests finish.
package server

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Config holds the server's settings.
type Config struct {
	Addr              string        // ":8080"
	ReadHeaderTimeout time.Duration // 0: 5 s
	ReadTimeout       time.Duration // 0: 30 s
	WriteTimeout      time.Duration // 0: 60 s
	IdleTimeout       time.Duration // 0: 120 s
	ShutdownTimeout   time.Duration // 0: 30 s: how long in-flight requests may take to finish
}

// Pinger answers whether the database is reachable, for /readyz.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are the handlers and probes the server mounts.
type Deps struct {
	Log    *slog.Logger
	DB     Pinger
	DBPool []*sql.DB // pools whose statistics are exported as metrics
	// Collectors are further metrics, such as the application's own.
	Collectors []prometheus.Collector
	// Auth finds the user of each request's token or session cookie.
	Auth Authenticator
	// Mount adds the application's routes (API, web) to the mux.
	Mount func(mux *Mux)
}

// Server is a configured HTTP server.
type Server struct {
	cfg     Config
	log     *slog.Logger
	http    *http.Server
	handler http.Handler
	// patterns is every route registered, for the access matrix test
	patterns []string
}

// Mux is the server's ServeMux, recording every pattern registered on it
// so that a test can check each route's access rules.
type Mux struct {
	*http.ServeMux
	patterns []string
}

// Handle registers handler for pattern.
func (m *Mux) Handle(pattern string, handler http.Handler) {
	m.ServeMux.Handle(pattern, handler)
	m.patterns = append(m.patterns, pattern)
}

// HandleFunc registers a handler function for pattern.
func (m *Mux) HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request)) {
	m.Handle(pattern, http.HandlerFunc(handler))
}

// Patterns lists every route pattern registered, in order.
func (s *Server) Patterns() []string { return slices.Clone(s.patterns) }

// New builds the handler tree: /healthz, /readyz, /metrics and the
// application's routes, wrapped in logging and metrics.
func New(cfg Config, d Deps) *Server {
	def := func(v *time.Duration, x time.Duration) {
		if *v == 0 {
			*v = x
		}
	}
	def(&cfg.ReadHeaderTimeout, 5*time.Second)
	def(&cfg.ReadTimeout, 30*time.Second)
	def(&cfg.WriteTimeout, 60*time.Second)
	def(&cfg.IdleTimeout, 120*time.Second)
	def(&cfg.ShutdownTimeout, 30*time.Second)

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for i, p := range d.DBPool {
		reg.MustRegister(collectors.NewDBStatsCollector(p, fmt.Sprintf("pool%d", i)))
	}
	reg.MustRegister(d.Collectors...)
	m := newMetrics(reg)

	mux := &Mux{ServeMux: http.NewServeMux()}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := d.DB.Ping(ctx); err != nil {
			d.Log.Warn("not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(w, "database unavailable")
			return
		}
		fmt.Fprintln(w, "ready")
	})
	mux.Handle("GET /metrics", oversight(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	if d.Mount != nil {
		d.Mount(mux)
	}
	h := m.wrap(secure(Authenticate(d.Auth, mux)), mux.ServeMux, d.Log)
	s := &Server{cfg: cfg, log: d.Log, handler: h, patterns: mux.patterns}
	s.http = &http.Server{
		Addr: cfg.Addr, Handler: h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout, ReadTimeout: cfg.ReadTimeout,
		WriteTimeout: cfg.WriteTimeout, IdleTimeout: cfg.IdleTimeout,
		ErrorLog: slog.NewLogLogger(d.Log.Handler(), slog.LevelWarn),
	}
	return s
}

// Handler returns the complete handler, for tests.
func (s *Server) Handler() http.Handler { return s.handler }

// Run listens and serves until ctx is cancelled (SIGTERM), then stops
// accepting connections and waits for in-flight requests to finish, so a
// write that has started is never cut off.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(ln) }()
	s.log.Info("listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", s.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := s.http.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
