package api_test

import (
	"fmt"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

// lcSetup pays Växjö its share and gives it a committee to spread it to.
func lcSetup(t *testing.T, e *v1Env) rqPot {
	t.Helper()
	rp := rqDecidedPot(t, e)
	rqPaid(t, e, rp.pot.ID, "0780", rp.share)
	if _, err := e.svc.CreateOrganisation(e.ctx, grant.Organisation{Code: "0780-sn", Kind: grant.OrgCommittee, Name: "Socialnämnden", ParentCode: "0780"}); err != nil {
		t.Fatal(err)
	}
	return rp
}

func TestV1Initiatives(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		rp := lcSetup(t, e)
		in := api.InitiativeIn{OrgCode: "0780", Title: "Utbildning i MHFA", Kind: "one_off", Amount: rp.share / 4, StartYear: 2017,
			TargetGroup: "alla", AgreementID: rp.agreement.ID}
		before := e.fingerprint()
		r := e.do("POST", "/api/v1/initiatives", in, "Idempotency-Key", "mhfa")
		var ini api.Initiative
		if r.JSON(t, &ini); r.Status != 201 || ini.Version != 1 || ini.Amount.Ore != (rp.share/4).Ore() {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if again := e.do("POST", "/api/v1/initiatives", in, "Idempotency-Key", "mhfa"); again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(r.Body) {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 {
			t.Errorf("a create and a replay wrote %d audit entries", after[0]-before[0])
		}
		path := fmt.Sprintf("/api/v1/initiatives/%d", ini.ID)
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}
		in.Title, in.Kind, in.EndYear = "MHFA varje år", "recurring", 2018
		before = e.fingerprint()
		e.problem(e.bad("PUT", path, in), 428, "If-Match")
		e.problem(e.do("PUT", path, in, "If-Match", `"v2"`), 412, "")
		if after := e.fingerprint(); after != before {
			t.Errorf("refused updates wrote: %v → %v", before, after)
		}
		r = e.do("PUT", path, in, "If-Match", `"v1"`)
		if r.JSON(t, &ini); r.Status != 200 || ini.Title != "MHFA varje år" || ini.EndYear != 2018 || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		var list api.List[api.Initiative]
		r = e.do("GET", fmt.Sprintf("/api/v1/initiatives?org=0780&agreement_id=%d&kind=recurring&year=2018", rp.agreement.ID), nil)
		if r.JSON(t, &list); r.Status != 200 || total(list.Total) != 1 {
			t.Errorf("list: %s", r.Body)
		}

		moved := in
		moved.OrgCode = "0760"
		rqRefused(t, e, []rqBad{
			{"POST", "/api/v1/initiatives", api.InitiativeIn{OrgCode: "0780", Title: "x", Kind: "weekly", Amount: 1, StartYear: 2017, TargetGroup: "alla"}, 400, "kind", nil},
			{"POST", "/api/v1/initiatives", api.InitiativeIn{OrgCode: "0780", Title: "x", Kind: "one_off", Amount: 1, StartYear: 2017, TargetGroup: "alla", PartnerCode: "07"}, 400, "partner_code", nil},
			{"POST", "/api/v1/initiatives", []byte(`{"org_code": "0780", "title": "x", "kind": "one_off", "amount": 1, "start_year": "2017", "target_group": "alla"}`), 400, "start_year", nil},
			{"POST", "/api/v1/initiatives", []byte(`{"title": "x"`), 400, "", nil},
			{"GET", "/api/v1/initiatives/999999", nil, 404, "", nil},
			{"GET", "/api/v1/initiatives?kind=weekly", nil, 400, "kind", nil},
			{"PUT", path, moved, 400, "org_code", []string{"If-Match", `"v2"`}},
			{"PUT", path, []byte(`{"owner": "0780"}`), 400, "owner", []string{"If-Match", `"v2"`}},
			{"PUT", "/api/v1/initiatives/999999", in, 404, "", []string{"If-Match", `"v1"`}},
		})
	})
}

func TestV1SubAllocations(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		rp := lcSetup(t, e)
		ini, err := e.svc.CreateInitiative(e.ctx, grant.Initiative{OrgCode: "0780", Title: "Föreningsstöd", Kind: grant.InitiativeOneOff,
			Amount: rp.share, StartYear: 2017, TargetGroup: grant.TargetAll, AgreementID: rp.agreement.ID})
		if err != nil {
			t.Fatal(err)
		}
		tenth := rp.share / 10
		line := api.SubAllocationIn{AgreementID: rp.agreement.ID, FromOrg: "0780", ToOrg: "0780-sn", Amount: tenth, DecisionRef: "KS 2017 § 12", DecidedOn: "2017-01-20"}
		before := e.fingerprint()
		r := e.do("POST", "/api/v1/sub-allocations", line, "Idempotency-Key", "sn-1")
		var sa api.SubAllocation
		if r.JSON(t, &sa); r.Status != 201 || sa.Status != "active" || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if again := e.do("POST", "/api/v1/sub-allocations", line, "Idempotency-Key", "sn-1"); again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after != [2]int{before[0] + 1, before[1] + 1} {
			t.Errorf("a create and a replay: %v → %v", before, after)
		}
		toIni := api.SubAllocationIn{AgreementID: rp.agreement.ID, FromOrg: "0780", InitiativeID: ini.ID, Amount: tenth, DecidedOn: "2017-01-20"}
		r = e.do("POST", "/api/v1/sub-allocations/decisions", api.SubAllocationDecisionIn{Lines: []api.SubAllocationIn{line, toIni}})
		var dec api.SubAllocationDecision
		if r.JSON(t, &dec); r.Status != 201 || len(dec.Lines) != 2 || dec.Lines[1].InitiativeID != ini.ID || dec.Lines[1].Version != 1 {
			t.Fatalf("decision: %d %s", r.Status, r.Body)
		}
		path := fmt.Sprintf("/api/v1/sub-allocations/%d", sa.ID)
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}
		before = e.fingerprint()
		e.problem(e.bad("POST", path+"/withdraw", nil), 428, "If-Match")
		e.problem(e.do("POST", path+"/withdraw", nil, "If-Match", `"v2"`), 412, "")
		if after := e.fingerprint(); after != before {
			t.Errorf("refused withdrawals wrote: %v → %v", before, after)
		}
		r = e.do("POST", path+"/withdraw", nil, "If-Match", `"v1"`)
		if r.JSON(t, &sa); r.Status != 200 || sa.Status != "withdrawn" || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("withdraw: %d %s", r.Status, r.Body)
		}
		var list api.List[api.SubAllocation]
		r = e.do("GET", fmt.Sprintf("/api/v1/sub-allocations?agreement_id=%d&org=0780&status=active&year=2017", rp.agreement.ID), nil)
		if r.JSON(t, &list); r.Status != 200 || total(list.Total) != 2 {
			t.Errorf("list: %s", r.Body)
		}

		// All or nothing: the second line asks for more than is left.
		tooMuch := toIni
		tooMuch.Amount = rp.share
		notInside := line
		notInside.ToOrg = "0760"
		rqRefused(t, e, []rqBad{
			{"POST", "/api/v1/sub-allocations/decisions", api.SubAllocationDecisionIn{Lines: []api.SubAllocationIn{line, tooMuch}}, 400, "lines[1].amount", nil},
			{"POST", "/api/v1/sub-allocations/decisions", api.SubAllocationDecisionIn{Lines: []api.SubAllocationIn{}}, 400, "lines", nil},
			{"POST", "/api/v1/sub-allocations/decisions", []byte(`{"lines": [{"amount": "x"}]}`), 400, "lines[0].amount", nil},
			{"POST", "/api/v1/sub-allocations", notInside, 400, "to_org", nil},
			{"POST", "/api/v1/sub-allocations", api.SubAllocationIn{AgreementID: rp.agreement.ID, FromOrg: "0780", ToOrg: "0780-sn", Amount: 1}, 400, "decided_on", nil},
			{"POST", "/api/v1/sub-allocations", []byte(`{"agreement_id": 1, "from_org": "0780", "amount": 1, "decided_on": "2017-01-20", "to": "x"}`), 400, "to", nil},
			{"POST", "/api/v1/sub-allocations", []byte(`[`), 400, "", nil},
			{"GET", "/api/v1/sub-allocations/999999", nil, 404, "", nil},
			{"GET", "/api/v1/sub-allocations?status=gone", nil, 400, "status", nil},
			{"POST", path + "/withdraw", nil, 409, "", []string{"If-Match", `"v2"`}},
			{"POST", "/api/v1/sub-allocations/999999/withdraw", nil, 404, "", []string{"If-Match", `"v1"`}},
		})
	})
}

func TestV1ActionPlans(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		zero := 0
		target := 80.0
		in := api.ActionPlanIn{OwnerOrg: "07", Title: "Handlingsplan psykisk hälsa Kronoberg", FromYear: 2017, ToYear: 2018,
			Goals:      []api.PlanGoal{{Horizon: "long", Text: "Färre unga med psykisk ohälsa"}},
			Measures:   []api.PlanMeasure{{GoalIndex: &zero, Text: "Första hjälpen-kurser", TargetGroup: "barn_och_unga"}},
			Indicators: []api.PlanIndicator{{Name: "Andel nöjda", Unit: "%", KoladaKPI: "N17473", Target: &target}},
			FollowUps:  []api.PlanFollowUp{{Year: 2017, MeasureIndex: &zero, Status: "ongoing"}, {Year: 2017, IndicatorIndex: &zero, Status: "not_started"}}}
		before := e.fingerprint()
		r := e.do("POST", "/api/v1/action-plans", in, "Idempotency-Key", "plan-07")
		var p api.ActionPlan
		if r.JSON(t, &p); r.Status != 201 || p.Status != "draft" || len(p.FollowUps) != 2 || p.Measures[0].GoalID != p.Goals[0].ID || p.Goals[0].ID == 0 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if again := e.do("POST", "/api/v1/action-plans", in, "Idempotency-Key", "plan-07"); again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 {
			t.Errorf("a create and a replay wrote %d audit entries", after[0]-before[0])
		}
		path := fmt.Sprintf("/api/v1/action-plans/%d", p.ID)
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}

		// Adopt it, keeping the goal and measure by id, dropping the indicator.
		up := api.ActionPlanIn{OwnerOrg: "07", Title: in.Title, FromYear: 2017, ToYear: 2018, Status: "adopted",
			Goals:      []api.PlanGoal{{ID: p.Goals[0].ID, Horizon: "long", Text: "Färre unga med psykisk ohälsa"}},
			Measures:   []api.PlanMeasure{{ID: p.Measures[0].ID, GoalID: p.Goals[0].ID, Text: "Första hjälpen-kurser", TargetGroup: "barn_och_unga"}},
			Indicators: []api.PlanIndicator{},
			FollowUps:  []api.PlanFollowUp{{ID: p.FollowUps[0].ID, Year: 2017, MeasureID: p.Measures[0].ID, Status: "done"}}}
		before = e.fingerprint()
		e.problem(e.bad("PUT", path, up), 428, "If-Match")
		e.problem(e.do("PUT", path, up, "If-Match", `"v3"`), 412, "")
		if after := e.fingerprint(); after != before {
			t.Errorf("refused updates wrote: %v → %v", before, after)
		}
		r = e.do("PUT", path, up, "If-Match", `"v1"`)
		var p2 api.ActionPlan
		if r.JSON(t, &p2); r.Status != 200 || p2.Status != "adopted" || len(p2.Indicators) != 0 || len(p2.FollowUps) != 1 ||
			p2.FollowUps[0].ID != p.FollowUps[0].ID || p2.FollowUps[0].Status != "done" || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		var list api.List[api.ActionPlan]
		r = e.do("GET", "/api/v1/action-plans?org=07&year=2018&status=adopted", nil)
		if r.JSON(t, &list); r.Status != 200 || total(list.Total) != 1 || len(list.Items[0].Goals) != 1 {
			t.Errorf("list: %s", r.Body)
		}

		five := 5
		badGoal := in
		badGoal.Measures = []api.PlanMeasure{{GoalIndex: &five, Text: "x", TargetGroup: "alla"}}
		draft := up
		draft.Status = "draft"
		foreign := up
		foreign.Goals = []api.PlanGoal{{ID: 999999, Horizon: "long", Text: "x"}}
		foreign.Measures = []api.PlanMeasure{{GoalIndex: &zero, Text: "x", TargetGroup: "alla"}}
		foreign.FollowUps = nil
		rqRefused(t, e, []rqBad{
			{"POST", "/api/v1/action-plans", badGoal, 400, "measures[0].goal_index", nil},
			{"POST", "/api/v1/action-plans", api.ActionPlanIn{OwnerOrg: "9999", Title: "x", FromYear: 2017, ToYear: 2017}, 400, "owner_org", nil},
			{"POST", "/api/v1/action-plans", []byte(`{"owner_org": "07", "title": "x", "from_year": 2017, "to_year": 2017, "goals": [{"horizon": "short", "text": "x", "why": 1}]}`), 400, "goals[0].why", nil},
			{"POST", "/api/v1/action-plans", []byte(`{"owner_org": "07", "title": "x", "from_year": 2017, "to_year": 2016}`), 400, "to_year", nil},
			{"GET", "/api/v1/action-plans/999999", nil, 404, "", nil},
			{"GET", "/api/v1/action-plans?year=soon", nil, 400, "year", nil},
			{"PUT", path, draft, 409, "status", []string{"If-Match", `"v2"`}},
			{"PUT", path, foreign, 400, "goals[0].id", []string{"If-Match", `"v2"`}},
			{"PUT", "/api/v1/action-plans/999999", up, 404, "", []string{"If-Match", `"v1"`}},
		})
	})
}
