package store_test

import (
	"context"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// TestPlanOwnerCheck: the database itself keeps an action plan to exactly
// one owner, on both engines, whatever sends the statement; and a group's
// members, an agreement's parties and a group's plans read back in order.
func TestPlanOwnerCheck(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const at = "2017-01-01T00:00:00Z"
		var g grant.Group
		err := db.Write(ctx, func(tx app.Tx) error {
			for _, o := range []grant.Organisation{{Code: "0780", Kind: grant.OrgMunicipality, Name: "Växjö kommun", CountyCode: "07"},
				{Code: "07", Kind: grant.OrgRegion, Name: "Region Kronoberg", CountyCode: "07"}} {
				if err := tx.InsertOrganisation(ctx, o, at); err != nil {
					return err
				}
			}
			g = grant.Group{Kind: grant.GroupChildrenYouth, Name: "BUS-grupp Växjö", OrgCode: "0780",
				Members: []grant.GroupMember{{Role: grant.RoleSchool, OrgCode: "0780"}, {Role: grant.RolePsychiatry, OrgCode: "07", PersonName: "Eva Ek"}}}
			if err := tx.InsertGroup(ctx, &g, at); err != nil {
				return err
			}
			a := grant.CollabAgreement{Parties: []grant.CollabParty{{OrgCode: "07"}, {OrgCode: "0780", ApprovedBy: "x@vaxjo.se", ApprovedAt: at}},
				Subject: "Barn och unga", TargetGroup: grant.TargetChildrenYouth, ValidFrom: "2017-01-01", ValidTo: "2018-12-31", Status: grant.CollabDraft}
			if err := tx.InsertCollabAgreement(ctx, &a, at); err != nil {
				return err
			}
			got, err := tx.CollabAgreement(ctx, a.ID)
			if err != nil || len(got.Parties) != 2 || got.Parties[0].OrgCode != "07" || got.Parties[1].ApprovedBy != "x@vaxjo.se" {
				t.Errorf("agreement read back %+v, %v", got, err)
			}
			p := grant.ActionPlan{OwnerGroup: g.ID, Title: "Plan", FromYear: 2017, ToYear: 2017, Status: grant.PlanDraft}
			return tx.InsertActionPlan(ctx, &p, at)
		})
		if err != nil {
			t.Fatal(err)
		}
		var got grant.Group
		var plans []grant.ActionPlan
		err = db.Read(ctx, func(tx app.Tx) (err error) {
			if got, err = tx.Group(ctx, g.ID); err != nil {
				return err
			}
			plans, err = tx.ActionPlansOwnedBy(ctx, g.ID, "")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Members) != 2 || got.Members[1].PersonName != "Eva Ek" {
			t.Errorf("group read back %+v", got)
		}
		if len(plans) != 1 || plans[0].OwnerGroup != g.ID || plans[0].OwnerOrg != "" {
			t.Errorf("the group's plans %+v", plans)
		}
		for _, q := range []string{
			`INSERT INTO action_plans (owner_org, owner_county, title, from_year, to_year, status, created_at, updated_at) VALUES ('0780', '07', 'Två ägare', 2017, 2017, 'draft', '', '')`,
			`INSERT INTO action_plans (title, from_year, to_year, status, created_at, updated_at) VALUES ('Ingen ägare', 2017, 2017, 'draft', '', '')`,
			`INSERT INTO collaboration_groups (kind, name, org_code, county_code, created_at, updated_at) VALUES ('other', 'Båda', '0780', '07', '', '')`,
			`INSERT INTO collaboration_agreements (subject, target_group, valid_from, valid_to, status, created_at, updated_at) VALUES ('Baklänges', 'alla', '2018-01-01', '2017-01-01', 'draft', '', '')`,
		} {
			if err := db.ExecForTest(ctx, q); err == nil {
				t.Errorf("the database let through: %s", q)
			}
		}
		if err := db.ExecForTest(ctx, `INSERT INTO action_plans (owner_county, title, from_year, to_year, status, created_at, updated_at) VALUES ('07', 'Länets', 2017, 2017, 'draft', '', '')`); err != nil {
			t.Errorf("a county's plan: %v", err)
		}
	})
}
