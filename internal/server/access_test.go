package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// Who may reach a route, as the roles allowed.
var (
	everyone  = []string{public, foreign, auditor, own, admin}
	loggedIn  = []string{foreign, auditor, own, admin}
	oversight = []string{auditor, admin}
	adminOnly = []string{admin}
	orgRead   = []string{auditor, own, admin} // Växjö's records that are not public
	orgWrite  = []string{own, admin}          // acting for Växjö
)

// accessCase is one request to a route and the roles it allows.
type accessCase struct {
	name  string
	allow []string
	req   func(f *accessFixture) *http.Request
	want  int // if set, the status every allowed role must get
}

// get, send and form build the requests of the cases.
func get(path string) func(*accessFixture) *http.Request {
	return func(*accessFixture) *http.Request { return httptest.NewRequest(http.MethodGet, path, nil) }
}

func send(method, path string, body any, ifMatch bool) func(*accessFixture) *http.Request {
	return func(*accessFixture) *http.Request {
		var r io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			r = bytes.NewReader(b)
		}
		req := httptest.NewRequest(method, path, r)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if ifMatch { // a stale version: a write let through stops at 412 and changes nothing
			req.Header.Set("If-Match", `"v999"`)
		}
		return req
	}
}

func form(path string, values url.Values) func(*accessFixture) *http.Request {
	return func(*accessFixture) *http.Request {
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(values.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	}
}

// TestAccessMatrix tries every route the server has registered, as every
// role, on records of the coordinator's own and of a foreign organisation,
// and checks that exactly the roles the table names get through: the
// public with 401, other roles with 403. A route without an entry fails.
func TestAccessMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newAccessFixture(t, db)
		matrix := accessMatrix(f)
		patterns := f.srv.Patterns()
		for _, p := range patterns {
			if _, ok := matrix[p]; !ok {
				t.Errorf("route %q has no entry in the access matrix: say who may use it", p)
			}
		}
		for p := range matrix {
			if !slices.Contains(patterns, p) {
				t.Errorf("the access matrix names %q, which is not a route", p)
			}
		}
		for _, p := range slices.Sorted(func(yield func(string) bool) {
			for p := range matrix {
				if !yield(p) {
					return
				}
			}
		}) {
			for _, c := range matrix[p] {
				for _, role := range roles {
					req := c.req(f)
					resp := f.serve(req, role)
					body, _ := io.ReadAll(resp.Body)
					allowed := slices.Contains(c.allow, role)
					switch {
					case allowed && c.want != 0 && resp.StatusCode != c.want:
						t.Errorf("%s %s as %s: %d, want %d: %.300s", p, c.name, role, resp.StatusCode, c.want, body)
					case allowed && (resp.StatusCode == 401 || resp.StatusCode == 403 || resp.StatusCode >= 500):
						t.Errorf("%s %s as %s: %d, want it let through: %.300s", p, c.name, role, resp.StatusCode, body)
					case !allowed && role == public && resp.StatusCode != 401:
						t.Errorf("%s %s as the public: %d, want 401: %.300s", p, c.name, resp.StatusCode, body)
					case !allowed && role != public && resp.StatusCode != 403:
						t.Errorf("%s %s as %s: %d, want 403: %.300s", p, c.name, role, resp.StatusCode, body)
					}
				}
			}
		}
	})
}

// accessMatrix is who may use each route: the table a new route must join.
func accessMatrix(f *accessFixture) map[string][]accessCase {
	id := func(format string, v ...any) string { return fmt.Sprintf(format, v...) }
	one := func(allow []string, req func(*accessFixture) *http.Request) []accessCase {
		return []accessCase{{allow: allow, req: req}}
	}
	m := map[string][]accessCase{
		"GET /healthz": one(everyone, get("/healthz")),
		"GET /readyz":  one(everyone, get("/readyz")),
		"GET /metrics": one(oversight, get("/metrics")),

		// Pages.
		"GET /{$}":                 one(everyone, get("/")),
		"GET /login":               one(everyone, get("/login")),
		"POST /login":              one(everyone, form("/login", url.Values{"email": {f.emails[own]}, "password": {password}})),
		"POST /logout":             one(everyone, form("/logout", nil)),
		"GET /login/oidc":          one(everyone, get("/login/oidc")),
		"GET /login/oidc/callback": one(everyone, oidcCallback),
		"GET /static/":             one(everyone, get("/static/anslag.css")),
		"GET /allocations": {
			{name: "all", allow: everyone, req: get("/allocations")},
			{name: "a county", allow: everyone, req: get("/allocations?year=2017&county=07")},
		},
		"GET /overview": {
			{name: "own", allow: loggedIn, req: get("/overview")},
			{name: "Växjö", allow: orgRead, req: get("/overview?org=" + ownOrg)},
		},
		"GET /flow":       one(everyone, get("/flow?year=2017")),
		"GET /per-capita": one(everyone, get("/per-capita?year=2017")),
		"GET /audit":      one(oversight, get("/audit?entity=requisition&from=2017-01-01")),
		"GET /as-of":      one(oversight, get("/as-of?date=2017-06-30&org="+ownOrg)),
		"GET /open-data/{file}": {
			{name: "json", allow: everyone, req: get("/open-data/2017.json"), want: 200},
			{name: "csv", allow: everyone, req: get("/open-data/2017.csv"), want: 200},
			{name: "no such year", allow: everyone, req: get("/open-data/1999.json"), want: 404},
		},
		"GET /open-data": one(everyone, get("/open-data")),
		"GET /allocations/{run}": {
			{name: "decided", allow: everyone, req: get(id("/allocations/%d", f.run))},
			{name: "draft", allow: oversight, req: get(id("/allocations/%d", f.draftRun))},
		},
		"GET /allocations/{run}/decision": {
			{name: "decided", allow: everyone, req: get(id("/allocations/%d/decision", f.run))},
			{name: "draft", allow: oversight, req: get(id("/allocations/%d/decision", f.draftRun))},
		},
		"GET /allocations/{run}/decision.pdf": { // the fixture has no printer: 404 once past the access check
			{name: "decided", allow: everyone, req: get(id("/allocations/%d/decision.pdf", f.run)), want: 404},
			{name: "draft", allow: oversight, req: get(id("/allocations/%d/decision.pdf", f.draftRun)), want: 404},
		},
		"GET /requisitions": {
			{name: "own", allow: loggedIn, req: get("/requisitions")},
			{name: "of Växjö", allow: orgRead, req: get("/requisitions?org=" + ownOrg)},
			{name: "export", allow: orgRead, req: get("/requisitions?format=csv&org=" + ownOrg)},
		},
		"GET /requisitions/new":           one(orgWrite, get(id("/requisitions/new?org=%s&pot=%d", ownOrg, f.pot))),
		"POST /requisitions/new":          one(orgWrite, form("/requisitions/new", url.Values{"org": {ownOrg}, "pot": {id("%d", f.pot)}, "amount": {"1000"}})),
		"GET /requisitions/{id}":          one(orgRead, get(id("/requisitions/%d", f.requisition))),
		"POST /requisitions/{id}/approve": one(adminOnly, form(id("/requisitions/%d/approve", f.requisition), url.Values{"version": {"999"}})),
		"POST /requisitions/{id}/reject": one(adminOnly, form(id("/requisitions/%d/reject", f.requisition),
			url.Values{"version": {"999"}, "reason": {"ofullständig"}})),
		"POST /requisitions/{id}/payments": one(adminOnly, form(id("/requisitions/%d/payments", f.requisition),
			url.Values{"version": {"999"}, "amount": {"1"}, "paid_on": {"2017-03-01"}, "idempotency_key": {"sida-1"}})),
		"GET /conditions": {
			{name: "own", allow: loggedIn, req: get("/conditions")},
			{name: "of Växjö", allow: orgRead, req: get("/conditions?org=" + ownOrg)},
		},
		"POST /conditions/{id}/submit":  one(orgWrite, form(id("/conditions/%d/submit", f.condition), url.Values{"org": {ownOrg}, "document": {"dnr 1"}})),
		"POST /conditions/{id}/approve": one(adminOnly, form(id("/conditions/%d/approve", f.condition), url.Values{"org": {ownOrg}, "version": {"999"}})),
		"POST /conditions/{id}/reject": one(adminOnly, form(id("/conditions/%d/reject", f.condition),
			url.Values{"org": {ownOrg}, "version": {"999"}, "reason": {"ofullständig"}})),
		"GET /reports": {
			{name: "own", allow: loggedIn, req: get("/reports")},
			{name: "of Växjö", allow: orgRead, req: get("/reports?org=" + ownOrg)},
			{name: "claims export", allow: orgRead, req: get("/reports?format=xlsx&table=claims&org=" + ownOrg)},
		},
		"GET /reports/new":  one(orgWrite, get(id("/reports/new?org=%s&pot=%d", ownOrg, f.pot))),
		"POST /reports/new": one(orgWrite, form("/reports/new", url.Values{"org": {ownOrg}, "pot": {id("%d", f.pot)}, "used": {"1"}})),
		"POST /claims/{id}/repayments": one(adminOnly, form(id("/claims/%d/repayments", f.claim),
			url.Values{"amount": {"1"}, "paid_on": {"2017-03-01"}, "idempotency_key": {"sida-återbetalning"}})),
		"GET /organisations/{code}": {
			{name: "Växjö", allow: everyone, req: get("/organisations/" + ownOrg)},
			{name: "unknown", allow: everyone, req: get("/organisations/9999"), want: 404}, // the same for all: neither 401 nor 403
		},
		"GET /agreements": one(everyone, get("/agreements")),
		// The population page; an upload without a file is refused (400), an unknown import is not found.
		"GET /population-tables":                 one(adminOnly, get("/population-tables")),
		"POST /population-tables/upload":         {{allow: adminOnly, req: form("/population-tables/upload", nil), want: 400}},
		"POST /population-tables/import/{token}": {{allow: adminOnly, req: form("/population-tables/import/x", nil), want: 404}},
		"GET /population-tables/import/{token}":  {{allow: adminOnly, req: get("/population-tables/import/x"), want: 404}},
		"GET /agreements/{id}":                   one(everyone, get(id("/agreements/%d", f.agreement))),
		"GET /agreements/new":                    one(adminOnly, get("/agreements/new")),
		// The admin's empty forms are refused by the rules (422), changing nothing.
		"POST /agreements/new":           {{allow: adminOnly, req: form("/agreements/new", nil), want: 422}},
		"GET /agreements/{id}/edit":      one(adminOnly, get(id("/agreements/%d/edit", f.agreement))),
		"POST /agreements/{id}/edit":     {{allow: adminOnly, req: form(id("/agreements/%d/edit", f.agreement), nil), want: 422}},
		"GET /agreements/{id}/pots/new":  one(adminOnly, get(id("/agreements/%d/pots/new", f.agreement))),
		"POST /agreements/{id}/pots/new": {{allow: adminOnly, req: form(id("/agreements/%d/pots/new", f.agreement), nil), want: 422}},
		"GET /pots/{id}/edit":            one(adminOnly, get(id("/pots/%d/edit", f.draftPot))),
		"POST /pots/{id}/edit":           {{allow: adminOnly, req: form(id("/pots/%d/edit", f.draftPot), nil), want: 422}},
		"GET /pots/{id}/preview":         one(oversight, get(id("/pots/%d/preview", f.draftPot))),
		"GET /pots/{id}/compare":         one(oversight, get(id("/pots/%d/compare?b.ages=", f.draftPot))),
		// A run of a decided pot, and a stale version: refused (409) without a change.
		"POST /pots/{id}/runs":              {{allow: adminOnly, req: form(id("/pots/%d/runs", f.pot), nil), want: 409}},
		"POST /allocations/{run}/decide":    {{allow: adminOnly, req: form(id("/allocations/%d/decide", f.draftRun), url.Values{"version": {"999"}}), want: 409}},
		"POST /allocations/{run}/recompute": {{allow: adminOnly, req: form(id("/allocations/%d/recompute", f.draftRun), url.Values{"version": {"999"}}), want: 409}},

		// The local pages: sub-allocations, initiatives, action plans.
		"GET /organisations/{code}/sub-allocations": one(everyone, get("/organisations/"+ownOrg+"/sub-allocations")),
		"POST /organisations/{code}/sub-allocations": one(orgWrite, func(f *accessFixture) *http.Request { // over-allocated: refused, nothing saved
			return form("/organisations/"+ownOrg+"/sub-allocations", url.Values{"agreement": {fmt.Sprint(f.agreement)}, "to-0": {"org:0780-sn"},
				"amount-0": {"999 999 999"}, "date-0": {"2017-03-01"}})(f)
		}),
		"POST /organisations/{code}/sub-allocations/remaining": one(orgWrite, form("/organisations/"+ownOrg+"/sub-allocations/remaining", url.Values{"amount-0": {"1 000"}})),
		"POST /sub-allocations/{id}/withdraw":                  one(orgWrite, form(id("/sub-allocations/%d/withdraw", f.subAllocation), url.Values{"version": {"999"}})),
		"GET /organisations/{code}/initiatives/new":            one(orgWrite, get("/organisations/"+ownOrg+"/initiatives/new")),
		"POST /organisations/{code}/initiatives/new":           one(orgWrite, form("/organisations/"+ownOrg+"/initiatives/new", nil)),
		"GET /initiatives/{id}/edit":                           one(orgWrite, get(id("/initiatives/%d/edit", f.initiative))),
		"POST /initiatives/{id}/edit":                          one(orgWrite, form(id("/initiatives/%d/edit", f.initiative), nil)),
		"GET /plans/{id}":                                      one(orgRead, get(id("/plans/%d", f.plan))), // a draft
		"GET /plans/{id}/edit":                                 one(orgWrite, get(id("/plans/%d/edit", f.plan))),
		"POST /plans/{id}/edit":                                one(orgWrite, form(id("/plans/%d/edit", f.plan), nil)),
		"GET /organisations/{code}/plans/new":                  one(orgWrite, get("/organisations/"+ownOrg+"/plans/new")),
		"POST /organisations/{code}/plans/new":                 one(orgWrite, form("/organisations/"+ownOrg+"/plans/new", nil)),

		"GET /api/openapi.json":            one(everyone, get("/api/openapi.json")),
		"GET /api/v1/":                     one(everyone, get("/api/v1/nothing")),
		"POST /api/v1/":                    one(everyone, send("POST", "/api/v1/nothing", nil, false)),
		"PUT /api/v1/":                     one(everyone, send("PUT", "/api/v1/nothing", nil, false)),
		"PATCH /api/v1/":                   one(everyone, send("PATCH", "/api/v1/nothing", nil, false)),
		"DELETE /api/v1/":                  one(everyone, send("DELETE", "/api/v1/nothing", nil, false)),
		"POST /api/v1/session":             one(everyone, send("POST", "/api/v1/session", map[string]string{"email": f.emails[own], "password": password}, false)),
		"GET /api/v1/session":              one(loggedIn, get("/api/v1/session")),
		"DELETE /api/v1/session":           one(everyone, send("DELETE", "/api/v1/session", nil, false)),
		"GET /api/v1/tokens":               one(loggedIn, get("/api/v1/tokens")),
		"POST /api/v1/tokens":              one(loggedIn, send("POST", "/api/v1/tokens", map[string]string{"name": "skript"}, false)),
		"DELETE /api/v1/tokens/{id}":       one(orgWrite, send("DELETE", id("/api/v1/tokens/%d", f.token), nil, false)), // Växjö's coordinator's own token
		"GET /api/v1/organisations":        one(everyone, get("/api/v1/organisations")),
		"GET /api/v1/organisations/{code}": one(everyone, get("/api/v1/organisations/"+ownOrg)),
		"POST /api/v1/organisations": one(orgWrite, func(f *accessFixture) *http.Request {
			return send("POST", "/api/v1/organisations", map[string]string{"code": fmt.Sprintf("0780-un%d", f.next()), "kind": "committee",
				"name": "Utbildningsnämnden", "parent_code": ownOrg}, false)(f)
		}),
		"GET /api/v1/population-tables":      one(everyone, get("/api/v1/population-tables")),
		"GET /api/v1/population-tables/{id}": one(everyone, get(id("/api/v1/population-tables/%d", f.table))),
		"POST /api/v1/population-tables": one(adminOnly, send("POST", "/api/v1/population-tables", map[string]any{"name": "Ny",
			"source": "scb", "reference_date": "2018-12-31", "csv": "kod,folkmängd\n0780,94000\n"}, false)),
		// Kolada key figures: public values, imports by the administrator.
		"GET /kolada":                one(oversight, get("/kolada")),
		"POST /kolada":               {{allow: adminOnly, req: form("/kolada", nil), want: 400}}, // no file: refused
		"GET /api/v1/kolada/values":  one(everyone, get("/api/v1/kolada/values?kpi=N17473&organisation=0780")),
		"GET /api/v1/kolada/imports": one(oversight, get("/api/v1/kolada/imports")),
		"POST /api/v1/kolada/imports": one(adminOnly, send("POST", "/api/v1/kolada/imports", map[string]any{"values": []any{map[string]any{
			"kpi": "N17473", "municipality": "0780", "period": 2019, "values": []any{map[string]any{"gender": "T", "value": 12.5}}}}}, false)),
		"POST /api/v1/population-tables/import": one(adminOnly, send("POST", "/api/v1/population-tables/import?name=Ny", map[string]any{
			"version": "2.0", "class": "dataset", "id": []string{"Region", "Tid"}, "size": []int{1, 1},
			"dimension": map[string]any{"Region": map[string]any{"category": map[string]any{"index": []string{"0780"}}},
				"Tid": map[string]any{"category": map[string]any{"index": []string{"2018"}}}},
			"value": []int{94000}}, false)),
		"GET /api/v1/agreements":      one(everyone, get("/api/v1/agreements")),
		"GET /api/v1/agreements/{id}": one(everyone, get(id("/api/v1/agreements/%d", f.agreement))),
		"POST /api/v1/agreements": one(adminOnly, send("POST", "/api/v1/agreements", map[string]any{"year": 2019, "title": "Psykisk hälsa 2019",
			"total": 100_000_000}, false)),
		"PUT /api/v1/agreements/{id}": one(adminOnly, send("PUT", id("/api/v1/agreements/%d", f.agreement), map[string]any{"year": 2017,
			"title": "Psykisk hälsa 2017", "total": 88_500_000_000}, true)),
		"GET /api/v1/pots":      one(everyone, get("/api/v1/pots")),
		"GET /api/v1/pots/{id}": one(everyone, get(id("/api/v1/pots/%d", f.pot))),
		"POST /api/v1/pots": one(adminOnly, send("POST", "/api/v1/pots", map[string]any{"agreement_id": f.agreement, "name": "Övrigt",
			"amount": 100_000}, false)),
		"PUT /api/v1/pots/{id}": one(adminOnly, send("PUT", id("/api/v1/pots/%d", f.draftPot), map[string]any{"name": "Unga",
			"amount": 15_000_000_000}, true)),
		"GET /api/v1/pots/{id}/preview": one(oversight, get(id("/api/v1/pots/%d/preview", f.draftPot))),
		"GET /api/v1/runs": {
			{name: "decided", allow: everyone, req: get("/api/v1/runs?status=decided")},
			{name: "drafts", allow: oversight, req: get("/api/v1/runs?status=draft")},
		},
		"GET /api/v1/runs/{id}": {
			{name: "decided", allow: everyone, req: get(id("/api/v1/runs/%d", f.run))},
			{name: "draft", allow: oversight, req: get(id("/api/v1/runs/%d", f.draftRun))},
		},
		"GET /api/v1/runs/{id}/verify": {
			{name: "decided", allow: everyone, req: get(id("/api/v1/runs/%d/verify", f.run))},
			{name: "draft", allow: oversight, req: get(id("/api/v1/runs/%d/verify", f.draftRun))},
		},
		"POST /api/v1/pots/{id}/runs":      one(adminOnly, send("POST", id("/api/v1/pots/%d/runs", f.pot), nil, false)),
		"POST /api/v1/runs/{id}/recompute": one(adminOnly, send("POST", id("/api/v1/runs/%d/recompute", f.draftRun), nil, true)),
		"POST /api/v1/runs/{id}/decide":    one(adminOnly, send("POST", id("/api/v1/runs/%d/decide", f.draftRun), nil, true)),
		"GET /api/v1/ledger":               one(orgRead, get("/api/v1/ledger?org="+ownOrg)),
		"GET /api/v1/balances":             one(orgRead, get("/api/v1/balances?org="+ownOrg)),
		"GET /api/v1/audit":                one(oversight, get("/api/v1/audit")),
		"GET /api/v1/requisitions": {
			{name: "of Växjö", allow: orgRead, req: get("/api/v1/requisitions?org=" + ownOrg)},
			{name: "as of a date", allow: orgRead, req: get("/api/v1/requisitions?as_of=2017-03-01&org=" + ownOrg)},
		},
		"GET /api/v1/requisitions/{id}": one(orgRead, get(id("/api/v1/requisitions/%d", f.requisition))),
		"POST /api/v1/requisitions": one(orgWrite, send("POST", "/api/v1/requisitions", map[string]any{"pot_id": f.pot, "org_code": ownOrg,
			"amount": 100}, false)),
		"POST /api/v1/requisitions/{id}/approve": one(adminOnly, send("POST", id("/api/v1/requisitions/%d/approve", f.requisition), nil, true)),
		"POST /api/v1/requisitions/{id}/reject": one(adminOnly, send("POST", id("/api/v1/requisitions/%d/reject", f.requisition),
			map[string]string{"reason": "fel"}, true)),
		"POST /api/v1/requisitions/{id}/payments": one(adminOnly, send("POST", id("/api/v1/requisitions/%d/payments", f.requisition),
			map[string]any{"amount": 100, "paid_on": "2017-03-01", "idempotency_key": fmt.Sprint("matris-", f.next())}, false)),
		"GET /api/v1/requisitions/{id}/payments": one(orgRead, get(id("/api/v1/requisitions/%d/payments", f.requisition))),
		"GET /api/v1/payments":                   one(orgRead, get("/api/v1/payments?org="+ownOrg)),
		"POST /api/v1/conditions/{id}/fulfilments": one(orgWrite, send("POST", id("/api/v1/conditions/%d/fulfilments", f.condition),
			map[string]string{"org_code": ownOrg, "document": "Analys dnr 2017/2"}, false)),
		"POST /api/v1/conditions/{id}/fulfilments/{org}/approve": one(adminOnly, send("POST",
			id("/api/v1/conditions/%d/fulfilments/%s/approve", f.condition, ownOrg), nil, true)),
		"POST /api/v1/conditions/{id}/fulfilments/{org}/reject": one(adminOnly, send("POST",
			id("/api/v1/conditions/%d/fulfilments/%s/reject", f.condition, ownOrg), map[string]string{"reason": "ofullständig"}, true)),
		"GET /api/v1/condition-statuses": one(orgRead, get("/api/v1/condition-statuses?org="+ownOrg)),
		"POST /api/v1/reports": one(orgWrite, send("POST", "/api/v1/reports", map[string]any{"pot_id": f.pot, "org_code": ownOrg,
			"used": 100, "unused": 0}, false)),
		"GET /api/v1/reports/{id}": one(orgRead, get(id("/api/v1/reports/%d", f.report))),
		"GET /api/v1/reports":      one(orgRead, get("/api/v1/reports?org="+ownOrg)),
		"GET /api/v1/claims/{id}":  one(orgRead, get(id("/api/v1/claims/%d", f.claim))),
		"GET /api/v1/claims":       one(orgRead, get("/api/v1/claims?org="+ownOrg)),
		"POST /api/v1/claims/{id}/repayments": one(adminOnly, send("POST", id("/api/v1/claims/%d/repayments", f.claim),
			map[string]any{"amount": 100, "paid_on": "2017-03-01", "idempotency_key": fmt.Sprint("matris-", f.next())}, false)),
		"POST /api/v1/sub-allocations": one(orgWrite, send("POST", "/api/v1/sub-allocations", subAllocation(f), false)),
		"POST /api/v1/sub-allocations/decisions": one(orgWrite, send("POST", "/api/v1/sub-allocations/decisions",
			map[string]any{"lines": []any{subAllocation(f)}}, false)),
		"GET /api/v1/sub-allocations/{id}": one(everyone, get(id("/api/v1/sub-allocations/%d", f.subAllocation))),
		"GET /api/v1/sub-allocations": {
			{name: "now", allow: everyone, req: get("/api/v1/sub-allocations?org=" + ownOrg)},
			{name: "as of a date", allow: everyone, req: get("/api/v1/sub-allocations?as_of=2017-03-01")},
		},
		"POST /api/v1/sub-allocations/{id}/withdraw": one(orgWrite, send("POST", id("/api/v1/sub-allocations/%d/withdraw", f.subAllocation), nil, true)),
		"POST /api/v1/initiatives":                   one(orgWrite, send("POST", "/api/v1/initiatives", initiative(), false)),
		"GET /api/v1/initiatives/{id}":               one(everyone, get(id("/api/v1/initiatives/%d", f.initiative))),
		"GET /api/v1/initiatives":                    one(everyone, get("/api/v1/initiatives?org="+ownOrg)),
		"PUT /api/v1/initiatives/{id}":               one(orgWrite, send("PUT", id("/api/v1/initiatives/%d", f.initiative), initiative(), true)),
		"POST /api/v1/action-plans":                  one(orgWrite, send("POST", "/api/v1/action-plans", plan(), false)),
		"GET /api/v1/action-plans/{id}":              one(orgRead, get(id("/api/v1/action-plans/%d", f.plan))), // a draft
		"GET /api/v1/action-plans": {
			{name: "adopted", allow: everyone, req: get("/api/v1/action-plans")},
			{name: "drafts of Växjö", allow: orgRead, req: get("/api/v1/action-plans?status=draft&org=" + ownOrg)},
		},
		"PUT /api/v1/action-plans/{id}": one(orgWrite, send("PUT", id("/api/v1/action-plans/%d", f.plan), plan(), true)),

		// Contact persons (personal data: logged-in users only) and reminders.
		"GET /api/v1/organisations/{code}/contacts":  one(loggedIn, get("/api/v1/organisations/"+ownOrg+"/contacts")),
		"POST /api/v1/organisations/{code}/contacts": one(orgWrite, send("POST", "/api/v1/organisations/"+ownOrg+"/contacts", contact(), false)),
		"GET /api/v1/contacts/{id}":                  one(loggedIn, get(id("/api/v1/contacts/%d", f.contact))),
		"PUT /api/v1/contacts/{id}":                  one(orgWrite, send("PUT", id("/api/v1/contacts/%d", f.contact), contact(), true)),
		"DELETE /api/v1/contacts/{id}":               one(orgWrite, send("DELETE", id("/api/v1/contacts/%d", f.contact), nil, true)),
		"GET /api/v1/reminders":                      one(oversight, get("/api/v1/reminders?status=sent")),
		"GET /reminders":                             one(oversight, get("/reminders")),
		"GET /organisations/{code}/contacts/new":     one(orgWrite, get("/organisations/"+ownOrg+"/contacts/new")),
		"POST /organisations/{code}/contacts/new":    one(orgWrite, form("/organisations/"+ownOrg+"/contacts/new", url.Values{"name": {"Per"}, "email": {"per@vaxjo.example"}})),
		"GET /contacts/{id}/edit":                    one(orgWrite, get(id("/contacts/%d/edit", f.contact))),
		"POST /contacts/{id}/edit":                   one(orgWrite, form(id("/contacts/%d/edit", f.contact), url.Values{"version": {"999"}, "name": {"Sara"}, "email": {"sara@vaxjo.example"}})),
		"POST /contacts/{id}/delete":                 one(orgWrite, form(id("/contacts/%d/delete", f.contact), url.Values{"version": {"999"}})),
	}
	// Reading a decision text proposes lines and saves nothing, but only
	// for those who may record the organisation's sub-allocations.
	decision := "Kommunstyrelsen beslutar 100 000 kr till socialnämnden."
	m["GET /organisations/{code}/decision-text"] = one(orgWrite, get("/organisations/"+ownOrg+"/decision-text"))
	m["POST /organisations/{code}/decision-text"] = one(orgWrite, form("/organisations/"+ownOrg+"/decision-text", url.Values{"text": {decision}}))
	m["POST /api/v1/organisations/{code}/decision-text"] = one(orgWrite, send("POST", "/api/v1/organisations/"+ownOrg+"/decision-text",
		map[string]string{"text": decision}, false))
	collabAccess(f, m)
	maps.Copy(m, networkAccess(f))
	return m
}

// collabAccess adds the collaboration routes: public reads; writes by the
// parties' or members' coordinators (Växjö with Region Kronoberg).
func collabAccess(f *accessFixture, m map[string][]accessCase) {
	id := func(format string, v ...any) string { return fmt.Sprintf(format, v...) }
	one := func(allow []string, req func(*accessFixture) *http.Request) []accessCase {
		return []accessCase{{allow: allow, req: req}}
	}
	agreement := map[string]any{"parties": []map[string]string{{"org_code": ownOrg}, {"org_code": "07"}}, "subject": "Unga vuxna",
		"target_group": "vuxna", "valid_from": "2017-01-01", "valid_to": "2018-12-31"}
	group := map[string]any{"kind": "adults", "name": "Vuxengrupp Växjö", "org_code": ownOrg, "members": []map[string]string{{"role": "social_services", "org_code": ownOrg}}}
	for k, v := range map[string][]accessCase{
		"GET /api/v1/collaboration-agreements":               one(everyone, get("/api/v1/collaboration-agreements?county=07&expiring_within=90")),
		"POST /api/v1/collaboration-agreements":              one(orgWrite, send("POST", "/api/v1/collaboration-agreements", agreement, false)),
		"GET /api/v1/collaboration-agreements/{id}":          one(everyone, get(id("/api/v1/collaboration-agreements/%d", f.collab))),
		"PUT /api/v1/collaboration-agreements/{id}":          one(orgWrite, send("PUT", id("/api/v1/collaboration-agreements/%d", f.collab), agreement, true)),
		"POST /api/v1/collaboration-agreements/{id}/approve": one(orgWrite, send("POST", id("/api/v1/collaboration-agreements/%d/approve", f.collab), map[string]string{"org_code": ownOrg}, true)),
		"GET /api/v1/groups":                                 one(everyone, get("/api/v1/groups?org="+ownOrg)),
		"POST /api/v1/groups":                                one(orgWrite, send("POST", "/api/v1/groups", group, false)),
		"GET /api/v1/groups/{id}":                            one(everyone, get(id("/api/v1/groups/%d", f.group))),
		"GET /api/v1/groups/{id}/members":                    one(everyone, get(id("/api/v1/groups/%d/members", f.group))),
		"PUT /api/v1/groups/{id}":                            one(orgWrite, send("PUT", id("/api/v1/groups/%d", f.group), group, true)),
		"DELETE /api/v1/groups/{id}":                         one(orgWrite, send("DELETE", id("/api/v1/groups/%d", f.group), nil, true)),
		"GET /api/v1/groups/{id}/plans":                      one(everyone, get(id("/api/v1/groups/%d/plans", f.group))),
		"POST /api/v1/groups/{id}/plans":                     one(orgWrite, send("POST", id("/api/v1/groups/%d/plans", f.group), plan(), false)),
		"GET /api/v1/counties/{code}/plans":                  one(everyone, get("/api/v1/counties/07/plans")),
		"POST /api/v1/counties/{code}/plans":                 one(orgWrite, send("POST", "/api/v1/counties/07/plans", plan(), false)),

		"GET /collaboration-agreements":               one(everyone, get("/collaboration-agreements?expiring=1")),
		"GET /collaboration-agreements/new":           one(loggedIn, get("/collaboration-agreements/new?org="+ownOrg)),
		"POST /collaboration-agreements/new":          one(loggedIn, form("/collaboration-agreements/new", nil)),
		"GET /collaboration-agreements/{id}":          one(everyone, get(id("/collaboration-agreements/%d", f.collab))),
		"GET /collaboration-agreements/{id}/edit":     one(orgWrite, get(id("/collaboration-agreements/%d/edit", f.collab))),
		"POST /collaboration-agreements/{id}/edit":    one(orgWrite, form(id("/collaboration-agreements/%d/edit", f.collab), nil)),
		"POST /collaboration-agreements/{id}/approve": one(orgWrite, form(id("/collaboration-agreements/%d/approve", f.collab), url.Values{"org": {ownOrg}, "version": {"999"}})),
		"GET /groups/new":                             one(loggedIn, get("/groups/new?org="+ownOrg)),
		"POST /groups/new":                            one(loggedIn, form("/groups/new", nil)),
		"GET /groups/{id}":                            one(everyone, get(id("/groups/%d", f.group))),
		"GET /groups/{id}/edit":                       one(orgWrite, get(id("/groups/%d/edit", f.group))),
		"POST /groups/{id}/edit":                      one(orgWrite, form(id("/groups/%d/edit", f.group), nil)),
		"GET /counties/{code}/collaboration":          one(everyone, get("/counties/07/collaboration")),
		"GET /groups/{id}/plans/new":                  one(orgWrite, get(id("/groups/%d/plans/new", f.group))),
		"POST /groups/{id}/plans/new":                 one(orgWrite, form(id("/groups/%d/plans/new", f.group), nil)),
		"GET /counties/{code}/plans/new":              one(orgWrite, get("/counties/07/plans/new")),
		"POST /counties/{code}/plans/new":             one(orgWrite, form("/counties/07/plans/new", nil)),
	} {
		m[k] = v
	}
}

func subAllocation(f *accessFixture) map[string]any {
	return map[string]any{"agreement_id": f.agreement, "from_org": ownOrg, "to_org": "0780-sn", "amount": 100, "decided_on": "2017-03-01"}
}

func contact() map[string]any {
	return map[string]any{"name": "Per Persson", "email": "per@vaxjo.example", "role": "Ekonom"}
}

func initiative() map[string]any {
	return map[string]any{"org_code": ownOrg, "title": "Första hjälpen", "kind": "one_off", "amount": 100, "start_year": 2017, "target_group": "alla"}
}

func plan() map[string]any {
	return map[string]any{"owner_org": ownOrg, "title": "Handlingsplan", "from_year": 2017, "to_year": 2018,
		"goals": []any{}, "measures": []any{}, "indicators": []any{}, "follow_ups": []any{}}
}

// oidcCallback runs a login at the test provider up to the callback, which
// is the request returned, with the cookie the start set.
func oidcCallback(f *accessFixture) *http.Request {
	f.t.Helper()
	start := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(start, httptest.NewRequest(http.MethodGet, "/login/oidc", nil))
	if start.Code != http.StatusFound {
		f.t.Fatalf("start single sign-on: %d %s", start.Code, start.Body)
	}
	callback, err := f.sso.Authorize(start.Header().Get("Location"))
	if err != nil {
		f.t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, callback.RequestURI(), nil)
	for _, c := range start.Result().Cookies() {
		req.AddCookie(c)
	}
	return req
}
