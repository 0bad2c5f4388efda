package server_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/oidc"
	"github.com/anslag/anslag/internal/oidc/oidctest"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/server"
	"github.com/anslag/anslag/internal/store"
)

// The roles of the access tests. Own and foreign are coordinators of the
// organisation whose records the requests name (Växjö, 0780) and of
// another (Stockholm, 0180).
const (
	public   = "public"
	admin    = "admin"
	auditor  = "auditor"
	own      = "own"
	foreign  = "foreign"
	ownOrg   = "0780"
	otherOrg = "0180"
	password = "ett långt lösenord för åtkomsttesterna"
)

// roles in the order the matrix tries them: those refused first, so that a
// write that is let through cannot change what a later refusal meets.
var roles = []string{public, foreign, auditor, own, admin}

// accessFixture is the whole application over a real database, holding one
// record of every kind for Växjö, and a user with an API token per role.
type accessFixture struct {
	t      *testing.T
	ctx    context.Context
	svc    *app.Service
	srv    *server.Server
	sso    *oidctest.Provider
	tokens map[string]string // role → API token
	emails map[string]string // role → e-mail

	agreement, pot, draftPot, run, draftRun int64
	condition, requisition, report, claim   int64
	subAllocation, initiative, plan, token  int64
	contact                                 int64
	collab, group                           int64 // Växjö's collaboration agreement with Region Kronoberg, and its BUS-grupp
	table                                   int64
	network, meeting, task                  int64 // a network run by ownOrg; see access_networks_test.go
	app                                     *server.Application
	seq                                     int       // for unique codes
	clock                                   time.Time // the service's clock; tests move it
}

func (f *accessFixture) next() int { f.seq++; return f.seq }

// accessClock is the service's clock: early in the 2017 agreement's year,
// before any deadline.
var accessClock = time.Date(2017, 3, 1, 9, 0, 0, 0, time.UTC)

func newAccessFixture(t *testing.T, db *store.DB) *accessFixture {
	t.Helper()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	f := &accessFixture{t: t, ctx: app.WithActor(context.Background(), app.Operator("fixture")),
		tokens: map[string]string{}, emails: map[string]string{}, clock: accessClock}
	f.svc = app.New(app.Config{Store: db, Register: reg, Now: func() time.Time { return f.clock }, Passwords: auth.TestParams})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = f.svc.SeedOrganisations(f.ctx)
	must(err)
	fh, err := os.Open("../../examples/scb_kommuner_2017-12-31.csv")
	must(err)
	defer fh.Close()
	table, err := f.svc.ImportPopulation(f.ctx, grant.PopulationTable{Name: "SCB 31 dec 2017", Source: "scb", ReferenceDate: "2017-12-31"}, fh)
	must(err)
	f.table = table.ID
	a, err := f.svc.CreateAgreement(f.ctx, grant.Agreement{Year: 2017, Title: "Psykisk hälsa 2017", Dnr: "S2016/07758/FS",
		Parties: []string{"staten", "skr"}, Total: 885 * money.Mkr, DecisionDate: "2016-12-15"})
	must(err)
	f.agreement = a.ID
	p, err := f.svc.CreatePot(f.ctx, grant.Pot{AgreementID: a.ID, Name: "Analys", Purpose: "analysarbete", Amount: 250 * money.Mkr,
		Recipients: "principals", PopulationTableID: table.ID, ReferenceDate: "2017-12-31", RequisitionDeadline: "2017-12-31",
		Conditions: []grant.Condition{{Kind: grant.CondAnalysis, Title: "Analys", DueDate: "2017-10-31"}}})
	must(err)
	f.pot, f.condition = p.ID, p.Conditions[0].ID
	run, err := f.svc.CreateRun(f.ctx, p.ID)
	must(err)
	run, err = f.svc.DecideRun(f.ctx, run.ID, run.Version)
	must(err)
	f.run = run.ID
	draft, err := f.svc.CreatePot(f.ctx, grant.Pot{AgreementID: a.ID, Name: "Unga", Purpose: "unga", Amount: 150 * money.Mkr,
		Recipients: "regions", PopulationTableID: table.ID, ReferenceDate: "2017-12-31"})
	must(err)
	f.draftPot = draft.ID
	dr, err := f.svc.CreateRun(f.ctx, draft.ID)
	must(err)
	f.draftRun = dr.ID

	r, err := f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: p.ID, OrgCode: ownOrg, Amount: 100_000 * money.Krona})
	must(err)
	r, err = f.svc.ApproveRequisition(f.ctx, r.ID, r.Version)
	must(err)
	_, err = f.svc.RecordPayment(f.ctx, app.PaymentInput{RequisitionID: r.ID, Amount: r.Amount, PaidOn: "2017-03-01", IdempotencyKey: "betalning-1"})
	must(err)
	f.requisition = r.ID
	_, err = f.svc.SubmitCondition(f.ctx, f.condition, ownOrg, "Analys dnr 2017/1")
	must(err)
	_, err = f.svc.CreateOrganisation(f.ctx, grant.Organisation{Code: "0780-sn", Kind: grant.OrgCommittee, Name: "Socialnämnden", ParentCode: ownOrg})
	must(err)
	sa, err := f.svc.CreateSubAllocation(f.ctx, grant.SubAllocation{AgreementID: a.ID, FromOrg: ownOrg, ToOrg: "0780-sn",
		Amount: 10_000 * money.Krona, DecidedOn: "2017-03-01"})
	must(err)
	f.subAllocation = sa.ID
	in, err := f.svc.CreateInitiative(f.ctx, grant.Initiative{OrgCode: ownOrg, Title: "Första hjälpen", Kind: grant.InitiativeOneOff,
		Amount: 5_000 * money.Krona, StartYear: 2017, TargetGroup: grant.TargetAll})
	must(err)
	f.initiative = in.ID
	contact, err := f.svc.CreateContact(f.ctx, grant.Contact{OrgCode: ownOrg, Name: "Sara Nilsson", Email: "sara@vaxjo.example", Requirements: true})
	must(err)
	f.contact = contact.ID
	plan, err := f.svc.CreateActionPlan(f.ctx, grant.ActionPlan{OwnerOrg: ownOrg, Title: "Handlingsplan 2017", FromYear: 2017, ToYear: 2018})
	must(err)
	f.plan = plan.ID
	collab, err := f.svc.CreateCollabAgreement(f.ctx, grant.CollabAgreement{Parties: []grant.CollabParty{{OrgCode: ownOrg}, {OrgCode: "07"}},
		Subject: "Barn och unga", TargetGroup: grant.TargetChildrenYouth, ValidFrom: "2017-01-01", ValidTo: "2019-12-31"})
	must(err)
	f.collab = collab.ID
	group, err := f.svc.CreateGroup(f.ctx, grant.Group{Kind: grant.GroupChildrenYouth, Name: "BUS-grupp Växjö", OrgCode: ownOrg,
		Members: []grant.GroupMember{{Role: grant.RoleSchool, OrgCode: ownOrg}, {Role: grant.RolePsychiatry, OrgCode: "07"}}})
	must(err)
	f.group = group.ID
	rep, err := f.svc.SubmitReport(f.ctx, app.ReportInput{PotID: p.ID, OrgCode: ownOrg, Used: 90_000 * money.Krona, Unused: 10_000 * money.Krona})
	must(err)
	f.report, f.claim = rep.ID, rep.ClaimID
	f.networkFixture(must)

	for role, u := range map[string]grant.User{
		admin:   {Email: "admin@example.se", Name: "Admin", Roles: []grant.Role{{Kind: grant.RoleAdmin}}},
		auditor: {Email: "revisor@example.se", Name: "Revisor", Roles: []grant.Role{{Kind: grant.RoleAuditor}}},
		own:     {Email: "vaxjo@example.se", Name: "Växjö", Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: ownOrg}}},
		foreign: {Email: "stockholm@example.se", Name: "Stockholm", Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: otherOrg}}},
	} {
		_, err := f.svc.AddUser(f.ctx, u, password)
		must(err)
		token, _, err := f.svc.CreateToken(f.ctx, u.Email, "matris")
		must(err)
		f.tokens[role], f.emails[role] = token, u.Email
		if role == own { // a second token, for the matrix to revoke
			_, k, err := f.svc.CreateToken(f.ctx, u.Email, "att återkalla")
			must(err)
			f.token = k.ID
		}
	}

	f.sso = oidctest.New(t, "anslag", "hemligt")
	f.sso.Set(oidctest.Options{Email: f.emails[own]})
	sso, err := oidc.New(context.Background(), oidc.Config{Issuer: f.sso.Issuer(), ClientID: "anslag", ClientSecret: "hemligt",
		RedirectURL: "http://anslag.test/login/oidc/callback", HTTPClient: f.sso.Client()})
	must(err)
	log := slog.New(slog.DiscardHandler)
	application, err := server.NewApplication(f.svc, db, log, sso)
	must(err)
	f.srv = server.New(server.Config{}, server.Deps{Log: log, DB: db, Auth: f.svc, Mount: application.Mount})
	f.app = application
	return f
}

// serve sends req as role (with its API token) and returns the answer.
func (f *accessFixture) serve(req *http.Request, role string) *http.Response {
	if role != public {
		req.Header.Set("Authorization", "Bearer "+f.tokens[role])
	}
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, req)
	return rec.Result()
}
