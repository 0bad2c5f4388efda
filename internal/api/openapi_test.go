package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/api/apitest"
)

var update = flag.Bool("update", false, "rewrite testdata/toy-openapi.json from the toy routes")

var toyInfo = api.Info{Title: "anslag toy API", Version: "0.0.1", Description: "The routes of the api package's tests.",
	Tags: []api.Tag{{Name: "pots", Description: "Earmarked parts of an agreement"}}}

func toyDoc(t *testing.T) []byte {
	t.Helper()
	rt, _ := toyRouter(newMemStore())
	doc, err := rt.OpenAPI(toyInfo)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIGolden keeps the toy document under review: a change to the
// generator shows as a diff of testdata/toy-openapi.json (go test -update).
func TestOpenAPIGolden(t *testing.T) {
	doc := toyDoc(t)
	if again := toyDoc(t); !bytes.Equal(doc, again) {
		t.Fatal("two Routers with the same routes gave different documents")
	}
	const golden = "testdata/toy-openapi.json"
	if *update {
		if err := os.WriteFile(golden, doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(doc, want) {
		t.Errorf("the document differs from %s; run go test -update and review the diff", golden)
	}
}

func TestOpenAPIValidAndComplete(t *testing.T) {
	rt, _ := toyRouter(newMemStore())
	doc, err := rt.OpenAPI(toyInfo)
	if err != nil {
		t.Fatal(err)
	}
	spec := apitest.Load(t, doc)
	var routes []string
	for _, r := range rt.Routes() {
		routes = append(routes, r.Method+" "+r.Pattern)
	}
	slices.Sort(routes)
	if ops := spec.Operations(); !slices.Equal(ops, routes) {
		t.Errorf("document operations\n%v\nregistered routes\n%v", ops, routes)
	}

	var d struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
			Parameters  []docParam
			Responses   map[string]json.RawMessage
		}
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for path, item := range d.Paths {
		for method, op := range item {
			if ids[op.OperationID] || op.OperationID == "" {
				t.Errorf("%s %s: operationId %q is empty or not unique", method, path, op.OperationID)
			}
			ids[op.OperationID] = true
			for _, status := range []string{"400", "401", "403", "404", "500"} {
				if _, ok := op.Responses[status]; !ok {
					t.Errorf("%s %s documents no %s problem", method, path, status)
				}
			}
		}
	}
	has := func(method, path, ref string) bool {
		return slices.ContainsFunc(d.Paths[path][method].Parameters, func(p docParam) bool { return p.Ref == ref })
	}
	if !has("put", "/api/v1/pots/{id}", "#/components/parameters/IfMatch") || !has("post", "/api/v1/pots", "#/components/parameters/IdempotencyKey") ||
		!has("get", "/api/v1/pots/{id}", "#/components/parameters/IfNoneMatch") {
		t.Error("a flagged header is not documented")
	}
	for _, s := range []string{"304", "412", "428"} {
		if _, ok := d.Paths["/api/v1/pots/{id}"]["put"].Responses[s]; ok != (s != "304") {
			t.Errorf("PUT documents %s: %v", s, ok)
		}
	}
	if _, ok := d.Paths["/api/v1/pots/{id}"]["get"].Responses["304"]; !ok {
		t.Error("GET with ETag does not document 304")
	}
}

type docParam struct {
	Ref  string `json:"$ref"`
	Name string
}

type exchange struct {
	name, method, path string
	header             map[string]string
	body               string
	wantStatus         int
	badRequest         bool     // wrong on purpose: only the response is checked against the document
	want               []string // substrings of the response body
	wantHeader         map[string]string
}

// TestOpenAPIExchanges runs the toy API on a real server and checks every
// request and response against the document with libopenapi-validator.
func TestOpenAPIExchanges(t *testing.T) {
	rt, _ := toyRouter(newMemStore())
	doc, err := rt.OpenAPI(toyInfo)
	if err != nil {
		t.Fatal(err)
	}
	spec := apitest.Load(t, doc)
	mux := http.NewServeMux()
	rt.Mount(mux)
	srv := httptest.NewServer(mux)
	defer srv.Close()

	create := `{"name":"Analys","year":2017,"amount":25000000000,"lines":[{"code":"0780","amount":10000}]}`
	jsonCT := map[string]string{"Content-Type": "application/json"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{"Content-Type": "application/json"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	steps := []exchange{
		{name: "create", method: "POST", path: "/api/v1/pots", header: with("Idempotency-Key", "k1"), body: create, wantStatus: 201,
			want:       []string{`"id":1`, `"formatted":"250 000 000 kr"`, `"ore":25000000000`, `"lines":[{"code":"0780","amount":{"ore":10000,"formatted":"100 kr"}}]`},
			wantHeader: map[string]string{"ETag": `"v1"`}},
		{name: "retry replays", method: "POST", path: "/api/v1/pots", header: with("Idempotency-Key", "k1"), body: create, wantStatus: 201,
			want: []string{`"id":1`}, wantHeader: map[string]string{"Idempotent-Replayed": "true"}},
		{name: "key reused", method: "POST", path: "/api/v1/pots", header: with("Idempotency-Key", "k1"), body: strings.Replace(create, "Analys", "Annat", 1),
			wantStatus: 422, want: []string{`"code":"unprocessable"`, `"field":"Idempotency-Key"`}},
		{name: "create without key", method: "POST", path: "/api/v1/pots", header: jsonCT, body: `{"name":"Unga","year":2018,"amount":15000000000}`,
			wantStatus: 201, want: []string{`"id":2`, `"lines":[]`}},
		{name: "create 3", method: "POST", path: "/api/v1/pots", header: jsonCT, body: `{"name":"Ungdomsmottagningar","year":2017,"amount":13000000000}`,
			wantStatus: 201, want: []string{`"id":3`}},
		{name: "list page 1", method: "GET", path: "/api/v1/pots?year=2017&limit=1", wantStatus: 200,
			want: []string{`"total":2`, `"next":"/api/v1/pots?limit=1&offset=1&year=2017"`, `"id":1`}},
		{name: "list page 2", method: "GET", path: "/api/v1/pots?limit=1&offset=1&year=2017", wantStatus: 200,
			want: []string{`"total":2`, `"id":3`, `"offset":1}`}},
		{name: "list all", method: "GET", path: "/api/v1/pots", wantStatus: 200, want: []string{`"total":3`, `"limit":50`}},
		{name: "list filters", method: "GET", path: "/api/v1/pots?state=open&decided_after=2017-01-01", wantStatus: 200},
		{name: "get", method: "GET", path: "/api/v1/pots/1", wantStatus: 200, want: []string{`"version":1`}, wantHeader: map[string]string{"ETag": `"v1"`}},
		{name: "not modified", method: "GET", path: "/api/v1/pots/1", header: map[string]string{"If-None-Match": `"v1"`}, wantStatus: 304,
			wantHeader: map[string]string{"ETag": `"v1"`}},
		{name: "update", method: "PUT", path: "/api/v1/pots/1", header: with("If-Match", `"v1"`),
			body: `{"name":"Analys och handlingsplaner","decided":"2017-03-01"}`, wantStatus: 200,
			want: []string{`"version":2`, `"decided":"2017-03-01"`}, wantHeader: map[string]string{"ETag": `"v2"`}},
		{name: "stale update", method: "PUT", path: "/api/v1/pots/1", header: with("If-Match", `"v1"`), body: `{"name":"x"}`,
			wantStatus: 412, want: []string{`"code":"precondition_failed"`}},
		{name: "update without If-Match", method: "PUT", path: "/api/v1/pots/1", header: jsonCT, body: `{"name":"x"}`,
			wantStatus: 428, badRequest: true, want: []string{`"code":"precondition_required"`, `"field":"If-Match"`}},
		{name: "misspelt field", method: "PUT", path: "/api/v1/pots/1", header: with("If-Match", `"v2"`), body: `{"nmae":"x"}`,
			wantStatus: 400, badRequest: true, want: []string{`"field":"nmae"`, `unknown field \"nmae\"`}},
		{name: "fraction of öre", method: "POST", path: "/api/v1/pots", header: jsonCT, body: `{"name":"x","year":2017,"amount":1.5,"lines":[]}`,
			wantStatus: 400, badRequest: true, want: []string{`"field":"amount"`, "expected a whole number of öre, got 1.5"}},
		{name: "in swedish", method: "POST", path: "/api/v1/pots", header: with("Accept-Language", "sv-SE,sv;q=0.9"),
			body: `{"name":"x","year":2017,"amount":100,"lines":[{"code":"01","amount":"100"}]}`, wantStatus: 400, badRequest: true,
			want:       []string{`"field":"lines[0].amount"`, "förväntade ett heltal öre, fick en sträng", `"title":"Ogiltig begäran"`},
			wantHeader: map[string]string{"Content-Language": "sv"}},
		{name: "not JSON", method: "POST", path: "/api/v1/pots", header: map[string]string{"Content-Type": "text/plain"}, body: "hej",
			wantStatus: 415, badRequest: true, want: []string{`"code":"unsupported_media_type"`}},
		{name: "too large", method: "POST", path: "/api/v1/pots", header: jsonCT,
			body: `{"name":"` + strings.Repeat("x", api.MaxBodyBytes) + `","year":2017,"amount":1}`, wantStatus: 413, want: []string{`"code":"too_large"`}},
		{name: "not found", method: "GET", path: "/api/v1/pots/99", wantStatus: 404, want: []string{`"detail":"pot 99 not found"`}},
		{name: "not found in swedish", method: "GET", path: "/api/v1/pots/99", header: map[string]string{"Accept-Language": "sv"},
			wantStatus: 404, want: []string{`"detail":"pott 99 finns inte"`}},
		{name: "id not a number", method: "GET", path: "/api/v1/pots/abc", wantStatus: 400, badRequest: true, want: []string{`"field":"id"`}},
		{name: "unknown query parameter", method: "GET", path: "/api/v1/pots?yeer=2017", wantStatus: 400, want: []string{`"field":"yeer"`}},
		{name: "bad enum", method: "GET", path: "/api/v1/pots?state=closed", wantStatus: 400, badRequest: true, want: []string{`"field":"state"`}},
		{name: "limit too big", method: "GET", path: "/api/v1/pots?limit=501", wantStatus: 400, badRequest: true, want: []string{`"field":"limit"`}},
		{name: "internal error", method: "POST", path: "/api/v1/pots", header: jsonCT, body: `{"name":"boom","year":2017,"amount":1}`,
			wantStatus: 500, want: []string{`"code":"internal"`, "reference"}},
		{name: "delete", method: "DELETE", path: "/api/v1/pots/2", header: map[string]string{"If-Match": `"v1"`}, wantStatus: 204},
		{name: "deleted", method: "GET", path: "/api/v1/pots/2", wantStatus: 404},
	}
	for _, s := range steps {
		ok := t.Run(s.name, func(t *testing.T) {
			req, err := http.NewRequest(s.method, srv.URL+s.path, strings.NewReader(s.body))
			if err != nil {
				t.Fatal(err)
			}
			if s.body == "" {
				req, _ = http.NewRequest(s.method, srv.URL+s.path, nil)
			}
			for k, v := range s.header {
				req.Header.Set(k, v)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			if s.badRequest {
				spec.CheckResponse(t, req, resp)
			} else {
				spec.Check(t, req, resp)
			}
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != s.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, s.wantStatus, body)
			}
			for _, w := range s.want {
				if !strings.Contains(string(body), w) {
					t.Errorf("body %s\nlacks %s", body, w)
				}
			}
			for k, v := range s.wantHeader {
				if got := resp.Header.Get(k); got != v {
					t.Errorf("header %s: %q, want %q", k, got, v)
				}
			}
		})
		if !ok {
			break // later steps depend on earlier ones
		}
	}
}

func TestOpenAPIHandler(t *testing.T) {
	rt, _ := toyRouter(newMemStore())
	h, err := rt.OpenAPIHandler(toyInfo)
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/openapi.json", nil))
	if w.Code != 200 || w.Header().Get("Content-Type") != "application/json" || !bytes.Equal(w.Body.Bytes(), toyDoc(t)) {
		t.Errorf("served %d %q, %d bytes", w.Code, w.Header().Get("Content-Type"), w.Body.Len())
	}
	bad := api.NewRouter(api.Config{})
	bad.Handle(api.Route{Method: "GET", Pattern: "/api/v1/x", Response: struct{ F func() }{}, Handler: func(http.ResponseWriter, *http.Request) {}})
	if _, err := bad.OpenAPIHandler(toyInfo); err == nil {
		t.Error("OpenAPIHandler served a document it could not make")
	}
}
