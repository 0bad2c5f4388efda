package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const planColumns = `id, COALESCE(owner_org, ''), COALESCE(owner_group, 0), COALESCE(owner_county, ''), title, from_year, to_year, status, version`

func scanPlan(row rowScanner) (grant.ActionPlan, error) {
	var p grant.ActionPlan
	err := row.Scan(&p.ID, &p.OwnerOrg, &p.OwnerGroup, &p.OwnerCounty, &p.Title, &p.FromYear, &p.ToYear, &p.Status, &p.Version)
	return p, err
}

// InsertActionPlan implements app.LocalRepo.
func (t *Tx) InsertActionPlan(ctx context.Context, p *grant.ActionPlan, at string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO action_plans (owner_org, owner_group, owner_county, title, from_year, to_year, status, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING id`, nullable(p.OwnerOrg), nullID(p.OwnerGroup), nullable(p.OwnerCounty), p.Title, p.FromYear, p.ToYear, p.Status, at).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("insert action plan: %w", mapError(err))
	}
	return t.writePlanChildren(ctx, p)
}

// UpdateActionPlan implements app.LocalRepo.
func (t *Tx) UpdateActionPlan(ctx context.Context, p *grant.ActionPlan, at string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE action_plans SET owner_org = $1, owner_group = $2, owner_county = $3, title = $4, from_year = $5, to_year = $6, status = $7,
		version = version + 1, updated_at = $8 WHERE id = $9 AND version = $10`, nullable(p.OwnerOrg), nullID(p.OwnerGroup), nullable(p.OwnerCounty),
		p.Title, p.FromYear, p.ToYear, p.Status, at, p.ID, p.Version)
	if err != nil {
		return 0, fmt.Errorf("update action plan %d: %w", p.ID, mapError(err))
	}
	v, err := t.bumped(ctx, res, "action_plans", "id", p.ID, p.Version, "action plan", "handlingsplanen")
	if err != nil {
		return 0, err
	}
	return v, t.writePlanChildren(ctx, p)
}

// writePlanChildren replaces a plan's children, keeping the ids of those
// given with one. Parents are written before the children that refer to
// them, and removed after, so every reference is valid at every statement.
// p's references must have been resolved to indexes by Validate.
func (t *Tx) writePlanChildren(ctx context.Context, p *grant.ActionPlan) error {
	keep := map[string][]int64{}
	for i := range p.Goals {
		g := &p.Goals[i]
		if err := t.upsertChild(ctx, "action_plan_goals", p.ID, &g.ID, []string{"position", "horizon", "text"}, i, g.Horizon, g.Text); err != nil {
			return err
		}
		keep["action_plan_goals"] = append(keep["action_plan_goals"], g.ID)
	}
	for i := range p.Measures {
		m := &p.Measures[i]
		m.GoalID = p.Goals[*m.GoalIndex].ID
		if err := t.upsertChild(ctx, "action_plan_measures", p.ID, &m.ID, []string{"position", "goal_id", "text", "initiative_id", "target_group"},
			i, m.GoalID, m.Text, nullID(m.InitiativeID), m.TargetGroup); err != nil {
			return err
		}
		keep["action_plan_measures"] = append(keep["action_plan_measures"], m.ID)
	}
	for i := range p.Indicators {
		in := &p.Indicators[i]
		if err := t.upsertChild(ctx, "action_plan_indicators", p.ID, &in.ID, []string{"position", "name", "unit", "kolada_kpi", "target"},
			i, in.Name, in.Unit, in.KoladaKPI, planFloat(in.Target)); err != nil {
			return err
		}
		keep["action_plan_indicators"] = append(keep["action_plan_indicators"], in.ID)
	}
	for i := range p.FollowUps {
		fu := &p.FollowUps[i]
		fu.MeasureID, fu.IndicatorID = 0, 0
		if fu.MeasureIndex != nil {
			fu.MeasureID = p.Measures[*fu.MeasureIndex].ID
		} else {
			fu.IndicatorID = p.Indicators[*fu.IndicatorIndex].ID
		}
		if err := t.upsertChild(ctx, "action_plan_follow_ups", p.ID, &fu.ID, []string{"position", "year", "measure_id", "indicator_id", "status", "value", "comment"},
			i, fu.Year, nullID(fu.MeasureID), nullID(fu.IndicatorID), fu.Status, planFloat(fu.Value), fu.Comment); err != nil {
			return err
		}
		keep["action_plan_follow_ups"] = append(keep["action_plan_follow_ups"], fu.ID)
	}
	for _, table := range []string{"action_plan_follow_ups", "action_plan_measures", "action_plan_indicators", "action_plan_goals"} {
		var w where
		w.add("plan_id = ?", p.ID)
		if ids := keep[table]; len(ids) > 0 {
			args := make([]any, len(ids))
			for i, id := range ids {
				args[i] = id
			}
			w.add("id NOT IN (?"+strings.Repeat(", ?", len(ids)-1)+")", args...)
		}
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM `+table+w.String(), w.args...); err != nil {
			return fmt.Errorf("action plan %d: %s: %w", p.ID, table, mapError(err))
		}
	}
	return nil
}

// upsertChild updates the child *id of the plan, or inserts it and sets
// *id when it has none. table and cols are constants of this file.
func (t *Tx) upsertChild(ctx context.Context, table string, planID int64, id *int64, cols []string, vals ...any) error {
	if *id != 0 {
		set := make([]string, len(cols))
		for i, c := range cols {
			set[i] = c + " = $" + strconv.Itoa(i+1)
		}
		n := len(cols)
		res, err := t.tx.ExecContext(ctx, `UPDATE `+table+` SET `+strings.Join(set, ", ")+
			` WHERE id = $`+strconv.Itoa(n+1)+` AND plan_id = $`+strconv.Itoa(n+2), append(vals, *id, planID)...)
		if err != nil {
			return fmt.Errorf("action plan %d: %s %d: %w", planID, table, *id, mapError(err))
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		return grant.NotFound(strings.TrimPrefix(table, "action_plan_")+" of action plan", "posten i handlingsplanen", *id)
	}
	marks := make([]string, len(cols)+1)
	for i := range marks {
		marks[i] = "$" + strconv.Itoa(i+1)
	}
	err := t.tx.QueryRowContext(ctx, `INSERT INTO `+table+` (plan_id, `+strings.Join(cols, ", ")+`) VALUES (`+strings.Join(marks, ", ")+`) RETURNING id`,
		append([]any{planID}, vals...)...).Scan(id)
	if err != nil {
		return fmt.Errorf("action plan %d: %s: %w", planID, table, mapError(err))
	}
	return nil
}

func planFloat(f *float64) sql.NullFloat64 {
	if f == nil {
		return sql.NullFloat64{}
	}
	return sql.NullFloat64{Float64: *f, Valid: true}
}

func planFloatPtr(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	return &f.Float64
}

// ActionPlan implements app.LocalRepo.
func (t *Tx) ActionPlan(ctx context.Context, id int64) (grant.ActionPlan, error) {
	p, err := scanPlan(t.tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM action_plans WHERE id = $1`, id))
	if err != nil {
		return p, notFound(err, "action plan", "handlingsplanen", id)
	}
	return p, t.planChildren(ctx, &p)
}

// ListActionPlans implements app.LocalRepo: with children, in id order.
func (t *Tx) ListActionPlans(ctx context.Context, f app.ListFilter) ([]grant.ActionPlan, int, error) {
	var w where
	if f.OrgCode != "" {
		w.add("owner_org = ?", f.OrgCode)
	}
	if f.Year != 0 {
		w.add("from_year <= ? AND to_year >= ?", f.Year, f.Year)
	}
	if f.Status != "" {
		w.add("status = ?", f.Status)
	}
	out, total, err := list(ctx, t, `SELECT `+planColumns+` FROM action_plans`, "action_plans", w, "id", f, scanPlan)
	if err != nil {
		return nil, 0, fmt.Errorf("list action plans: %w", err)
	}
	return out, total, t.plansChildren(ctx, out)
}

// ActionPlansOwnedBy implements app.CollabRepo.
func (t *Tx) ActionPlansOwnedBy(ctx context.Context, group int64, county string) ([]grant.ActionPlan, error) {
	var w where
	if group != 0 {
		w.add("owner_group = ?", group)
	} else {
		w.add("owner_county = ?", county)
	}
	out, _, err := list(ctx, t, `SELECT `+planColumns+` FROM action_plans`, "action_plans", w, "id", app.ListFilter{}, scanPlan)
	if err != nil {
		return nil, fmt.Errorf("list action plans: %w", err)
	}
	return out, t.plansChildren(ctx, out)
}

func (t *Tx) plansChildren(ctx context.Context, out []grant.ActionPlan) error {
	// Children after the plans: one open result set at a time suits both drivers.
	for i := range out {
		if err := t.planChildren(ctx, &out[i]); err != nil {
			return err
		}
	}
	return nil
}
