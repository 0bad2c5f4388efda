package demo

import (
	"bytes"
	_ "embed"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
)

// koladaExample is an answer of Kolada's API in two pages, saved as one
// JSON array: a key figure for Växjö, Region Kronoberg and Riket,
// 2015–2019. The values are EXAMPLE figures made for the demonstration,
// not Kolada's.
//
//go:embed kolada_N17473_exempel.json
var koladaExample []byte

// DemoKPI is the key figure of the demo plan's indicator.
const DemoKPI = "N17473"

// kolada gives Växjö an action plan whose indicator follows a Kolada key
// figure, with its own yearly follow-ups, and imports the figure's values
// so that the plan page shows the trend beside them.
func (l *loader) kolada() error {
	svc := l.on("2020-02-14")
	target := 12.0
	idx := func(i int) *int { return &i }
	v := func(f float64) *float64 { return &f }
	_, err := svc.CreateActionPlan(l.ctx, grant.ActionPlan{OwnerOrg: "0780", Title: "Handlingsplan psykisk hälsa 2018–2020 (exempel)",
		FromYear: 2018, ToYear: 2020, Status: grant.PlanAdopted,
		Goals: []grant.Goal{{Horizon: grant.HorizonLong, Text: "Färre invånare med nedsatt psykiskt välbefinnande"}},
		Measures: []grant.Measure{{GoalIndex: idx(0), Text: "Samverkan mellan elevhälsa och ungdomsmottagning",
			TargetGroup: grant.TargetChildrenYouth}},
		Indicators: []grant.Indicator{{Name: "EXEMPEL: nedsatt psykiskt välbefinnande", Unit: "%", KoladaKPI: DemoKPI, Target: &target}},
		FollowUps: []grant.FollowUp{
			{Year: 2018, IndicatorIndex: idx(0), Status: grant.FollowUpOngoing, Value: v(13.6), Comment: "Enligt Kolada"},
			{Year: 2019, IndicatorIndex: idx(0), Status: grant.FollowUpOngoing, Value: v(13.2)},
		}})
	if err != nil {
		return err
	}
	l.on("2020-03-02")
	_, err = l.svc.ImportKolada(l.ctx, []importer.KoladaFile{{Name: "kolada_N17473_exempel.json", R: bytes.NewReader(koladaExample)}})
	return err
}
