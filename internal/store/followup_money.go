package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const useReportColumns = `r.id, r.pot_id, p.agreement_id, r.org_code, r.paid, r.used, r.unused, r.comment, COALESCE(c.id, 0),
	r.submitted_at, r.submitted_by, r.version`

const useReportFrom = `use_reports r JOIN pots p ON p.id = r.pot_id LEFT JOIN repayment_claims c ON c.report_id = r.id`

func scanUseReport(row rowScanner) (grant.UseReport, error) {
	var r grant.UseReport
	err := row.Scan(&r.ID, &r.PotID, &r.AgreementID, &r.OrgCode, &r.Paid, &r.Used, &r.Unused, &r.Comment, &r.ClaimID,
		&r.SubmittedAt, &r.SubmittedBy, &r.Version)
	return r, err
}

// InsertUseReport implements app.FollowUpRepo.
func (t *Tx) InsertUseReport(ctx context.Context, r *grant.UseReport) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO use_reports (pot_id, org_code, paid, used, unused, comment, submitted_at, submitted_by, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id`,
		r.PotID, r.OrgCode, r.Paid, r.Used, r.Unused, r.Comment, r.SubmittedAt, r.SubmittedBy).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert report of use of pot %d by %s: %w", r.PotID, r.OrgCode, mapError(err))
	}
	return nil
}

// UseReport implements app.FollowUpRepo.
func (t *Tx) UseReport(ctx context.Context, id int64) (grant.UseReport, error) {
	r, err := scanUseReport(t.tx.QueryRowContext(ctx, `SELECT `+useReportColumns+` FROM `+useReportFrom+` WHERE r.id = $1`, id))
	return r, notFound(err, "report of use", "redovisningen", id)
}

// UseReportOf implements app.FollowUpRepo.
func (t *Tx) UseReportOf(ctx context.Context, potID int64, org string) (grant.UseReport, error) {
	r, err := scanUseReport(t.tx.QueryRowContext(ctx, `SELECT `+useReportColumns+` FROM `+useReportFrom+` WHERE r.pot_id = $1 AND r.org_code = $2`, potID, org))
	return r, notFound(err, "report of use of pot", "redovisning för potten", fmt.Sprintf("%d by %s", potID, org))
}

// followUpWhere filters reports (alias r) or claims (alias c) by pot,
// organisation, agreement (pots alias p), year and county.
func followUpWhere(f app.ListFilter, alias string) where {
	var w where
	if f.PotID != 0 {
		w.add(alias+".pot_id = ?", f.PotID)
	}
	if f.OrgCode != "" {
		w.add(alias+".org_code = ?", f.OrgCode)
	}
	if f.AgreementID != 0 {
		w.add("p.agreement_id = ?", f.AgreementID)
	}
	if f.Year != 0 {
		w.add("p.agreement_id IN (SELECT id FROM agreements WHERE year = ?)", f.Year)
	}
	if f.County != "" {
		w.add(alias+".org_code IN (SELECT code FROM organisations WHERE county_code = ?)", f.County)
	}
	return w
}

// ListUseReports implements app.FollowUpRepo: by pot, then organisation.
func (t *Tx) ListUseReports(ctx context.Context, f app.ListFilter) ([]grant.UseReport, grant.ReportTotals, error) {
	var sum grant.ReportTotals
	w := followUpWhere(f, "r")
	err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(r.paid), 0), COALESCE(SUM(r.used), 0), COALESCE(SUM(r.unused), 0)
		FROM use_reports r JOIN pots p ON p.id = r.pot_id`+w.String(), w.args...).Scan(&sum.Count, &sum.Paid, &sum.Used, &sum.Unused)
	if err != nil {
		return nil, sum, fmt.Errorf("sum reports of use: %w", err)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT `+useReportColumns+` FROM `+useReportFrom+w.String()+` ORDER BY r.pot_id, r.org_code`+
		w.page(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, sum, fmt.Errorf("list reports of use: %w", err)
	}
	defer rows.Close()
	var out []grant.UseReport
	for rows.Next() {
		r, err := scanUseReport(rows)
		if err != nil {
			return nil, sum, fmt.Errorf("list reports of use: %w", err)
		}
		out = append(out, r)
	}
	return out, sum, rows.Err()
}

// claimRepaid sums, from the ledger, the repaid entries of a claim's
// repayments (claim alias c).
const claimRepaid = `COALESCE((SELECT SUM(l.amount) FROM ledger_entries l JOIN repayments y ON y.id = l.ref_id
	WHERE l.kind = 'repaid' AND l.ref_type = 'repayment' AND y.claim_id = c.id), 0)`

const claimColumns = `c.id, c.report_id, c.pot_id, p.agreement_id, c.org_code, c.amount, ` + claimRepaid + `, c.status, c.created_at,
	c.settled_at, c.version`

func scanClaim(row rowScanner) (grant.RepaymentClaim, error) {
	var c grant.RepaymentClaim
	err := row.Scan(&c.ID, &c.ReportID, &c.PotID, &c.AgreementID, &c.OrgCode, &c.Amount, &c.Repaid, &c.Status, &c.CreatedAt, &c.SettledAt, &c.Version)
	return c, err
}

// InsertRepaymentClaim implements app.FollowUpRepo.
func (t *Tx) InsertRepaymentClaim(ctx context.Context, c *grant.RepaymentClaim) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO repayment_claims (report_id, pot_id, org_code, amount, status, created_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, 1) RETURNING id`, c.ReportID, c.PotID, c.OrgCode, c.Amount, c.Status, c.CreatedAt).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("insert repayment claim for report %d: %w", c.ReportID, mapError(err))
	}
	return nil
}

// RepaymentClaim implements app.FollowUpRepo.
func (t *Tx) RepaymentClaim(ctx context.Context, id int64) (grant.RepaymentClaim, error) {
	c, err := scanClaim(t.tx.QueryRowContext(ctx, `SELECT `+claimColumns+` FROM repayment_claims c JOIN pots p ON p.id = c.pot_id WHERE c.id = $1`, id))
	return c, notFound(err, "repayment claim", "återkravet", id)
}

// SettleRepaymentClaim implements app.FollowUpRepo.
func (t *Tx) SettleRepaymentClaim(ctx context.Context, id, version int64, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE repayment_claims SET status = 'settled', settled_at = $1, version = version + 1
		WHERE id = $2 AND version = $3 AND status = 'open'`, at, id, version)
	if err != nil {
		return 0, fmt.Errorf("settle repayment claim %d: %w", id, mapError(err))
	}
	return t.bumped(ctx, res, "repayment_claims", "id", id, version, "repayment claim", "återkravet")
}

// ListRepaymentClaims implements app.FollowUpRepo: oldest first.
func (t *Tx) ListRepaymentClaims(ctx context.Context, f app.ListFilter) ([]grant.RepaymentClaim, grant.ClaimTotals, error) {
	var sum grant.ClaimTotals
	filter := func() where {
		w := followUpWhere(f, "c")
		if f.Status != "" {
			w.add("c.status = ?", f.Status)
		}
		return w
	}
	w := filter()
	const from = ` FROM repayment_claims c JOIN pots p ON p.id = c.pot_id`
	if err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(c.amount), 0)`+from+w.String(), w.args...).Scan(&sum.Count, &sum.Claimed); err != nil {
		return nil, sum, fmt.Errorf("sum repayment claims: %w", err)
	}
	w = filter()
	w.add("l.kind = 'repaid' AND l.ref_type = 'repayment'")
	if err := t.tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(l.amount), 0) FROM ledger_entries l JOIN repayments y ON y.id = l.ref_id
		JOIN repayment_claims c ON c.id = y.claim_id JOIN pots p ON p.id = c.pot_id`+w.String(), w.args...).Scan(&sum.Repaid); err != nil {
		return nil, sum, fmt.Errorf("sum repayments: %w", err)
	}
	sum.Outstanding = sum.Claimed - sum.Repaid
	w = filter() // fresh: page appends its own arguments
	rows, err := t.tx.QueryContext(ctx, `SELECT `+claimColumns+from+w.String()+` ORDER BY c.id`+w.page(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, sum, fmt.Errorf("list repayment claims: %w", err)
	}
	defer rows.Close()
	var out []grant.RepaymentClaim
	for rows.Next() {
		c, err := scanClaim(rows)
		if err != nil {
			return nil, sum, fmt.Errorf("list repayment claims: %w", err)
		}
		out = append(out, c)
	}
	return out, sum, rows.Err()
}

const repaymentColumns = `id, claim_id, amount, paid_on, idempotency_key, recorded_at, recorded_by`

func scanRepayment(row rowScanner) (grant.Repayment, error) {
	var r grant.Repayment
	err := row.Scan(&r.ID, &r.ClaimID, &r.Amount, &r.PaidOn, &r.IdempotencyKey, &r.RecordedAt, &r.RecordedBy)
	return r, err
}

// InsertRepayment implements app.FollowUpRepo.
func (t *Tx) InsertRepayment(ctx context.Context, r *grant.Repayment) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO repayments (claim_id, amount, paid_on, idempotency_key, recorded_at, recorded_by)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, r.ClaimID, r.Amount, r.PaidOn, r.IdempotencyKey, r.RecordedAt, r.RecordedBy).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert repayment against claim %d: %w", r.ClaimID, mapError(err))
	}
	return nil
}

// RepaymentByKey implements app.FollowUpRepo.
func (t *Tx) RepaymentByKey(ctx context.Context, key string) (grant.Repayment, error) {
	r, err := scanRepayment(t.tx.QueryRowContext(ctx, `SELECT `+repaymentColumns+` FROM repayments WHERE idempotency_key = $1 AND idempotency_key <> ''`, key))
	return r, notFound(err, "repayment with idempotency key", "återbetalning med idempotensnyckeln", key)
}

// ListRepayments implements app.FollowUpRepo: in the order recorded.
func (t *Tx) ListRepayments(ctx context.Context, claimID int64) ([]grant.Repayment, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+repaymentColumns+` FROM repayments WHERE claim_id = $1 ORDER BY id`, claimID)
	if err != nil {
		return nil, fmt.Errorf("repayments of claim %d: %w", claimID, err)
	}
	defer rows.Close()
	var out []grant.Repayment
	for rows.Next() {
		r, err := scanRepayment(rows)
		if err != nil {
			return nil, fmt.Errorf("repayments of claim %d: %w", claimID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
