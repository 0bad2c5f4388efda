package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api/apitest"
	"github.com/anslag/anslag/internal/server"
)

// TestV1OpenAPIDocument: the document served at /api/openapi.json is valid
// OpenAPI 3.1 (checked by libopenapi against the meta-schema) and documents
// exactly the registered routes.
func TestV1OpenAPIDocument(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
		if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("GET /api/openapi.json: %d %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		doc, _ := io.ReadAll(rec.Body)
		spec := apitest.Load(t, doc)
		rt := server.NewAPI(e.svc, e.db, slog.New(slog.DiscardHandler))
		var routes []string
		for _, r := range rt.Routes() {
			routes = append(routes, r.Method+" "+r.Pattern)
		}
		slices.Sort(routes)
		if ops := spec.Operations(); !slices.Equal(ops, routes) {
			t.Errorf("documented operations differ from the routes:\ndocumented: %s\nregistered: %s", strings.Join(ops, ", "), strings.Join(routes, ", "))
		}
		if len(routes) < 3 {
			t.Errorf("only %d routes", len(routes))
		}
	})
}
