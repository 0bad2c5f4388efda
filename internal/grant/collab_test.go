package grant

import (
	"testing"
	"time"
)

func TestCollabAgreementValidate(t *testing.T) {
	ok := func() CollabAgreement {
		return CollabAgreement{Parties: []CollabParty{{OrgCode: "1980"}, {OrgCode: "19"}}, Subject: "Barn och unga",
			TargetGroup: TargetChildrenYouth, ValidFrom: "2015-11-01", ValidTo: "2018-03-31"}
	}
	for _, c := range []struct {
		name, field string
		change      func(*CollabAgreement)
	}{
		{"valid", "", func(*CollabAgreement) {}},
		{"same day", "", func(a *CollabAgreement) { a.ValidTo = a.ValidFrom }},
		{"one party", "parties", func(a *CollabAgreement) { a.Parties = a.Parties[:1] }},
		{"party twice", "parties[1].org_code", func(a *CollabAgreement) { a.Parties[1].OrgCode = " 1980 " }},
		{"blank party", "parties[0].org_code", func(a *CollabAgreement) { a.Parties[0].OrgCode = " " }},
		{"no subject", "subject", func(a *CollabAgreement) { a.Subject = "  " }},
		{"unknown target group", "target_group", func(a *CollabAgreement) { a.TargetGroup = "unga" }},
		{"no from", "valid_from", func(a *CollabAgreement) { a.ValidFrom = "" }},
		{"no to", "valid_to", func(a *CollabAgreement) { a.ValidTo = "" }},
		{"bad date", "valid_from", func(a *CollabAgreement) { a.ValidFrom = "2015-13-01" }},
		{"to before from", "valid_to", func(a *CollabAgreement) { a.ValidTo = "2015-10-31" }},
	} {
		a := ok()
		c.change(&a)
		err := a.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		e, isErr := err.(*Error)
		if !isErr || e.Code != EINVALID || e.Field != c.field || e.Message == "" || e.Swedish == "" {
			t.Errorf("%s: got %v, want invalid %s", c.name, err, c.field)
		}
	}
}

func TestCollabAgreementStatusOn(t *testing.T) {
	a := CollabAgreement{Parties: []CollabParty{{OrgCode: "1980", ApprovedAt: "x"}, {OrgCode: "19"}}, ValidTo: "2018-03-31"}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d.Add(12 * time.Hour) }
	if got := a.StatusOn(day("2017-01-01")); got != CollabDraft {
		t.Errorf("one of two approved: %s", got)
	}
	a.Parties[1].ApprovedAt = "y"
	for d, want := range map[string]CollabStatus{"2017-01-01": CollabApproved, "2018-03-31": CollabApproved, "2018-04-01": CollabExpired} {
		if got := a.StatusOn(day(d)); got != want {
			t.Errorf("%s: %s, want %s", d, got, want)
		}
	}
}

func TestGroupValidate(t *testing.T) {
	ok := func() Group {
		return Group{Kind: GroupChildrenYouth, Name: "BUS-grupp Västerås", OrgCode: "1980",
			Members: []GroupMember{{Role: RoleSchool, OrgCode: "1980"}, {Role: RolePsychiatry, OrgCode: "19", PersonName: "A B"}}}
	}
	for _, c := range []struct {
		name, field string
		change      func(*Group)
	}{
		{"valid", "", func(*Group) {}},
		{"county group", "", func(g *Group) { g.OrgCode, g.CountyCode = "", "19" }},
		{"unknown kind", "kind", func(g *Group) { g.Kind = "bus" }},
		{"no name", "name", func(g *Group) { g.Name = "" }},
		{"no owner", "org_code", func(g *Group) { g.OrgCode = "" }},
		{"two owners", "org_code", func(g *Group) { g.CountyCode = "19" }},
		{"unknown role", "members[1].role", func(g *Group) { g.Members[1].Role = "police" }},
		{"member without organisation", "members[0].org_code", func(g *Group) { g.Members[0].OrgCode = " " }},
	} {
		g := ok()
		c.change(&g)
		err := g.Validate()
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if e, isErr := err.(*Error); !isErr || e.Code != EINVALID || e.Field != c.field {
			t.Errorf("%s: got %v, want invalid %s", c.name, err, c.field)
		}
	}
	if got := ok().MemberOrgs(); len(got) != 2 || got[0] != "1980" || got[1] != "19" {
		t.Errorf("member orgs %v", got)
	}
}

func TestActionPlanOwner(t *testing.T) {
	for _, c := range []struct {
		name  string
		plan  ActionPlan
		field string
	}{
		{"organisation", ActionPlan{OwnerOrg: "0780"}, ""},
		{"group", ActionPlan{OwnerGroup: 3}, ""},
		{"county", ActionPlan{OwnerCounty: "01"}, ""},
		{"none", ActionPlan{}, "owner_org"},
		{"organisation and county", ActionPlan{OwnerOrg: "01", OwnerCounty: "01"}, "owner_org"},
		{"group and county", ActionPlan{OwnerGroup: 1, OwnerCounty: "01"}, "owner_org"},
		{"negative group", ActionPlan{OwnerGroup: -1}, "owner_group"},
	} {
		p := c.plan
		p.Title, p.FromYear, p.ToYear = "Plan", 2018, 2018
		err := p.Validate()
		if c.field == "" && err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if e, isErr := err.(*Error); c.field != "" && (!isErr || e.Field != c.field) {
			t.Errorf("%s: got %v, want invalid %s", c.name, err, c.field)
		}
	}
}
