package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// AppendLedger implements app.LedgerRepo. There is no update or delete.
// The running sums follow at commit (ledger_sums.go).
func (t *Tx) AppendLedger(ctx context.Context, entries []grant.LedgerEntry) error {
	if t.sums == nil {
		t.sums = pendingSums{}
	}
	for _, e := range entries {
		t.sums.add(e)
		_, err := t.tx.ExecContext(ctx, `INSERT INTO ledger_entries (at, kind, agreement_id, pot_id, org_code, amount, ref_type, ref_id, actor)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, e.At, e.Kind, e.AgreementID, nullID(e.PotID), e.OrgCode, e.Amount, e.RefType, e.RefID, e.Actor)
		if err != nil {
			return fmt.Errorf("ledger %s %s: %w", e.Kind, e.OrgCode, mapError(err))
		}
	}
	return nil
}

func (t *Tx) ledgerWhere(ctx context.Context, f app.ListFilter) (where, error) {
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
		return w, t.inYear(ctx, &w, "agreement_id", f.Year)
	}
	return w, nil
}

// ListLedger implements app.LedgerRepo: oldest first.
func (t *Tx) ListLedger(ctx context.Context, f app.ListFilter) ([]grant.LedgerEntry, int, error) {
	w, err := t.ledgerWhere(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	out, total, err := listByID(ctx, t, `id, at, kind, agreement_id, COALESCE(pot_id, 0), org_code, amount, ref_type, ref_id, actor`,
		"ledger_entries", "ledger_entries", "id", w, f, func(row rowScanner) (e grant.LedgerEntry, err error) {
			err = row.Scan(&e.ID, &e.At, &e.Kind, &e.AgreementID, &e.PotID, &e.OrgCode, &e.Amount, &e.RefType, &e.RefID, &e.Actor)
			return e, err
		})
	if err != nil {
		return nil, 0, fmt.Errorf("list ledger: %w", err)
	}
	return out, total, nil
}

// BalancesBefore implements app.LedgerRepo: the ledger summed by kind over
// the entries before an instant. The running sums hold only the present,
// so this reads the entries themselves.
func (t *Tx) BalancesBefore(ctx context.Context, f app.ListFilter, before string) (map[grant.EntryKind]money.Amount, error) {
	w, err := t.ledgerWhere(ctx, f)
	if err != nil {
		return nil, err
	}
	w.add("at < ?", before)
	out, err := sumByKind(ctx, t, "ledger_entries", w)
	if err != nil {
		return nil, fmt.Errorf("balances before %s: %w", before, err)
	}
	return out, nil
}

// sumByKind sums the amounts of a table's rows matching w, by kind.
func sumByKind(ctx context.Context, t *Tx, table string, w where) (map[grant.EntryKind]money.Amount, error) {
	out := map[grant.EntryKind]money.Amount{}
	err := eachRow(ctx, t, `SELECT kind, SUM(amount) FROM `+table+w.String()+` GROUP BY kind`, w.args, func(row rowScanner) error {
		var k grant.EntryKind
		var sum money.Amount
		if err := row.Scan(&k, &sum); err != nil {
			return err
		}
		out[k] = sum
		return nil
	})
	return out, err
}
