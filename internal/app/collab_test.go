package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

func collabCoord(ctx context.Context, org string) context.Context {
	return app.WithActor(ctx, app.Actor{User: "samordnare@" + org + ".example.se", Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: org}}})
}

// vastmanlandAgreement is Västerås's samverkansöverenskommelse with Region
// Västmanland on children and young people, 1 Nov 2015 – 31 Mar 2018.
func vastmanlandAgreement() grant.CollabAgreement {
	return grant.CollabAgreement{Parties: []grant.CollabParty{{OrgCode: "1980"}, {OrgCode: "19"}},
		Subject: "Samverkan kring barn och unga med psykisk ohälsa", TargetGroup: grant.TargetChildrenYouth,
		ValidFrom: "2015-11-01", ValidTo: "2018-03-31", DocumentRef: "RV 2015/123"}
}

func TestCollabAgreementApproval(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		vasteras, region, vaxjo := collabCoord(f.ctx, "1980"), collabCoord(f.ctx, "19"), collabCoord(f.ctx, "0780")
		if _, err := f.svc.CreateCollabAgreement(vaxjo, vastmanlandAgreement()); code(err) != grant.EFORBIDDEN {
			t.Fatalf("Växjö records Västmanland's agreement: %v", err)
		}
		a, err := f.svc.CreateCollabAgreement(vasteras, vastmanlandAgreement())
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != grant.CollabDraft || a.Version != 1 {
			t.Fatalf("created %+v", a)
		}
		// Each party approves for itself only.
		if _, err := f.svc.ApproveCollabAgreement(vasteras, a.ID, a.Version, "19"); code(err) != grant.EFORBIDDEN {
			t.Fatalf("Västerås approves for the region: %v", err)
		}
		if _, err := f.svc.ApproveCollabAgreement(vaxjo, a.ID, a.Version, "0780"); code(err) != grant.EINVALID {
			t.Fatalf("a non-party approves: %v", err)
		}
		a, err = f.svc.ApproveCollabAgreement(vasteras, a.ID, a.Version, "1980")
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != grant.CollabDraft || a.Parties[0].ApprovedBy != "samordnare@1980.example.se" || a.Parties[0].ApprovedAt == "" || a.Parties[1].Approved() {
			t.Fatalf("after one approval %+v", a)
		}
		if _, err := f.svc.ApproveCollabAgreement(vasteras, a.ID, a.Version, "1980"); code(err) != grant.ECONFLICT {
			t.Fatalf("second approval by the same party: %v", err)
		}
		if _, err := f.svc.ApproveCollabAgreement(region, a.ID, a.Version-1, "19"); code(err) != grant.EPRECONDITION {
			t.Fatalf("stale approval: %v", err)
		}
		a, err = f.svc.ApproveCollabAgreement(region, a.ID, a.Version, "19")
		if err != nil {
			t.Fatal(err)
		}
		if a.Status != grant.CollabApproved || a.Version != 3 {
			t.Fatalf("after both approvals %+v", a)
		}
		// Approved: parties may no longer change it; the administrator may.
		edit := a
		edit.Subject = "Ändrad"
		if _, err := f.svc.UpdateCollabAgreement(vasteras, edit); code(err) != grant.ECONFLICT {
			t.Fatalf("party changes an approved agreement: %v", err)
		}
		// The public reads it.
		got, err := f.svc.CollabAgreement(app.WithActor(f.ctx, app.PublicActor()), a.ID)
		if err != nil || got.Status != grant.CollabApproved || len(got.Parties) != 2 {
			t.Fatalf("public read %+v, %v", got, err)
		}
		// Expiry follows from the date: the day after 31 March 2018.
		f.clock.advance(time.Date(2018, 4, 1, 10, 0, 0, 0, time.UTC).Sub(fixedNow))
		if got, _ := f.svc.CollabAgreement(f.ctx, a.ID); got.Status != grant.CollabExpired {
			t.Fatalf("on 1 April 2018: %s", got.Status)
		}
		entries, _, err := f.svc.Audit(f.ctx, app.AuditFilter{Entity: "collaboration_agreement"})
		if err != nil || len(entries) != 3 {
			t.Fatalf("audit: %d entries, %v", len(entries), err)
		}
	})
}

func TestCollabAgreementEditAndList(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		vasteras, sala := collabCoord(f.ctx, "1980"), collabCoord(f.ctx, "1981")
		a, err := f.svc.CreateCollabAgreement(vasteras, vastmanlandAgreement())
		if err != nil {
			t.Fatal(err)
		}
		if a, err = f.svc.ApproveCollabAgreement(vasteras, a.ID, a.Version, "1980"); err != nil {
			t.Fatal(err)
		}
		edit := a
		edit.ValidTo = "2017-07-31"
		if _, err := f.svc.UpdateCollabAgreement(sala, edit); code(err) != grant.EFORBIDDEN {
			t.Fatalf("a non-party edits: %v", err)
		}
		bad := edit
		bad.Parties = append(bad.Parties, grant.CollabParty{OrgCode: "9999"})
		if _, err := f.svc.UpdateCollabAgreement(vasteras, bad); code(err) != grant.EINVALID || errField(err) != "parties[2].org_code" {
			t.Fatalf("unknown party: %v", err)
		}
		edited, err := f.svc.UpdateCollabAgreement(vasteras, edit)
		if err != nil {
			t.Fatal(err)
		}
		if edited.Parties[0].Approved() || edited.Version != 3 || edited.ValidTo != "2017-07-31" {
			t.Fatalf("a change clears the approvals: %+v", edited)
		}
		other := vastmanlandAgreement()
		other.Parties = []grant.CollabParty{{OrgCode: "1981"}, {OrgCode: "19"}}
		if _, err := f.svc.CreateCollabAgreement(sala, other); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name string
			f    app.CollabFilter
			want int
		}{
			{"all", app.CollabFilter{}, 2},
			{"party 1980", app.CollabFilter{ListFilter: app.ListFilter{OrgCode: "1980"}}, 1},
			{"county 19", app.CollabFilter{ListFilter: app.ListFilter{County: "19"}}, 2},
			{"county 07", app.CollabFilter{ListFilter: app.ListFilter{County: "07"}}, 0},
			{"expiring within 90 days of 1 June 2017", app.CollabFilter{ExpiringBy: f.svc.ExpiringWithin(90)}, 1},
			{"expiring within 30 days", app.CollabFilter{ExpiringBy: f.svc.ExpiringWithin(30)}, 0},
			{"draft", app.CollabFilter{ListFilter: app.ListFilter{Status: "draft"}}, 2},
			{"expired", app.CollabFilter{ListFilter: app.ListFilter{Status: "expired"}}, 0},
		} {
			got, _, err := f.svc.CollabAgreements(f.ctx, c.f)
			if err != nil || len(got) != c.want {
				t.Errorf("%s: %d agreements, want %d (%v)", c.name, len(got), c.want, err)
			}
		}
		if _, _, err := f.svc.CollabAgreements(f.ctx, app.CollabFilter{ListFilter: app.ListFilter{Status: "signed"}}); code(err) != grant.EINVALID {
			t.Errorf("unknown status: %v", err)
		}
	})
}

// busGroup is Västerås's BUS-grupp: social services, school, child
// psychiatry of the region and primary care.
func busGroup() grant.Group {
	return grant.Group{Kind: grant.GroupChildrenYouth, Name: "BUS-grupp Västerås", OrgCode: "1980", Members: []grant.GroupMember{
		{Role: grant.RoleSocialServices, OrgCode: "1980", PersonName: "Anna Andersson"},
		{Role: grant.RoleSchool, OrgCode: "1980"},
		{Role: grant.RolePsychiatry, OrgCode: "19", PersonName: "Bertil Berg"},
		{Role: grant.RolePrimaryCare, OrgCode: "19"},
	}}
}

func groupPlan(group int64) grant.ActionPlan {
	return grant.ActionPlan{OwnerGroup: group, Title: "Handlingsplan BUS 2018", FromYear: 2018, ToYear: 2018,
		Goals:    []grant.Goal{{Horizon: grant.HorizonShort, Text: "Gemensam rutin för samordnad individuell plan"}},
		Measures: []grant.Measure{{GoalIndex: localInt(0), Text: "Utbilda personal i SIP", TargetGroup: grant.TargetChildrenYouth}}}
}

func TestGroupAndPlanAccess(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		vasteras, region, sala := collabCoord(f.ctx, "1980"), collabCoord(f.ctx, "19"), collabCoord(f.ctx, "1981")
		if _, err := f.svc.CreateGroup(sala, busGroup()); code(err) != grant.EFORBIDDEN {
			t.Fatalf("Sala creates Västerås's group: %v", err)
		}
		g, err := f.svc.CreateGroup(vasteras, busGroup())
		if err != nil {
			t.Fatal(err)
		}
		// The region sits in the group, so its coordinator may write the group's plan.
		p, err := f.svc.CreateActionPlan(region, groupPlan(g.ID))
		if err != nil {
			t.Fatal(err)
		}
		if p.OwnerOrg != "" || p.OwnerGroup != g.ID || len(p.Responsible) != 2 || p.Responsible[0] != "1980" || p.Responsible[1] != "19" {
			t.Fatalf("group plan %+v", p)
		}
		if _, err := f.svc.CreateActionPlan(sala, groupPlan(g.ID)); code(err) != grant.EFORBIDDEN {
			t.Fatalf("Sala writes the group's plan: %v", err)
		}
		p.Title = "Handlingsplan BUS-grupp 2018"
		if _, err := f.svc.UpdateActionPlan(sala, p); code(err) != grant.EFORBIDDEN {
			t.Fatalf("Sala revises the group's plan: %v", err)
		}
		if p, err = f.svc.UpdateActionPlan(vasteras, p); err != nil {
			t.Fatal(err)
		}
		// A draft is seen by the responsible organisations only.
		if plans, err := f.svc.GroupPlans(sala, g.ID, ""); err != nil || len(plans) != 0 {
			t.Fatalf("Sala sees %d draft plans, %v", len(plans), err)
		}
		if plans, err := f.svc.GroupPlans(region, g.ID, ""); err != nil || len(plans) != 1 || plans[0].Title != "Handlingsplan BUS-grupp 2018" {
			t.Fatalf("the region sees %+v, %v", plans, err)
		}
		if _, err := f.svc.ActionPlan(sala, p.ID); code(err) != grant.EFORBIDDEN {
			t.Fatalf("Sala reads the draft: %v", err)
		}
		// Names of members only to logged-in users.
		pub, err := f.svc.Group(app.WithActor(f.ctx, app.PublicActor()), g.ID)
		if err != nil || pub.Members[0].PersonName != "" || pub.Members[2].OrgCode != "19" {
			t.Fatalf("public group %+v, %v", pub, err)
		}
		if got, _ := f.svc.Group(sala, g.ID); got.Members[0].PersonName != "Anna Andersson" {
			t.Fatalf("logged-in read %+v", got)
		}
		// Edit: a member organisation may; an outsider may not.
		g.Name = "BUS-grupp Västerås stad"
		if _, err := f.svc.UpdateGroup(sala, g); code(err) != grant.EFORBIDDEN {
			t.Fatalf("Sala edits: %v", err)
		}
		if g, err = f.svc.UpdateGroup(region, g); err != nil || g.Version != 2 {
			t.Fatalf("region edits: %+v, %v", g, err)
		}
		if err := f.svc.DeleteGroup(vasteras, g.ID, g.Version); code(err) != grant.ECONFLICT {
			t.Fatalf("delete a group with a plan: %v", err)
		}
		for _, c := range []struct {
			name string
			f    app.CollabFilter
			want int
		}{
			{"org 19 as member", app.CollabFilter{ListFilter: app.ListFilter{OrgCode: "19"}}, 1},
			{"county 19", app.CollabFilter{ListFilter: app.ListFilter{County: "19"}}, 1},
			{"kind adults", app.CollabFilter{ListFilter: app.ListFilter{Kind: "adults"}}, 0},
			{"org 1981", app.CollabFilter{ListFilter: app.ListFilter{OrgCode: "1981"}}, 0},
		} {
			got, _, err := f.svc.Groups(f.ctx, c.f)
			if err != nil || len(got) != c.want {
				t.Errorf("%s: %d groups, want %d (%v)", c.name, len(got), c.want, err)
			}
		}
		empty, err := f.svc.CreateGroup(vasteras, grant.Group{Kind: grant.GroupAdults, Name: "Vuxengrupp", OrgCode: "1980"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DeleteGroup(sala, empty.ID, empty.Version); code(err) != grant.EFORBIDDEN {
			t.Fatalf("Sala deletes: %v", err)
		}
		if err := f.svc.DeleteGroup(vasteras, empty.ID, empty.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Group(f.ctx, empty.ID); code(err) != grant.ENOTFOUND {
			t.Fatalf("deleted group: %v", err)
		}
	})
}

func TestCountyPlan(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		plan := grant.ActionPlan{OwnerCounty: "01", Title: "Länsgemensam handlingsplan psykisk hälsa 2018", FromYear: 2018, ToYear: 2018, Status: grant.PlanAdopted}
		if _, err := f.svc.CreateActionPlan(collabCoord(f.ctx, "0780"), plan); code(err) != grant.EFORBIDDEN {
			t.Fatalf("Växjö writes Stockholm's county plan: %v", err)
		}
		p, err := f.svc.CreateActionPlan(collabCoord(f.ctx, "0180"), plan)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Responsible) != 27 || p.Responsible[0] != "01" {
			t.Fatalf("responsible: %d %v", len(p.Responsible), p.Responsible)
		}
		bad := plan
		bad.OwnerCounty = "99"
		if _, err := f.svc.CreateActionPlan(f.ctx, bad); code(err) != grant.EINVALID || errField(err) != "owner_county" {
			t.Fatalf("unknown county: %v", err)
		}
		both := plan
		both.OwnerOrg = "01"
		if _, err := f.svc.CreateActionPlan(f.ctx, both); code(err) != grant.EINVALID || errField(err) != "owner_org" {
			t.Fatalf("two owners: %v", err)
		}
		plans, err := f.svc.GroupPlans(app.WithActor(f.ctx, app.PublicActor()), 0, "01")
		if err != nil || len(plans) != 1 || plans[0].ID != p.ID {
			t.Fatalf("public county plans %+v, %v", plans, err)
		}
	})
}

func errField(err error) string {
	if e, ok := err.(*grant.Error); ok {
		return e.Field
	}
	return ""
}
