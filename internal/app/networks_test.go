package app_test

import (
	"context"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// storsthlmNetwork records Storsthlm and its coordinator network with
// Stockholm (0180), Upplands Väsby (0114) and the region (01) as members.
func storsthlmNetwork(t *testing.T, f *fixture) grant.Network {
	t.Helper()
	if _, err := f.svc.CreateOrganisation(f.ctx, grant.Organisation{Code: "storsthlm", Kind: grant.OrgAssociation,
		Name: "Storsthlm", CountyCode: "01"}); err != nil {
		t.Fatal(err)
	}
	n, err := f.svc.CreateNetwork(f.ctx, grant.Network{Name: " Samordnarnätverket ", County: "01", RunBy: "storsthlm", MeetingsPerYear: 4,
		Members: []grant.NetworkMember{{OrgCode: "0180", Person: "Anna", Role: "samordnare"}, {OrgCode: "0114"}, {OrgCode: "01"}}})
	if err != nil || n.ID == 0 || n.Name != "Samordnarnätverket" || n.Version != 1 {
		t.Fatalf("create network: %+v, %v", n, err)
	}
	return n
}

func TestNetworkMeetingsAndTasks(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		n := storsthlmNetwork(t, f)
		if a := f.lastAudit(t); a.Action != "create" || a.Entity != "network" || a.ActingFor != "storsthlm" {
			t.Errorf("audit of create: %+v", a)
		}
		stockholm, vasby := coordinatorOf("s@stockholm.se", "0180"), coordinatorOf("v@vasby.se", "0114")
		public := app.WithActor(context.Background(), app.PublicActor())

		// A member's coordinator reads everything but may not change the network.
		got, err := f.svc.Network(stockholm, n.ID)
		if err != nil || len(got.Members) != 3 || got.Members[0].OrgName == "" {
			t.Fatalf("network as a member: %+v, %v", got, err)
		}
		if _, err := f.svc.UpdateNetwork(stockholm, got); code(err) != grant.EFORBIDDEN {
			t.Errorf("update by a member's coordinator: %v", err)
		}
		if got, err := f.svc.Network(public, n.ID); err != nil || got.Name != n.Name || got.Members != nil {
			t.Errorf("the public sees the name only: %+v, %v", got, err)
		}
		// A member that is not an organisation: refused, naming the field, nothing changed.
		bad := got
		bad.Members = append(bad.Members, grant.NetworkMember{OrgCode: "9999"})
		if _, err := f.svc.UpdateNetwork(f.ctx, bad); code(err) != grant.EINVALID || fieldOf(err) != "members[3].org_code" {
			t.Errorf("update with an unknown member: %v", err)
		}
		if again, _ := f.svc.Network(f.ctx, n.ID); again.Version != 1 || len(again.Members) != 3 {
			t.Errorf("a refused update changed the network: %+v", again)
		}

		// Plan 2017: four meetings, one per quarter; planning twice is refused.
		planned, err := f.svc.PlanMeetings(f.ctx, n.ID, 2017)
		if err != nil || len(planned) != 4 || planned[0].PlannedOn != "2017-02-15" || planned[3].PlannedOn != "2017-11-15" {
			t.Fatalf("plan: %+v, %v", planned, err)
		}
		if _, err := f.svc.PlanMeetings(f.ctx, n.ID, 2017); code(err) != grant.ECONFLICT {
			t.Errorf("plan twice: %v", err)
		}
		if _, err := f.svc.PlanMeetings(stockholm, n.ID, 2018); code(err) != grant.EFORBIDDEN {
			t.Errorf("plan by a member: %v", err)
		}

		// Record the first as held; a participant that is not a member is refused.
		m := planned[0]
		m.HeldOn, m.Participants, m.Decisions = "2017-02-16", []string{"0180", "0780"}, []string{"Gemensam analysmall"}
		if _, err := f.svc.UpdateMeeting(f.ctx, m); code(err) != grant.EINVALID || fieldOf(err) != "participants[1]" {
			t.Errorf("non-member participant: %v", err)
		}
		m.Participants = []string{"0180", "01"}
		held, err := f.svc.UpdateMeeting(f.ctx, m)
		if err != nil || held.Version != 2 {
			t.Fatalf("record held: %+v, %v", held, err)
		}
		if _, err := f.svc.UpdateMeeting(f.ctx, m); code(err) != grant.EPRECONDITION {
			t.Errorf("stale meeting update: %v", err)
		}
		list, err := f.svc.Meetings(stockholm, n.ID, 2017)
		if err != nil || len(list) != 4 || !list[0].Held() || len(list[0].Decisions) != 1 || len(list[0].Participants) != 2 {
			t.Fatalf("meetings: %+v, %v", list, err)
		}
		if list, err := f.svc.Meetings(public, n.ID, 2017); err != nil || len(list) != 4 || list[0].HeldOn != "2017-02-16" || list[0].Decisions != nil || list[0].Participants != nil {
			t.Errorf("public meetings must show dates only: %+v, %v", list, err)
		}

		// Tasks: one overdue on the clock's day (2017-06-01), one not.
		late, err := f.svc.CreateTask(f.ctx, grant.Task{NetworkID: n.ID, MeetingID: held.ID, OwnerOrg: "0180", Description: "Skicka analysen", DueOn: "2017-05-01"})
		if err != nil || !late.Overdue {
			t.Fatalf("task: %+v, %v", late, err)
		}
		if _, err := f.svc.CreateTask(f.ctx, grant.Task{NetworkID: n.ID, OwnerOrg: "0114", Description: "Boka lokal", DueOn: "2017-09-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateTask(f.ctx, grant.Task{NetworkID: n.ID, OwnerOrg: "0180", Description: "Senare", DueOn: "2017-03-01", Status: grant.TaskDone}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateTask(f.ctx, grant.Task{NetworkID: n.ID, OwnerOrg: "0780", Description: "x", DueOn: "2017-09-01"}); code(err) != grant.EINVALID || fieldOf(err) != "owner_org" {
			t.Errorf("task of a non-member: %v", err)
		}
		tasks, total, err := f.svc.Tasks(stockholm, app.TaskFilter{NetworkID: n.ID})
		if err != nil || total != 3 || tasks[0].ID != late.ID || !tasks[0].Overdue || tasks[1].Overdue {
			t.Fatalf("tasks, overdue first: %+v, %d, %v", tasks, total, err)
		}
		if tasks, _, err := f.svc.Tasks(f.ctx, app.TaskFilter{ListFilter: app.ListFilter{Status: "overdue"}}); err != nil || len(tasks) != 1 || tasks[0].ID != late.ID {
			t.Errorf("overdue tasks: %+v, %v", tasks, err)
		}
		if _, _, err := f.svc.Tasks(public, app.TaskFilter{}); code(err) != grant.EUNAUTHORIZED {
			t.Errorf("tasks for the public: %v", err)
		}
		if _, _, err := f.svc.Tasks(f.ctx, app.TaskFilter{ListFilter: app.ListFilter{Status: "late"}}); code(err) != grant.EINVALID {
			t.Errorf("tasks with a bad status: %v", err)
		}

		// Its owner's coordinator marks it done; another member may not.
		if _, err := f.svc.SetTaskStatus(vasby, late.ID, grant.TaskDone, late.Version); code(err) != grant.EFORBIDDEN {
			t.Errorf("done by another member: %v", err)
		}
		done, err := f.svc.SetTaskStatus(stockholm, late.ID, grant.TaskDone, late.Version)
		if err != nil || done.Status != grant.TaskDone || done.Overdue || done.DoneAt == "" {
			t.Fatalf("mark done: %+v, %v", done, err)
		}
		if a := f.lastAudit(t); a.Action != "status" || a.Actor != "s@stockholm.se" || a.ActingFor != "0180" {
			t.Errorf("audit of the status change: %+v", a)
		}
		if _, err := f.svc.SetTaskStatus(stockholm, late.ID, grant.TaskOpen, late.Version); code(err) != grant.EPRECONDITION {
			t.Errorf("stale status change: %v", err)
		}
	})
}

func fieldOf(err error) string {
	_, field := followupField(err)
	return field
}

// TestRecordMeetingAllOrNothing: a meeting recorded with a task that is
// refused is not recorded either, and the error names the task's field.
func TestRecordMeetingAllOrNothing(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		n := storsthlmNetwork(t, f)
		planned, err := f.svc.PlanMeetings(f.ctx, n.ID, 2017)
		if err != nil {
			t.Fatal(err)
		}
		m := planned[1]
		m.HeldOn, m.Decisions = "2017-05-15", []string{"Beslut"}
		for _, c := range []struct {
			field string
			task  grant.Task
		}{
			{"tasks[0].owner_org", grant.Task{OwnerOrg: "0780", Description: "x", DueOn: "2017-09-01"}},
			{"tasks[0].due_on", grant.Task{OwnerOrg: "0180", Description: "x", DueOn: "snart"}},
		} {
			if _, _, err := f.svc.RecordMeeting(f.ctx, m, []grant.Task{c.task}); code(err) != grant.EINVALID || fieldOf(err) != c.field {
				t.Errorf("%s: %v", c.field, err)
			}
		}
		if got, err := f.svc.Meeting(f.ctx, m.ID); err != nil || got.Held() || got.Version != 1 {
			t.Errorf("a refused task changed the meeting: %+v, %v", got, err)
		}
		if tasks, _, err := f.svc.Tasks(f.ctx, app.TaskFilter{NetworkID: n.ID}); err != nil || len(tasks) != 0 {
			t.Errorf("tasks after refusals: %+v, %v", tasks, err)
		}
		got, tasks, err := f.svc.RecordMeeting(f.ctx, m, []grant.Task{{OwnerOrg: "0180", Description: "Skicka", DueOn: "2017-09-01"}})
		if err != nil || !got.Held() || len(tasks) != 1 || tasks[0].MeetingID != m.ID || tasks[0].NetworkID != n.ID {
			t.Errorf("record: %+v %+v %v", got, tasks, err)
		}
	})
}
