package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const taskColumns = `t.id, t.network_id, COALESCE(t.meeting_id, 0), t.owner_org, o.name, t.owner_person, t.description, t.due_on, t.status, t.done_at, t.version`

const taskFrom = `network_tasks t JOIN organisations o ON o.code = t.owner_org`

func scanTask(row rowScanner) (grant.Task, error) {
	var k grant.Task
	err := row.Scan(&k.ID, &k.NetworkID, &k.MeetingID, &k.OwnerOrg, &k.OwnerName, &k.OwnerPerson, &k.Description, &k.DueOn, &k.Status, &k.DoneAt, &k.Version)
	return k, err
}

// InsertTask implements app.NetworkRepo.
func (t *Tx) InsertTask(ctx context.Context, k *grant.Task) error {
	meeting := sql.NullInt64{Int64: k.MeetingID, Valid: k.MeetingID != 0}
	err := t.tx.QueryRowContext(ctx, `INSERT INTO network_tasks (network_id, meeting_id, owner_org, owner_person, description, due_on, status, done_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1) RETURNING id`,
		k.NetworkID, meeting, k.OwnerOrg, k.OwnerPerson, k.Description, k.DueOn, k.Status, k.DoneAt).Scan(&k.ID)
	if err != nil {
		return fmt.Errorf("insert task: %w", mapError(err))
	}
	return nil
}

// Task implements app.NetworkRepo.
func (t *Tx) Task(ctx context.Context, id int64) (grant.Task, error) {
	k, err := scanTask(t.tx.QueryRowContext(ctx, `SELECT `+taskColumns+` FROM `+taskFrom+` WHERE t.id = $1`, id))
	return k, notFound(err, "task", "uppgiften", id)
}

// UpdateTaskStatus implements app.NetworkRepo.
func (t *Tx) UpdateTaskStatus(ctx context.Context, k grant.Task) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE network_tasks SET status = $1, done_at = $2, version = version + 1 WHERE id = $3 AND version = $4`,
		k.Status, k.DoneAt, k.ID, k.Version)
	if err != nil {
		return 0, fmt.Errorf("update task %d: %w", k.ID, mapError(err))
	}
	return t.bumped(ctx, res, "network_tasks", "id", k.ID, k.Version, "task", "uppgiften")
}

// ListTasks implements app.NetworkRepo.
func (t *Tx) ListTasks(ctx context.Context, f app.TaskFilter, today grant.Date) ([]grant.Task, int, error) {
	var w where
	if f.NetworkID != 0 {
		w.add("t.network_id = ?", f.NetworkID)
	}
	if f.OrgCode != "" {
		w.add("t.owner_org = ?", f.OrgCode)
	}
	switch f.Status {
	case "":
	case "overdue": // the rule of grant.TaskOverdue, in SQL so that paging sees it
		w.add("t.status = 'open' AND t.due_on < ?", string(today))
	default:
		w.add("t.status = ?", f.Status)
	}
	// Overdue first. today is written into the ORDER BY, not passed, since
	// the count query shares w's arguments; it is checked to be a date.
	if _, err := grant.ParseDate("today", string(today)); err != nil || today == "" {
		return nil, 0, fmt.Errorf("list tasks: today %q is not a date", today)
	}
	order := "CASE WHEN t.status = 'open' AND t.due_on < '" + string(today) + "' THEN 0 ELSE 1 END, t.due_on, t.id"
	out, total, err := list(ctx, t, `SELECT `+taskColumns+` FROM `+taskFrom, taskFrom, w, order, f.ListFilter, scanTask)
	if err != nil {
		return nil, 0, fmt.Errorf("list tasks: %w", err)
	}
	return out, total, nil
}

// JointSetAsides implements app.NetworkRepo: one query for the lines and
// their requisitions and payments, one for the holders' sub-allocations.
func (t *Tx) JointSetAsides(ctx context.Context, county string, year int) ([]app.JointPot, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT p.id, p.name, l.county, l.org_code, o.name, l.amount, p.agreement_id,
		COALESCE((SELECT SUM(q.amount) FROM requisitions q WHERE q.run_id = r.id AND q.joint AND q.county = l.county AND q.status <> 'rejected'), 0),
		COALESCE((SELECT SUM(y.amount) FROM payments y JOIN requisitions q ON q.id = y.requisition_id
			WHERE q.run_id = r.id AND q.joint AND q.county = l.county), 0)
		FROM allocation_lines l JOIN allocation_runs r ON r.id = l.run_id AND r.status = 'decided'
		JOIN pots p ON p.id = r.pot_id JOIN agreements a ON a.id = p.agreement_id
		JOIN organisations o ON o.code = l.org_code
		WHERE l.kind = 'set_aside' AND l.county = $1 AND a.year = $2 ORDER BY p.id`, county, year)
	if err != nil {
		return nil, fmt.Errorf("joint set-asides of county %s: %w", county, err)
	}
	var out []app.JointPot
	var agreements []int64
	for rows.Next() {
		var j app.JointPot
		var agreement int64
		if err := rows.Scan(&j.PotID, &j.PotName, &j.County, &j.Holder, &j.HolderName, &j.Amount, &agreement, &j.Requisitioned, &j.Paid); err != nil {
			rows.Close()
			return nil, fmt.Errorf("joint set-asides of county %s: %w", county, err)
		}
		out = append(out, j)
		agreements = append(agreements, agreement)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		uses, _, err := t.ListSubAllocations(ctx, app.ListFilter{OrgCode: out[i].Holder, AgreementID: agreements[i]})
		if err != nil {
			return nil, err
		}
		out[i].Uses = uses
	}
	return out, nil
}
