package app

import (
	"context"

	"github.com/anslag/anslag/internal/grant"
)

// UserRepo stores users and their roles. Password hashes travel apart from
// grant.User so that a user value can never carry one into JSON.
type UserRepo interface {
	// InsertUser stores u with its roles and sets u.ID; a taken e-mail is ECONFLICT.
	InsertUser(ctx context.Context, u *grant.User, passwordHash string) error
	UserByEmail(ctx context.Context, email string) (grant.User, error) // with roles
	UserByID(ctx context.Context, id int64) (grant.User, error)        // with roles
	PasswordHash(ctx context.Context, userID int64) (string, error)
	ListUsers(ctx context.Context, f ListFilter) ([]grant.User, int, error)
	// UpdateUser writes name and disabled if the stored version is still
	// u.Version, and bumps it; a stale version is EPRECONDITION.
	UpdateUser(ctx context.Context, u grant.User) (int64, error)
	// SetPasswordHash is UpdateUser for the password.
	SetPasswordHash(ctx context.Context, userID, version int64, hash string) (int64, error)
	InsertRole(ctx context.Context, userID int64, r grant.Role) error         // a held role is ECONFLICT
	DeleteRole(ctx context.Context, userID int64, r grant.Role) (bool, error) // false: not held
}

// SessionRepo stores browser sessions and API tokens by the hashes of
// their secrets.
type SessionRepo interface {
	InsertSession(ctx context.Context, s *grant.Session, tokenHash string) error
	SessionByHash(ctx context.Context, tokenHash string) (grant.Session, error)
	TouchSession(ctx context.Context, id int64, at string) error
	DeleteSession(ctx context.Context, tokenHash string) (grant.Session, bool, error)
	DeleteUserSessions(ctx context.Context, userID int64) (int, error)
	DeleteExpiredSessions(ctx context.Context, now string) (int, error)

	InsertAPIToken(ctx context.Context, t *grant.APIToken, tokenHash string) error
	APIToken(ctx context.Context, id int64) (grant.APIToken, error)
	APITokenByHash(ctx context.Context, tokenHash string) (grant.APIToken, error)
	ListAPITokens(ctx context.Context, userID int64) ([]grant.APIToken, error)
	RevokeAPIToken(ctx context.Context, id int64, at string) error
	TouchAPIToken(ctx context.Context, id int64, at string) error
}

// LoginFailureRepo counts failed logins per key ("account:EMAIL",
// "ip:ADDRESS") in the database, so that every server sharing it throttles
// alike.
type LoginFailureRepo interface {
	InsertLoginFailure(ctx context.Context, key, at string) error
	// LoginFailures counts the failures of key at or after since, and
	// gives the earliest of them ("" when none).
	LoginFailures(ctx context.Context, key, since string) (n int, earliest string, err error)
	ClearLoginFailures(ctx context.Context, key string) error
	// PruneLoginFailures drops failures before a time, which no longer count.
	PruneLoginFailures(ctx context.Context, before string) error
}
