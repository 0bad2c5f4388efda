package api_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
)

func ok(w http.ResponseWriter, r *http.Request) { api.Write(w, r, 200, map[string]string{"ok": "yes"}) }

func TestHandleRejects(t *testing.T) {
	base := func() api.Route {
		return api.Route{Method: "GET", Pattern: "/api/v1/things", Response: map[string]string{}, Handler: ok}
	}
	tests := []struct {
		name   string
		change func(*api.Route)
		want   string // part of the panic
	}{
		{"method", func(r *api.Route) { r.Method = "OPTIONS" }, "method must be"},
		{"lower-case method", func(r *api.Route) { r.Method = "get" }, "method must be"},
		{"outside prefix", func(r *api.Route) { r.Pattern = "/api/v2/things" }, "pattern must be"},
		{"prefix itself", func(r *api.Route) { r.Pattern = "/api/v1" }, "pattern must be"},
		{"trailing slash", func(r *api.Route) { r.Pattern = "/api/v1/things/" }, "pattern must be"},
		{"rest wildcard", func(r *api.Route) { r.Pattern = "/api/v1/files/{path...}" }, "pattern must be"},
		{"no handler", func(r *api.Route) { r.Handler = nil }, "no handler"},
		{"status", func(r *api.Route) { r.Status = 302 }, "not 2xx"},
		{"204 with response", func(r *api.Route) { r.Status = 204 }, "204 exactly"},
		{"200 without response", func(r *api.Route) { r.Response, r.Status = nil, 200 }, "204 exactly"},
		{"GET with body", func(r *api.Route) { r.Body = struct{}{} }, "take a body"},
		{"idempotent PUT", func(r *api.Route) { r.Method, r.Idempotent = "PUT", true }, "only POST"},
		{"idempotent without store", func(r *api.Route) { r.Method, r.Idempotent = "POST", true }, "Config.Idempotency"},
		{"If-Match on GET", func(r *api.Route) { r.IfMatch = true }, "for writes"},
		{"paged POST", func(r *api.Route) { r.Method, r.Paged = "POST", true }, "only GET"},
		{"unknown path param", func(r *api.Route) { r.Path = []api.Param{{Name: "id"}} }, `"id" is not in the pattern`},
		{"query shadows limit", func(r *api.Route) { r.Paged, r.Query = true, []api.Param{{Name: "limit"}} }, "declared twice"},
		{"duplicate route", func(r *api.Route) { r.Pattern = "/api/v1/things/{x}" }, "already registered"},
		{"other wildcard names", func(r *api.Route) { r.Method, r.Pattern = "DELETE", "/api/v1/things/{x}" }, "name the wildcards"},
		{"duplicate operationId", func(r *api.Route) { r.Pattern, r.OperationID = "/api/v1/other", "getThingsById" }, "operationId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := api.NewRouter(api.Config{})
			rt.Handle(api.Route{Method: "GET", Pattern: "/api/v1/things/{id}", Response: map[string]string{}, Handler: ok})
			r := base()
			tt.change(&r)
			defer func() {
				v := recover()
				if s, _ := v.(string); !strings.Contains(s, tt.want) {
					t.Errorf("panic %v, want one saying %q", v, tt.want)
				}
			}()
			rt.Handle(r)
		})
	}
}

func TestHandleDefaults(t *testing.T) {
	rt := api.NewRouter(api.Config{Prefix: "/api/v1/"})
	rt.Handle(api.Route{Method: "DELETE", Pattern: "/api/v1/allocation-runs/{run_id}/lines", Handler: ok})
	rt.Handle(api.Route{Method: "GET", Pattern: "/api/v1/pots", Response: []int{}, Handler: ok})
	got := rt.Routes()
	if got[0].Status != 204 || got[0].OperationID != "deleteAllocationRunsByRunIdLines" || got[1].Status != 200 || got[1].OperationID != "getPots" {
		t.Errorf("defaults %+v", got)
	}
	got[0].Pattern = "changed"
	if rt.Routes()[0].Pattern == "changed" {
		t.Error("Routes returns the Router's own slice")
	}
}

func TestMount(t *testing.T) {
	var logs bytes.Buffer
	rt := api.NewRouter(api.Config{Log: slog.New(slog.NewTextHandler(&logs, nil))})
	rt.Handle(api.Route{Method: "GET", Pattern: "/api/v1/pots", Response: []int{}, Handler: ok, Paged: true,
		Query: []api.Param{{Name: "year", Type: api.Integer}, {Name: "from", Type: api.Date}, {Name: "open", Type: api.Boolean},
			{Name: "kind", Enum: []string{"stimulus", "joint"}}, {Name: "agreement", Required: true}}})
	rt.Handle(api.Route{Method: "GET", Pattern: "/api/v1/pots/{id}", Response: map[string]string{}, Handler: ok})
	rt.Handle(api.Route{Method: "PUT", Pattern: "/api/v1/pots/{id}", IfMatch: true, Handler: func(w http.ResponseWriter, r *http.Request) {
		v, _ := api.IfMatch(r)
		w.Header().Set("X-Version", api.ETag(v))
		w.WriteHeader(204)
	}})
	rt.Handle(api.Route{Method: "POST", Pattern: "/api/v1/panic", Response: map[string]string{}, Handler: func(http.ResponseWriter, *http.Request) {
		panic("handler bug")
	}})
	mux := http.NewServeMux()
	rt.Mount(mux)
	mux.HandleFunc("GET /", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("web")) })

	tests := []struct {
		name, method, url string
		header            [2]string
		wantStatus        int
		wantInBody        string
		wantAllow         string
	}{
		{"list", "GET", "/api/v1/pots?agreement=1&year=2017&from=2017-01-01&open=true&kind=joint&limit=5", [2]string{}, 200, `"ok"`, ""},
		{"head", "HEAD", "/api/v1/pots/1", [2]string{}, 200, "", ""},
		{"unknown query parameter", "GET", "/api/v1/pots?agreement=1&yeer=2017", [2]string{}, 400, `"field":"yeer"`, ""},
		{"accepted parameters are listed", "GET", "/api/v1/pots?yeer=2017", [2]string{}, 400, "accepted: year, from, open, kind, agreement, limit, offset", ""},
		{"no parameters accepted", "GET", "/api/v1/pots/1?x=1", [2]string{}, 400, "accepted: none", ""},
		{"required query parameter", "GET", "/api/v1/pots", [2]string{}, 400, `"field":"agreement"`, ""},
		{"integer", "GET", "/api/v1/pots?agreement=1&year=twenty", [2]string{}, 400, `"field":"year"`, ""},
		{"date", "GET", "/api/v1/pots?agreement=1&from=2017-02-30", [2]string{}, 400, `"field":"from"`, ""},
		{"boolean", "GET", "/api/v1/pots?agreement=1&open=yes", [2]string{}, 400, `"field":"open"`, ""},
		{"enum", "GET", "/api/v1/pots?agreement=1&kind=other", [2]string{}, 400, "stimulus, joint", ""},
		{"repeated", "GET", "/api/v1/pots?agreement=1&agreement=2", [2]string{}, 400, `"field":"agreement"`, ""},
		{"limit", "GET", "/api/v1/pots?agreement=1&limit=1000", [2]string{}, 400, `"field":"limit"`, ""},
		{"malformed query", "GET", "/api/v1/pots?agreement=%zz", [2]string{}, 400, "malformed", ""},
		{"unknown path", "GET", "/api/v1/nothing", [2]string{}, 404, "no such API path", ""},
		{"unknown path in swedish", "GET", "/api/v1/nothing", [2]string{"Accept-Language", "sv"}, 404, "ingen sådan sökväg", ""},
		{"method not allowed", "DELETE", "/api/v1/pots/7", [2]string{}, 405, "method_not_allowed", "GET, HEAD, PUT"},
		{"method not allowed on list", "POST", "/api/v1/pots", [2]string{}, 405, "", "GET, HEAD"},
		{"If-Match required", "PUT", "/api/v1/pots/7", [2]string{}, 428, "precondition_required", ""},
		{"If-Match malformed", "PUT", "/api/v1/pots/7", [2]string{"If-Match", "v7"}, 400, `"field":"If-Match"`, ""},
		{"If-Match given", "PUT", "/api/v1/pots/7", [2]string{"If-Match", `"v7"`}, 204, "", ""},
		{"panic is a logged 500", "POST", "/api/v1/panic", [2]string{}, 500, "reference", ""},
		{"outside the API", "GET", "/pots", [2]string{}, 200, "web", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.url, nil)
			if tt.header[0] != "" {
				r.Header.Set(tt.header[0], tt.header[1])
			}
			w := httptest.NewRecorder()
			mux.ServeHTTP(w, r)
			if w.Code != tt.wantStatus || !strings.Contains(w.Body.String(), tt.wantInBody) || w.Header().Get("Allow") != tt.wantAllow {
				t.Errorf("%s %s = %d %s (Allow %q), want %d with %q (Allow %q)", tt.method, tt.url, w.Code, w.Body,
					w.Header().Get("Allow"), tt.wantStatus, tt.wantInBody, tt.wantAllow)
			}
			if w.Code >= 400 && w.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("error without a problem document: %v", w.Header())
			}
			if tt.name == "If-Match given" && w.Header().Get("X-Version") != `"v7"` {
				t.Errorf("handler saw version %q", w.Header().Get("X-Version"))
			}
		})
	}
	if !strings.Contains(logs.String(), "handler bug") || !strings.Contains(logs.String(), "goroutine") {
		t.Errorf("the panic was not logged with its stack: %s", &logs)
	}
}

func TestMountLimitsBodies(t *testing.T) {
	rt := api.NewRouter(api.Config{})
	rt.Handle(api.Route{Method: "POST", Pattern: "/api/v1/raw", Body: struct{}{}, Handler: func(w http.ResponseWriter, r *http.Request) {
		// A handler that reads the body itself still cannot read past the limit.
		var b bytes.Buffer
		if _, err := b.ReadFrom(r.Body); err != nil {
			api.WriteError(w, r, err)
			return
		}
		w.WriteHeader(204)
	}})
	mux := http.NewServeMux()
	rt.Mount(mux)
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("POST", "/api/v1/raw", strings.NewReader(strings.Repeat("x", api.MaxBodyBytes+1))))
	if w.Code != 413 || !strings.Contains(w.Body.String(), "too_large") {
		t.Errorf("got %d %s", w.Code, w.Body)
	}
}
