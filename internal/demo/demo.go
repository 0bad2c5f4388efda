// Package demo loads a worked example built from the source pages (seeds):
// the 2017 agreement on mental health with its pots and decided splits,
// and what the regions did with the money.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

//go:embed scb_kommuner_2017-12-31.csv
var population []byte

// Load fills a fresh database with the example. It does nothing (and says
// so) when the database already holds an agreement, so it is safe to pass
// --demo on every start.
func Load(ctx context.Context, svc *app.Service) (bool, error) {
	ctx = app.WithActor(ctx, app.Actor{User: "demo"})
	if _, total, err := svc.Agreements(ctx, app.ListFilter{Limit: 1}); err != nil {
		return false, err
	} else if total > 0 {
		return false, nil
	}
	table, err := svc.ImportPopulation(ctx, grant.PopulationTable{
		Name:          "EXEMPEL: SCB folkmängd 31 dec 2017 (i stället för 1 nov 2016)",
		Source:        "SCB BE0101, folkmängd 31 december 2017 (exempeldata)",
		ReferenceDate: "2017-12-31", IsExample: true,
	}, bytes.NewReader(population))
	if err != nil {
		return false, fmt.Errorf("demo population: %w", err)
	}
	if _, err := svc.CreateOrganisation(ctx, grant.Organisation{Code: "storsthlm", Kind: grant.OrgAssociation,
		Name: "Storsthlm (Kommunförbundet Stockholms län)", CountyCode: "01"}); err != nil {
		return false, err
	}
	a, err := svc.CreateAgreement(ctx, grant.Agreement{Year: 2017,
		Title: "Stöd till riktade insatser inom området psykisk hälsa 2017", Dnr: "S2016/07758/FS",
		Parties: []string{"staten", "skr"}, Total: 885 * money.Mkr, DecisionDate: "2016-12-15"})
	if err != nil {
		return false, err
	}
	conditions := []grant.Condition{
		{Kind: grant.CondAnalysis, Title: "Analys av behoven", DueDate: "2017-10-31"},
		{Kind: grant.CondActionPlan, Title: "Handlingsplan", DueDate: "2017-10-31"},
		{Kind: grant.CondReport, Title: "Redovisning av använda medel", DueDate: "2018-01-31"},
	}
	formula := []grant.Pot{
		{Name: "Analys och handlingsplaner", Purpose: "analysarbete och handlingsplaner inom området psykisk hälsa",
			Amount: 250 * money.Mkr, Recipients: "principals", Conditions: conditions,
			SetAsides: []allocate.SetAside{{County: "01", Rate: allocate.Rate{Num: 4, Den: 100}, Holder: "storsthlm"}}},
		{Name: "Nå unga", Purpose: "nya initiativ för att nå unga", Amount: 150 * money.Mkr, Recipients: "regions"},
		{Name: "Ungdomsmottagningar", Purpose: "fortsatt satsning på ungdomsmottagningar", Amount: 130 * money.Mkr, Recipients: "principals"},
	}
	for _, p := range formula {
		p.AgreementID, p.PopulationTableID, p.ReferenceDate = a.ID, table.ID, "2016-11-01"
		p.RequisitionDeadline, p.UseBy, p.ReportDue = "2017-03-31", "2017-12-31", "2018-01-31"
		pot, err := svc.CreatePot(ctx, p)
		if err != nil {
			return false, fmt.Errorf("demo pot %s: %w", p.Name, err)
		}
		run, err := svc.CreateRun(ctx, pot.ID)
		if err != nil {
			return false, fmt.Errorf("demo run %s: %w", p.Name, err)
		}
		if _, err := svc.DecideRun(ctx, run.ID, run.Version); err != nil {
			return false, fmt.Errorf("demo decide %s: %w", p.Name, err)
		}
	}
	for _, p := range []grant.Pot{
		{Name: "Övriga stimulansmedel", Purpose: "övriga insatser enligt överenskommelsen", Amount: 250 * money.Mkr},
		{Name: "SKL: samordning och utvecklingsstöd", Purpose: "samordning, analys-, metod- och uppföljningsstöd", Amount: 60 * money.Mkr},
		{Name: "SKL: kunskapsspridning", Purpose: "struktur för kunskapsspridning och kunskapsutveckling", Amount: 45 * money.Mkr},
	} {
		p.AgreementID = a.ID
		if _, err := svc.CreatePot(ctx, p); err != nil {
			return false, fmt.Errorf("demo pot %s: %w", p.Name, err)
		}
	}
	return true, nil
}
