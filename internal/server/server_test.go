package server

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

type pinger struct{ err error }

func (p pinger) Ping(context.Context) error { return p.err }

func TestProbesAndMetrics(t *testing.T) {
	for _, tt := range []struct {
		name   string
		db     error
		path   string
		status int
		body   string
	}{
		{"health", nil, "/healthz", 200, "ok"},
		{"ready", nil, "/readyz", 200, "ready"},
		{"not ready", errors.New("down"), "/readyz", 503, "database unavailable"},
		{"metrics", nil, "/metrics", 200, "go_goroutines"},
		{"unknown", nil, "/nope", 404, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Config{}, Deps{Log: slog.New(slog.DiscardHandler), DB: pinger{tt.db}})
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("%s: %d %q", tt.path, rec.Code, rec.Body.String())
			}
		})
	}
	s := New(Config{}, Deps{Log: slog.New(slog.DiscardHandler), DB: pinger{}})
	s.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/healthz", nil))
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(rec.Body.String(), `anslag_http_request_duration_seconds_count{method="GET",route="GET /healthz",status="200"} 1`) {
		t.Errorf("request metric missing:\n%s", rec.Body.String())
	}
}

// TestGracefulShutdown: a request in flight when the server is told to stop
// still completes with its answer.
func TestGracefulShutdown(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	s := New(Config{ShutdownTimeout: 5 * time.Second}, Deps{Log: slog.New(slog.DiscardHandler), DB: pinger{}, Mount: func(mux *http.ServeMux) {
		mux.HandleFunc("POST /slow", func(w http.ResponseWriter, r *http.Request) {
			close(started)
			<-release
			io.WriteString(w, "written")
		})
	}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	got := make(chan string, 1)
	go func() {
		resp, err := http.Post("http://"+ln.Addr().String()+"/slow", "text/plain", nil)
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-started
	stop() // SIGTERM arrives while the write is in flight
	time.Sleep(100 * time.Millisecond)
	close(release)
	if body := <-got; body != "written" {
		t.Fatalf("in-flight request got %q", body)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
}
