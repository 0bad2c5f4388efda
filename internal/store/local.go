package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

const subAllocColumns = `id, agreement_id, from_org, COALESCE(to_org, ''), COALESCE(initiative_id, 0), amount, decision_ref, decided_on,
	note, status, version`

func scanSubAlloc(row rowScanner) (grant.SubAllocation, error) {
	var s grant.SubAllocation
	err := row.Scan(&s.ID, &s.AgreementID, &s.FromOrg, &s.ToOrg, &s.InitiativeID, &s.Amount, &s.DecisionRef, &s.DecidedOn,
		&s.Note, &s.Status, &s.Version)
	return s, err
}

// InsertSubAllocation implements app.LocalRepo.
func (t *Tx) InsertSubAllocation(ctx context.Context, s *grant.SubAllocation, at string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO sub_allocations (agreement_id, from_org, to_org, initiative_id, amount, decision_ref,
		decided_on, note, status, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10) RETURNING id`,
		s.AgreementID, s.FromOrg, nullable(s.ToOrg), nullID(s.InitiativeID), s.Amount, s.DecisionRef, s.DecidedOn, s.Note, s.Status, at).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("insert sub-allocation: %w", mapError(err))
	}
	return nil
}

// SubAllocation implements app.LocalRepo.
func (t *Tx) SubAllocation(ctx context.Context, id int64) (grant.SubAllocation, error) {
	s, err := scanSubAlloc(t.tx.QueryRowContext(ctx, `SELECT `+subAllocColumns+` FROM sub_allocations WHERE id = $1`, id))
	return s, notFound(err, "sub-allocation", "fördelningen", id)
}

// ListSubAllocations implements app.LocalRepo: in id order.
func (t *Tx) ListSubAllocations(ctx context.Context, f app.ListFilter) ([]grant.SubAllocation, int, error) {
	var w where
	if f.AgreementID != 0 {
		w.add("agreement_id = ?", f.AgreementID)
	}
	if f.OrgCode != "" {
		w.add("from_org = ?", f.OrgCode)
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	if f.Year != 0 {
		w.add("agreement_id IN (SELECT id FROM agreements WHERE year = ?)", f.Year)
	}
	out, total, err := list(ctx, t, `SELECT `+subAllocColumns+` FROM sub_allocations`, "sub_allocations", w, "id", f, scanSubAlloc)
	if err != nil {
		return nil, 0, fmt.Errorf("list sub-allocations: %w", err)
	}
	return out, total, nil
}

// WithdrawSubAllocation implements app.LocalRepo.
func (t *Tx) WithdrawSubAllocation(ctx context.Context, id, version int64, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE sub_allocations SET status = 'withdrawn', version = version + 1, updated_at = $1
		WHERE id = $2 AND version = $3 AND status = 'active'`, at, id, version)
	if err != nil {
		return 0, fmt.Errorf("withdraw sub-allocation %d: %w", id, mapError(err))
	}
	return t.bumped(ctx, res, "sub_allocations", "id", id, version, "sub-allocation", "fördelningen")
}

// LockSubAllocations implements app.LocalRepo. The upsert writes the
// (organisation, agreement) row, which PostgreSQL then holds locked until
// commit; on SQLite the write transaction already holds the single write lock.
func (t *Tx) LockSubAllocations(ctx context.Context, org string, agreementID int64) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO sub_allocation_locks (org_code, agreement_id, version) VALUES ($1, $2, 1)
		ON CONFLICT (org_code, agreement_id) DO UPDATE SET version = sub_allocation_locks.version + 1`, org, agreementID)
	if err != nil {
		return fmt.Errorf("lock sub-allocations of %s: %w", org, mapError(err))
	}
	return nil
}

// SumSubAllocations implements app.LocalRepo.
func (t *Tx) SumSubAllocations(ctx context.Context, org string, agreementID int64) (money.Amount, error) {
	var sum sql.NullInt64
	err := t.tx.QueryRowContext(ctx, `SELECT SUM(amount) FROM sub_allocations WHERE from_org = $1 AND agreement_id = $2 AND status = 'active'`,
		org, agreementID).Scan(&sum)
	if err != nil {
		return 0, fmt.Errorf("sum sub-allocations of %s: %w", org, err)
	}
	return money.Amount(sum.Int64), nil
}
