package app_test

import (
	"testing"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// TestOrgLines: an organisation's lines are those of the decided runs only,
// with their amounts as the runs have them, one pot's when asked; the
// holder of a county-joint line gets that line; the public may read them.
func TestOrgLines(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, pots := f.agreement2017(t)
		analysis := f.reqDecide(t, pots["Analys och handlingsplaner"].ID)
		// A draft run of another pot, which must not count.
		if _, err := f.svc.CreateRun(f.ctx, pots["Ungdomsmottagningar"].ID); err != nil {
			t.Fatal(err)
		}
		joint, jointRun := f.stockholmJointPot(t)
		public := app.WithActor(t.Context(), app.PublicActor())

		for _, c := range []struct {
			name string
			org  string
			pot  int64
			want []grant.OrgLine
		}{
			{"Växjö, every pot", "0780", 0, []grant.OrgLine{
				{RunID: analysis.ID, PotID: analysis.PotID, Kind: allocate.KindRecipient, County: "07", Amount: reqLine(t, analysis, "0780", allocate.KindRecipient)}}},
			{"Växjö, a pot without a decided run", "0780", pots["Ungdomsmottagningar"].ID, nil},
			{"Stockholm, the joint pot", "0180", joint.ID, []grant.OrgLine{
				{RunID: jointRun.ID, PotID: joint.ID, Kind: allocate.KindRecipient, County: "01", Amount: reqLine(t, jointRun, "0180", allocate.KindRecipient)}}},
			{"Storsthlm holds the joint line", "storsthlm", 0, []grant.OrgLine{
				{RunID: jointRun.ID, PotID: joint.ID, Kind: allocate.KindSetAside, County: "01", Amount: reqLine(t, jointRun, "storsthlm", allocate.KindSetAside)}}},
			{"an organisation with no line", "0000", 0, nil},
		} {
			t.Run(c.name, func(t *testing.T) {
				got, err := f.svc.OrgLines(public, c.org, c.pot)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(c.want) {
					t.Fatalf("%d lines %+v, want %+v", len(got), got, c.want)
				}
				for i := range got {
					if got[i] != c.want[i] {
						t.Errorf("line %d: %+v, want %+v", i, got[i], c.want[i])
					}
				}
			})
		}
	})
}

// TestDecidedRecipients: every decided run's count of lines that give
// money, as its own lines say; drafts are not counted.
func TestDecidedRecipients(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, pots := f.agreement2017(t)
		analysis := f.reqDecide(t, pots["Analys och handlingsplaner"].ID)
		draft, err := f.svc.CreateRun(f.ctx, pots["Ungdomsmottagningar"].ID)
		if err != nil {
			t.Fatal(err)
		}
		_, joint := f.stockholmJointPot(t)
		got, err := f.svc.DecidedRecipients(app.WithActor(t.Context(), app.PublicActor()))
		if err != nil {
			t.Fatal(err)
		}
		giving := func(run grant.AllocationRun) int {
			n := 0
			for _, l := range run.Lines {
				if l.Amount != 0 {
					n++
				}
			}
			return n
		}
		want := map[int64]int{analysis.ID: giving(analysis), joint.ID: giving(joint)}
		if len(got) != len(want) || got[analysis.ID] != want[analysis.ID] || got[joint.ID] != want[joint.ID] {
			t.Errorf("recipients %v, want %v", got, want)
		}
		if _, ok := got[draft.ID]; ok {
			t.Errorf("the draft run %d is counted", draft.ID)
		}
		if want[joint.ID] != 27 {
			t.Errorf("Stockholm's joint pot gives to %d, want its 26 municipalities and Storsthlm's joint line", want[joint.ID])
		}
	})
}
