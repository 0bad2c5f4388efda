package api_test

import (
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/server"
)

// TestV1BadInputEveryRoute sends malformed requests to every registered
// route: each must answer a 4xx problem document and leave the database
// unchanged. A new route is covered the moment it is registered.
func TestV1BadInputEveryRoute(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		rt := server.NewAPI(e.svc, e.db, slog.New(slog.DiscardHandler))
		param := regexp.MustCompile(`\{[^}]+\}`)
		checked := 0
		for _, r := range rt.Routes() {
			if r.Method == "GET" {
				// Reads change nothing by construction; an unknown query parameter is refused.
				path := param.ReplaceAllString(r.Pattern, "1")
				resp := e.bad("GET", path+"?colour=red", nil)
				if resp.Status != http.StatusBadRequest {
					t.Errorf("GET %s?colour=red: %d, want 400", r.Pattern, resp.Status)
				}
				checked++
				continue
			}
			before := e.fingerprint()
			var cases []badCase
			good := param.ReplaceAllString(r.Pattern, "1")
			if r.Body != nil {
				cases = append(cases,
					badCase{"malformed JSON", good, []byte(`{"x":`), []string{"If-Match", `"v1"`}},
					badCase{"not an object", good, []byte(`[1, 2]`), []string{"If-Match", `"v1"`}},
					badCase{"unknown member", good, []byte(`{"no_such_member": 1}`), []string{"If-Match", `"v1"`}},
				)
			}
			if strings.Contains(r.Pattern, "{") {
				cases = append(cases, badCase{"unknown record", param.ReplaceAllString(r.Pattern, "987654"), []byte(`{}`), []string{"If-Match", `"v1"`}})
			}
			if r.IfMatch {
				cases = append(cases, badCase{"no If-Match", good, []byte(`{}`), nil})
			}
			for _, c := range cases {
				resp := e.bad(r.Method, c.path, c.body, c.headers...)
				if resp.Status < 400 || resp.Status > 499 || resp.Header.Get("Content-Type") != "application/problem+json" {
					t.Errorf("%s %s (%s): %d %s", r.Method, r.Pattern, c.name, resp.Status, resp.Body)
				}
				checked++
			}
			if after := e.fingerprint(); after != before {
				t.Errorf("%s %s: bad requests changed the database: %v → %v", r.Method, r.Pattern, before, after)
			}
		}
		if checked < len(rt.Routes()) {
			t.Errorf("checked %d requests for %d routes", checked, len(rt.Routes()))
		}
	})
}

// badCase is one deliberately wrong request.
type badCase struct {
	name, path string
	body       any
	headers    []string
}
