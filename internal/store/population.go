package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/population"
)

const populationColumns = `t.id, t.name, t.source, t.reference_date, t.is_example, t.has_age, t.has_sex, t.created_at,
	(SELECT COUNT(*) FROM population_rows r WHERE r.table_id = t.id),
	(SELECT COALESCE(SUM(r.count), 0) FROM population_rows r WHERE r.table_id = t.id AND length(r.code) = 4)`

func scanPopulationTable(row rowScanner) (grant.PopulationTable, error) {
	var p grant.PopulationTable
	err := row.Scan(&p.ID, &p.Name, &p.Source, &p.ReferenceDate, &p.IsExample, &p.HasAge, &p.HasSex, &p.CreatedAt, &p.Rows, &p.Total)
	return p, err
}

// InsertPopulationTable implements app.PopulationRepo.
func (t *Tx) InsertPopulationTable(ctx context.Context, p *grant.PopulationTable, rows []population.Row) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO population_tables (name, source, reference_date, is_example, has_age, has_sex, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, p.Name, p.Source, p.ReferenceDate, p.IsExample, p.HasAge, p.HasSex, p.CreatedAt).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("insert population table: %w", mapError(err))
	}
	w := populationWriter{t: t}
	defer w.close()
	return w.write(ctx, p.ID, rows)
}

// PopulationTable implements app.PopulationRepo.
func (t *Tx) PopulationTable(ctx context.Context, id int64) (grant.PopulationTable, error) {
	p, err := scanPopulationTable(t.tx.QueryRowContext(ctx, `SELECT `+populationColumns+` FROM population_tables t WHERE t.id = $1`, id))
	return p, notFound(err, "population table", "befolkningstabellen", id)
}

// PopulationRows implements app.PopulationRepo.
func (t *Tx) PopulationRows(ctx context.Context, id int64) ([]population.Row, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT code, age, sex, count FROM population_rows WHERE table_id = $1 ORDER BY code, age, sex`, id)
	if err != nil {
		return nil, fmt.Errorf("population rows: %w", err)
	}
	defer rows.Close()
	var out []population.Row
	for rows.Next() {
		var r population.Row
		var sex int
		if err := rows.Scan(&r.Code, &r.Age, &sex, &r.Count); err != nil {
			return nil, fmt.Errorf("population rows: %w", err)
		}
		r.Sex = population.Sex(sex)
		out = append(out, r)
	}
	return out, rows.Err()
}

// ListPopulationTables implements app.PopulationRepo.
func (t *Tx) ListPopulationTables(ctx context.Context) ([]grant.PopulationTable, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT `+populationColumns+` FROM population_tables t ORDER BY t.reference_date DESC, t.id`)
	if err != nil {
		return nil, fmt.Errorf("list population tables: %w", err)
	}
	defer rows.Close()
	var out []grant.PopulationTable
	for rows.Next() {
		p, err := scanPopulationTable(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
