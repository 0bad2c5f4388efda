package api_test

import (
	"fmt"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/grant"
)

func TestV1Networks(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		if _, err := e.svc.CreateOrganisation(e.ctx, grant.Organisation{Code: "storsthlm", Kind: grant.OrgAssociation, Name: "Storsthlm", CountyCode: "01"}); err != nil {
			t.Fatal(err)
		}
		in := api.NetworkIn{Name: "Samordnarnätverket", County: "01", RunBy: "storsthlm", MeetingsPerYear: 4,
			Members: []grant.NetworkMember{{OrgCode: "0180"}, {OrgCode: "01", Person: "Eva", Role: "samordnare"}}}
		r := e.do("POST", "/api/v1/networks", in, "Idempotency-Key", "nw-1")
		var n grant.Network
		if r.JSON(t, &n); r.Status != 201 || n.Version != 1 || len(n.Members) != 2 || n.Members[0].OrgName == "" {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		path := fmt.Sprintf("/api/v1/networks/%d", n.ID)
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}
		var list api.List[grant.Network]
		if r := e.do("GET", "/api/v1/networks?county=01&org=0180", nil); r.status(t, &list) && (r.Status != 200 || len(list.Items) != 1) {
			t.Errorf("list: %s", r.Body)
		}
		if r := e.do("GET", "/api/v1/networks?org=0780", nil); r.status(t, &list) && len(list.Items) != 0 {
			t.Errorf("list of a non-member: %s", r.Body)
		}
		in.Members = append(in.Members, grant.NetworkMember{OrgCode: "0114"})
		r = e.do("PUT", path, in, "If-Match", `"v1"`)
		if r.JSON(t, &n); r.Status != 200 || n.Version != 2 || len(n.Members) != 3 {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		var members api.NetworkMembers
		if r := e.do("GET", path+"/members", nil); r.status(t, &members) && len(members.Items) != 3 {
			t.Errorf("members: %s", r.Body)
		}

		// Plan 2017, record the first as held, give a task.
		var ms api.Meetings
		r = e.do("POST", path+"/meetings/plan?year=2017", nil)
		if r.JSON(t, &ms); r.Status != 201 || len(ms.Items) != 4 {
			t.Fatalf("plan: %d %s", r.Status, r.Body)
		}
		first := ms.Items[0]
		mpath := fmt.Sprintf("/api/v1/meetings/%d", first.ID)
		var m grant.Meeting
		r = e.do("PUT", mpath, api.MeetingIn{PlannedOn: first.PlannedOn, HeldOn: "2017-01-20", Participants: []string{"0180", "01"},
			Decisions: []string{"Gemensam analysmall"}}, "If-Match", `"v1"`)
		if r.JSON(t, &m); r.Status != 200 || m.Version != 2 || len(m.Decisions) != 1 {
			t.Fatalf("held: %d %s", r.Status, r.Body)
		}
		r = e.do("GET", path+"/meetings?year=2017", nil)
		if r.JSON(t, &ms); r.Status != 200 || ms.Planned != 4 || ms.Held != 1 || len(ms.Items) != 4 {
			t.Errorf("meetings: %s", r.Body)
		}
		var k grant.Task
		r = e.do("POST", path+"/tasks", api.TaskIn{MeetingID: m.ID, OwnerOrg: "0180", Description: "Skicka analysen", DueOn: "2017-01-31"})
		if r.JSON(t, &k); r.Status != 201 || !k.Overdue || k.Status != grant.TaskOpen {
			t.Fatalf("task: %d %s", r.Status, r.Body)
		}
		var tasks api.List[grant.Task]
		if r := e.do("GET", "/api/v1/tasks?org=0180&status=overdue", nil); r.status(t, &tasks) && (len(tasks.Items) != 1 || tasks.Items[0].ID != k.ID) {
			t.Errorf("overdue tasks: %s", r.Body)
		}
		tpath := fmt.Sprintf("/api/v1/tasks/%d/status", k.ID)
		r = e.do("PUT", tpath, api.TaskStatusIn{Status: "done"}, "If-Match", `"v1"`)
		if r.JSON(t, &k); r.Status != 200 || k.Status != grant.TaskDone || k.Overdue {
			t.Fatalf("done: %d %s", r.Status, r.Body)
		}

		// The board of a county with no decided pots: principals, no columns.
		var board api.Requirements
		r = e.do("GET", "/api/v1/counties/01/requirements?year=2017", nil)
		if r.JSON(t, &board); r.Status != 200 || len(board.Rows) != 27 || board.Rows[0].OrgCode != "01" || len(board.Columns) != 0 {
			t.Errorf("board: %d %.300s", r.Status, r.Body)
		}

		// Bad input: a problem naming the field, and nothing written.
		rqRefused(t, e, []rqBad{
			{"POST", "/api/v1/networks", api.NetworkIn{Name: "x", RunBy: "storsthlm", MeetingsPerYear: 0}, 400, "meetings_per_year", nil},
			{"POST", "/api/v1/networks", api.NetworkIn{Name: "x", RunBy: "storsthlm", MeetingsPerYear: 4, County: "99"}, 400, "county", nil},
			{"POST", "/api/v1/networks", api.NetworkIn{Name: "x", RunBy: "nobody", MeetingsPerYear: 4}, 400, "run_by", nil},
			{"PUT", path, api.NetworkIn{Name: "x", RunBy: "storsthlm", MeetingsPerYear: 4, Members: []grant.NetworkMember{{OrgCode: "9999"}}}, 400, "members[0].org_code", []string{"If-Match", `"v2"`}},
			{"PUT", path, in, 412, "", []string{"If-Match", `"v1"`}},
			{"PUT", path, in, 428, "If-Match", nil},
			{"POST", path + "/meetings", api.MeetingIn{HeldOn: "2017-12-24"}, 400, "held_on", nil},
			{"POST", path + "/meetings", api.MeetingIn{HeldOn: "2017-01-10", Participants: []string{"0780"}}, 400, "participants[0]", nil},
			{"POST", path + "/meetings/plan?year=2017", nil, 409, "year", nil},
			{"POST", path + "/tasks", api.TaskIn{OwnerOrg: "0180", Description: "x", DueOn: "31 jan"}, 400, "due_on", nil},
			{"POST", path + "/tasks", api.TaskIn{OwnerOrg: "0780", Description: "x", DueOn: "2017-03-01"}, 400, "owner_org", nil},
			{"PUT", tpath, api.TaskStatusIn{Status: "closed"}, 400, "status", []string{"If-Match", `"v2"`}},
			{"GET", "/api/v1/tasks?status=late", nil, 400, "status", nil},
			{"GET", "/api/v1/counties/99/requirements?year=2017", nil, 400, "county", nil},
			{"GET", "/api/v1/counties/01/requirements?year=x", nil, 400, "year", nil},
			{"GET", "/api/v1/networks/999999", nil, 404, "", nil},
		})
	})
}

// status decodes the body into v and reports true, so that a check can follow in one if.
func (r v1Response) status(t *testing.T, v any) bool {
	t.Helper()
	r.JSON(t, v)
	return true
}
