package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
)

// CreateInitiative records something an organisation's money buys.
func (s *Service) CreateInitiative(ctx context.Context, in grant.Initiative) (grant.Initiative, error) {
	if err := in.Validate(); err != nil {
		return in, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		ctx, err := s.actFor(ctx, tx, in.OrgCode)
		if err != nil {
			return err
		}
		if err := checkInitiative(ctx, tx, in); err != nil {
			return err
		}
		in.Version = 1
		if err := tx.InsertInitiative(ctx, &in, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "initiative", in.ID, nil, in)
	})
	return in, err
}

// UpdateInitiative changes an initiative read at version in.Version. Its
// organisation stays: sub-allocations to it were checked against it.
func (s *Service) UpdateInitiative(ctx context.Context, in grant.Initiative) (grant.Initiative, error) {
	if err := in.Validate(); err != nil {
		return in, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Initiative(ctx, in.ID)
		if err != nil {
			return err
		}
		if ctx, err = s.actFor(ctx, tx, before.OrgCode); err != nil {
			return err
		}
		if in.OrgCode != before.OrgCode {
			return grant.Errorf(grant.EINVALID, "org_code", "an initiative cannot move to another organisation (it belongs to %s)",
				"en insats kan inte flyttas till en annan organisation (den hör till %s)", before.OrgCode)
		}
		if err := checkInitiative(ctx, tx, in); err != nil {
			return err
		}
		if in.Version, err = tx.UpdateInitiative(ctx, in, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "update", "initiative", in.ID, before, in)
	})
	return in, err
}

// checkInitiative checks an initiative against the records it names.
func checkInitiative(ctx context.Context, tx Tx, in grant.Initiative) error {
	if _, err := tx.Organisation(ctx, in.OrgCode); err != nil {
		return fieldError(err, "org_code")
	}
	if in.PartnerCode != "" {
		p, err := tx.Organisation(ctx, in.PartnerCode)
		if err != nil {
			return fieldError(err, "partner_code")
		}
		if p.Kind != grant.OrgPartner {
			return grant.Errorf(grant.EINVALID, "partner_code", "%s is a %s, not a partner organisation", "%s är av typen %s, inte en partnerorganisation", p.Code, p.Kind)
		}
	}
	if in.AgreementID != 0 {
		if _, err := tx.Agreement(ctx, in.AgreementID); err != nil {
			return fieldError(err, "agreement_id")
		}
	}
	return nil
}

// Initiative reads one initiative.
func (s *Service) Initiative(ctx context.Context, id int64) (in grant.Initiative, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		in, err = tx.Initiative(ctx, id)
		return err
	})
	return in, err
}

// Initiatives lists initiatives by organisation, agreement, kind and year.
func (s *Service) Initiatives(ctx context.Context, f ListFilter) (list []grant.Initiative, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListInitiatives(ctx, f)
		return err
	})
	return list, total, err
}
