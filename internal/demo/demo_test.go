package demo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

func TestLoad(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cfg, svc := seeded(t, db)
		if loaded, err := demo.Load(ctx, cfg); err != nil || !loaded {
			t.Fatalf("first load: %v, %v", loaded, err)
		}
		if loaded, err := demo.Load(ctx, cfg); err != nil || loaded {
			t.Fatalf("second load must leave a used database alone: %v, %v", loaded, err)
		}
		tables, err := svc.PopulationTables(ctx)
		if err != nil || len(tables) != 1 || !tables[0].IsExample {
			t.Fatalf("the demo population must be marked as example data: %+v, %v", tables, err)
		}
		pots, _, err := svc.Pots(ctx, app.ListFilter{Year: 2017})
		if err != nil || len(pots) != 6 {
			t.Fatalf("pots: %d, %v", len(pots), err)
		}
		var total money.Amount
		decided := 0
		for _, p := range pots {
			total += p.Amount
			runs, _, err := svc.Runs(ctx, app.ListFilter{PotID: p.ID, Status: string(grant.RunDecided)})
			if err != nil {
				t.Fatal(err)
			}
			decided += len(runs)
		}
		if total != 885*money.Mkr || decided != 3 {
			t.Fatalf("pots sum to %s with %d decided runs; want 885 Mkr and 3", total, decided)
		}
		// Seed 000: Region Kronoberg's three committees, exactly 20,3 Mkr.
		subs, _, err := svc.SubAllocations(ctx, app.ListFilter{OrgCode: "07"})
		if err != nil || len(subs) != 3 {
			t.Fatalf("Kronoberg sub-allocations: %d, %v", len(subs), err)
		}
		var spread money.Amount
		for _, s := range subs {
			spread += s.Amount
		}
		if spread != 20_300_000*money.Krona {
			t.Errorf("Kronoberg spread %s, want 20 300 000 kr", spread)
		}
		// Seeds 003 and 004: the initiatives; seed 001: Storsthlm's project leaders.
		if list, _, err := svc.Initiatives(ctx, app.ListFilter{}); err != nil || len(list) != 4 {
			t.Errorf("initiatives: %d, %v", len(list), err)
		}
		paid, _, err := svc.Payments(ctx, app.ListFilter{Year: 2017})
		if err != nil || len(paid) != 6 {
			t.Errorf("payments 2017: %d, %v", len(paid), err)
		}
		waiting, _, err := svc.Requisitions(ctx, app.ListFilter{Status: "submitted"})
		if err != nil || len(waiting) != 1 {
			t.Errorf("waiting requisitions: %d, %v", len(waiting), err)
		}
		// Växjö's plan follows a Kolada key figure, imported for Växjö,
		// Region Kronoberg and Riket over 2015–2019.
		plans, _, err := svc.ActionPlans(ctx, app.ListFilter{OrgCode: "0780"})
		if err != nil || len(plans) != 1 || plans[0].Indicators[0].KoladaKPI != demo.DemoKPI {
			t.Fatalf("Växjö's plans: %+v, %v", plans, err)
		}
		for _, org := range []string{"0780", "07", "00"} {
			vals, err := svc.KoladaValues(ctx, app.KoladaFilter{KPI: demo.DemoKPI, OrgCode: org, Gender: "T"})
			if err != nil || len(vals) != 5 || vals[0].Period != 2015 || vals[4].Period != 2019 || vals[4].Value == nil {
				t.Errorf("Kolada values of %s: %+v, %v", org, vals, err)
			}
		}
		// Every demo account logs in with the documented password and has its role.
		for _, u := range demo.Users() {
			if _, got, err := svc.Login(ctx, u.Email, demo.Password, "192.0.2.1"); err != nil || len(got.Roles) != 1 || got.Roles[0] != u.Roles[0] {
				t.Errorf("demo login %s: %+v, %v", u.Email, got.Roles, err)
			}
		}
	})
}

// TestDemoCollaboration: seed 004's Västmanland agreements and leadership
// groups, and Stockholm's county-wide plan shared with NSPH.
func TestDemoCollaboration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cfg, svc := seeded(t, db)
		if _, err := demo.Load(ctx, cfg); err != nil {
			t.Fatal(err)
		}
		agreements, _, err := svc.CollabAgreements(ctx, app.CollabFilter{ListFilter: app.ListFilter{County: "19"}})
		if err != nil || len(agreements) != 10 {
			t.Fatalf("Västmanland agreements: %d, %v", len(agreements), err)
		}
		for _, a := range agreements {
			if !a.AllApproved() || a.ValidFrom != "2015-11-01" || a.ValidTo != "2018-03-31" || a.Party("19") < 0 {
				t.Errorf("agreement %+v", a)
			}
		}
		for kind, want := range map[string]int{"children_youth": 10, "adults": 10} {
			groups, _, err := svc.Groups(ctx, app.CollabFilter{ListFilter: app.ListFilter{County: "19", Kind: kind}})
			if err != nil || len(groups) != want {
				t.Errorf("Västmanland %s groups: %d, %v", kind, len(groups), err)
			}
		}
		bus, _, err := svc.Groups(ctx, app.CollabFilter{ListFilter: app.ListFilter{County: "19", Kind: "children_youth", Limit: 1}})
		if err != nil || len(bus) != 1 {
			t.Fatal(err)
		}
		if plans, err := svc.GroupPlans(ctx, bus[0].ID, ""); err != nil || len(plans) != 1 || len(plans[0].Responsible) != 2 {
			t.Errorf("the BUS-grupp's plan: %+v, %v", plans, err)
		}
		plans, err := svc.GroupPlans(ctx, 0, "01")
		if err != nil || len(plans) != 1 {
			t.Fatalf("Stockholm's county plans: %d, %v", len(plans), err)
		}
		joint := plans[0].Responsible
		if len(joint) != 29 || joint[0] != "01" || !slices.Contains(joint, "0180") || !slices.Contains(joint, "nsph-stockholm") {
			t.Errorf("Stockholm's plan is shared by %v", joint)
		}
	})
}

// TestDemoRunsVerify: every decided run of the demo — including the one
// with Stockholm's set-aside — is recomputed bit for bit from its inputs.
func TestDemoRunsVerify(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cfg, svc := seeded(t, db)
		if _, err := demo.Load(ctx, cfg); err != nil {
			t.Fatal(err)
		}
		runs, _, err := svc.Runs(ctx, app.ListFilter{Status: string(grant.RunDecided)})
		if err != nil || len(runs) != 4 {
			t.Fatalf("decided runs: %d, %v", len(runs), err)
		}
		for _, r := range runs {
			if same, err := svc.VerifyRun(ctx, r.ID); err != nil || !same {
				t.Errorf("run %d (pot %d) does not verify: %v", r.ID, r.PotID, err)
			}
		}
	})
}

// seeded makes a service over db with the organisations seeded.
func seeded(t *testing.T, db *store.DB) (context.Context, app.Config, *app.Service) {
	t.Helper()
	ctx := context.Background()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := app.Config{Store: db, Register: reg}
	svc := app.New(cfg)
	if _, err := svc.SeedOrganisations(ctx); err != nil {
		t.Fatal(err)
	}
	return ctx, cfg, svc
}

// TestDemoNetwork: seed 001's coordinator network run by Storsthlm, with
// every principal of Stockholm county, four meetings a year, and the
// requirements board showing the 4 % joint set-aside and what it funds.
func TestDemoNetwork(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cfg, svc := seeded(t, db)
		if _, err := demo.Load(ctx, cfg); err != nil {
			t.Fatal(err)
		}
		nets, _, err := svc.Networks(ctx, app.ListFilter{County: "01"})
		if err != nil || len(nets) != 1 || nets[0].RunBy != "storsthlm" {
			t.Fatalf("networks: %+v, %v", nets, err)
		}
		n, err := svc.Network(ctx, nets[0].ID)
		if err != nil || len(n.Members) != 27 || n.MeetingsPerYear != 4 {
			t.Fatalf("network: %d members, %v", len(n.Members), err)
		}
		for year, held := range map[int]int{2017: 4, 2018: 0} {
			ms, err := svc.Meetings(ctx, n.ID, year)
			got := 0
			for _, m := range ms {
				if m.Held() {
					got++
					if len(m.Decisions) == 0 || len(m.Participants) == 0 {
						t.Errorf("held meeting without decisions or participants: %+v", m)
					}
				}
			}
			if err != nil || len(ms) != 4 || got != held {
				t.Errorf("%d: %d meetings, %d held, want 4 and %d: %v", year, len(ms), got, held, err)
			}
		}
		tasks, _, err := svc.Tasks(ctx, app.TaskFilter{NetworkID: n.ID})
		if err != nil || len(tasks) != 4 || !tasks[0].Overdue || tasks[1].Overdue {
			t.Errorf("tasks, one overdue first: %+v, %v", tasks, err)
		}
		b, err := svc.RequirementsBoard(ctx, "01", 2017)
		if err != nil || len(b.Rows) != 27 || len(b.Columns) != 3 {
			t.Fatalf("board: %d rows, %d columns, %v", len(b.Rows), len(b.Columns), err)
		}
		if len(b.Joint) != 1 || b.Joint[0].Holder != "storsthlm" || b.Joint[0].Paid != b.Joint[0].Amount || b.Joint[0].Amount <= 0 || len(b.Joint[0].Uses) != 1 {
			t.Errorf("the 4 %% joint set-aside: %+v", b.Joint)
		}
	})
}
