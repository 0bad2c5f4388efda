package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// Ledger lists money movements, oldest first.
func (s *Service) Ledger(ctx context.Context, f ListFilter) (list []grant.LedgerEntry, total int, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if err := s.scopeList(ctx, tx, &f); err != nil {
			return err
		}
		list, total, err = tx.ListLedger(ctx, f)
		return err
	})
	return list, total, err
}

// Balances sums the money movements matching f by kind.
func (s *Service) Balances(ctx context.Context, f ListFilter) (sums map[grant.EntryKind]money.Amount, err error) {
	err = s.store.Read(ctx, func(tx Tx) error {
		if err := s.scopeList(ctx, tx, &f); err != nil {
			return err
		}
		if f.AsOf != "" {
			sums, err = balancesAsOf(ctx, tx, f)
		} else {
			sums, err = tx.Balances(ctx, f)
		}
		return err
	})
	return sums, err
}

// Audit lists the audit log, newest first.
func (s *Service) Audit(ctx context.Context, f AuditFilter) (list []grant.AuditEntry, total int, err error) {
	if err := RequireOversight(ctx); err != nil {
		return nil, 0, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListAudit(ctx, f)
		return err
	})
	return list, total, err
}
