package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// AppendLedger implements app.LedgerRepo. There is no update or delete.
func (t *Tx) AppendLedger(ctx context.Context, entries []grant.LedgerEntry) error {
	for _, e := range entries {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO ledger_entries (at, kind, agreement_id, pot_id, org_code, amount, ref_type, ref_id, actor)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, e.At, e.Kind, e.AgreementID, nullID(e.PotID), e.OrgCode, e.Amount, e.RefType, e.RefID, e.Actor)
		if err != nil {
			return fmt.Errorf("ledger %s %s: %w", e.Kind, e.OrgCode, mapError(err))
		}
	}
	return nil
}

func ledgerWhere(f app.ListFilter) where {
	var w where
	if f.AgreementID != 0 {
		w.add("agreement_id = ?", f.AgreementID)
	}
	if f.PotID != 0 {
		w.add("pot_id = ?", f.PotID)
	}
	if f.OrgCode != "" {
		w.add("org_code = ?", f.OrgCode)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Year != 0 {
		w.add("agreement_id IN (SELECT id FROM agreements WHERE year = ?)", f.Year)
	}
	return w
}

// Balances implements app.LedgerRepo.
func (t *Tx) Balances(ctx context.Context, f app.ListFilter) (map[grant.EntryKind]money.Amount, error) {
	w := ledgerWhere(f)
	rows, err := t.tx.QueryContext(ctx, `SELECT kind, SUM(amount) FROM ledger_entries`+w.String()+` GROUP BY kind`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("balances: %w", err)
	}
	defer rows.Close()
	out := map[grant.EntryKind]money.Amount{}
	for rows.Next() {
		var k grant.EntryKind
		var sum money.Amount
		if err := rows.Scan(&k, &sum); err != nil {
			return nil, fmt.Errorf("balances: %w", err)
		}
		out[k] = sum
	}
	return out, rows.Err()
}

// ListLedger implements app.LedgerRepo: oldest first.
func (t *Tx) ListLedger(ctx context.Context, f app.ListFilter) ([]grant.LedgerEntry, int, error) {
	w := ledgerWhere(f)
	total, err := t.count(ctx, "ledger_entries", w)
	if err != nil {
		return nil, 0, fmt.Errorf("count ledger: %w", err)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT id, at, kind, agreement_id, COALESCE(pot_id, 0), org_code, amount, ref_type, ref_id, actor
		FROM ledger_entries`+w.String()+` ORDER BY id`+w.page(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list ledger: %w", err)
	}
	defer rows.Close()
	var out []grant.LedgerEntry
	for rows.Next() {
		var e grant.LedgerEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Kind, &e.AgreementID, &e.PotID, &e.OrgCode, &e.Amount, &e.RefType, &e.RefID, &e.Actor); err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
