package grant

import (
	"strings"
	"time"

	"github.com/anslag/anslag/internal/money"
)

// FulfilmentStatus is where a recipient stands with one condition.
type FulfilmentStatus string

// A condition starts not submitted; a rejected one may be submitted again.
// An approved one is final.
const (
	FulfilNotSubmitted FulfilmentStatus = "not_submitted"
	FulfilSubmitted    FulfilmentStatus = "submitted"
	FulfilApproved     FulfilmentStatus = "approved"
	FulfilRejected     FulfilmentStatus = "rejected"
)

// Overdue tells whether a condition due on due is overdue on the day of now.
//
// The rule: the due date has passed and nothing is awaiting review or
// approved — the status is not_submitted or rejected. A document handed in
// late stops being overdue (the recipient has acted; the wait is the
// administrator's), though ConditionStatus.Late keeps the fact that it was late.
func Overdue(due Date, status FulfilmentStatus, now time.Time) bool {
	return due.Before(now) && (status == FulfilNotSubmitted || status == FulfilRejected)
}

// Fulfilment is a recipient's answer to one condition: the document it
// handed in and the administrator's decision. No row means not submitted.
type Fulfilment struct {
	ID          int64            `json:"id"`
	ConditionID int64            `json:"condition_id"`
	OrgCode     string           `json:"org_code"`
	Status      FulfilmentStatus `json:"status"`
	Document    string           `json:"document"` // a reference (dnr, URL) or the text itself
	SubmittedAt string           `json:"submitted_at"`
	SubmittedBy string           `json:"submitted_by"`
	DecidedAt   string           `json:"decided_at,omitempty"`
	DecidedBy   string           `json:"decided_by,omitempty"`
	Reason      string           `json:"reason,omitempty"` // why it was rejected
	Version     int64            `json:"version"`
}

// maxDocument bounds a submitted text so that a paste of a whole report
// fits but a runaway upload does not.
const maxDocument = 100_000

// CheckDocument trims and checks what a recipient hands in for a condition.
func CheckDocument(doc string) (string, error) {
	doc = strings.TrimSpace(doc)
	switch {
	case doc == "":
		return "", Errorf(EINVALID, "document", "a document reference or text is required", "en hänvisning till ett dokument eller en text krävs")
	case len(doc) > maxDocument:
		return "", Errorf(EINVALID, "document", "the document is longer than %d bytes; give a reference instead", "dokumentet är längre än %d byte; ange en hänvisning i stället", maxDocument)
	}
	return doc, nil
}

// ConditionStatus is one cell of the requirements board: a condition of a
// pot for one recipient of its decided run.
type ConditionStatus struct {
	ConditionID int64            `json:"condition_id"`
	PotID       int64            `json:"pot_id"`
	AgreementID int64            `json:"agreement_id"`
	Kind        ConditionKind    `json:"kind"`
	Title       string           `json:"title"`
	DueDate     Date             `json:"due_date"`
	OrgCode     string           `json:"org_code"`
	OrgName     string           `json:"org_name"`
	Status      FulfilmentStatus `json:"status"`
	SubmittedAt string           `json:"submitted_at,omitempty"`
	Reason      string           `json:"reason,omitempty"`
	Version     int64            `json:"version"` // of the fulfilment; 0 when not submitted
	Overdue     bool             `json:"overdue"` // see Overdue
	Late        bool             `json:"late"`    // submitted after the due date
}

// UseReport is a recipient's report of use (redovisning) of one pot: of
// what was paid, how much was used and how much was not.
type UseReport struct {
	ID          int64        `json:"id"`
	PotID       int64        `json:"pot_id"`
	AgreementID int64        `json:"agreement_id"`
	OrgCode     string       `json:"org_code"`
	Paid        money.Amount `json:"paid"` // Σ paid ledger entries when reported; Used + Unused
	Used        money.Amount `json:"used"`
	Unused      money.Amount `json:"unused"`
	Comment     string       `json:"comment,omitempty"`
	ClaimID     int64        `json:"claim_id,omitempty"` // the repayment claim for Unused, if any
	SubmittedAt string       `json:"submitted_at"`
	SubmittedBy string       `json:"submitted_by"`
	Version     int64        `json:"version"`
}

// Validate checks a report's own fields, before anything is read.
func (r *UseReport) Validate() error {
	r.OrgCode, r.Comment = strings.TrimSpace(r.OrgCode), strings.TrimSpace(r.Comment)
	switch {
	case r.OrgCode == "":
		return Errorf(EINVALID, "org_code", "an organisation is required", "en organisation krävs")
	case r.Used < 0:
		return Errorf(EINVALID, "used", "the amount used cannot be negative", "använt belopp kan inte vara negativt")
	case r.Unused < 0:
		return Errorf(EINVALID, "unused", "the amount not used cannot be negative", "oanvänt belopp kan inte vara negativt")
	case len(r.Comment) > maxDocument:
		return Errorf(EINVALID, "comment", "the comment is longer than %d bytes", "kommentaren är längre än %d byte", maxDocument)
	}
	return nil
}

// CheckAmounts checks a report's amounts against what was paid. The field
// named is the one to correct: used when it alone exceeds paid, else unused.
func (r *UseReport) CheckAmounts(paid money.Amount) error {
	if err := r.Validate(); err != nil {
		return err
	}
	switch {
	case r.Used > paid:
		return Errorf(EINVALID, "used", "used %s is more than the %s paid", "använt %s är mer än utbetalda %s", r.Used, paid)
	case r.Unused != paid-r.Used: // no overflow: 0 ≤ Used ≤ paid
		return Errorf(EINVALID, "unused", "used %s and unused %s must add up to the %s paid; unused should be %s",
			"använt %s och oanvänt %s måste summera till utbetalda %s; oanvänt ska vara %s", r.Used, r.Unused, paid, paid-r.Used)
	}
	return nil
}

// ClaimStatus is where a repayment claim stands.
type ClaimStatus string

// A claim is open until repayments cover it exactly.
const (
	ClaimOpen    ClaimStatus = "open"
	ClaimSettled ClaimStatus = "settled"
)

// RepaymentClaim (återkrav) asks a recipient to pay back what it reported
// as unused.
type RepaymentClaim struct {
	ID          int64        `json:"id"`
	ReportID    int64        `json:"report_id"`
	PotID       int64        `json:"pot_id"`
	AgreementID int64        `json:"agreement_id"`
	OrgCode     string       `json:"org_code"`
	Amount      money.Amount `json:"amount"`
	Repaid      money.Amount `json:"repaid"` // Σ repaid ledger entries of its repayments
	Status      ClaimStatus  `json:"status"`
	CreatedAt   string       `json:"created_at"`
	SettledAt   string       `json:"settled_at,omitempty"`
	Version     int64        `json:"version"`
	Repayments  []Repayment  `json:"repayments,omitempty"` // filled when one claim is read
}

// Outstanding is what remains to be paid back.
func (c RepaymentClaim) Outstanding() money.Amount { return c.Amount - c.Repaid }

// Repayment is money paid back against a claim.
type Repayment struct {
	ID             int64        `json:"id"`
	ClaimID        int64        `json:"claim_id"`
	Amount         money.Amount `json:"amount"`
	PaidOn         Date         `json:"paid_on"`
	IdempotencyKey string       `json:"idempotency_key,omitempty"`
	RecordedAt     string       `json:"recorded_at"`
	RecordedBy     string       `json:"recorded_by"`
}

// Validate checks a repayment's own fields; today bounds PaidOn, since
// money cannot have arrived in the future.
func (r *Repayment) Validate(today time.Time) error {
	r.IdempotencyKey = strings.TrimSpace(r.IdempotencyKey)
	switch {
	case r.Amount <= 0:
		return Errorf(EINVALID, "amount", "the amount repaid must be positive", "återbetalat belopp måste vara positivt")
	case len(r.IdempotencyKey) > 200:
		return Errorf(EINVALID, "idempotency_key", "the idempotency key is longer than 200 characters", "idempotensnyckeln är längre än 200 tecken")
	}
	return checkPaidOn(r.PaidOn, today)
}

// SameAs tells whether a retried repayment asks for the same thing as the
// one recorded under its idempotency key.
func (r Repayment) SameAs(o Repayment) bool {
	return r.ClaimID == o.ClaimID && r.Amount == o.Amount && r.PaidOn == o.PaidOn
}

// ReportTotals sums a list of reports of use over every matching row.
type ReportTotals struct {
	Count  int          `json:"count"`
	Paid   money.Amount `json:"paid"`
	Used   money.Amount `json:"used"`
	Unused money.Amount `json:"unused"`
}

// ClaimTotals sums a list of repayment claims over every matching row.
type ClaimTotals struct {
	Count       int          `json:"count"`
	Claimed     money.Amount `json:"claimed"`
	Repaid      money.Amount `json:"repaid"`
	Outstanding money.Amount `json:"outstanding"`
}
