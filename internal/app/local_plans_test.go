package app_test

import (
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

func localInt(i int) *int           { return &i }
func localFloat(v float64) *float64 { return &v }

// localPlan is Östergötland's action plan 2019–2021: two goals, a measure
// carried out by the Novahuset partnership, an indicator from Kolada and
// the first year's follow-up.
func localPlan(partnership grant.Initiative) grant.ActionPlan {
	return grant.ActionPlan{OwnerOrg: "05", Title: "Handlingsplan psykisk hälsa 2019–2021", FromYear: 2019, ToYear: 2021,
		Goals: []grant.Goal{
			{Horizon: grant.HorizonShort, Text: "Fler unga som utsatts för övergrepp får tidigt stöd"},
			{Horizon: grant.HorizonLong, Text: "Minskad psykisk ohälsa bland barn och unga"},
		},
		Measures: []grant.Measure{
			{GoalIndex: localInt(0), Text: "Råd och stöd via Novahuset", InitiativeID: partnership.ID, TargetGroup: grant.TargetChildrenYouth},
			{GoalIndex: localInt(1), Text: "Utbildning för elevhälsan", TargetGroup: grant.TargetChildrenYouth},
		},
		Indicators: []grant.Indicator{{Name: "Självmord, antal per 100 000 invånare", Unit: "per 100 000 inv", KoladaKPI: "N17473", Target: localFloat(10)}},
		FollowUps: []grant.FollowUp{
			{Year: 2019, MeasureIndex: localInt(0), Status: grant.FollowUpOngoing, Comment: "Avtal tecknat"},
			{Year: 2019, IndicatorIndex: localInt(0), Status: grant.FollowUpDone, Value: localFloat(12.5)},
		},
	}
}

func TestActionPlan(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, _, partnership := localSeedInitiatives(t, f)
		p, err := f.svc.CreateActionPlan(f.ctx, localPlan(partnership))
		if err != nil {
			t.Fatal(err)
		}
		if p.ID == 0 || p.Version != 1 || p.Status != grant.PlanDraft || p.Measures[1].GoalID != p.Goals[1].ID || p.FollowUps[0].MeasureID != p.Measures[0].ID {
			t.Fatalf("created %+v", p)
		}
		got, err := f.svc.ActionPlan(f.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Goals) != 2 || len(got.Measures) != 2 || len(got.Indicators) != 1 || len(got.FollowUps) != 2 ||
			got.Measures[0].InitiativeID != partnership.ID || *got.Measures[1].GoalIndex != 1 || got.Measures[1].GoalID != p.Goals[1].ID ||
			got.Indicators[0].KoladaKPI != "N17473" || *got.Indicators[0].Target != 10 ||
			*got.FollowUps[1].IndicatorIndex != 0 || got.FollowUps[1].IndicatorID != p.Indicators[0].ID || *got.FollowUps[1].Value != 12.5 ||
			got.FollowUps[0].MeasureIndex == nil || got.FollowUps[0].IndicatorIndex != nil {
			t.Fatalf("read back %+v", got)
		}

		// Adopt and revise: goal 1 reworded, measure 1 dropped, a new goal and
		// measure added, and a 2020 follow-up of the new measure. Children
		// given with an id keep it; the new measure names its goal by index,
		// the kept one by id only.
		next := got
		next.Status = grant.PlanAdopted
		next.Goals[1].Text = "Minskad psykisk ohälsa"
		next.Goals = append(next.Goals, grant.Goal{Horizon: grant.HorizonLong, Text: "Färre självmord"})
		next.Measures = []grant.Measure{
			{ID: got.Measures[0].ID, GoalID: got.Goals[0].ID, Text: got.Measures[0].Text, InitiativeID: partnership.ID, TargetGroup: grant.TargetChildrenYouth},
			{GoalIndex: localInt(2), Text: "Suicidpreventiv utbildning i primärvården", TargetGroup: grant.TargetAdults},
		}
		next.FollowUps = append(next.FollowUps, grant.FollowUp{Year: 2020, MeasureIndex: localInt(1), Status: grant.FollowUpNotStarted})
		revised, err := f.svc.UpdateActionPlan(f.ctx, next)
		if err != nil {
			t.Fatal(err)
		}
		again, err := f.svc.ActionPlan(f.ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if revised.Version != 2 || again.Version != 2 || again.Status != grant.PlanAdopted || len(again.Goals) != 3 || len(again.Measures) != 2 ||
			again.Goals[0].ID != p.Goals[0].ID || again.Goals[1].ID != p.Goals[1].ID || again.Goals[1].Text != "Minskad psykisk ohälsa" ||
			again.Measures[0].ID != p.Measures[0].ID || *again.Measures[0].GoalIndex != 0 || again.Measures[1].GoalID != again.Goals[2].ID ||
			again.FollowUps[0].ID != p.FollowUps[0].ID || again.FollowUps[2].MeasureID != again.Measures[1].ID {
			t.Fatalf("revised %+v", again)
		}
		for _, m := range again.Measures {
			if m.ID == p.Measures[1].ID {
				t.Errorf("dropped measure %d is still there", m.ID)
			}
		}

		// A stale version is refused; an adopted plan does not go back to draft.
		if _, err := f.svc.UpdateActionPlan(f.ctx, next); code(err) != grant.EPRECONDITION {
			t.Errorf("stale update: %v", err)
		}
		back := again
		back.Status = grant.PlanDraft
		localField(t, "adopted to draft", func() error { _, err := f.svc.UpdateActionPlan(f.ctx, back); return err }(), grant.ECONFLICT, "status")

		for _, tt := range []struct {
			lf   app.ListFilter
			want int
		}{{app.ListFilter{OrgCode: "05"}, 1}, {app.ListFilter{OrgCode: "05", Year: 2021}, 1}, {app.ListFilter{Year: 2022}, 0}, {app.ListFilter{OrgCode: "01"}, 0}} {
			list, n, err := f.svc.ActionPlans(f.ctx, tt.lf)
			if err != nil || n != tt.want || len(list) != tt.want {
				t.Errorf("%+v: %d plans, %v; want %d", tt.lf, n, err, tt.want)
			}
			if n == 1 && len(list[0].FollowUps) != 3 {
				t.Errorf("%+v: listed plan without its children: %+v", tt.lf, list[0])
			}
		}
		if audit := localAudit(t, f, "action_plan"); len(audit) != 2 || audit[0].Action != "update" || audit[0].Before == "" {
			t.Fatalf("audit: %+v", audit)
		}
	})
}

func TestActionPlanRefused(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, _, partnership := localSeedInitiatives(t, f)
		other, err := f.svc.CreateActionPlan(f.ctx, localPlan(partnership))
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			edit  func(*grant.ActionPlan)
			field string
		}{
			{"unknown owner", func(p *grant.ActionPlan) { p.OwnerOrg = "99" }, "owner_org"},
			{"years backwards", func(p *grant.ActionPlan) { p.ToYear = 2018 }, "to_year"},
			{"status", func(p *grant.ActionPlan) { p.Status = "decided" }, "status"},
			{"empty goal", func(p *grant.ActionPlan) { p.Goals[1].Text = "" }, "goals[1].text"},
			{"horizon", func(p *grant.ActionPlan) { p.Goals[0].Horizon = "medium" }, "goals[0].horizon"},
			{"goal index out of range", func(p *grant.ActionPlan) { p.Measures[1].GoalIndex = localInt(2) }, "measures[1].goal_index"},
			{"no goal", func(p *grant.ActionPlan) { p.Measures[1].GoalIndex = nil }, "measures[1].goal_index"},
			{"unknown goal id", func(p *grant.ActionPlan) { p.Measures[1].GoalIndex, p.Measures[1].GoalID = nil, 424242 }, "measures[1].goal_id"},
			{"measure target group", func(p *grant.ActionPlan) { p.Measures[0].TargetGroup = "" }, "measures[0].target_group"},
			{"unknown initiative", func(p *grant.ActionPlan) { p.Measures[1].InitiativeID = 99999 }, "measures[1].initiative_id"},
			{"kolada id", func(p *grant.ActionPlan) { p.Indicators[0].KoladaKPI = "17473" }, "indicators[0].kolada_kpi"},
			{"indicator name", func(p *grant.ActionPlan) { p.Indicators[0].Name = "" }, "indicators[0].name"},
			{"follow-up status", func(p *grant.ActionPlan) { p.FollowUps[0].Status = "finished" }, "follow_ups[0].status"},
			{"follow-up year", func(p *grant.ActionPlan) { p.FollowUps[1].Year = 2022 }, "follow_ups[1].year"},
			{"follow-up of both", func(p *grant.ActionPlan) { p.FollowUps[0].IndicatorIndex = localInt(0) }, "follow_ups[0].measure"},
			{"follow-up twice", func(p *grant.ActionPlan) { p.FollowUps[1] = p.FollowUps[0] }, "follow_ups[1].year"},
			{"duplicate goal ids", func(p *grant.ActionPlan) { p.Goals[0].ID, p.Goals[1].ID = 7, 7 }, "goals[1].id"},
			{"another plan's goal", func(p *grant.ActionPlan) { p.Goals[0].ID = other.Goals[0].ID }, "goals[0].id"},
		}
		for _, tt := range tests {
			p := localPlan(partnership)
			tt.edit(&p)
			_, err := f.svc.CreateActionPlan(f.ctx, p)
			localField(t, tt.name, err, grant.EINVALID, tt.field)
		}
		if _, n, _ := f.svc.ActionPlans(f.ctx, app.ListFilter{}); n != 1 {
			t.Errorf("%d plans stored, want only the first", n)
		}
	})
}
