package api_test

import (
	"fmt"
	"testing"

	"github.com/anslag/anslag/internal/api"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// rqPot is a pot whose split is decided, set up through the app.
type rqPot struct {
	agreement grant.Agreement
	pot       grant.Pot
	share     money.Amount // Växjö's (0780) line
}

// rqDecidedPot records the 2017 agreement with the pot "Analys och
// handlingsplaner" (two conditions), splits it and decides the split.
func rqDecidedPot(t *testing.T, e *v1Env) rqPot {
	t.Helper()
	a, err := e.svc.CreateAgreement(e.ctx, grant.Agreement{Year: 2017, Title: "Stöd till riktade insatser inom området psykisk hälsa 2017",
		Dnr: "S2016/07758/FS", Parties: []string{"staten", "skr"}, Total: 885 * money.Mkr, DecisionDate: "2016-12-15"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.svc.CreatePot(e.ctx, grant.Pot{AgreementID: a.ID, Name: "Analys och handlingsplaner", Purpose: "analysarbete och handlingsplaner inom psykisk hälsa",
		Amount: 250 * money.Mkr, Recipients: "principals", PopulationTableID: e.table.ID, ReferenceDate: "2016-11-01",
		Conditions: []grant.Condition{{Kind: grant.CondAnalysis, Title: "Analys", DueDate: "2017-10-31"}, {Kind: grant.CondReport, Title: "Redovisning", DueDate: "2018-01-31"}}})
	if err != nil {
		t.Fatal(err)
	}
	run, err := e.svc.CreateRun(e.ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if run, err = e.svc.DecideRun(e.ctx, run.ID, run.Version); err != nil {
		t.Fatal(err)
	}
	rp := rqPot{agreement: a, pot: p}
	for _, l := range run.Lines {
		if l.Code == "0780" {
			rp.share = l.Amount
		}
	}
	if rp.share <= 0 {
		t.Fatal("0780 has no share")
	}
	return rp
}

// rqPaid requisitions, approves and pays amount to org through the app.
func rqPaid(t *testing.T, e *v1Env, potID int64, org string, amount money.Amount) grant.Requisition {
	t.Helper()
	r, err := e.svc.SubmitRequisition(e.ctx, app.RequisitionInput{PotID: potID, OrgCode: org, Amount: amount})
	if err != nil {
		t.Fatal(err)
	}
	if r, err = e.svc.ApproveRequisition(e.ctx, r.ID, r.Version); err != nil {
		t.Fatal(err)
	}
	if _, err = e.svc.RecordPayment(e.ctx, app.PaymentInput{RequisitionID: r.ID, Amount: amount, PaidOn: "2017-01-31",
		IdempotencyKey: fmt.Sprintf("setup-%d", r.ID)}); err != nil {
		t.Fatal(err)
	}
	return r
}

// rqBad is a request that must be refused with status and field.
type rqBad struct {
	method, path string
	body         any
	status       int
	field        string
	headers      []string
}

// rqRefused sends every request and checks its problem and that nothing
// was written.
func rqRefused(t *testing.T, e *v1Env, cases []rqBad) {
	t.Helper()
	before := e.fingerprint()
	for _, c := range cases {
		r := e.bad(c.method, c.path, c.body, c.headers...)
		if r.Status != c.status {
			t.Errorf("%s %s %s: %d, want %d: %s", c.method, c.path, c.body, r.Status, c.status, r.Body)
			continue
		}
		e.problem(r, c.status, c.field)
	}
	if after := e.fingerprint(); after != before {
		t.Errorf("refused requests changed the database: %v → %v", before, after)
	}
}

func TestV1Requisitions(t *testing.T) {
	eachV1(t, func(t *testing.T, e *v1Env) {
		rp := rqDecidedPot(t, e)
		half := rp.share / 2
		part := half / 4 // of the first payment, and the second requisition
		before := e.fingerprint()
		in := api.RequisitionIn{PotID: rp.pot.ID, OrgCode: "0780", Amount: half}
		r := e.do("POST", "/api/v1/requisitions", in, "Idempotency-Key", "req-1")
		var req api.Requisition
		r.JSON(t, &req)
		if r.Status != 201 || req.Status != "submitted" || req.Amount.Ore != half.Ore() || req.Outstanding.Ore != half.Ore() || r.Header.Get("ETag") != `"v1"` {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		again := e.do("POST", "/api/v1/requisitions", in, "Idempotency-Key", "req-1")
		if again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" || string(again.Body) != string(r.Body) {
			t.Errorf("retry: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after != [2]int{before[0] + 1, before[1] + 1} {
			t.Errorf("one submit and a replay: %v → %v", before, after)
		}
		path := fmt.Sprintf("/api/v1/requisitions/%d", req.ID)
		if r := e.do("GET", path, nil); r.Status != 200 || r.Header.Get("ETag") != `"v1"` {
			t.Errorf("get: %d %s", r.Status, r.Body)
		}
		if r := e.do("GET", path, nil, "If-None-Match", `"v1"`); r.Status != 304 {
			t.Errorf("If-None-Match: %d", r.Status)
		}

		// Approve: If-Match required and checked.
		before = e.fingerprint()
		e.problem(e.bad("POST", path+"/approve", nil), 428, "If-Match")
		e.problem(e.do("POST", path+"/approve", nil, "If-Match", `"v7"`), 412, "")
		if after := e.fingerprint(); after != before {
			t.Errorf("refused approvals wrote: %v → %v", before, after)
		}
		r = e.do("POST", path+"/approve", nil, "If-Match", `"v1"`)
		r.JSON(t, &req)
		if r.Status != 200 || req.Status != "approved" || req.DecidedBy != "handlaggare@example.se" || r.Header.Get("ETag") != `"v2"` {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}

		// Pay in two parts; a retried payment pays once, whether the HTTP
		// layer replays it (header) or the app recognises its key (body).
		before = e.fingerprint()
		pay := api.PaymentIn{Amount: half - part, PaidOn: "2017-01-31"}
		r = e.do("POST", path+"/payments", pay, "Idempotency-Key", "pay-1")
		var p api.Payment
		r.JSON(t, &p)
		if r.Status != 201 || p.IdempotencyKey != "pay-1" || p.Amount.Ore != (half-part).Ore() || p.RequisitionID != req.ID {
			t.Fatalf("pay: %d %s", r.Status, r.Body)
		}
		if again := e.do("POST", path+"/payments", pay, "Idempotency-Key", "pay-1"); again.Status != 201 || again.Header.Get("Idempotent-Replayed") != "true" {
			t.Errorf("replayed payment: %d %s", again.Status, again.Body)
		}
		pay.IdempotencyKey = "pay-1"
		var p2 api.Payment
		again = e.do("POST", path+"/payments", pay)
		if again.JSON(t, &p2); again.Status != 201 || p2.ID != p.ID {
			t.Errorf("payment retried by its body key: %d %s", again.Status, again.Body)
		}
		if after := e.fingerprint(); after[1] != before[1]+1 {
			t.Errorf("a payment and two retries wrote %d ledger entries", after[1]-before[1])
		}
		if r := e.do("POST", path+"/payments", api.PaymentIn{Amount: part, PaidOn: "2017-02-01", IdempotencyKey: "pay-2"}); r.Status != 201 {
			t.Fatalf("second payment: %d %s", r.Status, r.Body)
		}
		r = e.do("GET", path, nil)
		r.JSON(t, &req)
		if req.Status != "paid" || req.Paid.Ore != half.Ore() || req.Outstanding.Ore != 0 || req.Version != 4 {
			t.Errorf("after payments: %s", r.Body)
		}
		var payments api.List[api.Payment]
		r = e.do("GET", path+"/payments?limit=1", nil)
		if r.JSON(t, &payments); r.Status != 200 || total(payments.Total) != 2 || len(payments.Items) != 1 || payments.Next == "" {
			t.Errorf("requisition's payments: %s", r.Body)
		}
		r = e.do("GET", fmt.Sprintf("/api/v1/payments?pot_id=%d&org=0780&year=2017", rp.pot.ID), nil)
		if r.JSON(t, &payments); r.Status != 200 || total(payments.Total) != 2 {
			t.Errorf("payments: %s", r.Body)
		}

		// Reject a second requisition with a reason.
		r = e.do("POST", "/api/v1/requisitions", api.RequisitionIn{PotID: rp.pot.ID, OrgCode: "0780", Amount: part})
		r.JSON(t, &req)
		rejectPath := fmt.Sprintf("/api/v1/requisitions/%d/reject", req.ID)
		e.problem(e.do("POST", rejectPath, api.RejectionIn{Reason: "fel belopp"}, "If-Match", `"v2"`), 412, "")
		r = e.do("POST", rejectPath, api.RejectionIn{Reason: "fel belopp"}, "If-Match", `"v1"`)
		r.JSON(t, &req)
		if r.Status != 200 || req.Status != "rejected" || req.Reason != "fel belopp" {
			t.Fatalf("reject: %d %s", r.Status, r.Body)
		}
		var list api.List[api.Requisition]
		r = e.do("GET", fmt.Sprintf("/api/v1/requisitions?pot_id=%d&agreement_id=%d&org=0780&county=07&status=rejected&year=2017", rp.pot.ID, rp.agreement.ID), nil)
		if r.JSON(t, &list); r.Status != 200 || total(list.Total) != 1 || list.Items[0].ID != req.ID {
			t.Errorf("list: %s", r.Body)
		}
		// As of a day before anything was submitted, there was nothing;
		// as of the clock's day, the same rejected requisition.
		for _, tt := range []struct {
			asOf string
			want int
		}{{"2016-12-31", 0}, {v1Clock.Format("2006-01-02"), 1}} {
			r = e.do("GET", "/api/v1/requisitions?org=0780&status=rejected&as_of="+tt.asOf, nil)
			if r.JSON(t, &list); r.Status != 200 || total(list.Total) != tt.want || (tt.want == 1 && list.Items[0].Status != "rejected") {
				t.Errorf("as of %s: %s", tt.asOf, r.Body)
			}
		}

		paid := path
		rqRefused(t, e, []rqBad{
			{"GET", "/api/v1/requisitions?status=lost", nil, 400, "status", nil},
			{"GET", "/api/v1/requisitions?pot_id=x", nil, 400, "pot_id", nil},
			{"GET", "/api/v1/requisitions?as_of=2017-13-01", nil, 400, "as_of", nil},
			{"GET", "/api/v1/requisitions/999999", nil, 404, "", nil},
			{"GET", "/api/v1/requisitions/x", nil, 400, "id", nil},
			{"POST", "/api/v1/requisitions", []byte(`{`), 400, "", nil},
			{"POST", "/api/v1/requisitions", []byte(`{"pot_id": 1, "org_code": "0780", "amount": 1, "colour": "red"}`), 400, "colour", nil},
			{"POST", "/api/v1/requisitions", []byte(`{"pot_id": 1, "org_code": "0780", "amount": "1 kr"}`), 400, "amount", nil},
			{"POST", "/api/v1/requisitions", api.RequisitionIn{PotID: rp.pot.ID, OrgCode: "0780", Amount: rp.share}, 400, "amount", nil},
			{"POST", "/api/v1/requisitions", api.RequisitionIn{PotID: 999999, OrgCode: "0780", Amount: 1}, 400, "pot_id", nil},
			{"POST", "/api/v1/requisitions/999999/approve", nil, 404, "", []string{"If-Match", `"v1"`}},
			{"POST", paid + "/approve", nil, 409, "", []string{"If-Match", `"v4"`}},
			{"POST", rejectPath, api.RejectionIn{Reason: " "}, 400, "reason", []string{"If-Match", `"v2"`}},
			{"POST", rejectPath, []byte(`{"reason": 7}`), 400, "reason", []string{"If-Match", `"v2"`}},
			{"POST", rejectPath, api.RejectionIn{Reason: "x"}, 428, "If-Match", nil},
			{"POST", "/api/v1/requisitions/999999/payments", api.PaymentIn{Amount: 1, PaidOn: "2017-01-31", IdempotencyKey: "k"}, 404, "", nil},
			{"POST", paid + "/payments", api.PaymentIn{Amount: 1, PaidOn: "2017-01-31"}, 400, "idempotency_key", nil},
			{"POST", paid + "/payments", api.PaymentIn{Amount: 1, PaidOn: "2017-01-31", IdempotencyKey: "a"}, 400, "idempotency_key", []string{"Idempotency-Key", "b"}},
			{"POST", paid + "/payments", api.PaymentIn{Amount: 1, PaidOn: "2017-02-02", IdempotencyKey: "k"}, 400, "paid_on", nil},
			{"POST", paid + "/payments", api.PaymentIn{Amount: 1, PaidOn: "2017-13-01", IdempotencyKey: "k"}, 400, "paid_on", nil},
			{"POST", paid + "/payments", []byte(`{"amount": 1.5, "paid_on": "2017-01-31", "idempotency_key": "k"}`), 400, "amount", nil},
			{"POST", paid + "/payments", api.PaymentIn{Amount: 1, PaidOn: "2017-01-31", IdempotencyKey: "k"}, 409, "", nil}, // paid in full
			{"POST", paid + "/payments", api.PaymentIn{Amount: 1, PaidOn: "2017-01-31", IdempotencyKey: "pay-1"}, 409, "idempotency_key", nil},
			{"GET", "/api/v1/requisitions/999999/payments", nil, 404, "", nil},
			{"GET", "/api/v1/payments?year=next", nil, 400, "year", nil},
		})
	})
}
