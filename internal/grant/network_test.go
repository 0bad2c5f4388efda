package grant

import (
	"slices"
	"testing"
	"time"
)

func TestNetworkValidate(t *testing.T) {
	ok := func() Network {
		return Network{Name: "Samordnarnätverket", County: "01", RunBy: "storsthlm", MeetingsPerYear: 4,
			Members: []NetworkMember{{OrgCode: "0180"}, {OrgCode: "01", Person: "Anna", Role: "samordnare"}}}
	}
	for _, c := range []struct {
		name, field string
		edit        func(*Network)
	}{
		{"valid", "", func(*Network) {}},
		{"no name", "name", func(n *Network) { n.Name = "  " }},
		{"no runner", "run_by", func(n *Network) { n.RunBy = "" }},
		{"bad county", "county", func(n *Network) { n.County = "26" }},
		{"county 00", "county", func(n *Network) { n.County = "00" }},
		{"no meetings", "meetings_per_year", func(n *Network) { n.MeetingsPerYear = 0 }},
		{"13 meetings", "meetings_per_year", func(n *Network) { n.MeetingsPerYear = 13 }},
		{"member without org", "members[1].org_code", func(n *Network) { n.Members[1].OrgCode = " " }},
		{"member twice", "members[1].org_code", func(n *Network) { n.Members[1].OrgCode = "0180" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := ok()
			c.edit(&n)
			err := n.Validate()
			if got := errField(err); (err != nil) != (c.field != "") || got != c.field {
				t.Errorf("Validate: %v (field %q), want field %q", err, got, c.field)
			}
		})
	}
}

func TestMeetingValidate(t *testing.T) {
	today := time.Date(2017, 6, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name, field string
		m           Meeting
	}{
		{"planned", "", Meeting{PlannedOn: "2017-08-15"}},
		{"held", "", Meeting{HeldOn: "2017-05-15", Decisions: []string{"a", " "}, Participants: []string{"01", "01"}}},
		{"held today", "", Meeting{HeldOn: "2017-06-01"}},
		{"no date", "planned_on", Meeting{}},
		{"bad planned", "planned_on", Meeting{PlannedOn: "2017-02-30"}},
		{"bad held", "held_on", Meeting{HeldOn: "15/5"}},
		{"held in the future", "held_on", Meeting{HeldOn: "2017-06-02"}},
		{"decisions unheld", "held_on", Meeting{PlannedOn: "2017-08-15", Decisions: []string{"x"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.m.Validate(today)
			if got := errField(err); (err != nil) != (c.field != "") || got != c.field {
				t.Errorf("Validate: %v (field %q), want field %q", err, got, c.field)
			}
		})
	}
	m := Meeting{HeldOn: "2017-05-15", Decisions: []string{" a ", ""}, Participants: []string{"01", " 01", "0180"}}
	if err := m.Validate(today); err != nil || !slices.Equal(m.Decisions, []string{"a"}) || !slices.Equal(m.Participants, []string{"01", "0180"}) {
		t.Errorf("Validate must trim and drop empties and repeats: %v %q %q", err, m.Decisions, m.Participants)
	}
}

func TestPlanDates(t *testing.T) {
	for _, c := range []struct {
		n    int
		want []Date
	}{
		{4, []Date{"2017-02-15", "2017-05-15", "2017-08-15", "2017-11-15"}},
		{1, []Date{"2017-07-15"}},
		{12, []Date{"2017-01-15", "2017-02-15", "2017-03-15", "2017-04-15", "2017-05-15", "2017-06-15", "2017-07-15", "2017-08-15", "2017-09-15", "2017-10-15", "2017-11-15", "2017-12-15"}},
	} {
		if got := PlanDates(2017, c.n); !slices.Equal(got, c.want) {
			t.Errorf("PlanDates(2017, %d) = %v, want %v", c.n, got, c.want)
		}
	}
	for n := 1; n <= 12; n++ {
		ds := PlanDates(2018, n)
		if len(ds) != n || !slices.IsSorted(ds) || slices.Compact(slices.Clone(ds)) == nil || len(slices.Compact(slices.Clone(ds))) != n {
			t.Errorf("PlanDates(2018, %d) = %v: want %d distinct dates in order", n, ds, n)
		}
	}
}

func TestTaskValidate(t *testing.T) {
	for _, c := range []struct {
		name, field string
		task        Task
	}{
		{"valid", "", Task{OwnerOrg: "0180", Description: "Skicka analys", DueOn: "2017-06-30"}},
		{"no owner", "owner_org", Task{Description: "x", DueOn: "2017-06-30"}},
		{"no description", "description", Task{OwnerOrg: "0180", DueOn: "2017-06-30"}},
		{"bad due", "due_on", Task{OwnerOrg: "0180", Description: "x", DueOn: "30 juni"}},
		{"no due", "due_on", Task{OwnerOrg: "0180", Description: "x"}},
		{"bad status", "status", Task{OwnerOrg: "0180", Description: "x", DueOn: "2017-06-30", Status: "closed"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.task.Validate()
			if got := errField(err); (err != nil) != (c.field != "") || got != c.field {
				t.Errorf("Validate: %v (field %q), want field %q", err, got, c.field)
			}
		})
	}
	now := time.Date(2017, 7, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		status TaskStatus
		due    Date
		want   bool
	}{{TaskOpen, "2017-06-30", true}, {TaskOpen, "2017-07-01", false}, {TaskDone, "2017-06-30", false}} {
		if got := TaskOverdue(c.status, c.due, now); got != c.want {
			t.Errorf("TaskOverdue(%s, %s) = %v, want %v", c.status, c.due, got, c.want)
		}
	}
}

func errField(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Field
	}
	return ""
}
