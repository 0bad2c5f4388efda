package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const agreementColumns = `id, year, title, dnr, total, decision_date, version`

// InsertAgreement implements app.AgreementRepo.
func (t *Tx) InsertAgreement(ctx context.Context, a *grant.Agreement, at string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO agreements (year, title, dnr, total, decision_date, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING id`, a.Year, a.Title, a.Dnr, a.Total, a.DecisionDate, at).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("insert agreement: %w", mapError(err))
	}
	return t.writeParties(ctx, a.ID, a.Parties)
}

func (t *Tx) writeParties(ctx context.Context, id int64, parties []string) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM agreement_parties WHERE agreement_id = $1`, id); err != nil {
		return fmt.Errorf("agreement %d parties: %w", id, err)
	}
	for i, code := range parties {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO agreement_parties (agreement_id, position, org_code) VALUES ($1, $2, $3)`, id, i, code); err != nil {
			return fmt.Errorf("agreement %d parties: %w", id, mapError(err))
		}
	}
	return nil
}

// Agreement implements app.AgreementRepo.
func (t *Tx) Agreement(ctx context.Context, id int64) (grant.Agreement, error) {
	var a grant.Agreement
	err := t.tx.QueryRowContext(ctx, `SELECT `+agreementColumns+` FROM agreements WHERE id = $1`, id).
		Scan(&a.ID, &a.Year, &a.Title, &a.Dnr, &a.Total, &a.DecisionDate, &a.Version)
	if err != nil {
		return a, notFound(err, "agreement", "överenskommelsen", id)
	}
	a.Parties, err = t.parties(ctx, id)
	return a, err
}

func (t *Tx) parties(ctx context.Context, id int64) ([]string, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT org_code FROM agreement_parties WHERE agreement_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, fmt.Errorf("agreement %d parties: %w", id, err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		out = append(out, code)
	}
	return out, rows.Err()
}

// ListAgreements implements app.AgreementRepo: newest year first.
func (t *Tx) ListAgreements(ctx context.Context, f app.ListFilter) ([]grant.Agreement, int, error) {
	var w where
	if f.Year != 0 {
		w.add("year = ?", f.Year)
	}
	out, total, err := list(ctx, t, `SELECT `+agreementColumns+` FROM agreements`, "agreements", w, "year DESC, id", f,
		func(row rowScanner) (a grant.Agreement, err error) {
			err = row.Scan(&a.ID, &a.Year, &a.Title, &a.Dnr, &a.Total, &a.DecisionDate, &a.Version)
			return a, err
		})
	if err != nil {
		return nil, 0, fmt.Errorf("list agreements: %w", err)
	}
	// The page's parties in one query, not one per agreement.
	at := make(map[int64]*grant.Agreement, len(out))
	ids := make([]int64, len(out))
	for i := range out {
		at[out[i].ID], ids[i], out[i].Parties = &out[i], out[i].ID, []string{}
	}
	in, args := inList(ids)
	err = eachRow(ctx, t, `SELECT agreement_id, org_code FROM agreement_parties WHERE agreement_id IN `+in+` ORDER BY agreement_id, position`, args,
		func(row rowScanner) error {
			var id int64
			var code string
			if err := row.Scan(&id, &code); err != nil {
				return err
			}
			at[id].Parties = append(at[id].Parties, code)
			return nil
		})
	if err != nil {
		return nil, 0, fmt.Errorf("agreement parties: %w", err)
	}
	return out, total, nil
}

// UpdateAgreement implements app.AgreementRepo.
func (t *Tx) UpdateAgreement(ctx context.Context, a grant.Agreement, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE agreements SET year = $1, title = $2, dnr = $3, total = $4, decision_date = $5,
		version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8`, a.Year, a.Title, a.Dnr, a.Total, a.DecisionDate, at, a.ID, a.Version)
	if err != nil {
		return 0, fmt.Errorf("update agreement %d: %w", a.ID, mapError(err))
	}
	v, err := t.bumped(ctx, res, "agreements", "id", a.ID, a.Version, "agreement", "överenskommelsen")
	if err != nil {
		return 0, err
	}
	return v, t.writeParties(ctx, a.ID, a.Parties)
}
