package api_test

import (
	"fmt"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/money"
)

// agreement2017In is the 2017 agreement of seed 002.
func agreement2017In() api.AgreementIn {
	return api.AgreementIn{Year: 2017, Title: "Stöd till riktade insatser inom området psykisk hälsa 2017", Dnr: "S2016/07758/FS",
		Parties: []string{"staten", "skr"}, Total: 885 * money.Mkr, DecisionDate: "2016-12-15"}
}

// coreAgreement creates the 2017 agreement through the API.
func coreAgreement(e *v1Env) api.Agreement {
	e.t.Helper()
	var a api.Agreement
	r := e.do("POST", "/api/v1/agreements", agreement2017In())
	r.JSON(e.t, &a)
	if r.Status != 201 {
		e.t.Fatalf("create agreement: %d %s", r.Status, r.Body)
	}
	return a
}

func TestV1Agreements(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		before := e.fingerprint()
		var a api.Agreement
		r := e.do("POST", "/api/v1/agreements", agreement2017In(), "Idempotency-Key", "agr-2017")
		r.JSON(t, &a)
		if r.Status != 201 || a.Total.Formatted != "885 000 000 kr" || len(a.Parties) != 2 || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		again := e.do("POST", "/api/v1/agreements", agreement2017In(), "Idempotency-Key", "agr-2017")
		if again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(r.Body) {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 {
			t.Errorf("one create and one replay wrote %d audit entries", after[0]-before[0])
		}
		path := fmt.Sprintf("/api/v1/agreements/%d", a.ID)
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}
		var list api.List[api.Agreement]
		e.do("GET", "/api/v1/agreements?year=2017", nil).JSON(t, &list)
		if total(list.Total) != 1 || list.Items[0].ID != a.ID {
			t.Errorf("2017: %+v", list)
		}
		e.do("GET", "/api/v1/agreements?year=2018", nil).JSON(t, &list)
		if total(list.Total) != 0 || list.Items == nil {
			t.Errorf("2018: %+v", list)
		}

		// A change needs the version read.
		in := agreement2017In()
		in.Total = 900 * money.Mkr
		e.problem(e.bad("PUT", path, in), 428, "If-Match")
		e.problem(e.do("PUT", path, in, "If-Match", `"v7"`), 412, "")
		r = e.do("PUT", path, in, "If-Match", `"v1"`)
		r.JSON(t, &a)
		if r.Status != 200 || a.Version != 2 || a.Total.Ore != int64(900*money.Mkr) || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		r = e.do("GET", path, nil, "If-None-Match", `"v1"`)
		if r.Status != 200 || r.Header.Get("ETag") != `"v2"` {
			t.Errorf("after update: %d %q", r.Status, r.Header.Get("ETag"))
		}

		// Refused: nothing changes.
		before = e.fingerprint()
		withYear := func(y int) api.AgreementIn { in := agreement2017In(); in.Year = y; return in }
		withParty := func(p string) api.AgreementIn { in := agreement2017In(); in.Parties = []string{"staten", p}; return in }
		for _, bad := range []struct {
			body   any
			status int
			field  string
		}{
			{withYear(1999), 400, "year"},
			{withParty("nobody"), 400, "parties[1]"},
			{withParty("staten"), 400, "parties"},
			{[]byte(`{"year": 2017, "title": "x", "total": "885 Mkr"}`), 400, "total"},
			{[]byte(`{"year": 2017, "title": "x", "total": 1, "signed": true}`), 400, "signed"},
			{[]byte(`{"year": 2017,`), 400, ""},
			{[]byte(`{"year": 2017, "title": "x", "total": 1, "decision_date": "15/12/2016"}`), 400, "decision_date"},
		} {
			e.problem(e.bad("POST", "/api/v1/agreements", bad.body), bad.status, bad.field)
			e.problem(e.bad("PUT", path, bad.body, "If-Match", `"v2"`), bad.status, bad.field)
		}
		e.problem(e.bad("PUT", "/api/v1/agreements/999", agreement2017In(), "If-Match", `"v1"`), 404, "")
		e.problem(e.bad("GET", "/api/v1/agreements/999", nil), 404, "")
		e.problem(e.bad("GET", "/api/v1/agreements?year=next", nil), 400, "year")
		if after := e.fingerprint(); after != before {
			t.Errorf("refused requests changed the database: %v → %v", before, after)
		}
	})
}
