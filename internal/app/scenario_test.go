package app_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

func TestPreviewScenario(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, pots := f.agreement2017(t)
		pot := pots["Unga"]
		stored, err := f.svc.Preview(f.ctx, pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		same, err := f.svc.PreviewScenario(f.ctx, pot)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(same.Lines, stored.Lines) || same.Total != pot.Amount {
			t.Errorf("the stored pot as a scenario differs from its preview")
		}

		// An age band over a table by age: other amounts, the same total.
		fh, err := os.Open("../../examples/befolkning-syntetisk-kronoberg-alder.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		aged, err := f.svc.ImportPopulation(f.ctx, grant.PopulationTable{Name: "Kronoberg efter ålder", Source: "syntetisk", ReferenceDate: "2017-12-31"}, fh)
		if err != nil {
			t.Fatal(err)
		}
		kronoberg := grant.Pot{Name: "Kronoberg", Amount: 10 * money.Mkr, Recipients: "county:07", PopulationTableID: aged.ID}
		all, err := f.svc.PreviewScenario(f.ctx, kronoberg)
		if err != nil {
			t.Fatal(err)
		}
		kronoberg.Ages = "13-25"
		young, err := f.svc.PreviewScenario(f.ctx, kronoberg)
		if err != nil {
			t.Fatal(err)
		}
		if all.Total != kronoberg.Amount || young.Total != kronoberg.Amount {
			t.Errorf("totals %s and %s, want the pot %s", all.Total, young.Total, kronoberg.Amount)
		}
		if slices.Equal(all.Lines, young.Lines) {
			t.Error("the age band 13-25 changed no amount")
		}
		if young.Key.Description == all.Key.Description {
			t.Errorf("the key's description %q does not name the age band", young.Key.Description)
		}

		// Refusals: a pot that cannot be split, a table that does not exist.
		bad := kronoberg
		bad.Amount = 0
		if _, err := f.svc.PreviewScenario(f.ctx, bad); code(err) != grant.EINVALID {
			t.Errorf("an empty pot: %v", err)
		}
		bad = kronoberg
		bad.PopulationTableID = 9999
		if _, err := f.svc.PreviewScenario(f.ctx, bad); code(err) != grant.EINVALID {
			t.Errorf("an unknown table: %v", err)
		}

		// Only oversight may preview.
		coordinator := app.WithActor(context.Background(), app.UserActor(grant.User{Email: "k@example.se",
			Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "0780"}}}))
		if _, err := f.svc.PreviewScenario(coordinator, pot); code(err) != grant.EFORBIDDEN {
			t.Errorf("a coordinator: %v", err)
		}
		if _, err := f.svc.PreviewScenario(app.WithActor(context.Background(), app.PublicActor()), pot); code(err) != grant.EUNAUTHORIZED {
			t.Errorf("the public: %v", err)
		}
		auditor := app.WithActor(context.Background(), app.UserActor(grant.User{Email: "r@example.se", Roles: []grant.Role{{Kind: grant.RoleAuditor}}}))
		if _, err := f.svc.PreviewScenario(auditor, pot); err != nil {
			t.Errorf("an auditor: %v", err)
		}
	})
}
