package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const initiativeColumns = `id, org_code, title, description, kind, amount, start_year, end_year, target_group,
	COALESCE(partner_code, ''), COALESCE(agreement_id, 0), version`

func scanInitiative(row rowScanner) (grant.Initiative, error) {
	var in grant.Initiative
	err := row.Scan(&in.ID, &in.OrgCode, &in.Title, &in.Description, &in.Kind, &in.Amount, &in.StartYear, &in.EndYear, &in.TargetGroup,
		&in.PartnerCode, &in.AgreementID, &in.Version)
	return in, err
}

// InsertInitiative implements app.LocalRepo.
func (t *Tx) InsertInitiative(ctx context.Context, in *grant.Initiative, at string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO initiatives (org_code, title, description, kind, amount, start_year, end_year, target_group,
		partner_code, agreement_id, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1, $11, $11) RETURNING id`,
		in.OrgCode, in.Title, in.Description, in.Kind, in.Amount, in.StartYear, in.EndYear, in.TargetGroup,
		nullable(in.PartnerCode), nullID(in.AgreementID), at).Scan(&in.ID)
	if err != nil {
		return fmt.Errorf("insert initiative: %w", mapError(err))
	}
	return nil
}

// Initiative implements app.LocalRepo.
func (t *Tx) Initiative(ctx context.Context, id int64) (grant.Initiative, error) {
	in, err := scanInitiative(t.tx.QueryRowContext(ctx, `SELECT `+initiativeColumns+` FROM initiatives WHERE id = $1`, id))
	return in, notFound(err, "initiative", "insatsen", id)
}

// ListInitiatives implements app.LocalRepo: in id order. A one-off runs in
// its start year; a recurring one from its start to its end year, if any.
func (t *Tx) ListInitiatives(ctx context.Context, f app.ListFilter) ([]grant.Initiative, int, error) {
	var w where
	if f.OrgCode != "" {
		w.add("org_code = ?", f.OrgCode)
	}
	if f.AgreementID != 0 {
		w.add("agreement_id = ?", f.AgreementID)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Year != 0 {
		w.add("((kind = 'one_off' AND start_year = ?) OR (kind = 'recurring' AND start_year <= ? AND (end_year = 0 OR end_year >= ?)))",
			f.Year, f.Year, f.Year)
	}
	out, total, err := list(ctx, t, `SELECT `+initiativeColumns+` FROM initiatives`, "initiatives", w, "id", f, scanInitiative)
	if err != nil {
		return nil, 0, fmt.Errorf("list initiatives: %w", err)
	}
	return out, total, nil
}

// UpdateInitiative implements app.LocalRepo. The organisation is not
// written: an initiative stays with the organisation that made it.
func (t *Tx) UpdateInitiative(ctx context.Context, in grant.Initiative, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE initiatives SET title = $1, description = $2, kind = $3, amount = $4, start_year = $5,
		end_year = $6, target_group = $7, partner_code = $8, agreement_id = $9, version = version + 1, updated_at = $10
		WHERE id = $11 AND version = $12`,
		in.Title, in.Description, in.Kind, in.Amount, in.StartYear, in.EndYear, in.TargetGroup, nullable(in.PartnerCode), nullID(in.AgreementID),
		at, in.ID, in.Version)
	if err != nil {
		return 0, fmt.Errorf("update initiative %d: %w", in.ID, mapError(err))
	}
	return t.bumped(ctx, res, "initiatives", "id", in.ID, in.Version, "initiative", "insatsen")
}
