package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
)

// CreateAgreement records an agreement; its parties must exist.
func (s *Service) CreateAgreement(ctx context.Context, a grant.Agreement) (grant.Agreement, error) {
	if err := requireAdmin(ctx); err != nil {
		return a, err
	}
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		if err := checkParties(ctx, tx, a.Parties); err != nil {
			return err
		}
		a.Version = 1
		if err := tx.InsertAgreement(ctx, &a, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "agreement", a.ID, nil, a)
	})
	return a, err
}

// UpdateAgreement changes an agreement read at version a.Version. The total
// may not fall below the sum of its pots.
func (s *Service) UpdateAgreement(ctx context.Context, a grant.Agreement) (grant.Agreement, error) {
	if err := requireAdmin(ctx); err != nil {
		return a, err
	}
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Agreement(ctx, a.ID)
		if err != nil {
			return err
		}
		if err := checkParties(ctx, tx, a.Parties); err != nil {
			return err
		}
		sum, err := tx.SumPots(ctx, a.ID, 0)
		if err != nil {
			return err
		}
		if a.Total < sum {
			return grant.Errorf(grant.EINVALID, "total", "the total %s is less than the agreement's pots, %s", "totalen %s är mindre än överenskommelsens potter, %s", a.Total, sum)
		}
		if a.Version, err = tx.UpdateAgreement(ctx, a, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "update", "agreement", a.ID, before, a)
	})
	return a, err
}

// Agreement reads one agreement.
func (s *Service) Agreement(ctx context.Context, id int64) (a grant.Agreement, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		a, err = tx.Agreement(ctx, id)
		return err
	})
	return a, err
}

// Agreements lists agreements, newest year first.
func (s *Service) Agreements(ctx context.Context, f ListFilter) (list []grant.Agreement, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListAgreements(ctx, f)
		return err
	})
	return list, total, err
}

func checkParties(ctx context.Context, tx Tx, parties []string) error {
	seen := map[string]bool{}
	for i, code := range parties {
		if seen[code] {
			return grant.Errorf(grant.EINVALID, "parties", "%q is listed twice", "%q anges två gånger", code)
		}
		seen[code] = true
		if _, err := tx.Organisation(ctx, code); err != nil {
			return fieldError(err, grant.FieldIndex("parties", i, ""))
		}
	}
	return nil
}
