package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

// AppendAudit implements app.AuditRepo. There is no update or delete.
func (t *Tx) AppendAudit(ctx context.Context, e grant.AuditEntry) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, acting_for, action, entity, entity_id, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, e.At, e.Actor, e.ActingFor, e.Action, e.Entity, e.EntityID, e.Before, e.After)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.Entity, mapError(err))
	}
	return nil
}

// ListAudit implements app.AuditRepo: newest first.
func (t *Tx) ListAudit(ctx context.Context, f app.AuditFilter) ([]grant.AuditEntry, int, error) {
	var w where
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		w.add("entity_id = ?", f.EntityID)
	}
	if f.Actor != "" {
		w.add("actor = ?", f.Actor)
	}
	if f.Action != "" {
		w.add("action = ?", f.Action)
	}
	if f.ActingFor != "" {
		w.add("acting_for = ?", f.ActingFor)
	}
	if f.From != "" {
		w.add("at >= ?", f.From)
	}
	if f.To != "" {
		w.add("at < ?", f.To)
	}
	out, total, err := list(ctx, t, `SELECT id, at, actor, acting_for, action, entity, entity_id, before_json, after_json FROM audit_log`,
		"audit_log", w, "id DESC", app.ListFilter{Limit: f.Limit, Offset: f.Offset, Count: f.Count}, func(row rowScanner) (e grant.AuditEntry, err error) {
			err = row.Scan(&e.ID, &e.At, &e.Actor, &e.ActingFor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After)
			return e, err
		})
	if err != nil {
		return nil, 0, fmt.Errorf("list audit: %w", err)
	}
	return out, total, nil
}

// AuditStates implements app.AuditRepo: for each record of an entity, its
// last audit entry before the instant.
func (t *Tx) AuditStates(ctx context.Context, entity, before string) ([]grant.AuditEntry, error) {
	var out []grant.AuditEntry
	err := eachRow(ctx, t, `SELECT id, at, actor, acting_for, action, entity, entity_id, before_json, after_json FROM audit_log
		WHERE id IN (SELECT MAX(id) FROM audit_log WHERE entity = $1 AND at < $2 GROUP BY entity_id) ORDER BY id`, []any{entity, before},
		func(row rowScanner) error {
			var e grant.AuditEntry
			if err := row.Scan(&e.ID, &e.At, &e.Actor, &e.ActingFor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("audit states of %s: %w", entity, err)
	}
	return out, nil
}
