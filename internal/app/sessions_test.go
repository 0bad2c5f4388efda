package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
)

func TestLogin(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		u := f.addUser(t, "anna@region.se", grant.Role{Kind: grant.RoleAdmin})
		token, got, err := f.svc.Login(f.ctx, "Anna@Region.se", testPassword, "10.0.0.1")
		if err != nil || got.ID != u.ID || !strings.HasPrefix(token, "anslag_s_") {
			t.Fatalf("login: %q %+v %v", token, got, err)
		}
		who, sess, err := f.svc.Authenticate(f.ctx, token)
		if err != nil || who.ID != u.ID || len(who.Roles) != 1 || sess.UserID != u.ID {
			t.Fatalf("authenticate: %+v %+v %v", who, sess, err)
		}
		if want := grant.Timestamp(fixedNow.Add(12 * time.Hour)); sess.ExpiresAt != want {
			t.Errorf("expires %s, want %s", sess.ExpiresAt, want)
		}
		token2, _, err := f.svc.Login(f.ctx, "anna@region.se", testPassword, "10.0.0.1")
		if err != nil || token2 == token {
			t.Fatalf("second login reused the token or failed: %v", err)
		}
		_, sess2, _ := f.svc.Authenticate(f.ctx, token2)
		if sess2.ID == sess.ID {
			t.Fatal("second login reused the session id")
		}
		entries := f.auditClean(t, token, token2)
		if entries[0].Action != "login" || entries[0].Actor != "anna@region.se" {
			t.Fatalf("last audit %+v", entries[0])
		}
	})
}

func TestLoginFailuresLookAlike(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.addUser(t, "anna@region.se")
		f.addUser(t, "off@region.se")
		if err := f.svc.DisableUser(f.ctx, "off@region.se"); err != nil {
			t.Fatal(err)
		}
		var first *grant.Error
		for _, tc := range []struct{ name, email, password string }{
			{"wrong password", "anna@region.se", testPassword + "x"},
			{"unknown e-mail", "nobody@region.se", testPassword},
			{"disabled user", "off@region.se", testPassword},
			{"not an e-mail", "nonsense", testPassword},
			{"empty password", "anna@region.se", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				token, u, err := f.svc.Login(f.ctx, tc.email, tc.password, "10.0.0.2")
				var e *grant.Error
				if !errors.As(err, &e) || e.Code != grant.EUNAUTHORIZED || token != "" || u.ID != 0 {
					t.Fatalf("got %q %+v %v", token, u, err)
				}
				if e.Message != "Wrong e-mail or password" || e.Swedish != "Fel e-postadress eller lösenord" {
					t.Fatalf("message %q / %q", e.Message, e.Swedish)
				}
				if first == nil {
					first = e
				} else if *e != *first {
					t.Fatalf("%+v differs from %+v", *e, *first)
				}
			})
		}
	})
}

func TestLoginThrottle(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.addUser(t, "anna@region.se")
		for i := range 5 {
			if _, _, err := f.svc.Login(f.ctx, "anna@region.se", "wrong password!", "10.0.0.3"); code(err) != grant.EUNAUTHORIZED {
				t.Fatalf("failure %d: %v", i, err)
			}
			f.clock.advance(time.Minute)
		}
		// The failures were committed although each login failed: a new
		// service on the same database (another server) refuses too.
		other := app.New(app.Config{Store: f.db, Now: f.clock.now})
		_, _, err := other.Login(f.ctx, "anna@region.se", testPassword, "10.9.9.9")
		var e *grant.Error
		if !errors.As(err, &e) || e.Code != grant.ETHROTTLED || !strings.Contains(e.Message, "try again in 10 minutes") ||
			!strings.Contains(e.Swedish, "försök igen om 10 minuter") {
			t.Fatalf("right password after 5 failures: %v", err)
		}
		// Unknown e-mails are throttled alike.
		for range 5 {
			f.svc.Login(f.ctx, "ghost@region.se", "wrong password!", "")
		}
		if _, _, err := f.svc.Login(f.ctx, "ghost@region.se", "wrong password!", ""); code(err) != grant.ETHROTTLED {
			t.Fatalf("unknown e-mail not throttled: %v", err)
		}
		f.clock.advance(11 * time.Minute) // the first failure is now 16 minutes old
		if _, _, err := f.svc.Login(f.ctx, "anna@region.se", testPassword, "10.0.0.3"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// Success cleared the account's failures: four more do not throttle.
		for range 4 {
			f.svc.Login(f.ctx, "anna@region.se", "wrong password!", "10.0.0.3")
		}
		if _, _, err := f.svc.Login(f.ctx, "anna@region.se", testPassword, "10.0.0.3"); err != nil {
			t.Fatalf("failures not cleared by success: %v", err)
		}
		f.auditClean(t)
	})
}

func TestLoginThrottlePerIP(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.addUser(t, "anna@region.se")
		for i := range 50 { // 50 accounts, one guess each: no account limit is reached
			if _, _, err := f.svc.Login(f.ctx, "user"+string(rune('a'+i%26))+string(rune('a'+i/26))+"@region.se", "wrong password!", "10.6.6.6"); code(err) != grant.EUNAUTHORIZED {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		if _, _, err := f.svc.Login(f.ctx, "anna@region.se", testPassword, "10.6.6.6"); code(err) != grant.ETHROTTLED {
			t.Fatalf("51st login from the address: %v", err)
		}
		if _, _, err := f.svc.Login(f.ctx, "anna@region.se", testPassword, "10.0.0.7"); err != nil {
			t.Fatalf("another address: %v", err)
		}
	})
}

// login logs email in with the test password; it returns the session token.
func (f *fixture) login(t *testing.T, email string) string {
	t.Helper()
	token, _, err := f.svc.Login(f.ctx, email, testPassword, "")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// authErr is what authenticating a session token says.
func (f *fixture) authErr(token string) error {
	_, _, err := f.svc.Authenticate(f.ctx, token)
	return err
}

func TestSessionExpiry(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.addUser(t, "anna@region.se")
		login := func() string { return f.login(t, "anna@region.se") }

		// Idle: 29 minutes apart keep it alive (each use moves last seen on)...
		token := login()
		for range 4 {
			f.clock.advance(29 * time.Minute)
			if err := f.authErr(token); err != nil {
				t.Fatalf("active session ended: %v", err)
			}
		}
		// ...31 minutes of silence end it.
		f.clock.advance(31 * time.Minute)
		if err := f.authErr(token); code(err) != grant.EUNAUTHORIZED {
			t.Fatalf("idle session: %v", err)
		}

		// Absolute: 12 hours end even a busy session.
		token = login()
		end := f.clock.now().Add(12 * time.Hour)
		for f.clock.now().Add(20 * time.Minute).Before(end) {
			f.clock.advance(20 * time.Minute)
			if err := f.authErr(token); err != nil {
				t.Fatalf("busy session ended early at %s: %v", f.clock.now(), err)
			}
		}
		f.clock.advance(end.Sub(f.clock.now()))
		if err := f.authErr(token); code(err) != grant.EUNAUTHORIZED {
			t.Fatalf("session past its lifetime: %v", err)
		}

		// LastSeenAt is written only when over a minute old.
		token = login()
		_, s1, _ := f.svc.Authenticate(f.ctx, token)
		f.clock.advance(30 * time.Second)
		_, s2, _ := f.svc.Authenticate(f.ctx, token)
		f.clock.advance(31 * time.Second)
		_, s3, _ := f.svc.Authenticate(f.ctx, token)
		if s2.LastSeenAt != s1.LastSeenAt || s3.LastSeenAt == s1.LastSeenAt {
			t.Fatalf("last seen %s, %s, %s", s1.LastSeenAt, s2.LastSeenAt, s3.LastSeenAt)
		}
		for _, bad := range []string{"", "anslag_s_", "anslag_s_forged", "anslag_t_" + token[9:], token + "x"} {
			if err := f.authErr(bad); code(err) != grant.EUNAUTHORIZED {
				t.Errorf("token %q: %v", bad, err)
			}
		}
	})
}

func TestSessionsEnd(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.addUser(t, "anna@region.se")
		login := func() string { return f.login(t, "anna@region.se") }

		token := login()
		if err := f.svc.Logout(f.ctx, token); err != nil {
			t.Fatal(err)
		}
		if err := f.authErr(token); code(err) != grant.EUNAUTHORIZED {
			t.Fatalf("after logout: %v", err)
		}
		if err := f.svc.Logout(f.ctx, token); err != nil {
			t.Fatalf("second logout: %v", err)
		}

		a, b := login(), login()
		if err := f.svc.SetPassword(f.ctx, "anna@region.se", "a brand new password"); err != nil {
			t.Fatal(err)
		}
		if f.authErr(a) == nil || f.authErr(b) == nil {
			t.Fatal("set-password left a session alive")
		}
		if _, _, err := f.svc.Login(f.ctx, "anna@region.se", testPassword, ""); code(err) != grant.EUNAUTHORIZED {
			t.Fatalf("old password: %v", err)
		}
		token, _, err := f.svc.Login(f.ctx, "anna@region.se", "a brand new password", "")
		if err != nil {
			t.Fatalf("new password: %v", err)
		}
		if err := f.svc.SetPassword(f.ctx, "anna@region.se", "short"); code(err) != grant.EINVALID {
			t.Fatalf("short password: %v", err)
		}

		if err := f.svc.DisableUser(f.ctx, "anna@region.se"); err != nil {
			t.Fatal(err)
		}
		if err := f.authErr(token); code(err) != grant.EUNAUTHORIZED {
			t.Fatalf("disabled user's session: %v", err)
		}
		u, _ := f.svc.UserByEmail(f.ctx, "anna@region.se")
		if !u.Disabled {
			t.Fatal("not disabled")
		}
		entries := f.auditClean(t, token, a, b, "a brand new password", testPassword)
		actions := map[string]bool{}
		for _, e := range entries {
			actions[e.Entity+"/"+e.Action] = true
		}
		for _, want := range []string{"user/create", "session/login", "session/logout", "user/set_password", "user/disable", "user/login_failed"} {
			if !actions[want] {
				t.Errorf("no audit entry %s in %v", want, actions)
			}
		}
	})
}

func TestAPITokens(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		u := f.addUser(t, "robot@region.se", grant.Role{Kind: grant.RoleAuditor})
		plain, k, err := f.svc.CreateToken(f.ctx, "robot@region.se", "nightly export")
		if err != nil || !strings.HasPrefix(plain, "anslag_t_") || k.Prefix != plain[:12] || k.UserID != u.ID || k.ID == 0 {
			t.Fatalf("create: %q %+v %v", plain, k, err)
		}
		if _, _, err := f.svc.CreateToken(f.ctx, "robot@region.se", " "); code(err) != grant.EINVALID {
			t.Fatalf("no name: %v", err)
		}
		who, got, err := f.svc.AuthenticateToken(f.ctx, plain)
		if err != nil || who.ID != u.ID || got.ID != k.ID || got.LastUsedAt != grant.Timestamp(fixedNow) {
			t.Fatalf("authenticate: %+v %+v %v", who, got, err)
		}
		if _, _, err := f.svc.Authenticate(f.ctx, plain); code(err) != grant.EUNAUTHORIZED {
			t.Fatalf("API token accepted as a session: %v", err)
		}
		list, err := f.svc.Tokens(f.ctx, "robot@region.se")
		if err != nil || len(list) != 1 || list[0].LastUsedAt == "" {
			t.Fatalf("tokens: %+v %v", list, err)
		}
		if err := f.svc.RevokeToken(f.ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RevokeToken(f.ctx, k.ID); err != nil {
			t.Fatalf("second revoke: %v", err)
		}
		if err := f.svc.RevokeToken(f.ctx, 9999); code(err) != grant.ENOTFOUND {
			t.Fatalf("unknown id: %v", err)
		}
		if _, _, err := f.svc.AuthenticateToken(f.ctx, plain); code(err) != grant.EUNAUTHORIZED {
			t.Fatalf("revoked token: %v", err)
		}
		plain2, _, err := f.svc.CreateToken(f.ctx, "robot@region.se", "second")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.DisableUser(f.ctx, "robot@region.se"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.AuthenticateToken(f.ctx, plain2); code(err) != grant.EUNAUTHORIZED {
			t.Fatalf("disabled user's token: %v", err)
		}
		if _, _, err := f.svc.AuthenticateToken(f.ctx, "anslag_t_unknown"); code(err) != grant.EUNAUTHORIZED {
			t.Fatalf("unknown token: %v", err)
		}
		entries := f.auditClean(t, plain, plain2)
		if entries[len(entries)-1].Entity == "" {
			t.Fatal("empty audit")
		}
	})
}
