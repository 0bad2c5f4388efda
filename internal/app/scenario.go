package app

import (
	"context"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/grant"
)

// PreviewScenario splits a pot as given, which need not be stored: the
// pages use it to show what another key, population table or age band
// would give before anyone changes the pot. Nothing is stored.
func (s *Service) PreviewScenario(ctx context.Context, p grant.Pot) (res *allocate.Result, err error) {
	if err := RequireOversight(ctx); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		if p.PopulationTableID != 0 {
			if _, err := tx.PopulationTable(ctx, p.PopulationTableID); err != nil {
				return fieldError(err, "population_table_id")
			}
		}
		req, err := s.request(ctx, tx, p)
		if err != nil {
			return err
		}
		res, err = compute(req)
		return err
	})
	return res, err
}

// RequireAdmin refuses anyone but an administrator: the pages ask it
// before showing a form that only an administrator may submit.
func RequireAdmin(ctx context.Context) error { return requireAdmin(ctx) }
