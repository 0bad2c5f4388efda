package app_test

import (
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
	"github.com/anslag/anslag/internal/refdata"
)

// An auditor asks what the figures said on a past day: requisitions,
// sub-allocations and balances come back as they stood at the end of it,
// rebuilt from the audit log and the ledger, while later changes exist.
func TestReadsAsOfAPastDay(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		reg, err := refdata.Load()
		if err != nil {
			t.Fatal(err)
		}
		now := fixedNow
		svc := app.New(app.Config{Store: f.db, Register: reg, Now: func() time.Time { return now }})
		day := func(d int) { now = time.Date(2017, 6, d, 10, 0, 0, 0, time.UTC) }
		a, pots := f.agreement2017(t)
		pot := pots["Analys och handlingsplaner"]
		f.reqDecide(t, pot.ID) // 1 June
		localOrgs(t, f, [3]string{"07-hsn", "committee", "07"})

		day(2)
		r, err := svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: "07", Amount: 1 * money.Mkr})
		if err != nil {
			t.Fatal(err)
		}
		day(3)
		if r, err = svc.ApproveRequisition(f.ctx, r.ID, r.Version); err != nil {
			t.Fatal(err)
		}
		day(4)
		if _, err := svc.RecordPayment(f.ctx, app.PaymentInput{RequisitionID: r.ID, Amount: 1 * money.Mkr, PaidOn: "2017-06-04", IdempotencyKey: "asof-1"}); err != nil {
			t.Fatal(err)
		}
		day(5)
		sa, err := svc.CreateSubAllocation(f.ctx, grant.SubAllocation{AgreementID: a.ID, FromOrg: "07", ToOrg: "07-hsn", Amount: 400_000 * money.Krona,
			DecisionRef: "RS 2017/1", DecidedOn: "2017-06-05"})
		if err != nil {
			t.Fatal(err)
		}
		day(6)
		if _, err := svc.WithdrawSubAllocation(f.ctx, sa.ID, sa.Version); err != nil {
			t.Fatal(err)
		}

		for _, tt := range []struct {
			asOf                 grant.Date
			reqStatus            grant.RequisitionStatus // "" for none yet
			paid                 money.Amount
			subStatus            grant.SubAllocStatus // "" for none yet
			requisitioned, paidL money.Amount         // the ledger's sums for Kronoberg
		}{
			{"2017-06-01", "", 0, "", 0, 0},
			{"2017-06-02", grant.ReqSubmitted, 0, "", 1 * money.Mkr, 0},
			{"2017-06-03", grant.ReqApproved, 0, "", 1 * money.Mkr, 0},
			{"2017-06-04", grant.ReqPaid, 1 * money.Mkr, "", 1 * money.Mkr, 1 * money.Mkr},
			{"2017-06-05", grant.ReqPaid, 1 * money.Mkr, grant.SubAllocActive, 1 * money.Mkr, 1 * money.Mkr},
			{"2017-06-06", grant.ReqPaid, 1 * money.Mkr, grant.SubAllocWithdrawn, 1 * money.Mkr, 1 * money.Mkr},
		} {
			reqs, n, err := svc.Requisitions(f.ctx, app.ListFilter{OrgCode: "07", Year: 2017, AsOf: tt.asOf})
			if err != nil || (tt.reqStatus == "") != (n == 0) || (n > 0 && (reqs[0].Status != tt.reqStatus || reqs[0].Paid != tt.paid)) {
				t.Errorf("%s: requisitions %+v (%d), %v; want %q paid %s", tt.asOf, reqs, n, err, tt.reqStatus, tt.paid)
			}
			subs, n, err := svc.SubAllocations(f.ctx, app.ListFilter{OrgCode: "07", AsOf: tt.asOf})
			if err != nil || (tt.subStatus == "") != (n == 0) || (n > 0 && subs[0].Status != tt.subStatus) {
				t.Errorf("%s: sub-allocations %+v (%d), %v; want %q", tt.asOf, subs, n, err, tt.subStatus)
			}
			bal, err := svc.Balances(f.ctx, app.ListFilter{PotID: pot.ID, OrgCode: "07", AsOf: tt.asOf})
			if err != nil || bal[grant.EntryRequisitioned] != tt.requisitioned || bal[grant.EntryPaid] != tt.paidL || bal[grant.EntryAllocated] == 0 {
				t.Errorf("%s: balances %v, %v", tt.asOf, bal, err)
			}
		}
		// Today's answers are unchanged by the as-of reads, and a bad date
		// is refused naming as_of.
		if reqs, _, err := svc.Requisitions(f.ctx, app.ListFilter{OrgCode: "07"}); err != nil || len(reqs) != 1 || reqs[0].Status != grant.ReqPaid {
			t.Errorf("today: %+v, %v", reqs, err)
		}
		if _, _, err := svc.Requisitions(f.ctx, app.ListFilter{AsOf: "2017-02-30"}); grant.ErrorCode(err) != grant.EINVALID {
			t.Errorf("bad date: %v", err)
		}
	})
}
