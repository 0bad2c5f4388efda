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

	"github.com/anslag/anslag/internal/grant"
)

type pinger struct{ err error }

func (p pinger) Ping(context.Context) error { return p.err }

// tokens authenticates API tokens from a map; the real authenticator is
// the app's, exercised end to end by the access matrix in package web.
type tokens map[string]grant.User

func (k tokens) Authenticate(context.Context, string) (grant.User, grant.Session, error) {
	return grant.User{}, grant.Session{}, grant.Errorf(grant.EUNAUTHORIZED, "", "no sessions here", "inga sessioner här")
}

func (k tokens) AuthenticateToken(_ context.Context, token string) (grant.User, grant.APIToken, error) {
	if u, ok := k[token]; ok {
		return u, grant.APIToken{}, nil
	}
	return grant.User{}, grant.APIToken{}, grant.Errorf(grant.EUNAUTHORIZED, "", "unknown token", "okänd token")
}

func testDeps(db error) Deps {
	return Deps{Log: slog.New(slog.DiscardHandler), DB: pinger{db}, Auth: tokens{
		"auditor": {Email: "revisor@example.se", Roles: []grant.Role{{Kind: grant.RoleAuditor}}},
		"coord":   {Email: "samordnare@example.se", Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "0780"}}},
	}}
}

func TestProbesAndMetrics(t *testing.T) {
	for _, tt := range []struct {
		name   string
		db     error
		path   string
		token  string
		status int
		body   string
	}{
		{"health", nil, "/healthz", "", 200, "ok"},
		{"ready", nil, "/readyz", "", 200, "ready"},
		{"not ready", errors.New("down"), "/readyz", "", 503, "database unavailable"},
		{"metrics", nil, "/metrics", "auditor", 200, "go_goroutines"},
		{"metrics for the public", nil, "/metrics", "", 401, "log in"},
		{"metrics for a coordinator", nil, "/metrics", "coord", 403, "administrator or auditor"},
		{"metrics with a bad token", nil, "/metrics", "stolen", 401, "unknown token"},
		{"unknown", nil, "/nope", "", 404, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Config{}, testDeps(tt.db))
			rec := httptest.NewRecorder()
			req := httptest.NewRequest("GET", tt.path, nil)
			if tt.token != "" {
				req.Header.Set("Authorization", "Bearer "+tt.token)
			}
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("%s: %d %q", tt.path, rec.Code, rec.Body.String())
			}
		})
	}
	s := New(Config{}, testDeps(nil))
	s.Handler().ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/healthz", nil))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/metrics", nil)
	req.Header.Set("Authorization", "Bearer auditor")
	s.Handler().ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `anslag_http_request_duration_seconds_count{method="GET",route="GET /healthz",status="200"} 1`) {
		t.Errorf("request metric missing:\n%s", rec.Body.String())
	}
}

// TestGracefulShutdown: a request in flight when the server is told to stop
// still completes with its answer.
func TestGracefulShutdown(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	s := New(Config{ShutdownTimeout: 5 * time.Second}, Deps{Log: slog.New(slog.DiscardHandler), DB: pinger{}, Auth: tokens{}, Mount: func(mux *Mux) {
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
