// Package remind e-mails recipients before conditions, requisition
// deadlines and reports of use fall due, and again when they are overdue.
// due.go decides what is due on a day; scheduler.go records, claims and
// sends it, each reminder once; message.go writes the e-mail.
package remind

import (
	"strings"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// Stage tells which reminder, if any, an obligation due on due is owed on
// the day of today: "before" from days ahead up to and including the due
// date, "overdue" from the day after. ok is false before the window, and
// for an obligation without a valid date.
func Stage(due grant.Date, today time.Time, days int) (grant.ReminderStage, bool) {
	d, err := time.Parse(time.DateOnly, string(due))
	if err != nil {
		return "", false
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case day.After(d):
		return grant.StageOverdue, true
	case !day.Before(d.AddDate(0, 0, -days)):
		return grant.StageBefore, true
	}
	return "", false
}

// Recipients removes repeated addresses (ignoring case), keeping the
// first place of each: contacts answering for the requirements come first.
func Recipients(addrs []string) []string {
	seen := make(map[string]bool, len(addrs))
	var out []string
	for _, a := range addrs {
		k := strings.ToLower(strings.TrimSpace(a))
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, k)
	}
	return out
}

// Due lists the reminders owed on the day of today: one per obligation in
// its stage and recipient of its organisation. The obligations are open
// ones (package store leaves out fulfilled conditions, fully requisitioned
// pots and reported use); an organisation with no one to write to gets none.
func Due(obs []grant.Obligation, recipients map[string][]string, today time.Time, days int) []grant.Reminder {
	var out []grant.Reminder
	for _, o := range obs {
		stage, ok := Stage(o.DueDate, today, days)
		if !ok {
			continue
		}
		for _, to := range Recipients(recipients[o.OrgCode]) {
			out = append(out, grant.Reminder{Kind: o.Kind, SubjectID: o.SubjectID, OrgCode: o.OrgCode, Stage: stage, Recipient: to,
				PotID: o.PotID, Title: o.Title, DueDate: o.DueDate, Amount: o.Amount})
		}
	}
	return out
}

// Horizon is the last due date a reminder can be owed for on today.
func Horizon(today time.Time, days int) grant.Date {
	return grant.Date(today.AddDate(0, 0, days).Format(time.DateOnly))
}
