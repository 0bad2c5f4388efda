package app

import (
	"context"
	"fmt"

	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
)

// AddUser creates a user with a password and roles. The password is
// hashed before the transaction, so that the slow hash does not hold the
// database's write lock.
func (s *Service) AddUser(ctx context.Context, u grant.User, password string) (grant.User, error) {
	if err := requireAdmin(ctx); err != nil {
		return u, err
	}
	u.ID, u.Disabled, u.Version = 0, false, 0
	if err := u.Validate(); err != nil {
		return u, err
	}
	if err := grant.CheckPassword(password, u.Email); err != nil {
		return u, err
	}
	hash, err := auth.Hash(password, s.passwords)
	if err != nil {
		return u, fmt.Errorf("add user: %w", err)
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		for _, r := range u.Roles {
			if err := checkRoleOrg(ctx, tx, r); err != nil {
				return err
			}
		}
		if _, err := tx.UserByEmail(ctx, u.Email); err == nil {
			return userExists(u.Email)
		} else if grant.ErrorCode(err) != grant.ENOTFOUND {
			return err
		}
		u.CreatedAt = s.stamp()
		if err := tx.InsertUser(ctx, &u, hash); err != nil {
			if grant.ErrorCode(err) == grant.ECONFLICT { // a concurrent AddUser won
				return userExists(u.Email)
			}
			return err
		}
		return s.audit(ctx, tx, "create", "user", u.ID, nil, u)
	})
	return u, err
}

func userExists(email string) error {
	return grant.Errorf(grant.ECONFLICT, "email", "a user with the e-mail %s already exists", "det finns redan en användare med e-postadressen %s", email)
}

// checkRoleOrg checks that a coordinator's organisation exists; the
// database cannot, since the other roles store no organisation.
func checkRoleOrg(ctx context.Context, tx Tx, r grant.Role) error {
	if r.OrgCode == "" {
		return nil
	}
	_, err := tx.Organisation(ctx, r.OrgCode)
	return fieldError(err, "role")
}

// SetPassword replaces a user's password and ends the user's sessions, so
// that whoever knew the old one is logged out.
func (s *Service) SetPassword(ctx context.Context, email, password string) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	email, err := grant.NormaliseEmail(email)
	if err != nil {
		return err
	}
	if err := grant.CheckPassword(password, email); err != nil {
		return err
	}
	hash, err := auth.Hash(password, s.passwords)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	defer s.auths.forget() // after the commit: the user's sessions have ended
	return s.store.Write(ctx, func(tx Tx) error {
		u, err := tx.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		if _, err := tx.SetPasswordHash(ctx, u.ID, u.Version, hash); err != nil {
			return err
		}
		n, err := tx.DeleteUserSessions(ctx, u.ID)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, "set_password", "user", u.ID, nil, map[string]any{"email": u.Email, "sessions_ended": n})
	})
}

// DisableUser stops a user from logging in and ends the user's sessions.
// Users are disabled, never deleted, so that the audit log keeps naming
// someone who existed.
func (s *Service) DisableUser(ctx context.Context, email string) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	email, err := grant.NormaliseEmail(email)
	if err != nil {
		return err
	}
	defer s.auths.forget() // after the commit: the user's sessions have ended
	return s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		after := before
		after.Disabled = true
		if after.Version, err = tx.UpdateUser(ctx, after); err != nil {
			return err
		}
		if UserActor(before).Admin() && !before.Disabled {
			if err := keepsAnAdmin(ctx, tx); err != nil {
				return err
			}
		}
		if _, err := tx.DeleteUserSessions(ctx, before.ID); err != nil {
			return err
		}
		return s.audit(ctx, tx, "disable", "user", before.ID, before, after)
	})
}

// GrantRole gives a user a role; a role already held is ECONFLICT.
func (s *Service) GrantRole(ctx context.Context, email string, r grant.Role) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	return s.changeRole(ctx, email, r, "grant_role", func(tx Tx, u grant.User) error {
		if err := checkRoleOrg(ctx, tx, r); err != nil {
			return err
		}
		err := tx.InsertRole(ctx, u.ID, r)
		if grant.ErrorCode(err) == grant.ECONFLICT {
			return grant.Errorf(grant.ECONFLICT, "role", "%s already has the role %s", "%s har redan rollen %s", u.Email, r)
		}
		return err
	})
}

// RevokeRole takes a role from a user; a role not held is ENOTFOUND.
func (s *Service) RevokeRole(ctx context.Context, email string, r grant.Role) error {
	if err := requireAdmin(ctx); err != nil {
		return err
	}
	return s.changeRole(ctx, email, r, "revoke_role", func(tx Tx, u grant.User) error {
		held, err := tx.DeleteRole(ctx, u.ID, r)
		if err == nil && !held {
			err = grant.Errorf(grant.ENOTFOUND, "role", "%s does not have the role %s", "%s har inte rollen %s", u.Email, r)
		}
		if err == nil && r.Kind == grant.RoleAdmin {
			err = keepsAnAdmin(ctx, tx)
		}
		return err
	})
}

// keepsAnAdmin refuses a change that leaves no enabled administrator:
// nobody could then give roles except from the command line.
func keepsAnAdmin(ctx context.Context, tx Tx) error {
	users, _, err := tx.ListUsers(ctx, ListFilter{})
	if err != nil {
		return err
	}
	for _, u := range users {
		if !u.Disabled && UserActor(u).Admin() {
			return nil
		}
	}
	return grant.Errorf(grant.ECONFLICT, "", "this would leave anslag without an enabled administrator; make another user administrator first",
		"då skulle anslag sakna aktiv administratör; gör först en annan användare till administratör")
}

// changeRole runs a role change and bumps the user's version, so that an
// ETag on the user sees the change.
func (s *Service) changeRole(ctx context.Context, email string, r grant.Role, action string, change func(Tx, grant.User) error) error {
	email, err := grant.NormaliseEmail(email)
	if err != nil {
		return err
	}
	if err := r.Validate(); err != nil {
		return err
	}
	defer s.auths.forget() // the roles a cached user holds change
	return s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		if err := change(tx, before); err != nil {
			return err
		}
		if _, err := tx.UpdateUser(ctx, before); err != nil {
			return err
		}
		after, err := tx.UserByID(ctx, before.ID)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, action, "user", before.ID, before, after)
	})
}

// Users lists users in e-mail order, with their roles.
func (s *Service) Users(ctx context.Context, f ListFilter) (list []grant.User, total int, err error) {
	if err := requireAdmin(ctx); err != nil {
		return nil, 0, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		list, total, err = tx.ListUsers(ctx, f)
		return err
	})
	return list, total, err
}

// UserByEmail reads one user with roles.
func (s *Service) UserByEmail(ctx context.Context, email string) (u grant.User, err error) {
	if err := RequireOversight(ctx); err != nil {
		return u, err
	}
	if email, err = grant.NormaliseEmail(email); err != nil {
		return u, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		u, err = tx.UserByEmail(ctx, email)
		return err
	})
	return u, err
}

// CurrentUser is the logged-in user of ctx, read afresh with their roles.
func (s *Service) CurrentUser(ctx context.Context) (u grant.User, err error) {
	a := ActorFrom(ctx)
	if !a.LoggedIn() {
		return u, loginRequired()
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		u, err = tx.UserByEmail(ctx, a.User)
		return err
	})
	return u, err
}
