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
	if f.From != "" {
		w.add("at >= ?", f.From)
	}
	if f.To != "" {
		w.add("at < ?", f.To)
	}
	total, err := t.count(ctx, "audit_log", w)
	if err != nil {
		return nil, 0, fmt.Errorf("count audit: %w", err)
	}
	rows, err := t.tx.QueryContext(ctx, `SELECT id, at, actor, acting_for, action, entity, entity_id, before_json, after_json
		FROM audit_log`+w.String()+` ORDER BY id DESC`+w.page(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	var out []grant.AuditEntry
	for rows.Next() {
		var e grant.AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.ActingFor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After); err != nil {
			return nil, 0, err
		}
		out = append(out, e)
	}
	return out, total, rows.Err()
}
