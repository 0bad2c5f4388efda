package app_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// reqAllAtOnce runs n calls of fn at the same moment and returns their errors.
func reqAllAtOnce(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i := range n {
		done.Go(func() {
			start.Wait()
			errs[i] = fn(i)
		})
	}
	start.Done()
	done.Wait()
	return errs
}

// TestRequisitionConcurrency: writers racing for one line or one
// requisition queue on the pot's lock, so none can over-draw it.
func TestRequisitionConcurrency(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pot, run := f.reqDecided(t)
		line := reqLine(t, run, "0780", allocate.KindRecipient)
		// A tenth of the line, in whole 40 öre so that a quarter of it is exact.
		tenth := line / 10 / 40 * 40
		errs := reqAllAtOnce(20, func(int) error {
			_, err := f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: tenth})
			return err
		})
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if e, isGrant := err.(*grant.Error); !isGrant || e.Code != grant.EINVALID || e.Field != "amount" {
				t.Errorf("a losing requisition failed with %v, want invalid amount", err)
			}
		}
		if ok != 10 {
			t.Fatalf("%d of 20 requisitions of a tenth succeeded, want 10", ok)
		}
		bal := f.reqBalances(t, app.ListFilter{PotID: pot.ID, OrgCode: "0780"})
		if got := bal[grant.EntryRequisitioned]; got != 10*tenth || got > line {
			t.Fatalf("requisitioned %s of the line %s", got, line)
		}

		list, _, err := f.svc.Requisitions(f.ctx, app.ListFilter{PotID: pot.ID, OrgCode: "0780", Limit: 1})
		if err != nil || len(list) != 1 {
			t.Fatalf("requisitions: %v", err)
		}
		r, err := f.svc.ApproveRequisition(f.ctx, list[0].ID, list[0].Version)
		if err != nil {
			t.Fatal(err)
		}
		errs = reqAllAtOnce(10, func(i int) error {
			_, err := f.svc.RecordPayment(f.ctx, app.PaymentInput{RequisitionID: r.ID, Amount: tenth / 4, PaidOn: "2017-03-15",
				IdempotencyKey: fmt.Sprintf("race-%d", i)})
			return err
		})
		ok = 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else if c := code(err); c != grant.ECONFLICT && c != grant.EINVALID {
				t.Errorf("a losing payment failed with %v", err)
			}
		}
		if ok != 4 {
			t.Fatalf("%d of 10 payments of a quarter succeeded, want 4", ok)
		}
		if r, err = f.svc.Requisition(f.ctx, r.ID); err != nil || r.Status != grant.ReqPaid || r.Paid != r.Amount {
			t.Fatalf("after the race: %+v, %v", r, err)
		}
		if bal := f.reqBalances(t, app.ListFilter{PotID: pot.ID, OrgCode: "0780"}); bal[grant.EntryPaid] != tenth {
			t.Fatalf("ledger paid %s, want %s", bal[grant.EntryPaid], money.Amount(tenth))
		}
	})
}
