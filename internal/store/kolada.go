package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// InsertKoladaImport implements app.KoladaRepo.
func (t *Tx) InsertKoladaImport(ctx context.Context, im *grant.KoladaImport) error {
	files, err := json.Marshal(im.Files)
	if err != nil {
		return fmt.Errorf("insert kolada import: %w", err)
	}
	err = t.tx.QueryRowContext(ctx, `INSERT INTO kolada_imports (files, imported_at, imported_by, value_count, kpis, organisations, periods, pages, incomplete)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		string(files), im.ImportedAt, im.ImportedBy, im.Values, im.KPIs, im.Organisations, im.Periods, im.Pages, im.Incomplete).Scan(&im.ID)
	if err != nil {
		return fmt.Errorf("insert kolada import: %w", mapError(err))
	}
	return nil
}

// koladaBatch is how many values one INSERT writes: 7 parameters each
// stays well under both engines' limits on parameters, and a few MB of
// values take tens of statements instead of tens of thousands.
const koladaBatch = 500

// UpsertKoladaValues implements app.KoladaRepo: a value already stored
// for the same key figure, organisation, period and gender is replaced.
// The values must not repeat a key (the importer refuses that): PostgreSQL
// will not update one row twice in a statement.
func (t *Tx) UpsertKoladaValues(ctx context.Context, importID int64, values []grant.KoladaValue) error {
	for start := 0; start < len(values); start += koladaBatch {
		batch := values[start:min(start+koladaBatch, len(values))]
		var q strings.Builder
		q.WriteString(`INSERT INTO kolada_values (kpi, org_code, period, gender, value, status, import_id) VALUES `)
		args := make([]any, 0, 7*len(batch))
		for i, v := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			n := len(args)
			fmt.Fprintf(&q, "($%d, $%d, $%d, $%d, $%d, $%d, $%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7)
			var value sql.NullFloat64
			if v.Value != nil {
				value = sql.NullFloat64{Float64: *v.Value, Valid: true}
			}
			args = append(args, v.KPI, v.OrgCode, v.Period, v.Gender, value, v.Status, importID)
		}
		q.WriteString(` ON CONFLICT (kpi, org_code, period, gender) DO UPDATE SET value = excluded.value, status = excluded.status, import_id = excluded.import_id`)
		if _, err := t.tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("kolada values %d–%d: %w", start, start+len(batch)-1, mapError(err))
		}
	}
	return nil
}

// KoladaValues implements app.KoladaRepo, ordered by key figure,
// organisation, period and gender (T, K, M).
func (t *Tx) KoladaValues(ctx context.Context, f app.KoladaFilter) ([]grant.KoladaValue, error) {
	q := `SELECT kpi, org_code, period, gender, value, status FROM kolada_values WHERE 1 = 1`
	var args []any
	if f.KPI != "" {
		args = append(args, f.KPI)
		q += fmt.Sprintf(` AND kpi = $%d`, len(args))
	}
	if f.OrgCode != "" {
		args = append(args, f.OrgCode)
		q += fmt.Sprintf(` AND org_code = $%d`, len(args))
	}
	if f.Gender != "" {
		args = append(args, f.Gender)
		q += fmt.Sprintf(` AND gender = $%d`, len(args))
	}
	q += ` ORDER BY kpi, org_code, period, CASE gender WHEN 'T' THEN 0 WHEN 'K' THEN 1 ELSE 2 END`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := t.tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("kolada values: %w", err)
	}
	defer rows.Close()
	out := []grant.KoladaValue{}
	for rows.Next() {
		var v grant.KoladaValue
		var value sql.NullFloat64
		if err := rows.Scan(&v.KPI, &v.OrgCode, &v.Period, &v.Gender, &value, &v.Status); err != nil {
			return nil, fmt.Errorf("kolada values: %w", err)
		}
		v.Value = planFloatPtr(value)
		out = append(out, v)
	}
	return out, rows.Err()
}

// KoladaImports implements app.KoladaRepo, the latest first.
func (t *Tx) KoladaImports(ctx context.Context, limit int) ([]grant.KoladaImport, error) {
	rows, err := t.tx.QueryContext(ctx, fmt.Sprintf(`SELECT id, files, imported_at, imported_by, value_count, kpis, organisations, periods, pages, incomplete
		FROM kolada_imports ORDER BY id DESC LIMIT %d`, max(limit, 1)))
	if err != nil {
		return nil, fmt.Errorf("kolada imports: %w", err)
	}
	defer rows.Close()
	out := []grant.KoladaImport{}
	for rows.Next() {
		var im grant.KoladaImport
		var files string
		if err := rows.Scan(&im.ID, &files, &im.ImportedAt, &im.ImportedBy, &im.Values, &im.KPIs, &im.Organisations, &im.Periods, &im.Pages, &im.Incomplete); err != nil {
			return nil, fmt.Errorf("kolada imports: %w", err)
		}
		if err := json.Unmarshal([]byte(files), &im.Files); err != nil {
			return nil, fmt.Errorf("kolada import %d files: %w", im.ID, err)
		}
		out = append(out, im)
	}
	return out, rows.Err()
}
