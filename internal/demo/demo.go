// Package demo loads a worked example built from the source pages (seeds):
// the 2017 agreement on mental health with its pots, decided splits,
// requisitions and payments, and what the regions did with the money —
// Region Kronoberg's three committees, Region Stockholm's training package,
// Region Östergötland's one-off grant and partnership. Each step runs on a
// clock set to its own date, so the audit log reads like the real year.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

//go:embed scb_kommuner_2017-12-31.csv
var population []byte

// loader runs the demo's steps, each with a service whose clock is the
// step's date.
type loader struct {
	ctx  context.Context
	cfg  app.Config
	at   time.Time
	svc  *app.Service
	pots map[string]grant.Pot
}

// on moves the clock to a date (10:00 UTC) and returns the service for it.
func (l *loader) on(date string) *app.Service {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic("demo: bad date " + date) // a typo in this file, not user input
	}
	l.at = t.Add(10 * time.Hour)
	at := l.at
	cfg := l.cfg
	cfg.Now = func() time.Time { return at }
	l.svc = app.New(cfg)
	return l.svc
}

// Load fills a fresh database with the example. It does nothing (and says
// so) when the database already holds an agreement, so it is safe to pass
// --demo on every start. cfg is the configuration of the real service.
func Load(ctx context.Context, cfg app.Config) (bool, error) {
	l := &loader{ctx: app.WithActor(ctx, app.Operator("demo")), cfg: cfg, pots: map[string]grant.Pot{}}
	if some, _, err := app.New(cfg).Agreements(l.ctx, app.ListFilter{Limit: 1}); err != nil {
		return false, err
	} else if len(some) > 0 {
		return false, nil
	}
	for _, step := range []func() error{l.users, l.contacts, l.agreement2017, l.money2017, l.agreement2018, l.kronoberg, l.initiatives, l.kolada, l.collaboration, l.networks} {
		if err := step(); err != nil {
			return false, fmt.Errorf("demo: %w", err)
		}
	}
	return true, nil
}

// importPopulation stores SCB's 31 December 2017 table, marked as example
// data: the agreements' real key is 1 November of the year before.
func (l *loader) importPopulation() (grant.PopulationTable, error) {
	return l.svc.ImportPopulation(l.ctx, grant.PopulationTable{
		Name:          "EXEMPEL: SCB folkmängd 31 dec 2017 (i stället för 1 nov)",
		Source:        "SCB BE0101, folkmängd 31 december 2017 (exempeldata)",
		ReferenceDate: "2017-12-31", IsExample: true,
	}, bytes.NewReader(population))
}

// decide creates and decides a pot's split.
func (l *loader) decide(p grant.Pot) (grant.Pot, error) {
	pot, err := l.svc.CreatePot(l.ctx, p)
	if err != nil {
		return pot, fmt.Errorf("pot %s: %w", p.Name, err)
	}
	l.pots[p.Name] = pot
	if p.Recipients == "" {
		return pot, nil
	}
	run, err := l.svc.CreateRun(l.ctx, pot.ID)
	if err != nil {
		return pot, fmt.Errorf("run %s: %w", p.Name, err)
	}
	if _, err := l.svc.DecideRun(l.ctx, run.ID, run.Version); err != nil {
		return pot, fmt.Errorf("decide %s: %w", p.Name, err)
	}
	return pot, nil
}

// line returns an organisation's amount in a pot's decided split.
func (l *loader) line(pot grant.Pot, org string) (grant.AllocationRun, int, error) {
	runs, _, err := l.svc.Runs(l.ctx, app.ListFilter{PotID: pot.ID, Status: string(grant.RunDecided)})
	if err != nil || len(runs) != 1 {
		return grant.AllocationRun{}, -1, fmt.Errorf("decided run of %s: %v", pot.Name, err)
	}
	run, err := l.svc.Run(l.ctx, runs[0].ID)
	if err != nil {
		return run, -1, err
	}
	for i, ln := range run.Lines {
		if ln.Code == org {
			return run, i, nil
		}
	}
	return run, -1, fmt.Errorf("%s has no line in %s", org, pot.Name)
}

// requisitionAndPay requisitions an organisation's whole line on date,
// has it approved a week later and paid on paidOn ("" leaves it unpaid).
func (l *loader) requisitionAndPay(potName, org string, joint bool, county, date, paidOn string) error {
	pot := l.pots[potName]
	l.on(date)
	run, i, err := l.line(pot, org)
	if joint {
		run, i, err = l.jointLine(pot, county)
	}
	if err != nil {
		return err
	}
	r, err := l.svc.SubmitRequisition(l.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: org, Joint: joint, County: county, Amount: run.Lines[i].Amount})
	if err != nil {
		return fmt.Errorf("requisition %s %s: %w", org, potName, err)
	}
	if paidOn == "" {
		return nil
	}
	l.on(l.at.AddDate(0, 0, 7).Format(time.DateOnly))
	if r, err = l.svc.ApproveRequisition(l.ctx, r.ID, r.Version); err != nil {
		return fmt.Errorf("approve %s %s: %w", org, potName, err)
	}
	l.on(paidOn)
	_, err = l.svc.RecordPayment(l.ctx, app.PaymentInput{RequisitionID: r.ID, Amount: r.Amount, PaidOn: grant.Date(paidOn),
		IdempotencyKey: fmt.Sprintf("demo-%d", r.ID)})
	if err != nil {
		return fmt.Errorf("pay %s %s: %w", org, potName, err)
	}
	return nil
}

func (l *loader) jointLine(pot grant.Pot, county string) (grant.AllocationRun, int, error) {
	run, _, err := l.line(pot, "01")
	if err != nil {
		return run, -1, err
	}
	for i, ln := range run.Lines {
		if ln.Kind.String() == "set_aside" && ln.County == county {
			return run, i, nil
		}
	}
	return run, -1, fmt.Errorf("no joint line for county %s in %s", county, pot.Name)
}
