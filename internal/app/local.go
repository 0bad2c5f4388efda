package app

import (
	"cmp"
	"context"
	"slices"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// LocalRepo stores sub-allocations, initiatives and action plans.
type LocalRepo interface {
	InsertSubAllocation(ctx context.Context, s *grant.SubAllocation, at string) error
	SubAllocation(ctx context.Context, id int64) (grant.SubAllocation, error)
	// ListSubAllocations filters by AgreementID, OrgCode (the giver) and Status.
	ListSubAllocations(ctx context.Context, f ListFilter) ([]grant.SubAllocation, int, error)
	// WithdrawSubAllocation marks an active sub-allocation withdrawn if its
	// version is still version, and bumps it.
	WithdrawSubAllocation(ctx context.Context, id, version int64, at string) (int64, error)
	// LockSubAllocations holds an organisation's sub-allocations under an
	// agreement until commit, so that concurrent decisions queue.
	LockSubAllocations(ctx context.Context, org string, agreementID int64) error
	// SumSubAllocations adds an organisation's active sub-allocations under an agreement.
	SumSubAllocations(ctx context.Context, org string, agreementID int64) (money.Amount, error)

	InsertInitiative(ctx context.Context, in *grant.Initiative, at string) error
	Initiative(ctx context.Context, id int64) (grant.Initiative, error)
	// ListInitiatives filters by OrgCode, AgreementID, Kind and Year (running that year).
	ListInitiatives(ctx context.Context, f ListFilter) ([]grant.Initiative, int, error)
	UpdateInitiative(ctx context.Context, in grant.Initiative, at string) (int64, error)

	// InsertActionPlan and UpdateActionPlan write the plan with its children
	// and fill in the children's ids.
	InsertActionPlan(ctx context.Context, p *grant.ActionPlan, at string) error
	ActionPlan(ctx context.Context, id int64) (grant.ActionPlan, error)
	// ListActionPlans filters by OrgCode (the owner) and Year (covered by the plan).
	ListActionPlans(ctx context.Context, f ListFilter) ([]grant.ActionPlan, int, error)
	UpdateActionPlan(ctx context.Context, p *grant.ActionPlan, at string) (int64, error)
}

// CreateSubAllocation records one sub-allocation decision.
func (s *Service) CreateSubAllocation(ctx context.Context, sa grant.SubAllocation) (grant.SubAllocation, error) {
	out, err := s.createSubAllocations(ctx, []grant.SubAllocation{sa}, func(int) string { return "" })
	if err != nil {
		return sa, err
	}
	return out[0], nil
}

// CreateSubAllocations records a decision of several lines, all or nothing:
// if one line is refused, none is stored.
func (s *Service) CreateSubAllocations(ctx context.Context, lines []grant.SubAllocation) ([]grant.SubAllocation, error) {
	if len(lines) == 0 {
		return nil, grant.Errorf(grant.EINVALID, "lines", "a decision needs at least one line", "ett beslut behöver minst en rad")
	}
	return s.createSubAllocations(ctx, lines, func(i int) string { return grant.FieldIndex("lines", i, "") + "." })
}

// subAllocKey is the money a sub-allocation draws on: an organisation's receipts
// under one agreement.
type subAllocKey struct {
	org       string
	agreement int64
}

func (s *Service) createSubAllocations(ctx context.Context, in []grant.SubAllocation, prefix func(int) string) ([]grant.SubAllocation, error) {
	lines := slices.Clone(in)
	for i := range lines {
		if err := lines[i].Validate(prefix(i)); err != nil {
			return nil, err
		}
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		// The actor must act for every organisation that gives money away.
		acting := map[string]context.Context{}
		for _, l := range lines {
			if _, ok := acting[l.FromOrg]; !ok {
				c, err := s.actFor(ctx, tx, l.FromOrg)
				if err != nil {
					return err
				}
				acting[l.FromOrg] = c
			}
		}
		// Lock every pool of money the decision draws on, in one order, so
		// that two decisions cannot deadlock or both spend the same krona.
		var keys []subAllocKey
		for _, l := range lines {
			if k := (subAllocKey{l.FromOrg, l.AgreementID}); !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		slices.SortFunc(keys, func(a, b subAllocKey) int {
			return cmp.Or(cmp.Compare(a.org, b.org), cmp.Compare(a.agreement, b.agreement))
		})
		remaining := map[subAllocKey]money.Amount{}
		for _, k := range keys {
			if _, err := tx.Agreement(ctx, k.agreement); err != nil {
				return fieldError(err, prefix(subAllocIndex(lines, k))+"agreement_id")
			}
			if _, err := tx.Organisation(ctx, k.org); err != nil {
				return fieldError(err, prefix(subAllocIndex(lines, k))+"from_org")
			}
			if err := tx.LockSubAllocations(ctx, k.org, k.agreement); err != nil {
				return err
			}
			rem, err := s.subUnallocated(ctx, tx, k)
			if err != nil {
				return err
			}
			remaining[k] = rem
		}
		at := s.stamp()
		for i := range lines {
			l := &lines[i]
			if err := s.checkSubReceiver(ctx, tx, l, prefix(i)); err != nil {
				return err
			}
			k := subAllocKey{l.FromOrg, l.AgreementID}
			if l.Amount > remaining[k] {
				return grant.Errorf(grant.EINVALID, prefix(i)+"amount",
					"%s exceeds what %s has left to sub-allocate under agreement %d: %s remains",
					"%s överstiger vad %s har kvar att fördela inom överenskommelse %d: %s återstår", l.Amount, l.FromOrg, l.AgreementID, remaining[k])
			}
			remaining[k] -= l.Amount
			l.Status, l.Version = grant.SubAllocActive, 1
			if err := tx.InsertSubAllocation(ctx, l, at); err != nil {
				return err
			}
			ctx := acting[l.FromOrg]
			if err := s.ledger(ctx, tx, grant.LedgerEntry{Kind: grant.EntrySubAllocated, AgreementID: l.AgreementID, OrgCode: l.FromOrg,
				Amount: l.Amount, RefType: "sub_allocation", RefID: l.ID}); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, "create", "sub_allocation", l.ID, nil, l); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return lines, nil
}

// subUnallocated is what an organisation received under an agreement and has
// not yet sub-allocated. Received means paid out to it (ledger kind paid).
func (s *Service) subUnallocated(ctx context.Context, tx Tx, k subAllocKey) (money.Amount, error) {
	bal, err := tx.Balances(ctx, ListFilter{AgreementID: k.agreement, OrgCode: k.org, Kind: string(grant.EntryPaid)})
	if err != nil {
		return 0, err
	}
	spread, err := tx.SumSubAllocations(ctx, k.org, k.agreement)
	if err != nil {
		return 0, err
	}
	return bal[grant.EntryPaid] - spread, nil
}

// checkSubReceiver checks that a line goes to a committee or unit inside the
// giving organisation, or to an initiative of it or of such a committee or unit.
func (s *Service) checkSubReceiver(ctx context.Context, tx Tx, l *grant.SubAllocation, prefix string) error {
	if l.InitiativeID != 0 {
		in, err := tx.Initiative(ctx, l.InitiativeID)
		if err != nil {
			return fieldError(err, prefix+"initiative_id")
		}
		if in.OrgCode != l.FromOrg {
			inside, err := s.orgInside(ctx, tx, in.OrgCode, l.FromOrg)
			if err != nil {
				return err
			}
			if !inside {
				return grant.Errorf(grant.EINVALID, prefix+"initiative_id", "initiative %d belongs to %s, not to %s or its committees and units",
					"insats %d hör till %s, inte till %s eller dess nämnder och enheter", in.ID, in.OrgCode, l.FromOrg)
			}
		}
		if in.AgreementID != 0 && in.AgreementID != l.AgreementID {
			return grant.Errorf(grant.EINVALID, prefix+"initiative_id", "initiative %d is funded by agreement %d, not %d",
				"insats %d finansieras av överenskommelse %d, inte %d", in.ID, in.AgreementID, l.AgreementID)
		}
		return nil
	}
	to, err := tx.Organisation(ctx, l.ToOrg)
	if err != nil {
		return fieldError(err, prefix+"to_org")
	}
	inside := false
	if to.Kind == grant.OrgCommittee || to.Kind == grant.OrgUnit {
		if inside, err = s.orgInside(ctx, tx, to.Code, l.FromOrg); err != nil {
			return err
		}
	}
	if !inside {
		return grant.Errorf(grant.EINVALID, prefix+"to_org", "%s is not a committee or unit of %s", "%s är inte en nämnd eller enhet inom %s", l.ToOrg, l.FromOrg)
	}
	return nil
}

// maxOrgDepth bounds the walk up the parent chain; no real organisation is
// nested this deep, and it stops a cycle from looping for ever.
const maxOrgDepth = 32

// orgInside tells whether org is a descendant of ancestor by parent codes.
func (s *Service) orgInside(ctx context.Context, tx Tx, org, ancestor string) (bool, error) {
	code := org
	for range maxOrgDepth {
		o, err := tx.Organisation(ctx, code)
		if err != nil {
			return false, err
		}
		if o.ParentCode == "" {
			return false, nil
		}
		if o.ParentCode == ancestor {
			return true, nil
		}
		code = o.ParentCode
	}
	return false, nil
}

// WithdrawSubAllocation withdraws an active sub-allocation read at version,
// giving its money back to the organisation to sub-allocate again.
func (s *Service) WithdrawSubAllocation(ctx context.Context, id, version int64) (sa grant.SubAllocation, err error) {
	err = s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.SubAllocation(ctx, id)
		if err != nil {
			return err
		}
		if ctx, err = s.actFor(ctx, tx, before.FromOrg); err != nil {
			return err
		}
		if before.Status != grant.SubAllocActive {
			return grant.Errorf(grant.ECONFLICT, "", "sub-allocation %d is already withdrawn", "fördelning %d är redan återkallad", id)
		}
		sa = before
		sa.Status = grant.SubAllocWithdrawn
		if sa.Version, err = tx.WithdrawSubAllocation(ctx, id, version, s.stamp()); err != nil {
			return err
		}
		if err := s.ledger(ctx, tx, grant.LedgerEntry{Kind: grant.EntrySubReleased, AgreementID: sa.AgreementID, OrgCode: sa.FromOrg,
			Amount: sa.Amount, RefType: "sub_allocation", RefID: id}); err != nil {
			return err
		}
		return s.audit(ctx, tx, "withdraw", "sub_allocation", id, before, sa)
	})
	return sa, err
}

// SubAllocation reads one sub-allocation.
func (s *Service) SubAllocation(ctx context.Context, id int64) (sa grant.SubAllocation, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		sa, err = tx.SubAllocation(ctx, id)
		return err
	})
	return sa, err
}

// SubAllocations lists sub-allocations by agreement, giving organisation and status.
func (s *Service) SubAllocations(ctx context.Context, f ListFilter) (list []grant.SubAllocation, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if f.AsOf != "" {
			list, total, err = subAllocationsAsOf(ctx, tx, f)
		} else {
			list, total, err = tx.ListSubAllocations(ctx, f)
		}
		return err
	})
	return list, total, err
}

func subAllocIndex(lines []grant.SubAllocation, k subAllocKey) int {
	return slices.IndexFunc(lines, func(l grant.SubAllocation) bool { return l.FromOrg == k.org && l.AgreementID == k.agreement })
}
