package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
)

// coordinatorOf is the context of a coordinator of the organisations.
func coordinatorOf(email string, orgs ...string) context.Context {
	a := app.Actor{User: email}
	for _, o := range orgs {
		a.Roles = append(a.Roles, grant.Role{Kind: grant.RoleCoordinator, OrgCode: o})
	}
	return app.WithActor(context.Background(), a)
}

// lastAudit is the newest audit entry.
func (f *fixture) lastAudit(t *testing.T) grant.AuditEntry {
	t.Helper()
	list, _, err := f.svc.Audit(f.ctx, app.AuditFilter{Limit: 1})
	if err != nil || len(list) != 1 {
		t.Fatalf("audit: %v %v", list, err)
	}
	return list[0]
}

// A region's coordinator acts for the region's committees and their units,
// and the audit log names both the user and the organisation acted for;
// no one else may.
func TestCoordinatorActsForCommittees(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		region, vaxjo := coordinatorOf("region@kronoberg.se", "07"), coordinatorOf("samordnare@vaxjo.se", "0780")
		auditor := app.WithActor(context.Background(), app.Actor{User: "revisor@example.se", Roles: []grant.Role{{Kind: grant.RoleAuditor}}})
		public := app.WithActor(context.Background(), app.PublicActor())
		committee := grant.Organisation{Code: "07-hsn", Kind: grant.OrgCommittee, Name: "Hälso- och sjukvårdsnämnden", ParentCode: "07"}
		unit := grant.Organisation{Code: "07-hsn-pv", Kind: grant.OrgUnit, Name: "Primärvården", ParentCode: "07-hsn"}
		initiative := grant.Initiative{OrgCode: "07-hsn-pv", Title: "Utbildning", Kind: grant.InitiativeOneOff, Amount: money.Mkr,
			StartYear: 2018, TargetGroup: grant.TargetAll}
		for _, tt := range []struct {
			name string
			ctx  context.Context
			do   func(context.Context) error
			code string
		}{
			{"Växjö may not add a committee to the region", vaxjo, func(c context.Context) error { _, err := f.svc.CreateOrganisation(c, committee); return err }, grant.EFORBIDDEN},
			{"the region adds its committee", region, func(c context.Context) error { _, err := f.svc.CreateOrganisation(c, committee); return err }, ""},
			{"and a unit under it", region, func(c context.Context) error { _, err := f.svc.CreateOrganisation(c, unit); return err }, ""},
			{"Växjö may not act for the unit", vaxjo, func(c context.Context) error { _, err := f.svc.CreateInitiative(c, initiative); return err }, grant.EFORBIDDEN},
			{"an auditor writes nothing", auditor, func(c context.Context) error { _, err := f.svc.CreateInitiative(c, initiative); return err }, grant.EFORBIDDEN},
			{"the public must log in", public, func(c context.Context) error { _, err := f.svc.CreateInitiative(c, initiative); return err }, grant.EUNAUTHORIZED},
			{"the region acts for the unit", region, func(c context.Context) error { _, err := f.svc.CreateInitiative(c, initiative); return err }, ""},
		} {
			if err := tt.do(tt.ctx); code(err) != tt.code {
				t.Fatalf("%s: %v, want %q", tt.name, err, tt.code)
			}
		}
		if e := f.lastAudit(t); e.Actor != "region@kronoberg.se" || e.ActingFor != "07-hsn-pv" || e.Entity != "initiative" {
			t.Errorf("audit %+v", e)
		}
		if _, _, err := f.svc.Initiatives(public, app.ListFilter{OrgCode: "07-hsn-pv"}); err != nil {
			t.Errorf("initiatives are public: %v", err)
		}
	})
}

// A county-joint line is requisitioned by its designated holder's
// coordinator only; lists of a coordinator show its own organisation.
func TestCoordinatorRequisitions(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pot, _ := f.stockholmJointPot(t)
		holder, stockholm := coordinatorOf("samordnare@storsthlm.se", "storsthlm"), coordinatorOf("samordnare@stockholm.se", "0180")
		joint := app.RequisitionInput{PotID: pot.ID, OrgCode: "storsthlm", Joint: true, County: "01", Amount: money.Krona}
		if _, err := f.svc.SubmitRequisition(stockholm, joint); code(err) != grant.EFORBIDDEN {
			t.Errorf("a contributor requisitions the joint line: %v", err)
		}
		if _, err := f.svc.SubmitRequisition(holder, joint); err != nil {
			t.Fatalf("the holder: %v", err)
		}
		if e := f.lastAudit(t); e.Actor != "samordnare@storsthlm.se" || e.ActingFor != "storsthlm" {
			t.Errorf("audit %+v", e)
		}
		if _, err := f.svc.SubmitRequisition(stockholm, app.RequisitionInput{PotID: pot.ID, OrgCode: "0180", Amount: money.Krona}); err != nil {
			t.Fatalf("Stockholm's own line: %v", err)
		}
		list, _, err := f.svc.Requisitions(stockholm, app.ListFilter{PotID: pot.ID})
		if err != nil || len(list) != 1 || list[0].OrgCode != "0180" {
			t.Errorf("Stockholm's list: %+v %v", list, err)
		}
		if _, _, err := f.svc.Requisitions(stockholm, app.ListFilter{OrgCode: "storsthlm"}); code(err) != grant.EFORBIDDEN {
			t.Errorf("Stockholm lists the holder's: %v", err)
		}
		if _, _, err := f.svc.Requisitions(coordinatorOf("x@example.se", "0180", "0114"), app.ListFilter{}); code(err) != grant.EINVALID {
			t.Errorf("two organisations, none named: %v", err)
		}
		if _, err := f.svc.Balances(holder, app.ListFilter{OrgCode: "0180"}); code(err) != grant.EFORBIDDEN {
			t.Errorf("the holder reads Stockholm's balances: %v", err)
		}
	})
}

// The public sees decided runs and adopted plans, never drafts.
func TestPublicSeesNothingUndecided(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, pots := f.agreement2017(t)
		f.reqDecide(t, pots["Analys och handlingsplaner"].ID)
		draft, err := f.svc.CreateRun(f.ctx, pots["Unga"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateActionPlan(f.ctx, grant.ActionPlan{OwnerOrg: "0780", Title: "Utkast", FromYear: 2017, ToYear: 2018}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateActionPlan(f.ctx, grant.ActionPlan{OwnerOrg: "0780", Title: "Antagen", FromYear: 2017, ToYear: 2018, Status: grant.PlanAdopted}); err != nil {
			t.Fatal(err)
		}
		public := app.WithActor(context.Background(), app.PublicActor())
		runs, _, err := f.svc.Runs(public, app.ListFilter{})
		if err != nil || len(runs) != 1 || runs[0].Status != grant.RunDecided {
			t.Errorf("runs: %+v %v", runs, err)
		}
		if all, _, _ := f.svc.Runs(f.ctx, app.ListFilter{}); len(all) != 2 {
			t.Errorf("the administrator sees %d runs, want 2", len(all))
		}
		if _, err := f.svc.Run(public, draft.ID); code(err) != grant.EUNAUTHORIZED {
			t.Errorf("a draft run: %v", err)
		}
		if _, err := f.svc.Preview(public, pots["Unga"].ID); code(err) != grant.EUNAUTHORIZED {
			t.Errorf("a preview: %v", err)
		}
		plans, _, err := f.svc.ActionPlans(public, app.ListFilter{})
		if err != nil || len(plans) != 1 || plans[0].Title != "Antagen" {
			t.Errorf("plans: %+v %v", plans, err)
		}
		for name, read := range map[string]func() error{
			"requisitions": func() error { _, _, err := f.svc.Requisitions(public, app.ListFilter{}); return err },
			"ledger":       func() error { _, _, err := f.svc.Ledger(public, app.ListFilter{}); return err },
			"audit":        func() error { _, _, err := f.svc.Audit(public, app.AuditFilter{}); return err },
			"reports":      func() error { _, _, err := f.svc.Reports(public, app.ListFilter{}); return err },
		} {
			if err := read(); code(err) != grant.EUNAUTHORIZED {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}

// The last enabled administrator can be neither disabled nor demoted.
func TestLastAdministratorStays(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		admin := grant.Role{Kind: grant.RoleAdmin}
		for _, e := range []string{"anna@example.se", "bo@example.se"} {
			if _, err := f.svc.AddUser(f.ctx, grant.User{Email: e, Name: e, Roles: []grant.Role{admin}}, "ett långt lösenord"); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.svc.DisableUser(f.ctx, "anna@example.se"); err != nil {
			t.Fatalf("one of two: %v", err)
		}
		if err := f.svc.DisableUser(f.ctx, "bo@example.se"); code(err) != grant.ECONFLICT {
			t.Errorf("disable the last: %v", err)
		}
		if err := f.svc.RevokeRole(f.ctx, "bo@example.se", admin); code(err) != grant.ECONFLICT {
			t.Errorf("demote the last: %v", err)
		}
		if u, err := f.svc.UserByEmail(f.ctx, "bo@example.se"); err != nil || u.Disabled || len(u.Roles) != 1 {
			t.Errorf("the refused changes changed %+v %v", u, err)
		}
	})
}

// A checked token is trusted for the cache's two seconds: a revocation
// ends it at once on the instance that made it, and on another instance
// sharing the database once the two seconds have passed.
func TestAuthenticationCache(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		if _, err := f.svc.AddUser(f.ctx, grant.User{Email: "eva@kommun.se", Name: "Eva", Roles: []grant.Role{{Kind: grant.RoleAuditor}}}, "ett långt lösenord"); err != nil {
			t.Fatal(err)
		}
		token, k, err := f.svc.CreateToken(f.ctx, "eva@kommun.se", "skript")
		if err != nil {
			t.Fatal(err)
		}
		reg, err := refdata.Load()
		if err != nil {
			t.Fatal(err)
		}
		other := app.New(app.Config{Store: f.db, Register: reg, Now: f.clock.now})
		for name, svc := range map[string]*app.Service{"this": f.svc, "other": other} {
			if u, _, err := svc.AuthenticateToken(context.Background(), token); err != nil || u.Email != "eva@kommun.se" {
				t.Fatalf("%s instance: %v %v", name, u, err)
			}
		}
		if err := f.svc.RevokeToken(f.ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.AuthenticateToken(context.Background(), token); code(err) != grant.EUNAUTHORIZED {
			t.Errorf("this instance after revoking: %v", err)
		}
		if _, _, err := other.AuthenticateToken(context.Background(), token); err != nil {
			t.Errorf("the other instance within its cache's two seconds: %v", err)
		}
		f.clock.advance(2 * time.Second)
		if _, _, err := other.AuthenticateToken(context.Background(), token); code(err) != grant.EUNAUTHORIZED {
			t.Errorf("the other instance after two seconds: %v", err)
		}
	})
}
