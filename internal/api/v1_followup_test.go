package api_test

import (
	"fmt"
	"testing"

	"github.com/anslag/anslag/internal/api"
)

func TestV1Conditions(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		rp := rqDecidedPot(t, e)
		cond := rp.pot.Conditions[0].ID
		board := fmt.Sprintf("/api/v1/condition-statuses?pot_id=%d&org=0780", rp.pot.ID)
		var cells api.List[api.ConditionStatus]
		r := e.do("GET", board, nil)
		if r.JSON(t, &cells); r.Status != 200 || total(cells.Total) != 2 || cells.Items[0].Status != "not_submitted" || cells.Items[0].Version != 0 || cells.Items[0].OrgName != "Växjö kommun" {
			t.Fatalf("board: %d %s", r.Status, r.Body)
		}

		submit := fmt.Sprintf("/api/v1/conditions/%d/fulfilments", cond)
		before := e.fingerprint()
		in := api.FulfilmentIn{OrgCode: "0780", Document: "Dnr 2017/123"}
		r = e.do("POST", submit, in, "Idempotency-Key", "analys-0780")
		var f api.Fulfilment
		if r.JSON(t, &f); r.Status != 200 || f.Status != "submitted" || f.Version != 1 || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		if again := e.do("POST", submit, in, "Idempotency-Key", "analys-0780"); again.Status != 200 || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[0] != before[0]+1 {
			t.Errorf("a submission and a replay wrote %d audit entries", after[0]-before[0])
		}

		// Reject, submit again, approve; each decision needs the current version.
		decide := fmt.Sprintf("/api/v1/conditions/%d/fulfilments/0780/", cond)
		before = e.fingerprint()
		e.problem(e.bad("POST", decide+"approve", nil), 428, "If-Match")
		e.problem(e.do("POST", decide+"approve", nil, "If-Match", `"v9"`), 412, "")
		if after := e.fingerprint(); after != before {
			t.Errorf("refused approvals wrote: %v → %v", before, after)
		}
		r = e.do("POST", decide+"reject", api.RejectionIn{Reason: "Analysen saknar bilaga"}, "If-Match", `"v1"`)
		if r.JSON(t, &f); r.Status != 200 || f.Status != "rejected" || f.Reason != "Analysen saknar bilaga" || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("reject: %d %s", r.Status, r.Body)
		}
		r = e.do("POST", submit, api.FulfilmentIn{OrgCode: "0780", Document: "Dnr 2017/124"})
		f = api.Fulfilment{}
		if r.JSON(t, &f); r.Status != 200 || f.Status != "submitted" || f.Version != 3 || f.Reason != "" {
			t.Fatalf("submit again: %d %s", r.Status, r.Body)
		}
		r = e.do("POST", decide+"approve", nil, "If-Match", `"v3"`)
		if r.JSON(t, &f); r.Status != 200 || f.Status != "approved" || f.DecidedBy != "handlaggare@example.se" {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		r = e.do("GET", board+"&status=approved&kind=analysis&year=2017&county=07", nil)
		if r.JSON(t, &cells); r.Status != 200 || total(cells.Total) != 1 || cells.Items[0].Version != 4 || cells.Items[0].Overdue {
			t.Errorf("approved: %s", r.Body)
		}

		rqRefused(t, e, []rqBad{
			{"POST", "/api/v1/conditions/999999/fulfilments", in, 404, "", nil},
			{"POST", "/api/v1/conditions/x/fulfilments", in, 400, "id", nil},
			{"POST", submit, api.FulfilmentIn{OrgCode: "skr", Document: "x"}, 400, "org_code", nil},
			{"POST", submit, api.FulfilmentIn{OrgCode: "0780", Document: " "}, 400, "document", nil},
			{"POST", submit, []byte(`{"document": "x"}`), 400, "org_code", nil},
			{"POST", submit, []byte(`{"org_code": "0780", "document": ["x"]}`), 400, "document", nil},
			{"POST", submit, []byte(`{"org_code": "0780", "document": "x", "signed": true}`), 400, "signed", nil},
			{"POST", submit, in, 409, "", nil}, // approved already
			{"POST", decide + "approve", nil, 409, "", []string{"If-Match", `"v4"`}},
			{"POST", fmt.Sprintf("/api/v1/conditions/%d/fulfilments/9999/approve", cond), nil, 404, "", []string{"If-Match", `"v1"`}},
			{"POST", fmt.Sprintf("/api/v1/conditions/%d/fulfilments/0760/approve", cond), nil, 409, "", []string{"If-Match", `"v1"`}}, // nothing submitted
			{"POST", decide + "reject", api.RejectionIn{}, 400, "reason", []string{"If-Match", `"v4"`}},
			{"POST", decide + "reject", []byte(`{`), 400, "", []string{"If-Match", `"v4"`}},
			{"GET", "/api/v1/condition-statuses?status=late", nil, 400, "status", nil},
			{"GET", "/api/v1/condition-statuses?kind=essay", nil, 400, "kind", nil},
		})
	})
}

func TestV1ReportsAndClaims(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		rp := rqDecidedPot(t, e)
		rqPaid(t, e, rp.pot.ID, "0780", rp.share)
		unused := rp.share / 10
		before := e.fingerprint()
		in := api.UseReportIn{PotID: rp.pot.ID, OrgCode: "0780", Used: rp.share - unused, Unused: unused, Comment: "Resten återbetalas"}
		r := e.do("POST", "/api/v1/reports", in, "Idempotency-Key", "report-0780")
		var rep api.UseReport
		if r.JSON(t, &rep); r.Status != 201 || rep.Paid.Ore != rp.share.Ore() || rep.ClaimID == 0 || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("report: %d %s", r.Status, r.Body)
		}
		if again := e.do("POST", "/api/v1/reports", in, "Idempotency-Key", "report-0780"); again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[1] != before[1]+3 { // used, unused, claimed
			t.Errorf("a report and a replay wrote %d ledger entries", after[1]-before[1])
		}
		path := fmt.Sprintf("/api/v1/reports/%d", rep.ID)
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}
		var reports api.UseReportPage
		r = e.do("GET", fmt.Sprintf("/api/v1/reports?pot_id=%d&agreement_id=%d&org=0780&county=07&year=2017", rp.pot.ID, rp.agreement.ID), nil)
		if r.JSON(t, &reports); r.Status != 200 || reports.Total != 1 || reports.Totals.Unused.Ore != unused.Ore() || reports.Totals.Paid.Ore != rp.share.Ore() {
			t.Errorf("reports: %s", r.Body)
		}

		// Repay the claim in two parts; a retried repayment books once.
		claim := fmt.Sprintf("/api/v1/claims/%d", rep.ClaimID)
		var c api.Claim
		r = e.do("GET", claim, nil)
		if r.JSON(t, &c); r.Status != 200 || c.Status != "open" || c.Outstanding.Ore != unused.Ore() || len(c.Repayments) != 0 {
			t.Fatalf("claim: %s", r.Body)
		}
		before = e.fingerprint()
		pay := api.RepaymentIn{Amount: unused / 2, PaidOn: "2017-02-01"}
		r = e.do("POST", claim+"/repayments", pay, "Idempotency-Key", "repay-1")
		var y api.Repayment
		if r.JSON(t, &y); r.Status != 201 || y.IdempotencyKey != "repay-1" || y.Amount.Ore != (unused/2).Ore() {
			t.Fatalf("repay: %d %s", r.Status, r.Body)
		}
		if again := e.do("POST", claim+"/repayments", pay, "Idempotency-Key", "repay-1"); again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replay: %d %s", again.Status, again.Body)
		}
		pay.IdempotencyKey = "repay-1"
		if again := e.do("POST", claim+"/repayments", pay); again.Status != 201 {
			t.Errorf("retry by body key: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[1] != before[1]+1 {
			t.Errorf("a repayment and two retries wrote %d ledger entries", after[1]-before[1])
		}
		if r := e.do("POST", claim+"/repayments", api.RepaymentIn{Amount: unused - unused/2, PaidOn: "2017-02-01", IdempotencyKey: "repay-2"}); r.Status != 201 {
			t.Fatalf("second repayment: %d %s", r.Status, r.Body)
		}
		r = e.do("GET", claim, nil)
		if r.JSON(t, &c); c.Status != "settled" || c.Outstanding.Ore != 0 || len(c.Repayments) != 2 || c.SettledAt == "" {
			t.Errorf("settled claim: %s", r.Body)
		}
		var claims api.ClaimPage
		r = e.do("GET", fmt.Sprintf("/api/v1/claims?pot_id=%d&org=0780&status=settled&year=2017", rp.pot.ID), nil)
		if r.JSON(t, &claims); r.Status != 200 || claims.Total != 1 || claims.Totals.Repaid.Ore != unused.Ore() || claims.Totals.Outstanding.Ore != 0 {
			t.Errorf("claims: %s", r.Body)
		}

		rqRefused(t, e, []rqBad{
			{"POST", "/api/v1/reports", in, 409, "", nil},                                                          // reported already
			{"POST", "/api/v1/reports", api.UseReportIn{PotID: rp.pot.ID, OrgCode: "0760", Used: 1}, 409, "", nil}, // nothing paid
			{"POST", "/api/v1/reports", api.UseReportIn{PotID: 999999, OrgCode: "0780", Used: 1}, 400, "pot_id", nil},
			{"POST", "/api/v1/reports", api.UseReportIn{PotID: rp.pot.ID, OrgCode: "0780", Used: -1}, 400, "used", nil},
			{"POST", "/api/v1/reports", []byte(`{"pot_id": "one", "org_code": "0780", "used": 0, "unused": 0}`), 400, "pot_id", nil},
			{"POST", "/api/v1/reports", []byte(`{"pot_id": 1, "org_code": "0780", "used": 0, "unused": 0, "paid": 0}`), 400, "paid", nil},
			{"GET", "/api/v1/reports/999999", nil, 404, "", nil},
			{"GET", "/api/v1/reports?limit=0", nil, 400, "limit", nil},
			{"GET", "/api/v1/claims/999999", nil, 404, "", nil},
			{"GET", "/api/v1/claims?status=closed", nil, 400, "status", nil},
			{"POST", "/api/v1/claims/999999/repayments", api.RepaymentIn{Amount: 1, PaidOn: "2017-02-01", IdempotencyKey: "k"}, 404, "", nil},
			{"POST", claim + "/repayments", api.RepaymentIn{Amount: 1, PaidOn: "2017-02-01"}, 400, "idempotency_key", nil},
			{"POST", claim + "/repayments", api.RepaymentIn{Amount: 1, PaidOn: "2017-02-02", IdempotencyKey: "k"}, 400, "paid_on", nil},
			{"POST", claim + "/repayments", api.RepaymentIn{Amount: 0, PaidOn: "2017-02-01", IdempotencyKey: "k"}, 400, "amount", nil},
			{"POST", claim + "/repayments", api.RepaymentIn{Amount: 1, PaidOn: "2017-02-01", IdempotencyKey: "k"}, 400, "amount", nil}, // settled: nothing outstanding
			{"POST", claim + "/repayments", []byte(`{"amount": 1, "paid_on": "2017-02-01", "idempotency_key": "k", "note": "x"}`), 400, "note", nil},
		})
	})
}
