package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// PotCondition implements app.FollowUpRepo.
func (t *Tx) PotCondition(ctx context.Context, id int64) (int64, grant.Condition, error) {
	var potID int64
	c := grant.Condition{ID: id}
	err := t.tx.QueryRowContext(ctx, `SELECT pot_id, kind, title, due_date FROM pot_conditions WHERE id = $1`, id).
		Scan(&potID, &c.Kind, &c.Title, &c.DueDate)
	return potID, c, notFound(err, "condition", "villkoret", id)
}

// DecidedShare implements app.FollowUpRepo. A set-aside holder may have a
// line of its own besides its recipient line, hence the sum.
func (t *Tx) DecidedShare(ctx context.Context, potID int64, org string) (bool, money.Amount, error) {
	var runs int
	if err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM allocation_runs WHERE pot_id = $1 AND status = 'decided'`, potID).Scan(&runs); err != nil {
		return false, 0, fmt.Errorf("decided run of pot %d: %w", potID, err)
	}
	if runs == 0 {
		return false, 0, nil
	}
	var sum money.Amount
	err := t.tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(l.amount), 0) FROM allocation_lines l JOIN allocation_runs r ON r.id = l.run_id
		WHERE r.pot_id = $1 AND r.status = 'decided' AND l.org_code = $2`, potID, org).Scan(&sum)
	if err != nil {
		return true, 0, fmt.Errorf("decided share of %s in pot %d: %w", org, potID, err)
	}
	return true, sum, nil
}

const fulfilmentColumns = `id, condition_id, org_code, status, document, submitted_at, submitted_by, decided_at, decided_by, reason, version`

// Fulfilment implements app.FollowUpRepo.
func (t *Tx) Fulfilment(ctx context.Context, conditionID int64, org string) (grant.Fulfilment, error) {
	var f grant.Fulfilment
	err := t.tx.QueryRowContext(ctx, `SELECT `+fulfilmentColumns+` FROM condition_fulfilments WHERE condition_id = $1 AND org_code = $2`, conditionID, org).
		Scan(&f.ID, &f.ConditionID, &f.OrgCode, &f.Status, &f.Document, &f.SubmittedAt, &f.SubmittedBy, &f.DecidedAt, &f.DecidedBy, &f.Reason, &f.Version)
	return f, notFound(err, "submission for condition", "inlämning för villkoret", fmt.Sprintf("%d by %s", conditionID, org))
}

// InsertFulfilment implements app.FollowUpRepo.
func (t *Tx) InsertFulfilment(ctx context.Context, f *grant.Fulfilment) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO condition_fulfilments (condition_id, org_code, status, document, submitted_at, submitted_by,
		decided_at, decided_by, reason, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id`,
		f.ConditionID, f.OrgCode, f.Status, f.Document, f.SubmittedAt, f.SubmittedBy, f.DecidedAt, f.DecidedBy, f.Reason).Scan(&f.ID)
	if err != nil {
		return fmt.Errorf("insert fulfilment of condition %d by %s: %w", f.ConditionID, f.OrgCode, mapError(err))
	}
	return nil
}

// UpdateFulfilment implements app.FollowUpRepo.
func (t *Tx) UpdateFulfilment(ctx context.Context, f grant.Fulfilment) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE condition_fulfilments SET status = $1, document = $2, submitted_at = $3, submitted_by = $4,
		decided_at = $5, decided_by = $6, reason = $7, version = version + 1 WHERE id = $8 AND version = $9`,
		f.Status, f.Document, f.SubmittedAt, f.SubmittedBy, f.DecidedAt, f.DecidedBy, f.Reason, f.ID, f.Version)
	if err != nil {
		return 0, fmt.Errorf("update fulfilment %d: %w", f.ID, mapError(err))
	}
	return t.bumped(ctx, res, "condition_fulfilments", "id", f.ID, f.Version, "submission", "inlämningen")
}

// conditionBoard joins every condition to every recipient with money in
// its pot's decided run, and to the recipient's answer if there is one.
const conditionBoard = `pot_conditions c
	JOIN pots p ON p.id = c.pot_id
	JOIN (SELECT DISTINCT r.pot_id, l.org_code FROM allocation_runs r JOIN allocation_lines l ON l.run_id = r.id
		WHERE r.status = 'decided' AND l.amount > 0) rc ON rc.pot_id = c.pot_id
	JOIN organisations o ON o.code = rc.org_code
	LEFT JOIN condition_fulfilments f ON f.condition_id = c.id AND f.org_code = rc.org_code`

// ListConditionStatuses implements app.FollowUpRepo: by due date, then
// condition, then organisation code.
func (t *Tx) ListConditionStatuses(ctx context.Context, lf app.ListFilter, asOf grant.Date) ([]grant.ConditionStatus, int, error) {
	var w where
	if lf.PotID != 0 {
		w.add("c.pot_id = ?", lf.PotID)
	}
	if lf.AgreementID != 0 {
		w.add("p.agreement_id = ?", lf.AgreementID)
	}
	if lf.Year != 0 {
		w.add("p.agreement_id IN (SELECT id FROM agreements WHERE year = ?)", lf.Year)
	}
	if lf.OrgCode != "" {
		w.add("rc.org_code = ?", lf.OrgCode)
	}
	if lf.County != "" {
		w.add("o.county_code = ?", lf.County)
	}
	if lf.Kind != "" {
		w.add("c.kind = ?", lf.Kind)
	}
	switch lf.Status {
	case "":
	case "overdue": // the rule of grant.Overdue, in SQL so that paging sees it
		w.add("c.due_date < ? AND COALESCE(f.status, 'not_submitted') IN ('not_submitted', 'rejected')", string(asOf))
	default:
		w.add("COALESCE(f.status, 'not_submitted') = ?", lf.Status)
	}
	out, total, err := list(ctx, t, `SELECT c.id, c.pot_id, p.agreement_id, c.kind, c.title, c.due_date, rc.org_code, o.name,
		COALESCE(f.status, 'not_submitted'), COALESCE(f.submitted_at, ''), COALESCE(f.reason, ''), COALESCE(f.version, 0)
		FROM `+conditionBoard, conditionBoard, w, "c.due_date, c.id, rc.org_code", lf, func(row rowScanner) (s grant.ConditionStatus, err error) {
		err = row.Scan(&s.ConditionID, &s.PotID, &s.AgreementID, &s.Kind, &s.Title, &s.DueDate, &s.OrgCode, &s.OrgName,
			&s.Status, &s.SubmittedAt, &s.Reason, &s.Version)
		return s, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list condition statuses: %w", err)
	}
	return out, total, nil
}
