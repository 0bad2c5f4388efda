package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/anslag/anslag/internal/grant"
)

// planChildren reads a plan's goals, measures, indicators and follow-ups in
// their order, and fills every reference both as id and as index.
func (t *Tx) planChildren(ctx context.Context, p *grant.ActionPlan) error {
	p.Goals, p.Measures, p.Indicators, p.FollowUps = []grant.Goal{}, []grant.Measure{}, []grant.Indicator{}, []grant.FollowUp{}
	goalAt, measureAt, indicatorAt := map[int64]int{}, map[int64]int{}, map[int64]int{}
	err := t.localRows(ctx, `SELECT id, horizon, text FROM action_plan_goals WHERE plan_id = $1 ORDER BY position`, p.ID, func(r *sql.Rows) error {
		var g grant.Goal
		if err := r.Scan(&g.ID, &g.Horizon, &g.Text); err != nil {
			return err
		}
		goalAt[g.ID] = len(p.Goals)
		p.Goals = append(p.Goals, g)
		return nil
	})
	if err != nil {
		return err
	}
	err = t.localRows(ctx, `SELECT id, goal_id, text, COALESCE(initiative_id, 0), target_group FROM action_plan_measures
		WHERE plan_id = $1 ORDER BY position`, p.ID, func(r *sql.Rows) error {
		var m grant.Measure
		if err := r.Scan(&m.ID, &m.GoalID, &m.Text, &m.InitiativeID, &m.TargetGroup); err != nil {
			return err
		}
		m.GoalIndex = planIndex(goalAt, m.GoalID)
		measureAt[m.ID] = len(p.Measures)
		p.Measures = append(p.Measures, m)
		return nil
	})
	if err != nil {
		return err
	}
	err = t.localRows(ctx, `SELECT id, name, unit, kolada_kpi, target FROM action_plan_indicators WHERE plan_id = $1 ORDER BY position`, p.ID,
		func(r *sql.Rows) error {
			var in grant.Indicator
			var target sql.NullFloat64
			if err := r.Scan(&in.ID, &in.Name, &in.Unit, &in.KoladaKPI, &target); err != nil {
				return err
			}
			in.Target = planFloatPtr(target)
			indicatorAt[in.ID] = len(p.Indicators)
			p.Indicators = append(p.Indicators, in)
			return nil
		})
	if err != nil {
		return err
	}
	return t.localRows(ctx, `SELECT id, year, COALESCE(measure_id, 0), COALESCE(indicator_id, 0), status, value, comment
		FROM action_plan_follow_ups WHERE plan_id = $1 ORDER BY position`, p.ID, func(r *sql.Rows) error {
		var fu grant.FollowUp
		var value sql.NullFloat64
		if err := r.Scan(&fu.ID, &fu.Year, &fu.MeasureID, &fu.IndicatorID, &fu.Status, &value, &fu.Comment); err != nil {
			return err
		}
		fu.Value = planFloatPtr(value)
		if fu.MeasureID != 0 {
			fu.MeasureIndex = planIndex(measureAt, fu.MeasureID)
		} else {
			fu.IndicatorIndex = planIndex(indicatorAt, fu.IndicatorID)
		}
		p.FollowUps = append(p.FollowUps, fu)
		return nil
	})
}

func planIndex(at map[int64]int, id int64) *int {
	i, ok := at[id]
	if !ok {
		return nil
	}
	return &i
}

// localRows runs a query with one argument and calls fn on every row.
func (t *Tx) localRows(ctx context.Context, query string, arg any, fn func(*sql.Rows) error) error {
	rows, err := t.tx.QueryContext(ctx, query, arg)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("scan: %w", err)
		}
	}
	return rows.Err()
}
