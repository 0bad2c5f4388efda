package api_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/money"
)

// stockholmPotIn is a pot of 10 Mkr for the 26 municipalities of Stockholm
// county by population, Stockholm city capped at 3 Mkr and 4 % of every
// line pooled to Region Stockholm.
func stockholmPotIn(e *v1Env, agreementID int64) api.PotIn {
	return api.PotIn{AgreementID: agreementID, Name: "Stockholms län", Purpose: "insatser inom psykisk hälsa i Stockholms län",
		Amount: 10 * money.Mkr, Recipients: "county:01", PopulationTableID: e.table.ID, ReferenceDate: "2017-12-31",
		Bounds:    []api.BoundIn{{Code: "0180", Cap: 3 * money.Mkr}},
		SetAsides: []api.SetAsideIn{{County: "01", Rate: "4 %", Holder: "01"}},
		UseBy:     "2017-12-31", ReportDue: "2018-01-31",
		Conditions: []api.PotConditionIn{{Kind: "report", Title: "Redovisning", DueDate: "2018-01-31"}}}
}

// corePot creates the 2017 agreement and the Stockholm pot through the API.
func corePot(e *v1Env) api.EarmarkedPot {
	e.t.Helper()
	a := coreAgreement(e)
	var p api.EarmarkedPot
	r := e.do("POST", "/api/v1/pots", stockholmPotIn(e, a.ID))
	r.JSON(e.t, &p)
	if r.Status != 201 {
		e.t.Fatalf("create pot: %d %s", r.Status, r.Body)
	}
	return p
}

func TestV1Pots(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		a := coreAgreement(e)
		in := stockholmPotIn(e, a.ID)
		before := e.fingerprint()
		var p api.EarmarkedPot
		r := e.do("POST", "/api/v1/pots", in, "Idempotency-Key", "pot-sthlm")
		r.JSON(t, &p)
		if r.Status != 201 || p.Key != "population" || p.Unit.Ore != 100 || len(p.Conditions) != 1 || p.Conditions[0].ID == 0 ||
			len(p.SetAsides) != 1 || p.SetAsides[0].Rate != "4 %" || p.SetAsides[0].RateDen != 100 || p.SetAsides[0].HolderName == "" ||
			len(p.Bounds) != 1 || p.Bounds[0].Cap == nil || p.Bounds[0].Floor != nil {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		again := e.do("POST", "/api/v1/pots", in, "Idempotency-Key", "pot-sthlm")
		if again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(r.Body) {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 {
			t.Errorf("one create and one replay wrote %d audit entries", after[0]-before[0])
		}
		path := fmt.Sprintf("/api/v1/pots/%d", p.ID)
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}
		var list api.List[api.EarmarkedPot]
		for _, q := range []string{fmt.Sprintf("agreement_id=%d", a.ID), "year=2017"} {
			e.do("GET", "/api/v1/pots?"+q, nil).JSON(t, &list)
			if total(list.Total) != 1 || list.Items[0].ID != p.ID {
				t.Errorf("%s: %+v", q, list)
			}
		}

		// The preview explains every line, in the language asked for.
		var pv api.AllocationPreview
		before = e.fingerprint()
		r = e.do("GET", path+"/preview", nil, "Accept-Language", "sv")
		r.JSON(t, &pv)
		if r.Status != 200 || len(pv.Lines) != 27 || pv.Total.Ore != int64(10*money.Mkr) || pv.Key.Kind != "population" {
			t.Fatalf("preview: %d %d lines, total %+v", r.Status, len(pv.Lines), pv.Total)
		}
		var sum int64
		for _, l := range pv.Lines {
			sum += l.Amount.Ore
			if !strings.Contains(l.Why, l.Amount.Formatted+".") {
				t.Errorf("%s: why %q", l.Code, l.Why)
			}
			switch {
			case l.Code == "0180" && (l.Bound != "cap" || l.Allocated.Ore != int64(3*money.Mkr)):
				t.Errorf("Stockholm city not capped: %+v", l)
			case l.Kind == "set_aside" && (l.Code != "01" || l.Contributors != 26):
				t.Errorf("joint line: %+v", l)
			case l.Kind == "recipient" && l.Bound == "" && l.ExactShare.Denominator == 0:
				t.Errorf("no exact share: %+v", l)
			}
		}
		if sum != int64(10*money.Mkr) {
			t.Errorf("lines sum to %d öre", sum)
		}
		e.do("GET", path+"/preview", nil, "Accept-Language", "en").JSON(t, &pv)
		if !strings.Contains(pv.Lines[0].Why, "Amount: ") {
			t.Errorf("English: %q", pv.Lines[0].Why)
		}
		if after := e.fingerprint(); after != before {
			t.Errorf("the preview wrote: %v → %v", before, after)
		}

		// A change needs the version read; conditions keep their ids.
		in.Amount, in.Conditions[0].ID, in.Ages, in.Sex = 12*money.Mkr, p.Conditions[0].ID, "13-25", "kvinnor"
		e.problem(e.bad("PUT", path, in), 428, "If-Match")
		e.problem(e.do("PUT", path, in, "If-Match", `"v2"`), 412, "")
		r = e.do("PUT", path, in, "If-Match", `"v1"`)
		var changed api.EarmarkedPot
		r.JSON(t, &changed)
		if r.Status != 200 || changed.Version != 2 || changed.Amount.Ore != int64(12*money.Mkr) || changed.Conditions[0].ID != p.Conditions[0].ID ||
			changed.Ages != "13-25" {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}

		// Refused: nothing changes.
		before = e.fingerprint()
		mod := func(f func(*api.PotIn)) api.PotIn { in := stockholmPotIn(e, a.ID); f(&in); return in }
		for _, bad := range []struct {
			body   any
			status int
			field  string
		}{
			{mod(func(in *api.PotIn) { in.Amount = 900 * money.Mkr }), 400, "amount"},
			{mod(func(in *api.PotIn) { in.SetAsides[0].Rate = "4" }), 400, "set_asides[0].rate"},
			{mod(func(in *api.PotIn) { in.SetAsides[0].Holder = "nobody" }), 400, "set_asides[0].holder"},
			{mod(func(in *api.PotIn) { in.Bounds[0].Code = "0780" }), 400, "bounds[0].code"},
			{mod(func(in *api.PotIn) { in.Recipients = "county:99" }), 400, "recipients"},
			{mod(func(in *api.PotIn) { in.PopulationTableID = 999 }), 400, "population_table_id"},
			{mod(func(in *api.PotIn) { in.Key = "weights" }), 400, "key"},
			{mod(func(in *api.PotIn) { in.Conditions[0].Kind = "essay" }), 400, "conditions[0].kind"},
			{mod(func(in *api.PotIn) { in.Amount = 150 }), 400, "unit"},
			{mod(func(in *api.PotIn) { in.Ages = "13-x" }), 400, "ages"},
			{mod(func(in *api.PotIn) { in.Sex = "okänt" }), 400, "sex"},
			{[]byte(`{"name": "x", "amount": 1.5}`), 400, "amount"},
			{[]byte(`{"name": "x", "amount": 100, "colour": "red"}`), 400, "colour"},
			{[]byte(`[]`), 400, ""},
		} {
			e.problem(e.bad("POST", "/api/v1/pots", bad.body), bad.status, bad.field)
			e.problem(e.bad("PUT", path, bad.body, "If-Match", `"v2"`), bad.status, bad.field)
		}
		e.problem(e.bad("POST", "/api/v1/pots", mod(func(in *api.PotIn) { in.AgreementID = 0 })), 400, "agreement_id")
		e.problem(e.bad("POST", "/api/v1/pots", mod(func(in *api.PotIn) { in.AgreementID = 999 })), 400, "agreement_id")
		e.problem(e.bad("PUT", path, mod(func(in *api.PotIn) { in.AgreementID = 999 }), "If-Match", `"v2"`), 400, "agreement_id")
		e.problem(e.bad("PUT", "/api/v1/pots/999", stockholmPotIn(e, a.ID), "If-Match", `"v1"`), 404, "")
		e.problem(e.bad("GET", "/api/v1/pots/999", nil), 404, "")
		e.problem(e.bad("GET", "/api/v1/pots?agreement_id=one", nil), 400, "agreement_id")
		e.problem(e.bad("GET", "/api/v1/pots/999/preview", nil), 404, "")
		e.problem(e.bad("GET", "/api/v1/pots/x/preview", nil), 400, "id")
		var bare api.EarmarkedPot // a pot not split by formula has nothing to preview
		e.do("POST", "/api/v1/pots", api.PotIn{AgreementID: a.ID, Name: "SKL samordning", Amount: 60 * money.Mkr}).JSON(t, &bare)
		before = e.fingerprint()
		e.problem(e.bad("GET", fmt.Sprintf("/api/v1/pots/%d/preview", bare.ID), nil), 400, "recipients")
		if after := e.fingerprint(); after != before {
			t.Errorf("refused requests changed the database: %v → %v", before, after)
		}
	})
}
