package server_test

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/anslag/anslag/internal/grant"
)

// networkFixture records a network run by the own coordinator's
// organisation, with the foreign one as a member, a planned meeting and a
// task the own organisation owns.
func (f *accessFixture) networkFixture(must func(error)) {
	n, err := f.svc.CreateNetwork(f.ctx, grant.Network{Name: "Samordnarnätverket", County: "07", RunBy: ownOrg, MeetingsPerYear: 4,
		Members: []grant.NetworkMember{{OrgCode: ownOrg}, {OrgCode: otherOrg}}})
	must(err)
	m, err := f.svc.CreateMeeting(f.ctx, grant.Meeting{NetworkID: n.ID, PlannedOn: "2017-05-15"})
	must(err)
	k, err := f.svc.CreateTask(f.ctx, grant.Task{NetworkID: n.ID, MeetingID: m.ID, OwnerOrg: ownOrg, Description: "Skicka analysen", DueOn: "2017-06-30"})
	must(err)
	f.network, f.meeting, f.task = n.ID, m.ID, k.ID
}

// networkAccess is who may use the network and requirements routes: the
// public reads networks and meeting dates; members, participants,
// decisions, tasks and the requirements board are for those logged in;
// changes for the running organisation (Växjö here) and administrators.
func networkAccess(f *accessFixture) map[string][]accessCase {
	id := func(format string, v ...any) string { return fmt.Sprintf(format, v...) }
	one := func(allow []string, req func(*accessFixture) *http.Request) []accessCase {
		return []accessCase{{allow: allow, req: req}}
	}
	network := map[string]any{"name": "Nytt nätverk", "run_by": ownOrg, "meetings_per_year": 4}
	coordinators := []string{foreign, own, admin} // who may start a network (of their own)
	return map[string][]accessCase{
		"GET /networks":                   one(everyone, get("/networks")),
		"GET /networks/{id}":              one(everyone, get(id("/networks/%d", f.network))),
		"GET /networks/new":               one(coordinators, get("/networks/new")),
		"POST /networks/new":              one(coordinators, form("/networks/new", nil)),
		"GET /networks/{id}/edit":         one(orgWrite, get(id("/networks/%d/edit", f.network))),
		"POST /networks/{id}/edit":        one(orgWrite, form(id("/networks/%d/edit", f.network), url.Values{"version": {"999"}})),
		"POST /networks/{id}/plan":        one(orgWrite, form(id("/networks/%d/plan", f.network), url.Values{"year": {"2019"}})),
		"GET /networks/{id}/meetings/new": one(orgWrite, get(id("/networks/%d/meetings/new", f.network))),
		"POST /networks/{id}/meetings/new": one(orgWrite, form(id("/networks/%d/meetings/new", f.network),
			url.Values{"planned_on": {"2017-09-15"}})),
		"GET /meetings/{id}/edit": one(orgWrite, get(id("/meetings/%d/edit", f.meeting))),
		"POST /meetings/{id}/edit": one(orgWrite, form(id("/meetings/%d/edit", f.meeting),
			url.Values{"planned_on": {"2017-05-16"}, "version": {"999"}})),
		"POST /tasks/{id}/status":           one(orgWrite, form(id("/tasks/%d/status", f.task), url.Values{"status": {"done"}, "version": {"999"}})),
		"GET /counties/{code}/requirements": one(loggedIn, get("/counties/07/requirements?year=2017")),

		"GET /api/v1/networks":                     one(everyone, get("/api/v1/networks?county=07")),
		"POST /api/v1/networks":                    one(orgWrite, send("POST", "/api/v1/networks", network, false)),
		"GET /api/v1/networks/{id}":                one(everyone, get(id("/api/v1/networks/%d", f.network))),
		"PUT /api/v1/networks/{id}":                one(orgWrite, send("PUT", id("/api/v1/networks/%d", f.network), network, true)),
		"GET /api/v1/networks/{id}/members":        one(loggedIn, get(id("/api/v1/networks/%d/members", f.network))),
		"GET /api/v1/networks/{id}/meetings":       one(everyone, get(id("/api/v1/networks/%d/meetings?year=2017", f.network))),
		"POST /api/v1/networks/{id}/meetings":      one(orgWrite, send("POST", id("/api/v1/networks/%d/meetings", f.network), map[string]any{"planned_on": "2017-10-01"}, false)),
		"POST /api/v1/networks/{id}/meetings/plan": one(orgWrite, send("POST", id("/api/v1/networks/%d/meetings/plan?year=2020", f.network), nil, false)),
		"PUT /api/v1/meetings/{id}":                one(orgWrite, send("PUT", id("/api/v1/meetings/%d", f.meeting), map[string]any{"planned_on": "2017-05-20"}, true)),
		"GET /api/v1/tasks":                        one(loggedIn, get("/api/v1/tasks?status=open")),
		"POST /api/v1/networks/{id}/tasks": one(orgWrite, send("POST", id("/api/v1/networks/%d/tasks", f.network),
			map[string]any{"owner_org": otherOrg, "description": "Boka lokal", "due_on": "2017-08-01"}, false)),
		"PUT /api/v1/tasks/{id}/status":            one(orgWrite, send("PUT", id("/api/v1/tasks/%d/status", f.task), map[string]any{"status": "done"}, true)),
		"GET /api/v1/counties/{code}/requirements": one(loggedIn, get("/api/v1/counties/07/requirements?year=2017")),
	}
}
