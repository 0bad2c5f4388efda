package app

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/grant"
)

// Login throttling: more failures than these within the window refuse
// every login for the key, right password or not, until the oldest
// failure leaves the window. Per account they stop guessing one password;
// per address they slow guessing many accounts' passwords.
const (
	throttleWindow     = 15 * time.Minute
	maxAccountFailures = 5
	maxIPFailures      = 50
	// touchEvery bounds how often a session or token records its use, so
	// that most authenticated reads write nothing.
	touchEvery = time.Minute
)

// wrongLogin is the one error of every failed login, whatever the reason,
// so that a caller learns nothing about which e-mails have accounts.
func wrongLogin() error {
	return grant.Errorf(grant.EUNAUTHORIZED, "", "Wrong e-mail or password", "Fel e-postadress eller lösenord")
}

func sessionEnded() error {
	return grant.Errorf(grant.EUNAUTHORIZED, "", "Not logged in, or the session has ended; log in again",
		"Inte inloggad, eller så har sessionen upphört; logga in igen")
}

// Login checks an e-mail and password and starts a new session, returning
// its token, which only the caller ever sees. ip is the client's address
// ("" when there is none, as from the CLI: no per-address limit then).
//
// The password is verified outside any transaction, since argon2id takes
// a fifth of a second and SQLite has one writer. A failure is recorded in
// a transaction of its own, committed although the login fails.
func (s *Service) Login(ctx context.Context, email, password, ip string) (string, grant.User, error) {
	norm, err := grant.NormaliseEmail(email)
	if err != nil { // not an address: throttled and refused exactly like an unknown one
		norm = strings.ToLower(strings.TrimSpace(email))
		if len(norm) > 254 {
			norm = strings.ToValidUTF8(norm[:254], "")
		}
	}
	keys := []string{"account:" + norm}
	if ip != "" {
		keys = append(keys, "ip:"+ip)
	}
	now := s.now()
	var u grant.User
	var hash string
	err = s.store.Read(ctx, func(tx Tx) error {
		if err := s.throttled(ctx, tx, now, keys); err != nil {
			return err
		}
		var err error
		if u, err = tx.UserByEmail(ctx, norm); grant.ErrorCode(err) == grant.ENOTFOUND {
			u = grant.User{}
			return nil
		} else if err != nil {
			return err
		}
		hash, err = tx.PasswordHash(ctx, u.ID)
		return err
	})
	if err != nil {
		return "", grant.User{}, err
	}
	if u.ID == 0 {
		if hash, err = s.dummyHash(); err != nil {
			return "", grant.User{}, fmt.Errorf("login: %w", err)
		}
	}
	// A password over the limit is verified as "" for the same cost, so
	// that no one makes the server hash megabytes.
	tooLong := len(password) > 4*grant.MaxPasswordLen
	if tooLong {
		password = ""
	}
	ok, err := auth.Verify(hash, password)
	if err != nil {
		return "", grant.User{}, fmt.Errorf("login: stored password hash of user %d: %w", u.ID, err)
	}
	if !ok || tooLong || u.ID == 0 || u.Disabled {
		if err := s.loginFailed(ctx, norm, ip, keys); err != nil {
			return "", grant.User{}, err
		}
		return "", grant.User{}, wrongLogin()
	}
	return s.startSession(ctx, u, "password")
}

// throttled refuses a login when any key has too many recent failures,
// saying how long to wait.
func (s *Service) throttled(ctx context.Context, tx Tx, now time.Time, keys []string) error {
	since := grant.Timestamp(now.Add(-throttleWindow))
	var wait time.Duration
	for _, key := range keys {
		n, earliest, err := tx.LoginFailures(ctx, key, since)
		if err != nil {
			return err
		}
		limit := maxAccountFailures
		if strings.HasPrefix(key, "ip:") {
			limit = maxIPFailures
		}
		if n < limit {
			continue
		}
		at, err := grant.ParseTimestamp(earliest)
		if err != nil {
			return err
		}
		wait = max(wait, at.Add(throttleWindow).Sub(now))
	}
	if wait <= 0 {
		return nil
	}
	minutes := max(1, int(math.Ceil(wait.Minutes())))
	return grant.Errorf(grant.ETHROTTLED, "", "Too many failed logins; try again in %d minutes",
		"För många misslyckade inloggningar; försök igen om %d minuter", minutes)
}

// LoginVerified starts a session for a user whose identity an outside
// provider (OpenID Connect) has proved, naming them by e-mail. There is no
// password to guess, so no throttling; an e-mail without an enabled
// account is refused, since accounts and roles are given in anslag only.
func (s *Service) LoginVerified(ctx context.Context, email, provider string) (string, grant.User, error) {
	norm, err := grant.NormaliseEmail(email)
	if err != nil {
		return "", grant.User{}, noAccount()
	}
	var u grant.User
	err = s.store.Read(ctx, func(tx Tx) error {
		u, err = tx.UserByEmail(ctx, norm)
		return err
	})
	if grant.ErrorCode(err) == grant.ENOTFOUND || (err == nil && u.Disabled) {
		return "", grant.User{}, noAccount()
	} else if err != nil {
		return "", grant.User{}, err
	}
	token, u, err := s.startSession(ctx, u, provider)
	if grant.ErrorCode(err) == grant.EUNAUTHORIZED {
		err = noAccount()
	}
	return token, u, err
}

func noAccount() error {
	return grant.Errorf(grant.EUNAUTHORIZED, "", "Your login was confirmed, but it belongs to no active anslag account; ask an administrator",
		"Din inloggning bekräftades men hör inte till något aktivt konto i anslag; kontakta en administratör")
}

// loginFailed records a failure under each key and drops failures too old
// to count, in its own committed transaction.
func (s *Service) loginFailed(ctx context.Context, email, ip string, keys []string) error {
	err := s.store.Write(ctx, func(tx Tx) error {
		at := s.stamp()
		for _, key := range keys {
			if err := tx.InsertLoginFailure(ctx, key, at); err != nil {
				return err
			}
		}
		if err := tx.PruneLoginFailures(ctx, grant.Timestamp(s.now().Add(-throttleWindow))); err != nil {
			return err
		}
		return s.audit(WithActor(ctx, Actor{User: email}), tx, "login_failed", "user", email, nil, map[string]string{"ip": ip})
	})
	if err != nil {
		return fmt.Errorf("login: %w", err)
	}
	return nil
}

// startSession clears the account's failures and stores a new session.
// Every login makes a fresh token and id, so a session id planted before
// login (session fixation) is never adopted.
func (s *Service) startSession(ctx context.Context, u grant.User, method string) (string, grant.User, error) {
	plain, hash, err := auth.NewToken(auth.SessionPrefix)
	if err != nil {
		return "", grant.User{}, fmt.Errorf("login: %w", err)
	}
	err = s.store.Write(ctx, func(tx Tx) error {
		// The user may have been disabled while the password was verified.
		if u, err = tx.UserByID(ctx, u.ID); err != nil {
			return err
		}
		if u.Disabled {
			return wrongLogin()
		}
		if err := tx.ClearLoginFailures(ctx, "account:"+u.Email); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.DeleteExpiredSessions(ctx, grant.Timestamp(now)); err != nil {
			return err
		}
		sess := grant.Session{UserID: u.ID, CreatedAt: grant.Timestamp(now), LastSeenAt: grant.Timestamp(now),
			ExpiresAt: grant.Timestamp(now.Add(s.lifetime))}
		if err := tx.InsertSession(ctx, &sess, hash); err != nil {
			return err
		}
		return s.audit(WithActor(ctx, Actor{User: u.Email}), tx, "login", "session", sess.ID, nil,
			struct {
				grant.Session
				Method string `json:"method"`
			}{sess, method})
	})
	if err != nil {
		return "", grant.User{}, err
	}
	return plain, u, nil
}

// Authenticate finds the user of a session token. A session has ended when
// it is unknown, past its absolute expiry, idle longer than the idle
// timeout, or its user is disabled; all give the same EUNAUTHORIZED.
func (s *Service) Authenticate(ctx context.Context, sessionToken string) (grant.User, grant.Session, error) {
	hash := auth.HashToken(sessionToken)
	key := "s:" + hash
	if e, ok := s.auths.get(key, s.now()); ok {
		return e.user, e.session, nil
	}
	u, sess, err := s.authenticate(ctx, sessionToken, hash)
	if err == nil {
		s.auths.put(key, authEntry{user: u, session: sess}, s.now())
	}
	return u, sess, err
}

func (s *Service) authenticate(ctx context.Context, sessionToken, hash string) (grant.User, grant.Session, error) {
	if !strings.HasPrefix(sessionToken, auth.SessionPrefix) {
		return grant.User{}, grant.Session{}, sessionEnded()
	}
	var u grant.User
	var sess grant.Session
	err := s.store.Read(ctx, func(tx Tx) error {
		var err error
		if sess, err = tx.SessionByHash(ctx, hash); err != nil {
			return err
		}
		u, err = tx.UserByID(ctx, sess.UserID)
		return err
	})
	if grant.ErrorCode(err) == grant.ENOTFOUND {
		return grant.User{}, grant.Session{}, sessionEnded()
	} else if err != nil {
		return grant.User{}, grant.Session{}, err
	}
	now := s.now()
	expires, err := grant.ParseTimestamp(sess.ExpiresAt)
	if err != nil {
		return grant.User{}, grant.Session{}, err
	}
	seen, err := grant.ParseTimestamp(sess.LastSeenAt)
	if err != nil {
		return grant.User{}, grant.Session{}, err
	}
	if !now.Before(expires) || now.Sub(seen) > s.idle || u.Disabled {
		return grant.User{}, grant.Session{}, sessionEnded()
	}
	if now.Sub(seen) > touchEvery {
		// Not audited: it records use, not a change anyone made.
		stamp := grant.Timestamp(now)
		if err := s.store.Write(ctx, func(tx Tx) error { return tx.TouchSession(ctx, sess.ID, stamp) }); err != nil {
			return grant.User{}, grant.Session{}, fmt.Errorf("authenticate: %w", err)
		}
		sess.LastSeenAt = stamp
	}
	return u, sess, nil
}

// Logout ends a session. Ending one that has already ended is no error,
// so that a repeated click or an expired cookie logs out quietly.
func (s *Service) Logout(ctx context.Context, sessionToken string) error {
	defer s.auths.forget()
	return s.store.Write(ctx, func(tx Tx) error {
		sess, deleted, err := tx.DeleteSession(ctx, auth.HashToken(sessionToken))
		if err != nil || !deleted {
			return err
		}
		u, err := tx.UserByID(ctx, sess.UserID)
		if err != nil {
			return err
		}
		return s.audit(WithActor(ctx, Actor{User: u.Email}), tx, "logout", "session", sess.ID, sess, nil)
	})
}
