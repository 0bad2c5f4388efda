package app_test

import (
	"strings"
	"testing"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

func TestFollowUpReportRefusals(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		fp := followupDecide(t, f)
		paid := fp.share
		followupPay(t, f, fp.pot, "0780", paid)
		p := fp.pot.ID
		tests := []struct {
			name        string
			in          app.ReportInput
			code, field string
			mentions    string // the English message names this
		}{
			{"used + unused below paid", app.ReportInput{PotID: p, OrgCode: "0780", Used: paid - money.Mkr, Unused: 0}, grant.EINVALID, "unused", paid.String()},
			{"used + unused above paid", app.ReportInput{PotID: p, OrgCode: "0780", Used: paid, Unused: money.Krona}, grant.EINVALID, "unused", paid.String()},
			{"used above paid", app.ReportInput{PotID: p, OrgCode: "0780", Used: paid + money.Ore}, grant.EINVALID, "used", paid.String()},
			{"negative used", app.ReportInput{PotID: p, OrgCode: "0780", Used: -money.Krona, Unused: paid + money.Krona}, grant.EINVALID, "used", ""},
			{"negative unused", app.ReportInput{PotID: p, OrgCode: "0780", Used: paid + money.Krona, Unused: -money.Krona}, grant.EINVALID, "unused", ""},
			{"overflowing sum", app.ReportInput{PotID: p, OrgCode: "0780", Used: money.MaxAmount, Unused: money.MaxAmount}, grant.EINVALID, "used", ""},
			{"not a recipient", app.ReportInput{PotID: p, OrgCode: "skr", Used: paid}, grant.EINVALID, "org_code", ""},
			{"no such pot", app.ReportInput{PotID: 999999, OrgCode: "0780", Used: paid}, grant.EINVALID, "pot_id", ""},
			{"nothing paid yet", app.ReportInput{PotID: p, OrgCode: "0760", Used: 0}, grant.ECONFLICT, "", ""},
			{"undecided pot", app.ReportInput{PotID: fp.pots["Unga"].ID, OrgCode: "07", Used: 0}, grant.ECONFLICT, "", ""},
		}
		for _, tt := range tests {
			_, err := f.svc.SubmitReport(f.ctx, tt.in)
			c, field := followupField(err)
			if c != tt.code || field != tt.field || !strings.Contains(errText(err), tt.mentions) {
				t.Errorf("%s: %v (%s, %q), want %s %q naming %q", tt.name, err, c, field, tt.code, tt.field, tt.mentions)
			}
		}
		// Nothing of the refused reports reached the ledger.
		if bal := followupBalances(t, f, p, "0780"); len(bal) != 2 || bal[grant.EntryPaid] != paid {
			t.Errorf("ledger after refusals: %v", bal)
		}
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestFollowUpReportClaimAndRepayments(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		fp := followupDecide(t, f)
		p := fp.pot.ID
		// Paid in two instalments; the report must account for both.
		followupPay(t, f, fp.pot, "0780", fp.share-money.Mkr)
		followupPay(t, f, fp.pot, "0780", money.Mkr)
		unused := 100_000 * money.Krona
		r, err := f.svc.SubmitReport(f.ctx, app.ReportInput{PotID: p, OrgCode: "0780", Used: fp.share - unused, Unused: unused, Comment: "Resten återbetalas"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Paid != fp.share || r.ClaimID == 0 || r.SubmittedBy != "admin@example.se" {
			t.Fatalf("report: %+v", r)
		}
		if _, err := f.svc.SubmitReport(f.ctx, app.ReportInput{PotID: p, OrgCode: "0780", Used: fp.share}); code(err) != grant.ECONFLICT {
			t.Errorf("second report: %v", err)
		}
		bal := followupBalances(t, f, p, "0780")
		if bal[grant.EntryUsed] != fp.share-unused || bal[grant.EntryUnused] != unused || bal[grant.EntryClaimed] != unused {
			t.Fatalf("ledger after report: %v", bal)
		}

		claim, err := f.svc.Claim(f.ctx, r.ClaimID)
		if err != nil || claim.Amount != unused || claim.Status != grant.ClaimOpen || claim.Outstanding() != unused {
			t.Fatalf("claim: %+v, %v", claim, err)
		}
		pay := func(amount money.Amount, key string) (grant.Repayment, error) {
			return f.svc.RecordRepayment(f.ctx, app.RepaymentInput{ClaimID: claim.ID, Amount: amount, PaidOn: "2018-02-15", IdempotencyKey: key})
		}
		late := followupAt(t, f, "2018-03-01") // repayments come after the report, in 2018
		payLate := func(amount money.Amount, key string) (grant.Repayment, error) {
			return late.RecordRepayment(f.ctx, app.RepaymentInput{ClaimID: claim.ID, Amount: amount, PaidOn: "2018-02-15", IdempotencyKey: key})
		}
		// On the fixture's clock (1 June 2017) a payment in 2018 is in the future.
		if _, err := pay(money.Krona, ""); code(err) != grant.EINVALID {
			t.Errorf("repayment dated in the future: %v", err)
		}
		first, err := payLate(40_000*money.Krona, "bg-2018-0001")
		if err != nil {
			t.Fatal(err)
		}
		// A retry with the same key and content returns the first repayment.
		retry, err := payLate(40_000*money.Krona, "bg-2018-0001")
		if err != nil || retry.ID != first.ID {
			t.Fatalf("idempotent retry: %+v, %v (first %d)", retry, err, first.ID)
		}
		// The same key with other content is a conflict.
		if _, err := payLate(50_000*money.Krona, "bg-2018-0001"); code(err) != grant.ECONFLICT {
			t.Errorf("same key, other amount: %v", err)
		}
		// More than the 60 000 kr outstanding is refused, naming the amount.
		if _, err := payLate(60_000*money.Krona+money.Ore, "bg-2018-0002"); code(err) != grant.EINVALID || !strings.HasPrefix(errText(err), "amount:") {
			t.Errorf("over-repayment: %v", err)
		}
		c, _ := late.Claim(f.ctx, claim.ID)
		if c.Status != grant.ClaimOpen || c.Repaid != 40_000*money.Krona || len(c.Repayments) != 1 {
			t.Fatalf("claim after partial repayment: %+v", c)
		}
		// The rest settles the claim.
		if _, err := payLate(60_000*money.Krona, "bg-2018-0002"); err != nil {
			t.Fatal(err)
		}
		c, _ = late.Claim(f.ctx, claim.ID)
		if c.Status != grant.ClaimSettled || c.Outstanding() != 0 || c.SettledAt == "" || c.Version != claim.Version+1 {
			t.Fatalf("settled claim: %+v", c)
		}
		// A retry of the settling payment still answers; a new one is over-repayment.
		if again, err := payLate(60_000*money.Krona, "bg-2018-0002"); err != nil || again.ClaimID != claim.ID {
			t.Errorf("retry after settlement: %+v, %v", again, err)
		}
		if _, err := payLate(money.Ore, ""); code(err) != grant.EINVALID {
			t.Errorf("repay a settled claim: %v", err)
		}
		if bal := followupBalances(t, f, p, "0780"); bal[grant.EntryRepaid] != unused {
			t.Errorf("repaid in the ledger: %v", bal)
		}

		// A second recipient uses everything: no claim.
		followupPay(t, f, fp.pot, "0760", 500_000*money.Krona)
		full, err := f.svc.SubmitReport(f.ctx, app.ReportInput{PotID: p, OrgCode: "0760", Used: 500_000 * money.Krona})
		if err != nil || full.ClaimID != 0 {
			t.Fatalf("full use: %+v, %v", full, err)
		}

		// Lists with totals, by pot, organisation and year.
		reports, rsum, err := f.svc.Reports(f.ctx, app.ListFilter{Year: 2017})
		if err != nil || len(reports) != 2 || rsum.Count != 2 || rsum.Unused != unused || rsum.Paid != fp.share+500_000*money.Krona {
			t.Fatalf("reports: %+v %+v, %v", reports, rsum, err)
		}
		if one, rsum, _ := f.svc.Reports(f.ctx, app.ListFilter{PotID: p, OrgCode: "0760"}); len(one) != 1 || rsum.Used != 500_000*money.Krona {
			t.Errorf("reports of 0760: %+v %+v", one, rsum)
		}
		if none, rsum, _ := f.svc.Reports(f.ctx, app.ListFilter{Year: 2018}); len(none) != 0 || rsum.Count != 0 {
			t.Errorf("reports of 2018: %+v %+v", none, rsum)
		}
		claims, csum, err := f.svc.Claims(f.ctx, app.ListFilter{Year: 2017, OrgCode: "0780"})
		if err != nil || len(claims) != 1 || csum.Claimed != unused || csum.Repaid != unused || csum.Outstanding != 0 {
			t.Fatalf("claims: %+v %+v, %v", claims, csum, err)
		}
		if open, csum, _ := f.svc.Claims(f.ctx, app.ListFilter{Status: "open"}); len(open) != 0 || csum.Count != 0 {
			t.Errorf("open claims: %+v %+v", open, csum)
		}

		// Every write is audited: two reports, one claim created and settled, two repayments.
		counts := map[string]int{}
		for _, entity := range []string{"use_report", "repayment_claim", "repayment"} {
			err := f.db.Read(f.ctx, func(tx app.Tx) (err error) {
				_, counts[entity], err = tx.ListAudit(f.ctx, app.AuditFilter{Entity: entity})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if counts["use_report"] != 2 || counts["repayment_claim"] != 2 || counts["repayment"] != 2 {
			t.Errorf("audit: %v", counts)
		}
	})
}

func TestFollowUpRepaymentValidation(t *testing.T) {
	tests := []struct {
		name  string
		r     grant.Repayment
		field string
	}{
		{"zero", grant.Repayment{Amount: 0, PaidOn: "2017-05-01"}, "amount"},
		{"negative", grant.Repayment{Amount: -money.Krona, PaidOn: "2017-05-01"}, "amount"},
		{"no date", grant.Repayment{Amount: money.Krona}, "paid_on"},
		{"bad date", grant.Repayment{Amount: money.Krona, PaidOn: "2017-02-30"}, "paid_on"},
		{"future", grant.Repayment{Amount: money.Krona, PaidOn: "2017-06-02"}, "paid_on"},
		{"long key", grant.Repayment{Amount: money.Krona, PaidOn: "2017-05-01", IdempotencyKey: strings.Repeat("k", 201)}, "idempotency_key"},
		{"fine", grant.Repayment{Amount: money.Krona, PaidOn: "2017-06-01", IdempotencyKey: " k "}, ""},
	}
	for _, tt := range tests {
		err := tt.r.Validate(fixedNow)
		if _, field := followupField(err); field != tt.field || (err == nil) != (tt.field == "") {
			t.Errorf("%s: %v, want field %q", tt.name, err, tt.field)
		}
	}
}

// Concurrent repayments queue on the pot's lock: together they never exceed
// the claim, and concurrent retries of one key record it once.
func TestFollowUpConcurrentRepayments(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		fp := followupDecide(t, f)
		followupPay(t, f, fp.pot, "0780", fp.share)
		unused := 100_000 * money.Krona
		r, err := f.svc.SubmitReport(f.ctx, app.ReportInput{PotID: fp.pot.ID, OrgCode: "0780", Used: fp.share - unused, Unused: unused})
		if err != nil {
			t.Fatal(err)
		}
		late := followupAt(t, f, "2018-03-01")
		// pay runs n repayments of 20 000 kr at once, under key (none if "").
		pay := func(n int, key string) (ids map[int64]bool, refused int) {
			errs, reps := make(chan error, n), make(chan grant.Repayment, n)
			for range n {
				go func() {
					rep, err := late.RecordRepayment(f.ctx, app.RepaymentInput{ClaimID: r.ClaimID, Amount: 20_000 * money.Krona, PaidOn: "2018-02-01", IdempotencyKey: key})
					if err != nil {
						errs <- err
						return
					}
					reps <- rep
				}()
			}
			ids = map[int64]bool{}
			for range n {
				select {
				case err := <-errs:
					if code(err) != grant.EINVALID {
						t.Errorf("unexpected error: %v", err)
					}
					refused++
				case rep := <-reps:
					ids[rep.ID] = true
				}
			}
			return ids, refused
		}
		// Eight retries of one keyed repayment record it once.
		if ids, refused := pay(8, "bg-same"); len(ids) != 1 || refused != 0 {
			t.Errorf("keyed retries: %d repayments, %d refused", len(ids), refused)
		}
		// Eight more of 20 000 kr: only four fit in the 80 000 kr left.
		if ids, refused := pay(8, ""); len(ids) != 4 || refused != 4 {
			t.Errorf("concurrent repayments: %d recorded, %d refused", len(ids), refused)
		}
		c, err := late.Claim(f.ctx, r.ClaimID)
		if err != nil || c.Repaid != unused || c.Status != grant.ClaimSettled || len(c.Repayments) != 5 {
			t.Fatalf("claim after concurrent repayments: repaid %s, %s, %d repayments, %v", c.Repaid, c.Status, len(c.Repayments), err)
		}
		if bal := followupBalances(t, f, fp.pot.ID, "0780"); bal[grant.EntryRepaid] != unused {
			t.Errorf("ledger repaid %s, claimed %s", bal[grant.EntryRepaid], unused)
		}
	})
}
