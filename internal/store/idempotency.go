package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/anslag/anslag/internal/grant"
)

// IdempotencyRecord is the stored first answer to a POST with an
// Idempotency-Key. The API layer adapts it to its own type.
type IdempotencyRecord struct {
	Actor, Key, Method, Path, RequestHash string
	Status                                int
	Body                                  []byte
	CreatedAt                             time.Time
}

// LoadIdempotency finds the record of actor's key.
func (db *DB) LoadIdempotency(ctx context.Context, actor, key string) (IdempotencyRecord, bool, error) {
	rec := IdempotencyRecord{Actor: actor, Key: key}
	var body, created string
	err := db.read.QueryRowContext(ctx, `SELECT method, path, request_hash, status, body, created_at FROM idempotency_keys
		WHERE actor = $1 AND key = $2`, actor, key).Scan(&rec.Method, &rec.Path, &rec.RequestHash, &rec.Status, &body, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return rec, false, nil
	}
	if err != nil {
		return rec, false, fmt.Errorf("load idempotency key: %w", err)
	}
	rec.Body = []byte(body)
	if rec.CreatedAt, err = grant.ParseTimestamp(created); err != nil {
		return rec, false, fmt.Errorf("idempotency key: %w", err)
	}
	return rec, true, nil
}

// SaveIdempotency stores a record; the same actor and key twice is a conflict.
func (db *DB) SaveIdempotency(ctx context.Context, rec IdempotencyRecord) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO idempotency_keys (actor, key, method, path, request_hash, status, body, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, rec.Actor, rec.Key, rec.Method, rec.Path, rec.RequestHash, rec.Status, string(rec.Body),
		grant.Timestamp(rec.CreatedAt))
	if err != nil {
		return fmt.Errorf("save idempotency key: %w", mapError(err))
	}
	return nil
}
