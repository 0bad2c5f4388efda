package grant

import "testing"

func TestSubAllocationValidatePrefix(t *testing.T) {
	tests := []struct {
		s     SubAllocation
		field string
	}{
		{SubAllocation{AgreementID: 1, FromOrg: "07", ToOrg: "07-hsn", Amount: 1, DecidedOn: "2018-08-21"}, ""},
		{SubAllocation{AgreementID: 1, FromOrg: "07", InitiativeID: 3, Amount: 1, DecidedOn: "2018-08-21"}, ""},
		{SubAllocation{FromOrg: "07", ToOrg: "07-hsn", Amount: 1, DecidedOn: "2018-08-21"}, "lines[2].agreement_id"},
		{SubAllocation{AgreementID: 1, FromOrg: " ", ToOrg: "07-hsn", Amount: 1, DecidedOn: "2018-08-21"}, "lines[2].from_org"},
		{SubAllocation{AgreementID: 1, FromOrg: "07", ToOrg: "07-hsn", Amount: -1, DecidedOn: "2018-08-21"}, "lines[2].amount"},
		{SubAllocation{AgreementID: 1, FromOrg: "07", ToOrg: "07-hsn", Amount: 1, DecidedOn: "2018-02-30"}, "lines[2].decided_on"},
	}
	for _, tt := range tests {
		err := tt.s.Validate("lines[2].")
		var field string
		if e, ok := err.(*Error); ok {
			field = e.Field
		}
		if field != tt.field || (tt.field == "") != (err == nil) {
			t.Errorf("%+v: error %v, want field %q", tt.s, err, tt.field)
		}
	}
}

func TestInitiativeOneOffHasNoEndYear(t *testing.T) {
	in := Initiative{OrgCode: "05", Title: "Engångsersättning", Kind: InitiativeOneOff, Amount: 1, StartYear: 2019, EndYear: 2019, TargetGroup: TargetAll}
	if err := in.Validate(); err != nil || in.EndYear != 0 {
		t.Fatalf("one-off ending its start year: %v, end year %d", err, in.EndYear)
	}
}

// A measure and a follow-up may name what they refer to by id alone; an
// index, when given, wins.
func TestActionPlanResolvesIDs(t *testing.T) {
	p := ActionPlan{OwnerOrg: "05", Title: "Plan", FromYear: 2019, ToYear: 2019,
		Goals:     []Goal{{ID: 10, Horizon: HorizonShort, Text: "a"}, {ID: 11, Horizon: HorizonLong, Text: "b"}},
		Measures:  []Measure{{ID: 20, GoalID: 11, Text: "m", TargetGroup: TargetAdults}, {GoalID: 11, GoalIndex: new(0), Text: "n", TargetGroup: TargetAll}},
		FollowUps: []FollowUp{{Year: 2019, MeasureID: 20, Status: FollowUpDone}},
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if *p.Measures[0].GoalIndex != 1 || *p.Measures[1].GoalIndex != 0 || *p.FollowUps[0].MeasureIndex != 0 || p.Status != PlanDraft {
		t.Fatalf("resolved %+v", p)
	}
}
