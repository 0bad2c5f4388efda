package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
)

// followupPot is the 250 Mkr pot with its split decided; share is what
// Växjö (0780) was given.
type followupPot struct {
	pot   grant.Pot
	share money.Amount
	pots  map[string]grant.Pot
}

// followupDecide decides the 250 Mkr pot's split.
func followupDecide(t *testing.T, f *fixture) followupPot {
	t.Helper()
	_, pots := f.agreement2017(t)
	pot := pots["Analys och handlingsplaner"]
	run, err := f.svc.CreateRun(f.ctx, pot.ID)
	if err != nil {
		t.Fatal(err)
	}
	if run, err = f.svc.DecideRun(f.ctx, run.ID, run.Version); err != nil {
		t.Fatal(err)
	}
	fp := followupPot{pot: pot, pots: pots}
	for _, l := range run.Lines {
		if l.Code == "0780" {
			fp.share = l.Amount
		}
	}
	if fp.share <= 0 {
		t.Fatalf("0780 has no share of the pot: %+v", run.Lines[:3])
	}
	return fp
}

// followupPay stands in for the payments slice: it writes a paid ledger
// entry directly, as a payment would.
func followupPay(t *testing.T, f *fixture, p grant.Pot, org string, amount money.Amount) {
	t.Helper()
	err := f.db.Write(f.ctx, func(tx app.Tx) error {
		return tx.AppendLedger(f.ctx, []grant.LedgerEntry{{At: grant.Timestamp(fixedNow), Kind: grant.EntryPaid, AgreementID: p.AgreementID,
			PotID: p.ID, OrgCode: org, Amount: amount, RefType: "test_payment", RefID: 1, Actor: "test"}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// followupAt is a service over the same database with another clock.
func followupAt(t *testing.T, f *fixture, day string) *app.Service {
	t.Helper()
	reg, err := refdata.Load()
	if err != nil {
		t.Fatal(err)
	}
	now, err := time.Parse(time.DateOnly, day)
	if err != nil {
		t.Fatal(err)
	}
	return app.New(app.Config{Store: f.db, Register: reg, Now: func() time.Time { return now.Add(10 * time.Hour) }})
}

func followupBalances(t *testing.T, f *fixture, potID int64, org string) map[grant.EntryKind]money.Amount {
	t.Helper()
	var bal map[grant.EntryKind]money.Amount
	err := f.db.Read(f.ctx, func(tx app.Tx) (err error) {
		bal, err = tx.Balances(f.ctx, app.ListFilter{PotID: potID, OrgCode: org})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return bal
}

// followupField returns the code and field of an error.
func followupField(err error) (string, string) {
	if e, ok := err.(*grant.Error); ok {
		return e.Code, e.Field
	}
	return code(err), ""
}

func TestFollowUpConditions(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		fp := followupDecide(t, f)
		analysis, report := fp.pot.Conditions[0], fp.pot.Conditions[1]
		if analysis.Kind != grant.CondAnalysis || report.Kind != grant.CondReport {
			t.Fatalf("conditions: %+v", fp.pot.Conditions)
		}

		// The board: every condition × every recipient of the decided run.
		board, total, err := f.svc.ConditionStatuses(f.ctx, app.ListFilter{Year: 2017, Limit: 10, Count: true})
		if err != nil || total != 2*311 || len(board) != 10 {
			t.Fatalf("board: %d of %d, %v", len(board), total, err)
		}
		if b := board[0]; b.ConditionID != analysis.ID || b.Status != grant.FulfilNotSubmitted || b.Overdue || b.DueDate != "2017-10-31" {
			t.Fatalf("first cell: %+v", b)
		}

		// Submit, then approve with the version read.
		sub, err := f.svc.SubmitCondition(f.ctx, analysis.ID, "0780", "  Dnr 2017/123: Analys av psykisk hälsa i Växjö  ")
		if err != nil || sub.Status != grant.FulfilSubmitted || sub.Document != "Dnr 2017/123: Analys av psykisk hälsa i Växjö" {
			t.Fatalf("submit: %+v, %v", sub, err)
		}
		if _, err := f.svc.SubmitCondition(f.ctx, analysis.ID, "0780", "again"); code(err) != grant.ECONFLICT {
			t.Errorf("submit while awaiting review: %v", err)
		}
		if _, err := f.svc.ApproveCondition(f.ctx, analysis.ID, "0780", sub.Version+1); code(err) != grant.EPRECONDITION {
			t.Errorf("approve with a stale version: %v", err)
		}
		ok, err := f.svc.ApproveCondition(f.ctx, analysis.ID, "0780", sub.Version)
		if err != nil || ok.Status != grant.FulfilApproved || ok.DecidedBy != "admin@example.se" || ok.Version != sub.Version+1 {
			t.Fatalf("approve: %+v, %v", ok, err)
		}
		if _, err := f.svc.RejectCondition(f.ctx, analysis.ID, "0780", ok.Version, "för sent"); code(err) != grant.ECONFLICT {
			t.Errorf("reject an approved one: %v", err)
		}

		// Reject one, then submit it again: it becomes submitted, the reason cleared.
		sub2, err := f.svc.SubmitCondition(f.ctx, analysis.ID, "0760", "Analys Uppvidinge")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RejectCondition(f.ctx, analysis.ID, "0760", sub2.Version, " "); code(err) != grant.EINVALID {
			t.Errorf("reject without a reason: %v", err)
		}
		rej, err := f.svc.RejectCondition(f.ctx, analysis.ID, "0760", sub2.Version, "Analysen saknar målgrupper")
		if err != nil || rej.Status != grant.FulfilRejected || rej.Reason == "" {
			t.Fatalf("reject: %+v, %v", rej, err)
		}

		// On 15 November the analysis (due 31 October) is overdue for every
		// recipient but Växjö (approved); Uppvidinge's rejection is overdue too.
		late := followupAt(t, f, "2017-11-15")
		over, total, err := late.ConditionStatuses(f.ctx, app.ListFilter{PotID: fp.pot.ID, Status: "overdue"})
		if err != nil || total != 310 || len(over) != 310 {
			t.Fatalf("overdue on 15 Nov: %d of %d, %v", len(over), total, err)
		}
		mine, _, err := late.ConditionStatuses(f.ctx, app.ListFilter{PotID: fp.pot.ID, OrgCode: "0780"})
		if err != nil || len(mine) != 2 || mine[0].Status != grant.FulfilApproved || mine[0].Overdue || mine[1].Overdue {
			t.Fatalf("Växjö's board on 15 Nov: %+v, %v", mine, err)
		}
		theirs, _, err := late.ConditionStatuses(f.ctx, app.ListFilter{PotID: fp.pot.ID, OrgCode: "0760"})
		if err != nil || theirs[0].Status != grant.FulfilRejected || !theirs[0].Overdue || theirs[0].Reason == "" {
			t.Fatalf("Uppvidinge's board on 15 Nov: %+v, %v", theirs, err)
		}
		// Submitted late: no longer overdue (it awaits review) but marked late.
		again, err := late.SubmitCondition(f.ctx, analysis.ID, "0760", "Analys Uppvidinge, reviderad")
		if err != nil || again.Status != grant.FulfilSubmitted || again.Reason != "" || again.Version != rej.Version+1 {
			t.Fatalf("submit again after rejection: %+v, %v", again, err)
		}
		theirs, _, _ = late.ConditionStatuses(f.ctx, app.ListFilter{PotID: fp.pot.ID, OrgCode: "0760"})
		if theirs[0].Overdue || !theirs[0].Late {
			t.Fatalf("late submission: %+v", theirs[0])
		}
		// On the service's own clock (1 June) nothing is overdue.
		if _, total, _ := f.svc.ConditionStatuses(f.ctx, app.ListFilter{Status: "overdue"}); total != 0 {
			t.Errorf("overdue on 1 June: %d", total)
		}
		if _, total, _ := f.svc.ConditionStatuses(f.ctx, app.ListFilter{Status: "approved"}); total != 1 {
			t.Errorf("approved: %d", total)
		}

		// Every write is audited.
		var audit []grant.AuditEntry
		err = f.db.Read(f.ctx, func(tx app.Tx) (err error) {
			audit, _, err = tx.ListAudit(f.ctx, app.AuditFilter{Entity: "condition_fulfilment"})
			return err
		})
		if err != nil || len(audit) != 5 {
			t.Errorf("audit: %d entries, %v", len(audit), err)
		}
	})
}

func TestFollowUpConditionRefusals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		fp := followupDecide(t, f)
		cond := fp.pot.Conditions[0].ID
		tests := []struct {
			name        string
			cond        int64
			org, doc    string
			code, field string
		}{
			{"empty document", cond, "0780", "  ", grant.EINVALID, "document"},
			{"not a recipient", cond, "skr", "x", grant.EINVALID, "org_code"},
			{"unknown organisation", cond, "9999", "x", grant.EINVALID, "org_code"},
			{"unknown condition", 999999, "0780", "x", grant.ENOTFOUND, ""},
		}
		for _, tt := range tests {
			_, err := f.svc.SubmitCondition(f.ctx, tt.cond, tt.org, tt.doc)
			if c, field := followupField(err); c != tt.code || field != tt.field {
				t.Errorf("%s: %v (%s, %q), want %s %q", tt.name, err, c, field, tt.code, tt.field)
			}
		}
		if e, ok := func() (*grant.Error, bool) {
			_, err := f.svc.SubmitCondition(f.ctx, cond, "skr", "x")
			e, ok := err.(*grant.Error)
			return e, ok
		}(); !ok || !strings.Contains(e.Message, "not a recipient") || !strings.Contains(e.Swedish, "inte mottagare") {
			t.Errorf("not-a-recipient message: %+v", e)
		}
		// Nothing was submitted, so there is nothing to approve.
		if _, err := f.svc.ApproveCondition(f.ctx, cond, "0780", 1); code(err) != grant.ECONFLICT {
			t.Errorf("approve unsubmitted: %v", err)
		}
		// A condition of a pot whose split is not decided binds no one yet.
		undecided, err := f.svc.UpdatePot(f.ctx, func() grant.Pot {
			p := fp.pots["Unga"]
			p.Conditions = []grant.Condition{{Kind: grant.CondActionPlan, Title: "Handlingsplan", DueDate: "2017-12-31"}}
			return p
		}())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SubmitCondition(f.ctx, undecided.Conditions[0].ID, "07", "Plan"); code(err) != grant.ECONFLICT {
			t.Errorf("condition of an undecided pot: %v", err)
		}
	})
}

// The overdue rule: past the due date and nothing awaiting review or approved.
func TestFollowUpOverdueRule(t *testing.T) {
	tests := []struct {
		due    grant.Date
		status grant.FulfilmentStatus
		want   bool
	}{
		{"2017-05-31", grant.FulfilNotSubmitted, true},
		{"2017-05-31", grant.FulfilRejected, true},
		{"2017-05-31", grant.FulfilSubmitted, false}, // late, but awaiting review
		{"2017-05-31", grant.FulfilApproved, false},
		{"2017-06-01", grant.FulfilNotSubmitted, false}, // due today is not yet overdue
		{"", grant.FulfilNotSubmitted, false},
	}
	for _, tt := range tests {
		if got := grant.Overdue(tt.due, tt.status, fixedNow); got != tt.want {
			t.Errorf("Overdue(%q, %s) = %v, want %v", tt.due, tt.status, got, tt.want)
		}
	}
}
