package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
)

// CreatePot adds a pot to an agreement; the pots may not exceed its total.
func (s *Service) CreatePot(ctx context.Context, p grant.Pot) (grant.Pot, error) {
	if err := requireAdmin(ctx); err != nil {
		return p, err
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		if err := s.checkPot(ctx, tx, &p, 0); err != nil {
			return err
		}
		p.Version = 1
		if err := tx.InsertPot(ctx, &p, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "pot", p.ID, nil, p)
	})
	return p, err
}

// UpdatePot changes a pot read at version p.Version. A pot whose split has
// been decided keeps its amount and key: the decision rests on them.
func (s *Service) UpdatePot(ctx context.Context, p grant.Pot) (grant.Pot, error) {
	if err := requireAdmin(ctx); err != nil {
		return p, err
	}
	if err := p.Validate(); err != nil {
		return p, err
	}
	err := s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.Pot(ctx, p.ID)
		if err != nil {
			return err
		}
		p.AgreementID = before.AgreementID
		if _, err := tx.DecidedRun(ctx, p.ID); err == nil {
			if p.Amount != before.Amount || p.Key != before.Key || p.Recipients != before.Recipients || p.Unit != before.Unit ||
				p.PopulationTableID != before.PopulationTableID || p.Ages != before.Ages || p.Sex != before.Sex {
				return grant.Errorf(grant.ECONFLICT, "", "the pot's split is decided; its amount, recipients and key can no longer change",
					"pottens fördelning är beslutad; belopp, mottagare och nyckel kan inte längre ändras")
			}
		} else if grant.ErrorCode(err) != grant.ENOTFOUND {
			return err
		}
		if err := s.checkPot(ctx, tx, &p, p.ID); err != nil {
			return err
		}
		if p.Version, err = tx.UpdatePot(ctx, p, s.stamp()); err != nil {
			return err
		}
		return s.audit(ctx, tx, "update", "pot", p.ID, before, p)
	})
	return p, err
}

// checkPot checks a pot against the records it refers to.
func (s *Service) checkPot(ctx context.Context, tx Tx, p *grant.Pot, self int64) error {
	a, err := tx.Agreement(ctx, p.AgreementID)
	if err != nil {
		return fieldError(err, "agreement_id")
	}
	sum, err := tx.SumPots(ctx, a.ID, self)
	if err != nil {
		return err
	}
	if sum+p.Amount > a.Total {
		return grant.Errorf(grant.EINVALID, "amount", "the pots would add up to %s, more than the agreement's total %s",
			"potterna skulle summera till %s, mer än överenskommelsens total %s", sum+p.Amount, a.Total)
	}
	inSet := map[string]bool{}
	if p.Recipients != "" {
		orgs, err := p.Recipients.Resolve(s.reg)
		if err != nil {
			return userError(grant.EINVALID, "recipients", err)
		}
		for _, o := range orgs {
			inSet[o.Code] = true
		}
	}
	if p.PopulationTableID != 0 {
		if _, err := tx.PopulationTable(ctx, p.PopulationTableID); err != nil {
			return fieldError(err, "population_table_id")
		}
	}
	for i, b := range p.Bounds {
		if !inSet[b.Code] {
			return grant.Errorf(grant.EINVALID, grant.FieldIndex("bounds", i, "code"), "%q is not among the pot's recipients", "%q är inte bland pottens mottagare", b.Code)
		}
	}
	for i := range p.SetAsides {
		sa := &p.SetAsides[i]
		holder, err := tx.Organisation(ctx, sa.Holder)
		if err != nil {
			return fieldError(err, grant.FieldIndex("set_asides", i, "holder"))
		}
		sa.HolderName = holder.Name
	}
	return nil
}

// Pot reads one pot.
func (s *Service) Pot(ctx context.Context, id int64) (p grant.Pot, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		p, err = tx.Pot(ctx, id)
		return err
	})
	return p, err
}

// Pots lists pots, by agreement or year.
func (s *Service) Pots(ctx context.Context, f ListFilter) (list []grant.Pot, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListPots(ctx, f)
		return err
	})
	return list, total, err
}
