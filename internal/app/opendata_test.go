package app_test

import (
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/demo"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// TestOpenData: the public reads a year's open data over the demo — the
// decided splits, the payments (which it may not list otherwise) and the
// active sub-allocations — and a year without an agreement is not found.
func TestOpenData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		reg, err := refdata.Load()
		if err != nil {
			t.Fatal(err)
		}
		cfg := app.Config{Store: db, Register: reg}
		svc := app.New(cfg)
		op := app.WithActor(t.Context(), app.Operator("test"))
		if _, err := svc.SeedOrganisations(op); err != nil {
			t.Fatal(err)
		}
		if _, err := demo.Load(op, cfg); err != nil {
			t.Fatal(err)
		}
		public := app.WithActor(t.Context(), app.PublicActor())
		if _, _, err := svc.Payments(public, app.ListFilter{Year: 2017}); grant.ErrorCode(err) != grant.EUNAUTHORIZED {
			t.Fatalf("the public lists payments: %v; the test assumes it may not", err)
		}
		d, err := svc.OpenData(public, 2017)
		if err != nil {
			t.Fatal(err)
		}
		var decided money.Amount
		for _, r := range d.Runs {
			if r.Status != grant.RunDecided || len(r.Lines) == 0 {
				t.Errorf("run %d: %s with %d lines", r.ID, r.Status, len(r.Lines))
			}
			decided += r.Total
		}
		if len(d.Agreements) != 1 || len(d.Pots) != 6 || len(d.Runs) != 3 || decided != 530*money.Mkr {
			t.Errorf("2017: %d agreements, %d pots, %d runs deciding %s; want 1, 6, 3 and 530 Mkr", len(d.Agreements), len(d.Pots), len(d.Runs), decided)
		}
		var paid money.Amount
		joint := 0
		for _, p := range d.Payments {
			paid += p.Amount
			if p.Joint && p.OrgCode == "storsthlm" && p.County == "01" {
				joint++
			}
			if p.PaidOn == "" || p.PotID == 0 {
				t.Errorf("payment without date or pot: %+v", p)
			}
		}
		if len(d.Payments) != 6 || joint != 1 || paid <= 0 {
			t.Errorf("2017 payments: %d (%d joint) of %s; want 6, 1 joint", len(d.Payments), joint, paid)
		}
		if d.Organisations["07"].Name == "" {
			t.Error("the organisations are missing")
		}
		d18, err := svc.OpenData(public, 2018)
		if err != nil {
			t.Fatal(err)
		}
		var spread money.Amount
		for _, sa := range d18.SubAllocations {
			spread += sa.Amount
		}
		if len(d18.SubAllocations) != 3 || spread != 20_300_000*money.Krona {
			t.Errorf("2018 sub-allocations: %d of %s; want Kronoberg's 3 of 20 300 000 kr", len(d18.SubAllocations), spread)
		}
		if _, err := svc.OpenData(public, 1999); grant.ErrorCode(err) != grant.ENOTFOUND {
			t.Errorf("1999: %v, want not found", err)
		}
		if years, err := svc.OpenDataYears(public); err != nil || len(years) != 2 || years[0] != 2018 {
			t.Errorf("years: %v, %v", years, err)
		}
	})
}
