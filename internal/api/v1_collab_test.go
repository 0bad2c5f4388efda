package api_test

import (
	"fmt"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

// coordinatorToken adds a coordinator of org and returns a bearer header value.
func (e *v1Env) coordinatorToken(org string) string {
	e.t.Helper()
	email := "samordnare@" + org + ".example.se"
	if _, err := e.svc.AddUser(e.ctx, grant.User{Email: email, Name: "Samordnare " + org,
		Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: org}}}, "ett långt lösenord för testerna"); err != nil {
		e.t.Fatal(err)
	}
	token, _, err := e.svc.CreateToken(e.ctx, email, "api-tester")
	if err != nil {
		e.t.Fatal(err)
	}
	return "Bearer " + token
}

func TestV1CollaborationAgreements(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		vasteras, region, sala := e.coordinatorToken("1980"), e.coordinatorToken("19"), e.coordinatorToken("1981")
		in := api.CollabAgreementIn{Parties: []api.CollabPartyIn{{OrgCode: "1980"}, {OrgCode: "19"}},
			Subject: "Samverkan kring barn och unga", TargetGroup: "barn_och_unga", ValidFrom: "2015-11-01", ValidTo: "2017-03-31", DocumentRef: "RV 2015/1"}

		// Bad input: a 4xx problem naming the field, and nothing written.
		before := e.fingerprint()
		for _, c := range []struct {
			field  string
			change func(*api.CollabAgreementIn)
		}{
			{"parties", func(a *api.CollabAgreementIn) { a.Parties = a.Parties[:1] }},
			{"parties[1].org_code", func(a *api.CollabAgreementIn) { a.Parties[1].OrgCode = "9999" }},
			{"valid_to", func(a *api.CollabAgreementIn) { a.ValidTo = "2015-10-01" }},
			{"target_group", func(a *api.CollabAgreementIn) { a.TargetGroup = "unga" }},
		} {
			bad := in
			bad.Parties = append([]api.CollabPartyIn(nil), in.Parties...)
			c.change(&bad)
			e.problem(e.bad("POST", "/api/v1/collaboration-agreements", bad, "Authorization", vasteras), 400, c.field)
		}
		e.problem(e.do("POST", "/api/v1/collaboration-agreements", in, "Authorization", sala), 403, "")
		e.problem(e.bad("GET", "/api/v1/collaboration-agreements?expiring_within=-1", nil), 400, "expiring_within")
		if after := e.fingerprint(); after != before {
			t.Fatalf("refused requests wrote: %v → %v", before, after)
		}

		r := e.do("POST", "/api/v1/collaboration-agreements", in, "Authorization", vasteras)
		var a api.CollabAgreement
		if r.JSON(t, &a); r.Status != 201 || a.Status != "draft" || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		path := fmt.Sprintf("/api/v1/collaboration-agreements/%d", a.ID)
		e.problem(e.do("POST", path+"/approve", api.ApprovalIn{OrgCode: "19"}, "Authorization", vasteras, "If-Match", `"v1"`), 403, "")
		e.problem(e.bad("POST", path+"/approve", api.ApprovalIn{OrgCode: "1980"}, "Authorization", vasteras), 428, "If-Match")
		r = e.do("POST", path+"/approve", api.ApprovalIn{OrgCode: "1980"}, "Authorization", vasteras, "If-Match", `"v1"`)
		if r.JSON(t, &a); r.Status != 200 || a.Status != "draft" || a.Parties[0].ApprovedBy != "samordnare@1980.example.se" {
			t.Fatalf("first approval: %d %s", r.Status, r.Body)
		}
		r = e.do("POST", path+"/approve", api.ApprovalIn{OrgCode: "19"}, "Authorization", region, "If-Match", `"v2"`)
		if r.JSON(t, &a); r.Status != 200 || a.Status != "approved" || r.Header.Get("ETag") != `"v3"` {
			t.Fatalf("second approval: %d %s", r.Status, r.Body)
		}
		in.Subject = "Ändrad"
		e.problem(e.do("PUT", path, in, "Authorization", vasteras, "If-Match", `"v3"`), 409, "status")

		// The public lists; the agreement ends 31 March 2017, within 90 days of 1 February.
		var list api.List[api.CollabAgreement]
		r = e.do("GET", "/api/v1/collaboration-agreements?county=19&status=approved&expiring_within=90", nil, "Authorization", "")
		if r.JSON(t, &list); r.Status != 200 || len(list.Items) != 1 || list.Items[0].ID != a.ID {
			t.Fatalf("list: %d %s", r.Status, r.Body)
		}
		r = e.do("GET", "/api/v1/collaboration-agreements?org=1981&expiring_within=30", nil, "Authorization", "")
		if r.JSON(t, &list); len(list.Items) != 0 {
			t.Fatalf("other organisation: %s", r.Body)
		}
	})
}

func TestV1Groups(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		vasteras, region, sala := e.coordinatorToken("1980"), e.coordinatorToken("19"), e.coordinatorToken("1981")
		in := api.GroupIn{Kind: "children_youth", Name: "BUS-grupp Västerås", OrgCode: "1980", Members: []api.GroupMember{
			{Role: "social_services", OrgCode: "1980", PersonName: "Anna Andersson"}, {Role: "psychiatry", OrgCode: "19"}}}
		before := e.fingerprint()
		bad := in
		bad.Members = []api.GroupMember{{Role: "police", OrgCode: "1980"}}
		e.problem(e.bad("POST", "/api/v1/groups", bad, "Authorization", vasteras), 400, "members[0].role")
		bad.Members = []api.GroupMember{{Role: "school", OrgCode: "nope"}}
		e.problem(e.bad("POST", "/api/v1/groups", bad, "Authorization", vasteras), 400, "members[0].org_code")
		e.problem(e.do("POST", "/api/v1/groups", in, "Authorization", sala), 403, "")
		if after := e.fingerprint(); after != before {
			t.Fatalf("refused requests wrote: %v → %v", before, after)
		}
		r := e.do("POST", "/api/v1/groups", in, "Authorization", vasteras)
		var g api.Group
		if r.JSON(t, &g); r.Status != 201 || len(g.Members) != 2 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		path := fmt.Sprintf("/api/v1/groups/%d", g.ID)
		// Names to logged-in users only.
		var members api.GroupMembers
		r = e.do("GET", path+"/members", nil, "Authorization", "")
		if r.JSON(t, &members); members.Members[0].PersonName != "" {
			t.Errorf("public members: %s", r.Body)
		}
		r = e.do("GET", path+"/members", nil, "Authorization", sala)
		if r.JSON(t, &members); members.Members[0].PersonName != "Anna Andersson" {
			t.Errorf("logged-in members: %s", r.Body)
		}
		// The region, a member, writes the group's plan; Sala may not.
		plan := api.ActionPlanIn{Title: "Handlingsplan BUS 2017", FromYear: 2017, ToYear: 2017, Status: "adopted",
			Goals:    []api.PlanGoal{{Horizon: "short", Text: "Samordnad individuell plan för alla som behöver"}},
			Measures: []api.PlanMeasure{}, Indicators: []api.PlanIndicator{}, FollowUps: []api.PlanFollowUp{}}
		e.problem(e.do("POST", path+"/plans", plan, "Authorization", sala), 403, "")
		r = e.do("POST", path+"/plans", plan, "Authorization", region)
		var p api.ActionPlan
		if r.JSON(t, &p); r.Status != 201 || p.OwnerGroup != g.ID || len(p.Responsible) != 2 {
			t.Fatalf("group plan: %d %s", r.Status, r.Body)
		}
		var plans api.OwnedPlans
		r = e.do("GET", path+"/plans", nil, "Authorization", "")
		if r.JSON(t, &plans); len(plans.Items) != 1 {
			t.Errorf("public group plans: %s", r.Body)
		}
		e.problem(e.do("DELETE", path, nil, "Authorization", vasteras, "If-Match", `"v1"`), 409, "")
		in.Name = "BUS-grupp Västerås stad"
		e.problem(e.do("PUT", path, in, "Authorization", sala, "If-Match", `"v1"`), 403, "")
		if r := e.do("PUT", path, in, "Authorization", region, "If-Match", `"v1"`); r.Status != 200 || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		var list api.List[api.Group]
		r = e.do("GET", "/api/v1/groups?county=19&kind=children_youth", nil)
		if r.JSON(t, &list); len(list.Items) != 1 || list.Items[0].Name != in.Name {
			t.Errorf("list: %s", r.Body)
		}

		// A county-wide plan of Stockholm: a coordinator of Stockholm city writes it.
		stockholm := e.coordinatorToken("0180")
		e.problem(e.do("POST", "/api/v1/counties/01/plans", plan, "Authorization", vasteras), 403, "")
		e.problem(e.do("POST", "/api/v1/counties/99/plans", plan), 400, "owner_county")
		r = e.do("POST", "/api/v1/counties/01/plans", plan, "Authorization", stockholm)
		if r.JSON(t, &p); r.Status != 201 || p.OwnerCounty != "01" || len(p.Responsible) != 27 {
			t.Fatalf("county plan: %d %s", r.Status, r.Body)
		}
		r = e.do("GET", "/api/v1/counties/01/plans", nil, "Authorization", "")
		if r.JSON(t, &plans); len(plans.Items) != 1 {
			t.Errorf("county plans: %s", r.Body)
		}
	})
}
