package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

// Paid is summed from the payments rather than stored, so that it cannot
// drift from them.
const requisitionColumns = `r.id, r.pot_id, r.run_id, r.org_code, r.joint, r.county, r.amount, r.reference, r.status, r.reason,
	r.submitted_at, r.submitted_by, COALESCE(r.decided_at, ''), COALESCE(r.decided_by, ''),
	COALESCE((SELECT SUM(p.amount) FROM payments p WHERE p.requisition_id = r.id), 0), r.version`

func scanRequisition(row rowScanner) (grant.Requisition, error) {
	var r grant.Requisition
	err := row.Scan(&r.ID, &r.PotID, &r.RunID, &r.OrgCode, &r.Joint, &r.County, &r.Amount, &r.Reference, &r.Status, &r.Reason,
		&r.SubmittedAt, &r.SubmittedBy, &r.DecidedAt, &r.DecidedBy, &r.Paid, &r.Version)
	return r, err
}

// InsertRequisition implements app.RequisitionRepo.
func (t *Tx) InsertRequisition(ctx context.Context, r *grant.Requisition) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO requisitions (pot_id, run_id, org_code, joint, county, amount, reference, status, reason,
		submitted_at, submitted_by, version, agreement_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, (SELECT agreement_id FROM pots WHERE id = $1)) RETURNING id`,
		r.PotID, r.RunID, r.OrgCode, r.Joint, r.County, r.Amount, r.Reference, r.Status, r.Reason, r.SubmittedAt, r.SubmittedBy).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert requisition: %w", mapError(err))
	}
	return nil
}

// Requisition implements app.RequisitionRepo.
func (t *Tx) Requisition(ctx context.Context, id int64) (grant.Requisition, error) {
	r, err := scanRequisition(t.tx.QueryRowContext(ctx, `SELECT `+requisitionColumns+` FROM requisitions r WHERE r.id = $1`, id))
	return r, notFound(err, "requisition", "rekvisitionen", id)
}

// ListRequisitions implements app.RequisitionRepo: oldest first.
func (t *Tx) ListRequisitions(ctx context.Context, f app.ListFilter) ([]grant.Requisition, int, error) {
	var w where
	if err := t.requisitionWhere(ctx, &w, f, "r"); err != nil {
		return nil, 0, err
	}
	out, total, err := listByID(ctx, t, requisitionColumns, "requisitions r", "requisitions r", "r.id", w, f, scanRequisition)
	if err != nil {
		return nil, 0, fmt.Errorf("list requisitions: %w", err)
	}
	return out, total, nil
}

// requisitionWhere adds f's conditions on requisitions aliased r, or on
// their payments aliased p where the payment row has the column.
func (t *Tx) requisitionWhere(ctx context.Context, w *where, f app.ListFilter, alias string) error {
	if f.PotID != 0 {
		w.add(alias+".pot_id = ?", f.PotID)
	}
	if f.AgreementID != 0 {
		w.add(alias+".agreement_id = ?", f.AgreementID)
	}
	if f.OrgCode != "" {
		w.add(alias+".org_code = ?", f.OrgCode)
	}
	if f.County != "" {
		w.add("r.county = ?", f.County)
	}
	if f.Status != "" {
		w.add("r.status = ?", f.Status)
	}
	if f.Year != 0 {
		return t.inYear(ctx, w, alias+".agreement_id", f.Year)
	}
	return nil
}

// UpdateRequisition implements app.RequisitionRepo.
func (t *Tx) UpdateRequisition(ctx context.Context, r grant.Requisition) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE requisitions SET status = $1, reason = $2, decided_at = $3, decided_by = $4, version = version + 1
		WHERE id = $5 AND version = $6`, r.Status, r.Reason, nullable(r.DecidedAt), nullable(r.DecidedBy), r.ID, r.Version)
	if err != nil {
		return 0, fmt.Errorf("update requisition %d: %w", r.ID, mapError(err))
	}
	return t.bumped(ctx, res, "requisitions", "id", r.ID, r.Version, "requisition", "rekvisitionen")
}

// Requisitioned implements app.RequisitionRepo.
func (t *Tx) Requisitioned(ctx context.Context, runID int64, orgCode string, joint bool, county string) (money.Amount, error) {
	var sum money.Amount
	err := t.tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM requisitions
		WHERE run_id = $1 AND org_code = $2 AND joint = $3 AND county = $4 AND status <> 'rejected'`, runID, orgCode, joint, county).Scan(&sum)
	if err != nil {
		return 0, fmt.Errorf("sum requisitions of %s: %w", orgCode, err)
	}
	return sum, nil
}

const paymentColumns = `p.id, p.requisition_id, p.amount, p.paid_on, p.idempotency_key, p.created_at, p.created_by`

func scanPayment(row rowScanner) (grant.Payment, error) {
	var p grant.Payment
	err := row.Scan(&p.ID, &p.RequisitionID, &p.Amount, &p.PaidOn, &p.IdempotencyKey, &p.CreatedAt, &p.CreatedBy)
	return p, err
}

// InsertPayment implements app.RequisitionRepo. A reused idempotency key
// is a conflict (UNIQUE).
func (t *Tx) InsertPayment(ctx context.Context, p *grant.Payment) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO payments (requisition_id, amount, paid_on, idempotency_key, created_at, created_by,
		pot_id, agreement_id, org_code)
		SELECT $1, $2, $3, $4, $5, $6, r.pot_id, r.agreement_id, r.org_code FROM requisitions r WHERE r.id = $1 RETURNING id`, p.RequisitionID, p.Amount, p.PaidOn, p.IdempotencyKey, p.CreatedAt, p.CreatedBy).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("insert payment: %w", mapError(err))
	}
	return nil
}

// PaymentByKey implements app.RequisitionRepo.
func (t *Tx) PaymentByKey(ctx context.Context, key string) (grant.Payment, error) {
	p, err := scanPayment(t.tx.QueryRowContext(ctx, `SELECT `+paymentColumns+` FROM payments p WHERE p.idempotency_key = $1`, key))
	return p, notFound(err, "payment with idempotency key", "betalning med idempotensnyckel", key)
}

// ListPayments implements app.RequisitionRepo: oldest first.
func (t *Tx) ListPayments(ctx context.Context, f app.PaymentFilter) ([]grant.Payment, int, error) {
	var w where
	if f.RequisitionID != 0 {
		w.add("p.requisition_id = ?", f.RequisitionID)
	}
	if err := t.requisitionWhere(ctx, &w, f.ListFilter, "p"); err != nil {
		return nil, 0, err
	}
	from := "payments p"
	if f.County != "" || f.Status != "" { // columns of the requisition
		from += " JOIN requisitions r ON r.id = p.requisition_id"
	}
	out, total, err := listByID(ctx, t, paymentColumns, "payments p", from, "p.id", w, f.ListFilter, scanPayment)
	if err != nil {
		return nil, 0, fmt.Errorf("list payments: %w", err)
	}
	return out, total, nil
}
