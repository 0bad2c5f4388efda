package store

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// sumKey is one row of ledger_sums (migration 0006): pot 0 stands for all
// of an agreement's pots and org "" for all organisations.
type sumKey struct {
	agreement, pot int64
	org            string
	kind           grant.EntryKind
}

// compare orders keys as the table's primary key does.
func (k sumKey) compare(o sumKey) int {
	return cmp.Or(cmp.Compare(k.agreement, o.agreement), cmp.Compare(k.pot, o.pot), cmp.Compare(k.org, o.org), cmp.Compare(k.kind, o.kind))
}

// pendingSums are a write transaction's additions to ledger_sums. They are
// written once, just before commit and in key order, so that two
// transactions take the rows' locks in the same order (no deadlock on
// PostgreSQL) and hold an agreement's busiest rows only for the commit.
type pendingSums map[sumKey]money.Amount

// add adds an entry to the rows it counts in.
func (p pendingSums) add(e grant.LedgerEntry) {
	if e.PotID != 0 {
		p[sumKey{e.AgreementID, e.PotID, e.OrgCode, e.Kind}] += e.Amount
		p[sumKey{e.AgreementID, e.PotID, "", e.Kind}] += e.Amount
	}
	p[sumKey{e.AgreementID, 0, e.OrgCode, e.Kind}] += e.Amount
	p[sumKey{e.AgreementID, 0, "", e.Kind}] += e.Amount
}

// flushSums writes the pending sums; the write transaction calls it last.
func (t *Tx) flushSums(ctx context.Context) error {
	keys := slices.SortedFunc(maps.Keys(t.sums), sumKey.compare)
	for _, k := range keys {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO ledger_sums (agreement_id, pot_id, org_code, kind, amount) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (agreement_id, pot_id, org_code, kind) DO UPDATE SET amount = ledger_sums.amount + excluded.amount`,
			k.agreement, k.pot, k.org, k.kind, t.sums[k])
		if err != nil {
			return fmt.Errorf("ledger sums: %w", mapError(err))
		}
	}
	clear(t.sums)
	return nil
}

// Balances implements app.LedgerRepo: it reads the running sums of the
// level f names (pot or all pots, organisation or all) and adds what this
// transaction has appended but not yet written to them.
func (t *Tx) Balances(ctx context.Context, f app.ListFilter) (map[grant.EntryKind]money.Amount, error) {
	var w where
	w.add("pot_id = ?", f.PotID)
	w.add("org_code = ?", f.OrgCode)
	if f.AgreementID != 0 {
		w.add("agreement_id = ?", f.AgreementID)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Year != 0 {
		w.add("agreement_id IN (SELECT id FROM agreements WHERE year = ?)", f.Year)
	}
	out, err := sumByKind(ctx, t, "ledger_sums", w)
	if err != nil {
		return nil, fmt.Errorf("balances: %w", err)
	}
	for k, amt := range t.sums {
		if k.pot != f.PotID || k.org != f.OrgCode || (f.AgreementID != 0 && k.agreement != f.AgreementID) ||
			(f.Kind != "" && string(k.kind) != f.Kind) {
			continue
		}
		if f.Year != 0 {
			var year int
			if err := t.tx.QueryRowContext(ctx, `SELECT year FROM agreements WHERE id = $1`, k.agreement).Scan(&year); err != nil {
				return nil, fmt.Errorf("balances: %w", err)
			}
			if year != f.Year {
				continue
			}
		}
		out[k.kind] += amt
	}
	return out, nil
}

// rebuildSums recomputes ledger_sums from the entries, level by level, as
// migration 0006 first filled it.
var rebuildSums = []string{
	`DELETE FROM ledger_sums`,
	`INSERT INTO ledger_sums (agreement_id, pot_id, org_code, kind, amount)
		SELECT agreement_id, pot_id, org_code, kind, SUM(amount) FROM ledger_entries
		WHERE pot_id IS NOT NULL GROUP BY agreement_id, pot_id, org_code, kind`,
	`INSERT INTO ledger_sums (agreement_id, pot_id, org_code, kind, amount)
		SELECT agreement_id, pot_id, '', kind, SUM(amount) FROM ledger_entries
		WHERE pot_id IS NOT NULL GROUP BY agreement_id, pot_id, kind`,
	`INSERT INTO ledger_sums (agreement_id, pot_id, org_code, kind, amount)
		SELECT agreement_id, 0, org_code, kind, SUM(amount) FROM ledger_entries GROUP BY agreement_id, org_code, kind`,
	`INSERT INTO ledger_sums (agreement_id, pot_id, org_code, kind, amount)
		SELECT agreement_id, 0, '', kind, SUM(amount) FROM ledger_entries GROUP BY agreement_id, kind`,
}

// RebuildLedgerSums recomputes the running sums from the ledger in one
// write transaction: for rows written past the app (a bulk load), and to
// check that the sums kept by the writes are the sums of the entries.
func (db *DB) RebuildLedgerSums(ctx context.Context) error {
	return db.inTx(ctx, db.write, db.writeGate, nil, func(tx *Tx) error {
		for _, q := range rebuildSums {
			if _, err := tx.tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("rebuild ledger sums: %w", err)
			}
		}
		return nil
	})
}
