package app_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// localPay records that org was paid amount from a pot. Payments belong to
// another slice (requisitions); here they are written straight to the
// ledger as test setup.
func localPay(t *testing.T, f *fixture, pot grant.Pot, org string, amount money.Amount) {
	t.Helper()
	err := f.db.Write(f.ctx, func(tx app.Tx) error {
		return tx.AppendLedger(f.ctx, []grant.LedgerEntry{{At: grant.Timestamp(fixedNow), Kind: grant.EntryPaid, AgreementID: pot.AgreementID,
			PotID: pot.ID, OrgCode: org, Amount: amount, RefType: "test_payment", RefID: 1, Actor: "test"}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// localOrgs creates committees and units: code, kind, parent.
func localOrgs(t *testing.T, f *fixture, orgs ...[3]string) {
	t.Helper()
	for _, o := range orgs {
		if _, err := f.svc.CreateOrganisation(f.ctx, grant.Organisation{Code: o[0], Kind: grant.OrgKind(o[1]), Name: o[0], ParentCode: o[2]}); err != nil {
			t.Fatalf("organisation %s: %v", o[0], err)
		}
	}
}

func localBalances(t *testing.T, f *fixture, lf app.ListFilter) map[grant.EntryKind]money.Amount {
	t.Helper()
	var bal map[grant.EntryKind]money.Amount
	err := f.db.Read(f.ctx, func(tx app.Tx) (err error) {
		bal, err = tx.Balances(f.ctx, lf)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return bal
}

func localAudit(t *testing.T, f *fixture, entity string) []grant.AuditEntry {
	t.Helper()
	var list []grant.AuditEntry
	err := f.db.Read(f.ctx, func(tx app.Tx) (err error) {
		list, _, err = tx.ListAudit(f.ctx, app.AuditFilter{Entity: entity})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// localField asserts err is a grant.Error with code and field.
func localField(t *testing.T, what string, err error, code, field string) *grant.Error {
	t.Helper()
	e, ok := err.(*grant.Error)
	if !ok || e.Code != code || e.Field != field {
		t.Fatalf("%s: error %v, want %s on field %q", what, err, code, field)
	}
	if e.Swedish == "" || e.Swedish == e.Message {
		t.Errorf("%s: Swedish message %q", what, e.Swedish)
	}
	return e
}

// TestSubAllocationKronoberg follows Region Kronoberg's 2018 decision: 20,3
// Mkr received, spread over three committees in one decision.
func TestSubAllocationKronoberg(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		a, pots := f.agreement2017(t)
		// 20,3 Mkr paid to Kronoberg from two pots: received is the sum over pots.
		localPay(t, f, pots["Unga"], "07", 15*money.Mkr)
		localPay(t, f, pots["Analys och handlingsplaner"], "07", 5_300_000*money.Krona)
		localPay(t, f, pots["Unga"], "06", 10*money.Mkr) // Jönköping's money is not Kronoberg's
		localOrgs(t, f, [3]string{"07-hsn", "committee", "07"}, [3]string{"07-rs", "committee", "07"}, [3]string{"07-run", "committee", "07"},
			[3]string{"07-hsn-psykiatri", "unit", "07-hsn"}, [3]string{"06-hsn", "committee", "06"})
		line := func(to string, kr int64) grant.SubAllocation {
			return grant.SubAllocation{AgreementID: a.ID, FromOrg: "07", ToOrg: to, Amount: money.Amount(kr) * money.Krona,
				DecisionRef: "RS 2018/123", DecidedOn: "2018-08-21"}
		}
		decision := []grant.SubAllocation{line("07-hsn", 13_410_000), line("07-rs", 3_920_000), line("07-run", 2_970_000)}

		// A four-line decision whose last line goes one krona over writes nothing.
		_, err := f.svc.CreateSubAllocations(f.ctx, append(decision[:3:3], line("07-hsn", 1)))
		e := localField(t, "over-allocating last line", err, grant.EINVALID, "lines[3].amount")
		if !strings.Contains(e.Message, "0 kr remains") || !strings.Contains(e.Swedish, "0 kr återstår") {
			t.Errorf("message does not state the remaining balance: %q / %q", e.Message, e.Swedish)
		}
		if list, n, err := f.svc.SubAllocations(f.ctx, app.ListFilter{OrgCode: "07"}); err != nil || n != 0 || len(list) != 0 {
			t.Fatalf("after a refused decision: %d rows, %v", n, err)
		}
		if bal := localBalances(t, f, app.ListFilter{OrgCode: "07"}); bal[grant.EntrySubAllocated] != 0 {
			t.Fatalf("after a refused decision the ledger holds %v", bal)
		}

		// The real decision: accepted, and it spreads the 20,3 Mkr exactly.
		got, err := f.svc.CreateSubAllocations(f.ctx, decision)
		if err != nil {
			t.Fatal(err)
		}
		var sum money.Amount
		for _, s := range got {
			if s.ID == 0 || s.Status != grant.SubAllocActive || s.Version != 1 {
				t.Errorf("stored line %+v", s)
			}
			sum += s.Amount
		}
		if sum != 20_300_000*money.Krona {
			t.Fatalf("decision sums to %s", sum)
		}
		if bal := localBalances(t, f, app.ListFilter{AgreementID: a.ID, OrgCode: "07"}); bal[grant.EntrySubAllocated] != sum {
			t.Fatalf("ledger: %v", bal)
		}

		// One more krona is refused and the message says nothing remains.
		_, err = f.svc.CreateSubAllocation(f.ctx, line("07-run", 1))
		if e := localField(t, "one more krona", err, grant.EINVALID, "amount"); !strings.Contains(e.Message, "0 kr remains") {
			t.Errorf("message %q", e.Message)
		}

		// Withdrawing regionstyrelsen's line frees its 3 920 000 kr, at its version only.
		rs := got[1]
		if _, err := f.svc.WithdrawSubAllocation(f.ctx, rs.ID, rs.Version+1); code(err) != grant.EPRECONDITION {
			t.Fatalf("stale withdraw: %v", err)
		}
		w, err := f.svc.WithdrawSubAllocation(f.ctx, rs.ID, rs.Version)
		if err != nil || w.Status != grant.SubAllocWithdrawn || w.Version != 2 {
			t.Fatalf("withdraw: %+v, %v", w, err)
		}
		if _, err := f.svc.WithdrawSubAllocation(f.ctx, rs.ID, w.Version); code(err) != grant.ECONFLICT {
			t.Fatalf("withdraw twice: %v", err)
		}
		_, err = f.svc.CreateSubAllocation(f.ctx, line("07-hsn-psykiatri", 3_920_001))
		if e := localField(t, "over the freed money", err, grant.EINVALID, "amount"); !strings.Contains(e.Message, "3 920 000 kr remains") ||
			!strings.Contains(e.Swedish, "3 920 000 kr återstår") {
			t.Errorf("message %q / %q", e.Message, e.Swedish)
		}
		// A unit two levels down is inside Kronoberg too.
		if _, err := f.svc.CreateSubAllocation(f.ctx, line("07-hsn-psykiatri", 3_920_000)); err != nil {
			t.Fatal(err)
		}

		// The ledger and the table agree: allocated − released = Σ active.
		active, _, err := f.svc.SubAllocations(f.ctx, app.ListFilter{OrgCode: "07", AgreementID: a.ID, Status: "active"})
		if err != nil {
			t.Fatal(err)
		}
		sum = 0
		for _, s := range active {
			sum += s.Amount
		}
		bal := localBalances(t, f, app.ListFilter{AgreementID: a.ID, OrgCode: "07"})
		if len(active) != 3 || sum != 20_300_000*money.Krona || bal[grant.EntrySubAllocated]-bal[grant.EntrySubReleased] != sum {
			t.Fatalf("%d active summing to %s; ledger %v", len(active), sum, bal)
		}

		// Every write was audited, the refused ones not at all.
		audit := localAudit(t, f, "sub_allocation")
		if len(audit) != 5 || audit[1].Action != "withdraw" || audit[0].Actor != "admin@example.se" {
			t.Fatalf("audit: %d entries %+v", len(audit), audit)
		}
	})
}

// TestSubAllocationRefused checks each way a line can be refused, and that
// the field named is the one at fault.
func TestSubAllocationRefused(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		a, pots := f.agreement2017(t)
		localPay(t, f, pots["Unga"], "07", 20*money.Mkr)
		localPay(t, f, pots["Unga"], "06", 10*money.Mkr)
		localOrgs(t, f, [3]string{"07-hsn", "committee", "07"}, [3]string{"06-hsn", "committee", "06"}, [3]string{"0780-sn", "committee", "0780"})
		other, err := f.svc.CreateInitiative(f.ctx, grant.Initiative{OrgCode: "06", Title: "Jönköpings insats", Kind: grant.InitiativeOneOff,
			Amount: money.Mkr, StartYear: 2018, TargetGroup: grant.TargetAll})
		if err != nil {
			t.Fatal(err)
		}
		ok := grant.SubAllocation{AgreementID: a.ID, FromOrg: "07", ToOrg: "07-hsn", Amount: money.Mkr, DecidedOn: "2018-08-21"}
		tests := []struct {
			name  string
			edit  func(*grant.SubAllocation)
			field string
		}{
			{"committee of another region", func(s *grant.SubAllocation) { s.ToOrg = "06-hsn" }, "to_org"},
			{"a municipality is not a committee", func(s *grant.SubAllocation) { s.ToOrg = "0780" }, "to_org"},
			{"unknown receiver", func(s *grant.SubAllocation) { s.ToOrg = "07-nope" }, "to_org"},
			{"to itself", func(s *grant.SubAllocation) { s.ToOrg = "07" }, "to_org"},
			{"no receiver", func(s *grant.SubAllocation) { s.ToOrg = "" }, "to_org"},
			{"two receivers", func(s *grant.SubAllocation) { s.InitiativeID = other.ID }, "to_org"},
			{"another region's initiative", func(s *grant.SubAllocation) { s.ToOrg, s.InitiativeID = "", other.ID }, "initiative_id"},
			{"unknown initiative", func(s *grant.SubAllocation) { s.ToOrg, s.InitiativeID = "", 99999 }, "initiative_id"},
			{"zero amount", func(s *grant.SubAllocation) { s.Amount = 0 }, "amount"},
			{"nothing received", func(s *grant.SubAllocation) { s.FromOrg, s.ToOrg = "0780", "0780-sn" }, "amount"},
			{"unknown agreement", func(s *grant.SubAllocation) { s.AgreementID = 99999 }, "agreement_id"},
			{"bad date", func(s *grant.SubAllocation) { s.DecidedOn = "21/8 2018" }, "decided_on"},
			{"no date", func(s *grant.SubAllocation) { s.DecidedOn = "" }, "decided_on"},
		}
		for _, tt := range tests {
			s := ok
			tt.edit(&s)
			_, err := f.svc.CreateSubAllocation(f.ctx, s)
			localField(t, tt.name, err, grant.EINVALID, tt.field)
			// In a decision the field carries the line's index.
			_, err = f.svc.CreateSubAllocations(f.ctx, []grant.SubAllocation{ok, s})
			localField(t, tt.name+" as line 1", err, grant.EINVALID, "lines[1]."+tt.field)
		}
		if _, err := f.svc.CreateSubAllocations(f.ctx, nil); code(err) != grant.EINVALID {
			t.Errorf("empty decision: %v", err)
		}
		if list, _, _ := f.svc.SubAllocations(f.ctx, app.ListFilter{}); len(list) != 0 {
			t.Errorf("refused lines were stored: %+v", list)
		}
	})
}

// TestSubAllocationConcurrent races ten writers for five millions: the
// per-organisation lock lets exactly five through.
func TestSubAllocationConcurrent(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		a, pots := f.agreement2017(t)
		localPay(t, f, pots["Unga"], "07", 5*money.Mkr)
		localOrgs(t, f, [3]string{"07-hsn", "committee", "07"})
		var wg sync.WaitGroup
		errs := make([]error, 10)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = f.svc.CreateSubAllocation(f.ctx, grant.SubAllocation{AgreementID: a.ID, FromOrg: "07", ToOrg: "07-hsn",
					Amount: money.Mkr, DecidedOn: "2018-08-21"})
			})
		}
		wg.Wait()
		okCount := 0
		for _, err := range errs {
			switch code(err) {
			case "":
				okCount++
			case grant.EINVALID:
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		bal := localBalances(t, f, app.ListFilter{OrgCode: "07"})
		if okCount != 5 || bal[grant.EntrySubAllocated] != 5*money.Mkr {
			t.Fatalf("%d writers got through, ledger %v", okCount, bal)
		}
	})
}
