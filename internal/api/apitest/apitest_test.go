package apitest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

type thing struct {
	ID   int64      `json:"id"`
	Name string     `json:"name"`
	Day  grant.Date `json:"day,omitempty"`
}

type newThing struct {
	Name string `json:"name" jsonschema:"minLength=1"`
}

// misbehaving serves one route whose answer the query string spoils, to
// show that the checks catch what they must.
func misbehaving(t *testing.T) (*Spec, http.Handler) {
	t.Helper()
	rt := api.NewRouter(api.Config{})
	handler := func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("spoil") {
		case "type":
			api.Write(w, r, 200, map[string]any{"id": "seven", "name": "x"})
		case "extra":
			api.Write(w, r, 200, map[string]any{"id": 7, "name": "x", "secret": true})
		case "date":
			api.SetETag(w, 1)
			api.Write(w, r, 200, thing{ID: 7, Name: "x", Day: "2017-13-45"})
		case "missing":
			api.Write(w, r, 200, map[string]any{"id": 7})
		case "status":
			api.Write(w, r, 202, thing{ID: 7})
		case "content-type":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(200)
			_, _ = w.Write([]byte("<p>hi</p>"))
		case "etag":
			api.Write(w, r, 200, thing{ID: 7, Name: "x"})
		case "problem":
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"title":"no type or code"}`))
		default:
			api.SetETag(w, 1)
			api.Write(w, r, 200, thing{ID: 7, Name: "x"})
		}
	}
	rt.Handle(api.Route{Method: "POST", Pattern: "/api/v1/things/{id}", Path: []api.Param{{Name: "id", Type: api.Integer}},
		Query: []api.Param{{Name: "spoil"}}, Body: newThing{}, Response: thing{}, ETag: true, Handler: handler})
	doc, err := rt.OpenAPI(api.Info{Title: "t", Version: "1"})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	rt.Mount(mux)
	return Load(t, doc), mux
}

func TestViolations(t *testing.T) {
	spec, h := misbehaving(t)
	tests := []struct {
		name, url, ct, body string
		want                string // part of a violation; "" for none
	}{
		{"conforms", "/api/v1/things/7", "application/json", `{"name":"x"}`, ""},
		{"wrong type in response", "/api/v1/things/7?spoil=type", "application/json", `{"name":"x"}`, "id"},
		{"undocumented member", "/api/v1/things/7?spoil=extra", "application/json", `{"name":"x"}`, "secret"},
		{"format assertion", "/api/v1/things/7?spoil=date", "application/json", `{"name":"x"}`, "not valid date"},
		{"missing member", "/api/v1/things/7?spoil=missing", "application/json", `{"name":"x"}`, "name"},
		{"undocumented status", "/api/v1/things/7?spoil=status", "application/json", `{"name":"x"}`, "202"},
		{"undocumented content type", "/api/v1/things/7?spoil=content-type", "application/json", `{"name":"x"}`, "text/html"},
		{"missing ETag", "/api/v1/things/7?spoil=etag", "application/json", `{"name":"x"}`, "ETag"},
		{"malformed problem", "/api/v1/things/7?spoil=problem", "application/json", `{"name":"x"}`, "missing properties"},
		{"request body breaks the schema", "/api/v1/things/7", "application/json", `{"name":""}`, "minLength"},
		{"path parameter type", "/api/v1/things/seven", "application/json", `{"name":"x"}`, "id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", tt.url, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.ct)
			req.GetBody = func() (r io.ReadCloser, err error) { return io.NopCloser(strings.NewReader(tt.body)), nil }
			resp := serve(t, h, req)
			got, _, err := spec.violations(req, resp, true)
			if err != nil {
				t.Fatal(err)
			}
			all := strings.Join(got, "\n")
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("unexpected violations:\n%s", all)
			case tt.want != "" && !strings.Contains(all, tt.want):
				t.Errorf("violations do not mention %q:\n%s", tt.want, all)
			}
		})
	}
}

func TestServeKeepsBodies(t *testing.T) {
	spec, h := misbehaving(t)
	req := httptest.NewRequest("POST", "/api/v1/things/7", strings.NewReader(`{"name":"x"}`)) // no GetBody
	req.Header.Set("Content-Type", "application/json")
	resp := spec.Serve(t, h, req)
	b, _ := io.ReadAll(resp.Body)
	if string(b) != `{"id":7,"name":"x"}` {
		t.Errorf("body after the check: %q", b)
	}
}

func TestLoadRejects(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"not JSON or YAML", `{`, "parse"},
		{"OpenAPI 3.0", `{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{}}`, "want 3.1"},
		{"no info", `{"openapi":"3.1.0","paths":{}}`, "info"},
		{"bad path item", `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/x":{"get":{"responses":{"200":{"description":1}}}}}}`, "description"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := load([]byte(tt.doc))
			if all := strings.Join(errs, "\n"); !strings.Contains(all, tt.want) {
				t.Errorf("load errors %q, want one about %q", all, tt.want)
			}
		})
	}
}
