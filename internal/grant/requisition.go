package grant

import (
	"strings"
	"time"

	"github.com/anslag/anslag/internal/money"
)

// RequisitionStatus is where a requisition (rekvisition) stands.
type RequisitionStatus string

// submitted → approved → paid (when the payments reach the amount), or
// submitted → rejected, which makes the amount requisitionable again.
const (
	ReqSubmitted RequisitionStatus = "submitted"
	ReqApproved  RequisitionStatus = "approved"
	ReqPaid      RequisitionStatus = "paid"
	ReqRejected  RequisitionStatus = "rejected"
)

// Requisition is a recipient's invoice for (part of) its line of a pot's
// decided split. Joint marks the county-joint set-aside line, which only
// the set-aside's holder may requisition.
type Requisition struct {
	ID          int64             `json:"id"`
	PotID       int64             `json:"pot_id"`
	RunID       int64             `json:"run_id"`
	OrgCode     string            `json:"org_code"`
	Joint       bool              `json:"joint"`
	County      string            `json:"county,omitempty"`
	Amount      money.Amount      `json:"amount"`
	Reference   string            `json:"reference"` // "Stimulansmedel för …, dnr …"
	Status      RequisitionStatus `json:"status"`
	Reason      string            `json:"reason,omitempty"` // why it was rejected
	SubmittedAt string            `json:"submitted_at"`
	SubmittedBy string            `json:"submitted_by"`
	DecidedAt   string            `json:"decided_at,omitempty"`
	DecidedBy   string            `json:"decided_by,omitempty"`
	Paid        money.Amount      `json:"paid"` // Σ payments, never above Amount
	Version     int64             `json:"version"`
}

// Outstanding is what remains to be paid on the requisition.
func (r *Requisition) Outstanding() money.Amount { return r.Amount - r.Paid }

// Payment is money paid out against an approved requisition. The
// idempotency key makes a retried recording harmless.
type Payment struct {
	ID             int64        `json:"id"`
	RequisitionID  int64        `json:"requisition_id"`
	Amount         money.Amount `json:"amount"`
	PaidOn         Date         `json:"paid_on"`
	IdempotencyKey string       `json:"idempotency_key"`
	CreatedAt      string       `json:"created_at"`
	CreatedBy      string       `json:"created_by"`
}

// Validate checks a payment's own fields against the service clock: a
// payment is recorded after it is made, so its date is not in the future.
func (p *Payment) Validate(now time.Time) error {
	p.IdempotencyKey = strings.TrimSpace(p.IdempotencyKey)
	switch {
	case p.RequisitionID <= 0:
		return Errorf(EINVALID, "requisition_id", "a requisition is required", "en rekvisition krävs")
	case p.Amount <= 0:
		return Errorf(EINVALID, "amount", "the amount must be positive", "beloppet måste vara positivt")
	case p.IdempotencyKey == "" || len(p.IdempotencyKey) > 200:
		return Errorf(EINVALID, "idempotency_key", "an idempotency key of 1–200 characters is required, so that a retry cannot pay twice",
			"en idempotensnyckel på 1–200 tecken krävs, så att ett nytt försök inte kan betala två gånger")
	}
	return checkPaidOn(p.PaidOn, now)
}

// checkPaidOn checks the date money moved on: required, a date, and not in
// the future, since money is recorded after it has moved.
func checkPaidOn(d Date, now time.Time) error {
	if d == "" {
		return Errorf(EINVALID, "paid_on", "the payment date is required", "betalningsdatum krävs")
	}
	if _, err := ParseDate("paid_on", string(d)); err != nil {
		return err
	}
	if today := now.Format(time.DateOnly); string(d) > today {
		return Errorf(EINVALID, "paid_on", "the payment date %s is in the future (today is %s)", "betalningsdatumet %s ligger i framtiden (i dag är %s)", d, today)
	}
	return nil
}

// SamePayment tells whether a retry asks for the same payment as p, so
// that it may be answered with p instead of paying again.
func (p *Payment) SamePayment(q Payment) bool {
	return p.RequisitionID == q.RequisitionID && p.Amount == q.Amount && p.PaidOn == q.PaidOn
}

// CheckRequisitionAmount checks a requested amount against what is left of
// the line: its amount less every requisition on it that was not rejected.
func CheckRequisitionAmount(amount, remaining money.Amount) error {
	switch {
	case amount <= 0:
		return Errorf(EINVALID, "amount", "the amount must be positive", "beloppet måste vara positivt")
	case amount > remaining:
		return Errorf(EINVALID, "amount", "the amount %s exceeds what remains to requisition on the line, %s",
			"beloppet %s överstiger vad som återstår att rekvirera på raden, %s", amount, remaining)
	}
	return nil
}

// CheckPaymentAmount keeps the payments of a requisition within its
// amount: paid never exceeds approved.
func CheckPaymentAmount(amount money.Amount, r *Requisition) error {
	if amount > r.Outstanding() {
		return Errorf(EINVALID, "amount", "the payment %s exceeds what remains to pay on the requisition, %s",
			"betalningen %s överstiger vad som återstår att betala på rekvisitionen, %s", amount, r.Outstanding())
	}
	return nil
}
