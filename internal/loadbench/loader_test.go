package loadbench_test

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/anslag/anslag/internal/grant"
)

func requisitionCols() []string {
	return []string{"pot_id", "run_id", "org_code", "joint", "county", "amount", "reference", "status", "reason",
		"submitted_at", "submitted_by", "decided_at", "decided_by", "version", "agreement_id"}
}

func paymentCols() []string {
	return []string{"requisition_id", "amount", "paid_on", "idempotency_key", "created_at", "created_by", "pot_id", "agreement_id", "org_code"}
}

func ledgerCols() []string {
	return []string{"at", "kind", "agreement_id", "pot_id", "org_code", "amount", "ref_type", "ref_id", "actor"}
}

func requisitionRow(a grant.Agreement, r grant.Requisition) []any {
	return []any{r.PotID, r.RunID, r.OrgCode, r.Joint, r.County, int64(r.Amount), r.Reference, string(r.Status), r.Reason,
		r.SubmittedAt, r.SubmittedBy, r.DecidedAt, r.DecidedBy, r.Version, a.ID}
}

// paymentRow is the one payment of a generated requisition.
func paymentRow(a grant.Agreement, r grant.Requisition) []any {
	p := payment(r)
	return []any{p.RequisitionID, int64(p.Amount), string(p.PaidOn), p.IdempotencyKey, p.CreatedAt, p.CreatedBy, r.PotID, a.ID, r.OrgCode}
}

// ledgerRow resolves a generated reference to the year's i-th payment.
func ledgerRow(e grant.LedgerEntry, payments []int64) []any {
	if e.RefType == "payment" && e.RefID < 0 {
		e.RefID = payments[-1-e.RefID]
	}
	return []any{e.At, string(e.Kind), e.AgreementID, e.PotID, e.OrgCode, int64(e.Amount), e.RefType, e.RefID, e.Actor}
}

func insertSQL(table string, cols []string) string {
	s := "INSERT INTO " + table + " ("
	v := ") VALUES ("
	for i, c := range cols {
		if i > 0 {
			s, v = s+", ", v+", "
		}
		s, v = s+c, v+fmt.Sprintf("$%d", i+1)
	}
	return s + v + ")"
}

// sqliteLoader inserts with prepared statements in one write transaction.
type sqliteLoader struct{ db *sql.DB }

func (l sqliteLoader) Year(ctx context.Context, a grant.Agreement, rs []grant.Requisition, ledger func(func(grant.LedgerEntry))) (int, int, error) {
	tx, err := l.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback()
	stmt := func(table string, cols []string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		s, err = tx.PrepareContext(ctx, insertSQL(table, cols))
		return s
	}
	reqStmt, payStmt, ledStmt := stmt("requisitions", requisitionCols()), stmt("payments", paymentCols()), stmt("ledger_entries", ledgerCols())
	if err != nil {
		return 0, 0, err
	}
	pays := make([]int64, len(rs))
	for i := range rs {
		res, err := reqStmt.ExecContext(ctx, requisitionRow(a, rs[i])...)
		if err != nil {
			return 0, 0, fmt.Errorf("requisition: %w", err)
		}
		if rs[i].ID, err = res.LastInsertId(); err != nil {
			return 0, 0, err
		}
		res, err = payStmt.ExecContext(ctx, paymentRow(a, rs[i])...)
		if err != nil {
			return 0, 0, fmt.Errorf("payment: %w", err)
		}
		if pays[i], err = res.LastInsertId(); err != nil {
			return 0, 0, err
		}
	}
	n := 0
	ledger(func(e grant.LedgerEntry) {
		if err == nil {
			_, err = ledStmt.ExecContext(ctx, ledgerRow(e, pays)...)
			n++
		}
	})
	if err != nil {
		return 0, 0, fmt.Errorf("ledger: %w", err)
	}
	return len(rs), n, tx.Commit()
}

// Finish does nothing: anslag never runs ANALYZE on SQLite, so neither
// does the benchmark.
func (l sqliteLoader) Finish(context.Context) error { return nil }

func (l sqliteLoader) Close() error { return l.db.Close() }

// postgresLoader copies (COPY FROM STDIN) and reads the new ids back in
// order: one session draws them from the identity sequence in row order.
type postgresLoader struct{ conn *pgx.Conn }

func openPostgresLoader(ctx context.Context, url string) (loader, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	return postgresLoader{conn}, nil
}

func (l postgresLoader) Year(ctx context.Context, a grant.Agreement, rs []grant.Requisition, ledger func(func(grant.LedgerEntry))) (int, int, error) {
	tx, err := l.conn.Begin(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer tx.Rollback(ctx)
	reqIDs, err := copyIDs(ctx, tx, "requisitions", requisitionCols(), len(rs), func(i int) []any { return requisitionRow(a, rs[i]) })
	if err != nil {
		return 0, 0, err
	}
	for i := range rs {
		rs[i].ID = reqIDs[i]
	}
	pays, err := copyIDs(ctx, tx, "payments", paymentCols(), len(rs), func(i int) []any { return paymentRow(a, rs[i]) })
	if err != nil {
		return 0, 0, err
	}
	var rows [][]any
	ledger(func(e grant.LedgerEntry) { rows = append(rows, ledgerRow(e, pays)) })
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{"ledger_entries"}, ledgerCols(), pgx.CopyFromRows(rows)); err != nil {
		return 0, 0, fmt.Errorf("copy ledger: %w", err)
	}
	return len(rs), len(rows), tx.Commit(ctx)
}

// copyIDs copies n rows into table and returns their ids in row order.
func copyIDs(ctx context.Context, tx pgx.Tx, table string, cols []string, n int, row func(int) []any) ([]int64, error) {
	var before int64
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table).Scan(&before); err != nil {
		return nil, err
	}
	if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil })); err != nil {
		return nil, fmt.Errorf("copy %s: %w", table, err)
	}
	rows, err := tx.Query(ctx, "SELECT id FROM "+table+" WHERE id > $1 ORDER BY id", before)
	if err != nil {
		return nil, err
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err == nil && len(ids) != n {
		err = fmt.Errorf("copy %s: %d ids for %d rows", table, len(ids), n)
	}
	return ids, err
}

// Finish runs what autovacuum would have run on a table that grew by a
// million rows: VACUUM (visibility map, for index-only scans) and ANALYZE.
func (l postgresLoader) Finish(ctx context.Context) error {
	_, err := l.conn.Exec(ctx, "VACUUM ANALYZE agreements, agreement_parties, pots, allocation_runs, allocation_lines, ledger_entries, ledger_sums, requisitions, payments, audit_log")
	return err
}

func (l postgresLoader) Close() error { return l.conn.Close(context.Background()) }
