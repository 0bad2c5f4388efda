package store

import (
	"context"
	"fmt"
)

// ExecForTest runs a statement on the write pool, for tests that must
// reach past the app layer (to prove that it refuses what they do).
func (db *DB) ExecForTest(ctx context.Context, q string, args ...any) error {
	_, err := db.write.ExecContext(ctx, q, args...)
	return err
}

// LedgerSumsForTest reads every row of ledger_sums, keyed
// "agreement/pot/org/kind".
func (db *DB) LedgerSumsForTest(ctx context.Context) (map[string]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT agreement_id, pot_id, org_code, kind, amount FROM ledger_sums`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var a, p, amt int64
		var org, kind string
		if err := rows.Scan(&a, &p, &org, &kind, &amt); err != nil {
			return nil, err
		}
		out[fmt.Sprintf("%d/%d/%s/%s", a, p, org, kind)] = amt
	}
	return out, rows.Err()
}

// SetRerunReadsForTest turns Config.RerunReads on or off, for tests that
// count how often a read's closure runs.
func (db *DB) SetRerunReadsForTest(on bool) { db.rerunReads = on }
