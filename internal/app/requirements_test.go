package app_test

import (
	"context"
	"testing"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// TestRequirementsBoard: Stockholm county's board after the due date — a
// condition not submitted is overdue, a submitted or approved one is not —
// with the 4 % joint set-aside held by Storsthlm.
func TestRequirementsBoard(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		if _, err := f.svc.CreateOrganisation(f.ctx, grant.Organisation{Code: "storsthlm", Kind: grant.OrgAssociation, Name: "Storsthlm", CountyCode: "01"}); err != nil {
			t.Fatal(err)
		}
		a, err := f.svc.CreateAgreement(f.ctx, grant.Agreement{Year: 2017, Title: "Psykisk hälsa 2017", Parties: []string{"staten", "skr"}, Total: 885 * money.Mkr})
		if err != nil {
			t.Fatal(err)
		}
		pot, err := f.svc.CreatePot(f.ctx, grant.Pot{AgreementID: a.ID, Name: "Analys och handlingsplaner", Amount: 250 * money.Mkr, Recipients: "principals",
			PopulationTableID: f.table.ID, Conditions: []grant.Condition{{Kind: grant.CondAnalysis, Title: "Analys", DueDate: "2017-10-31"},
				{Kind: grant.CondActionPlan, Title: "Handlingsplan", DueDate: "2017-10-31"}},
			SetAsides: []allocate.SetAside{{County: "01", Rate: allocate.Rate{Num: 4, Den: 100}, Holder: "storsthlm"}}})
		if err != nil {
			t.Fatal(err)
		}
		run, err := f.svc.CreateRun(f.ctx, pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		if run, err = f.svc.DecideRun(f.ctx, run.ID, run.Version); err != nil {
			t.Fatal(err)
		}
		analysis := pot.Conditions[0].ID
		if _, err := f.svc.SubmitCondition(f.ctx, analysis, "0180", "dnr 1"); err != nil {
			t.Fatal(err)
		}
		sub, err := f.svc.SubmitCondition(f.ctx, analysis, "0114", "dnr 2")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.ApproveCondition(f.ctx, analysis, "0114", sub.Version); err != nil {
			t.Fatal(err)
		}

		later := followupAt(t, f, "2017-11-15")
		b, err := later.RequirementsBoard(f.ctx, "01", 2017)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Rows) != 27 || b.Rows[0].OrgCode != "01" || len(b.Columns) != 2 {
			t.Fatalf("board: %d rows (first %+v), %d columns", len(b.Rows), b.Rows[0], len(b.Columns))
		}
		cell := func(org string, c int) app.BoardCell {
			for _, r := range b.Rows {
				if r.OrgCode == org {
					return r.Cells[c]
				}
			}
			t.Fatalf("no row %s", org)
			return app.BoardCell{}
		}
		for _, c := range []struct {
			org     string
			want    grant.FulfilmentStatus
			overdue bool
		}{{"0180", grant.FulfilSubmitted, false}, {"0114", grant.FulfilApproved, false}, {"0127", grant.FulfilNotSubmitted, true}, {"01", grant.FulfilNotSubmitted, true}} {
			if got := cell(c.org, 0); !got.Applies || got.Status != c.want || got.Overdue != c.overdue {
				t.Errorf("%s analysis: %+v, want %s overdue=%v", c.org, got, c.want, c.overdue)
			}
		}
		if c := b.Columns[0]; c.ConditionID != analysis || c.OnTrack != 2 || c.Overdue != 25 {
			t.Errorf("analysis column: %+v, want 2 on track and 25 overdue", c)
		}
		if c := b.Columns[1]; c.OnTrack != 0 || c.Overdue != 27 {
			t.Errorf("action plan column: %+v", c)
		}
		if r := b.Rows[0]; r.OnTrack != 0 || r.Overdue != 2 {
			t.Errorf("region row: %+v", r)
		}
		var setAside money.Amount
		for _, l := range run.Lines {
			if l.Kind == allocate.KindSetAside && l.County == "01" {
				setAside = l.Amount
			}
		}
		if len(b.Joint) != 1 || b.Joint[0].Holder != "storsthlm" || b.Joint[0].Amount != setAside || setAside <= 0 || b.Joint[0].Paid != 0 {
			t.Errorf("joint set-aside: %+v, want %s", b.Joint, setAside)
		}

		// Before the due date nothing is overdue.
		if b, err := f.svc.RequirementsBoard(f.ctx, "01", 2017); err != nil || b.Columns[0].Overdue != 0 {
			t.Errorf("board on 1 June: %+v, %v", b.Columns, err)
		}
		// A coordinator sees its own row; the public must log in; bad input names the field.
		if b, err := later.RequirementsBoard(coordinatorOf("s@stockholm.se", "0180"), "01", 2017); err != nil || len(b.Rows) != 1 || b.Rows[0].Cells[0].Status != grant.FulfilSubmitted {
			t.Errorf("coordinator's board: %+v, %v", b.Rows, err)
		}
		if _, err := f.svc.RequirementsBoard(app.WithActor(context.Background(), app.PublicActor()), "01", 2017); code(err) != grant.EUNAUTHORIZED {
			t.Errorf("public board: %v", err)
		}
		if _, err := f.svc.RequirementsBoard(f.ctx, "26", 2017); fieldOf(err) != "county" {
			t.Errorf("bad county: %v", err)
		}
		if _, err := f.svc.RequirementsBoard(f.ctx, "01", 17); fieldOf(err) != "year" {
			t.Errorf("bad year: %v", err)
		}
	})
}
