package demo

import (
	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// agreement2017 is seed 002: 885 Mkr, of which 780 Mkr stimulus money with
// 250 Mkr for analysis and action plans, 150 Mkr to the regions for reaching
// young people, 130 Mkr for youth clinics; 60 + 45 Mkr kept by SKL.
// Stockholm county pools 4 % of the analysis money with Storsthlm (seed 001).
func (l *loader) agreement2017() error {
	svc := l.on("2016-12-15")
	table, err := l.importPopulation()
	if err != nil {
		return err
	}
	if _, err := svc.CreateOrganisation(l.ctx, grant.Organisation{Code: "storsthlm", Kind: grant.OrgAssociation,
		Name: "Storsthlm (Kommunförbundet Stockholms län)", CountyCode: "01"}); err != nil {
		return err
	}
	a, err := svc.CreateAgreement(l.ctx, grant.Agreement{Year: 2017,
		Title: "Stöd till riktade insatser inom området psykisk hälsa 2017", Dnr: "S2016/07758/FS",
		Parties: []string{"staten", "skr"}, Total: 885 * money.Mkr, DecisionDate: "2016-12-15"})
	if err != nil {
		return err
	}
	conditions := []grant.Condition{
		{Kind: grant.CondAnalysis, Title: "Analys av behoven", DueDate: "2017-10-31"},
		{Kind: grant.CondActionPlan, Title: "Handlingsplan", DueDate: "2017-10-31"},
		{Kind: grant.CondReport, Title: "Redovisning av använda medel", DueDate: "2018-01-31"},
	}
	formula := func(p grant.Pot) grant.Pot {
		p.AgreementID, p.PopulationTableID, p.ReferenceDate = a.ID, table.ID, "2016-11-01"
		p.RequisitionDeadline, p.UseBy, p.ReportDue = "2017-03-31", "2017-12-31", "2018-01-31"
		return p
	}
	for _, p := range []grant.Pot{
		formula(grant.Pot{Name: "Analys och handlingsplaner", Purpose: "analysarbete och handlingsplaner inom området psykisk hälsa",
			Amount: 250 * money.Mkr, Recipients: "principals", Conditions: conditions,
			SetAsides: []allocate.SetAside{{County: "01", Rate: allocate.Rate{Num: 4, Den: 100}, Holder: "storsthlm"}}}),
		formula(grant.Pot{Name: "Nå unga", Purpose: "nya initiativ för att nå unga", Amount: 150 * money.Mkr, Recipients: "regions"}),
		formula(grant.Pot{Name: "Ungdomsmottagningar", Purpose: "fortsatt satsning på ungdomsmottagningar", Amount: 130 * money.Mkr, Recipients: "principals"}),
		{AgreementID: a.ID, Name: "Övriga stimulansmedel", Purpose: "övriga insatser enligt överenskommelsen", Amount: 250 * money.Mkr},
		{AgreementID: a.ID, Name: "SKL: samordning och utvecklingsstöd", Purpose: "samordning, analys-, metod- och uppföljningsstöd", Amount: 60 * money.Mkr},
		{AgreementID: a.ID, Name: "SKL: kunskapsspridning", Purpose: "struktur för kunskapsspridning och kunskapsutveckling", Amount: 45 * money.Mkr},
	} {
		if _, err := l.decide(p); err != nil {
			return err
		}
	}
	return nil
}

// money2017 has a few principals requisition their lines in the first
// quarter and SKL pay them; one requisition is still waiting.
func (l *loader) money2017() error {
	for _, r := range []struct {
		pot, org, county, date, paid string
		joint                        bool
	}{
		{pot: "Analys och handlingsplaner", org: "07", date: "2017-01-20", paid: "2017-02-10"},
		{pot: "Nå unga", org: "07", date: "2017-01-20", paid: "2017-02-10"},
		{pot: "Analys och handlingsplaner", org: "0780", date: "2017-02-01", paid: "2017-02-24"},
		{pot: "Analys och handlingsplaner", org: "01", date: "2017-02-03", paid: "2017-03-01"},
		{pot: "Analys och handlingsplaner", org: "storsthlm", joint: true, county: "01", date: "2017-02-06", paid: "2017-03-01"},
		{pot: "Analys och handlingsplaner", org: "05", date: "2017-02-14", paid: "2017-03-08"},
		{pot: "Ungdomsmottagningar", org: "0180", date: "2017-03-20"},
	} {
		if err := l.requisitionAndPay(r.pot, r.org, r.joint, r.county, r.date, r.paid); err != nil {
			return err
		}
	}
	return nil
}

// agreement2018 is an EXAMPLE 2018 agreement, sized so that Region
// Kronoberg's line is just over the 20,3 Mkr the region spread in August
// 2018 (seed 000); the real 2018 pots are not in the seeds.
func (l *loader) agreement2018() error {
	svc := l.on("2017-12-20")
	tables, err := svc.PopulationTables(l.ctx)
	if err != nil || len(tables) == 0 {
		return err
	}
	a, err := svc.CreateAgreement(l.ctx, grant.Agreement{Year: 2018,
		Title: "EXEMPEL: psykisk hälsa 2018 (belopp valda för demonstrationen)", Dnr: "EXEMPEL-2018",
		Parties: []string{"staten", "skr"}, Total: 1041 * money.Mkr, DecisionDate: "2017-12-20"})
	if err != nil {
		return err
	}
	_, err = l.decide(grant.Pot{AgreementID: a.ID, Name: "Stimulansmedel till regionerna 2018 (exempel)",
		Purpose: "psykisk hälsa 2018", Amount: 1041 * money.Mkr, Recipients: "regions", PopulationTableID: tables[0].ID,
		ReferenceDate: "2017-11-01", RequisitionDeadline: "2018-03-31", UseBy: "2018-12-31", ReportDue: "2019-01-31"})
	if err != nil {
		return err
	}
	return l.requisitionAndPay("Stimulansmedel till regionerna 2018 (exempel)", "07", false, "", "2018-01-15", "2018-02-15")
}

// kronoberg is seed 000: on 21 August 2018 the regional board spread its
// 20,3 Mkr over three committees.
func (l *loader) kronoberg() error {
	svc := l.on("2018-08-21")
	committees := []grant.Organisation{
		{Code: "07-hsn", Name: "Hälso- och sjukvårdsnämnden, Region Kronoberg"},
		{Code: "07-rs", Name: "Regionstyrelsen, Region Kronoberg"},
		{Code: "07-run", Name: "Regionala utvecklingsnämnden, Region Kronoberg"},
	}
	for _, c := range committees {
		c.Kind, c.ParentCode = grant.OrgCommittee, "07"
		if _, err := svc.CreateOrganisation(l.ctx, c); err != nil {
			return err
		}
	}
	agreementID := l.pots["Stimulansmedel till regionerna 2018 (exempel)"].AgreementID
	var lines []grant.SubAllocation
	for i, amount := range []money.Amount{13_410_000 * money.Krona, 3_920_000 * money.Krona, 2_970_000 * money.Krona} {
		lines = append(lines, grant.SubAllocation{AgreementID: agreementID, FromOrg: "07", ToOrg: committees[i].Code, Amount: amount,
			DecisionRef: "Regionstyrelsen 2018-08-21", DecidedOn: "2018-08-21", Note: "ur statsbidrag avseende psykisk hälsa"})
	}
	_, err := svc.CreateSubAllocations(l.ctx, lines)
	return err
}

// initiatives are seeds 003 and 004: Region Stockholm's 50 Mkr training
// package for primary care, Region Östergötland's 30 Mkr one-off and its
// 700 000 kr a year partnership with Novahuset.
func (l *loader) initiatives() error {
	svc := l.on("2019-11-12")
	if _, err := svc.CreateOrganisation(l.ctx, grant.Organisation{Code: "novahuset", Kind: grant.OrgPartner,
		Name: "Novahuset (ideell förening)", OrgNumber: "802002-4280"}); err != nil {
		return err
	}
	for _, in := range []grant.Initiative{
		{OrgCode: "05", Title: "Engångsersättning till primärvården", Kind: grant.InitiativeOneOff, Amount: 30 * money.Mkr, StartYear: 2019,
			TargetGroup: grant.TargetElderly, Description: "Insatser för äldre och personer med komplexa vårdbehov och koordinering vid sjukskrivning."},
		{OrgCode: "05", Title: "Idéburet offentligt partnerskap mot sexuella övergrepp", Kind: grant.InitiativeRecurring, Amount: 700_000 * money.Krona,
			StartYear: 2020, TargetGroup: grant.TargetChildrenYouth, PartnerCode: "novahuset",
			Description: "Information, utbildning, råd och stöd till utsatta och deras närstående."},
	} {
		if _, err := svc.CreateInitiative(l.ctx, in); err != nil {
			return err
		}
	}
	l.on("2020-09-01")
	_, err := l.svc.CreateInitiative(l.ctx, grant.Initiative{OrgCode: "01", Title: "Utbildningspaket psykisk hälsa i primärvården",
		Kind: grant.InitiativeOneOff, Amount: 50 * money.Mkr, StartYear: 2020, TargetGroup: grant.TargetAll,
		Description: "Fortbildning för all vårdpersonal på vårdcentralerna i evidensbaserad handläggning av psykisk ohälsa."})
	return err
}
