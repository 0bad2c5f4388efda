package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/auth"
	"github.com/anslag/anslag/internal/oidc/oidctest"
	"github.com/anslag/anslag/internal/store"
	"github.com/anslag/anslag/internal/store/storetest"
)

// browser sends requests with a session cookie, as a browser would.
type browser struct {
	f      *accessFixture
	cookie string // the session token, "" for none
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	if b.cookie != "" {
		req.AddCookie(&http.Cookie{Name: auth.SessionCookie, Value: b.cookie})
	}
	rec := httptest.NewRecorder()
	b.f.srv.Handler().ServeHTTP(rec, req)
	resp := rec.Result()
	for _, c := range resp.Cookies() {
		if c.Name == auth.SessionCookie {
			b.cookie = c.Value
		}
	}
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *browser) login(email, pw string) (*http.Response, string) {
	return b.do(form("/login", url.Values{"email": {email}, "password": {pw}})(b.f))
}

// whoami is the e-mail the API says is logged in, or the status.
func (b *browser) whoami() string {
	resp, body := b.do(httptest.NewRequest(http.MethodGet, "/api/v1/session", nil))
	if resp.StatusCode != http.StatusOK {
		return resp.Status
	}
	var me struct{ Email string }
	json.Unmarshal([]byte(body), &me)
	return me.Email
}

// sessionCookie is the last session cookie an answer sets, as a browser
// applies them in order (an ended one is cleared before a new one is set).
func sessionCookie(resp *http.Response) *http.Cookie {
	var last *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == auth.SessionCookie {
			last = c
		}
	}
	return last
}

func TestSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newAccessFixture(t, db)
		email := f.emails[own]

		t.Run("login sets a fresh HttpOnly, SameSite=Lax cookie and ends the one before", func(t *testing.T) {
			b := &browser{f: f, cookie: "anslag_s_planted-by-someone-else"}
			resp, body := b.login(email, password)
			c := sessionCookie(resp)
			switch {
			case resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/":
				t.Fatalf("login: %d %s", resp.StatusCode, body)
			case c == nil || c.Value == "anslag_s_planted-by-someone-else" || !strings.HasPrefix(c.Value, auth.SessionPrefix):
				t.Fatalf("cookie %+v", c)
			case !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure:
				t.Errorf("cookie flags %+v (plain HTTP: not Secure)", c)
			}
			if got := b.whoami(); got != email {
				t.Errorf("after login: %s", got)
			}
			first := b.cookie
			b.login(email, password)
			if b.cookie == first {
				t.Fatal("a second login kept the session token")
			}
			old := &browser{f: f, cookie: first}
			if got := old.whoami(); got != "401 Unauthorized" {
				t.Errorf("the session replaced at login still works: %s", got)
			}
			if got := b.whoami(); got != email {
				t.Errorf("the new session: %s", got)
			}
		})

		t.Run("over TLS the cookie is Secure", func(t *testing.T) {
			req := form("/login", url.Values{"email": {email}, "password": {password}})(f)
			req.Header.Set("X-Forwarded-Proto", "https")
			resp, _ := (&browser{f: f}).do(req)
			if c := sessionCookie(resp); c == nil || !c.Secure {
				t.Errorf("cookie %+v", c)
			}
		})

		t.Run("a wrong password keeps the e-mail and says nothing about the account", func(t *testing.T) {
			b := &browser{f: f}
			resp, body := b.login(f.emails[auditor], "fel lösenord")
			resp2, body2 := b.login("ingen@example.se", "fel lösenord")
			if resp.StatusCode != 401 || resp2.StatusCode != 401 || !strings.Contains(body, "Fel e-postadress eller lösenord") ||
				!strings.Contains(body, `value="`+f.emails[auditor]+`"`) || !strings.Contains(body2, "Fel e-postadress eller lösenord") {
				t.Errorf("%d %d\n%s", resp.StatusCode, resp2.StatusCode, body)
			}
			if b.cookie != "" {
				t.Error("a failed login set a session")
			}
		})

		t.Run("logout ends the session on the server", func(t *testing.T) {
			b := &browser{f: f}
			b.login(email, password)
			token := b.cookie
			resp, _ := b.do(form("/logout", nil)(f))
			if c := sessionCookie(resp); resp.StatusCode != http.StatusSeeOther || c == nil || c.MaxAge >= 0 {
				t.Errorf("logout: %d %+v", resp.StatusCode, c)
			}
			kept := &browser{f: f, cookie: token} // a copy of the cookie kept after logout
			if got := kept.whoami(); got != "401 Unauthorized" {
				t.Errorf("after logout: %s", got)
			}
		})

		t.Run("a session ends after 30 idle minutes", func(t *testing.T) {
			b := &browser{f: f}
			b.login(email, password)
			f.clock = f.clock.Add(29 * time.Minute)
			if got := b.whoami(); got != email {
				t.Errorf("after 29 minutes: %s", got)
			}
			f.clock = f.clock.Add(31 * time.Minute)
			if got := b.whoami(); got != "401 Unauthorized" {
				t.Errorf("after 31 idle minutes: %s", got)
			}
		})

		t.Run("a request from another site is refused (CSRF)", func(t *testing.T) {
			b := &browser{f: f}
			b.login(email, password)
			before := auditCount(t, f)
			req := send("POST", "/api/v1/initiatives", initiative(), false)(f)
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			req.Header.Set("Origin", "https://evil.example")
			resp, body := b.do(req)
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "another site") {
				t.Errorf("cross-site POST: %d %s", resp.StatusCode, body)
			}
			req = form("/logout", nil)(f)
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			if resp, _ := b.do(req); resp.StatusCode != http.StatusForbidden {
				t.Errorf("cross-site logout: %d", resp.StatusCode)
			}
			if after := auditCount(t, f); after != before {
				t.Errorf("refused requests wrote %d audit entries", after-before)
			}
			req = send("POST", "/api/v1/initiatives", initiative(), false)(f)
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			if resp, body := b.do(req); resp.StatusCode != http.StatusCreated {
				t.Errorf("same-origin POST: %d %s", resp.StatusCode, body)
			}
		})

		t.Run("API tokens: shown once, work until revoked", func(t *testing.T) {
			b := &browser{f: f}
			b.login(email, password)
			_, body := b.do(send("POST", "/api/v1/tokens", map[string]string{"name": "export"}, false)(f))
			var k struct {
				ID     int64
				Secret string
			}
			json.Unmarshal([]byte(body), &k)
			script := func() *http.Response {
				req := httptest.NewRequest(http.MethodGet, "/api/v1/session", nil)
				req.Header.Set("Authorization", "Bearer "+k.Secret)
				rec := httptest.NewRecorder()
				f.srv.Handler().ServeHTTP(rec, req)
				return rec.Result()
			}
			if r := script(); k.Secret == "" || r.StatusCode != 200 {
				t.Fatalf("token %s: %d", body, r.StatusCode)
			}
			if _, list := b.do(httptest.NewRequest(http.MethodGet, "/api/v1/tokens", nil)); strings.Contains(list, k.Secret) {
				t.Error("the token list shows a secret")
			}
			if resp, body := b.do(send("DELETE", "/api/v1/tokens/"+strconv.FormatInt(k.ID, 10), nil, false)(f)); resp.StatusCode != 204 {
				t.Fatalf("revoke: %d %s", resp.StatusCode, body)
			}
			if r := script(); r.StatusCode != 401 || r.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("revoked token: %d", r.StatusCode)
			}
			req := httptest.NewRequest(http.MethodGet, "/api/v1/session", nil)
			req.Header.Set("Authorization", "Basic dXNlcjpwdw==")
			if resp, _ := (&browser{f: f}).do(req); resp.StatusCode != 401 {
				t.Errorf("a Basic header: %d", resp.StatusCode)
			}
		})

		t.Run("login throttling", func(t *testing.T) {
			b := &browser{f: f}
			for range 5 {
				b.login(f.emails[foreign], "fel lösenord")
			}
			resp, body := b.login(f.emails[foreign], password)
			if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "försök igen om 15 minuter") || b.cookie != "" {
				t.Errorf("sixth attempt: %d %s", resp.StatusCode, body)
			}
			f.clock = f.clock.Add(16 * time.Minute)
			if resp, _ := b.login(f.emails[foreign], password); resp.StatusCode != http.StatusSeeOther {
				t.Errorf("after the window: %d", resp.StatusCode)
			}
		})

		t.Run("single sign-on logs in the user the provider names, and no one else", func(t *testing.T) {
			b := &browser{f: f}
			resp, body := b.do(oidcCallback(f))
			if resp.StatusCode != http.StatusSeeOther || b.cookie == "" {
				t.Fatalf("callback: %d %s", resp.StatusCode, body)
			}
			if got := b.whoami(); got != email {
				t.Errorf("after single sign-on: %s", got)
			}
			f.sso.Set(oidctest.Options{Email: "okand@example.se"})
			defer f.sso.Set(oidctest.Options{Email: email})
			stranger := &browser{f: f}
			resp, body = stranger.do(oidcCallback(f))
			if resp.StatusCode != 401 || stranger.cookie != "" || !strings.Contains(body, "inte till något aktivt konto") {
				t.Errorf("unknown user: %d %s", resp.StatusCode, body)
			}
		})
	})
}

// auditCount is the number of entries in the audit log.
func auditCount(t *testing.T, f *accessFixture) int {
	t.Helper()
	_, n, err := f.svc.Audit(f.ctx, app.AuditFilter{Limit: 1, Count: true})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
