package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const runColumns = `id, pot_id, status, method, inputs, COALESCE(population_table_id, 0), total, created_at, created_by,
	COALESCE(decided_at, ''), COALESCE(decided_by, ''), version`

func scanRun(row rowScanner) (grant.AllocationRun, error) {
	var r grant.AllocationRun
	var inputs string
	err := row.Scan(&r.ID, &r.PotID, &r.Status, &r.Method, &inputs, &r.PopulationTableID, &r.Total, &r.CreatedAt, &r.CreatedBy,
		&r.DecidedAt, &r.DecidedBy, &r.Version)
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(inputs), &r.Inputs); err != nil {
		return r, fmt.Errorf("run %d inputs: %w", r.ID, err)
	}
	return r, nil
}

// InsertRun implements app.RunRepo.
func (t *Tx) InsertRun(ctx context.Context, r *grant.AllocationRun) error {
	inputs, err := json.Marshal(r.Inputs)
	if err != nil {
		return fmt.Errorf("run inputs: %w", err)
	}
	err = t.tx.QueryRowContext(ctx, `INSERT INTO allocation_runs (pot_id, status, method, inputs, population_table_id, total, created_at, created_by, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id`,
		r.PotID, r.Status, r.Method, string(inputs), nullID(r.PopulationTableID), r.Total, r.CreatedAt, r.CreatedBy).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("insert run: %w", mapError(err))
	}
	return t.insertLines(ctx, r.ID, r.Lines)
}

func (t *Tx) insertLines(ctx context.Context, runID int64, lines []allocate.Line) error {
	for i, l := range lines {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO allocation_lines (run_id, position, org_code, name, kind, county, weight,
			quota_whole, quota_remainder, quota_denominator, floor, cap, bound, remainder_rank, extra_unit, allocated, set_aside, amount, contributors)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
			runID, i, l.Code, l.Name, l.Kind.String(), l.County, int64(l.Weight), int64(l.Quota.Whole), int64(l.Quota.Remainder),
			int64(l.Quota.Denominator), l.Floor, l.Cap, l.Bound.String(), l.Rank, l.ExtraUnit, l.Allocated, l.SetAside, l.Amount, l.Contributors)
		if err != nil {
			return fmt.Errorf("run %d line %s: %w", runID, l.Code, mapError(err))
		}
	}
	return nil
}

func (t *Tx) lines(ctx context.Context, runID int64) ([]allocate.Line, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT org_code, name, kind, county, weight, quota_whole, quota_remainder, quota_denominator,
		floor, cap, bound, remainder_rank, extra_unit, allocated, set_aside, amount, contributors FROM allocation_lines WHERE run_id = $1 ORDER BY position`, runID)
	if err != nil {
		return nil, fmt.Errorf("run %d lines: %w", runID, err)
	}
	defer rows.Close()
	var out []allocate.Line
	for rows.Next() {
		var l allocate.Line
		var kind, bound string
		var weight, whole, rem, den int64
		if err := rows.Scan(&l.Code, &l.Name, &kind, &l.County, &weight, &whole, &rem, &den, &l.Floor, &l.Cap, &bound,
			&l.Rank, &l.ExtraUnit, &l.Allocated, &l.SetAside, &l.Amount, &l.Contributors); err != nil {
			return nil, fmt.Errorf("run %d lines: %w", runID, err)
		}
		if err := l.Kind.UnmarshalText([]byte(kind)); err != nil {
			return nil, err
		}
		if err := l.Bound.UnmarshalText([]byte(bound)); err != nil {
			return nil, err
		}
		l.Weight, l.Quota = uint64(weight), allocate.Quota{Whole: uint64(whole), Remainder: uint64(rem), Denominator: uint64(den)}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Run implements app.RunRepo.
func (t *Tx) Run(ctx context.Context, id int64) (grant.AllocationRun, error) {
	r, err := scanRun(t.tx.QueryRowContext(ctx, `SELECT `+runColumns+` FROM allocation_runs WHERE id = $1`, id))
	if err != nil {
		return r, notFound(err, "allocation run", "fördelningskörningen", id)
	}
	r.Lines, err = t.lines(ctx, id)
	return r, err
}

// DecidedRun implements app.RunRepo.
func (t *Tx) DecidedRun(ctx context.Context, potID int64) (grant.AllocationRun, error) {
	var id int64
	err := t.tx.QueryRowContext(ctx, `SELECT id FROM allocation_runs WHERE pot_id = $1 AND status = 'decided'`, potID).Scan(&id)
	if err != nil {
		return grant.AllocationRun{}, notFound(err, "decided run of pot", "beslutad fördelning för potten", potID)
	}
	return t.Run(ctx, id)
}

// ListRuns implements app.RunRepo: without lines, newest first.
func (t *Tx) ListRuns(ctx context.Context, f app.ListFilter) ([]grant.AllocationRun, int, error) {
	var w where
	if f.PotID != 0 {
		w.add("pot_id = ?", f.PotID)
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	out, total, err := list(ctx, t, `SELECT `+runColumns+` FROM allocation_runs`, "allocation_runs", w, "id DESC", f, scanRun)
	if err != nil {
		return nil, 0, fmt.Errorf("list runs: %w", err)
	}
	return out, total, nil
}

// OrgLines implements app.RunRepo: the organisation's lines with money in
// the decided runs, of one pot if potID is not 0, oldest run first.
func (t *Tx) OrgLines(ctx context.Context, org string, potID int64) ([]grant.OrgLine, error) {
	q := `SELECT r.id, r.pot_id, l.kind, l.county, l.amount FROM allocation_lines l JOIN allocation_runs r ON r.id = l.run_id
		WHERE l.org_code = $1 AND r.status = 'decided' AND l.amount > 0`
	args := []any{org}
	if potID != 0 {
		q += ` AND r.pot_id = $2`
		args = append(args, potID)
	}
	var out []grant.OrgLine
	err := eachRow(ctx, t, q+` ORDER BY r.id, l.position`, args, func(row rowScanner) error {
		var l grant.OrgLine
		var kind string
		if err := row.Scan(&l.RunID, &l.PotID, &kind, &l.County, &l.Amount); err != nil {
			return err
		}
		if err := l.Kind.UnmarshalText([]byte(kind)); err != nil {
			return err
		}
		out = append(out, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s's lines: %w", org, err)
	}
	return out, nil
}

// DecidedRecipients implements app.RunRepo: for every decided run, how
// many of its lines give money.
func (t *Tx) DecidedRecipients(ctx context.Context) (map[int64]int, error) {
	out := map[int64]int{}
	err := eachRow(ctx, t, `SELECT l.run_id, COUNT(*) FROM allocation_lines l JOIN allocation_runs r ON r.id = l.run_id
		WHERE r.status = 'decided' AND l.amount <> 0 GROUP BY l.run_id`, nil, func(row rowScanner) error {
		var id int64
		var n int
		if err := row.Scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("decided runs' recipients: %w", err)
	}
	return out, nil
}

// ReplaceDraftRun implements app.RunRepo.
func (t *Tx) ReplaceDraftRun(ctx context.Context, r grant.AllocationRun) (int64, error) {
	inputs, err := json.Marshal(r.Inputs)
	if err != nil {
		return 0, fmt.Errorf("run inputs: %w", err)
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE allocation_runs SET method = $1, inputs = $2, population_table_id = $3, total = $4,
		version = version + 1 WHERE id = $5 AND version = $6 AND status = 'draft'`,
		r.Method, string(inputs), nullID(r.PopulationTableID), r.Total, r.ID, r.Version)
	if err != nil {
		return 0, fmt.Errorf("recompute run %d: %w", r.ID, mapError(err))
	}
	v, err := t.bumped(ctx, res, "allocation_runs", "id", r.ID, r.Version, "allocation run", "fördelningskörningen")
	if err != nil {
		return 0, err
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM allocation_lines WHERE run_id = $1`, r.ID); err != nil {
		return 0, fmt.Errorf("recompute run %d: %w", r.ID, err)
	}
	return v, t.insertLines(ctx, r.ID, r.Lines)
}

// DecideRun implements app.RunRepo.
func (t *Tx) DecideRun(ctx context.Context, id, version int64, at, by string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE allocation_runs SET status = 'decided', decided_at = $1, decided_by = $2, version = version + 1
		WHERE id = $3 AND version = $4 AND status = 'draft'`, at, by, id, version)
	if err != nil {
		return 0, fmt.Errorf("decide run %d: %w", id, mapError(err))
	}
	return t.bumped(ctx, res, "allocation_runs", "id", id, version, "allocation run", "fördelningskörningen")
}
