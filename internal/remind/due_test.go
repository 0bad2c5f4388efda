package remind_test

import (
	"slices"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/remind"
)

func TestStage(t *testing.T) {
	on := func(s string) time.Time {
		d, _ := time.Parse(time.DateOnly, s)
		return d.Add(15 * time.Hour) // the hour of the day must not matter
	}
	for _, tc := range []struct {
		name, due, today string
		days             int
		want             grant.ReminderStage
		ok               bool
	}{
		{"long before", "2018-03-31", "2018-03-01", 14, "", false},
		{"day before the window", "2018-03-31", "2018-03-16", 14, "", false},
		{"first day of the window", "2018-03-31", "2018-03-17", 14, grant.StageBefore, true},
		{"in the window", "2018-03-31", "2018-03-25", 14, grant.StageBefore, true},
		{"on the day", "2018-03-31", "2018-03-31", 14, grant.StageBefore, true},
		{"day after", "2018-03-31", "2018-04-01", 14, grant.StageOverdue, true},
		{"long overdue", "2018-03-31", "2019-01-01", 14, grant.StageOverdue, true},
		{"no notice: only on the day", "2018-03-31", "2018-03-30", 0, "", false},
		{"no notice, on the day", "2018-03-31", "2018-03-31", 0, grant.StageBefore, true},
		{"no due date", "", "2018-03-31", 14, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := remind.Stage(grant.Date(tc.due), on(tc.today), tc.days)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Stage(%s on %s, %d days) = %q, %v; want %q, %v", tc.due, tc.today, tc.days, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestDue(t *testing.T) {
	today := time.Date(2018, 3, 20, 9, 0, 0, 0, time.UTC)
	obs := []grant.Obligation{
		{Kind: grant.RemindReport, SubjectID: 3, PotID: 3, OrgCode: "07", DueDate: "2018-03-31"},
		{Kind: grant.RemindCondition, SubjectID: 9, PotID: 3, OrgCode: "07", DueDate: "2018-03-01"},
		{Kind: grant.RemindRequisition, SubjectID: 4, PotID: 4, OrgCode: "07", DueDate: "2018-06-30"}, // not yet
		{Kind: grant.RemindReport, SubjectID: 3, PotID: 3, OrgCode: "0780", DueDate: "2018-03-31"},    // no one to write to
	}
	recipients := map[string][]string{"07": {"Lena@Kronoberg.example", "kronoberg@demo.anslag.se", "lena@kronoberg.example"}}
	got := remind.Due(obs, recipients, today, 14)
	var keys []string
	for _, r := range got {
		keys = append(keys, r.Key())
	}
	want := []string{
		"report/3/07/before/lena@kronoberg.example", "report/3/07/before/kronoberg@demo.anslag.se",
		"condition/9/07/overdue/lena@kronoberg.example", "condition/9/07/overdue/kronoberg@demo.anslag.se",
	}
	if !slices.Equal(keys, want) {
		t.Errorf("due:\n%v\nwant\n%v", keys, want)
	}
}
