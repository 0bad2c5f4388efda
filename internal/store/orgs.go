package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const orgColumns = `code, kind, name, county_code, COALESCE(parent_code, ''), COALESCE(org_number, ''), version`

func scanOrg(row rowScanner) (grant.Organisation, error) {
	var o grant.Organisation
	err := row.Scan(&o.Code, &o.Kind, &o.Name, &o.CountyCode, &o.ParentCode, &o.OrgNumber, &o.Version)
	return o, err
}

// nullable stores "" as NULL, for optional references and unique numbers.
func nullable(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// InsertOrganisation implements app.OrgRepo.
func (t *Tx) InsertOrganisation(ctx context.Context, o grant.Organisation, at string) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO organisations (code, kind, name, county_code, parent_code, org_number, version, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, 1, $7)`, o.Code, o.Kind, o.Name, o.CountyCode, nullable(o.ParentCode), nullable(o.OrgNumber), at)
	if err != nil {
		return fmt.Errorf("insert organisation %s: %w", o.Code, mapError(err))
	}
	return nil
}

// Organisation implements app.OrgRepo.
func (t *Tx) Organisation(ctx context.Context, code string) (grant.Organisation, error) {
	o, err := scanOrg(t.tx.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organisations WHERE code = $1`, code))
	return o, notFound(err, "organisation", "organisationen", code)
}

// ListOrganisations implements app.OrgRepo: by kind, county and parent, in code order.
func (t *Tx) ListOrganisations(ctx context.Context, f app.ListFilter) ([]grant.Organisation, int, error) {
	var w where
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.County != "" {
		w.add("county_code = ?", f.County)
	}
	if f.OrgCode != "" {
		w.add("parent_code = ?", f.OrgCode)
	}
	out, total, err := list(ctx, t, `SELECT `+orgColumns+` FROM organisations`, "organisations", w, "code", f, scanOrg)
	if err != nil {
		return nil, 0, fmt.Errorf("list organisations: %w", err)
	}
	return out, total, nil
}

// UpdateOrganisation implements app.OrgRepo.
func (t *Tx) UpdateOrganisation(ctx context.Context, o grant.Organisation) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE organisations SET name = $1, parent_code = $2, org_number = $3, version = version + 1
		WHERE code = $4 AND version = $5`, o.Name, nullable(o.ParentCode), nullable(o.OrgNumber), o.Code, o.Version)
	if err != nil {
		return 0, fmt.Errorf("update organisation %s: %w", o.Code, mapError(err))
	}
	return t.bumped(ctx, res, "organisations", "code", o.Code, o.Version, "organisation", "organisationen")
}

// bumped checks that an optimistic update hit its row: no row means the
// record is gone (not found) or was changed meanwhile (stale version).
func (t *Tx) bumped(ctx context.Context, res sql.Result, table, key string, id any, version int64, what, sv string) (int64, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if n == 1 {
		return version + 1, nil
	}
	var exists int
	if err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE `+key+` = $1`, id).Scan(&exists); err != nil {
		return 0, err
	}
	if exists == 0 {
		return 0, grant.NotFound(what, sv, id)
	}
	return 0, staleVersion(what, sv, id)
}
