package app_test

import (
	"context"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// fixedNow is the clock of every app test: overdue is reproducible.
var fixedNow = time.Date(2017, 6, 1, 10, 0, 0, 0, time.UTC)

// testClock starts at fixedNow and moves only when a test advances it;
// atomic, since concurrency tests read it from many goroutines.
type testClock struct{ offset atomic.Int64 }

func (c *testClock) now() time.Time          { return fixedNow.Add(time.Duration(c.offset.Load())) }
func (c *testClock) advance(d time.Duration) { c.offset.Add(int64(d)) }

type fixture struct {
	clock *testClock
	svc   *app.Service
	db    *store.DB
	ctx   context.Context
	table grant.PopulationTable
}

// newFixture seeds the organisations and imports the real SCB table of
// 31 December 2017 (labelled as such).
func newFixture(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	clock := &testClock{}
	f := &fixture{clock: clock, svc: app.New(app.Config{Store: db, Register: reg, Now: clock.now, Passwords: auth.TestParams}), db: db,
		ctx: app.WithActor(context.Background(), app.Operator("admin@example.se"))}
	if n, err := f.svc.SeedOrganisations(f.ctx); err != nil || n != 313 {
		t.Fatalf("seed: %d, %v", n, err)
	}
	fh, err := os.Open("../../examples/scb_kommuner_2017-12-31.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	f.table, err = f.svc.ImportPopulation(f.ctx, grant.PopulationTable{Name: "SCB 31 dec 2017", Source: "scb_kommuner_2017-12-31.csv", ReferenceDate: "2017-12-31"}, fh)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// agreement2017 records the 2017 agreement of seed 002 with its pots.
func (f *fixture) agreement2017(t *testing.T) (grant.Agreement, map[string]grant.Pot) {
	t.Helper()
	a, err := f.svc.CreateAgreement(f.ctx, grant.Agreement{Year: 2017, Title: "Stöd till riktade insatser inom området psykisk hälsa 2017",
		Dnr: "S2016/07758/FS", Parties: []string{"staten", "skr"}, Total: 885 * money.Mkr, DecisionDate: "2016-12-15"})
	if err != nil {
		t.Fatal(err)
	}
	pots := map[string]grant.Pot{}
	for _, p := range []grant.Pot{
		{Name: "Analys och handlingsplaner", Purpose: "analysarbete och handlingsplaner inom psykisk hälsa", Amount: 250 * money.Mkr,
			Recipients: "principals", PopulationTableID: f.table.ID, ReferenceDate: "2016-11-01",
			Conditions: []grant.Condition{{Kind: grant.CondAnalysis, Title: "Analys", DueDate: "2017-10-31"}, {Kind: grant.CondReport, Title: "Redovisning", DueDate: "2018-01-31"}}},
		{Name: "Unga", Purpose: "insatser för att nå unga", Amount: 150 * money.Mkr, Recipients: "regions", PopulationTableID: f.table.ID},
		{Name: "Ungdomsmottagningar", Purpose: "ungdomsmottagningar", Amount: 130 * money.Mkr, Recipients: "principals", PopulationTableID: f.table.ID},
		{Name: "Övriga stimulansmedel", Amount: 250 * money.Mkr}, // the rest of the 780 Mkr, split by other means
		{Name: "SKL samordning", Amount: 60 * money.Mkr},
		{Name: "SKL kunskapsstöd", Amount: 45 * money.Mkr},
	} {
		p.AgreementID = a.ID
		got, err := f.svc.CreatePot(f.ctx, p)
		if err != nil {
			t.Fatalf("pot %s: %v", p.Name, err)
		}
		pots[p.Name] = got
	}
	return a, pots
}

func code(err error) string { return grant.ErrorCode(err) }

func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { fn(t, newFixture(t, db)) })
}
