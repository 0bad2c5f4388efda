package app

import (
	"context"
	"strings"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// FollowUpRepo stores conditions' fulfilment, reports of use, repayment
// claims and repayments. The money they move is in the ledger.
type FollowUpRepo interface {
	// PotCondition reads one condition and the pot it belongs to.
	PotCondition(ctx context.Context, id int64) (potID int64, c grant.Condition, err error)
	// DecidedShare sums org's lines in the pot's decided run; decided is
	// false when the pot's split is not decided.
	DecidedShare(ctx context.Context, potID int64, org string) (decided bool, amount money.Amount, err error)

	// Fulfilment reads a recipient's answer to a condition; ENOTFOUND when
	// nothing was submitted.
	Fulfilment(ctx context.Context, conditionID int64, org string) (grant.Fulfilment, error)
	InsertFulfilment(ctx context.Context, f *grant.Fulfilment) error
	// UpdateFulfilment writes f if its stored version is still f.Version.
	UpdateFulfilment(ctx context.Context, f grant.Fulfilment) (int64, error)
	// ListConditionStatuses lists condition × recipient of decided runs;
	// Status "overdue" selects those overdue on asOf (see grant.Overdue).
	ListConditionStatuses(ctx context.Context, f ListFilter, asOf grant.Date) ([]grant.ConditionStatus, int, error)

	InsertUseReport(ctx context.Context, r *grant.UseReport) error
	UseReport(ctx context.Context, id int64) (grant.UseReport, error)
	// UseReportOf reads the report of a pot by org; ENOTFOUND when none.
	UseReportOf(ctx context.Context, potID int64, org string) (grant.UseReport, error)
	ListUseReports(ctx context.Context, f ListFilter) ([]grant.UseReport, grant.ReportTotals, error)

	InsertRepaymentClaim(ctx context.Context, c *grant.RepaymentClaim) error
	// RepaymentClaim reads a claim with its repaid sum (not its repayments).
	RepaymentClaim(ctx context.Context, id int64) (grant.RepaymentClaim, error)
	SettleRepaymentClaim(ctx context.Context, id, version int64, at string) (int64, error)
	ListRepaymentClaims(ctx context.Context, f ListFilter) ([]grant.RepaymentClaim, grant.ClaimTotals, error)

	InsertRepayment(ctx context.Context, r *grant.Repayment) error
	// RepaymentByKey reads the repayment recorded under an idempotency key;
	// ENOTFOUND when none.
	RepaymentByKey(ctx context.Context, key string) (grant.Repayment, error)
	ListRepayments(ctx context.Context, claimID int64) ([]grant.Repayment, error)
}

// checkRecipient makes sure org shares the pot's decided split: conditions
// and reports of use bind only those who were given money.
func checkRecipient(ctx context.Context, tx Tx, potID int64, org string) error {
	decided, amount, err := tx.DecidedShare(ctx, potID, org)
	if err != nil {
		return err
	}
	if !decided {
		return grant.Errorf(grant.ECONFLICT, "", "the split of pot %d is not decided yet; its conditions and reports apply to the recipients of a decided split",
			"fördelningen av pott %d är inte beslutad än; dess villkor och redovisningar gäller mottagarna av en beslutad fördelning", potID)
	}
	if amount > 0 {
		return nil
	}
	if _, err := tx.Organisation(ctx, org); err != nil {
		return fieldError(err, "org_code")
	}
	return grant.Errorf(grant.EINVALID, "org_code", "%s is not a recipient of pot %d's decided split", "%s är inte mottagare i den beslutade fördelningen av pott %d", org, potID)
}

// conditionFor reads a condition and checks that org must fulfil it.
func conditionFor(ctx context.Context, tx Tx, conditionID int64, org string) (grant.Condition, error) {
	potID, c, err := tx.PotCondition(ctx, conditionID)
	if err != nil {
		return c, err
	}
	return c, checkRecipient(ctx, tx, potID, org)
}

// SubmitCondition hands in a recipient's document for a condition: first
// time, or again after a rejection. A submission awaiting review or an
// approved one is not replaced.
func (s *Service) SubmitCondition(ctx context.Context, conditionID int64, org, document string) (f grant.Fulfilment, err error) {
	doc, err := grant.CheckDocument(document)
	if err != nil {
		return f, err
	}
	org = strings.TrimSpace(org)
	err = s.store.Write(ctx, func(tx Tx) error {
		ctx, err := s.actFor(ctx, tx, org)
		if err != nil {
			return err
		}
		if _, err := conditionFor(ctx, tx, conditionID, org); err != nil {
			return err
		}
		a := ActorFrom(ctx)
		before, err := tx.Fulfilment(ctx, conditionID, org)
		switch {
		case grant.ErrorCode(err) == grant.ENOTFOUND:
			f = grant.Fulfilment{ConditionID: conditionID, OrgCode: org, Status: grant.FulfilSubmitted, Document: doc,
				SubmittedAt: s.stamp(), SubmittedBy: a.User, Version: 1}
			if err := tx.InsertFulfilment(ctx, &f); err != nil {
				return err
			}
			return s.audit(ctx, tx, "submit", "condition_fulfilment", f.ID, nil, f)
		case err != nil:
			return err
		case before.Status == grant.FulfilSubmitted:
			return grant.Errorf(grant.ECONFLICT, "", "a document is already submitted and awaits review", "ett dokument är redan inlämnat och väntar på granskning")
		case before.Status == grant.FulfilApproved:
			return grant.Errorf(grant.ECONFLICT, "", "the condition is already approved", "villkoret är redan godkänt")
		}
		f = before
		f.Status, f.Document, f.SubmittedAt, f.SubmittedBy = grant.FulfilSubmitted, doc, s.stamp(), a.User
		f.DecidedAt, f.DecidedBy, f.Reason = "", "", ""
		if f.Version, err = tx.UpdateFulfilment(ctx, f); err != nil {
			return err
		}
		return s.audit(ctx, tx, "submit", "condition_fulfilment", f.ID, before, f)
	})
	return f, err
}

// ApproveCondition accepts a submitted document read at version.
func (s *Service) ApproveCondition(ctx context.Context, conditionID int64, org string, version int64) (grant.Fulfilment, error) {
	if err := requireAdmin(ctx); err != nil {
		return grant.Fulfilment{}, err
	}
	return s.decideCondition(ctx, conditionID, org, version, grant.FulfilApproved, "")
}

// RejectCondition turns a submitted document down with a reason; the
// recipient may submit again.
func (s *Service) RejectCondition(ctx context.Context, conditionID int64, org string, version int64, reason string) (grant.Fulfilment, error) {
	if err := requireAdmin(ctx); err != nil {
		return grant.Fulfilment{}, err
	}
	if reason = strings.TrimSpace(reason); reason == "" {
		return grant.Fulfilment{}, grant.Errorf(grant.EINVALID, "reason", "a reason for the rejection is required", "ett skäl för avslaget krävs")
	}
	return s.decideCondition(ctx, conditionID, org, version, grant.FulfilRejected, reason)
}

func (s *Service) decideCondition(ctx context.Context, conditionID int64, org string, version int64, to grant.FulfilmentStatus, reason string) (f grant.Fulfilment, err error) {
	org = strings.TrimSpace(org)
	err = s.store.Write(ctx, func(tx Tx) error {
		if _, err := conditionFor(ctx, tx, conditionID, org); err != nil {
			return err
		}
		before, err := tx.Fulfilment(ctx, conditionID, org)
		if grant.ErrorCode(err) == grant.ENOTFOUND {
			return grant.Errorf(grant.ECONFLICT, "", "%s has submitted nothing for this condition", "%s har inte lämnat in något för detta villkor", org)
		} else if err != nil {
			return err
		}
		if before.Version != version {
			return grant.Errorf(grant.EPRECONDITION, "", "the submission was changed by someone else since you read it; reload and try again",
				"inlämningen har ändrats av någon annan sedan du läste den; läs in den igen och försök på nytt")
		}
		if before.Status != grant.FulfilSubmitted {
			return grant.Errorf(grant.ECONFLICT, "", "only a submitted document can be approved or rejected; this one is %s",
				"bara ett inlämnat dokument kan godkännas eller avslås; detta är %s", before.Status)
		}
		f = before
		f.Status, f.Reason, f.DecidedAt, f.DecidedBy = to, reason, s.stamp(), ActorFrom(ctx).User
		if f.Version, err = tx.UpdateFulfilment(ctx, f); err != nil {
			return err
		}
		action := "approve"
		if to == grant.FulfilRejected {
			action = "reject"
		}
		return s.audit(ctx, tx, action, "condition_fulfilment", f.ID, before, f)
	})
	return f, err
}

// ConditionStatuses lists every condition × recipient of decided runs,
// by pot, organisation, agreement or year, with the overdue flag as of the
// service clock — the data behind a requirements board. Status filters by
// not_submitted, submitted, approved, rejected or "overdue".
func (s *Service) ConditionStatuses(ctx context.Context, f ListFilter) (list []grant.ConditionStatus, total int, err error) {
	now := s.now()
	err = s.store.Read(ctx, func(tx Tx) error {
		if err := s.scopeList(ctx, tx, &f); err != nil {
			return err
		}
		list, total, err = tx.ListConditionStatuses(ctx, f, grant.Date(now.Format("2006-01-02")))
		return err
	})
	for i := range list {
		c := &list[i]
		c.Overdue = grant.Overdue(c.DueDate, c.Status, now)
		c.Late = c.SubmittedAt != "" && c.DueDate != "" && c.SubmittedAt[:10] > string(c.DueDate)
	}
	return list, total, err
}
