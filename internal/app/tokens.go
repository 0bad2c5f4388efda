package app

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
)

// tokenPrefixLen is how much of a token is kept in the clear to recognise
// it in a list: the kind prefix and three random characters, far too few
// to guess the rest from.
const tokenPrefixLen = 12

// CreateToken makes an API token for a user. The plain token is returned
// once; only its hash is stored.
func (s *Service) CreateToken(ctx context.Context, email, name string) (string, grant.APIToken, error) {
	email, err := grant.NormaliseEmail(email)
	if err != nil {
		return "", grant.APIToken{}, err
	}
	if err := requireSelf(ctx, email); err != nil {
		return "", grant.APIToken{}, err
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return "", grant.APIToken{}, grant.Errorf(grant.EINVALID, "name", "a token needs a name of 1–100 characters, saying what uses it",
			"en token behöver ett namn på 1–100 tecken som säger vad som använder den")
	}
	plain, hash, err := auth.NewToken(auth.APITokenPrefix)
	if err != nil {
		return "", grant.APIToken{}, fmt.Errorf("create token: %w", err)
	}
	k := grant.APIToken{Name: name, Prefix: plain[:tokenPrefixLen]}
	err = s.store.Write(ctx, func(tx Tx) error {
		u, err := tx.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		if u.Disabled {
			return grant.Errorf(grant.ECONFLICT, "email", "the user %s is disabled", "användaren %s är avstängd", u.Email)
		}
		k.UserID, k.CreatedAt = u.ID, s.stamp()
		if err := tx.InsertAPIToken(ctx, &k, hash); err != nil {
			return err
		}
		return s.audit(ctx, tx, "create", "api_token", k.ID, nil, k)
	})
	if err != nil {
		return "", grant.APIToken{}, err
	}
	return plain, k, nil
}

// Tokens lists a user's API tokens, revoked ones included.
func (s *Service) Tokens(ctx context.Context, email string) (list []grant.APIToken, err error) {
	if email, err = grant.NormaliseEmail(email); err != nil {
		return nil, err
	}
	if err := requireSelf(ctx, email); err != nil {
		return nil, err
	}
	err = s.store.Read(ctx, func(tx Tx) error {
		u, err := tx.UserByEmail(ctx, email)
		if err != nil {
			return err
		}
		list, err = tx.ListAPITokens(ctx, u.ID)
		return err
	})
	return list, err
}

// RevokeToken ends an API token for good; revoking it again changes nothing.
func (s *Service) RevokeToken(ctx context.Context, id int64) error {
	if !ActorFrom(ctx).LoggedIn() {
		return loginRequired()
	}
	defer s.auths.forget()
	return s.store.Write(ctx, func(tx Tx) error {
		before, err := tx.APIToken(ctx, id)
		if err != nil {
			return err
		}
		owner, err := tx.UserByID(ctx, before.UserID)
		if err != nil {
			return err
		}
		if err := requireSelf(ctx, owner.Email); err != nil || before.RevokedAt != "" {
			return err
		}
		if err := tx.RevokeAPIToken(ctx, id, s.stamp()); err != nil {
			return err
		}
		after, err := tx.APIToken(ctx, id)
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, "revoke", "api_token", id, before, after)
	})
}

// AuthenticateToken finds the user of an API token; an unknown or revoked
// token or a disabled user is EUNAUTHORIZED.
func (s *Service) AuthenticateToken(ctx context.Context, plain string) (grant.User, grant.APIToken, error) {
	hash := auth.HashToken(plain)
	key := "t:" + hash
	if e, ok := s.auths.get(key, s.now()); ok {
		return e.user, e.token, nil
	}
	u, k, err := s.authenticateToken(ctx, plain, hash)
	if err == nil {
		s.auths.put(key, authEntry{user: u, token: k}, s.now())
	}
	return u, k, err
}

func (s *Service) authenticateToken(ctx context.Context, plain, hash string) (grant.User, grant.APIToken, error) {
	refused := func() (grant.User, grant.APIToken, error) {
		return grant.User{}, grant.APIToken{}, grant.Errorf(grant.EUNAUTHORIZED, "", "unknown or revoked API token", "okänd eller återkallad API-token")
	}
	if !strings.HasPrefix(plain, auth.APITokenPrefix) {
		return refused()
	}
	var u grant.User
	var k grant.APIToken
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		if k, err = tx.APITokenByHash(ctx, hash); err != nil {
			return err
		}
		u, err = tx.UserByID(ctx, k.UserID)
		return err
	})
	if grant.ErrorCode(err) == grant.ENOTFOUND {
		return refused()
	} else if err != nil {
		return grant.User{}, grant.APIToken{}, err
	}
	if k.RevokedAt != "" || u.Disabled {
		return refused()
	}
	now := s.now()
	if k.LastUsedAt != "" {
		used, err := grant.ParseTimestamp(k.LastUsedAt)
		if err != nil {
			return grant.User{}, grant.APIToken{}, err
		}
		if now.Sub(used) <= touchEvery {
			return u, k, nil
		}
	}
	// Not audited: it records use, not a change anyone made.
	stamp := grant.Timestamp(now)
	if err := s.store.Write(ctx, func(tx Tx) error { return tx.TouchAPIToken(ctx, k.ID, stamp) }); err != nil {
		return grant.User{}, grant.APIToken{}, fmt.Errorf("authenticate token: %w", err)
	}
	k.LastUsedAt = stamp
	return u, k, nil
}
