package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/anslag/anslag/internal/allocate"
	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/money"
)

const potColumns = `id, agreement_id, name, purpose, amount, recipients, key_kind, COALESCE(population_table_id, 0), ages, sex,
	reference_date, unit, requisition_deadline, use_by, report_due, version`

func scanPot(row rowScanner) (grant.Pot, error) {
	var p grant.Pot
	err := row.Scan(&p.ID, &p.AgreementID, &p.Name, &p.Purpose, &p.Amount, &p.Recipients, &p.Key, &p.PopulationTableID, &p.Ages, &p.Sex,
		&p.ReferenceDate, &p.Unit, &p.RequisitionDeadline, &p.UseBy, &p.ReportDue, &p.Version)
	return p, err
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// InsertPot implements app.PotRepo.
func (t *Tx) InsertPot(ctx context.Context, p *grant.Pot, at string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO pots (agreement_id, name, purpose, amount, recipients, key_kind, population_table_id, ages, sex,
		reference_date, unit, requisition_deadline, use_by, report_due, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15) RETURNING id`,
		p.AgreementID, p.Name, p.Purpose, p.Amount, p.Recipients, p.Key, nullID(p.PopulationTableID), p.Ages, p.Sex,
		p.ReferenceDate, p.Unit, p.RequisitionDeadline, p.UseBy, p.ReportDue, at).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("insert pot: %w", mapError(err))
	}
	return t.writePotDetails(ctx, p)
}

// writePotDetails replaces a pot's bounds, set-asides and conditions.
// Conditions keep their ids when they are updated, so that fulfilments
// recorded against them stay attached.
func (t *Tx) writePotDetails(ctx context.Context, p *grant.Pot) error {
	for _, q := range []string{`DELETE FROM pot_bounds WHERE pot_id = $1`, `DELETE FROM pot_set_asides WHERE pot_id = $1`} {
		if _, err := t.tx.ExecContext(ctx, q, p.ID); err != nil {
			return fmt.Errorf("pot %d: %w", p.ID, err)
		}
	}
	for _, b := range p.Bounds {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO pot_bounds (pot_id, org_code, floor, cap) VALUES ($1, $2, $3, $4)`, p.ID, b.Code, b.Floor, b.Cap); err != nil {
			return fmt.Errorf("pot %d bound %s: %w", p.ID, b.Code, mapError(err))
		}
	}
	for _, sa := range p.SetAsides {
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO pot_set_asides (pot_id, county, rate_num, rate_den, holder_code) VALUES ($1, $2, $3, $4, $5)`,
			p.ID, sa.County, int64(sa.Rate.Num), int64(sa.Rate.Den), sa.Holder); err != nil {
			return fmt.Errorf("pot %d set-aside %s: %w", p.ID, sa.County, mapError(err))
		}
	}
	keep := []any{p.ID}
	for i := range p.Conditions {
		c := &p.Conditions[i]
		if c.ID != 0 {
			res, err := t.tx.ExecContext(ctx, `UPDATE pot_conditions SET kind = $1, title = $2, due_date = $3 WHERE id = $4 AND pot_id = $5`,
				c.Kind, c.Title, c.DueDate, c.ID, p.ID)
			if err != nil {
				return fmt.Errorf("pot %d condition %d: %w", p.ID, c.ID, mapError(err))
			}
			if n, _ := res.RowsAffected(); n == 1 {
				keep = append(keep, c.ID)
				continue
			}
		}
		if err := t.tx.QueryRowContext(ctx, `INSERT INTO pot_conditions (pot_id, kind, title, due_date) VALUES ($1, $2, $3, $4) RETURNING id`,
			p.ID, c.Kind, c.Title, c.DueDate).Scan(&c.ID); err != nil {
			return fmt.Errorf("pot %d condition: %w", p.ID, mapError(err))
		}
		keep = append(keep, c.ID)
	}
	var w where
	w.add("pot_id = ?", keep[0])
	if len(keep) > 1 {
		in := "id NOT IN (?" + strings.Repeat(", ?", len(keep)-2) + ")"
		w.add(in, keep[1:]...)
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM pot_conditions`+w.String(), w.args...); err != nil {
		return fmt.Errorf("pot %d conditions: %w", p.ID, mapError(err))
	}
	return nil
}

// Pot implements app.PotRepo.
func (t *Tx) Pot(ctx context.Context, id int64) (grant.Pot, error) {
	p, err := scanPot(t.tx.QueryRowContext(ctx, `SELECT `+potColumns+` FROM pots WHERE id = $1`, id))
	if err != nil {
		return p, notFound(err, "pot", "potten", id)
	}
	ps := []grant.Pot{p}
	err = t.potDetails(ctx, ps)
	return ps[0], err
}

// potDetails reads the bounds, set-asides and conditions of pots with one
// query each, whatever the number of pots.
func (t *Tx) potDetails(ctx context.Context, pots []grant.Pot) error {
	if len(pots) == 0 {
		return nil
	}
	at := make(map[int64]*grant.Pot, len(pots))
	ids := make([]int64, len(pots))
	for i := range pots {
		at[pots[i].ID], ids[i] = &pots[i], pots[i].ID
	}
	in, args := inList(ids)
	err := eachRow(ctx, t, `SELECT pot_id, org_code, floor, cap FROM pot_bounds WHERE pot_id IN `+in+` ORDER BY pot_id, org_code`, args,
		func(row rowScanner) error {
			var id int64
			var b grant.Bound
			if err := row.Scan(&id, &b.Code, &b.Floor, &b.Cap); err != nil {
				return err
			}
			at[id].Bounds = append(at[id].Bounds, b)
			return nil
		})
	if err != nil {
		return fmt.Errorf("pot bounds: %w", err)
	}
	err = eachRow(ctx, t, `SELECT s.pot_id, s.county, s.rate_num, s.rate_den, s.holder_code, o.name FROM pot_set_asides s
		JOIN organisations o ON o.code = s.holder_code WHERE s.pot_id IN `+in+` ORDER BY s.pot_id, s.county`, args,
		func(row rowScanner) error {
			var id, num, den int64
			var sa allocate.SetAside
			if err := row.Scan(&id, &sa.County, &num, &den, &sa.Holder, &sa.HolderName); err != nil {
				return err
			}
			sa.Rate = allocate.Rate{Num: uint64(num), Den: uint64(den)}
			at[id].SetAsides = append(at[id].SetAsides, sa)
			return nil
		})
	if err != nil {
		return fmt.Errorf("pot set-asides: %w", err)
	}
	err = eachRow(ctx, t, `SELECT pot_id, id, kind, title, due_date FROM pot_conditions WHERE pot_id IN `+in+` ORDER BY pot_id, due_date, id`, args,
		func(row rowScanner) error {
			var id int64
			var c grant.Condition
			if err := row.Scan(&id, &c.ID, &c.Kind, &c.Title, &c.DueDate); err != nil {
				return err
			}
			at[id].Conditions = append(at[id].Conditions, c)
			return nil
		})
	if err != nil {
		return fmt.Errorf("pot conditions: %w", err)
	}
	return nil
}

// ListPots implements app.PotRepo: by agreement or year, in id order.
func (t *Tx) ListPots(ctx context.Context, f app.ListFilter) ([]grant.Pot, int, error) {
	var w where
	if f.AgreementID != 0 {
		w.add("agreement_id = ?", f.AgreementID)
	}
	if f.Year != 0 {
		w.add("agreement_id IN (SELECT id FROM agreements WHERE year = ?)", f.Year)
	}
	out, total, err := list(ctx, t, `SELECT `+potColumns+` FROM pots`, "pots", w, "agreement_id, id", f, scanPot)
	if err != nil {
		return nil, 0, fmt.Errorf("list pots: %w", err)
	}
	if err := t.potDetails(ctx, out); err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// UpdatePot implements app.PotRepo.
func (t *Tx) UpdatePot(ctx context.Context, p grant.Pot, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE pots SET name = $1, purpose = $2, amount = $3, recipients = $4, key_kind = $5,
		population_table_id = $6, ages = $7, sex = $8, reference_date = $9, unit = $10, requisition_deadline = $11, use_by = $12,
		report_due = $13, version = version + 1, updated_at = $14 WHERE id = $15 AND version = $16`,
		p.Name, p.Purpose, p.Amount, p.Recipients, p.Key, nullID(p.PopulationTableID), p.Ages, p.Sex, p.ReferenceDate, p.Unit,
		p.RequisitionDeadline, p.UseBy, p.ReportDue, at, p.ID, p.Version)
	if err != nil {
		return 0, fmt.Errorf("update pot %d: %w", p.ID, mapError(err))
	}
	v, err := t.bumped(ctx, res, "pots", "id", p.ID, p.Version, "pot", "potten")
	if err != nil {
		return 0, err
	}
	return v, t.writePotDetails(ctx, &p)
}

// SumPots implements app.PotRepo.
func (t *Tx) SumPots(ctx context.Context, agreementID, except int64) (money.Amount, error) {
	var sum money.Amount
	err := t.tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM pots WHERE agreement_id = $1 AND id <> $2`, agreementID, except).Scan(&sum)
	if err != nil {
		return 0, fmt.Errorf("sum pots: %w", err)
	}
	return sum, nil
}

// LockPot implements app.PotRepo. On SQLite the write transaction already
// holds the database's single write lock.
func (t *Tx) LockPot(ctx context.Context, id int64) error {
	if t.d.forUpdate == "" {
		return nil
	}
	var got int64
	if err := t.tx.QueryRowContext(ctx, `SELECT id FROM pots WHERE id = $1`+t.d.forUpdate, id).Scan(&got); err != nil {
		return notFound(err, "pot", "potten", id)
	}
	return nil
}
