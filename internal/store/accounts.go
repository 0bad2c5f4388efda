package store

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

const userColumns = `id, email, name, disabled, created_at, version`

func scanUser(row rowScanner) (grant.User, error) {
	var u grant.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Disabled, &u.CreatedAt, &u.Version)
	return u, err
}

// InsertUser implements app.UserRepo.
func (t *Tx) InsertUser(ctx context.Context, u *grant.User, passwordHash string) error {
	err := t.tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, disabled, created_at, version)
		VALUES ($1, $2, $3, $4, $5, 1) RETURNING id`, u.Email, u.Name, passwordHash, u.Disabled, u.CreatedAt).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("insert user %s: %w", u.Email, mapError(err))
	}
	u.Version = 1
	for _, r := range u.Roles {
		if err := t.InsertRole(ctx, u.ID, r); err != nil {
			return err
		}
	}
	return nil
}

// UserByEmail implements app.UserRepo.
func (t *Tx) UserByEmail(ctx context.Context, email string) (grant.User, error) {
	u, err := scanUser(t.tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
	if err != nil {
		return u, notFound(err, "user", "användaren", email)
	}
	return u, t.loadRoles(ctx, []*grant.User{&u})
}

// UserByID implements app.UserRepo.
func (t *Tx) UserByID(ctx context.Context, id int64) (grant.User, error) {
	u, err := scanUser(t.tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return u, notFound(err, "user", "användaren", id)
	}
	return u, t.loadRoles(ctx, []*grant.User{&u})
}

// PasswordHash implements app.UserRepo.
func (t *Tx) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var h string
	err := t.tx.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&h)
	return h, notFound(err, "user", "användaren", userID)
}

// ListUsers implements app.UserRepo: in e-mail order.
func (t *Tx) ListUsers(ctx context.Context, f app.ListFilter) ([]grant.User, int, error) {
	out, total, err := list(ctx, t, `SELECT `+userColumns+` FROM users`, "users", where{}, "email", f, scanUser)
	if err != nil {
		return nil, 0, fmt.Errorf("list users: %w", err)
	}
	ptrs := make([]*grant.User, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, total, t.loadRoles(ctx, ptrs)
}

// loadRoles reads the roles of a page of users with one query.
func (t *Tx) loadRoles(ctx context.Context, users []*grant.User) error {
	if len(users) == 0 {
		return nil
	}
	ids := make([]int64, len(users))
	byID := make(map[int64]*grant.User, len(users))
	for i, u := range users {
		ids[i], byID[u.ID] = u.ID, u
		u.Roles = []grant.Role{}
	}
	in, args := inList(ids)
	err := eachRow(ctx, t, `SELECT user_id, kind, org_code FROM user_roles WHERE user_id IN `+in+` ORDER BY user_id, kind, org_code`, args,
		func(row rowScanner) error {
			var id int64
			var r grant.Role
			if err := row.Scan(&id, &r.Kind, &r.OrgCode); err != nil {
				return err
			}
			byID[id].Roles = append(byID[id].Roles, r)
			return nil
		})
	if err != nil {
		return fmt.Errorf("user roles: %w", err)
	}
	return nil
}

// UpdateUser implements app.UserRepo.
func (t *Tx) UpdateUser(ctx context.Context, u grant.User) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE users SET name = $1, disabled = $2, version = version + 1
		WHERE id = $3 AND version = $4`, u.Name, u.Disabled, u.ID, u.Version)
	if err != nil {
		return 0, fmt.Errorf("update user %d: %w", u.ID, mapError(err))
	}
	return t.bumped(ctx, res, "users", "id", u.ID, u.Version, "user", "användaren")
}

// SetPasswordHash implements app.UserRepo.
func (t *Tx) SetPasswordHash(ctx context.Context, userID, version int64, hash string) (int64, error) {
	res, err := t.tx.ExecContext(ctx, `UPDATE users SET password_hash = $1, version = version + 1
		WHERE id = $2 AND version = $3`, hash, userID, version)
	if err != nil {
		return 0, fmt.Errorf("set password of user %d: %w", userID, mapError(err))
	}
	return t.bumped(ctx, res, "users", "id", userID, version, "user", "användaren")
}

// InsertRole implements app.UserRepo.
func (t *Tx) InsertRole(ctx context.Context, userID int64, r grant.Role) error {
	_, err := t.tx.ExecContext(ctx, `INSERT INTO user_roles (user_id, kind, org_code) VALUES ($1, $2, $3)`, userID, r.Kind, r.OrgCode)
	if err != nil {
		return fmt.Errorf("grant role %s to user %d: %w", r, userID, mapError(err))
	}
	return nil
}

// DeleteRole implements app.UserRepo.
func (t *Tx) DeleteRole(ctx context.Context, userID int64, r grant.Role) (bool, error) {
	res, err := t.tx.ExecContext(ctx, `DELETE FROM user_roles WHERE user_id = $1 AND kind = $2 AND org_code = $3`, userID, r.Kind, r.OrgCode)
	if err != nil {
		return false, fmt.Errorf("revoke role %s from user %d: %w", r, userID, mapError(err))
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
