package app_test

import (
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

func TestAgreementPotsAndDecidedRun(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		a, pots := f.agreement2017(t)
		if sum, _, err := f.svc.Pots(f.ctx, app.ListFilter{AgreementID: a.ID}); err != nil || len(sum) != 6 {
			t.Fatalf("pots: %d, %v", len(sum), err)
		}
		// The pots fill the agreement exactly: one more krona is refused, naming the field.
		_, err := f.svc.CreatePot(f.ctx, grant.Pot{AgreementID: a.ID, Name: "För mycket", Amount: money.Krona})
		if e, ok := err.(*grant.Error); !ok || e.Code != grant.EINVALID || e.Field != "amount" {
			t.Fatalf("over-full agreement: %v", err)
		}
		pot := pots["Analys och handlingsplaner"]
		run, err := f.svc.CreateRun(f.ctx, pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		if run.Status != grant.RunDraft || run.Total != 250*money.Mkr || len(run.Lines) != 311 {
			t.Fatalf("draft: %s, total %s, %d lines", run.Status, run.Total, len(run.Lines))
		}
		stored, err := f.svc.Run(f.ctx, run.ID)
		if err != nil {
			t.Fatal(err)
		}
		var sum money.Amount
		for _, l := range stored.Lines {
			sum += l.Amount
		}
		if sum != pot.Amount {
			t.Fatalf("stored lines sum to %s, not the pot %s", sum, pot.Amount)
		}
		// A stale version is refused; the current one decides.
		if _, err := f.svc.DecideRun(f.ctx, run.ID, run.Version+1); code(err) != grant.EPRECONDITION {
			t.Fatalf("stale decide: %v", err)
		}
		decided, err := f.svc.DecideRun(f.ctx, run.ID, run.Version)
		if err != nil {
			t.Fatal(err)
		}
		if decided.Status != grant.RunDecided || decided.DecidedBy != "admin@example.se" {
			t.Fatalf("decided run: %+v", decided)
		}
		// Decided is final: no recompute, no second decision, no new run, no change of amount.
		if _, err := f.svc.RecomputeRun(f.ctx, run.ID, decided.Version); code(err) != grant.ECONFLICT {
			t.Errorf("recompute decided: %v", err)
		}
		if _, err := f.svc.CreateRun(f.ctx, pot.ID); code(err) != grant.ECONFLICT {
			t.Errorf("new run after decision: %v", err)
		}
		changed := pot
		changed.Amount -= money.Mkr
		if _, err := f.svc.UpdatePot(f.ctx, changed); code(err) != grant.ECONFLICT {
			t.Errorf("change a decided pot's amount: %v", err)
		}
		// The decision is recomputed bit for bit from its stored inputs.
		if same, err := f.svc.VerifyRun(f.ctx, run.ID); err != nil || !same {
			t.Errorf("verify: %v, %v", same, err)
		}
		// Every line entered the ledger as allocated money.
		var bal map[grant.EntryKind]money.Amount
		err = f.db.Read(f.ctx, func(tx app.Tx) error {
			bal, err = tx.Balances(f.ctx, app.ListFilter{PotID: pot.ID})
			return err
		})
		if err != nil || bal[grant.EntryAllocated] != pot.Amount {
			t.Fatalf("ledger: %v, %v", bal, err)
		}
		// Each write is in the audit log with its actor.
		var audit []grant.AuditEntry
		err = f.db.Read(f.ctx, func(tx app.Tx) error {
			audit, _, err = tx.ListAudit(f.ctx, app.AuditFilter{Entity: "allocation_run"})
			return err
		})
		if err != nil || len(audit) != 2 || audit[0].Action != "decide" || audit[0].Actor != "admin@example.se" {
			t.Fatalf("audit: %+v, %v", audit, err)
		}
	})
}

func TestRecomputeDraft(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, pots := f.agreement2017(t)
		pot := pots["Unga"]
		run, err := f.svc.CreateRun(f.ctx, pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Change the key to equal shares and recompute: every region gets 150 Mkr / 21 ± 1 kr.
		pot.Key = "equal"
		if pot, err = f.svc.UpdatePot(f.ctx, pot); err != nil {
			t.Fatal(err)
		}
		again, err := f.svc.RecomputeRun(f.ctx, run.ID, run.Version)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range again.Lines {
			if d := l.Amount - 150*money.Mkr/21; d < -money.Krona || d > money.Krona {
				t.Fatalf("%s got %s with equal shares", l.Code, l.Amount)
			}
		}
		if again.Version != run.Version+1 {
			t.Errorf("version %d → %d", run.Version, again.Version)
		}
		if _, err := f.svc.RecomputeRun(f.ctx, run.ID, run.Version); code(err) != grant.EPRECONDITION {
			t.Errorf("recompute with a stale version: %v", err)
		}
	})
}

// TestDecideStaleDraft: a draft computed before its pot changed cannot be
// decided; recomputing it makes it decidable (found by the randomised test).
func TestDecideStaleDraft(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		_, pots := f.agreement2017(t)
		pot := pots["Unga"]
		run, err := f.svc.CreateRun(f.ctx, pot.ID)
		if err != nil {
			t.Fatal(err)
		}
		pot.Amount -= 50 * money.Mkr
		if _, err := f.svc.UpdatePot(f.ctx, pot); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.DecideRun(f.ctx, run.ID, run.Version); code(err) != grant.ECONFLICT {
			t.Fatalf("deciding a stale draft: %v, want conflict", err)
		}
		again, err := f.svc.RecomputeRun(f.ctx, run.ID, run.Version)
		if err != nil {
			t.Fatal(err)
		}
		decided, err := f.svc.DecideRun(f.ctx, run.ID, again.Version)
		if err != nil || decided.Total != 100*money.Mkr {
			t.Fatalf("decide after recompute: %v, total %s", err, decided.Total)
		}
	})
}
