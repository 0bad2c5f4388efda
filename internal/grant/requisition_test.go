package grant

import (
	"testing"
	"time"

	"github.com/anslag/anslag/internal/money"
)

func TestPaymentValidate(t *testing.T) {
	now := time.Date(2017, 6, 1, 23, 0, 0, 0, time.UTC)
	ok := Payment{RequisitionID: 1, Amount: money.Krona, PaidOn: "2017-06-01", IdempotencyKey: " k "}
	tests := []struct {
		change func(*Payment)
		field  string
	}{
		{func(*Payment) {}, ""},
		{func(p *Payment) { p.RequisitionID = 0 }, "requisition_id"},
		{func(p *Payment) { p.Amount = 0 }, "amount"},
		{func(p *Payment) { p.Amount = -1 }, "amount"},
		{func(p *Payment) { p.IdempotencyKey = "  " }, "idempotency_key"},
		{func(p *Payment) { p.PaidOn = "" }, "paid_on"},
		{func(p *Payment) { p.PaidOn = "2017-02-30" }, "paid_on"},
		{func(p *Payment) { p.PaidOn = "2017-06-02" }, "paid_on"}, // tomorrow
	}
	for i, tt := range tests {
		p := ok
		tt.change(&p)
		err := p.Validate(now)
		var field string
		if e, isErr := err.(*Error); isErr {
			field = e.Field
		}
		if field != tt.field || (tt.field == "") != (err == nil) {
			t.Errorf("case %d: error %v, want field %q", i, err, tt.field)
		}
		if err == nil && p.IdempotencyKey != "k" {
			t.Errorf("case %d: key %q not trimmed", i, p.IdempotencyKey)
		}
	}
}

func TestRequisitionAmounts(t *testing.T) {
	tests := []struct {
		amount, remaining money.Amount
		ok                bool
	}{
		{1, 1, true},
		{100, 101, true},
		{0, 100, false},
		{-1, 100, false},
		{101, 100, false},
		{1, 0, false},
	}
	for _, tt := range tests {
		if err := CheckRequisitionAmount(tt.amount, tt.remaining); (err == nil) != tt.ok || (err != nil && ErrorCode(err) != EINVALID) {
			t.Errorf("requisition %d of %d: %v", tt.amount, tt.remaining, err)
		}
		r := Requisition{Amount: 1000, Paid: 1000 - tt.remaining}
		if err := CheckPaymentAmount(tt.amount, &r); tt.amount > 0 && (err == nil) != tt.ok {
			t.Errorf("payment %d of %d outstanding: %v", tt.amount, r.Outstanding(), err)
		}
	}
}
