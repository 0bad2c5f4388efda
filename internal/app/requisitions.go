package app

import (
	"context"
	"strings"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// RequisitionRepo stores requisitions and payments.
type RequisitionRepo interface {
	InsertRequisition(ctx context.Context, r *grant.Requisition) error
	Requisition(ctx context.Context, id int64) (grant.Requisition, error) // with Paid
	ListRequisitions(ctx context.Context, f ListFilter) ([]grant.Requisition, int, error)
	// UpdateRequisition writes r's status and decision if the stored version
	// is still r.Version, and bumps it; a stale version is EPRECONDITION.
	UpdateRequisition(ctx context.Context, r grant.Requisition) (int64, error)
	// Requisitioned sums the requisitions on one line of a run that were
	// not rejected.
	Requisitioned(ctx context.Context, runID int64, orgCode string, joint bool, county string) (money.Amount, error)
	InsertPayment(ctx context.Context, p *grant.Payment) error
	// PaymentByKey finds the payment recorded with an idempotency key.
	PaymentByKey(ctx context.Context, key string) (grant.Payment, error)
	ListPayments(ctx context.Context, f PaymentFilter) ([]grant.Payment, int, error)
}

// PaymentFilter narrows payments: by requisition, or as ListFilter does
// (pot, agreement, organisation, year) through the requisition.
type PaymentFilter struct {
	ListFilter
	RequisitionID int64
}

// RequisitionInput is what a recipient asks for.
type RequisitionInput struct {
	PotID   int64        `json:"pot_id"`
	OrgCode string       `json:"org_code"`
	Joint   bool         `json:"joint"`  // the county-joint set-aside line
	County  string       `json:"county"` // the set-aside's county; required with Joint
	Amount  money.Amount `json:"amount"`
}

// PaymentInput is a payment to record.
type PaymentInput struct {
	RequisitionID  int64        `json:"requisition_id"`
	Amount         money.Amount `json:"amount"`
	PaidOn         grant.Date   `json:"paid_on"`
	IdempotencyKey string       `json:"idempotency_key"`
}

// SubmitRequisition requisitions (part of) an organisation's line of a
// pot's decided split. The pot is locked first, so that concurrent
// requisitions on one line queue and can never add up to more than it.
func (s *Service) SubmitRequisition(ctx context.Context, in RequisitionInput) (r grant.Requisition, err error) {
	in.OrgCode, in.County = strings.TrimSpace(in.OrgCode), strings.TrimSpace(in.County)
	switch {
	case in.OrgCode == "":
		return r, grant.Errorf(grant.EINVALID, "org_code", "an organisation is required", "en organisation krävs")
	case in.Joint && in.County == "":
		return r, grant.Errorf(grant.EINVALID, "county", "the county of the joint line is required", "den gemensamma radens län krävs")
	case in.Amount <= 0:
		return r, grant.CheckRequisitionAmount(in.Amount, 0)
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		ctx, err := s.actFor(ctx, tx, in.OrgCode)
		if err != nil {
			return err
		}
		if err := tx.LockPot(ctx, in.PotID); err != nil {
			return fieldError(err, "pot_id")
		}
		p, err := tx.Pot(ctx, in.PotID)
		if err != nil {
			return fieldError(err, "pot_id")
		}
		if p.RequisitionDeadline.Before(s.now()) {
			return grant.Errorf(grant.ECONFLICT, "", "the pot's requisition deadline %s has passed", "pottens sista dag för rekvisition, %s, har passerat", p.RequisitionDeadline)
		}
		run, err := tx.DecidedRun(ctx, p.ID)
		if grant.ErrorCode(err) == grant.ENOTFOUND {
			return grant.Errorf(grant.ECONFLICT, "", "the pot's split is not decided yet; nothing can be requisitioned", "pottens fördelning är inte beslutad än; inget kan rekvireras")
		} else if err != nil {
			return err
		}
		if _, err := tx.Organisation(ctx, in.OrgCode); err != nil {
			return fieldError(err, "org_code")
		}
		line, err := requisitionLine(run, in)
		if err != nil {
			return err
		}
		if err := s.notReported(ctx, tx, p.ID, in.OrgCode); err != nil {
			return err
		}
		done, err := tx.Requisitioned(ctx, run.ID, in.OrgCode, in.Joint, line.County)
		if err != nil {
			return err
		}
		if err := grant.CheckRequisitionAmount(in.Amount, line.Amount-done); err != nil {
			return err
		}
		a, err := tx.Agreement(ctx, p.AgreementID)
		if err != nil {
			return err
		}
		actor := ActorFrom(ctx)
		r = grant.Requisition{PotID: p.ID, RunID: run.ID, OrgCode: in.OrgCode, Joint: in.Joint, County: line.County, Amount: in.Amount,
			Reference: p.RequisitionText(&a), Status: grant.ReqSubmitted, SubmittedAt: s.stamp(), SubmittedBy: actor.User, Version: 1}
		if err := tx.InsertRequisition(ctx, &r); err != nil {
			return err
		}
		if err := s.ledger(ctx, tx, reqEntry(grant.EntryRequisitioned, p.AgreementID, r, r.Amount, "requisition", r.ID)); err != nil {
			return err
		}
		return s.audit(ctx, tx, "submit", "requisition", r.ID, nil, r)
	})
	return r, err
}

// requisitionLine finds the line of a decided run that a requisition draws
// on: the organisation's recipient line, or with Joint the set-aside line of
// the county, which only its designated holder may requisition.
func requisitionLine(run grant.AllocationRun, in RequisitionInput) (allocate.Line, error) {
	for _, l := range run.Lines {
		switch {
		case !in.Joint && l.Kind == allocate.KindRecipient && l.Code == in.OrgCode:
			if in.County != "" && in.County != l.County {
				return l, grant.Errorf(grant.EINVALID, "county", "%s is in county %s, not %s", "%s ligger i län %s, inte %s", in.OrgCode, l.County, in.County)
			}
			return l, nil
		case in.Joint && l.Kind == allocate.KindSetAside && l.County == in.County:
			if l.Code != in.OrgCode {
				return l, grant.Errorf(grant.EINVALID, "org_code", "the joint line of county %s is requisitioned by its holder %s, not by %s",
					"den gemensamma raden för län %s rekvireras av förvaltaren %s, inte av %s", in.County, l.Code, in.OrgCode)
			}
			return l, nil
		}
	}
	if in.Joint {
		return allocate.Line{}, grant.Errorf(grant.EINVALID, "county", "the pot has no joint line for county %s", "potten har ingen gemensam rad för län %s", in.County)
	}
	return allocate.Line{}, grant.Errorf(grant.EINVALID, "org_code", "%s has no line in the pot's decided split", "%s har ingen rad i pottens beslutade fördelning", in.OrgCode)
}

func reqEntry(kind grant.EntryKind, agreementID int64, r grant.Requisition, amount money.Amount, refType string, refID int64) grant.LedgerEntry {
	return grant.LedgerEntry{Kind: kind, AgreementID: agreementID, PotID: r.PotID, OrgCode: r.OrgCode, Amount: amount, RefType: refType, RefID: refID}
}

// ApproveRequisition approves a submitted requisition read at version.
func (s *Service) ApproveRequisition(ctx context.Context, id, version int64) (grant.Requisition, error) {
	if err := requireAdmin(ctx); err != nil {
		return grant.Requisition{}, err
	}
	return s.decideRequisition(ctx, id, version, grant.ReqApproved, "")
}

// RejectRequisition rejects a submitted requisition read at version; its
// amount becomes requisitionable again.
func (s *Service) RejectRequisition(ctx context.Context, id, version int64, reason string) (grant.Requisition, error) {
	if err := requireAdmin(ctx); err != nil {
		return grant.Requisition{}, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return grant.Requisition{}, grant.Errorf(grant.EINVALID, "reason", "a reason for the rejection is required", "ett skäl till avslaget krävs")
	}
	return s.decideRequisition(ctx, id, version, grant.ReqRejected, reason)
}

func (s *Service) decideRequisition(ctx context.Context, id, version int64, to grant.RequisitionStatus, reason string) (r grant.Requisition, err error) {
	err = s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Requisition(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.LockPot(ctx, before.PotID); err != nil {
			return err
		}
		if before, err = tx.Requisition(ctx, id); err != nil { // as it is now that we hold the lock
			return err
		}
		if before.Status != grant.ReqSubmitted {
			return grant.Errorf(grant.ECONFLICT, "", "requisition %d is %s; only a submitted requisition can be approved or rejected",
				"rekvisition %d har status %s; bara en inskickad rekvisition kan godkännas eller avslås", id, before.Status)
		}
		p, err := tx.Pot(ctx, before.PotID)
		if err != nil {
			return err
		}
		r = before
		r.Status, r.Reason, r.DecidedAt, r.DecidedBy, r.Version = to, reason, s.stamp(), ActorFrom(ctx).User, version
		if r.Version, err = tx.UpdateRequisition(ctx, r); err != nil {
			return err
		}
		kind, action := grant.EntryApproved, "approve"
		if to == grant.ReqRejected {
			kind, action = grant.EntryRejected, "reject"
		}
		if err := s.ledger(ctx, tx, reqEntry(kind, p.AgreementID, r, r.Amount, "requisition", r.ID)); err != nil {
			return err
		}
		return s.audit(ctx, tx, action, "requisition", id, before, r)
	})
	return r, err
}

// RecordPayment records money paid on an approved requisition; when the
// payments reach its amount it is paid. A retry with the same idempotency
// key and content returns the first payment and writes nothing; the same
// key with other content is a conflict.
func (s *Service) RecordPayment(ctx context.Context, in PaymentInput) (p grant.Payment, err error) {
	if err := requireAdmin(ctx); err != nil {
		return p, err
	}
	p = grant.Payment{RequisitionID: in.RequisitionID, Amount: in.Amount, PaidOn: in.PaidOn, IdempotencyKey: in.IdempotencyKey}
	if err := p.Validate(s.now()); err != nil {
		return p, err
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Requisition(ctx, p.RequisitionID)
		if err != nil {
			return fieldError(err, "requisition_id")
		}
		if err := tx.LockPot(ctx, before.PotID); err != nil {
			return err
		}
		// Under the lock a concurrent retry has either committed or not begun.
		if first, err := tx.PaymentByKey(ctx, p.IdempotencyKey); err == nil {
			if !first.SamePayment(p) {
				return grant.Errorf(grant.ECONFLICT, "idempotency_key", "the idempotency key %q was already used for another payment (%d)",
					"idempotensnyckeln %q har redan använts för en annan betalning (%d)", p.IdempotencyKey, first.ID)
			}
			p = first
			return nil
		} else if grant.ErrorCode(err) != grant.ENOTFOUND {
			return err
		}
		if before, err = tx.Requisition(ctx, p.RequisitionID); err != nil {
			return err
		}
		switch before.Status {
		case grant.ReqApproved:
		case grant.ReqPaid:
			return grant.Errorf(grant.ECONFLICT, "", "requisition %d is already paid in full", "rekvisition %d är redan helt betald", before.ID)
		default:
			return grant.Errorf(grant.ECONFLICT, "", "requisition %d is %s; only an approved requisition can be paid",
				"rekvisition %d har status %s; bara en godkänd rekvisition kan betalas", before.ID, before.Status)
		}
		if err := grant.CheckPaymentAmount(p.Amount, &before); err != nil {
			return err
		}
		if err := s.notReported(ctx, tx, before.PotID, before.OrgCode); err != nil {
			return err
		}
		pot, err := tx.Pot(ctx, before.PotID)
		if err != nil {
			return err
		}
		p.CreatedAt, p.CreatedBy = s.stamp(), ActorFrom(ctx).User
		if err := tx.InsertPayment(ctx, &p); err != nil {
			return err
		}
		r := before
		if r.Paid += p.Amount; r.Paid == r.Amount {
			r.Status = grant.ReqPaid
		}
		// The version moves with every payment: what was read before is stale.
		if r.Version, err = tx.UpdateRequisition(ctx, r); err != nil {
			return err
		}
		if err := s.ledger(ctx, tx, reqEntry(grant.EntryPaid, pot.AgreementID, r, p.Amount, "payment", p.ID)); err != nil {
			return err
		}
		if err := s.audit(ctx, tx, "create", "payment", p.ID, nil, p); err != nil {
			return err
		}
		return s.audit(ctx, tx, "pay", "requisition", r.ID, before, r)
	})
	return p, err
}

// Requisition reads one requisition.
func (s *Service) Requisition(ctx context.Context, id int64) (r grant.Requisition, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if r, err = tx.Requisition(ctx, id); err != nil {
			return err
		}
		return s.mayRead(ctx, tx, r.OrgCode)
	})
	if err != nil {
		return grant.Requisition{}, err
	}
	return r, nil
}

// Requisitions lists requisitions by pot, agreement, organisation, status
// or year, oldest first.
func (s *Service) Requisitions(ctx context.Context, f ListFilter) (list []grant.Requisition, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if err := s.scopeList(ctx, tx, &f); err != nil {
			return err
		}
		if f.AsOf != "" {
			list, total, err = requisitionsAsOf(ctx, tx, f)
		} else {
			list, total, err = tx.ListRequisitions(ctx, f)
		}
		return err
	})
	return list, total, err
}

// Payments lists payments by pot, agreement, organisation or year.
func (s *Service) Payments(ctx context.Context, f ListFilter) (list []grant.Payment, total int, err error) {
	return s.listPayments(ctx, PaymentFilter{ListFilter: f})
}

// RequisitionPayments lists the payments of one requisition.
func (s *Service) RequisitionPayments(ctx context.Context, id int64) ([]grant.Payment, error) {
	list, _, err := s.listPayments(ctx, PaymentFilter{RequisitionID: id})
	return list, err
}

func (s *Service) listPayments(ctx context.Context, f PaymentFilter) (list []grant.Payment, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		f := f // scoped below; a read may run twice (Store)
		if f.RequisitionID != 0 {
			r, err := tx.Requisition(ctx, f.RequisitionID)
			if err != nil {
				return err
			}
			if err := s.mayRead(ctx, tx, r.OrgCode); err != nil {
				return err
			}
		} else if err := s.scopeList(ctx, tx, &f.ListFilter); err != nil {
			return err
		}
		var err error
		list, total, err = tx.ListPayments(ctx, f)
		return err
	})
	return list, total, err
}

// notReported refuses new money for a pot and organisation whose use has
// been reported: the report accounts for exactly what was paid, so more
// money afterwards would break used + unused = paid.
func (s *Service) notReported(ctx context.Context, tx Tx, potID int64, org string) error {
	if _, err := tx.UseReportOf(ctx, potID, org); err == nil {
		return grant.Errorf(grant.ECONFLICT, "", "%s has already reported its use of this pot; no more money can be requisitioned or paid",
			"%s har redan redovisat användningen av potten; inga fler medel kan rekvireras eller betalas", org)
	} else if grant.ErrorCode(err) != grant.ENOTFOUND {
		return err
	}
	return nil
}
