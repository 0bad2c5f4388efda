package web

import (
	"net/url"
	"slices"
	"testing"

	"github.com/anslag/anslag/internal/grant"
)

// The plan form skips empty rows and turns the rows a measure or a
// follow-up names into positions among the filled-in ones; a plan written
// into the form and read back is the same plan.
func TestReadPlan(t *testing.T) {
	f := posted("sv", url.Values{
		"title": {"Plan"}, "from_year": {"2017"}, "to_year": {"2018"}, "status": {"adopted"},
		"goals": {"3"}, "measures": {"3"}, "indicators": {"2"}, "follow_ups": {"3"},
		"g1-horizon": {"long"}, "g1-text": {"Tidigt stöd"}, // g0 is empty
		"m2-text": {"Utbilda"}, "m2-goal": {"1"}, "m2-initiative": {"7"}, "m2-target": {"alla"},
		"n1-name": {"Andel"}, "n1-target": {"80,5"},
		"u0-year": {"2017"}, "u0-of": {"m2"}, "u0-status": {"ongoing"},
		"u2-year": {"2018"}, "u2-of": {"n1"}, "u2-status": {"done"}, "u2-value": {"81"},
	})
	p := grant.ActionPlan{OwnerOrg: "05"}
	fields := readPlan(f, &p)
	if !f.OK() {
		t.Fatalf("errors %v %q", f.Errors, f.Notice)
	}
	if len(p.Goals) != 1 || len(p.Measures) != 1 || len(p.Indicators) != 1 || len(p.FollowUps) != 2 {
		t.Fatalf("plan %+v", p)
	}
	if m := p.Measures[0]; *m.GoalIndex != 0 || m.InitiativeID != 7 {
		t.Errorf("measure %+v", m)
	}
	if u := p.FollowUps[0]; u.MeasureIndex == nil || *u.MeasureIndex != 0 {
		t.Errorf("follow-up 0 %+v", u)
	}
	if u := p.FollowUps[1]; u.IndicatorIndex == nil || *u.IndicatorIndex != 0 || *u.Value != 81 {
		t.Errorf("follow-up 1 %+v", u)
	}
	if *p.Indicators[0].Target != 80.5 {
		t.Errorf("target %v", *p.Indicators[0].Target)
	}
	if i := slices.Index(fields, "measures[0].text"); i < 0 || fields[i+1] != "m2-text" {
		t.Errorf("the service's measures[0].text is not the form's m2-text: %v", fields)
	}
	if i := slices.Index(fields, "follow_ups[1].indicator_index"); i < 0 || fields[i+1] != "u2-of" {
		t.Errorf("follow_ups[1].indicator_index is not u2-of: %v", fields)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	back := grant.ActionPlan{}
	readPlan(posted("sv", planValues(p)), &back)
	back.Status = p.Status
	if len(back.Goals) != 1 || back.Measures[0].Text != "Utbilda" || *back.FollowUps[1].IndicatorIndex != 0 {
		t.Errorf("read back %+v", back)
	}

	bad := posted("sv", url.Values{"title": {"P"}, "from_year": {"2017"}, "to_year": {"2017"},
		"m0-text": {"Åtgärd"}, "m0-goal": {"1"}, "u0-year": {"2017"}, "u0-of": {"n0"}})
	readPlan(bad, &grant.ActionPlan{})
	if bad.Err("m0-goal") == "" || bad.Err("u0-of") == "" {
		t.Errorf("a measure of an empty goal row and a follow-up of an empty indicator row pass: %v", bad.Errors)
	}
}
