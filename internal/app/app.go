// Package app holds anslag's use cases. Each one runs in a single
// transaction: it checks the rules of package grant, writes the records,
// appends the money movements to the ledger and the change to the audit log,
// and commits all of it or nothing. It declares the storage it needs as
// small interfaces (store.go), which package store implements.
package app

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/refdata"
)

// Service runs the use cases. Build one with New and share it.
type Service struct {
	store Store
	reg   *refdata.Register
	now   func() time.Time

	passwords auth.Params
	idle      time.Duration // a session unused this long has ended
	lifetime  time.Duration // a session ends this long after login, however used
	auths     *authCache    // recent authentications
	// dummyHash is verified against when a login names no user, so that an
	// unknown e-mail costs the same time as a wrong password. Made on first
	// use, since hashing with the real parameters takes a fifth of a second.
	dummyHash func() (string, error)
}

// Config holds what a Service depends on.
type Config struct {
	Store    Store
	Register *refdata.Register
	// Now is the clock; nil means time.Now. Tests pass a fixed clock so that
	// "overdue" is reproducible.
	Now func() time.Time
	// Passwords are the argon2id parameters of new password hashes; the
	// zero value means auth.DefaultParams. Tests pass auth.TestParams.
	Passwords auth.Params
	// IdleTimeout ends a session unused this long; 0 means 30 minutes.
	IdleTimeout time.Duration
	// SessionLifetime ends a session this long after login; 0 means 12 hours.
	SessionLifetime time.Duration
	// AuthCacheTTL is how long a session or token, once checked, is
	// trusted without asking the database again; 0 means 2 seconds,
	// negative turns the cache off. Changes on this instance take effect at
	// once; other instances notice within it.
	AuthCacheTTL time.Duration
}

// New makes a Service.
func New(cfg Config) *Service {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	s := &Service{store: cfg.Store, reg: cfg.Register, now: now,
		passwords: cfg.Passwords, idle: cfg.IdleTimeout, lifetime: cfg.SessionLifetime}
	if s.passwords == (auth.Params{}) {
		s.passwords = auth.DefaultParams
	}
	if s.idle <= 0 {
		s.idle = 30 * time.Minute
	}
	if s.lifetime <= 0 {
		s.lifetime = 12 * time.Hour
	}
	switch {
	case cfg.AuthCacheTTL == 0:
		s.auths = newAuthCache(2 * time.Second)
	case cfg.AuthCacheTTL > 0:
		s.auths = newAuthCache(cfg.AuthCacheTTL)
	default:
		s.auths = newAuthCache(0)
	}
	s.dummyHash = sync.OnceValues(func() (string, error) {
		return auth.Hash("not a password anyone has: the user does not exist", s.passwords)
	})
	return s
}

// stamp is the current instant in the stored text form.
func (s *Service) stamp() string { return grant.Timestamp(s.now()) }

// audit appends one audit entry in the transaction; before and after are
// marshalled to JSON (nil for none).
func (s *Service) audit(ctx context.Context, tx Tx, action, entity string, id any, before, after any) error {
	a := ActorFrom(ctx)
	e := grant.AuditEntry{At: s.stamp(), Actor: a.User, ActingFor: a.ActingFor, Action: action, Entity: entity, EntityID: fmt.Sprint(id)}
	var err error
	if e.Before, err = jsonText(before); err != nil {
		return err
	}
	if e.After, err = jsonText(after); err != nil {
		return err
	}
	return tx.AppendAudit(ctx, e)
}

func jsonText(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit: %w", err)
	}
	return string(b), nil
}

// ledger appends money movements stamped with the actor and time.
func (s *Service) ledger(ctx context.Context, tx Tx, entries ...grant.LedgerEntry) error {
	a, at := ActorFrom(ctx), s.stamp()
	for i := range entries {
		entries[i].At, entries[i].Actor = at, a.User
	}
	return tx.AppendLedger(ctx, entries)
}
