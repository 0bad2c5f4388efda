package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/api/apitest"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/server"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// v1Env is the JSON API over a real database, with every exchange checked
// against the OpenAPI document.
type v1Env struct {
	t     *testing.T
	ctx   context.Context
	svc   *app.Service
	db    *store.DB
	h     http.Handler
	spec  *apitest.Spec
	table grant.PopulationTable
	// token is the administrator's API token that requests carry unless
	// they set Authorization themselves.
	token string
}

// v1Clock is the clock of the API tests: early in the 2017 agreement's year.
var v1Clock = time.Date(2017, 2, 1, 10, 0, 0, 0, time.UTC)

// eachV1 runs fn on SQLite and PostgreSQL with the organisations seeded and
// SCB's 31 December 2017 table imported.
func eachV1(t *testing.T, fn func(t *testing.T, e *v1Env)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		reg, err := refdata.Load()
		if err != nil {
			t.Fatal(err)
		}
		e := &v1Env{t: t, ctx: context.Background(), db: db,
			svc: app.New(app.Config{Store: db, Register: reg, Now: func() time.Time { return v1Clock }, Passwords: auth.TestParams})}
		if _, err := e.svc.SeedOrganisations(e.ctx); err != nil {
			t.Fatal(err)
		}
		fh, err := os.Open("../../examples/scb_kommuner_2017-12-31.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		if e.table, err = e.svc.ImportPopulation(e.ctx, grant.PopulationTable{Name: "SCB 31 dec 2017", Source: "scb", ReferenceDate: "2017-12-31"}, fh); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddUser(e.ctx, grant.User{Email: "handlaggare@example.se", Name: "Handläggare",
			Roles: []grant.Role{{Kind: grant.RoleAdmin}}}, "ett långt lösenord för testerna"); err != nil {
			t.Fatal(err)
		}
		if e.token, _, err = e.svc.CreateToken(e.ctx, "handlaggare@example.se", "api-tester"); err != nil {
			t.Fatal(err)
		}
		rt := server.NewAPI(e.svc, db, slog.New(slog.DiscardHandler))
		mux := http.NewServeMux()
		if err := server.MountAPI(mux, rt); err != nil {
			t.Fatal(err)
		}
		e.h = server.Authenticate(e.svc, mux)
		doc, err := rt.OpenAPI(server.APIInfo())
		if err != nil {
			t.Fatal(err)
		}
		e.spec = apitest.Load(t, doc)
		fn(t, e)
	})
}

// v1Response is an answer with its body.
type v1Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test on malformed JSON.
func (r v1Response) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("response %d is not JSON: %v\n%s", r.Status, err, r.Body)
	}
}

// do sends a request (body marshalled to JSON unless it is []byte or nil)
// with headers as name, value pairs, and checks request and response
// against the OpenAPI document.
func (e *v1Env) do(method, path string, body any, headers ...string) v1Response {
	e.t.Helper()
	return e.send(true, method, path, body, headers...)
}

// bad sends a request that is wrong on purpose: only the response is
// checked against the document.
func (e *v1Env) bad(method, path string, body any, headers ...string) v1Response {
	e.t.Helper()
	return e.send(false, method, path, body, headers...)
}

func (e *v1Env) send(checkRequest bool, method, path string, body any, headers ...string) v1Response {
	e.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			e.t.Fatal(err)
		}
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(raw))
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(raw)), nil }
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if req.Header.Get("Authorization") == "" { // a test of the public sets it to ""
		req.Header.Del("Authorization")
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	resp := rec.Result()
	if checkRequest {
		e.spec.Check(e.t, req, resp)
	} else {
		e.spec.CheckResponse(e.t, req, resp)
	}
	b, _ := io.ReadAll(resp.Body)
	return v1Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// fingerprint counts what every write adds to: audit entries and ledger
// entries. A refused request must leave it unchanged.
func (e *v1Env) fingerprint() [2]int {
	e.t.Helper()
	var fp [2]int
	err := e.db.Read(e.ctx, func(tx app.Tx) error {
		_, audit, err := tx.ListAudit(e.ctx, app.AuditFilter{Limit: 1, Count: true})
		if err != nil {
			return err
		}
		_, ledger, err := tx.ListLedger(e.ctx, app.ListFilter{Limit: 1, Count: true})
		fp = [2]int{audit, ledger}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return fp
}

// problem decodes a problem document and checks its status and field.
func (e *v1Env) problem(r v1Response, status int, field string) {
	e.t.Helper()
	if r.Status != status {
		e.t.Fatalf("status %d, want %d: %s", r.Status, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		e.t.Errorf("content type %q", ct)
	}
	var p struct {
		Detail, Code, Field string
	}
	r.JSON(e.t, &p)
	if p.Field != field || p.Detail == "" || p.Code == "" {
		e.t.Errorf("problem %s: field %q, want %q", r.Body, p.Field, field)
	}
}

// total reads a list's total; -1 when the list did not give one.
func total(n *int) int {
	if n == nil {
		return -1
	}
	return *n
}
