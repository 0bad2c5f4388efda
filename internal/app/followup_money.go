package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// ReportInput is a recipient's report of use of one pot.
type ReportInput struct {
	PotID   int64
	OrgCode string
	Used    money.Amount
	Unused  money.Amount
	Comment string
}

// SubmitReport records a report of use (redovisning). It must account for
// every krona paid for the pot to the organisation: Used + Unused = paid.
// Used and unused money enter the ledger; unused money is claimed back
// (återkrav) in the same transaction. One report per pot and organisation.
func (s *Service) SubmitReport(ctx context.Context, in ReportInput) (r grant.UseReport, err error) {
	r = grant.UseReport{PotID: in.PotID, OrgCode: in.OrgCode, Used: in.Used, Unused: in.Unused, Comment: in.Comment}
	if err := r.Validate(); err != nil {
		return r, err
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		ctx, err := s.actFor(ctx, tx, r.OrgCode)
		if err != nil {
			return err
		}
		p, err := tx.Pot(ctx, in.PotID)
		if err != nil {
			return fieldError(err, "pot_id")
		}
		if err := tx.LockPot(ctx, p.ID); err != nil {
			return err
		}
		if err := checkRecipient(ctx, tx, p.ID, r.OrgCode); err != nil {
			return err
		}
		if prev, err := tx.UseReportOf(ctx, p.ID, r.OrgCode); err == nil {
			return grant.Errorf(grant.ECONFLICT, "", "%s has already reported its use of this pot (report %d)", "%s har redan redovisat användningen av denna pott (redovisning %d)", r.OrgCode, prev.ID)
		} else if grant.ErrorCode(err) != grant.ENOTFOUND {
			return err
		}
		bal, err := tx.Balances(ctx, ListFilter{PotID: p.ID, OrgCode: r.OrgCode})
		if err != nil {
			return err
		}
		paid := bal[grant.EntryPaid]
		if paid <= 0 {
			return grant.Errorf(grant.ECONFLICT, "", "nothing has been paid to %s from this pot yet, so there is no use to report", "inget har betalats ut till %s från denna pott än, så det finns ingen användning att redovisa", r.OrgCode)
		}
		if err := r.CheckAmounts(paid); err != nil {
			return err
		}
		a := ActorFrom(ctx)
		r.AgreementID, r.Paid, r.SubmittedAt, r.SubmittedBy, r.Version = p.AgreementID, paid, s.stamp(), a.User, 1
		if err := tx.InsertUseReport(ctx, &r); err != nil {
			return err
		}
		var entries []grant.LedgerEntry
		for _, m := range []struct {
			kind grant.EntryKind
			amt  money.Amount
		}{{grant.EntryUsed, r.Used}, {grant.EntryUnused, r.Unused}} {
			if m.amt > 0 {
				entries = append(entries, grant.LedgerEntry{Kind: m.kind, AgreementID: p.AgreementID, PotID: p.ID, OrgCode: r.OrgCode,
					Amount: m.amt, RefType: "use_report", RefID: r.ID})
			}
		}
		if r.Unused > 0 {
			c := grant.RepaymentClaim{ReportID: r.ID, PotID: p.ID, AgreementID: p.AgreementID, OrgCode: r.OrgCode, Amount: r.Unused,
				Status: grant.ClaimOpen, CreatedAt: r.SubmittedAt, Version: 1}
			if err := tx.InsertRepaymentClaim(ctx, &c); err != nil {
				return err
			}
			r.ClaimID = c.ID
			entries = append(entries, grant.LedgerEntry{Kind: grant.EntryClaimed, AgreementID: p.AgreementID, PotID: p.ID, OrgCode: r.OrgCode,
				Amount: c.Amount, RefType: "repayment_claim", RefID: c.ID})
			if err := s.audit(ctx, tx, "create", "repayment_claim", c.ID, nil, c); err != nil {
				return err
			}
		}
		if err := s.ledger(ctx, tx, entries...); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "use_report", r.ID, nil, r)
	})
	return r, err
}

// RepaymentInput is money paid back against a claim. A non-empty
// IdempotencyKey makes the call safe to retry.
type RepaymentInput struct {
	ClaimID        int64
	Amount         money.Amount
	PaidOn         grant.Date
	IdempotencyKey string
}

// RecordRepayment books money paid back against a claim. The repayments of
// a claim never exceed it; the one that completes it settles the claim. A
// retry under the same idempotency key returns the first repayment, and a
// different request under a used key is a conflict.
func (s *Service) RecordRepayment(ctx context.Context, in RepaymentInput) (r grant.Repayment, err error) {
	if err := requireAdmin(ctx); err != nil {
		return r, err
	}
	r = grant.Repayment{ClaimID: in.ClaimID, Amount: in.Amount, PaidOn: in.PaidOn, IdempotencyKey: in.IdempotencyKey}
	if err := r.Validate(s.now()); err != nil {
		return r, err
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		c, err := tx.RepaymentClaim(ctx, r.ClaimID)
		if err != nil {
			return fieldError(err, "claim_id")
		}
		if err := tx.LockPot(ctx, c.PotID); err != nil {
			return err
		}
		if r.IdempotencyKey != "" { // after the lock, so that a concurrent retry sees the first one committed
			first, err := tx.RepaymentByKey(ctx, r.IdempotencyKey)
			if err == nil {
				if !first.SameAs(r) {
					return grant.Errorf(grant.ECONFLICT, "idempotency_key", "the key was used for a different repayment (%d)", "nyckeln har använts för en annan återbetalning (%d)", first.ID)
				}
				r = first
				return nil
			} else if grant.ErrorCode(err) != grant.ENOTFOUND {
				return err
			}
		}
		if c, err = tx.RepaymentClaim(ctx, r.ClaimID); err != nil { // again under the lock: the repaid sum is now final
			return err
		}
		if r.Amount > c.Outstanding() {
			return grant.Errorf(grant.EINVALID, "amount", "%s is more than the %s outstanding of the claim of %s", "%s är mer än de %s som återstår av återkravet på %s",
				r.Amount, c.Outstanding(), c.Amount)
		}
		a := ActorFrom(ctx)
		r.RecordedAt, r.RecordedBy = s.stamp(), a.User
		if err := tx.InsertRepayment(ctx, &r); err != nil {
			return err
		}
		if err := s.ledger(ctx, tx, grant.LedgerEntry{Kind: grant.EntryRepaid, AgreementID: c.AgreementID, PotID: c.PotID, OrgCode: c.OrgCode,
			Amount: r.Amount, RefType: "repayment", RefID: r.ID}); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, "create", "repayment", r.ID, nil, r); err != nil {
			return err
		}
		if r.Amount < c.Outstanding() {
			return nil
		}
		after := c
		after.Repaid, after.Status, after.SettledAt = c.Amount, grant.ClaimSettled, r.RecordedAt
		if after.Version, err = tx.SettleRepaymentClaim(ctx, c.ID, c.Version, after.SettledAt); err != nil {
			return err
		}
		return s.audit(ctx, tx, "settle", "repayment_claim", c.ID, c, after)
	})
	return r, err
}

// Report reads one report of use.
func (s *Service) Report(ctx context.Context, id int64) (r grant.UseReport, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if r, err = tx.UseReport(ctx, id); err != nil {
			return err
		}
		return s.mayRead(ctx, tx, r.OrgCode)
	})
	if err != nil {
		return grant.UseReport{}, err
	}
	return r, nil
}

// Reports lists reports of use by pot, organisation, agreement or year,
// with their money summed over every matching report.
func (s *Service) Reports(ctx context.Context, f ListFilter) (list []grant.UseReport, sum grant.ReportTotals, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if err := s.scopeList(ctx, tx, &f); err != nil {
			return err
		}
		list, sum, err = tx.ListUseReports(ctx, f)
		return err
	})
	return list, sum, err
}

// Claim reads one repayment claim with its repayments.
func (s *Service) Claim(ctx context.Context, id int64) (c grant.RepaymentClaim, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if c, err = tx.RepaymentClaim(ctx, id); err != nil {
			return err
		}
		if err := s.mayRead(ctx, tx, c.OrgCode); err != nil {
			return err
		}
		c.Repayments, err = tx.ListRepayments(ctx, id)
		return err
	})
	if err != nil {
		return grant.RepaymentClaim{}, err
	}
	return c, nil
}

// Claims lists repayment claims by pot, organisation, agreement, year or
// status (open, settled), with claimed, repaid and outstanding money summed
// over every matching claim.
func (s *Service) Claims(ctx context.Context, f ListFilter) (list []grant.RepaymentClaim, sum grant.ClaimTotals, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if err := s.scopeList(ctx, tx, &f); err != nil {
			return err
		}
		list, sum, err = tx.ListRepaymentClaims(ctx, f)
		return err
	})
	return list, sum, err
}
