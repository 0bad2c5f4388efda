package app_test

import (
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// reqDecided records the 2017 agreement and decides the split of its
// 250 Mkr pot for analysis and action plans.
func (f *fixture) reqDecided(t *testing.T) (grant.Pot, grant.AllocationRun) {
	t.Helper()
	_, pots := f.agreement2017(t)
	pot := pots["Analys och handlingsplaner"]
	return pot, f.reqDecide(t, pot.ID)
}

func (f *fixture) reqDecide(t *testing.T, potID int64) grant.AllocationRun {
	t.Helper()
	run, err := f.svc.CreateRun(f.ctx, potID)
	if err != nil {
		t.Fatal(err)
	}
	if run, err = f.svc.DecideRun(f.ctx, run.ID, run.Version); err != nil {
		t.Fatal(err)
	}
	return run
}

// reqLine is the amount of an organisation's line of a run.
func reqLine(t *testing.T, run grant.AllocationRun, code string, kind allocate.LineKind) money.Amount {
	t.Helper()
	for _, l := range run.Lines {
		if l.Code == code && l.Kind == kind {
			return l.Amount
		}
	}
	t.Fatalf("no line for %s", code)
	return 0
}

func (f *fixture) reqBalances(t *testing.T, lf app.ListFilter) map[grant.EntryKind]money.Amount {
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

func (f *fixture) reqLedgerCount(t *testing.T, lf app.ListFilter) int {
	t.Helper()
	var n int
	err := f.db.Read(f.ctx, func(tx app.Tx) (err error) {
		_, n, err = tx.ListLedger(f.ctx, lf)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// reqWant checks an error's code and field.
func reqWant(t *testing.T, what string, err error, wantCode, wantField string) {
	t.Helper()
	e, ok := err.(*grant.Error)
	if !ok || e.Code != wantCode || e.Field != wantField {
		t.Errorf("%s: error %v, want %s on %q", what, err, wantCode, wantField)
		return
	}
	if e.Message == "" || e.Swedish == "" || e.Message == e.Swedish {
		t.Errorf("%s: expected English and Swedish messages, got %q / %q", what, e.Message, e.Swedish)
	}
}

func TestRequisitionHappyPath(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pot, run := f.reqDecided(t)
		line := reqLine(t, run, "0780", allocate.KindRecipient)
		r, err := f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: line})
		if err != nil {
			t.Fatal(err)
		}
		wantRef := "Stimulansmedel för analysarbete och handlingsplaner inom psykisk hälsa, dnr S2016/07758/FS"
		if r.Status != grant.ReqSubmitted || r.Reference != wantRef || r.County != "07" || r.RunID != run.ID || r.SubmittedBy != "admin@example.se" {
			t.Fatalf("submitted: %+v", r)
		}
		// The whole line is requisitioned: not one öre more.
		_, err = f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: 1})
		reqWant(t, "over the line", err, grant.EINVALID, "amount")
		if r, err = f.svc.ApproveRequisition(f.ctx, r.ID, r.Version); err != nil || r.Status != grant.ReqApproved || r.DecidedBy != "admin@example.se" {
			t.Fatalf("approve: %+v, %v", r, err)
		}
		first := line / 3
		for i, part := range []money.Amount{first, line - first} {
			if _, err := f.svc.RecordPayment(f.ctx, app.PaymentInput{RequisitionID: r.ID, Amount: part, PaidOn: "2017-03-15",
				IdempotencyKey: "0780-" + string(rune('a'+i))}); err != nil {
				t.Fatal(err)
			}
			if r, err = f.svc.Requisition(f.ctx, r.ID); err != nil {
				t.Fatal(err)
			}
			if want := []grant.RequisitionStatus{grant.ReqApproved, grant.ReqPaid}[i]; r.Status != want {
				t.Fatalf("after payment %d: %s, want %s", i+1, r.Status, want)
			}
		}
		if r.Paid != line || r.Outstanding() != 0 {
			t.Fatalf("paid %s of %s", r.Paid, line)
		}
		_, err = f.svc.RecordPayment(f.ctx, app.PaymentInput{RequisitionID: r.ID, Amount: 1, PaidOn: "2017-03-15", IdempotencyKey: "0780-c"})
		reqWant(t, "pay a paid requisition", err, grant.ECONFLICT, "")
		// The ledger tells the same story as the records.
		bal := f.reqBalances(t, app.ListFilter{PotID: pot.ID, OrgCode: "0780"})
		for _, k := range []grant.EntryKind{grant.EntryAllocated, grant.EntryRequisitioned, grant.EntryApproved, grant.EntryPaid} {
			if bal[k] != line {
				t.Errorf("ledger %s: %s, want %s", k, bal[k], line)
			}
		}
		// Lists filter by pot, organisation, status and year.
		for _, lf := range []app.ListFilter{{PotID: pot.ID}, {OrgCode: "0780"}, {Status: "paid"}, {Year: 2017}, {Year: 2017, Limit: 1}} {
			list, total, err := f.svc.Requisitions(f.ctx, lf)
			if err != nil || total != 1 || len(list) != 1 || list[0].Paid != line {
				t.Errorf("requisitions %+v: %d of %d, %v", lf, len(list), total, err)
			}
		}
		for _, lf := range []app.ListFilter{{OrgCode: "0781"}, {Status: "submitted"}, {Year: 2018}} {
			if _, total, err := f.svc.Requisitions(f.ctx, lf); err != nil || total != 0 {
				t.Errorf("requisitions %+v: %d, %v", lf, total, err)
			}
		}
		if list, total, err := f.svc.Payments(f.ctx, app.ListFilter{OrgCode: "0780", Year: 2017, Limit: 1, Offset: 1}); err != nil || total != 2 || len(list) != 1 || list[0].Amount != line-first {
			t.Errorf("payments page 2: %+v of %d, %v", list, total, err)
		}
		if list, err := f.svc.RequisitionPayments(f.ctx, r.ID); err != nil || len(list) != 2 {
			t.Errorf("payments of the requisition: %d, %v", len(list), err)
		}
		var audit []grant.AuditEntry
		err = f.db.Read(f.ctx, func(tx app.Tx) (err error) {
			audit, _, err = tx.ListAudit(f.ctx, app.AuditFilter{Entity: "requisition"})
			return err
		})
		if err != nil || len(audit) != 4 { // submit, approve, pay, pay
			t.Errorf("audit: %d entries, %v", len(audit), err)
		}
	})
}

func TestRequisitionRefusals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pot, run := f.reqDecided(t)
		pots, _, err := f.svc.Pots(f.ctx, app.ListFilter{AgreementID: pot.AgreementID})
		if err != nil {
			t.Fatal(err)
		}
		undecided := pots[1].ID // Unga: no run yet
		line := reqLine(t, run, "0780", allocate.KindRecipient)
		for _, tt := range []struct {
			name        string
			in          app.RequisitionInput
			code, field string
		}{
			{"unknown pot", app.RequisitionInput{PotID: 999999, OrgCode: "0780", Amount: 1}, grant.EINVALID, "pot_id"},
			{"split not decided", app.RequisitionInput{PotID: undecided, OrgCode: "07", Amount: 1}, grant.ECONFLICT, ""},
			{"no organisation", app.RequisitionInput{PotID: pot.ID, Amount: 1}, grant.EINVALID, "org_code"},
			{"unknown organisation", app.RequisitionInput{PotID: pot.ID, OrgCode: "9999", Amount: 1}, grant.EINVALID, "org_code"},
			{"no line", app.RequisitionInput{PotID: pot.ID, OrgCode: "skr", Amount: 1}, grant.EINVALID, "org_code"},
			{"zero", app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: 0}, grant.EINVALID, "amount"},
			{"negative", app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: -money.Krona}, grant.EINVALID, "amount"},
			{"over the line", app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: line + 1}, grant.EINVALID, "amount"},
			{"wrong county", app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", County: "01", Amount: 1}, grant.EINVALID, "county"},
			{"joint without county", app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Joint: true, Amount: 1}, grant.EINVALID, "county"},
			{"no joint line", app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Joint: true, County: "07", Amount: 1}, grant.EINVALID, "county"},
		} {
			_, err := f.svc.SubmitRequisition(f.ctx, tt.in)
			reqWant(t, tt.name, err, tt.code, tt.field)
		}
		// The refusal over the line states what remains.
		_, err = f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: line + 1})
		if e, ok := err.(*grant.Error); !ok || !strings.Contains(e.Message, line.String()) || !strings.Contains(e.Swedish, line.String()) {
			t.Errorf("over the line does not state the remaining %s: %v", line, err)
		}

		r, err := f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: line})
		if err != nil {
			t.Fatal(err)
		}
		pay := func(amount money.Amount, on grant.Date, key string) error {
			_, err := f.svc.RecordPayment(f.ctx, app.PaymentInput{RequisitionID: r.ID, Amount: amount, PaidOn: on, IdempotencyKey: key})
			return err
		}
		reqWant(t, "pay a submitted requisition", pay(1, "2017-03-01", "k1"), grant.ECONFLICT, "")
		_, err = f.svc.ApproveRequisition(f.ctx, r.ID, r.Version+1)
		reqWant(t, "approve with a stale version", err, grant.EPRECONDITION, "")
		_, err = f.svc.ApproveRequisition(f.ctx, 999999, 1)
		reqWant(t, "approve an unknown requisition", err, grant.ENOTFOUND, "")
		_, err = f.svc.RejectRequisition(f.ctx, r.ID, r.Version, " ")
		reqWant(t, "reject without a reason", err, grant.EINVALID, "reason")
		// A rejected requisition frees its amount and cannot be approved.
		rejected, err := f.svc.RejectRequisition(f.ctx, r.ID, r.Version, "fel belopp")
		if err != nil || rejected.Status != grant.ReqRejected || rejected.Reason != "fel belopp" {
			t.Fatalf("reject: %+v, %v", rejected, err)
		}
		_, err = f.svc.ApproveRequisition(f.ctx, r.ID, rejected.Version)
		reqWant(t, "approve a rejected requisition", err, grant.ECONFLICT, "")
		reqWant(t, "pay a rejected requisition", pay(1, "2017-03-01", "k1"), grant.ECONFLICT, "")
		if r, err = f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: line}); err != nil {
			t.Fatalf("requisition after a rejection: %v", err)
		}
		if r, err = f.svc.ApproveRequisition(f.ctx, r.ID, r.Version); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.RejectRequisition(f.ctx, r.ID, r.Version, "ångrat")
		reqWant(t, "reject an approved requisition", err, grant.ECONFLICT, "")
		for _, tt := range []struct {
			name        string
			err         error
			code, field string
		}{
			{"pay zero", pay(0, "2017-03-01", "k1"), grant.EINVALID, "amount"},
			{"pay more than approved", pay(line+1, "2017-03-01", "k1"), grant.EINVALID, "amount"},
			{"pay on no date", pay(1, "", "k1"), grant.EINVALID, "paid_on"},
			{"pay on a bad date", pay(1, "2017-13-01", "k1"), grant.EINVALID, "paid_on"},
			{"pay in the future", pay(1, "2017-06-02", "k1"), grant.EINVALID, "paid_on"},
			{"pay without a key", pay(1, "2017-03-01", " "), grant.EINVALID, "idempotency_key"},
		} {
			reqWant(t, tt.name, tt.err, tt.code, tt.field)
		}
		_, err = f.svc.RecordPayment(f.ctx, app.PaymentInput{RequisitionID: 999999, Amount: 1, PaidOn: "2017-03-01", IdempotencyKey: "k1"})
		reqWant(t, "pay an unknown requisition", err, grant.EINVALID, "requisition_id")
		// Nothing refused left a trace in the ledger: one requisition rejected, one approved.
		bal := f.reqBalances(t, app.ListFilter{PotID: pot.ID, OrgCode: "0780"})
		if bal[grant.EntryRequisitioned] != 2*line || bal[grant.EntryRejected] != line || bal[grant.EntryApproved] != line || bal[grant.EntryPaid] != 0 {
			t.Errorf("ledger: %v", bal)
		}
	})
}

func TestRequisitionDeadline(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pot, _ := f.reqDecided(t)
		for _, tt := range []struct {
			deadline grant.Date
			code     string
		}{
			{"2017-05-31", grant.ECONFLICT}, // the day before the clock's
			{"2017-06-01", ""},              // the deadline day itself is in time
			{"", ""},                        // no deadline
		} {
			pot.RequisitionDeadline = tt.deadline
			var err error
			if pot, err = f.svc.UpdatePot(f.ctx, pot); err != nil {
				t.Fatal(err)
			}
			_, err = f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: "0780", Amount: money.Krona})
			if code(err) != tt.code {
				t.Errorf("deadline %q: %v, want %q", tt.deadline, err, tt.code)
			}
		}
	})
}

// stockholmJointPot is a 100 Mkr pot for Stockholm county of which 4 % of
// each line is pooled in a joint line held by Storsthlm, decided.
func (f *fixture) stockholmJointPot(t *testing.T) (grant.Pot, grant.AllocationRun) {
	t.Helper()
	if _, err := f.svc.CreateOrganisation(f.ctx, grant.Organisation{Code: "storsthlm", Kind: grant.OrgAssociation, Name: "Storsthlm"}); err != nil {
		t.Fatal(err)
	}
	a, err := f.svc.CreateAgreement(f.ctx, grant.Agreement{Year: 2018, Title: "Psykisk hälsa 2018", Dnr: "S2018/00001/FS", Total: 100 * money.Mkr})
	if err != nil {
		t.Fatal(err)
	}
	rate, err := allocate.ParseRate("4 %")
	if err != nil {
		t.Fatal(err)
	}
	pot, err := f.svc.CreatePot(f.ctx, grant.Pot{AgreementID: a.ID, Name: "Stockholms län", Purpose: "insatser inom psykisk hälsa",
		Amount: 100 * money.Mkr, Recipients: "county:01", PopulationTableID: f.table.ID,
		SetAsides: []allocate.SetAside{{County: "01", Rate: rate, Holder: "storsthlm"}}})
	if err != nil {
		t.Fatal(err)
	}
	return pot, f.reqDecide(t, pot.ID)
}

func TestRequisitionJointLine(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pot, run := f.stockholmJointPot(t)
		joint := reqLine(t, run, "storsthlm", allocate.KindSetAside)
		own := reqLine(t, run, "0180", allocate.KindRecipient)
		for _, tt := range []struct {
			name        string
			in          app.RequisitionInput
			code, field string
		}{
			{"a contributor is not the holder", app.RequisitionInput{OrgCode: "0180", Joint: true, County: "01", Amount: 1}, grant.EINVALID, "org_code"},
			{"the holder has no recipient line", app.RequisitionInput{OrgCode: "storsthlm", Amount: 1}, grant.EINVALID, "org_code"},
			{"no set-aside in county 07", app.RequisitionInput{OrgCode: "storsthlm", Joint: true, County: "07", Amount: 1}, grant.EINVALID, "county"},
			{"over the joint line", app.RequisitionInput{OrgCode: "storsthlm", Joint: true, County: "01", Amount: joint + 1}, grant.EINVALID, "amount"},
			{"the holder, the whole joint line", app.RequisitionInput{OrgCode: "storsthlm", Joint: true, County: "01", Amount: joint}, "", ""},
			{"a contributor, its own line", app.RequisitionInput{OrgCode: "0180", Amount: own}, "", ""},
			{"the joint line is used up", app.RequisitionInput{OrgCode: "storsthlm", Joint: true, County: "01", Amount: 1}, grant.EINVALID, "amount"},
		} {
			tt.in.PotID = pot.ID
			r, err := f.svc.SubmitRequisition(f.ctx, tt.in)
			if tt.code != "" {
				reqWant(t, tt.name, err, tt.code, tt.field)
				continue
			}
			if err != nil || r.Joint != tt.in.Joint || r.County != "01" || r.Reference != "Stimulansmedel för insatser inom psykisk hälsa, dnr S2018/00001/FS" {
				t.Errorf("%s: %+v, %v", tt.name, r, err)
			}
		}
		if bal := f.reqBalances(t, app.ListFilter{PotID: pot.ID, OrgCode: "storsthlm"}); bal[grant.EntryRequisitioned] != joint || joint < 3*money.Mkr {
			t.Errorf("holder's ledger: %v, joint line %s", bal, joint)
		}
	})
}

func TestPaymentIdempotency(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		pot, run := f.reqDecided(t)
		var reqs []grant.Requisition
		for _, org := range []string{"0780", "07"} {
			r, err := f.svc.SubmitRequisition(f.ctx, app.RequisitionInput{PotID: pot.ID, OrgCode: org, Amount: reqLine(t, run, org, allocate.KindRecipient)})
			if err != nil {
				t.Fatal(err)
			}
			if r, err = f.svc.ApproveRequisition(f.ctx, r.ID, r.Version); err != nil {
				t.Fatal(err)
			}
			reqs = append(reqs, r)
		}
		r := reqs[0]
		in := app.PaymentInput{RequisitionID: r.ID, Amount: r.Amount, PaidOn: "2017-03-15", IdempotencyKey: "bank-2017-0042"}
		first, err := f.svc.RecordPayment(f.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		entries := f.reqLedgerCount(t, app.ListFilter{PotID: pot.ID})
		// A retry, even now that the requisition is paid, answers with the first payment.
		again, err := f.svc.RecordPayment(f.ctx, in)
		if err != nil || again != first {
			t.Fatalf("retry: %+v, %v; want %+v", again, err, first)
		}
		if n := f.reqLedgerCount(t, app.ListFilter{PotID: pot.ID}); n != entries {
			t.Errorf("the retry wrote %d ledger entries", n-entries)
		}
		if _, total, _ := f.svc.Payments(f.ctx, app.ListFilter{PotID: pot.ID}); total != 1 {
			t.Errorf("%d payments after a retry", total)
		}
		for _, tt := range []struct {
			name   string
			change func(*app.PaymentInput)
		}{
			{"other amount", func(p *app.PaymentInput) { p.Amount-- }},
			{"other date", func(p *app.PaymentInput) { p.PaidOn = "2017-03-16" }},
			{"other requisition", func(p *app.PaymentInput) { p.RequisitionID, p.Amount = reqs[1].ID, money.Krona }},
		} {
			other := in
			tt.change(&other)
			_, err := f.svc.RecordPayment(f.ctx, other)
			reqWant(t, tt.name, err, grant.ECONFLICT, "idempotency_key")
		}
		if n := f.reqLedgerCount(t, app.ListFilter{PotID: pot.ID}); n != entries {
			t.Errorf("refused reuses wrote %d ledger entries", n-entries)
		}
	})
}
