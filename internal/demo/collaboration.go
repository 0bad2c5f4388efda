package demo

import (
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// nsphStockholm is the user organisations' network in Stockholm county
// (Nationell Samverkan för Psykisk Hälsa), a party to the county's plans.
const nsphStockholm = "nsph-stockholm"

// collaboration is seed 004's county structures. Västmanland: every
// municipality has a collaboration agreement with the region, valid 1
// November 2015 – 31 March 2018, and two leadership groups (a BUS-grupp for
// children and young people and one for adults) bringing social services,
// school, psychiatry and primary care together, writing yearly action
// plans. Stockholm: all municipalities, the region and the user
// organisations write a county-wide action plan.
func (l *loader) collaboration() error {
	svc := l.on("2015-10-20")
	municipalities, _, err := svc.Organisations(l.ctx, app.ListFilter{County: "19", Kind: string(grant.OrgMunicipality)})
	if err != nil {
		return err
	}
	var groups []grant.Group
	for _, m := range municipalities {
		l.on("2015-10-20")
		a, err := l.svc.CreateCollabAgreement(l.ctx, grant.CollabAgreement{Parties: []grant.CollabParty{{OrgCode: m.Code}, {OrgCode: "19"}},
			Subject:     "Samverkansöverenskommelse om barn och unga med psykisk ohälsa, " + shortName(m.Name),
			TargetGroup: grant.TargetAll, ValidFrom: "2015-11-01", ValidTo: "2018-03-31", DocumentRef: "Samverkansöverenskommelse Västmanland 2015"})
		if err != nil {
			return err
		}
		l.on("2015-10-28")
		for _, party := range []string{m.Code, "19"} {
			if a, err = l.svc.ApproveCollabAgreement(l.ctx, a.ID, a.Version, party); err != nil {
				return err
			}
		}
		for _, g := range []grant.Group{
			{Kind: grant.GroupChildrenYouth, Name: "BUS-grupp " + shortName(m.Name)},
			{Kind: grant.GroupAdults, Name: "Ledningsgrupp vuxna " + shortName(m.Name)},
		} {
			g.OrgCode = m.Code
			g.Members = []grant.GroupMember{
				{Role: grant.RoleSocialServices, OrgCode: m.Code},
				{Role: grant.RolePsychiatry, OrgCode: "19"},
				{Role: grant.RolePrimaryCare, OrgCode: "19"},
			}
			if g.Kind == grant.GroupChildrenYouth {
				g.Members = append(g.Members, grant.GroupMember{Role: grant.RoleSchool, OrgCode: m.Code})
			}
			created, err := l.svc.CreateGroup(l.ctx, g)
			if err != nil {
				return err
			}
			groups = append(groups, created)
		}
	}
	if len(groups) > 0 {
		l.on("2017-02-15")
		if _, err := l.svc.CreateActionPlan(l.ctx, grant.ActionPlan{OwnerGroup: groups[0].ID, Title: "Handlingsplan " + groups[0].Name + " 2017",
			FromYear: 2017, ToYear: 2017, Status: grant.PlanAdopted,
			Goals: []grant.Goal{{Horizon: grant.HorizonShort, Text: "Samordnad individuell plan (SIP) för alla barn som behöver insatser från flera huvudmän"}},
			Measures: []grant.Measure{{GoalIndex: intp(0), Text: "Gemensam utbildning i SIP för socialtjänst, skola, BUP och primärvård",
				TargetGroup: grant.TargetChildrenYouth}}}); err != nil {
			return err
		}
	}
	return l.stockholmPlan()
}

// stockholmPlan is Stockholm county's county-wide plan, shared by the region,
// every municipality and NSPH, which sits in the county's leadership group.
func (l *loader) stockholmPlan() error {
	svc := l.on("2017-09-01")
	if _, err := svc.Organisation(l.ctx, nsphStockholm); grant.ErrorCode(err) == grant.ENOTFOUND {
		if _, err := svc.CreateOrganisation(l.ctx, grant.Organisation{Code: nsphStockholm, Kind: grant.OrgAssociation,
			Name: "NSPH Stockholm (brukar- och anhörigorganisationerna)", CountyCode: "01"}); err != nil {
			return err
		}
	} else if err != nil {
		return err
	}
	if _, err := svc.CreateGroup(l.ctx, grant.Group{Kind: grant.GroupOther, Name: "Länsövergripande ledningsgrupp psykisk hälsa, Stockholms län",
		CountyCode: "01", Members: []grant.GroupMember{
			{Role: grant.RolePsychiatry, OrgCode: "01"}, {Role: grant.RolePrimaryCare, OrgCode: "01"},
			{Role: grant.RoleSocialServices, OrgCode: "storsthlm"}, {Role: grant.RoleUserOrganisation, OrgCode: nsphStockholm},
		}}); err != nil {
		return err
	}
	_, err := svc.CreateActionPlan(l.ctx, grant.ActionPlan{OwnerCounty: "01", Title: "Länsgemensam handlingsplan psykisk hälsa, Stockholms län 2018",
		FromYear: 2018, ToYear: 2018, Status: grant.PlanAdopted,
		Goals: []grant.Goal{{Horizon: grant.HorizonLong, Text: "Minskad psykisk ohälsa och färre självmord i länet"}},
		Measures: []grant.Measure{{GoalIndex: intp(0), Text: "Gemensam suicidpreventiv utbildning för kommunerna och regionen",
			TargetGroup: grant.TargetAll}}})
	return err
}

func intp(i int) *int { return &i }

// shortName is a municipality's name without "kommun".
func shortName(name string) string { return strings.TrimSuffix(name, " kommun") }
