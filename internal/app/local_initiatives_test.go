package app_test

import (
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// localNovahuset creates the non-profit partner of Region Östergötland.
func localNovahuset(t *testing.T, f *fixture) grant.Organisation {
	t.Helper()
	o, err := f.svc.CreateOrganisation(f.ctx, grant.Organisation{Code: "novahuset", Kind: grant.OrgPartner, Name: "Novahuset", OrgNumber: "8020024280"})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// localSeedInitiatives records the initiatives of the seeds: Stockholm's
// training package and Östergötland's grant to primary care and its
// partnership with Novahuset.
func localSeedInitiatives(t *testing.T, f *fixture) (stockholm, primary, partnership grant.Initiative) {
	t.Helper()
	localNovahuset(t, f)
	out := make([]grant.Initiative, 3)
	for i, in := range []grant.Initiative{
		{OrgCode: "01", Title: "Utbildningspaket för primärvården", Kind: grant.InitiativeOneOff, Amount: 50 * money.Mkr, StartYear: 2018, TargetGroup: grant.TargetAll},
		{OrgCode: "05", Title: "Engångsersättning till primärvården", Description: "Insatser för äldre och personer med komplexa vårdbehov",
			Kind: grant.InitiativeOneOff, Amount: 30 * money.Mkr, StartYear: 2019, TargetGroup: grant.TargetElderly},
		{OrgCode: "05", Title: "Idéburet offentligt partnerskap mot sexuella övergrepp", Kind: grant.InitiativeRecurring,
			Amount: 700_000 * money.Krona, StartYear: 2019, TargetGroup: grant.TargetChildrenYouth, PartnerCode: "novahuset"},
	} {
		got, err := f.svc.CreateInitiative(f.ctx, in)
		if err != nil {
			t.Fatalf("%s: %v", in.Title, err)
		}
		if got.ID == 0 || got.Version != 1 {
			t.Fatalf("created %+v", got)
		}
		out[i] = got
	}
	return out[0], out[1], out[2]
}

func TestInitiatives(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, primary, partnership := localSeedInitiatives(t, f)
		if got, err := f.svc.Initiative(f.ctx, partnership.ID); err != nil || got != partnership {
			t.Fatalf("read back %+v, %v; want %+v", got, err, partnership)
		}
		// A one-off runs in its year; the partnership from 2019 until further notice.
		for _, tt := range []struct {
			year int
			want int
		}{{2018, 0}, {2019, 2}, {2025, 1}} {
			if _, n, err := f.svc.Initiatives(f.ctx, app.ListFilter{OrgCode: "05", Year: tt.year}); err != nil || n != tt.want {
				t.Errorf("Östergötland %d: %d initiatives, %v; want %d", tt.year, n, err, tt.want)
			}
		}
		if list, n, err := f.svc.Initiatives(f.ctx, app.ListFilter{Kind: string(grant.InitiativeOneOff)}); err != nil || n != 2 || list[0].OrgCode != "01" {
			t.Errorf("one-offs: %d, %v", n, err)
		}

		// Updates go at the version read; the organisation stays.
		primary.Amount = 31 * money.Mkr
		updated, err := f.svc.UpdateInitiative(f.ctx, primary)
		if err != nil || updated.Version != 2 {
			t.Fatalf("update: %+v, %v", updated, err)
		}
		if _, err := f.svc.UpdateInitiative(f.ctx, primary); code(err) != grant.EPRECONDITION {
			t.Errorf("stale update: %v", err)
		}
		moved := updated
		moved.OrgCode = "01"
		localField(t, "move to another organisation", func() error { _, err := f.svc.UpdateInitiative(f.ctx, moved); return err }(), grant.EINVALID, "org_code")
		if _, err := f.svc.UpdateInitiative(f.ctx, grant.Initiative{ID: 99999, OrgCode: "05", Title: "x", Kind: grant.InitiativeOneOff,
			Amount: 1, StartYear: 2019, TargetGroup: grant.TargetAll, Version: 1}); code(err) != grant.ENOTFOUND {
			t.Errorf("update a missing initiative: %v", err)
		}

		if audit := localAudit(t, f, "initiative"); len(audit) != 4 || audit[0].Action != "update" {
			t.Fatalf("audit: %+v", audit)
		}
	})
}

func TestInitiativeRefused(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		localNovahuset(t, f)
		ok := grant.Initiative{OrgCode: "05", Title: "Partnerskap", Kind: grant.InitiativeRecurring, Amount: 700_000 * money.Krona,
			StartYear: 2019, TargetGroup: grant.TargetChildrenYouth, PartnerCode: "novahuset"}
		tests := []struct {
			name  string
			edit  func(*grant.Initiative)
			field string
		}{
			{"no organisation", func(in *grant.Initiative) { in.OrgCode = "" }, "org_code"},
			{"unknown organisation", func(in *grant.Initiative) { in.OrgCode = "99" }, "org_code"},
			{"no title", func(in *grant.Initiative) { in.Title = " " }, "title"},
			{"unknown kind", func(in *grant.Initiative) { in.Kind = "yearly" }, "kind"},
			{"no amount", func(in *grant.Initiative) { in.Amount = 0 }, "amount"},
			{"start year", func(in *grant.Initiative) { in.StartYear = 19 }, "start_year"},
			{"end before start", func(in *grant.Initiative) { in.EndYear = 2018 }, "end_year"},
			{"one-off over years", func(in *grant.Initiative) { in.Kind, in.EndYear = grant.InitiativeOneOff, 2021 }, "end_year"},
			{"target group", func(in *grant.Initiative) { in.TargetGroup = "unga" }, "target_group"},
			{"partner is a municipality", func(in *grant.Initiative) { in.PartnerCode = "0580" }, "partner_code"},
			{"unknown partner", func(in *grant.Initiative) { in.PartnerCode = "stadsmissionen" }, "partner_code"},
			{"unknown agreement", func(in *grant.Initiative) { in.AgreementID = 99999 }, "agreement_id"},
		}
		for _, tt := range tests {
			in := ok
			tt.edit(&in)
			_, err := f.svc.CreateInitiative(f.ctx, in)
			localField(t, tt.name, err, grant.EINVALID, tt.field)
		}
		if _, n, _ := f.svc.Initiatives(f.ctx, app.ListFilter{}); n != 0 {
			t.Errorf("%d refused initiatives stored", n)
		}
	})
}

// TestSubAllocationToInitiative: Östergötland spreads money it received to
// its own initiative; an initiative funded by another agreement is refused.
func TestSubAllocationToInitiative(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		a, pots := f.agreement2017(t)
		localPay(t, f, pots["Unga"], "05", 40*money.Mkr)
		_, primary, _ := localSeedInitiatives(t, f)
		s, err := f.svc.CreateSubAllocation(f.ctx, grant.SubAllocation{AgreementID: a.ID, FromOrg: "05", InitiativeID: primary.ID,
			Amount: 30 * money.Mkr, DecidedOn: "2019-11-12", DecisionRef: "HSN 2019"})
		if err != nil || s.InitiativeID != primary.ID || s.ToOrg != "" {
			t.Fatalf("to initiative: %+v, %v", s, err)
		}
		if got, err := f.svc.SubAllocation(f.ctx, s.ID); err != nil || got != s {
			t.Fatalf("read back %+v, %v; want %+v", got, err, s)
		}
		b, err := f.svc.CreateAgreement(f.ctx, grant.Agreement{Year: 2019, Title: "Psykisk hälsa 2019", Total: 100 * money.Mkr})
		if err != nil {
			t.Fatal(err)
		}
		other, err := f.svc.CreateInitiative(f.ctx, grant.Initiative{OrgCode: "05", Title: "Annan finansiering", Kind: grant.InitiativeOneOff,
			Amount: money.Mkr, StartYear: 2019, TargetGroup: grant.TargetAll, AgreementID: b.ID})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.CreateSubAllocation(f.ctx, grant.SubAllocation{AgreementID: a.ID, FromOrg: "05", InitiativeID: other.ID,
			Amount: money.Mkr, DecidedOn: "2019-11-12"})
		localField(t, "initiative of another agreement", err, grant.EINVALID, "initiative_id")
	})
}
