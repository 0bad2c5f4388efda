package app_test

import (
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// TestReadDecisionText: recipients are matched against the organisation's
// committees and its initiatives' partners; a partner's line is proposed
// as an initiative; a text that cannot be read is EINVALID on "text"; only
// those who may act for the organisation may read.
func TestReadDecisionText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		if _, err := f.svc.CreateOrganisation(f.ctx, grant.Organisation{Code: "05-hsn", Kind: grant.OrgCommittee,
			Name: "Hälso- och sjukvårdsnämnden", ParentCode: "05"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateOrganisation(f.ctx, grant.Organisation{Code: "novahuset", Kind: grant.OrgPartner,
			Name: "Novahuset", OrgNumber: "802002-4280"}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.CreateInitiative(f.ctx, grant.Initiative{OrgCode: "05", Title: "Partnerskap", Kind: grant.InitiativeRecurring,
			Amount: 700_000 * money.Krona, StartYear: 2020, TargetGroup: grant.TargetAll, PartnerCode: "novahuset"}); err != nil {
			t.Fatal(err)
		}
		text := "Beslut 2019-11-12:\n• 1 000 000 kr till hälso- och sjukvårdsnämnden\n• 700 000 kronor årligen till Novahuset\n"
		d, err := f.svc.ReadDecisionText(f.ctx, "05", text)
		if err != nil {
			t.Fatal(err)
		}
		lines := d.Decision.Lines()
		if len(lines) != 2 || d.Date != "2019-11-12" || len(d.Candidates) != 2 {
			t.Fatalf("lines %+v date %s candidates %+v", lines, d.Date, d.Candidates)
		}
		if l := lines[0]; l.Kind != importer.KindSubAllocation || l.Match == nil || l.Match.Code != "05-hsn" {
			t.Errorf("the committee's line: %+v", l)
		}
		if l := lines[1]; l.Kind != importer.KindInitiative || l.Match == nil || l.Match.Code != "novahuset" || !l.Recurring || l.Title != "Novahuset" {
			t.Errorf("the partner's line: %+v", l)
		}
		if sum, err := d.Sum(); err != nil || sum != 1_700_000*money.Krona {
			t.Errorf("sum %s %v", sum, err)
		}

		_, err = f.svc.ReadDecisionText(f.ctx, "05", " ")
		if e, ok := err.(*grant.Error); !ok || e.Code != grant.EINVALID || e.Field != "text" || e.Swedish == "" {
			t.Errorf("an empty text: %v", err)
		}
		if _, err := f.svc.ReadDecisionText(f.ctx, "nowhere", text); grant.ErrorCode(err) != grant.ENOTFOUND {
			t.Errorf("an unknown organisation: %v", err)
		}
		if _, err := f.svc.AddUser(f.ctx, grant.User{Email: "vaxjo@example.se", Name: "Växjö",
			Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "0780"}}}, "ett långt lösenord för växjö"); err != nil {
			t.Fatal(err)
		}
		vaxjo := app.WithActor(f.ctx, app.Actor{User: "vaxjo@example.se", Roles: []grant.Role{{Kind: grant.RoleCoordinator, OrgCode: "0780"}}})
		if _, err := f.svc.ReadDecisionText(vaxjo, "05", text); grant.ErrorCode(err) != grant.EFORBIDDEN {
			t.Errorf("another organisation's coordinator: %v", err)
		}
		if _, err := f.svc.ReadDecisionText(app.WithActor(f.ctx, app.PublicActor()), "05", text); grant.ErrorCode(err) != grant.EUNAUTHORIZED {
			t.Errorf("the public: %v", err)
		}
	})
}
