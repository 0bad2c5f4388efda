package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// obligations are the three kinds of thing a recipient must do by a date,
// each due on or before $1. A condition is open while nothing awaits
// review or is approved (the rule of grant.Overdue); a requisition while
// allocated money is left to requisition (rejected requisitions give it
// back); a report while money was paid and no report of use is in.
const obligations = `
SELECT 'condition', c.id, c.pot_id, p.name, c.title, rc.org_code, o.name, c.due_date, COALESCE(s.amount, 0)
	FROM ` + conditionBoard + `
	LEFT JOIN ledger_sums s ON s.agreement_id = p.agreement_id AND s.pot_id = c.pot_id AND s.org_code = rc.org_code AND s.kind = 'allocated'
	WHERE c.due_date <> '' AND c.due_date <= $1 AND COALESCE(f.status, 'not_submitted') IN ('not_submitted', 'rejected')
UNION ALL
SELECT 'requisition', p.id, p.id, p.name, p.name, s.org_code, o.name, p.requisition_deadline,
	SUM(CASE s.kind WHEN 'requisitioned' THEN -s.amount ELSE s.amount END)
	FROM pots p JOIN ledger_sums s ON s.agreement_id = p.agreement_id AND s.pot_id = p.id
	JOIN organisations o ON o.code = s.org_code
	WHERE p.requisition_deadline <> '' AND p.requisition_deadline <= $1 AND s.org_code <> ''
		AND s.kind IN ('allocated', 'requisitioned', 'rejected')
	GROUP BY p.id, p.name, s.org_code, o.name, p.requisition_deadline
	HAVING SUM(CASE s.kind WHEN 'requisitioned' THEN -s.amount ELSE s.amount END) > 0
UNION ALL
SELECT 'report', p.id, p.id, p.name, p.name, s.org_code, o.name, p.report_due, s.amount
	FROM pots p JOIN ledger_sums s ON s.agreement_id = p.agreement_id AND s.pot_id = p.id AND s.kind = 'paid'
	JOIN organisations o ON o.code = s.org_code
	LEFT JOIN use_reports u ON u.pot_id = p.id AND u.org_code = s.org_code
	WHERE p.report_due <> '' AND p.report_due <= $1 AND s.org_code <> '' AND s.amount > 0 AND u.id IS NULL`

// Obligations implements app.ReminderRepo.
func (t *Tx) Obligations(ctx context.Context, until grant.Date) ([]grant.Obligation, error) {
	rows, err := t.tx.QueryContext(ctx, obligations+` ORDER BY 8, 1, 2, 6`, string(until))
	if err != nil {
		return nil, fmt.Errorf("obligations: %w", err)
	}
	defer rows.Close()
	var out []grant.Obligation
	for rows.Next() {
		var o grant.Obligation
		if err := rows.Scan(&o.Kind, &o.SubjectID, &o.PotID, &o.PotName, &o.Title, &o.OrgCode, &o.OrgName, &o.DueDate, &o.Amount); err != nil {
			return nil, fmt.Errorf("obligations: %w", err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ReminderRecipients implements app.ReminderRepo: the contacts answering
// for the requirements, the other contacts, then the organisation's
// coordinators with an active account. Duplicates are the caller's.
func (t *Tx) ReminderRecipients(ctx context.Context, org string) ([]string, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT email, 0, CASE WHEN requirements THEN 0 ELSE 1 END FROM contacts WHERE org_code = $1
		UNION ALL
		SELECT u.email, 1, 0 FROM users u JOIN user_roles r ON r.user_id = u.id
			WHERE r.kind = 'coordinator' AND r.org_code = $1 AND u.disabled = FALSE
		ORDER BY 2, 3, 1`, org)
	if err != nil {
		return nil, fmt.Errorf("reminder recipients of %s: %w", org, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		var a, b int
		if err := rows.Scan(&e, &a, &b); err != nil {
			return nil, fmt.Errorf("reminder recipients of %s: %w", org, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// TickLock implements app.ReminderRepo: whether this transaction may work
// the tick (see dialect.tickLock).
func (t *Tx) TickLock(ctx context.Context) (bool, error) {
	if t.d.tickLock == "" {
		return true, nil
	}
	var got bool
	if err := t.tx.QueryRowContext(ctx, t.d.tickLock).Scan(&got); err != nil {
		return false, fmt.Errorf("reminder lock: %w", err)
	}
	return got, nil
}

// InsertReminders implements app.ReminderRepo: rows already recorded, in
// whatever state, are left as they are, which is what sends each once.
func (t *Tx) InsertReminders(ctx context.Context, rs []grant.Reminder, at string) error {
	for _, r := range rs {
		_, err := t.tx.ExecContext(ctx, `INSERT INTO reminders (kind, subject_id, org_code, stage, recipient, pot_id, title, due_date, amount,
			state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10)
			ON CONFLICT (kind, subject_id, org_code, stage, recipient) DO NOTHING`,
			r.Kind, r.SubjectID, r.OrgCode, r.Stage, r.Recipient, r.PotID, r.Title, r.DueDate, r.Amount, at)
		if err != nil {
			return fmt.Errorf("insert reminder %s: %w", r.Key(), mapError(err))
		}
	}
	return nil
}

const reminderColumns = `id, kind, subject_id, org_code, stage, recipient, pot_id, title, due_date, amount, state, attempts,
	last_error, created_at, claimed_at, sent_at`

func scanReminder(row rowScanner) (grant.Reminder, error) {
	var r grant.Reminder
	err := row.Scan(&r.ID, &r.Kind, &r.SubjectID, &r.OrgCode, &r.Stage, &r.Recipient, &r.PotID, &r.Title, &r.DueDate, &r.Amount,
		&r.State, &r.Attempts, &r.LastError, &r.CreatedAt, &r.ClaimedAt, &r.SentAt)
	return r, err
}

// ClaimReminders implements app.ReminderRepo: up to limit pending rows,
// and rows left sending by an instance that stopped before staleBefore,
// become sending and count an attempt.
func (t *Tx) ClaimReminders(ctx context.Context, at, staleBefore string, limit int) ([]grant.Reminder, error) {
	rows, err := t.tx.QueryContext(ctx, `UPDATE reminders SET state = 'sending', claimed_at = $1, attempts = attempts + 1
		WHERE id IN (SELECT id FROM reminders WHERE state = 'pending' OR (state = 'sending' AND claimed_at < $2)
			ORDER BY id LIMIT $3`+t.d.skipLocked+`)
		RETURNING `+reminderColumns, at, staleBefore, limit)
	if err != nil {
		return nil, fmt.Errorf("claim reminders: %w", err)
	}
	defer rows.Close()
	var out []grant.Reminder
	for rows.Next() {
		r, err := scanReminder(rows)
		if err != nil {
			return nil, fmt.Errorf("claim reminders: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// FinishReminder implements app.ReminderRepo: a claimed reminder becomes
// sent, cancelled, or pending again with the error of its attempt.
func (t *Tx) FinishReminder(ctx context.Context, id int64, state grant.ReminderState, lastError, at string) error {
	sentAt := ""
	if state == grant.ReminderSent {
		sentAt = at
	}
	_, err := t.tx.ExecContext(ctx, `UPDATE reminders SET state = $1, last_error = $2, sent_at = $3 WHERE id = $4 AND state = 'sending'`,
		state, lastError, sentAt, id)
	if err != nil {
		return fmt.Errorf("finish reminder %d: %w", id, mapError(err))
	}
	return nil
}

// ListReminders implements app.ReminderRepo: newest first, by
// organisation, kind and state (Status).
func (t *Tx) ListReminders(ctx context.Context, f app.ListFilter) ([]grant.Reminder, int, error) {
	var w where
	if f.OrgCode != "" {
		w.add("org_code = ?", f.OrgCode)
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Status != "" {
		w.add("state = ?", f.Status)
	}
	out, total, err := list(ctx, t, `SELECT `+reminderColumns+` FROM reminders`, "reminders", w, "id DESC", f, scanReminder)
	if err != nil {
		return nil, 0, fmt.Errorf("list reminders: %w", err)
	}
	return out, total, nil
}
