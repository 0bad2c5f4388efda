package api

import (
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// FulfilmentIn hands in a recipient's document for a condition.
type FulfilmentIn struct {
	OrgCode  string `json:"org_code" jsonschema:"description=The recipient answering the condition"`
	Document string `json:"document" jsonschema:"description=A reference (diary number, URL) or the text itself"`
}

// Fulfilment is a recipient's answer to one condition and its review.
type Fulfilment struct {
	ID          int64  `json:"id"`
	ConditionID int64  `json:"condition_id"`
	OrgCode     string `json:"org_code"`
	Status      string `json:"status" jsonschema:"enum=submitted,enum=approved,enum=rejected"`
	Document    string `json:"document"`
	SubmittedAt string `json:"submitted_at"`
	SubmittedBy string `json:"submitted_by"`
	DecidedAt   string `json:"decided_at,omitempty"`
	DecidedBy   string `json:"decided_by,omitempty"`
	Reason      string `json:"reason,omitempty" jsonschema:"description=Why it was rejected"`
	Version     int64  `json:"version"`
}

// ConditionStatus is one cell of the requirements board: a condition of a
// pot for one recipient of its decided split.
type ConditionStatus struct {
	ConditionID int64      `json:"condition_id"`
	PotID       int64      `json:"pot_id"`
	AgreementID int64      `json:"agreement_id"`
	Kind        string     `json:"kind" jsonschema:"enum=analysis,enum=action_plan,enum=report,enum=other"`
	Title       string     `json:"title"`
	DueDate     grant.Date `json:"due_date,omitempty"`
	OrgCode     string     `json:"org_code"`
	OrgName     string     `json:"org_name"`
	Status      string     `json:"status" jsonschema:"enum=not_submitted,enum=submitted,enum=approved,enum=rejected"`
	SubmittedAt string     `json:"submitted_at,omitempty"`
	Reason      string     `json:"reason,omitempty"`
	Version     int64      `json:"version" jsonschema:"description=Of the fulfilment; 0 when nothing is submitted. Approve or reject with If-Match: \"v{version}\""`
	Overdue     bool       `json:"overdue" jsonschema:"description=Past due with nothing awaiting review or approved"`
	Late        bool       `json:"late" jsonschema:"description=Submitted after the due date"`
}

func fulfilmentOut(f grant.Fulfilment) Fulfilment {
	return Fulfilment{ID: f.ID, ConditionID: f.ConditionID, OrgCode: f.OrgCode, Status: string(f.Status), Document: f.Document,
		SubmittedAt: f.SubmittedAt, SubmittedBy: f.SubmittedBy, DecidedAt: f.DecidedAt, DecidedBy: f.DecidedBy, Reason: f.Reason, Version: f.Version}
}

func conditionStatusOut(c grant.ConditionStatus) ConditionStatus {
	return ConditionStatus{ConditionID: c.ConditionID, PotID: c.PotID, AgreementID: c.AgreementID, Kind: string(c.Kind), Title: c.Title,
		DueDate: c.DueDate, OrgCode: c.OrgCode, OrgName: c.OrgName, Status: string(c.Status), SubmittedAt: c.SubmittedAt, Reason: c.Reason,
		Version: c.Version, Overdue: c.Overdue, Late: c.Late}
}

// UseReportIn is a recipient's report of use (redovisning) of one pot.
type UseReportIn struct {
	PotID   int64        `json:"pot_id"`
	OrgCode string       `json:"org_code"`
	Used    money.Amount `json:"used" jsonschema:"description=Öre used"`
	Unused  money.Amount `json:"unused" jsonschema:"description=Öre not used; used + unused must equal what was paid. Unused money is claimed back"`
	Comment string       `json:"comment,omitempty"`
}

// UseReport is a report of use as the API shows it.
type UseReport struct {
	ID          int64  `json:"id"`
	PotID       int64  `json:"pot_id"`
	AgreementID int64  `json:"agreement_id"`
	OrgCode     string `json:"org_code"`
	Paid        Money  `json:"paid" jsonschema:"description=What had been paid when reported: used + unused"`
	Used        Money  `json:"used"`
	Unused      Money  `json:"unused"`
	Comment     string `json:"comment,omitempty"`
	ClaimID     int64  `json:"claim_id,omitzero" jsonschema:"description=The repayment claim for the unused money, if any"`
	SubmittedAt string `json:"submitted_at"`
	SubmittedBy string `json:"submitted_by"`
	Version     int64  `json:"version"`
}

// UseReportTotals sums the money of every report matching a list's filters.
type UseReportTotals struct {
	Count  int   `json:"count"`
	Paid   Money `json:"paid"`
	Used   Money `json:"used"`
	Unused Money `json:"unused"`
}

// UseReportPage is a page of reports of use with the totals of the whole list.
type UseReportPage struct {
	Items  []UseReport     `json:"items"`
	Total  int             `json:"total" jsonschema:"minimum=0"`
	Limit  int             `json:"limit" jsonschema:"minimum=1"`
	Offset int             `json:"offset" jsonschema:"minimum=0"`
	Next   string          `json:"next,omitempty" jsonschema:"format=uri-reference,description=The path and query of the next page; absent on the last page"`
	Totals UseReportTotals `json:"totals" jsonschema:"description=Summed over every matching report, not just this page"`
}

// RepaymentIn is money paid back against a claim.
type RepaymentIn struct {
	Amount         money.Amount `json:"amount" jsonschema:"description=Öre; at most what is outstanding on the claim"`
	PaidOn         grant.Date   `json:"paid_on" jsonschema:"description=The day the money arrived; not in the future"`
	IdempotencyKey string       `json:"idempotency_key,omitempty" jsonschema:"description=Required unless the Idempotency-Key header is sent (which then serves as the key); a repayment recorded under a key is never recorded twice"`
}

// Repayment is a repayment as the API shows it.
type Repayment struct {
	ID             int64      `json:"id"`
	ClaimID        int64      `json:"claim_id"`
	Amount         Money      `json:"amount"`
	PaidOn         grant.Date `json:"paid_on"`
	IdempotencyKey string     `json:"idempotency_key,omitempty"`
	RecordedAt     string     `json:"recorded_at"`
	RecordedBy     string     `json:"recorded_by"`
}

// Claim is a repayment claim (återkrav) for money reported unused.
type Claim struct {
	ID          int64       `json:"id"`
	ReportID    int64       `json:"report_id"`
	PotID       int64       `json:"pot_id"`
	AgreementID int64       `json:"agreement_id"`
	OrgCode     string      `json:"org_code"`
	Amount      Money       `json:"amount"`
	Repaid      Money       `json:"repaid"`
	Outstanding Money       `json:"outstanding"`
	Status      string      `json:"status" jsonschema:"enum=open,enum=settled"`
	CreatedAt   string      `json:"created_at"`
	SettledAt   string      `json:"settled_at,omitempty"`
	Version     int64       `json:"version"`
	Repayments  []Repayment `json:"repayments,omitempty" jsonschema:"description=In the order recorded; given when one claim is read"`
}

// ClaimTotals sums the money of every claim matching a list's filters.
type ClaimTotals struct {
	Count       int   `json:"count"`
	Claimed     Money `json:"claimed"`
	Repaid      Money `json:"repaid"`
	Outstanding Money `json:"outstanding"`
}

// ClaimPage is a page of claims with the totals of the whole list.
type ClaimPage struct {
	Items  []Claim     `json:"items"`
	Total  int         `json:"total" jsonschema:"minimum=0"`
	Limit  int         `json:"limit" jsonschema:"minimum=1"`
	Offset int         `json:"offset" jsonschema:"minimum=0"`
	Next   string      `json:"next,omitempty" jsonschema:"format=uri-reference,description=The path and query of the next page; absent on the last page"`
	Totals ClaimTotals `json:"totals" jsonschema:"description=Summed over every matching claim, not just this page"`
}

func useReportOut(r grant.UseReport) UseReport {
	return UseReport{ID: r.ID, PotID: r.PotID, AgreementID: r.AgreementID, OrgCode: r.OrgCode, Paid: M(r.Paid), Used: M(r.Used),
		Unused: M(r.Unused), Comment: r.Comment, ClaimID: r.ClaimID, SubmittedAt: r.SubmittedAt, SubmittedBy: r.SubmittedBy, Version: r.Version}
}

func repaymentOut(r grant.Repayment) Repayment {
	return Repayment{ID: r.ID, ClaimID: r.ClaimID, Amount: M(r.Amount), PaidOn: r.PaidOn, IdempotencyKey: r.IdempotencyKey,
		RecordedAt: r.RecordedAt, RecordedBy: r.RecordedBy}
}

func claimOut(c grant.RepaymentClaim) Claim {
	return Claim{ID: c.ID, ReportID: c.ReportID, PotID: c.PotID, AgreementID: c.AgreementID, OrgCode: c.OrgCode, Amount: M(c.Amount),
		Repaid: M(c.Repaid), Outstanding: M(c.Outstanding()), Status: string(c.Status), CreatedAt: c.CreatedAt, SettledAt: c.SettledAt,
		Version: c.Version, Repayments: mapSlice(c.Repayments, repaymentOut)}
}
