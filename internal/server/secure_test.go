package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// Every answer, found or not, carries the security headers; a browser's
// state-changing request from another site is refused before it reaches a
// handler, while the same request from anslag's own pages, a script
// without browser headers, or a safe method passes.
func TestSecurityHeadersAndCrossOriginRefusal(t *testing.T) {
	reached := 0
	s := New(Config{}, Deps{Log: slog.New(slog.DiscardHandler), DB: pinger{}, Auth: tokens{}, Mount: func(mux *Mux) {
		mux.HandleFunc("/api/v1/things", func(w http.ResponseWriter, r *http.Request) { reached++ })
	}})
	for _, tt := range []struct {
		name, method, path string
		headers            map[string]string
		status             int
		reaches            bool
	}{
		{"health", "GET", "/healthz", nil, 200, false},
		{"not found", "GET", "/nope", nil, 404, false},
		{"script POST", "POST", "/api/v1/things", nil, 200, true},
		{"same-origin POST", "POST", "/api/v1/things", map[string]string{"Sec-Fetch-Site": "same-origin"}, 200, true},
		{"cross-site GET", "GET", "/api/v1/things", map[string]string{"Sec-Fetch-Site": "cross-site"}, 200, true},
		{"cross-site POST", "POST", "/api/v1/things", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, false},
		{"cross-site DELETE", "DELETE", "/api/v1/things", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403, false},
		{"foreign Origin PUT", "PUT", "/api/v1/things", map[string]string{"Origin": "https://evil.example"}, 403, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before := reached
			req := httptest.NewRequest(tt.method, tt.path, nil)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.status || (reached > before) != tt.reaches {
				t.Fatalf("%d (reached handler: %v), want %d (%v): %s", rec.Code, reached > before, tt.status, tt.reaches, rec.Body)
			}
			h := rec.Header()
			csp := h.Get("Content-Security-Policy")
			if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") ||
				h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "same-origin" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("headers: %v", h)
			}
			if tt.status == 403 && (!strings.Contains(rec.Body.String(), "annan webbplats") && !strings.Contains(rec.Body.String(), "another site") ||
				!strings.HasPrefix(h.Get("Content-Type"), "application/problem+json")) {
				t.Errorf("refusal: %s %s", h.Get("Content-Type"), rec.Body)
			}
		})
	}
}
