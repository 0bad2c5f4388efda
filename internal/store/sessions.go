package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/anslag/anslag/internal/grant"
)

const sessionColumns = `id, user_id, created_at, last_seen_at, expires_at`

func scanSession(row rowScanner) (grant.Session, error) {
	var s grant.Session
	err := row.Scan(&s.ID, &s.UserID, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt)
	return s, err
}

// InsertSession implements app.SessionRepo.
func (t *Tx) InsertSession(ctx context.Context, s *grant.Session, tokenHash string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, tokenHash, s.UserID, s.CreatedAt, s.LastSeenAt, s.ExpiresAt).Scan(&s.ID)
	if err != nil {
		return fmt.Errorf("insert session: %w", mapError(err))
	}
	return nil
}

// SessionByHash implements app.SessionRepo. The not-found error names no
// hash: it may reach a log.
func (t *Tx) SessionByHash(ctx context.Context, tokenHash string) (grant.Session, error) {
	s, err := scanSession(t.tx.QueryRowContext(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = $1`, tokenHash))
	return s, notFound(err, "session", "sessionen", "")
}

// TouchSession implements app.SessionRepo.
func (t *Tx) TouchSession(ctx context.Context, id int64, at string) error {
	if _, err := t.tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $1 WHERE id = $2`, at, id); err != nil {
		return fmt.Errorf("touch session %d: %w", id, err)
	}
	return nil
}

// DeleteSession implements app.SessionRepo.
func (t *Tx) DeleteSession(ctx context.Context, tokenHash string) (grant.Session, bool, error) {
	s, err := scanSession(t.tx.QueryRowContext(ctx, `DELETE FROM sessions WHERE token_hash = $1 RETURNING `+sessionColumns, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	if err != nil {
		return s, false, fmt.Errorf("delete session: %w", err)
	}
	return s, true, nil
}

// DeleteUserSessions implements app.SessionRepo.
func (t *Tx) DeleteUserSessions(ctx context.Context, userID int64) (int, error) {
	return t.deleted(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
}

// DeleteExpiredSessions implements app.SessionRepo.
func (t *Tx) DeleteExpiredSessions(ctx context.Context, now string) (int, error) {
	return t.deleted(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now)
}

func (t *Tx) deleted(ctx context.Context, q string, args ...any) (int, error) {
	res, err := t.tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("delete sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

const tokenColumns = `id, user_id, name, prefix, created_at, COALESCE(last_used_at, ''), COALESCE(revoked_at, '')`

func scanToken(row rowScanner) (grant.APIToken, error) {
	var k grant.APIToken
	err := row.Scan(&k.ID, &k.UserID, &k.Name, &k.Prefix, &k.CreatedAt, &k.LastUsedAt, &k.RevokedAt)
	return k, err
}

// InsertAPIToken implements app.SessionRepo.
func (t *Tx) InsertAPIToken(ctx context.Context, k *grant.APIToken, tokenHash string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, k.UserID, k.Name, k.Prefix, tokenHash, k.CreatedAt).Scan(&k.ID)
	if err != nil {
		return fmt.Errorf("insert API token: %w", mapError(err))
	}
	return nil
}

// APIToken implements app.SessionRepo.
func (t *Tx) APIToken(ctx context.Context, id int64) (grant.APIToken, error) {
	k, err := scanToken(t.tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`, id))
	return k, notFound(err, "API token", "API-token", id)
}

// APITokenByHash implements app.SessionRepo.
func (t *Tx) APITokenByHash(ctx context.Context, tokenHash string) (grant.APIToken, error) {
	k, err := scanToken(t.tx.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = $1`, tokenHash))
	return k, notFound(err, "API token", "API-token", "")
}

// ListAPITokens implements app.SessionRepo: oldest first, revoked included.
func (t *Tx) ListAPITokens(ctx context.Context, userID int64) ([]grant.APIToken, error) {
	out := []grant.APIToken{}
	err := eachRow(ctx, t, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = $1 ORDER BY id`, []any{userID}, func(row rowScanner) error {
		k, err := scanToken(row)
		out = append(out, k)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list API tokens of user %d: %w", userID, err)
	}
	return out, nil
}

// RevokeAPIToken implements app.SessionRepo; revoking twice keeps the first time.
func (t *Tx) RevokeAPIToken(ctx context.Context, id int64, at string) error {
	if _, err := t.tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2`, at, id); err != nil {
		return fmt.Errorf("revoke API token %d: %w", id, err)
	}
	return nil
}

// TouchAPIToken implements app.SessionRepo.
func (t *Tx) TouchAPIToken(ctx context.Context, id int64, at string) error {
	if _, err := t.tx.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, at, id); err != nil {
		return fmt.Errorf("touch API token %d: %w", id, err)
	}
	return nil
}

// InsertLoginFailure implements app.LoginFailureRepo.
func (t *Tx) InsertLoginFailure(ctx context.Context, key, at string) error {
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO login_failures (key, at) VALUES ($1, $2)`, key, at); err != nil {
		return fmt.Errorf("record failed login: %w", err)
	}
	return nil
}

// LoginFailures implements app.LoginFailureRepo, reading the (key, at) index.
func (t *Tx) LoginFailures(ctx context.Context, key, since string) (int, string, error) {
	var n int
	var earliest sql.NullString
	err := t.tx.QueryRowContext(ctx, `SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = $1 AND at >= $2`, key, since).Scan(&n, &earliest)
	if err != nil {
		return 0, "", fmt.Errorf("count failed logins: %w", err)
	}
	return n, earliest.String, nil
}

// ClearLoginFailures implements app.LoginFailureRepo.
func (t *Tx) ClearLoginFailures(ctx context.Context, key string) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM login_failures WHERE key = $1`, key); err != nil {
		return fmt.Errorf("clear failed logins: %w", err)
	}
	return nil
}

// PruneLoginFailures implements app.LoginFailureRepo.
func (t *Tx) PruneLoginFailures(ctx context.Context, before string) error {
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM login_failures WHERE at < $1`, before); err != nil {
		return fmt.Errorf("prune failed logins: %w", err)
	}
	return nil
}
