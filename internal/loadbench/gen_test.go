package loadbench_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store"
)

// The national size: 10 yearly agreements of 30 pots, each split over the
// 311 principals (21 regions and 290 municipalities).
const (
	firstYear   = 2015
	years       = 10
	potsPerYear = 30
	// rounds is the number of requisitions per line of a decided split;
	// each is requisitioned, approved and paid.
	rounds = 3
)

// dataset is what the generator made, for the requests of the load.
type dataset struct {
	years      []int
	pots       []int64 // every pot
	runs       []int64 // every decided run (one per pot)
	ledgerRows int
	reqRows    int
	took       time.Duration
}

// generate fills a migrated database with national-size data. The
// agreements, pots and decided runs (with their allocated ledger entries
// and audit) go through the app's use cases; the requisitions, payments
// and the ledger entries they cause are bulk-loaded year by year through a
// second connection, since a million use-case calls would take an hour.
// The bulk rows are what the use cases would write: three requisitions per
// line, each requisitioned, approved and paid with one payment, then the
// line's use reported as used and unused.
func generate(tb testing.TB, ctx context.Context, url string, db *store.DB) dataset {
	tb.Helper()
	start := time.Now()
	reg, err := refdata.Load()
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Date(firstYear-1, 12, 20, 9, 0, 0, 0, time.UTC)
	svc := app.New(app.Config{Store: db, Register: reg, Now: func() time.Time { return now }})
	ctx = app.WithActor(ctx, app.Operator("handlaggare@example.se"))
	if _, err := svc.SeedOrganisations(ctx); err != nil {
		tb.Fatal(err)
	}
	fh, err := os.Open("../../examples/scb_kommuner_2017-12-31.csv")
	if err != nil {
		tb.Fatal(err)
	}
	table, err := svc.ImportPopulation(ctx, grant.PopulationTable{Name: "SCB 31 dec 2017", Source: "scb", ReferenceDate: "2017-12-31"}, fh)
	fh.Close()
	if err != nil {
		tb.Fatal(err)
	}
	ld, err := openLoader(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	defer ld.Close()

	var ds dataset
	var appTime time.Duration
	for y := firstYear; y < firstYear+years; y++ {
		t0 := time.Now()
		now = time.Date(y-1, 12, 20, 9, 0, 0, 0, time.UTC)
		a, err := svc.CreateAgreement(ctx, grant.Agreement{Year: y, Title: fmt.Sprintf("Stöd till riktade insatser inom området psykisk hälsa %d", y),
			Dnr: fmt.Sprintf("S%d/%05d/FS", y-1, 7000+y), Parties: []string{"staten", "skr"}, Total: potsPerYear * 200 * money.Mkr,
			DecisionDate: grant.Date(fmt.Sprintf("%d-12-15", y-1))})
		if err != nil {
			tb.Fatal(err)
		}
		ds.years = append(ds.years, y)
		var runs []grant.AllocationRun
		for i := range potsPerYear {
			p, err := svc.CreatePot(ctx, grant.Pot{AgreementID: a.ID, Name: fmt.Sprintf("Delpost %d", i+1), Purpose: fmt.Sprintf("insatsområde %d", i+1),
				Amount: money.Amount(50+5*i) * money.Mkr, Recipients: "principals", PopulationTableID: table.ID,
				RequisitionDeadline: grant.Date(fmt.Sprintf("%d-12-31", y)), UseBy: grant.Date(fmt.Sprintf("%d-06-30", y+1))})
			if err != nil {
				tb.Fatal(err)
			}
			r, err := svc.CreateRun(ctx, p.ID)
			if err != nil {
				tb.Fatal(err)
			}
			if r, err = svc.DecideRun(ctx, r.ID, r.Version); err != nil {
				tb.Fatal(err)
			}
			ds.pots, ds.runs = append(ds.pots, p.ID), append(ds.runs, r.ID)
			runs = append(runs, r)
			ds.ledgerRows += len(r.Lines)
		}
		appTime += time.Since(t0)
		n, m, err := loadYear(ctx, ld, a, runs)
		if err != nil {
			tb.Fatalf("bulk load %d: %v", y, err)
		}
		ds.reqRows += n
		ds.ledgerRows += m
	}
	if err := db.RebuildLedgerSums(ctx); err != nil {
		tb.Fatal(err)
	}
	if err := ld.Finish(ctx); err != nil {
		tb.Fatal(err)
	}
	ds.took = time.Since(start)
	tb.Logf("generated %s: %d agreements, %d pots, %d decided runs, %d requisitions and as many payments, %d ledger entries in %v (use cases %v)",
		db.Engine(), years, len(ds.pots), len(ds.runs), ds.reqRows, ds.ledgerRows, ds.took.Round(time.Millisecond), appTime.Round(time.Millisecond))
	return ds
}

// loadYear bulk-loads one year's requisitions, payments and the ledger
// entries they cause, in one transaction.
func loadYear(ctx context.Context, ld loader, a grant.Agreement, runs []grant.AllocationRun) (reqs, entries int, err error) {
	const actor = "handlaggare@example.se"
	at := func(month, day int) string {
		return grant.Timestamp(time.Date(a.Year, time.Month(month), day, 10, 0, 0, 0, time.UTC))
	}
	var rs []grant.Requisition
	for k := range rounds {
		for _, run := range runs {
			for _, l := range run.Lines {
				amt := l.Amount / rounds
				if k == rounds-1 {
					amt = l.Amount - (rounds-1)*amt
				}
				if l.Kind != allocate.KindRecipient || amt <= 0 {
					continue
				}
				rs = append(rs, grant.Requisition{PotID: run.PotID, RunID: run.ID, OrgCode: l.Code, County: l.County, Amount: amt,
					Reference: fmt.Sprintf("Stimulansmedel för insatsområde, dnr %s", a.Dnr), Status: grant.ReqPaid,
					SubmittedAt: at(2+3*k, 1), SubmittedBy: actor, DecidedAt: at(2+3*k, 10), DecidedBy: actor, Version: 3})
			}
		}
	}
	return ld.Year(ctx, a, rs, func(yield func(grant.LedgerEntry)) {
		entry := func(kind grant.EntryKind, r grant.Requisition, when, refType string, refID int64, amt money.Amount) {
			yield(grant.LedgerEntry{At: when, Kind: kind, AgreementID: a.ID, PotID: r.PotID, OrgCode: r.OrgCode, Amount: amt,
				RefType: refType, RefID: refID, Actor: actor})
		}
		per := len(rs) / rounds
		for k := range rounds {
			block := rs[k*per : (k+1)*per]
			for _, r := range block {
				entry(grant.EntryRequisitioned, r, r.SubmittedAt, "requisition", r.ID, r.Amount)
			}
			for _, r := range block {
				entry(grant.EntryApproved, r, r.DecidedAt, "requisition", r.ID, r.Amount)
			}
			for i, r := range block {
				entry(grant.EntryPaid, r, r.DecidedAt, "payment", paymentID(k*per+i), r.Amount)
			}
		}
		for _, run := range runs {
			for _, l := range run.Lines {
				if l.Kind != allocate.KindRecipient || l.Amount <= 0 {
					continue
				}
				r := grant.Requisition{PotID: run.PotID, OrgCode: l.Code}
				unused := l.Amount / 10
				entry(grant.EntryUsed, r, grant.Timestamp(time.Date(a.Year+1, 9, 1, 10, 0, 0, 0, time.UTC)), "use_report", 0, l.Amount-unused)
				entry(grant.EntryUnused, r, grant.Timestamp(time.Date(a.Year+1, 9, 1, 10, 0, 0, 0, time.UTC)), "use_report", 0, unused)
			}
		}
	})
}

// paymentID marks a ledger entry's reference to the i-th payment of the
// year; the loader replaces it with the payment's id.
func paymentID(i int) int64 { return -1 - int64(i) }

// loader writes one year's bulk rows through its own connection.
type loader interface {
	// Year inserts the requisitions (setting their ids), one payment for
	// each, and the ledger entries, in one transaction. It returns the
	// numbers of requisitions and ledger entries written.
	Year(ctx context.Context, a grant.Agreement, rs []grant.Requisition, ledger func(yield func(grant.LedgerEntry))) (int, int, error)
	// Finish brings the planner's statistics up to date, as autovacuum or
	// a maintenance job would on a database that has grown over years.
	Finish(ctx context.Context) error
	Close() error
}

func openLoader(ctx context.Context, url string) (loader, error) {
	if store.IsPostgres(url) {
		return openPostgresLoader(ctx, url)
	}
	db, err := sql.Open("sqlite", "file:"+url+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return sqliteLoader{db}, nil
}

// payment is the one payment recorded on a generated requisition.
func payment(r grant.Requisition) grant.Payment {
	return grant.Payment{RequisitionID: r.ID, Amount: r.Amount, PaidOn: grant.Date(r.DecidedAt[:10]),
		IdempotencyKey: fmt.Sprintf("gen-%d", r.ID), CreatedAt: r.DecidedAt, CreatedBy: r.DecidedBy}
}
